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
