//! Start of a session: open the state file of a 10,000-question deck with 100,000 reviews of
//! history, load every card state and find the first due question. Target ≤ 20 ms.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use recall::schedule::{Rating, Scheduler};
use recall::store::Store;

const QUESTIONS: usize = 10_000;
const REVIEWS: usize = 100_000;

/// Opens the store, loads the deck's states and picks the question due first.
fn first_due(path: &std::path::Path, now: Timestamp) -> Option<String> {
    let store = Store::open(path).unwrap();
    let states = store.states(Some("big")).unwrap();
    states
        .iter()
        .filter(|(_, s)| s.is_due_by(now))
        .min_by_key(|(id, s)| (s.due, id.as_str()))
        .map(|(id, _)| id.clone())
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recall.db");
    let start: Timestamp = "2023-01-01T09:00:00Z".parse().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let answers: Vec<(String, Timestamp, Rating, u64)> = (0..REVIEWS)
        .map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let q = i % QUESTIONS;
            let round = (i / QUESTIONS) as i64;
            let rating = if seed.is_multiple_of(10) {
                Rating::Again
            } else {
                Rating::Good
            };
            let at = start
                + SignedDuration::from_hours(round * 24 * 12)
                + SignedDuration::from_secs((q as i64) * 7);
            (format!("fact-{}/cloze/{}", q / 3, q % 3), at, rating, 4000)
        })
        .collect();
    let built = Instant::now();
    {
        let mut store = Store::open(&path).unwrap();
        store
            .import("big", &answers, &Scheduler::with_defaults())
            .unwrap();
    }
    println!(
        "built {REVIEWS} reviews of {QUESTIONS} questions in {:.1?} ({} MB)",
        built.elapsed(),
        std::fs::metadata(&path).unwrap().len() / 1_000_000
    );
    let now: Timestamp = "2023-05-01T09:00:00Z".parse().unwrap();
    assert!(first_due(&path, now).is_some());
    c.bench_function("open_load_first_due_10k_100k", |b| {
        b.iter(|| first_due(&path, now))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
