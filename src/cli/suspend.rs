//! `recall suspend ID...` and `recall unsuspend ID...`: take questions out of (or back into)
//! the schedule by id, e.g. a leech, or one suspended by mistake in a session. Each change is
//! logged as a manual review-log row, like a suspend from a session.

use std::path::PathBuf;

use jiff::Timestamp;

use crate::error::{Error, Status};
use crate::store::{self, Store};

/// Arguments of `recall suspend` and `recall unsuspend`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question ids, as `recall cards` and `recall study --json` show them.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// The state file (default: `RECALL_DB`, else the XDG data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Log the change at this time (RFC 3339, e.g. `2024-05-01T09:00:00Z`) instead of now, as
    /// `study --now` does its answers.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
}

#[derive(Debug)]
pub struct Config {
    ids: Vec<String>,
    db: PathBuf,
    suspend: bool,
    now: Timestamp,
}

impl Config {
    pub(super) fn new(args: Args, suspend: bool) -> Result<Config, Error> {
        Ok(Config {
            ids: args.ids,
            db: store::resolve_path(args.db)?,
            suspend,
            now: super::stats::parse_now(args.now.as_deref())?,
        })
    }
}

/// Exit 1 when an id is not in the state file (the others are still changed).
pub fn run(config: &Config) -> Result<Status, Error> {
    let mut store = Store::open_existing(&config.db)?;
    let verb = if config.suspend {
        "suspended"
    } else {
        "unsuspended"
    };
    let mut status = Status::Clean;
    let mut done: Vec<&String> = Vec::new();
    for id in &config.ids {
        if done.contains(&id) {
            continue;
        }
        done.push(id);
        let shown = crate::terminal::sanitize(id);
        match store.set_suspended(id, config.suspend, config.now)? {
            Some(true) => println!("{verb}: {shown}"),
            Some(false) if config.suspend => println!("already suspended: {shown}"),
            Some(false) => println!("not suspended: {shown}"),
            None => {
                eprintln!("no question `{shown}` in {}", config.db.display());
                status = Status::Findings;
            }
        }
    }
    Ok(status)
}
