//! Durable review state in SQLite: card states, the review log, settings; one transaction per
//! answer, an exclusive lock per file.
//!
//! A state file holds four tables:
//!
//! - `cards`: one row per question id — its deck, fact, the hash of its accepted answers and
//!   its [`CardState`];
//! - `revlog`: every answer (time, rating, grading outcome, typed answer, duration, kind,
//!   intervals, memory after) and every manual change (suspend, answer changed), each with the
//!   card's state before it, so the last answer can be undone exactly and every state can be
//!   rebuilt from the log alone ([`Store::rebuild_from_log`]);
//! - `params`: FSRS parameters fitted by `recall optimize`, per deck or for all decks;
//! - `decks`: where each studied deck's file is (so `recall study` alone finds them).
//!
//! [`Store::open`] takes an exclusive advisory lock on `recall.db.lock` beside the file (the
//! file the path leads to, so a symlink or another spelling of the path shares it; a second
//! session is refused, naming the pid holding it; the lock file is removed when the session
//! ends), checks the file is a recall database, all of it (a damaged one is refused before
//! anything is written), and migrates older layouts after backing the file up as
//! `recall.db.bak-v{old}`. A file that is not a database, is damaged or comes from a newer
//! recall is refused and left untouched.
//! [`Store::open_read_only`] reads without the lock, e.g. for `recall stats` during a session,
//! also from a folder it may not write (see `open_for_reading`).
//!
//! A session engine uses it like this:
//!
//! ```no_run
//! # use recall::store::{Answered, CardKey, Store};
//! # use recall::schedule::{Scheduler, Rating};
//! # fn main() -> Result<(), recall::Error> {
//! let mut store = Store::open(&recall::store::resolve_path(None)?)?;
//! let now: jiff::Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
//! let changed = store.sync_cards("deck", &[CardKey::new("fact/cloze/1", Some("fact".into()), "h1")], now)?;
//! let sched = Scheduler::with_defaults();
//! let before = store.states(Some("deck"))?.remove("fact/cloze/1").unwrap_or_default();
//! let (after, info) = sched.answer(&before, Rating::Good, now, "fact/cloze/1");
//! store.record(&Answered::new("fact/cloze/1", "deck", now, Rating::Good, after, info))?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::diagnostic::display_path;
use crate::error::Error;
use crate::schedule::{CardState, Memory, Phase, Rating, ReviewInfo, ReviewKind, Scheduler};

/// The schema this recall writes. Files with a lower `user_version` are migrated.
pub const SCHEMA_VERSION: i32 = 3;

/// The oldest schema a reader ([`Store::open_read_only`]) takes as it is: v3 changed what the
/// content hashes mean, not the tables.
const READABLE_FROM: i32 = 2;

/// A migration: one schema version to the next, in the caller's transaction.
type Migration = fn(&Transaction<'_>) -> Result<(), Upgrade>;

/// Migration `i` takes a file from version `i` to `i + 1`.
const MIGRATIONS: &[Migration] = &[migrate_v0_to_v1, migrate_v1_to_v2, migrate_v2_to_v3];

/// Why a migration stopped (its transaction is rolled back: the file is as it was).
enum Upgrade {
    Db(rusqlite::Error),
    /// A stored value it cannot carry over: where it is, and what is valid there.
    Value(String),
}

impl From<rusqlite::Error> for Upgrade {
    fn from(e: rusqlite::Error) -> Upgrade {
        Upgrade::Db(e)
    }
}

/// The end of the times recall keeps (answer times are checked against it where they come
/// from outside: an older file, an imported log, `--now`). The scheduler adds learning steps
/// and intervals to an answer's time, and jiff's times end on 9999-12-30: a time after this
/// would overflow.
pub const LATEST_TIME: Timestamp = Timestamp::constant(253_370_764_800, 0);

/// What is valid for an answer time, for messages.
pub const VALID_TIMES: &str = "a time before 9999-01-01";

/// Whether answers at `at` can be scheduled from ([`LATEST_TIME`]).
pub fn schedulable(at: Timestamp) -> bool {
    at < LATEST_TIME
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How an answer was graded (the grader's own type, stored by name).
pub use crate::grade::Outcome;

/// One answer to record: who, when, how it went, and the state the scheduler computed.
#[derive(Clone, Debug)]
pub struct Answered {
    pub question: String,
    pub deck: String,
    /// The fact the question comes from (used when the card is not known yet).
    pub fact: Option<String>,
    pub at: Timestamp,
    pub rating: Rating,
    /// `None` for answers not graded by recall (imported, self-rated).
    pub outcome: Option<Outcome>,
    pub typed: Option<String>,
    pub duration_ms: u64,
    /// The state after the answer, from [`Scheduler::answer`].
    pub state: CardState,
    pub info: ReviewInfo,
}

impl Answered {
    /// An answer with no outcome, typed text or duration (set the fields for those).
    pub fn new(
        question: &str,
        deck: &str,
        at: Timestamp,
        rating: Rating,
        state: CardState,
        info: ReviewInfo,
    ) -> Answered {
        Answered {
            question: question.into(),
            deck: deck.into(),
            fact: None,
            at,
            rating,
            outcome: None,
            typed: None,
            duration_ms: 0,
            state,
            info,
        }
    }
}

/// A question as a deck yields it, for [`Store::sync_cards`]: its id, its fact, and its
/// content hash (see [`crate::question::Question::content_hash`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CardKey {
    pub id: String,
    pub fact: Option<String>,
    pub hash: String,
    /// The hash in each form earlier versions of recall computed it, for the deck as it is
    /// now: a stored one is taken as unchanged too (and replaced by `hash`). A stored hash in
    /// an earlier form that is not among them is a changed answer, as any other.
    pub earlier_hashes: Vec<String>,
    /// Whether it asks about its whole fact (a generated true/false question), while its
    /// earlier hashes did not cover the fact's answers (they hashed its evidence): matched
    /// through one of them, it changed when another question of its fact changed.
    pub whole_fact: bool,
}

impl CardKey {
    pub fn new(id: impl Into<String>, fact: Option<String>, hash: impl Into<String>) -> CardKey {
        CardKey {
            id: id.into(),
            fact,
            hash: hash.into(),
            earlier_hashes: Vec::new(),
            whole_fact: false,
        }
    }
}

/// A question as the store knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CardRecord {
    pub id: String,
    pub deck: String,
    pub fact: Option<String>,
    pub content_hash: Option<String>,
    pub state: CardState,
}

/// One row of the review log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub id: i64,
    pub at: Timestamp,
    pub question: String,
    pub deck: String,
    /// `None` for manual changes.
    pub rating: Option<Rating>,
    pub outcome: Option<Outcome>,
    pub typed: Option<String>,
    pub duration_ms: u64,
    pub kind: ReviewKind,
    pub interval_before: f64,
    pub interval_after: f64,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    /// What a manual change did: `suspend`, `unsuspend` or `answer-changed`.
    pub note: Option<String>,
}

#[cfg(test)]
impl LogEntry {
    /// An entry for tests: question `q` of deck `d`, answered (or changed by hand) at `at`,
    /// with nothing else known.
    pub(crate) fn test(
        at: Timestamp,
        kind: ReviewKind,
        rating: Option<Rating>,
        note: Option<&str>,
    ) -> LogEntry {
        LogEntry {
            id: 0,
            at,
            question: "q".into(),
            deck: "d".into(),
            rating,
            outcome: None,
            typed: None,
            duration_ms: 0,
            kind,
            interval_before: 0.0,
            interval_after: 0.0,
            stability: None,
            difficulty: None,
            note: note.map(String::from),
        }
    }
}

/// Where the state file is: `--db` flag, else `RECALL_DB`, else
/// `$XDG_DATA_HOME/recall/recall.db`, else `~/.local/share/recall/recall.db`.
pub fn resolve_path(flag: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(path) = flag {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os("RECALL_DB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Ok(dir.join("recall").join("recall.db"));
    }
    match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/recall/recall.db")),
        None => Err(Error::Usage(
            "cannot find a place for the state file: set HOME, XDG_DATA_HOME or RECALL_DB, or pass --db"
                .into(),
        )),
    }
}

/// The card state as kept in the `prior` column of the log (JSON).
#[derive(Serialize, Deserialize)]
struct StoredState {
    phase: Phase,
    memory: Option<Memory>,
    due_ms: Option<i64>,
    last_review_ms: Option<i64>,
    interval_days: u32,
    reps: u32,
    lapses: u32,
    leech: bool,
    suspended: bool,
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn from_ms(v: i64) -> Timestamp {
    Timestamp::from_millisecond(v).unwrap_or(Timestamp::MAX)
}

impl From<&CardState> for StoredState {
    fn from(s: &CardState) -> StoredState {
        StoredState {
            phase: s.phase,
            memory: s.memory,
            due_ms: s.due.map(ms),
            last_review_ms: s.last_review.map(ms),
            interval_days: s.interval_days,
            reps: s.reps,
            lapses: s.lapses,
            leech: s.leech,
            suspended: s.suspended,
        }
    }
}

impl From<StoredState> for CardState {
    fn from(s: StoredState) -> CardState {
        CardState {
            phase: s.phase,
            memory: s.memory,
            due: s.due_ms.map(from_ms),
            last_review: s.last_review_ms.map(from_ms),
            interval_days: s.interval_days,
            reps: s.reps,
            lapses: s.lapses,
            leech: s.leech,
            suspended: s.suspended,
        }
    }
}

/// Card states with times truncated to milliseconds, as stored.
fn stored(state: &CardState) -> CardState {
    StoredState::from(state).into()
}

const CARD_COLUMNS: &str = "id, deck, fact, content_hash, phase, step, stability, difficulty, \
    due_ms, last_review_ms, interval_days, reps, lapses, leech, suspended";

fn card_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CardRecord> {
    let phase: String = row.get(4)?;
    let step: u32 = row.get(5)?;
    let stability: Option<f32> = row.get(6)?;
    let difficulty: Option<f32> = row.get(7)?;
    Ok(CardRecord {
        id: row.get(0)?,
        deck: row.get(1)?,
        fact: row.get(2)?,
        content_hash: row.get(3)?,
        state: CardState {
            phase: Phase::from_parts(&phase, step).unwrap_or(Phase::New),
            memory: stability
                .zip(difficulty)
                .map(|(stability, difficulty)| Memory {
                    stability,
                    difficulty,
                }),
            due: row.get::<_, Option<i64>>(8)?.map(from_ms),
            last_review: row.get::<_, Option<i64>>(9)?.map(from_ms),
            interval_days: row.get(10)?,
            reps: row.get(11)?,
            lapses: row.get(12)?,
            leech: row.get(13)?,
            suspended: row.get(14)?,
        },
    })
}

/// Writes a card's state (inserting the card when it is unknown).
fn put_card(
    tx: &Connection,
    id: &str,
    deck: &str,
    fact: Option<&str>,
    state: &CardState,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO cards (id, deck, fact, phase, step, stability, difficulty, due_ms, \
         last_review_ms, interval_days, reps, lapses, leech, suspended) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
         ON CONFLICT (id) DO UPDATE SET phase = ?4, step = ?5, stability = ?6, \
         difficulty = ?7, due_ms = ?8, last_review_ms = ?9, interval_days = ?10, reps = ?11, \
         lapses = ?12, leech = ?13, suspended = ?14",
    )?
    .execute(params![
        id,
        deck,
        fact,
        state.phase.name(),
        state.phase.step(),
        state.memory.map(|m| m.stability),
        state.memory.map(|m| m.difficulty),
        state.due.map(ms),
        state.last_review.map(ms),
        state.interval_days,
        state.reps,
        state.lapses,
        state.leech,
        state.suspended,
    ])?;
    Ok(())
}

fn get_card(tx: &Connection, id: &str) -> rusqlite::Result<Option<CardRecord>> {
    tx.prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"))?
        .query_row([id], card_from_row)
        .optional()
}

/// A log row before insertion.
struct NewLog<'a> {
    at: Timestamp,
    question: &'a str,
    deck: &'a str,
    rating: Option<Rating>,
    outcome: Option<Outcome>,
    typed: Option<&'a str>,
    duration_ms: u64,
    kind: ReviewKind,
    interval_before: f64,
    interval_after: f64,
    memory: Option<Memory>,
    note: Option<&'a str>,
    prior: &'a CardState,
}

fn insert_log(tx: &Connection, log: &NewLog<'_>) -> rusqlite::Result<i64> {
    let prior = serde_json::to_string(&StoredState::from(log.prior)).expect("states serialise");
    tx.prepare_cached(
        "INSERT INTO revlog (at_ms, question, deck, rating, outcome, typed, duration_ms, kind, \
         interval_before, interval_after, stability, difficulty, note, prior) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        ms(log.at),
        log.question,
        log.deck,
        log.rating.map(Rating::number),
        log.outcome.map(Outcome::name),
        log.typed,
        i64::try_from(log.duration_ms).unwrap_or(i64::MAX),
        log.kind.name(),
        log.interval_before,
        log.interval_after,
        log.memory.map(|m| m.stability),
        log.memory.map(|m| m.difficulty),
        log.note,
        prior,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The review state of one file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held for the store's life; dropping it (after the connection) releases the lock.
    _lock: Option<Lock>,
}

/// The session lock on `PATH.lock`: an advisory lock on an open file, removed when released
/// so that no `.lock` file is left beside the state file.
struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: a session that opened it meanwhile finds, once it has the
        // lock, that the name no longer leads to it, and takes a new one ([`lock`]). (Not on
        // Windows, where an open file cannot be removed; there it stays.)
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// What a file holds before opening it for writing.
enum Found {
    /// No file, or an empty one: create the schema.
    Fresh,
    /// A recall database at this schema version, open for reading ([`open_for_reading`]).
    Version(i32, Connection),
}

fn state_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::State(format!("state file {}: {message}", display_path(path)))
}

/// A damaged file, and what shows it.
fn damaged(path: &Path, how: impl std::fmt::Display) -> Error {
    state_error(
        path,
        format!("damaged ({how}); it was left untouched — restore a backup or move it away"),
    )
}

/// A database error; damage is said plainly (SQLite rolls back and writes nothing over it).
fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => damaged(path, "SQLite finds a malformed page in it"),
        Some(ErrorCode::NotADatabase) => damaged(path, "SQLite cannot read its header"),
        // Each answer is one transaction: one that fails leaves those before it saved.
        Some(ErrorCode::DiskFull) => state_error(
            path,
            "the disk is full: free some space and go on (every answer saved before is kept)",
        ),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => state_error(
            path,
            "another program holds it (an open sqlite3 shell?): close it and try again",
        ),
        Some(ErrorCode::ReadOnly) => state_error(path, READ_ONLY),
        Some(ErrorCode::PermissionDenied) => state_error(path, "permission denied"),
        _ => state_error(path, e),
    }
}

/// SQLite opens a file it may not write read-only, without a word, and the first answer
/// would fail: a session on it is refused before anything is asked.
fn refuse_read_only(conn: &Connection, path: &Path) -> Result<(), Error> {
    match conn.is_readonly(rusqlite::MAIN_DB) {
        Ok(false) => Ok(()),
        Ok(true) => Err(state_error(path, READ_ONLY)),
        Err(e) => Err(db_error(path, e)),
    }
}

const READ_ONLY: &str =
    "is read-only: recall records every answer in it; make it writable, or name another with --db";

/// A state file named for a command that only reads or changes existing state.
const NOT_THERE: &str = "no such file: nothing has been studied with it yet";

const IS_A_FOLDER: &str = "is a folder; name the state file in it, e.g. `--db state.db`";

/// Refuses a state path that is there but is not a regular file (a folder, a device, a
/// pipe, a socket), before anything is opened or made beside it: opening a pipe waits for a
/// writer for ever, and SQLite would put its journal beside a device (`/dev/null-journal`).
fn refuse_other_than_a_file(path: &Path) -> Result<(), Error> {
    let Ok(metadata) = std::fs::metadata(path) else {
        // Not there (or not reachable): what comes next says so, or creates it.
        return Ok(());
    };
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(state_error(path, IS_A_FOLDER));
    }
    let what = {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_char_device() || kind.is_block_device() {
                "a device"
            } else if kind.is_fifo() {
                "a pipe"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        {
            "not a regular file"
        }
    };
    Err(state_error(
        path,
        format!("is {what}, not a file; name a file for the state, e.g. `--db state.db`"),
    ))
}

fn inspect(path: &Path) -> Result<Found, Error> {
    refuse_other_than_a_file(path)?;
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Fresh),
        Err(e) => return Err(Error::io(path, e)),
    };
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len == 0 {
        return Ok(Found::Fresh);
    }
    let mut magic = [0u8; 16];
    let not_db = || {
        state_error(
            path,
            "not a recall database (not an SQLite file); it was left untouched",
        )
    };
    file.read_exact(&mut magic).map_err(|_| not_db())?;
    if &magic != SQLITE_MAGIC {
        return Err(not_db());
    }
    // The header says how long the file should be (when its page count is current): a
    // shorter file was cut off. Damage inside pages is found by SQLite as they are read
    // (see `db_error`), and before anything is written by `refuse_damaged`.
    let mut header = [0u8; 100];
    header[..16].copy_from_slice(&magic);
    file.read_exact(&mut header[16..])
        .map_err(|_| damaged(path, "truncated header"))?;
    let be = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(be(28));
    if be(24) == be(92) && pages > 0 && len < page_size * pages {
        return Err(damaged(
            path,
            format!("truncated: {len} bytes of {}", page_size * pages),
        ));
    }
    drop(file);
    let damaged = |e: rusqlite::Error| db_error(path, e);
    let conn = open_for_reading(path)?;
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    if version > SCHEMA_VERSION {
        return Err(state_error(
            path,
            format!(
                "written by a newer recall (schema v{version}; this one knows up to v{SCHEMA_VERSION}); upgrade recall — the file was left untouched"
            ),
        ));
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(damaged)?;
    let expected: &[&str] = match version {
        0 => &["reviews"],
        1 => &["cards", "revlog", "params"],
        _ => &["cards", "revlog", "params", "decks"],
    };
    if !tables.iter().all(|t| expected.contains(&t.as_str())) {
        return Err(state_error(
            path,
            format!(
                "not a recall database (tables: {}); it was left untouched",
                tables.join(", ")
            ),
        ));
    }
    Ok(if version == 0 && tables.is_empty() {
        Found::Fresh
    } else {
        Found::Version(version, conn)
    })
}

/// Checks a whole file before a command writes to it. SQLite finds damage only on the pages a
/// statement reads, and a command writes before it has read them all (a session syncs the
/// deck's cards first; a damaged index page is found by the first answer, after the earlier
/// changes were committed and moved into the file): a damaged file is refused before a byte
/// of it changes. `quick_check` reads each page once and checks the structure of every table
/// and index, but not that the indexes agree with their tables (what `integrity_check` adds,
/// at a third more). It costs 1 to 3 ms per MB (a 156 MB file, 350,000 answers: 0.2 s
/// from the disk cache), and a year of daily study at 40 answers a day makes a file of about
/// 8 MB: some 10 to 25 ms, once per command that writes. Readers skip it: they change
/// nothing, and damage on a page they read is still refused.
fn refuse_damaged(conn: &Connection, path: &Path) -> Result<(), Error> {
    match fails_quick_check(conn) {
        Ok(false) => Ok(()),
        Ok(true) => Err(damaged(path, FAILS_QUICK_CHECK)),
        Err(e) => Err(db_error(path, e)),
    }
}

const FAILS_QUICK_CHECK: &str = "its pages fail SQLite's quick check";

/// Whether SQLite's quick check finds damage (see [`refuse_damaged`]).
fn fails_quick_check(conn: &Connection) -> rusqlite::Result<bool> {
    // One problem is enough (and stops the check there).
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(1)")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(problems != ["ok"])
}

/// The file beside the state file that SQLite names with `side` (`-wal`, `-journal`).
fn beside(path: &Path, side: &str) -> PathBuf {
    let mut name = resolve_file(path).into_os_string();
    name.push(side);
    PathBuf::from(name)
}

/// A change stopped half-way (an upgrade or a new file's first tables, killed) leaves its
/// rollback journal, `FILE-journal`, holding what the file held before: undone here, as any
/// SQLite connection that may write does on its first read, before the file is read (a
/// read-only connection cannot, and the file would seem one recall may not read). Nothing
/// committed is lost: the file is as it was before the change. Called under the session lock.
fn undo_interrupted_change(path: &Path) -> Result<(), Error> {
    // A journal beside no file (or an empty one) has nothing to undo: SQLite leaves it be.
    let sized = |path: &Path| std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    if !sized(&beside(path, "-journal")) || !sized(path) {
        return Ok(());
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags)
        .and_then(|conn| conn.query_row("PRAGMA user_version", [], |_| Ok(())))
        .map_err(|e| db_error(path, e))
}

/// SQLite keeps a file's journal beside the name it is opened by: two sessions through two
/// hard links to one file would each keep their own, and corrupt it. (Symlinks are followed
/// to the one name, and share it.)
fn refuse_hard_links(path: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(metadata) = std::fs::metadata(path)
            && metadata.nlink() > 1
        {
            return Err(state_error(
                path,
                format!(
                    "has {} names (hard links): SQLite keeps its journal beside the name a \
                     session opens, so sessions through two names could corrupt it; keep one \
                     name (a symlink to it is fine)",
                    metadata.nlink()
                ),
            ));
        }
    }
    Ok(())
}

/// Opens a state file for reading only, and reads its header through SQLite.
///
/// A file in WAL mode is read through an index, `FILE-shm`, that SQLite makes or updates
/// beside the file, even to read it; where recall may not write (a read-only folder or
/// disk, another user's folder) that fails. Then, when no `FILE-wal` (nor a `FILE-journal`)
/// with data is beside it, every committed change is in the file itself, and it is read as
/// immutable: without the index and without locks. (Nobody can write there then but another
/// user who may: a session of theirs that ends during the read could make it fail as
/// damaged, and reading again works.) Changes still waiting in a `-wal` file cannot be read
/// without its index: the file is refused, saying so, rather than read without them.
fn open_for_reading(path: &Path) -> Result<Connection, Error> {
    use rusqlite::ffi::ErrorCode;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let ready = |conn: Connection| -> rusqlite::Result<Connection> {
        // Opening reads nothing; the first statement opens the `-wal` and its index.
        conn.query_row("PRAGMA user_version", [], |_| Ok(()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(conn)
    };
    let error = match Connection::open_with_flags(path, flags).and_then(ready) {
        Ok(conn) => return Ok(conn),
        Err(e) => e,
    };
    if !matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
    ) {
        return Err(db_error(path, error));
    }
    let file = resolve_file(path);
    let wal = beside(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(state_error(
            path,
            format!(
                "cannot be read here: changes not yet copied into it are in {}, which SQLite \
                 reads only by writing beside it, and its folder is not writable; read it \
                 where its folder is writable, or copy both files to a folder that is",
                display_path(&wal)
            ),
        ));
    }
    let journal = beside(path, "-journal");
    if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        return Err(state_error(
            path,
            format!(
                "a change to it was stopped half-way and is still to be undone ({} holds what \
                 it held before: do not delete that file); `recall study` on it undoes it{}",
                display_path(&journal),
                match error.sqlite_error_code() {
                    Some(ErrorCode::CannotOpen) => ", where its folder is writable",
                    _ => "",
                }
            ),
        ));
    }
    Connection::open_with_flags(immutable_uri(&file), flags | OpenFlags::SQLITE_OPEN_URI)
        .and_then(ready)
        .map_err(|e| db_error(path, e))
}

/// The `file:` URI of `path` read as immutable (every byte but letters, digits, `/-._~`
/// percent-encoded, so that no `?`, `#` or `%` in a name is read as part of the URI).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The file a state path leads to, however it is named (through symlinks, `.` or `..`, a
/// relative path): absolute, symlinks followed. A file not there yet is its folder's
/// resolved path and its name, after following a dangling symlink as SQLite does when it
/// creates the file.
fn resolve_file(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let mut path = path.to_path_buf();
    // As many links as the system follows in one path (Linux's limit).
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        // A relative target is relative to the link's folder; an absolute one replaces it.
        path = match path.parent() {
            Some(folder) => folder.join(target),
            None => target,
        };
    }
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return path;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    match std::fs::canonicalize(folder) {
        Ok(folder) => folder.join(name),
        Err(_) => path,
    }
}

/// Takes the session lock on `FILE.lock` beside the file `path` leads to ([`resolve_file`]:
/// every name of one file shares one lock), or says who holds it.
fn lock(path: &Path) -> Result<Lock, Error> {
    let mut name = resolve_file(path).into_os_string();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    // A lock taken on a file another session removed as it ended is no lock (a third could
    // make a new one and take that): take it again, on the file the name leads to now.
    for _ in 0..100 {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        match file.try_lock() {
            Ok(()) if !same_file(&file, &lock_path) => continue,
            Ok(()) => {
                // Best effort: the pid is only for the message another session shows.
                let _ = file.set_len(0);
                let _ = file.rewind();
                let _ = write!(file, "{}", std::process::id());
                let _ = file.flush();
                return Ok(Lock {
                    file,
                    path: lock_path,
                });
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                let who = if pid.is_empty() {
                    String::new()
                } else {
                    format!(" (pid {pid})")
                };
                return Err(Error::State(format!(
                    "state file {} is in use by another recall session{who}",
                    display_path(path)
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        }
    }
    Err(Error::State(format!(
        "state file {}: its lock file keeps being replaced; is another program removing it?",
        display_path(path)
    )))
}

/// Whether `path` still leads to the open `file`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// A path beside `path` for its backup before migrating from `version`, not overwriting any.
fn backup_path(path: &Path, version: i32) -> PathBuf {
    let base = format!("{}.bak-v{version}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{base}.{n}"));
    }
    candidate
}

/// The error for deck `deck` whose question ids belong to deck `other` in the state file at
/// `path`: `question` the first of them, `shared` of its `total` questions, of the `theirs`
/// questions `other` has in the file. When most of either are shared, the deck is that one
/// under a new id, or a copy of it.
pub fn taken_ids(
    (deck, other): (&str, &str),
    question: &str,
    (shared, total, theirs): (usize, usize, usize),
    path: &Path,
) -> Error {
    let file = display_path(path);
    if shared * 2 >= total.min(theirs) {
        return Error::State(format!(
            "deck `{deck}` has {shared} of its {total} questions in {file} under deck \
             `{other}`: is it that deck with its id changed, or a copy of it? Give it back the \
             id `{other}` to go on with its history, or use another --db for a copy"
        ));
    }
    Error::State(format!(
        "question `{question}` of deck `{deck}` already belongs to deck `{other}` in {file}; \
         question ids must be unique across the decks studied with one state file: rename the \
         fact or card in one deck, or use another --db"
    ))
}

impl Store {
    /// Opens (creating if needed) the state file for a session: takes the lock, checks the
    /// file, backs it up and migrates it when it is older.
    pub fn open(path: &Path) -> Result<Store, Error> {
        // Before the lock file is made beside it.
        refuse_other_than_a_file(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let lock = lock(path)?;
        // Before SQLite opens it (and leaves its `-wal` and `-shm` files beside it).
        if let Err(e) = std::fs::OpenOptions::new().write(true).open(path)
            && matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            )
        {
            return Err(state_error(path, READ_ONLY));
        }
        refuse_hard_links(path)?;
        undo_interrupted_change(path)?;
        let (from, backup) = match inspect(path)? {
            Found::Fresh => (0, None),
            Found::Version(v, reader) => {
                refuse_damaged(&reader, path)?;
                let mut backup = None;
                if v < SCHEMA_VERSION {
                    let copy = backup_path(path, v);
                    reader
                        .execute("VACUUM INTO ?1", [copy.to_string_lossy()])
                        .map_err(|e| {
                            state_error(path, format!("cannot back up before upgrading: {e}"))
                        })?;
                    backup = Some(copy);
                }
                (v, backup)
            }
        };
        let conn = Connection::open(path).map_err(|e| db_error(path, e))?;
        refuse_read_only(&conn, path)?;
        let setup = |c: &Connection| -> rusqlite::Result<()> {
            c.busy_timeout(std::time::Duration::from_secs(5))?;
            c.pragma_update(None, "synchronous", "FULL")?;
            c.pragma_update(None, "foreign_keys", true)?;
            Ok(())
        };
        setup(&conn).map_err(|e| db_error(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            _lock: Some(lock),
        };
        store.migrate(from, backup.as_deref())?;
        // After migrating: a migration that stops leaves an older file's journal mode as it was.
        store
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// [`Store::open`] for commands that only make sense on existing state (`optimize`,
    /// `suspend`): a missing file is an error, and none is created.
    pub fn open_existing(path: &Path) -> Result<Store, Error> {
        if !path.exists() {
            return Err(state_error(path, NOT_THERE));
        }
        Store::open(path)
    }

    /// Opens an existing state file for reading only, without the session lock (a session
    /// may be writing meanwhile).
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        if !path.exists() {
            return Err(state_error(path, NOT_THERE));
        }
        let conn = match inspect(path)? {
            Found::Version(v, conn) if (READABLE_FROM..=SCHEMA_VERSION).contains(&v) => conn,
            Found::Fresh => {
                return Err(state_error(path, "empty: nothing has been studied yet"));
            }
            Found::Version(v, _) => {
                return Err(state_error(
                    path,
                    format!(
                        "schema v{v} is older than v{SCHEMA_VERSION}; a study session will upgrade it"
                    ),
                ));
            }
        };
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            _lock: None,
        })
    }

    /// The file this store reads.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An error of this file's. SQLite does not always call damage damage (a cell size read
    /// from a damaged page can make it run "out of memory"): any other failure of SQLite's
    /// is checked against damage before it is said (the cost of a quick check, on a failure
    /// only).
    fn err(&self, e: rusqlite::Error) -> Error {
        use rusqlite::ffi::ErrorCode;
        let unexplained = e.sqlite_error_code().is_some_and(|code| {
            !matches!(
                code,
                ErrorCode::DatabaseCorrupt
                    | ErrorCode::NotADatabase
                    | ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
            )
        });
        if unexplained && fails_quick_check(&self.conn).unwrap_or(false) {
            return damaged(&self.path, FAILS_QUICK_CHECK);
        }
        db_error(&self.path, e)
    }

    /// Migrates the file from version `from`, in one transaction. When a migration stops,
    /// nothing was written, and the copy made before it (`backup`) is removed.
    fn migrate(&mut self, from: i32, backup: Option<&Path>) -> Result<(), Error> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| db_error(&path, e))?;
        for version in from..SCHEMA_VERSION {
            MIGRATIONS[version as usize](&tx).map_err(|e| {
                if let Some(backup) = backup {
                    let _ = std::fs::remove_file(backup);
                }
                let upgrade = format!("cannot upgrade from v{version} to v{}", version + 1);
                match e {
                    Upgrade::Db(e) => state_error(&path, format!("{upgrade}: {e}")),
                    Upgrade::Value(what) => state_error(
                        &path,
                        format!(
                            "{upgrade}: {what}; the file was left untouched — correct or \
                             delete that row (e.g. with sqlite3), or move the file away"
                        ),
                    ),
                }
            })?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| db_error(&path, e))?;
        tx.commit().map_err(|e| db_error(&path, e))
    }

    /// Every card state, of one deck or all.
    pub fn states(&self, deck: Option<&str>) -> Result<HashMap<String, CardState>, Error> {
        Ok(self
            .cards(deck)?
            .into_iter()
            .map(|c| (c.id, c.state))
            .collect())
    }

    /// Every card with its deck, fact and content hash, of one deck or all, by id.
    pub fn cards(&self, deck: Option<&str>) -> Result<Vec<CardRecord>, Error> {
        let run = || -> rusqlite::Result<Vec<CardRecord>> {
            let sql = format!(
                "SELECT {CARD_COLUMNS} FROM cards WHERE ?1 IS NULL OR deck = ?1 ORDER BY id"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.query_map([deck], card_from_row)?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// The question due first (at or before `by`), of one deck or all, with its due time.
    pub fn first_due(
        &self,
        deck: Option<&str>,
        by: Timestamp,
    ) -> Result<Option<(String, Timestamp)>, Error> {
        self.conn
            .query_row(
                "SELECT id, due_ms FROM cards WHERE (?1 IS NULL OR deck = ?1) AND suspended = 0 \
                 AND due_ms IS NOT NULL AND due_ms <= ?2 ORDER BY due_ms, id LIMIT 1",
                params![deck, ms(by)],
                |r| Ok((r.get::<_, String>(0)?, from_ms(r.get(1)?))),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Records one answer in one transaction: the log row (with the state before, for undo)
    /// and the card's new state. Returns the log row id.
    pub fn record(&mut self, answer: &Answered) -> Result<i64, Error> {
        let run = |conn: &mut Connection| -> rusqlite::Result<i64> {
            let tx = conn.transaction()?;
            let (prior, fact) = match get_card(&tx, &answer.question)? {
                Some(card) => (card.state, card.fact),
                None => (CardState::new(), answer.fact.clone()),
            };
            put_card(
                &tx,
                &answer.question,
                &answer.deck,
                fact.as_deref(),
                &answer.state,
            )?;
            let id = insert_log(
                &tx,
                &NewLog {
                    at: answer.at,
                    question: &answer.question,
                    deck: &answer.deck,
                    rating: Some(answer.rating),
                    outcome: answer.outcome,
                    typed: answer.typed.as_deref(),
                    duration_ms: answer.duration_ms,
                    kind: answer.info.kind,
                    interval_before: answer.info.interval_before,
                    interval_after: answer.info.interval_after,
                    memory: answer.state.memory,
                    note: None,
                    prior: &prior,
                },
            )?;
            tx.commit()?;
            Ok(id)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Undoes the last answer (of one deck, or any): restores the card's state from before it
    /// and deletes its log row. Returns the question id, or `None` when there is no answer.
    pub fn undo_last(&mut self, deck: Option<&str>) -> Result<Option<String>, Error> {
        let run = |conn: &mut Connection| -> rusqlite::Result<Option<String>> {
            let tx = conn.transaction()?;
            let last: Option<(i64, String, String, String)> = tx
                .query_row(
                    "SELECT id, question, deck, prior FROM revlog \
                     WHERE kind <> 'manual' AND (?1 IS NULL OR deck = ?1) \
                     ORDER BY id DESC LIMIT 1",
                    [deck],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((id, question, deck, prior)) = last else {
                return Ok(None);
            };
            let prior: StoredState = serde_json::from_str(&prior).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?;
            put_card(&tx, &question, &deck, None, &prior.into())?;
            tx.execute("DELETE FROM revlog WHERE id = ?1", [id])?;
            // A suspend (or unsuspend) of that question since the answer goes with it: the
            // restored state is from before both, and the log must say the same.
            tx.execute(
                "DELETE FROM revlog WHERE question = ?1 AND kind = 'manual' AND id > ?2",
                params![question, id],
            )?;
            tx.commit()?;
            Ok(Some(question))
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Makes the store know a deck's questions. Unknown ones are added as new; a known one
    /// whose content hash changed (its answer changed) is learnt again from the start, due `now`.
    /// Returns the ids whose answers changed.
    pub fn sync_cards(
        &mut self,
        deck: &str,
        cards: &[CardKey],
        now: Timestamp,
    ) -> Result<Vec<String>, Error> {
        let path = self.path.clone();
        // `Err((id, other deck))` when a question id already belongs to another deck: the
        // transaction is dropped (nothing changes) rather than moving that deck's history.
        type Synced = Result<Vec<String>, (String, String)>;
        let run = |conn: &mut Connection| -> rusqlite::Result<Synced> {
            let tx = conn.transaction()?;
            // How each stored hash compares, before anything is written: a question of a
            // fact can only be judged with its siblings' changes known.
            #[derive(PartialEq)]
            enum Stored {
                Same,
                Earlier,
                Changed,
            }
            let mut stored = Vec::with_capacity(cards.len());
            let mut facts_changed: Vec<&str> = Vec::new();
            for key in cards {
                let card = get_card(&tx, &key.id)?;
                let how = match card.as_ref().and_then(|c| c.content_hash.as_deref()) {
                    None => Stored::Same,
                    Some(h) if h == key.hash => Stored::Same,
                    Some(h) if key.earlier_hashes.iter().any(|e| e == h) => Stored::Earlier,
                    Some(_) => Stored::Changed,
                };
                if how == Stored::Changed
                    && let Some(fact) = &key.fact
                {
                    facts_changed.push(fact);
                }
                stored.push((card, how));
            }
            let mut changed = Vec::new();
            for (key, (card, how)) in cards.iter().zip(stored) {
                let CardKey { id, fact, hash, .. } = key;
                match card {
                    Some(card) if card.deck != deck => return Ok(Err((id.clone(), card.deck))),
                    None => {
                        tx.prepare_cached(
                            "INSERT INTO cards (id, deck, fact, content_hash, phase) \
                             VALUES (?1, ?2, ?3, ?4, 'new')",
                        )?
                        .execute(params![id, deck, fact, hash])?;
                    }
                    Some(card) => {
                        let sibling_changed = key.whole_fact
                            && how == Stored::Earlier
                            && fact.as_deref().is_some_and(|f| facts_changed.contains(&f));
                        if (how == Stored::Changed || sibling_changed)
                            && card.state.phase != Phase::New
                        {
                            let state = card.state.answer_changed(now);
                            put_card(&tx, id, deck, None, &state)?;
                            insert_log(
                                &tx,
                                &NewLog {
                                    at: now,
                                    question: id,
                                    deck,
                                    rating: None,
                                    outcome: None,
                                    typed: None,
                                    duration_ms: 0,
                                    kind: ReviewKind::Manual,
                                    interval_before: 0.0,
                                    interval_after: 0.0,
                                    memory: state.memory,
                                    note: Some("answer-changed"),
                                    prior: &card.state,
                                },
                            )?;
                            changed.push(id.clone());
                        }
                        tx.prepare_cached(
                            "UPDATE cards SET deck = ?2, fact = ?3, content_hash = ?4 WHERE id = ?1",
                        )?
                        .execute(params![id, deck, fact, hash])?;
                    }
                }
            }
            tx.commit()?;
            Ok(Ok(changed))
        };
        match run(&mut self.conn).map_err(|e| self.err(e))? {
            Ok(changed) => Ok(changed),
            Err((id, other)) => {
                let theirs: std::collections::HashSet<String> =
                    (self.cards(Some(&other))?.into_iter())
                        .map(|card| card.id)
                        .collect();
                let shared = cards.iter().filter(|c| theirs.contains(&c.id)).count();
                let counts = (shared, cards.len(), theirs.len());
                Err(taken_ids((deck, &other), &id, counts, &path))
            }
        }
    }

    /// Suspends (or unsuspends) a question; logged as a manual change. Returns whether that
    /// changed it (`Some(false)`: it already was), `None` when the question is unknown.
    pub fn set_suspended(
        &mut self,
        id: &str,
        suspended: bool,
        now: Timestamp,
    ) -> Result<Option<bool>, Error> {
        let run = |conn: &mut Connection| -> rusqlite::Result<Option<bool>> {
            let tx = conn.transaction()?;
            let Some(card) = get_card(&tx, id)? else {
                return Ok(None);
            };
            let changes = card.state.suspended != suspended;
            if changes {
                let state = CardState {
                    suspended,
                    ..card.state.clone()
                };
                put_card(&tx, id, &card.deck, None, &state)?;
                insert_log(
                    &tx,
                    &NewLog {
                        at: now,
                        question: id,
                        deck: &card.deck,
                        rating: None,
                        outcome: None,
                        typed: None,
                        duration_ms: 0,
                        kind: ReviewKind::Manual,
                        interval_before: 0.0,
                        interval_after: 0.0,
                        memory: state.memory,
                        note: Some(if suspended { "suspend" } else { "unsuspend" }),
                        prior: &card.state,
                    },
                )?;
            }
            tx.commit()?;
            Ok(Some(changes))
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    /// Remembers where deck `id`'s file is (the latest path wins), for `recall study` alone.
    pub fn remember_deck(&mut self, id: &str, path: &Path, now: Timestamp) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO decks (id, path, studied_ms) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (id) DO UPDATE SET path = ?2, studied_ms = ?3",
                params![id, path.to_string_lossy(), ms(now)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The decks studied with this file, `(id, path)` by id.
    pub fn known_decks(&self) -> Result<Vec<(String, PathBuf)>, Error> {
        let run = || -> rusqlite::Result<Vec<(String, PathBuf)>> {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, path FROM decks ORDER BY id")?;
            stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    PathBuf::from(r.get::<_, String>(1)?),
                ))
            })?
            .collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Every deck id the file has questions, history or a path of, sorted.
    pub fn deck_ids(&self) -> Result<Vec<String>, Error> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT deck FROM cards UNION SELECT deck FROM revlog UNION SELECT id FROM decks \
                 ORDER BY 1",
            )?;
            stmt.query_map([], |r| r.get::<_, String>(0))?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Suspends a question (see [`Store::set_suspended`]).
    pub fn suspend(&mut self, id: &str, now: Timestamp) -> Result<Option<bool>, Error> {
        self.set_suspended(id, true, now)
    }

    /// The FSRS parameters for a deck: its own, else those fitted on all decks, else `None`
    /// (use the defaults).
    pub fn params(&self, deck: Option<&str>) -> Result<Option<Vec<f32>>, Error> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT params FROM params WHERE deck = ?1 OR deck = '' \
                 ORDER BY deck = '' LIMIT 1",
                [deck.unwrap_or("")],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        text.map(|t| {
            serde_json::from_str(&t)
                .map_err(|e| state_error(&self.path, format!("bad stored parameters: {e}")))
        })
        .transpose()
    }

    /// Stores fitted parameters for a deck (`None`: for all decks), fitted on `reviews`.
    pub fn set_params(
        &mut self,
        deck: Option<&str>,
        params: &[f32],
        reviews: usize,
        now: Timestamp,
    ) -> Result<(), Error> {
        let text = serde_json::to_string(params).expect("floats serialise");
        self.conn
            .execute(
                "INSERT INTO params (deck, params, reviews, updated_ms) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (deck) DO UPDATE SET params = ?2, reviews = ?3, updated_ms = ?4",
                params![deck.unwrap_or(""), text, reviews as i64, ms(now)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Ids of questions with answers in the log (to find questions no longer in a deck).
    pub fn question_ids_with_history(&self, deck: Option<&str>) -> Result<Vec<String>, Error> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT question FROM revlog WHERE (?1 IS NULL OR deck = ?1) \
                 AND kind <> 'manual' ORDER BY question",
            )?;
            stmt.query_map([deck], |r| r.get(0))?.collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// The review log (of one deck or all) in time order.
    pub fn log(&self, deck: Option<&str>) -> Result<Vec<LogEntry>, Error> {
        let run = || -> rusqlite::Result<Vec<LogEntry>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, at_ms, question, deck, rating, outcome, typed, duration_ms, kind, \
                 interval_before, interval_after, stability, difficulty, note FROM revlog \
                 WHERE ?1 IS NULL OR deck = ?1 ORDER BY at_ms, id",
            )?;
            stmt.query_map([deck], |r| {
                let kind: String = r.get(8)?;
                Ok(LogEntry {
                    id: r.get(0)?,
                    at: from_ms(r.get(1)?),
                    question: r.get(2)?,
                    deck: r.get(3)?,
                    rating: r.get::<_, Option<u32>>(4)?.and_then(Rating::from_number),
                    outcome: r
                        .get::<_, Option<String>>(5)?
                        .and_then(|o| Outcome::from_name(&o)),
                    typed: r.get(6)?,
                    duration_ms: r.get::<_, i64>(7)?.max(0) as u64,
                    kind: ReviewKind::from_name(&kind).unwrap_or(ReviewKind::Manual),
                    interval_before: r.get(9)?,
                    interval_after: r.get(10)?,
                    stability: r.get(11)?,
                    difficulty: r.get(12)?,
                    note: r.get(13)?,
                })
            })?
            .collect()
        };
        run().map_err(|e| self.err(e))
    }

    /// Every card's state rebuilt from the log alone, replaying answers and manual changes
    /// through the scheduler of each deck (`scheduler(deck)`). With the schedulers used when
    /// answering, this equals [`Store::states`] (for a log kept before 2026-11-29, an answer
    /// change then sent a question to relearning with its memory kept, which a replay now
    /// starts afresh).
    pub fn rebuild_from_log(
        &self,
        scheduler: impl Fn(&str) -> Scheduler,
    ) -> Result<HashMap<String, CardState>, Error> {
        let mut states: HashMap<String, CardState> = HashMap::new();
        let mut schedulers: HashMap<String, Scheduler> = HashMap::new();
        for entry in self.log(None)? {
            if !schedulable(entry.at) {
                return Err(state_error(
                    &self.path,
                    format!(
                        "table `revlog`, row {}: at_ms is not the milliseconds since 1970 of \
                         {VALID_TIMES}; correct or delete that row (e.g. with sqlite3)",
                        entry.id
                    ),
                ));
            }
            let sched = schedulers
                .entry(entry.deck.clone())
                .or_insert_with(|| scheduler(&entry.deck));
            let state = states.entry(entry.question.clone()).or_default();
            *state = replay(sched, state, &entry);
        }
        Ok(states)
    }

    /// Sets anew the memory (stability and difficulty) of the questions of `deck` (`None`:
    /// of every deck without parameters of its own), replaying the log through `scheduler`,
    /// which has the parameters just fitted: the schedule (due dates, phases, intervals) is
    /// kept, as Anki keeps it when it computes memory states on new parameters; the next
    /// answers then go on from a memory the parameters would have given. Returns how many
    /// questions changed.
    pub fn recompute_memories(
        &mut self,
        deck: Option<&str>,
        scheduler: &Scheduler,
    ) -> Result<usize, Error> {
        let own: Vec<String> = if deck.is_some() {
            Vec::new()
        } else {
            let mut stmt = (self.conn)
                .prepare("SELECT deck FROM params WHERE deck <> ''")
                .map_err(|e| self.err(e))?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))?
        };
        let rebuilt = self.rebuild_from_log(|_| scheduler.clone())?;
        let cards = self.cards(deck)?;
        let path = self.path.clone();
        let run = |conn: &mut Connection| -> rusqlite::Result<usize> {
            let tx = conn.transaction()?;
            let mut changed = 0;
            for card in cards.iter().filter(|c| !own.contains(&c.deck)) {
                let Some(memory) = rebuilt.get(&card.id).and_then(|s| s.memory) else {
                    continue;
                };
                if card.state.memory == Some(memory) {
                    continue;
                }
                tx.prepare_cached(
                    "UPDATE cards SET stability = ?2, difficulty = ?3 WHERE id = ?1",
                )?
                .execute(params![card.id, memory.stability, memory.difficulty])?;
                changed += 1;
            }
            tx.commit()?;
            Ok(changed)
        };
        run(&mut self.conn).map_err(|e| db_error(&path, e))
    }

    /// Imports answers made elsewhere, `(question, time, rating, duration ms)`, into `deck`
    /// in one transaction, replaying them through `scheduler` to give every question its
    /// state. Refuses (importing nothing) when one of the questions already has history, or
    /// an answer's time is not [`schedulable`].
    pub fn import(
        &mut self,
        deck: &str,
        answers: &[(String, Timestamp, Rating, u64)],
        scheduler: &Scheduler,
    ) -> Result<usize, Error> {
        let path = self.path.clone();
        if let Some((q, at, ..)) = answers.iter().find(|a| !schedulable(a.1)) {
            return Err(Error::State(format!(
                "question `{q}`: answer time {at} is not {VALID_TIMES}; nothing was imported"
            )));
        }
        let mut by_question: HashMap<&str, Vec<&(String, Timestamp, Rating, u64)>> = HashMap::new();
        for a in answers {
            by_question.entry(&a.0).or_default().push(a);
        }
        let mut questions: Vec<&str> = by_question.keys().copied().collect();
        questions.sort_unstable();
        let tx = self.conn.transaction().map_err(|e| db_error(&path, e))?;
        for q in &questions {
            let has: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM revlog WHERE question = ?1)",
                    [q],
                    |r| r.get(0),
                )
                .map_err(|e| db_error(&path, e))?;
            if has {
                return Err(Error::State(format!(
                    "question `{q}` already has history in {}; nothing was imported",
                    display_path(&path)
                )));
            }
        }
        let run = |tx: &Transaction<'_>| -> rusqlite::Result<usize> {
            let mut count = 0;
            for q in &questions {
                let mut list = by_question[q].clone();
                list.sort_by_key(|a| a.1);
                let mut state = match get_card(tx, q)? {
                    Some(card) => card.state,
                    None => CardState::new(),
                };
                for &&(_, at, rating, duration_ms) in &list {
                    let (after, info) = scheduler.answer(&state, rating, at, q);
                    let after = stored(&after);
                    put_card(tx, q, deck, None, &after)?;
                    insert_log(
                        tx,
                        &NewLog {
                            at,
                            question: q,
                            deck,
                            rating: Some(rating),
                            outcome: None,
                            typed: None,
                            duration_ms,
                            kind: info.kind,
                            interval_before: info.interval_before,
                            interval_after: info.interval_after,
                            memory: after.memory,
                            note: None,
                            prior: &state,
                        },
                    )?;
                    state = after;
                    count += 1;
                }
            }
            Ok(count)
        };
        let count = run(&tx).map_err(|e| db_error(&path, e))?;
        tx.commit().map_err(|e| db_error(&path, e))?;
        Ok(count)
    }
}

/// The state after one log entry.
fn replay(sched: &Scheduler, state: &CardState, entry: &LogEntry) -> CardState {
    match (entry.kind, entry.rating, entry.note.as_deref()) {
        (ReviewKind::Cram, _, _) => state.clone(),
        (_, Some(rating), _) => stored(&sched.answer(state, rating, entry.at, &entry.question).0),
        (_, None, Some("suspend")) => CardState {
            suspended: true,
            ..state.clone()
        },
        (_, None, Some("unsuspend")) => CardState {
            suspended: false,
            ..state.clone()
        },
        (_, None, Some("answer-changed")) => stored(&state.answer_changed(entry.at)),
        _ => state.clone(),
    }
}

/// v3 holds content hashes in a new form (`question::HashForm::Graded`), written as each
/// deck is next studied; the tables are as in v2. The version says so to earlier recalls: they
/// would take every hash they cannot compute for a changed answer and relearn the question, so
/// they refuse the file as newer (and the v2 copy made before this upgrade is theirs).
fn migrate_v2_to_v3(_: &Transaction<'_>) -> Result<(), Upgrade> {
    Ok(())
}

/// v2 adds `decks`: where each studied deck's file is, so `recall study` without arguments
/// finds them again. Additive: nothing else changes.
fn migrate_v1_to_v2(tx: &Transaction<'_>) -> Result<(), Upgrade> {
    tx.execute_batch(
        "CREATE TABLE decks (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            studied_ms INTEGER NOT NULL
        );",
    )?;
    Ok(())
}

/// One row of a v0 file's `reviews` table, checked.
struct V0Review {
    row: i64,
    question: String,
    deck: String,
    at: Timestamp,
    rating: Rating,
}

/// Reads and checks every row of a v0 `reviews` table before anything is written: a value
/// recall cannot carry over is named by its row and column, with what is valid there.
fn v0_reviews(tx: &Transaction<'_>) -> Result<Vec<V0Review>, Upgrade> {
    use rusqlite::types::Value;
    let rows: Vec<[Value; 5]> = tx
        .prepare("SELECT rowid, question, deck, at_ms, rating FROM reviews ORDER BY rowid")?
        .query_map([], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut reviews = Vec::with_capacity(rows.len());
    for (index, [row, question, deck, at_ms, rating]) in rows.into_iter().enumerate() {
        // (A column the prototype named `rowid` would hide the rowid: then its place.)
        let row = match row {
            Value::Integer(row) => row,
            _ => index as i64 + 1,
        };
        let bad = |column: &str, value: &Value, valid: &str| {
            let value = match value {
                Value::Null => "empty (NULL)".to_string(),
                Value::Integer(n) => n.to_string(),
                Value::Real(x) => x.to_string(),
                Value::Text(text) => {
                    let short: String = text.chars().take(40).collect();
                    let more = if short.len() < text.len() { "…" } else { "" };
                    format!("`{}{more}`", crate::terminal::sanitize(&short))
                }
                Value::Blob(bytes) => format!("{} bytes of binary data", bytes.len()),
            };
            Upgrade::Value(format!(
                "table `reviews`, row {row}: {column} is {value}; valid: {valid}"
            ))
        };
        let text = |column: &str, value: Value| match value {
            Value::Text(text) => Ok(text),
            other => Err(bad(column, &other, "text")),
        };
        let question = text("question", question)?;
        let deck = text("deck", deck)?;
        let at = match at_ms {
            Value::Integer(ms) => Timestamp::from_millisecond(ms)
                .ok()
                .filter(|&at| schedulable(at)),
            _ => None,
        }
        .ok_or_else(|| {
            bad(
                "at_ms",
                &at_ms,
                &format!("the milliseconds since 1970 of {VALID_TIMES}"),
            )
        })?;
        let rating = match rating {
            Value::Integer(n) => u32::try_from(n).ok().and_then(Rating::from_number),
            _ => None,
        }
        .ok_or_else(|| {
            bad(
                "rating",
                &rating,
                "1 (again), 2 (hard), 3 (good) or 4 (easy)",
            )
        })?;
        reviews.push(V0Review {
            row,
            question,
            deck,
            at,
            rating,
        });
    }
    // Each question's answers in time order (rows of one time in the order they were added).
    reviews.sort_by(|a, b| (&a.question, a.at, a.row).cmp(&(&b.question, b.at, b.row)));
    Ok(reviews)
}

/// v0 (the first prototype) kept only `reviews(question, deck, at_ms, rating)`. v1 adds card
/// states, the full review log and parameters; old reviews are replayed with the default
/// scheduler into the new log.
fn migrate_v0_to_v1(tx: &Transaction<'_>) -> Result<(), Upgrade> {
    let legacy: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'reviews')",
        [],
        |r| r.get(0),
    )?;
    // Before anything is written.
    let reviews = if legacy { v0_reviews(tx)? } else { Vec::new() };
    tx.execute_batch(
        "CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            deck TEXT NOT NULL,
            fact TEXT,
            content_hash TEXT,
            phase TEXT NOT NULL CHECK (phase IN ('new', 'learning', 'review', 'relearning')),
            step INTEGER NOT NULL DEFAULT 0,
            stability REAL,
            difficulty REAL,
            due_ms INTEGER,
            last_review_ms INTEGER,
            interval_days INTEGER NOT NULL DEFAULT 0,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX cards_deck_due ON cards (deck, due_ms);
        CREATE TABLE revlog (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            question TEXT NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
            deck TEXT NOT NULL,
            rating INTEGER CHECK (rating BETWEEN 1 AND 4),
            outcome TEXT CHECK (outcome IN ('correct', 'close', 'wrong')),
            typed TEXT,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL CHECK (kind IN ('learn', 'review', 'relearn', 'cram', 'manual')),
            interval_before REAL NOT NULL DEFAULT 0,
            interval_after REAL NOT NULL DEFAULT 0,
            stability REAL,
            difficulty REAL,
            note TEXT,
            prior TEXT NOT NULL,
            CHECK ((kind = 'manual') = (rating IS NULL))
        );
        CREATE INDEX revlog_question ON revlog (question, at_ms);
        CREATE INDEX revlog_deck_at ON revlog (deck, at_ms);
        CREATE TABLE params (
            deck TEXT PRIMARY KEY,
            params TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL
        );",
    )?;
    if !legacy {
        return Ok(());
    }
    let sched = Scheduler::with_defaults();
    let mut state = CardState::new();
    let mut current: Option<&str> = None;
    for V0Review {
        question,
        deck,
        at,
        rating,
        ..
    } in &reviews
    {
        if current != Some(question.as_str()) {
            state = CardState::new();
            current = Some(question);
        }
        let (at, rating) = (*at, *rating);
        let (after, info) = sched.answer(&state, rating, at, question);
        let after = stored(&after);
        put_card(tx, question, deck, None, &after)?;
        insert_log(
            tx,
            &NewLog {
                at,
                question,
                deck,
                rating: Some(rating),
                outcome: None,
                typed: None,
                duration_ms: 0,
                kind: info.kind,
                interval_before: info.interval_before,
                interval_after: info.interval_after,
                memory: after.memory,
                note: None,
                prior: &state,
            },
        )?;
        state = after;
    }
    tx.execute_batch("DROP TABLE reviews")?;
    Ok(())
}

#[cfg(test)]
mod tests;
