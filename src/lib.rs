//! `recall`: a command-line quiz and flashcard trainer.
//!
//! Decks are hand-written RON files of facts taken from a source document (see [`deck`]).
//! Questions are generated from the facts ([`generate`]) and graded automatically ([`grade`]).
//! A study session ([`session`], drawn by [`terminal`]) schedules reviews with FSRS-6
//! ([`schedule`]) and keeps every answer in SQLite ([`store`]). `recall check` ([`check`]) is a
//! fact-consistency gate for CI.
//!
//! The core — deck, question, generate, grade, schedule, session, check — is pure: it never
//! reads the clock, the terminal or the disk. Time and randomness are passed in. Only
//! [`cli`], [`terminal`] and [`store`] do I/O.
//!
//! The binary is a thin wrapper around [`run`].

pub mod check;
pub mod cli;
pub mod deck;
pub mod diagnostic;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod grade;
pub mod question;
pub mod schedule;
pub mod session;
pub mod store;
pub mod terminal;

pub use cli::run;
pub use deck::{Deck, load};
pub use diagnostic::{Code, Diagnostic};
pub use error::{Error, Status};
pub use question::Question;

/// A hash map with a fast hasher and a fixed seed, for the big maps of generation and `recall
/// check` (hundreds of thousands of keys). std's seeded SipHash guards against crafted keys,
/// which a deck's own author has no reason to craft; it costs several times more per key.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// How many threads the work of a large deck is split over: the processors there are, at
/// most 8 (the parts are merged in order, so results do not depend on it).
pub(crate) fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `side` and `work` over `0..count` together on `threads` threads: `0..count` is cut into
/// small contiguous chunks that each thread takes in turn as it becomes free, one thread
/// starting with `side`. A long task beside the chunks (the evidence scan beside each fact's
/// questions and support) so shares the processors evenly whatever their sizes. Each thread
/// keeps one `state` (made by `init`) for all its chunks: what one chunk learns (the answers
/// already tested) serves the next. The results in chunk order.
pub(crate) fn side_by_side<S: Send, W, T: Send>(
    threads: usize,
    count: usize,
    side: impl FnOnce() -> S + Send,
    init: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, std::ops::Range<usize>) -> T + Sync,
) -> (S, Vec<T>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    if threads < 2 || count < 2 {
        return (side(), vec![work(&mut init(), 0..count)]);
    }
    let chunks = (threads * 16).min(count);
    let bound = |c: usize| count * c / chunks;
    let next = AtomicUsize::new(0);
    let take = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                return done;
            }
            done.push((c, work(&mut state, bound(c)..bound(c + 1))));
        }
    };
    let (side, mut done) = std::thread::scope(|scope| {
        let take = &take;
        let with_side = scope.spawn(move || (side(), take()));
        let others: Vec<_> = (2..threads).map(|_| scope.spawn(take)).collect();
        let mut done = take();
        for other in others {
            done.extend(other.join().expect("the work of a chunk does not panic"));
        }
        let (side, theirs) = with_side.join().expect("the side task does not panic");
        done.extend(theirs);
        (side, done)
    });
    done.sort_unstable_by_key(|(c, _)| *c);
    (side, done.into_iter().map(|(_, t)| t).collect())
}
