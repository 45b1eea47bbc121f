//! `recall import-revlog FILE.csv [--deck ID] [--db PATH]`: imports an Anki review-log
//! export (`card_id,review_rating,review_time,review_duration`) as history, all or nothing;
//! a row that repeats an earlier one (same card, time and rating) is skipped, and said so.

use std::path::PathBuf;

use crate::deck::Settings;
use crate::error::{Error, Status};
use crate::schedule::{Scheduler, dataset};
use crate::store::{self, Store};

/// Arguments of `recall import-revlog`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The deck the imported questions belong to; they are named `anki:<card_id>`.
    #[arg(long, value_name = "ID", default_value = "anki-import")]
    deck: String,
    /// The state file (default: `RECALL_DB`, else the XDG data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Config {
    file: PathBuf,
    deck: String,
    db: PathBuf,
}

impl Config {
    pub(super) fn new(args: Args) -> Result<Config, Error> {
        if !crate::deck::load::id_is_valid(&args.deck) {
            return Err(Error::Usage(format!(
                "--deck `{}` is not a deck id: ids use lowercase letters, digits, `-`, `_` and \
                 `.`, e.g. `anki-import`",
                args.deck
            )));
        }
        Ok(Config {
            file: args.file,
            deck: args.deck,
            db: store::resolve_path(args.db)?,
        })
    }
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let bytes = std::fs::read(&config.file).map_err(|e| Error::io(&config.file, e))?;
    let name = crate::diagnostic::display_path(&config.file);
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let (rows, repeated) = dataset::without_duplicates(dataset::parse_anki_csv(&name, &text)?);
    if rows.is_empty() {
        return Err(Error::Usage(format!("{name}: no reviews to import")));
    }
    if let Some(row) = rows.iter().find(|r| !store::schedulable(r.at)) {
        return Err(Error::Usage(format!(
            "{name}:{}: review_time {} is not {}; nothing was imported",
            row.line,
            row.at,
            store::VALID_TIMES
        )));
    }
    let mut store = Store::open(&config.db)?;
    // Anki's cards in a deck studied from a file would be counted as questions that deck no
    // longer has (QA).
    if let Some((_, path)) = (store.known_decks()?.into_iter()).find(|(id, _)| *id == config.deck) {
        return Err(Error::Usage(format!(
            "deck `{}` is studied from {} with {}: Anki's reviews would mix with its questions; \
             import them into a deck id of their own with --deck (by default `anki-import`)",
            config.deck,
            crate::diagnostic::display_path(&path),
            crate::diagnostic::display_path(store.path())
        )));
    }
    let params = store.params(Some(&config.deck))?;
    let scheduler = Scheduler::new(
        &Settings::default(),
        params.as_deref(),
        super::stats::clock()?,
    )?;
    let answers: Vec<_> = rows
        .iter()
        .map(|r| (format!("anki:{}", r.card_id), r.at, r.rating, r.duration_ms))
        .collect();
    let questions: std::collections::HashSet<&str> = answers.iter().map(|a| a.0.as_str()).collect();
    let count = store.import(&config.deck, &answers, &scheduler)?;
    println!(
        "imported {count} {} of {} {} into deck `{}` ({})",
        crate::check::report::plural(count, "review"),
        questions.len(),
        crate::check::report::plural(questions.len(), "question"),
        config.deck,
        crate::diagnostic::display_path(store.path())
    );
    if !repeated.is_empty() {
        let mut lines: Vec<String> = (repeated.iter().take(10))
            .map(|(line, earlier)| format!("line {line} repeats line {earlier}"))
            .collect();
        if repeated.len() > 10 {
            lines.push(format!("and {} more", repeated.len() - 10));
        }
        println!(
            "skipped {} {} (the same card, time and rating as an earlier row): {}",
            repeated.len(),
            crate::check::report::plural(repeated.len(), "duplicate row"),
            lines.join(", ")
        );
    }
    Ok(Status::Clean)
}
