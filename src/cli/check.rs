//! `recall check PATH... [--sources DIR] [--format F] [--warnings-as-errors] [--db PATH]`.
//!
//! Reads the decks, their sources and (with `--db`) the review history; [`crate::check`]
//! does the rest without touching the disk.

use std::io::Write;
use std::path::PathBuf;

use super::{CheckArgs, Format, decks};
use crate::check::{self, DeckInput, report};
use crate::diagnostic::Severity;
use crate::error::{Error, Status};
use crate::store::Store;

#[derive(Debug)]
pub struct Config {
    decks: Vec<PathBuf>,
    sources: decks::SourceDirs,
    format: Format,
    warnings_as_errors: bool,
    db: Option<PathBuf>,
}

impl Config {
    pub(super) fn new(args: CheckArgs) -> Result<Config, Error> {
        Ok(Config {
            decks: decks::find(&args.paths)?,
            sources: decks::SourceDirs::new(args.sources.sources)?,
            format: args.format,
            warnings_as_errors: args.warnings_as_errors,
            db: args.db,
        })
    }
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let store = config
        .db
        .as_deref()
        .map(Store::open_read_only)
        .transpose()?;
    let mut inputs = Vec::new();
    for path in &config.decks {
        let file = decks::read(path)?;
        let loaded = crate::deck::load(file.clone());
        let source = loaded
            .as_ref()
            .ok()
            .map(|l| decks::resolve_source(l, &config.sources));
        let history = match (&store, &loaded) {
            (Some(store), Ok(l)) => Some(store.question_ids_with_history(Some(&l.deck.id))?),
            _ => None,
        };
        let mut input = DeckInput::new(file, loaded, source);
        input.history = history;
        inputs.push(input);
    }
    let mut result = check::check(inputs);
    if config.warnings_as_errors {
        result.promote_warnings();
    }
    let reporter: Box<dyn report::Reporter> = match config.format {
        Format::Human => Box::new(report::Human {
            color: super::use_color(&std::io::stdout()),
        }),
        Format::Json => Box::new(report::Json),
        Format::Github => Box::new(report::Github),
        Format::Junit => Box::new(report::Junit),
    };
    let status = if result.count(Severity::Error) > 0 {
        Status::Findings
    } else {
        Status::Clean
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match reporter.write(&result, &mut out).and_then(|()| out.flush()) {
        // The reader went away (`recall check decks/ | head`): the findings are still there,
        // and a CI step with `pipefail` must still fail on them.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(Error::io("<stdout>", e)),
        Ok(()) => Ok(status),
    }
}
