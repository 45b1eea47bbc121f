//! Scheduling: FSRS-6 memory states (through the `fsrs` crate) plus what an app adds around the
//! model — learning steps, fuzz, maximum interval, burying and leeches. Pure: `now` is passed in.

use serde::{Deserialize, Serialize};

/// The four answer buttons of FSRS / Anki.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// The lowercase name used in JSON output and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}
