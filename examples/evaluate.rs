//! How well do schedulers predict recall on a real review log?
//!
//! ```text
//! cargo run --release --example evaluate -- [REVLOG.csv]
//! ```
//!
//! Reads an Anki review-log export (default `../shared/data/review-logs/anki-revlog-2024.csv`),
//! turns it into FSRS items with recall's own conversion (UTC, days rolling over at 4 am) and
//! evaluates three predictors on the same 5-fold time-series split — each fold is predicted by
//! a model that has only seen the reviews before it:
//!
//! - FSRS-6 with the default parameters;
//! - FSRS-6 with parameters optimised on the training segments (`fsrs::compute_parameters`);
//! - SM-2 baselines, as published in 1987 and as the FSRS project's benchmark runs it (see
//!   [`Sm2`]; SM-2 gives intervals, not probabilities, so a forgetting curve is put on top).
//!
//! For each it prints log loss, RMSE(bins) and AUC over the predicted segments. As a check,
//! it also runs the fsrs crate's own `evaluate_with_time_series_splits` on the same items.

use std::time::Instant;

use fsrs::FSRSItem;
use recall::schedule::{DayClock, dataset, metrics};

/// How an SM-2 baseline reads a card's history. SM-2 predicts no probability; both take what
/// it aims for — recall of 90% when the interval has passed — with an exponential forgetting
/// curve, R(t) = 0.9^(t / I). SM-2 repeats failed items within a day without rescheduling
/// them, so only the first answer of each day counts.
#[derive(Clone, Copy)]
struct Sm2 {
    /// SM-2's quality (0–5) for Anki's grades Again, Hard, Good, Easy.
    quality: [f64; 4],
    /// Whether a failure (quality < 3) moves the ease too, or leaves it as it was.
    ease_on_failure: bool,
}

impl Sm2 {
    /// As published for SuperMemo 2 (1987): Again 1, Hard 3, Good 4, Easy 5; a failure
    /// restarts the repetitions "without changing the E-Factor".
    const PUBLISHED: Sm2 = Sm2 {
        quality: [1.0, 3.0, 4.0, 5.0],
        ease_on_failure: false,
    };
    /// As the FSRS project's srs-benchmark runs it: grade + 1 (Again 2 … Easy 5), and the
    /// ease moves after every answer, failures included.
    const BENCHMARK: Sm2 = Sm2 {
        quality: [2.0, 3.0, 4.0, 5.0],
        ease_on_failure: true,
    };

    /// The probability SM-2 gives of recalling the last answer of `item`: a pass (q ≥ 3)
    /// schedules 1 day, 6 days, then the previous interval × ease (rounded), and moves the ease
    /// by 0.1 − (5 − q)(0.08 + (5 − q)·0.02), floor 1.3; a failure restarts at 1 day.
    fn predict(self, item: &FSRSItem) -> f64 {
        let (last, history) = item.reviews.split_last().expect("items are not empty");
        let mut interval = 1.0f64;
        let mut ease = 2.5f64;
        let mut repetitions = 0;
        for (i, review) in history.iter().enumerate() {
            if i > 0 && review.delta_t == 0 {
                continue;
            }
            let q = self.quality[(review.rating.clamp(1, 4) - 1) as usize];
            let passed = q >= 3.0;
            if passed {
                repetitions += 1;
                interval = match repetitions {
                    1 => 1.0,
                    2 => 6.0,
                    _ => (interval * ease).round(),
                };
            } else {
                repetitions = 0;
                interval = 1.0;
            }
            if passed || self.ease_on_failure {
                ease = (ease + 0.1 - (5.0 - q) * (0.08 + (5.0 - q) * 0.02)).max(1.3);
            }
        }
        0.9f64.powf(f64::from(last.delta_t) / interval)
    }
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/review-logs/anki-revlog-2024.csv".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("evaluate: {path}: {e}");
        std::process::exit(2);
    });
    let rows = dataset::parse_anki_csv(&path, &text).unwrap_or_else(|e| {
        eprintln!("evaluate: {e}");
        std::process::exit(2);
    });
    let clock = DayClock::default();
    let data = dataset::fsrs_items(rows.iter().map(|r| (r.card_id, r.at, r.rating)), &clock);
    println!(
        "{}: {} reviews of {} cards → {} items (UTC, rollover 4 am), 5-fold time-series split",
        path,
        data.reviews,
        data.cards,
        data.items.len()
    );
    let items = &data.items;
    let started = Instant::now();

    let defaults = metrics::cross_validate(items, 5, |_| {
        metrics::fsrs_predictor(&fsrs::DEFAULT_PARAMETERS)
    })
    .expect("defaults evaluate");
    let optimised = metrics::cross_validate(items, 5, |train| {
        let params = metrics::fit(train)?;
        metrics::fsrs_predictor(&params)
    })
    .expect("optimised evaluate");
    let sm2 = |rules: Sm2| {
        metrics::cross_validate(items, 5, |_| {
            Ok::<_, recall::Error>(move |item: &FSRSItem| rules.predict(item))
        })
        .expect("sm-2 evaluates")
    };
    let (published, benchmark) = (sm2(Sm2::PUBLISHED), sm2(Sm2::BENCHMARK));

    println!();
    println!(
        "{:<22} {:>9} {:>11} {:>7} {:>7}",
        "model", "log loss", "RMSE(bins)", "AUC", "n"
    );
    for (name, m) in [
        ("FSRS-6 defaults", defaults),
        ("FSRS-6 optimised", optimised),
        ("SM-2, 1987 rules", published),
        ("SM-2, srs-benchmark", benchmark),
    ] {
        println!(
            "{:<22} {:>9.4} {:>11.4} {:>7.4} {:>7}",
            name, m.log_loss, m.rmse_bins, m.auc, m.count
        );
    }
    println!();
    for (name, baseline) in [("1987", published), ("srs-benchmark", benchmark)] {
        println!(
            "optimised FSRS-6 log loss is {:.1}% below SM-2's ({name} rules)",
            (1.0 - optimised.log_loss / baseline.log_loss) * 100.0
        );
    }
    println!("(our evaluation took {:.1?})", started.elapsed());

    // Cross-check with the crate's own time-series evaluation of the same items.
    let started = Instant::now();
    let reference = fsrs::evaluate_with_time_series_splits(
        fsrs::ComputeParametersInput {
            train_set: items.clone(),
            ..Default::default()
        },
        |_| true,
    )
    .expect("the crate evaluates");
    let all = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS)
        .and_then(|f| f.evaluate(items.clone(), |_| true))
        .expect("the crate evaluates");
    println!(
        "fsrs FSRS::evaluate, defaults on all items (recency-weighted): log loss {:.4}, RMSE(bins) {:.4}",
        all.log_loss, all.rmse_bins
    );
    println!(
        "fsrs::evaluate_with_time_series_splits: log loss {:.4}, RMSE(bins) {:.4} ({:.1?})",
        reference.log_loss,
        reference.rmse_bins,
        started.elapsed()
    );
}
