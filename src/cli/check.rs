//! `recall check PATH... [--sources DIR] [--format F] [--warnings-as-errors]`.

use std::io::Write;

use super::{CheckArgs, Format, decks};
use crate::check::{self, DeckInput, report};
use crate::diagnostic::Severity;
use crate::error::{Error, Status};

#[derive(Debug)]
pub struct Config {
    decks: Vec<std::path::PathBuf>,
    sources: decks::SourceDirs,
    format: Format,
    warnings_as_errors: bool,
}

impl Config {
    pub(super) fn new(args: CheckArgs) -> Result<Config, Error> {
        Ok(Config {
            decks: decks::find(&args.paths)?,
            sources: decks::SourceDirs::new(args.sources.sources),
            format: args.format,
            warnings_as_errors: args.warnings_as_errors,
        })
    }
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let mut inputs = Vec::new();
    for path in &config.decks {
        let file = decks::read(path)?;
        let loaded = crate::deck::load(file.clone());
        let source = loaded
            .as_ref()
            .ok()
            .map(|l| decks::resolve_source(l, &config.sources));
        inputs.push(DeckInput {
            file,
            loaded,
            source,
        });
    }
    let result = check::check(inputs);
    let reporter: Box<dyn report::Reporter> = match config.format {
        Format::Human => Box::new(report::Human {
            color: super::use_color(&std::io::stdout()),
        }),
        Format::Json => Box::new(report::Json),
        Format::Github | Format::Junit => {
            return Err(Error::Usage(
                "this output format is not available yet".into(),
            ));
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    reporter
        .write(&result, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    let errors = result.count(Severity::Error);
    let warnings = result.count(Severity::Warning);
    Ok(
        if errors > 0 || (config.warnings_as_errors && warnings > 0) {
            Status::Findings
        } else {
            Status::Clean
        },
    )
}
