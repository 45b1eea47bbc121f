use super::*;
use crate::schedule::DayClock;
use jiff::SignedDuration;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A fresh store in a temporary folder (kept alive by the returned guard).
fn check() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("recall.db");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

/// Answers `id` with `rating` at `at` through the scheduler and records it.
fn answer(
    store: &mut Store,
    sched: &Scheduler,
    id: &str,
    deck: &str,
    rating: Rating,
    at: Timestamp,
) {
    let before = store.states(None).unwrap().remove(id).unwrap_or_default();
    let (after, info) = sched.answer(&before, rating, at, id);
    let mut a = Answered::new(id, deck, at, rating, after, info);
    a.outcome = Some(if rating == Rating::Again {
        Outcome::Wrong
    } else {
        Outcome::Correct
    });
    a.typed = Some("typed".into());
    a.duration_ms = 4200;
    store.record(&a).unwrap();
}

#[test]
fn record_and_read_back() {
    let (_dir, path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let now = ts("2024-05-01T09:00:00.123456Z");
    store
        .sync_cards(
            "d",
            &[CardKey::new("f/cloze/1", Some("f".into()), "h")],
            now,
        )
        .unwrap();
    answer(&mut store, &sched, "f/cloze/1", "d", Rating::Good, now);
    let cards = store.cards(Some("d")).unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].fact.as_deref(), Some("f"));
    assert_eq!(cards[0].state.phase, Phase::Learning(1));
    assert_eq!(cards[0].state.reps, 1);
    let log = store.log(None).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating, Some(Rating::Good));
    assert_eq!(log[0].outcome, Some(Outcome::Correct));
    assert_eq!(log[0].kind, ReviewKind::Learn);
    assert_eq!(log[0].duration_ms, 4200);
    assert_eq!(log[0].at, ts("2024-05-01T09:00:00.123Z"));
    assert!((log[0].interval_after - 600.0 / 86400.0).abs() < 1e-9);
    assert!(store.states(Some("other")).unwrap().is_empty());
    assert_eq!(
        store.question_ids_with_history(Some("d")).unwrap(),
        ["f/cloze/1"]
    );
    let due = store
        .first_due(Some("d"), now + SignedDuration::from_mins(11))
        .unwrap();
    assert_eq!(due.map(|d| d.0).as_deref(), Some("f/cloze/1"));
    drop(store);
    // Reopening keeps everything.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.cards(Some("d")).unwrap(), cards);
}

#[test]
fn undo_restores_the_previous_state_exactly() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let mut now = ts("2024-05-01T09:00:00Z");
    answer(&mut store, &sched, "a", "d", Rating::Good, now);
    now += SignedDuration::from_mins(10);
    answer(&mut store, &sched, "a", "d", Rating::Good, now);
    let before = store.states(None).unwrap();
    let log_before = store.log(None).unwrap();
    now += SignedDuration::from_hours(72);
    answer(&mut store, &sched, "a", "d", Rating::Again, now);
    assert_ne!(store.states(None).unwrap(), before);
    assert_eq!(store.undo_last(None).unwrap().as_deref(), Some("a"));
    assert_eq!(store.states(None).unwrap(), before);
    assert_eq!(store.log(None).unwrap(), log_before);
    // Undo all the way, then nothing is left to undo.
    assert_eq!(store.undo_last(Some("d")).unwrap().as_deref(), Some("a"));
    assert_eq!(store.undo_last(Some("d")).unwrap().as_deref(), Some("a"));
    assert_eq!(store.states(None).unwrap()["a"], CardState::new());
    assert_eq!(store.undo_last(None).unwrap(), None);
}

#[test]
fn undo_takes_back_a_suspend_that_followed_the_answer() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let now = ts("2024-05-01T09:00:00Z");
    answer(&mut store, &sched, "a", "d", Rating::Good, now);
    let before = store.states(None).unwrap();
    let log_before = store.log(None).unwrap();
    answer(
        &mut store,
        &sched,
        "a",
        "d",
        Rating::Good,
        now + SignedDuration::from_mins(10),
    );
    let later = now + SignedDuration::from_mins(11);
    assert_eq!(store.suspend("a", later).unwrap(), Some(true));
    assert!(store.states(None).unwrap()["a"].suspended);
    assert_eq!(
        store.suspend("a", later).unwrap(),
        Some(false),
        "already suspended"
    );
    assert_eq!(store.suspend("nope", later).unwrap(), None);
    assert_eq!(store.undo_last(Some("d")).unwrap().as_deref(), Some("a"));
    assert_eq!(store.states(None).unwrap(), before);
    assert_eq!(store.log(None).unwrap(), log_before);
    let rebuilt = store.rebuild_from_log(|_| sched.clone()).unwrap();
    assert_eq!(rebuilt, store.states(None).unwrap());
}

#[test]
fn rebuild_from_log_matches_stored_states() {
    let (_dir, _path, mut store) = check();
    let settings = crate::deck::Settings {
        leech_threshold: 3,
        ..Default::default()
    };
    let sched = Scheduler::new(&settings, None, DayClock::default()).unwrap();
    let mut now = ts("2024-01-01T08:00:00Z");
    // A small deterministic generator.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let ids: Vec<String> = (0..40)
        .map(|i| format!("fact-{}/cloze/{}", i / 2, i % 2))
        .collect();
    for step in 0..1500 {
        let r = next();
        let id = &ids[(r % 40) as usize];
        let rating = Rating::from_number(1 + ((r >> 8) % 4) as u32).unwrap();
        now += SignedDuration::from_secs(((r >> 16) % 200_000) as i64 + 1);
        answer(
            &mut store,
            &sched,
            id,
            if r % 3 == 0 { "x" } else { "y" },
            rating,
            now,
        );
        if step % 97 == 0 {
            store.suspend(id, now).unwrap();
        }
        if step % 131 == 0 {
            store.set_suspended(id, false, now).unwrap();
        }
        if step % 173 == 0 {
            let deck = store
                .cards(None)
                .unwrap()
                .into_iter()
                .find(|c| &c.id == id)
                .unwrap()
                .deck;
            let changed = store
                .sync_cards(
                    &deck,
                    &[CardKey::new(id.clone(), None, format!("hash-{step}"))],
                    now,
                )
                .unwrap();
            assert!(changed.len() <= 1);
        }
        if step % 211 == 0 {
            store.undo_last(None).unwrap();
        }
    }
    let states = store.states(None).unwrap();
    let rebuilt = store.rebuild_from_log(|_| sched.clone()).unwrap();
    assert_eq!(rebuilt.len(), states.len());
    for (id, state) in &states {
        assert_eq!(&rebuilt[id], state, "{id}");
    }
    assert!(states.values().any(|s| s.leech));
    assert!(states.values().any(|s| s.phase == Phase::Review));
}

#[test]
fn a_second_session_is_refused_and_readers_still_read() {
    let (_dir, path, mut store) = check();
    let sched = Scheduler::with_defaults();
    answer(
        &mut store,
        &sched,
        "a",
        "d",
        Rating::Good,
        ts("2024-05-01T09:00:00Z"),
    );
    let err = Store::open(&path).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "state file {} is in use by another recall session (pid {})",
            display_path(&path),
            std::process::id()
        )
    );
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.states(None).unwrap().len(), 1);
    // The reader sees answers committed after it opened.
    answer(
        &mut store,
        &sched,
        "b",
        "d",
        Rating::Good,
        ts("2024-05-01T09:01:00Z"),
    );
    assert_eq!(reader.states(None).unwrap().len(), 2);
    drop(store);
    // Lock released on drop.
    let again = Store::open(&path).unwrap();
    assert_eq!(again.states(None).unwrap().len(), 2);
}

fn assert_refused_untouched(path: &Path, bytes: &[u8], message: &str) {
    for side in ["recall.db-wal", "recall.db-shm"] {
        let _ = std::fs::remove_file(path.with_file_name(side));
    }
    std::fs::write(path, bytes).unwrap();
    // Refused on opening, or at the latest on reading.
    let read = |store: Result<Store, Error>| -> Error {
        match store {
            Err(e) => e,
            Ok(store) => match store.cards(None).and_then(|_| store.log(None)) {
                Err(e) => e,
                Ok(_) => panic!("{message}: damage not found"),
            },
        }
    };
    let err = read(Store::open(path));
    assert!(matches!(err, Error::State(_)), "{err:?}");
    assert!(err.to_string().contains(message), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    let err = read(Store::open_read_only(path));
    assert!(err.to_string().contains(message), "{err}");
    assert_eq!(std::fs::read(path).unwrap(), bytes, "file changed");
}

#[test]
fn a_folder_is_no_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("states");
    std::fs::create_dir(&folder).unwrap();
    for err in [
        Store::open(&folder).err(),
        Store::open_read_only(&folder).err(),
    ] {
        let err = err.expect("a folder is refused");
        assert!(matches!(err, Error::State(_)), "{err:?}");
        assert!(err.to_string().contains("is a folder"), "{err}");
    }
    // Nothing made beside it (no lock file).
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}

#[test]
fn garbage_truncated_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recall.db");
    assert_refused_untouched(
        &path,
        b"hello, this is not a database at all",
        "not a recall database",
    );
    // A real database cut short.
    let good = dir.path().join("good.db");
    {
        let mut store = Store::open(&good).unwrap();
        let sched = Scheduler::with_defaults();
        for i in 0..300 {
            answer(
                &mut store,
                &sched,
                &format!("q{i}"),
                "d",
                Rating::Good,
                ts("2024-05-01T09:00:00Z"),
            );
        }
    }
    let bytes = std::fs::read(&good).unwrap();
    assert!(bytes.len() > 8192);
    assert_refused_untouched(&path, &bytes[..bytes.len() / 2], "damaged");
    // Garbage over the pages after the header.
    let mut scrambled = bytes.clone();
    for b in &mut scrambled[4096..] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    assert_refused_untouched(&path, &scrambled, "damaged");
    // A newer schema.
    let newer = dir.path().join("newer.db");
    {
        let c = Connection::open(&newer).unwrap();
        c.execute_batch("CREATE TABLE cards (id TEXT); PRAGMA user_version = 7;")
            .unwrap();
    }
    let bytes = std::fs::read(&newer).unwrap();
    assert_refused_untouched(&path, &bytes, "written by a newer recall (schema v7");
    assert_refused_untouched(&path, &bytes[..100], "damaged");
    // Someone else's database.
    let other = dir.path().join("other.db");
    {
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE invoices (id INTEGER);")
            .unwrap();
    }
    let bytes = std::fs::read(&other).unwrap();
    assert_refused_untouched(&path, &bytes, "not a recall database (tables: invoices)");
}

#[test]
fn migrates_a_v0_file_after_backing_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recall.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE reviews (question TEXT NOT NULL, deck TEXT NOT NULL, \
             at_ms INTEGER NOT NULL, rating INTEGER NOT NULL);",
        )
        .unwrap();
        let t0 = ts("2024-02-01T10:00:00Z").as_millisecond();
        for (q, dt_min, rating) in [("a", 0, 3), ("a", 10, 3), ("a", 3 * 1440, 3), ("b", 5, 1)] {
            c.execute(
                "INSERT INTO reviews VALUES (?1, 'deck', ?2, ?3)",
                params![q, t0 + dt_min * 60_000, rating],
            )
            .unwrap();
        }
    }
    let original = std::fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    let backup = dir.path().join("recall.db.bak-v0");
    assert!(backup.exists());
    let c = Connection::open(&backup).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 4);
    assert!(!original.is_empty());
    let version: i32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let states = store.states(Some("deck")).unwrap();
    assert_eq!(states["a"].phase, Phase::Review);
    assert_eq!(states["a"].reps, 3);
    assert_eq!(states["b"].phase, Phase::Learning(0));
    assert_eq!(store.log(None).unwrap().len(), 4);
    assert_eq!(
        store
            .rebuild_from_log(|_| Scheduler::with_defaults())
            .unwrap(),
        states
    );
    drop(store);
    // Opening again does not back up again.
    drop(Store::open(&path).unwrap());
    assert!(!dir.path().join("recall.db.bak-v0.2").exists());
}

/// A v2 file (hashes of before v3) is read as it is, and upgraded after a copy is made: the
/// copy is for an earlier recall, which refuses the v3 file (it would take every hash of the
/// new form for a changed answer: review).
#[test]
fn a_v2_file_is_read_as_it_is_and_upgraded_after_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recall.db");
    {
        let mut store = Store::open(&path).unwrap();
        let now = ts("2024-05-01T09:00:00Z");
        store
            .sync_cards(
                "d",
                &[CardKey::new("f/cloze/1", Some("f".into()), "h")],
                now,
            )
            .unwrap();
        store.conn.pragma_update(None, "user_version", 2).unwrap();
    }
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.cards(None).unwrap().len(), 1);
    drop(reader);
    let store = Store::open(&path).unwrap();
    let version: i32 = (store.conn)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, SCHEMA_VERSION), (3, 3));
    let copy = Connection::open(dir.path().join("recall.db.bak-v2")).unwrap();
    let copied: i32 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied, 2);
}

/// A generated true/false question matched through an earlier hash (which covered its
/// evidence only) changed when another question of its fact changed (review).
#[test]
fn a_whole_fact_question_changes_with_its_siblings_through_an_earlier_hash() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let now = ts("2024-05-01T09:00:00Z");
    let key = |id: &str, fact: &str, hash: &str, earlier: &[&str], whole: bool| CardKey {
        earlier_hashes: earlier.iter().map(|h| h.to_string()).collect(),
        whole_fact: whole,
        ..CardKey::new(id, Some(fact.into()), hash)
    };
    let ids = ["f/cloze/1", "f/true-false/1", "g/cloze/1", "g/true-false/1"];
    let before = [
        key(ids[0], "f", "old-f1", &[], false),
        key(ids[1], "f", "old-ftf", &[], true),
        key(ids[2], "g", "old-g1", &[], false),
        key(ids[3], "g", "old-gtf", &[], true),
    ];
    store.sync_cards("d", &before, now).unwrap();
    for id in ids {
        answer(&mut store, &sched, id, "d", Rating::Good, now);
    }
    // Upgraded: fact f's cloze changed; g's did not. Each true/false question matches
    // through its earlier (evidence) hash.
    let after = [
        key(ids[0], "f", "new-f1", &["other"], false),
        key(ids[1], "f", "new-ftf", &["old-ftf"], true),
        key(ids[2], "g", "new-g1", &["old-g1"], false),
        key(ids[3], "g", "new-gtf", &["old-gtf"], true),
    ];
    let later = ts("2024-05-02T09:00:00Z");
    let changed = store.sync_cards("d", &after, later).unwrap();
    assert_eq!(changed, ["f/cloze/1", "f/true-false/1"]);
}

#[test]
fn changed_answers_are_learnt_again() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let now = ts("2024-05-01T09:00:00Z");
    let cards = |h: &str| {
        vec![
            CardKey::new("f/cloze/1", Some("f".into()), "h1"),
            CardKey::new("f/cloze/2", Some("f".into()), h),
            CardKey::new("g/cloze/1", Some("g".into()), h),
        ]
    };
    assert!(store.sync_cards("d", &cards("h1"), now).unwrap().is_empty());
    answer(&mut store, &sched, "f/cloze/2", "d", Rating::Easy, now);
    let later = now + SignedDuration::from_hours(24);
    // g/cloze/1 was never answered: nothing to learn again.
    assert_eq!(
        store.sync_cards("d", &cards("h2"), later).unwrap(),
        ["f/cloze/2"]
    );
    let s = &store.states(None).unwrap()["f/cloze/2"];
    assert_eq!(s.phase, Phase::Learning(0));
    assert_eq!(s.memory, None);
    assert_eq!(s.due, Some(later));
    assert!(
        store
            .sync_cards("d", &cards("h2"), later)
            .unwrap()
            .is_empty()
    );
    // A hash in any form an earlier version computed counts as unchanged, and is replaced:
    // here the stored one is the second earlier form.
    answer(&mut store, &sched, "f/cloze/2", "d", Rating::Good, later);
    let mut upgraded = cards("h3");
    upgraded[1].earlier_hashes = vec!["h1-older-form".into(), "h2".into()];
    assert!(store.sync_cards("d", &upgraded, later).unwrap().is_empty());
    let stored = store.cards(Some("d")).unwrap();
    let hash = |id: &str| {
        stored
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .content_hash
            .clone()
    };
    assert_eq!(hash("f/cloze/2").as_deref(), Some("h3"));
    assert_eq!(
        store.sync_cards("d", &cards("h3"), later).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        store.sync_cards("d", &cards("h4"), later).unwrap(),
        ["f/cloze/2"]
    );
    // A stored hash in an earlier form that the deck as it is now no longer has in that form
    // (the answer changed as recall was upgraded) is learnt again, and replaced.
    answer(&mut store, &sched, "f/cloze/2", "d", Rating::Good, later);
    let mut upgraded = cards("h6");
    upgraded[1].earlier_hashes = vec!["h5-older-form".into(), "h5".into()];
    assert_eq!(
        store.sync_cards("d", &upgraded, later).unwrap(),
        ["f/cloze/2"]
    );
    assert!(
        store
            .sync_cards("d", &cards("h6"), later)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn params_per_deck_fall_back_to_global() {
    let (_dir, _path, mut store) = check();
    let now = ts("2024-05-01T09:00:00Z");
    assert_eq!(store.params(Some("d")).unwrap(), None);
    let global: Vec<f32> = fsrs::DEFAULT_PARAMETERS.to_vec();
    store.set_params(None, &global, 100, now).unwrap();
    assert_eq!(store.params(Some("d")).unwrap(), Some(global.clone()));
    let mut own = global.clone();
    own[0] = 0.5;
    store.set_params(Some("d"), &own, 50, now).unwrap();
    assert_eq!(store.params(Some("d")).unwrap(), Some(own));
    assert_eq!(store.params(None).unwrap(), Some(global));
}

#[test]
fn import_replays_and_refuses_twice() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let t = ts("2024-05-01T09:00:00Z");
    let answers = vec![
        ("anki:1".to_string(), t, Rating::Again, 1000),
        (
            "anki:1".to_string(),
            t + SignedDuration::from_mins(1),
            Rating::Good,
            1000,
        ),
        (
            "anki:1".to_string(),
            t + SignedDuration::from_hours(48),
            Rating::Good,
            1000,
        ),
        ("anki:2".to_string(), t, Rating::Easy, 1000),
    ];
    assert_eq!(store.import("anki-import", &answers, &sched).unwrap(), 4);
    let states = store.states(Some("anki-import")).unwrap();
    assert_eq!(states["anki:1"].reps, 3);
    assert_eq!(states["anki:2"].phase, Phase::Review);
    assert_eq!(store.rebuild_from_log(|_| sched.clone()).unwrap(), states);
    let err = store.import("anki-import", &answers, &sched).unwrap_err();
    assert!(err.to_string().contains("already has history"), "{err}");
    assert_eq!(store.log(None).unwrap().len(), 4);
}

#[test]
fn resolve_path_precedence() {
    let flag = resolve_path(Some(PathBuf::from("/x/flag.db"))).unwrap();
    assert_eq!(flag, PathBuf::from("/x/flag.db"));
}

/// A file SQLite may only read (no write permission) is refused by name, before a session
/// asks anything. (Tests run as root in CI, where permissions do not stop writes: the
/// connection is opened read-only as SQLite opens such a file.)
#[test]
fn a_read_only_state_file_is_refused_up_front() {
    let (_dir, path, store) = check();
    drop(store);
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let error = refuse_read_only(&conn, &path).unwrap_err().to_string();
    assert!(error.contains("recall.db: is read-only"), "{error}");
    let conn = Connection::open(&path).unwrap();
    assert!(refuse_read_only(&conn, &path).is_ok());
}

/// The lock file is there while a session holds it and gone after: none is left beside the
/// state file. A second session meanwhile is refused; one after takes a new lock.
#[test]
fn the_lock_file_goes_with_the_session() {
    let (_dir, path, store) = check();
    let lock_path = PathBuf::from(format!("{}.lock", path.display()));
    assert!(lock_path.exists());
    let second = Store::open(&path).unwrap_err().to_string();
    assert!(
        second.contains("in use by another recall session"),
        "{second}"
    );
    drop(store);
    assert!(!lock_path.exists());
    let again = Store::open(&path).unwrap();
    assert!(lock_path.exists());
    assert!(Store::open(&path).is_err());
    drop(again);
    assert!(!lock_path.exists());
}

/// A session that opened the lock file while another held it, and took the lock once that
/// one ended and removed it, holds no lock: it takes a new one on a new file.
#[cfg(unix)]
#[test]
fn a_lock_on_a_removed_lock_file_is_taken_again() {
    let (_dir, path, store) = check();
    let lock_path = PathBuf::from(format!("{}.lock", path.display()));
    let stale = File::open(&lock_path).unwrap();
    drop(store);
    // `stale` leads to the removed file: the name no longer does.
    assert!(!same_file(&stale, &lock_path));
    let lock = lock(&path).unwrap();
    assert!(same_file(&lock.file, &lock_path));
}

/// A state path that is a pipe, a socket or a device is refused by what it is, before
/// anything is opened or made beside it (no lock file; SQLite would have put its journal
/// beside `/dev/null`, and opening a pipe waits for a writer for ever).
#[cfg(unix)]
#[test]
fn a_pipe_socket_or_device_is_no_state_file() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.db");
    let name = std::ffi::CString::new(pipe.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let socket = dir.path().join("socket.db");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    for (path, what) in [(pipe, "a pipe"), (socket, "a socket")] {
        // On a thread: were the pipe opened, it would wait for a writer for ever.
        let (send, receive) = std::sync::mpsc::channel();
        let opened = path.clone();
        std::thread::spawn(move || {
            let errors = [
                Store::open(&opened).err(),
                Store::open_existing(&opened).err(),
                Store::open_read_only(&opened).err(),
            ];
            let _ = send.send(errors.map(|e| e.map(|e| e.to_string())));
        });
        let errors = receive
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("{what}: opened, not refused"));
        for error in errors {
            let error = error.unwrap_or_else(|| panic!("{what} is refused"));
            assert_eq!(
                error,
                format!(
                    "state file {}: is {what}, not a file; name a file for the state, e.g. `--db state.db`",
                    display_path(&path)
                )
            );
        }
    }
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
    // A device is only looked at here (a failure must not make files in /dev).
    let error = refuse_other_than_a_file(Path::new("/dev/null"))
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(
            "/dev/null: is a device, not a file; name a file for the state, e.g. `--db state.db`"
        ),
        "{error}"
    );
}

/// The lock is on the file, not on its name: a symlink to it, a relative path or a path
/// through `..` cannot start a second session beside the first, and neither can a symlink
/// to a file not made yet.
#[cfg(unix)]
#[test]
fn every_name_of_one_file_shares_its_lock() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.db");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let link = dir.path().join("sub").join("link.db");
    std::os::unix::fs::symlink("../real.db", &link).unwrap();
    // Before the file is there: the dangling link leads to where it will be made.
    let held = lock(&link).unwrap();
    assert!(lock(&real).is_err(), "a second lock through the real name");
    drop(held);
    let store = Store::open(&real).unwrap();
    for other in [
        link.clone(),
        dir.path().join("sub").join("..").join("real.db"),
        dir.path().join(".").join("real.db"),
    ] {
        let error = Store::open(&other).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "state file {} is in use by another recall session (pid {})",
                display_path(&other),
                std::process::id()
            )
        );
    }
    // A relative path, from the file's folder.
    let cwd = std::env::current_dir().unwrap();
    let relative = pathdiff(&real, &cwd);
    assert!(Store::open(&relative).is_err());
    // One lock file, beside the real file; none beside the link.
    assert!(dir.path().join("real.db.lock").exists());
    assert!(!dir.path().join("sub").join("link.db.lock").exists());
    drop(store);
    assert!(!dir.path().join("real.db.lock").exists());
    // Through the link, a session works on the real file.
    let mut store = Store::open(&link).unwrap();
    store
        .remember_deck("d", Path::new("d.ron"), ts("2024-05-01T09:00:00Z"))
        .unwrap();
    drop(store);
    let store = Store::open_read_only(&real).unwrap();
    assert_eq!(store.known_decks().unwrap().len(), 1);
}

/// `to` as a path relative to `from` (both absolute), through `..` as needed.
fn pathdiff(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    path
}

/// Overwrites the page of index `index` after its 8-byte header with a pattern: its cell
/// pointers lead out of the page. (Opening the file first moves a `-wal` into it.)
fn damage_index(path: &Path, index: &str) {
    let (page_size, root) = {
        let c = Connection::open(path).unwrap();
        let page_size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        let root: i64 = c
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                [index],
                |r| r.get(0),
            )
            .unwrap();
        (page_size as usize, root as usize)
    };
    let mut bytes = std::fs::read(path).unwrap();
    let start = (root - 1) * page_size;
    for (i, byte) in bytes[start + 8..start + page_size].iter_mut().enumerate() {
        *byte = [0xde, 0xad, 0xbe, 0xef][i % 4];
    }
    std::fs::write(path, bytes).unwrap();
}

/// A file damaged where opening does not look (an index page) is refused by every way of
/// opening it for writing, before anything is written, and left byte for byte as it was.
#[test]
fn a_damaged_file_is_refused_before_anything_is_written() {
    let (_dir, path, mut store) = check();
    let sched = Scheduler::with_defaults();
    for i in 0..50 {
        let at = ts("2024-05-01T09:00:00Z") + SignedDuration::from_mins(i);
        answer(&mut store, &sched, &format!("q{i}"), "d", Rating::Good, at);
    }
    drop(store);
    damage_index(&path, "revlog_question");
    let bytes = std::fs::read(&path).unwrap();
    for open in [Store::open, Store::open_existing] {
        let error = open(&path).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "state file {}: damaged (its pages fail SQLite's quick check); it was left \
                 untouched — restore a backup or move it away",
                display_path(&path)
            )
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "file changed");
    }
    // A reader does not check it all, and finds the damage when it reads the page (which
    // SQLite calls running out of memory here: a failure is checked against damage).
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.cards(None).unwrap().len(), 50);
    let error = reader.question_ids_with_history(None).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("damaged (its pages fail SQLite's quick check)"),
        "{error}"
    );
    drop(reader);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file changed");
}

/// A v0 file with a value its upgrade cannot carry over (a time out of range, no rating, a
/// rating out of range, no question) is refused with the row, the column and what is valid
/// there — no panic, no raw SQLite wording — and left as it was: no byte changed, no backup
/// left beside it.
#[test]
fn a_v0_file_with_values_out_of_range_is_refused_untouched() {
    let valid_time = "valid: the milliseconds since 1970 of a time before 9999-01-01";
    let valid_rating = "valid: 1 (again), 2 (hard), 3 (good) or 4 (easy)";
    let cases = [
        (
            "99999999999999999",
            "3",
            format!("at_ms is 99999999999999999; {valid_time}"),
        ),
        (
            "-99999999999999999",
            "3",
            format!("at_ms is -99999999999999999; {valid_time}"),
        ),
        // The first millisecond of 9999, where answers can no longer be scheduled.
        (
            "253370764800000",
            "3",
            format!("at_ms is 253370764800000; {valid_time}"),
        ),
        (
            "'yesterday'",
            "3",
            format!("at_ms is `yesterday`; {valid_time}"),
        ),
        (
            "1714554000000",
            "NULL",
            format!("rating is empty (NULL); {valid_rating}"),
        ),
        (
            "1714554000000",
            "-1",
            format!("rating is -1; {valid_rating}"),
        ),
        ("1714554000000", "5", format!("rating is 5; {valid_rating}")),
        (
            "1714554000000",
            "2.5",
            format!("rating is 2.5; {valid_rating}"),
        ),
    ];
    for (at_ms, rating, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recall.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(&format!(
                "CREATE TABLE reviews (question TEXT, deck TEXT, at_ms INTEGER, rating INTEGER);
                 INSERT INTO reviews VALUES ('a', 'deck', 1714550000000, 3);
                 INSERT INTO reviews VALUES ('a', 'deck', {at_ms}, {rating});"
            ))
            .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        let error = Store::open(&path).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "state file {}: cannot upgrade from v0 to v1: table `reviews`, row 2: {message}; \
                 the file was left untouched — correct or delete that row (e.g. with sqlite3), \
                 or move the file away",
                display_path(&path)
            )
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{at_ms}, {rating}: file changed"
        );
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["recall.db"], "{at_ms}, {rating}");
    }
    // A question that is not text.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recall.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE reviews (question TEXT, deck TEXT, at_ms INTEGER, rating INTEGER);
             INSERT INTO reviews VALUES (NULL, 'deck', 1714550000000, 3);",
        )
        .unwrap();
    let error = Store::open(&path).unwrap_err().to_string();
    assert!(
        error.ends_with(
            "cannot upgrade from v0 to v1: table `reviews`, row 1: question is empty (NULL); \
             valid: text; the file was left untouched — correct or delete that row (e.g. with \
             sqlite3), or move the file away"
        ),
        "{error}"
    );
}

/// Answer times that cannot be scheduled from, in a log or an import, are refused in words,
/// not a panic in the scheduler's time arithmetic.
#[test]
fn answer_times_out_of_range_are_refused_not_scheduled() {
    let (_dir, _path, mut store) = check();
    let sched = Scheduler::with_defaults();
    let late = LATEST_TIME - SignedDuration::from_secs(1);
    for at in [LATEST_TIME, Timestamp::MAX] {
        let answers = vec![("anki:1".to_string(), at, Rating::Good, 1000)];
        let error = store.import("d", &answers, &sched).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "question `anki:1`: answer time {at} is not a time before 9999-01-01; nothing was \
                 imported"
            )
        );
    }
    assert!(store.log(None).unwrap().is_empty());
    // The last second before it is scheduled as any other time.
    let answers = vec![("anki:1".to_string(), late, Rating::Good, 1000)];
    assert_eq!(store.import("d", &answers, &sched).unwrap(), 1);
    store
        .conn
        .execute("UPDATE revlog SET at_ms = 99999999999999999", [])
        .unwrap();
    let id: i64 = store
        .conn
        .query_row("SELECT id FROM revlog", [], |r| r.get(0))
        .unwrap();
    let error = store
        .rebuild_from_log(|_| sched.clone())
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(&format!(
            "table `revlog`, row {id}: at_ms is not the milliseconds since 1970 of a time \
             before 9999-01-01; correct or delete that row (e.g. with sqlite3)"
        )),
        "{error}"
    );
    assert_eq!(
        LATEST_TIME,
        "9999-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
    );
}

/// The immutable URI of a file leads to that file whatever its name holds (`?`, `#` and `%`
/// mean something in a URI).
#[test]
fn an_immutable_uri_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a ?b#c%20d é.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42);")
        .unwrap();
    let conn = Connection::open_with_flags(
        immutable_uri(&path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(x, 42);
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}

#[test]
fn database_errors_are_said_in_our_words() {
    let path = Path::new("s.db");
    let error = |code: std::ffi::c_int| {
        let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        db_error(path, e).to_string()
    };
    assert_eq!(
        error(rusqlite::ffi::SQLITE_FULL),
        "state file s.db: the disk is full: free some space and go on (every answer saved \
         before is kept)"
    );
    for busy in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
        assert_eq!(
            error(busy),
            "state file s.db: another program holds it (an open sqlite3 shell?): close it and \
             try again"
        );
    }
    assert!(error(rusqlite::ffi::SQLITE_READONLY).ends_with(READ_ONLY));
    assert!(error(rusqlite::ffi::SQLITE_CORRUPT).contains("damaged"));
}

/// A change stopped half-way leaves a rollback journal (a "hot" journal) beside the file: a
/// reader says so without taking the folder for one it may not write, and the next command
/// that writes undoes it, the file then as it was before the change (review: an upgrade
/// killed half-way left a file every command refused).
#[test]
fn a_change_stopped_half_way_is_undone_by_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original.db");
    let conn = Connection::open(&original).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE;
         CREATE TABLE reviews (question TEXT, deck TEXT, at_ms INTEGER, rating INTEGER);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO reviews SELECT 'q' || i, 'd', 1714550000000 + i, 3 FROM n;",
    )
    .unwrap();
    let before = std::fs::read(&original).unwrap();
    // A transaction that spills changed pages into the file, its journal holding the old
    // ones; the file and journal are copied as a process killed there would leave them.
    conn.execute_batch(
        "PRAGMA cache_size = 1; BEGIN;
         UPDATE reviews SET question = question || '-changed-half-way';",
    )
    .unwrap();
    let killed = dir.path().join("killed.db");
    std::fs::copy(&original, &killed).unwrap();
    let mut journal = killed.clone().into_os_string();
    journal.push("-journal");
    let mut original_journal = original.clone().into_os_string();
    original_journal.push("-journal");
    std::fs::copy(&original_journal, &journal).unwrap();
    drop(conn);
    assert_ne!(
        std::fs::read(&killed).unwrap(),
        before,
        "the copy is half-changed"
    );
    // A reader cannot undo it, and says what to do.
    let message = Store::open_read_only(&killed).err().unwrap().to_string();
    assert!(
        message.contains("stopped half-way") && message.contains("do not delete that file"),
        "{message}"
    );
    assert!(!message.contains("not writable"), "{message}");
    // The next session undoes it, and upgrades the file as it was.
    let store = Store::open(&killed).unwrap();
    drop(store);
    assert!(!std::path::Path::new(&journal).exists());
    let conn = Connection::open(&killed).unwrap();
    let changed: i64 = conn
        .query_row(
            "SELECT count(*) FROM revlog WHERE question LIKE '%changed%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))
        .unwrap();
    assert_eq!((changed, kept), (0, 3000));
}

#[cfg(unix)]
#[test]
fn a_file_with_two_names_is_refused() {
    let (dir, path, store) = check();
    drop(store);
    std::fs::hard_link(&path, dir.path().join("other.db")).unwrap();
    let message = Store::open(&path).err().unwrap().to_string();
    assert!(message.contains("has 2 names (hard links)"), "{message}");
}

/// Question ids of another deck: most of them, the deck under a new id (or a copy); a few, a
/// clash of ids.
#[test]
fn ids_of_another_deck_are_named_for_what_they_likely_are() {
    let path = std::path::Path::new("r.db");
    let message =
        |shared| taken_ids(("new", "old"), "f/cloze/1", (shared, 10, 20), path).to_string();
    assert!(
        message(10).contains("deck `new` has 10 of its 10 questions in r.db under deck `old`: is it that deck with its id changed"),
        "{}",
        message(10)
    );
    assert!(message(5).contains("has 5 of its 10"), "{}", message(5));
    // Every question the other deck has in the file (a few answered in a quiz).
    let few = taken_ids(("new", "old"), "f/cloze/1", (3, 10, 3), path).to_string();
    assert!(few.contains("has 3 of its 10"), "{few}");
    assert!(
        message(1)
            .contains("question `f/cloze/1` of deck `new` already belongs to deck `old` in r.db"),
        "{}",
        message(1)
    );
}
