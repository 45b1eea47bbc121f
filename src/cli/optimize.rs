//! `recall optimize [--deck ID] [--db PATH]`: fits FSRS parameters to the learner's own
//! review log and keeps them when they predict recall better.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::Timestamp;

use crate::deck::Settings;
use crate::error::{Error, Status};
use crate::schedule::{DayClock, Rating, ReviewKind, Scheduler, dataset, metrics};
use crate::store::{self, LogEntry, Store};

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
    /// Current and fitted parameters on a time-series split (each fold fitted on its past).
    pub before: metrics::Metrics,
    pub after: metrics::Metrics,
    /// Current and fitted parameters over the whole log: what decides.
    pub whole_before: metrics::Metrics,
    pub whole_after: metrics::Metrics,
    pub params: Vec<f32>,
    /// Whether the new parameters were better and were stored.
    pub saved: bool,
    /// Questions whose memory was computed anew with them ([`Store::recompute_memories`]).
    pub recomputed: usize,
}

/// The answers of `log` (in time order) that the schedule followed, as (question, its
/// answer's generation, time, rating): not a quiz's `cram` answers, which never changed the
/// schedule, nor manual changes. A question whose answer changed is learnt again from the start:
/// its answers before and after are two memories, told apart by the generation (the number of
/// changes before the answer).
fn scheduled_answers(log: &[LogEntry]) -> Vec<((&str, u32), Timestamp, Rating)> {
    let mut changes: HashMap<&str, u32> = HashMap::new();
    let mut answers = Vec::new();
    for entry in log {
        let question = entry.question.as_str();
        match (entry.kind, entry.rating) {
            (ReviewKind::Manual, _) if entry.note.as_deref() == Some("answer-changed") => {
                *changes.entry(question).or_default() += 1;
            }
            (ReviewKind::Cram | ReviewKind::Manual, _) | (_, None) => {}
            (_, Some(rating)) => {
                let generation = changes.get(question).copied().unwrap_or(0);
                answers.push(((question, generation), entry.at, rating));
            }
        }
    }
    answers
}

/// Fits parameters on the log of `deck` (all decks: `None`), measures current and fitted ones
/// on a 5-fold time-series split (the estimate printed) and over the whole log, and stores the
/// fitted ones when their log loss over the whole log is lower. Current parameters fitted by
/// an earlier run have seen most of the log: held against the split's predictions of the new
/// ones, they would win for ever, however much the learner's history grew since.
pub fn optimize(
    store: &mut Store,
    deck: Option<&str>,
    clock: &DayClock,
    now: Timestamp,
) -> Result<Outcome, Error> {
    let log = store.log(deck)?;
    let answers = scheduled_answers(&log);
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
    let whole_before = metrics::over_all(&data.items, metrics::fsrs_predictor(&current)?);
    let whole_after = metrics::over_all(&data.items, metrics::fsrs_predictor(&params)?);
    let saved = whole_after.log_loss < whole_before.log_loss;
    let mut recomputed = 0;
    if saved {
        store.set_params(deck, &params, data.items.len(), now)?;
        // (The deck's settings play no part in a memory: the defaults do.)
        let scheduler = Scheduler::new(&Settings::default(), Some(&params), clock.clone())?;
        recomputed = store.recompute_memories(deck, &scheduler)?;
    }
    Ok(Outcome {
        reviews: data.items.len(),
        answers: count,
        before,
        after,
        whole_before,
        whole_after,
        params,
        saved,
        recomputed,
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
    println!("                            log loss   RMSE(bins)");
    for (title, before, after) in [
        (
            "5-fold time-series split (the new ones fitted on the past of each fold):",
            &outcome.before,
            &outcome.after,
        ),
        (
            "whole log (decides):",
            &outcome.whole_before,
            &outcome.whole_after,
        ),
    ] {
        println!("{title}");
        println!(
            "  current parameters        {:>8.4}   {:>10.4}",
            before.log_loss, before.rmse_bins
        );
        println!(
            "  optimized parameters      {:>8.4}   {:>10.4}",
            after.log_loss, after.rmse_bins
        );
    }
    if outcome.saved {
        let list: Vec<String> = outcome.params.iter().map(|p| format!("{p:.4}")).collect();
        println!("saved: [{}]", list.join(", "));
        println!(
            "memory (stability, difficulty) computed anew for {} {}; due dates are kept",
            outcome.recomputed,
            crate::check::report::plural(outcome.recomputed, "question")
        );
    } else {
        println!("kept the current parameters: the optimized ones predict no better");
    }
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cram_answers_are_left_out_and_a_changed_answer_starts_a_new_history() {
        let t: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        let entry = |hours: i64, kind: ReviewKind, rating: Option<Rating>, note: Option<&str>| {
            let at = t + jiff::SignedDuration::from_hours(hours);
            LogEntry::test(at, kind, rating, note)
        };
        let log = [
            entry(0, ReviewKind::Learn, Some(Rating::Good), None),
            entry(30, ReviewKind::Review, Some(Rating::Good), None),
            entry(40, ReviewKind::Cram, Some(Rating::Again), None),
            entry(50, ReviewKind::Manual, None, Some("suspend")),
            entry(60, ReviewKind::Manual, None, Some("answer-changed")),
            entry(70, ReviewKind::Learn, Some(Rating::Again), None),
            entry(120, ReviewKind::Review, Some(Rating::Good), None),
        ];
        let answers: Vec<(u32, i64, Rating)> = scheduled_answers(&log)
            .into_iter()
            .map(|((question, generation), at, rating)| {
                assert_eq!(question, "q");
                (generation, at.duration_since(t).as_hours(), rating)
            })
            .collect();
        assert_eq!(
            answers,
            [
                (0, 0, Rating::Good),
                (0, 30, Rating::Good),
                (1, 70, Rating::Again),
                (1, 120, Rating::Good),
            ]
        );
    }

    /// Answers to 50 questions every `gap` hours from `start`, `rounds` times; every `fail`-th
    /// answer is Again, the others Good.
    fn answers(
        start: Timestamp,
        rounds: i64,
        gap: i64,
        fail: i64,
    ) -> Vec<(String, Timestamp, Rating, u64)> {
        (0..rounds * 50)
            .map(|i| {
                let rating = if i % fail == 0 {
                    Rating::Again
                } else {
                    Rating::Good
                };
                let at = start + jiff::SignedDuration::from_hours((i / 50) * gap + i % 50);
                (format!("q{}", i % 50), at, rating, 0)
            })
            .collect()
    }

    #[test]
    fn parameters_are_refitted_as_history_grows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("recall.db")).unwrap();
        let t: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        let scheduler = crate::schedule::Scheduler::with_defaults();
        store
            .import("d", &answers(t, 10, 72, 7), &scheduler)
            .unwrap();
        let clock = DayClock::default();
        let states = store.states(None).unwrap();
        let first = optimize(&mut store, Some("d"), &clock, t).unwrap();
        assert!(first.saved, "{first:?}");
        assert_eq!(store.params(Some("d")).unwrap(), Some(first.params.clone()));
        // Memories as the new parameters give them, the schedule as it was (QA: they kept
        // the memories of the default parameters).
        assert_eq!(first.recomputed, 50);
        let fitted = crate::schedule::Scheduler::new(
            &crate::deck::Settings::default(),
            Some(&first.params),
            clock.clone(),
        )
        .unwrap();
        let now = store.states(None).unwrap();
        assert_eq!(
            now,
            store
                .rebuild_from_log(|_| fitted.clone())
                .unwrap()
                .into_iter()
                .map(|(id, s)| (
                    id.clone(),
                    crate::schedule::CardState {
                        memory: s.memory,
                        ..states[&id].clone()
                    }
                ))
                .collect()
        );
        assert!(now.iter().all(|(id, s)| s.memory != states[id].memory));
        // Nothing new: the same fit, kept.
        let again = optimize(&mut store, Some("d"), &clock, t).unwrap();
        assert!(!again.saved, "{again:?}");
        assert_eq!(again.whole_before, again.whole_after);
        // A month on, the learner forgets more: the saved parameters, fitted on all of the
        // old history, must not win against a refit for ever.
        let later = t + jiff::SignedDuration::from_hours(24 * 40);
        let more: Vec<_> = answers(later, 3, 72, 6)
            .into_iter()
            .map(|(q, at, r, d)| (format!("late-{q}"), at, r, d))
            .collect();
        store.import("d", &more, &scheduler).unwrap();
        let refit = optimize(&mut store, Some("d"), &clock, later).unwrap();
        assert!(refit.saved, "{refit:?}");
        assert!(refit.whole_after.log_loss < refit.whole_before.log_loss);
    }

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
