//! `recall optimize [--deck ID] [--db PATH]`: fits FSRS parameters to the learner's own
//! review log and keeps them when they predict recall better.

use std::path::PathBuf;

use jiff::Timestamp;

use crate::error::{Error, Status};
use crate::schedule::{DayClock, dataset, metrics};
use crate::store::{self, Store};

/// Optimising needs at least this many day-spaced reviews.
pub const MIN_REVIEWS: usize = 400;

/// Arguments of `recall optimize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fit parameters for one deck only (default: all decks together).
    #[arg(long, value_name = "ID")]
    deck: Option<String>,
    /// The state file (default: `RECALL_DB`, else the XDG data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Config {
    deck: Option<String>,
    db: PathBuf,
    clock: DayClock,
}

impl Config {
    pub(super) fn new(args: Args) -> Result<Config, Error> {
        Ok(Config {
            deck: args.deck,
            db: store::resolve_path(args.db)?,
            clock: super::stats::clock()?,
        })
    }
}

/// What an optimisation found.
#[derive(Debug)]
pub struct Outcome {
    pub reviews: usize,
    pub answers: usize,
    pub before: metrics::Metrics,
    pub after: metrics::Metrics,
    pub params: Vec<f32>,
    /// Whether the new parameters were better and were stored.
    pub saved: bool,
}

/// Fits parameters on the log of `deck` (all decks: `None`), compares current and fitted ones
/// on a 5-fold time-series split, and stores the fitted ones when their log loss is lower.
pub fn optimize(
    store: &mut Store,
    deck: Option<&str>,
    clock: &DayClock,
    now: Timestamp,
) -> Result<Outcome, Error> {
    let log = store.log(deck)?;
    let answers: Vec<_> = log
        .iter()
        .filter_map(|e| e.rating.map(|r| (e.question.as_str(), e.at, r)))
        .collect();
    let count = answers.len();
    let data = dataset::fsrs_items(answers, clock);
    if data.items.len() < MIN_REVIEWS {
        return Err(Error::Usage(format!(
            "not enough reviews to optimize: {} of the {count} answers{} come a day or more after the previous one; at least {MIN_REVIEWS} are needed",
            data.items.len(),
            deck.map(|d| format!(" in deck `{d}`")).unwrap_or_default()
        )));
    }
    let current = store
        .params(deck)?
        .unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let before = metrics::cross_validate(&data.items, 5, |_| metrics::fsrs_predictor(&current))?;
    let after = metrics::cross_validate(&data.items, 5, |train| {
        metrics::fsrs_predictor(&metrics::fit(train)?)
    })?;
    let params = metrics::fit(&data.items)?;
    let saved = after.log_loss < before.log_loss;
    if saved {
        store.set_params(deck, &params, data.items.len(), now)?;
    }
    Ok(Outcome {
        reviews: data.items.len(),
        answers: count,
        before,
        after,
        params,
        saved,
    })
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let mut store = Store::open_existing(&config.db)?;
    let deck = config.deck.as_deref();
    if let Some(id) = deck {
        let known = store.deck_ids()?;
        if !known.iter().any(|k| k == id) {
            return Err(super::stats::unknown_deck(id, &config.db, &known));
        }
    }
    let outcome = optimize(&mut store, deck, &config.clock, Timestamp::now())?;
    let scope = match deck {
        Some(d) => format!("deck `{d}`"),
        None => "all decks".into(),
    };
    println!(
        "fitted FSRS-6 parameters for {scope} on {} reviews a day or more apart (of {} answers)",
        outcome.reviews, outcome.answers
    );
    println!("5-fold time-series split:   log loss   RMSE(bins)");
    println!(
        "  current parameters        {:>8.4}   {:>10.4}",
        outcome.before.log_loss, outcome.before.rmse_bins
    );
    println!(
        "  optimized parameters      {:>8.4}   {:>10.4}",
        outcome.after.log_loss, outcome.after.rmse_bins
    );
    if outcome.saved {
        let list: Vec<String> = outcome.params.iter().map(|p| format!("{p:.4}")).collect();
        println!("saved: [{}]", list.join(", "));
    } else {
        println!("kept the current parameters: the optimized ones predict no better");
    }
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Rating;

    #[test]
    fn refuses_a_small_log_saying_how_small() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("recall.db")).unwrap();
        let t: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        let answers: Vec<_> = (0..30)
            .map(|i| {
                (
                    format!("q{}", i % 10),
                    t + jiff::SignedDuration::from_hours(i * 30),
                    Rating::Good,
                    0,
                )
            })
            .collect();
        store
            .import("d", &answers, &crate::schedule::Scheduler::with_defaults())
            .unwrap();
        let err = optimize(&mut store, Some("d"), &DayClock::default(), t).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not enough reviews to optimize: 20 of the 30 answers in deck `d` come a day or more after the previous one; at least 400 are needed"
        );
    }
}
