//! Answer → committed state: schedule one answer and record it (one SQLite transaction,
//! WAL, synchronous=FULL). Target p99 ≤ 5 ms. Criterion reports the mean; a plain timing loop
//! afterwards prints p50/p99/max.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use recall::schedule::{CardState, Rating, Scheduler};
use recall::store::{Answered, Store};

const QUESTIONS: usize = 1000;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    sched: Scheduler,
    states: Vec<CardState>,
    ids: Vec<String>,
    now: Timestamp,
    n: usize,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("recall.db")).unwrap();
        let ids: Vec<String> = (0..QUESTIONS)
            .map(|i| format!("fact-{}/cloze/{}", i / 3, i % 3))
            .collect();
        let cards: Vec<_> = ids
            .iter()
            .map(|id| recall::store::CardKey::new(id.clone(), None, "hash"))
            .collect();
        let now: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        store.sync_cards("bench", &cards, now).unwrap();
        Fixture {
            _dir: dir,
            store,
            sched: Scheduler::with_defaults(),
            states: vec![CardState::new(); QUESTIONS],
            ids,
            now,
            n: 0,
        }
    }

    /// One answer: schedule, then commit.
    fn answer(&mut self) {
        let i = self.n % QUESTIONS;
        let rating = [Rating::Good, Rating::Again, Rating::Good, Rating::Easy][self.n % 4];
        self.now += SignedDuration::from_secs(37);
        let (after, info) = self
            .sched
            .answer(&self.states[i], rating, self.now, &self.ids[i]);
        let answered = Answered {
            duration_ms: 3000,
            ..Answered::new(&self.ids[i], "bench", self.now, rating, after.clone(), info)
        };
        self.store.record(&answered).unwrap();
        self.states[i] = after;
        self.n += 1;
    }
}

fn bench(c: &mut Criterion) {
    let mut fixture = Fixture::new();
    c.bench_function("answer_commit", |b| b.iter(|| fixture.answer()));

    let mut fixture = Fixture::new();
    let mut times: Vec<f64> = (0..3000)
        .map(|_| {
            let start = Instant::now();
            fixture.answer();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "answer_commit timing loop ({} answers): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        pct(0.50),
        pct(0.99),
        times[times.len() - 1]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
