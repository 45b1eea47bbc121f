//! End-to-end tests: the `recall` binary run on fixtures in `tests/data/`.
//!
//! [`Recall`] builds one invocation; [`Run`] holds what it printed and its exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One invocation of the binary, built step by step.
struct Recall {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<Vec<u8>>,
    /// Close stdout's reading end at once, as `| head -0` would.
    reader_gone: bool,
}

/// What an invocation did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn recall(args: &[&str]) -> Recall {
    Recall {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: Vec::new(),
        stdin: None,
        reader_gone: false,
    }
}

impl Recall {
    fn env(mut self, key: &str, value: impl AsRef<Path>) -> Recall {
        self.env
            .push((key.into(), value.as_ref().to_string_lossy().into_owned()));
        self
    }

    fn stdin(mut self, input: impl AsRef<[u8]>) -> Recall {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    fn reader_gone(mut self) -> Recall {
        self.reader_gone = true;
        self
    }

    fn run(self) -> Run {
        use std::io::Write;
        let mut command = Command::new(env!("CARGO_BIN_EXE_recall"));
        command
            .args(&self.args)
            .current_dir(root())
            .env_remove("RECALL_SOURCES")
            .env_remove("RECALL_DB")
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("recall runs");
        if self.reader_gone {
            drop(child.stdout.take());
        }
        if let Some(text) = &self.stdin {
            // A run that ends before reading its input (a refused session) closes the pipe.
            match child.stdin.take().unwrap().write_all(text) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.unwrap(),
            }
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().expect("recall finishes");
        let code = output.status.code().unwrap_or_else(|| {
            // Killed by a signal: say which, with what it printed (to tell a crash from a
            // machine short of memory).
            panic!(
                "recall {:?} was killed: {}\n{}",
                self.args,
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
        Run {
            code,
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }
}

impl Run {
    /// Both streams, for snapshots.
    fn transcript(&self) -> String {
        let mut out = format!("exit code: {}\n", self.code);
        if !self.stdout.is_empty() {
            out.push_str(&format!("--- stdout\n{}", self.stdout));
        }
        if !self.stderr.is_empty() {
            out.push_str(&format!("--- stderr\n{}", self.stderr));
        }
        out
    }
}

#[test]
fn malformed_decks_get_located_diagnostics() {
    insta::glob!("data/malformed/*.ron", |path| {
        let relative = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let run = recall(&["check", &relative, "--sources", "tests/data/sources"]).run();
        assert_eq!(
            run.code,
            1,
            "{relative} should fail the check:\n{}",
            run.transcript()
        );
        assert!(
            run.stdout.contains(&format!("--> {relative}:")),
            "{relative}: no located error:\n{}",
            run.stdout
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        insta::assert_snapshot!(run.transcript());
    });
}

#[test]
fn malformed_corpus_is_large() {
    let count = std::fs::read_dir(root().join("tests/data/malformed"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    assert!(count >= 30, "only {count} malformed decks");
}

#[test]
fn clean_deck_passes_check() {
    let run = recall(&[
        "check",
        "tests/data/decks",
        "--sources",
        "tests/data/sources",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn sources_are_found_through_the_environment() {
    let run = recall(&["check", "tests/data/decks/mini.ron"])
        .env("RECALL_SOURCES", root().join("tests/data/sources"))
        .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = recall(&["check", "tests/data/decks/mini.ron"]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("E200"), "{}", run.stdout);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let run = recall(&["check", "tests/data/no-such-deck.ron"]).run();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "recall: tests/data/no-such-deck.ron: no such file or directory\n"
    );
    let run = recall(&["check"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("PATH"), "{}", run.stderr);
    let run = recall(&["frobnicate"]).run();
    assert_eq!(run.code, 2);
    // clap's usage errors carry recall's prefix like every other error, and only once.
    let run = recall(&["check", "--bogus", "decks"]).run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("recall: unexpected argument '--bogus' found\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // A mistyped --sources is named, not taken for a folder without the source.
    let run = recall(&["check", "decks", "--sources", "tests/data/no-such-folder"]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "recall: --sources tests/data/no-such-folder: no such folder\n"
    );
    // No command: clap's help, as clap lays it out (no prefix), and a usage exit code.
    let run = recall(&[]).run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Usage: recall <COMMAND>"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("recall: "), "{}", run.stderr);
    // Help is output, not an error.
    let run = recall(&["check", "--help"]).run();
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Usage: recall check"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn deck_text_cannot_reach_the_terminal() {
    for args in [
        &["cards", "tests/data/hostile/escapes.ron"][..],
        &["check", "tests/data/hostile/escapes.ron"][..],
    ] {
        let run = recall(args).run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        for c in run.stdout.chars() {
            assert!(
                !c.is_control() || c == '\n',
                "raw control character {c:?} in {args:?}"
            );
        }
    }
    let run = recall(&["cards", "tests/data/hostile/escapes.ron"]).run();
    assert!(run.stdout.contains("Engine\\u{1b}[2J"), "{}", run.stdout);
}

#[test]
fn absurdly_large_decks_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let run = recall(&["check", path.to_str().unwrap()]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("E116"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("deck is 1024 MiB; the limit is 128 MiB"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_source_may_not_be_a_link_out_of_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/data/decks/mini.ron"),
        dir.path().join("mini.ron"),
    )
    .unwrap();
    // The link points at the right content, but outside the deck's folder.
    std::os::unix::fs::symlink(
        root().join("tests/data/sources/mini.txt"),
        dir.path().join("mini.txt"),
    )
    .unwrap();
    let deck = dir.path().join("mini.ron");
    let run = recall(&["check", deck.to_str().unwrap()]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("E200"), "{}", run.stdout);
    assert!(run.stdout.contains("leads outside"), "{}", run.stdout);
}

#[test]
fn unreadable_state_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A real state file to damage: an imported review log.
    let good = dir.path().join("good.db");
    let csv = "card_id,review_rating,review_time,review_duration\n\
               1,3,2024-03-29T20:32:32.250000+00:00,2000\n\
               1,3,2024-04-02T20:32:32.250000+00:00,2000\n";
    std::fs::write(dir.path().join("log.csv"), csv).unwrap();
    let run = recall(&[
        "import-revlog",
        dir.path().join("log.csv").to_str().unwrap(),
    ])
    .env("RECALL_DB", &good)
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .starts_with("imported 2 reviews of 1 question into deck `anki-import`"),
        "{}",
        run.stdout
    );
    let bytes = std::fs::read(&good).unwrap();
    // The deck id questions are filed under is checked like a deck's.
    let log = dir.path().join("log.csv");
    let run = recall(&["import-revlog", log.to_str().unwrap(), "--deck", "Bad Id!"])
        .env("RECALL_DB", &good)
        .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("is not a deck id"), "{}", run.stderr);
    assert_eq!(std::fs::read(&good).unwrap(), bytes);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "garbage.db",
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "not a recall database",
        ),
        (
            "truncated.db",
            bytes[..bytes.len().min(8192)].to_vec(),
            "damaged",
        ),
        (
            "text.db",
            b"my notes, not a database\n".to_vec(),
            "not a recall database",
        ),
    ];
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        for args in [&["stats"][..], &["optimize"][..]] {
            let run = recall(args).env("RECALL_DB", &path).run();
            assert_eq!(run.code, 2, "{name}: {}", run.transcript());
            assert!(
                run.stderr.starts_with("recall: state file"),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
            assert_eq!(
                std::fs::read(&path).unwrap(),
                content,
                "{name} was modified"
            );
        }
    }
}

/// An `--answers` file answering every question of the shipped deck with its own key.
fn full_answers_file(dir: &Path) -> PathBuf {
    let run = recall(&["cards", DECK, "--json"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let mut ron = String::from("{\n");
    for line in run.stdout.lines() {
        let card: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = card["id"].as_str().unwrap();
        let answer = card["accepted"][0].as_str().unwrap();
        ron.push_str(&format!("    {id:?}: {answer:?},\n"));
    }
    ron.push('}');
    let path = dir.join("answers.ron");
    std::fs::write(&path, ron).unwrap();
    path
}

/// The question ids of a state file's review log, in order.
fn logged_ids(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", db.display());
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'revlog'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    if tables == 0 {
        // Killed before the schema was committed: an empty file, initialised on next use.
        return Vec::new();
    }
    let mut statement = conn
        .prepare("SELECT question FROM revlog ORDER BY id")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn sessions_killed_at_random_points_keep_exactly_their_committed_answers() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let answers = full_answers_file(dir.path());
    let args = |db: &Path, out: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_recall"));
        command
            .args([
                "study",
                DECK,
                "--now",
                "2024-05-01T09:00:00Z",
                "--json",
                "--answers",
            ])
            .arg(&answers)
            .arg("--db")
            .arg(db)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(out).unwrap())
            .stderr(Stdio::null());
        command
    };
    let answered = |out: &Path| -> Vec<String> {
        std::fs::read_to_string(out)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["summary"].is_null())
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    // An uninterrupted run: what every killed run must be a prefix of, and how long it takes.
    let (db, out) = (dir.path().join("full.db"), dir.path().join("full.out"));
    let started = Instant::now();
    assert!(args(&db, &out).status().unwrap().success());
    let full_time = started.elapsed();
    let full = answered(&out);
    assert!(full.len() >= 10, "{full:?}");
    assert_eq!(logged_ids(&db), full);

    // Seeded kill points: wait until a random number of answers has been printed (so the
    // kills land all through the session, however loaded the machine is), then a random few
    // hundred microseconds more. A quarter of the trials are killed during start-up instead.
    let mut seed: u64 = 0x5eed_cafe;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let lines = |out: &Path| std::fs::read_to_string(out).map_or(0, |t| t.lines().count());
    let mut interrupted = 0;
    for trial in 0..100 {
        let db = dir.path().join(format!("t{trial}.db"));
        let out = dir.path().join(format!("t{trial}.out"));
        let (wait_for, extra) = if next() % 4 == 0 {
            (
                0,
                Duration::from_micros(next() % (full_time.as_micros() as u64 / 2 + 1)),
            )
        } else {
            (
                next() as usize % full.len(),
                Duration::from_micros(next() % 800),
            )
        };
        let mut child = args(&db, &out).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while lines(&out) < wait_for && child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "trial {trial}: the session stalled"
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(extra);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        let printed = answered(&out);
        if !db.exists() {
            assert!(
                printed.is_empty(),
                "trial {trial}: answers printed without a state file"
            );
            continue;
        }
        let logged = logged_ids(&db);
        // Every printed answer was committed first; at most one commit may not have been
        // printed yet when the kill came. Nothing else is in the log.
        assert!(
            logged.len() == printed.len() || logged.len() == printed.len() + 1,
            "trial {trial}: logged {} answers, printed {}",
            logged.len(),
            printed.len()
        );
        assert_eq!(
            logged[..],
            full[..logged.len()],
            "trial {trial}: not a prefix of the full run"
        );
        assert_eq!(printed[..], full[..printed.len()], "trial {trial}");
        // The file still works: a later session picks up where the killed one stopped.
        let again = dir.path().join(format!("t{trial}.again"));
        assert!(
            args(&db, &again).status().unwrap().success(),
            "trial {trial}"
        );
        let resumed = logged_ids(&db);
        assert!(
            resumed.len() > logged.len() || logged.len() == full.len(),
            "trial {trial}"
        );
        assert_eq!(resumed[..logged.len()], logged[..], "trial {trial}");
    }
    assert!(
        interrupted >= 50,
        "only {interrupted} of 100 runs were killed mid-way"
    );
}

/// A study session of the shipped deck on `db` (at [`NOW`]) that has committed its first
/// answer and waits on a pipe for the next, holding the file's lock: the process and the pipe.
fn session_holding(db: &Path) -> (std::process::Child, std::process::ChildStdin) {
    use std::io::Write;
    use std::process::Stdio;
    let mut first = Command::new(env!("CARGO_BIN_EXE_recall"))
        .args(["study", DECK, "--now", NOW, "--db"])
        .arg(db)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"Lloyd Austin\n").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(db.exists() && logged_ids(db).len() == 1) {
        assert!(
            std::time::Instant::now() < deadline,
            "the first session never answered"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (first, stdin)
}

#[test]
fn a_second_session_on_one_state_file_is_refused_while_stats_reads() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    // The first session waits for answers on a pipe we keep open.
    let (first, mut stdin) = session_holding(&db);
    let second = recall(&["study", DECK, "--now", "2024-05-01T09:00:00Z"])
        .env("RECALL_DB", &db)
        .stdin("Saturday\n")
        .run();
    assert_eq!(second.code, 2, "{}", second.transcript());
    assert!(
        second
            .stderr
            .contains("is in use by another recall session"),
        "{}",
        second.stderr
    );
    let stats = recall(&["stats", "--json", "--now", "2024-05-01T09:00:00Z"])
        .env("RECALL_DB", &db)
        .run();
    assert_eq!(stats.code, 0, "{}", stats.transcript());
    // The first session goes on unharmed and ends cleanly at the end of its input.
    stdin.write_all(b"Saturday\n").unwrap();
    drop(stdin);
    let output = first.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(logged_ids(&db).len(), 2);
}

#[test]
fn the_day_can_start_at_another_hour() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let run = recall(&[
        "study",
        DECK,
        "--now",
        "2024-05-01T09:00:00Z",
        "--db",
        db.to_str().unwrap(),
    ])
    .env("RECALL_DAY_STARTS_AT", "25")
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("not an hour from 0 to 23"),
        "{}",
        run.stderr
    );
    assert!(!db.exists(), "nothing is created on a usage error");
    // Set but empty is unset: the day starts at 4 am.
    let run = recall(&["stats", "--db", db.to_str().unwrap()])
        .env("RECALL_DAY_STARTS_AT", "")
        .run();
    assert!(!run.stderr.contains("not an hour"), "{}", run.transcript());
}

/// Questions an `--answers` file does not answer are not asked: they do not keep a sibling
/// of their fact from its day (QA: `ada-year` was never asked, its sibling `ada-notes/cloze/1`
/// taking the fact's place each day and being skipped).
#[test]
fn answers_files_answer_siblings_of_questions_they_skip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let answers = dir.path().join("answers.ron");
    std::fs::write(&answers, r#"{"ada-year": "1843"}"#).unwrap();
    let run = recall(&[
        "study",
        "tests/data/decks/mini.ron",
        "--db",
        db.to_str().unwrap(),
        "--now",
        "2024-05-01T09:00:00Z",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains(r#""id":"ada-year""#),
        "{}",
        run.transcript()
    );
    assert_eq!(answers_in(&db).len(), 1);
    assert!(run.stderr.is_empty(), "{}", run.transcript());
    // Ids that name no question (a typo, another deck's file) are said, not silently skipped.
    std::fs::write(
        &answers,
        r#"{"ada-year": "1843", "ada-yaer": "1843", "us-india/cloze/1": "x"}"#,
    )
    .unwrap();
    let run = recall(&[
        "study",
        "tests/data/decks/mini.ron",
        "--db",
        db.to_str().unwrap(),
        "--now",
        "2024-05-09T09:00:00Z",
        "--answers",
        answers.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "answers.ron: 2 ids name no question of the decks studied: `ada-yaer`, `us-india/cloze/1`"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn check_json_has_one_finding_per_line() {
    let run = recall(&[
        "check",
        "tests/data/malformed/many-errors.ron",
        "--format",
        "json",
        "--sources",
        "tests/data/sources",
    ])
    .run();
    assert_eq!(run.code, 1);
    let findings: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(findings.len(), 3, "{}", run.stdout);
    for f in &findings {
        assert_eq!(f["file"], "tests/data/malformed/many-errors.ron");
        assert!(f["line"].as_u64().unwrap() > 1);
        assert_eq!(f["severity"], "error");
    }
}

const DECK: &str = "decks/us-india-security-2021.ron";

fn cards_json(seed: &str) -> Vec<serde_json::Value> {
    let run = recall(&["cards", DECK, "--json", "--seed", seed]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn shipped_deck_yields_every_kind_of_question() {
    let cards = cards_json("0");
    assert!(cards.len() >= 100, "only {} questions", cards.len());
    let kinds: std::collections::BTreeSet<&str> =
        cards.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    for kind in [
        "text",
        "number",
        "date",
        "choice",
        "multi",
        "true_false",
        "list",
    ] {
        assert!(kinds.contains(kind), "no {kind} question; kinds: {kinds:?}");
    }
    let ids: std::collections::BTreeSet<&str> =
        cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), cards.len(), "question ids are not unique");
    for card in &cards {
        for key in [
            "id", "fact", "kind", "prompt", "answer", "accepted", "options", "tags",
        ] {
            assert!(card.get(key).is_some(), "{key} missing in {card}");
        }
        assert!(!card["accepted"].as_array().unwrap().is_empty(), "{card}");
        let is_choice = matches!(card["kind"].as_str(), Some("choice" | "multi"));
        assert_eq!(card["options"].is_array(), is_choice, "{card}");
    }
}

#[test]
fn questions_are_stable_across_runs_and_follow_the_seed() {
    assert_eq!(cards_json("0"), cards_json("0"));
    assert_eq!(cards_json("42"), cards_json("42"));
    let ids = |cards: &[serde_json::Value]| -> Vec<String> {
        cards
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Another seed reorders options but keeps the same question ids.
    let (a, b) = (cards_json("0"), cards_json("42"));
    assert_eq!(ids(&a), ids(&b));
    assert_ne!(a, b, "the seed changed nothing");
}

#[test]
fn cards_human_output() {
    let run = recall(&["cards", "tests/data/decks/mini.ron", "--seed", "3"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn cards_on_a_broken_deck_reports_and_exits_1() {
    let run = recall(&["cards", "tests/data/malformed/span-type-typo.ron"]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("unknown span type `persn`"),
        "{}",
        run.stderr
    );
}

/// A reader that goes away (`recall check … | head -1` under `pipefail`) does not turn a
/// failed check or quiz into a pass: the exit code is the one the command would have had
/// (QA: findings exited 0, and junit said "error serializing JUnit report").
#[test]
fn a_closed_output_keeps_the_exit_code() {
    let fail = "tests/data/check/fail/evidence.ron";
    let sources = "tests/data/check/sources";
    for format in ["human", "json", "github", "junit"] {
        let run = recall(&["check", fail, "--sources", sources, "--format", format])
            .reader_gone()
            .run();
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        assert!(run.stderr.is_empty(), "{format}: {}", run.stderr);
    }
    let run = recall(&["quiz", DECK, "--count", "5", "--json", "--min-score", "50"])
        .reader_gone()
        .run();
    assert_eq!(run.code, 1, "{}", run.transcript());
}

// ---- session (issue 6) ----

const NOW: &str = "2024-05-01T09:00:00Z";
const DAY_LATER: &str = "2024-05-02T09:00:00Z";

/// `(question, rating, outcome, typed, kind)` of every answer in a state file, in order.
/// A logged answer: question, rating, outcome, typed, kind.
type Logged = (String, i64, Option<String>, Option<String>, String);

fn answers_in(db: &Path) -> Vec<Logged> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT question, rating, outcome, typed, kind FROM revlog \
             WHERE kind <> 'manual' ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Ids of the questions no longer new.
fn studied_in(db: &Path) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn
        .prepare("SELECT id FROM cards WHERE phase <> 'new' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn write_answers(dir: &Path, name: &str, pairs: &[(&str, &str)]) -> PathBuf {
    let body: Vec<String> = pairs
        .iter()
        .map(|(id, a)| format!("    {id:?}: {a:?},"))
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, format!("{{\n{}\n}}\n", body.join("\n"))).unwrap();
    path
}

/// `quiz` on the shipped deck, every question of `kinds`, answered from `answers`, in JSON.
fn quiz_every(kinds: &str, answers: &Path) -> Run {
    let answers = answers.to_string_lossy().into_owned();
    recall(&[
        "quiz",
        DECK,
        "--count",
        "500",
        "--kinds",
        kinds,
        "--json",
        "--answers",
        &answers,
    ])
    .run()
}

fn json_lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn study_json(db: &Path, answers: &Path, now: &str) -> Vec<serde_json::Value> {
    let run = recall(&[
        "study",
        DECK,
        "--db",
        &db.to_string_lossy(),
        "--answers",
        &answers.to_string_lossy(),
        "--now",
        now,
        "--json",
    ])
    .env("TZ", "UTC")
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    json_lines(&run)
}

fn by_id<'a>(lines: &'a [serde_json::Value], id: &str) -> Option<&'a serde_json::Value> {
    lines.iter().find(|l| l["id"] == id)
}

#[test]
fn scripted_sessions_over_two_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("recall.db");
    // The first questions of the shipped deck's new queue (one per fact), and a few that are
    // buried (siblings of those) or beyond the day's limit.
    let answers = write_answers(
        dir.path(),
        "day1.ron",
        &[
            ("austin-defense-secretary/cloze/1", "Lloyd Austin"),
            ("austin-meets-singh/cloze/1", "Sunday"),
            ("austin-in-new-delhi/cloze/1", "New Delhy"),
            ("austin-meets-modi/cloze/1", "Friday"),
            // A sibling of austin-meets-modi/cloze/1: buried today.
            ("austin-meets-modi/cloze/2", "Narendra Modi"),
        ],
    );
    let day1 = study_json(&db, &answers, NOW);
    let (summary, asked) = day1.split_last().unwrap();
    let ids: Vec<&str> = asked.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "austin-defense-secretary/cloze/1",
            "austin-meets-singh/cloze/1",
            "austin-in-new-delhi/cloze/1",
            "austin-meets-modi/cloze/1"
        ]
    );
    let outcome = |id: &str| {
        let l = by_id(asked, id).unwrap();
        (
            l["outcome"].as_str().unwrap(),
            l["rating"].as_str().unwrap(),
        )
    };
    assert_eq!(
        outcome("austin-defense-secretary/cloze/1"),
        ("correct", "good")
    );
    assert_eq!(outcome("austin-meets-singh/cloze/1"), ("wrong", "again"));
    assert_eq!(outcome("austin-in-new-delhi/cloze/1"), ("close", "hard"));
    // Good on a new question: the 10-minute step; Again: the 1-minute step.
    assert_eq!(
        by_id(asked, "austin-defense-secretary/cloze/1").unwrap()["due"],
        "2024-05-01T09:10:00Z"
    );
    assert_eq!(
        by_id(asked, "austin-meets-singh/cloze/1").unwrap()["due"],
        "2024-05-01T09:01:00Z"
    );
    assert_eq!(
        by_id(asked, "austin-in-new-delhi/cloze/1").unwrap()["answer"],
        "New Delhy"
    );
    assert_eq!(summary["summary"], true);
    assert_eq!(summary["answered"], 4);
    assert_eq!(
        (
            summary["correct"].clone(),
            summary["close"].clone(),
            summary["wrong"].clone()
        ),
        (2.into(), 1.into(), 1.into())
    );
    assert_eq!(summary["next_due"], "2024-05-01T09:01:00Z");
    assert_eq!(answers_in(&db).len(), 4);

    // A day later: the learning questions come first (answered right they graduate, wrong
    // they stay in learning), then new ones up to the daily limit.
    let mut pairs = vec![
        ("austin-defense-secretary/cloze/1", "Lloyd Austin"),
        ("austin-meets-singh/cloze/1", "Saturday"),
        ("austin-in-new-delhi/cloze/1", "New Delhi"),
        ("austin-meets-modi/cloze/1", "Thursday"),
    ];
    let cards = cards_json("0");
    let all: Vec<String> = cards
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    for id in &all {
        if !pairs.iter().any(|(p, _)| p == id) {
            pairs.push((id.as_str(), "no idea"));
        }
    }
    let answers = write_answers(dir.path(), "day2.ron", &pairs);
    let day2 = study_json(&db, &answers, DAY_LATER);
    let (summary, asked) = day2.split_last().unwrap();
    let first: Vec<&str> = asked[..4]
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        first,
        [
            // learning, earliest due first: Again (1m), Hard (5½m), Good (10m)
            "austin-meets-singh/cloze/1",
            "austin-in-new-delhi/cloze/1",
            "austin-defense-secretary/cloze/1",
            "austin-meets-modi/cloze/1",
        ]
    );
    // The step after Good graduates; Again and Hard keep it in the steps.
    let graduated = by_id(asked, "austin-defense-secretary/cloze/1").unwrap()["due"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(graduated.as_str() > "2024-05-03", "{graduated}");
    let due = |id: &str| {
        by_id(asked, id).unwrap()["due"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(due("austin-meets-modi/cloze/1"), "2024-05-02T09:01:00Z");
    // New questions: 20 a day (the deck's limit) minus none introduced today.
    let new: Vec<&serde_json::Value> = asked[4..].iter().collect();
    assert_eq!(new.len(), 20, "{new:?}");
    // One question per fact, and none of yesterday's facts' siblings.
    let facts: std::collections::BTreeSet<&str> = asked
        .iter()
        .map(|l| l["id"].as_str().unwrap().split('/').next().unwrap())
        .collect();
    assert_eq!(facts.len(), asked.len());
    assert_eq!(summary["answered"], 24);
    assert_eq!(answers_in(&db).len(), 28);

    // The same day again: nothing new left (the limit is reached), nothing due yet.
    let again = study_json(&db, &answers, "2024-05-02T09:00:30Z");
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(again[0]["answered"], 0);
}

#[test]
fn plain_lines_from_stdin_and_eof_ends_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let run = recall(&["study", DECK, "--db", &db.to_string_lossy(), "--now", NOW])
        .env("TZ", "UTC")
        .stdin("Lloyd Austin\nSaturday\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("US–India security ties, March 2021 · 1/20"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("> Lloyd Austin\n✓ correct"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("session summary"), "{}", run.stdout);
    assert!(
        run.stdout.contains("answered      2 — 2 correct (100%)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'), "{}", run.stdout);
    assert_eq!(
        studied_in(&db),
        [
            "austin-defense-secretary/cloze/1",
            "austin-meets-singh/cloze/1"
        ]
    );
    // `recall study` alone finds the deck again.
    let run = recall(&["study", "--db", &db.to_string_lossy(), "--now", NOW])
        .env("TZ", "UTC")
        .stdin("New Delhi\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("Austin's talks in India were held in _____."),
        "{}",
        run.stdout
    );
    assert_eq!(studied_in(&db).len(), 3);
    // A line that is not UTF-8 is a (wrong) answer, not the end of the session (QA).
    let run = recall(&[
        "study",
        "--db",
        &db.to_string_lossy(),
        "--now",
        "2024-05-02T09:00:00Z",
    ])
    .env("TZ", "UTC")
    .stdin(b"Lloyd \xff Austin\nSaturday\n")
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("> Lloyd \u{fffd} Austin\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("answered      2"), "{}", run.stdout);
    // A fresh state file knows no deck.
    let run = recall(&[
        "study",
        "--db",
        &dir.path().join("new.db").to_string_lossy(),
    ])
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("name one, e.g. `recall study"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_answers_file_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ron");
    std::fs::write(&file, "{\n  \"a\": \"b\",\n  \"c\" 3,\n}\n").unwrap();
    let run = recall(&[
        "study",
        DECK,
        "--db",
        &dir.path().join("x.db").to_string_lossy(),
        "--answers",
        &file.to_string_lossy(),
    ])
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("bad.ron:3:"), "{}", run.stderr);
    assert!(!dir.path().join("x.db").exists());
    // An id answered twice is a mistake, not the last answer silently (QA).
    std::fs::write(&file, "{\n  \"a\": \"b\",\n  \"a\": \"c\",\n}\n").unwrap();
    let run = recall(&["quiz", DECK, "--answers", &file.to_string_lossy()]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("bad.ron:3:") && run.stderr.contains("question `a` is answered twice"),
        "{}",
        run.stderr
    );
    // The README's example file.
    let db = dir.path().join("y.db");
    let run = recall(&[
        "study",
        DECK,
        "--answers",
        "tests/data/session/answers.ron",
        "--now",
        NOW,
        "--json",
        "--db",
        &db.to_string_lossy(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let lines = json_lines(&run);
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert_eq!(lines[2]["outcome"], "close");
}

#[test]
fn a_choice_typed_without_the_menu_takes_an_option_by_its_other_name() {
    // The shipped deck lists `Austin` as another name for `Lloyd Austin`, `Modi` for
    // `Narendra Modi`: typed (in an answers file, or on plain lines) each picks its option.
    let dir = tempfile::tempdir().unwrap();
    let outcomes = |name: &str, pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        let run = quiz_every("choice,cloze", &write_answers(dir.path(), name, pairs));
        assert_eq!(run.code, 0, "{}", run.transcript());
        json_lines(&run)
            .iter()
            .filter(|l| l["answer"].is_string())
            .map(|l| (l["id"].to_string(), l["outcome"].to_string()))
            .collect()
    };
    let named = outcomes(
        "names.ron",
        &[
            ("austin-defense-secretary/choice/1", "Austin"),
            ("austin-defense-secretary/cloze/1", "Austin"),
            ("austin-meets-singh/choice/3", "Singh"),
        ],
    );
    assert_eq!(named.len(), 3, "{named:?}");
    assert!(named.iter().all(|(_, o)| o == "\"correct\""), "{named:?}");
    // Another option, by its other name: that option, so wrong.
    let other = outcomes(
        "other.ron",
        &[("austin-defense-secretary/choice/1", "Modi")],
    );
    assert_eq!(other.len(), 1, "{other:?}");
    assert_eq!(other[0].1, "\"wrong\"");
}

#[test]
fn quiz_scores_without_scheduling() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let quiz = |extra: &[&str], answers: &Path| {
        let mut args = vec![
            "quiz",
            DECK,
            "--count",
            "4",
            "--kinds",
            "cloze,reverse",
            "--seed",
            "5",
            "--json",
            "--answers",
        ];
        let answers = answers.to_string_lossy().into_owned();
        args.push(&answers);
        args.extend_from_slice(extra);
        recall(&args).run()
    };
    // Find the sample: no answers given, every question skipped.
    let empty = write_answers(dir.path(), "none.ron", &[]);
    let run = quiz(&[], &empty);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let lines = json_lines(&run);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["total"], 4);
    assert_eq!(lines[0]["percent"], 0.0);
    // Answer all four from the deck's answer key: two right, one close, one wrong.
    let cards = cards_json("5");
    let key: std::collections::HashMap<&str, &str> = cards
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["answer"].as_str().unwrap()))
        .collect();
    let sample: Vec<String> = {
        let all: Vec<(&str, &str)> = key.iter().map(|(k, v)| (*k, *v)).collect();
        let file = write_answers(dir.path(), "all.ron", &all);
        let run = quiz(&[], &file);
        json_lines(&run)
            .iter()
            .filter_map(|l| l["id"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(sample.len(), 4);
    assert!(
        sample
            .iter()
            .all(|id| id.contains("/cloze/") || id.contains("/reverse/")),
        "{sample:?}"
    );
    let pairs = [
        (sample[0].as_str(), key[sample[0].as_str()]),
        (sample[1].as_str(), key[sample[1].as_str()]),
        (sample[2].as_str(), "zzzz"),
    ];
    let file = write_answers(dir.path(), "some.ron", &pairs);
    let db_arg = db.to_string_lossy().into_owned();
    let run = quiz(&["--min-score", "40", "--db", &db_arg], &file);
    let lines = json_lines(&run);
    let summary = lines.last().unwrap();
    assert_eq!(summary["points"], 2.0);
    assert_eq!(summary["percent"], 50.0);
    assert_eq!(summary["passed"], true);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(lines[..3].iter().all(|l| l["due"].is_null()));
    let run = quiz(&["--min-score", "60"], &file);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // Logged as cram, and no question left the new state.
    let logged = answers_in(&db);
    assert_eq!(logged.len(), 3);
    assert!(logged.iter().all(|a| a.4 == "cram"), "{logged:?}");
    assert!(studied_in(&db).is_empty());
    // The state file knows the deck now: `stats` with it alone counts every question of the
    // deck, not only those the quiz asked (QA).
    let run = recall(&["stats", "--db", &db_arg, "--json"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let all = recall(&["cards", DECK, "--json"])
        .run()
        .stdout
        .lines()
        .count();
    assert_eq!(stats["new"], all, "{}", run.stdout);
    // A copy under another deck id, with the same question ids, is refused as `study`
    // refuses it: nothing is logged under the wrong deck (review).
    let text = std::fs::read_to_string(root().join(DECK)).unwrap();
    let copy = dir.path().join("copy.ron");
    std::fs::write(
        &copy,
        text.replacen(r#"id: "us-india-security-2021""#, r#"id: "copy""#, 1),
    )
    .unwrap();
    let run = recall(&[
        "quiz",
        &copy.to_string_lossy(),
        "--db",
        &db_arg,
        "--count",
        "1",
    ])
    .stdin("x\n")
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "under deck `us-india-security-2021`: is it that deck with its id changed, or a \
             copy of it?"
        ),
        "{}",
        run.stderr
    );
    let run = recall(&["stats", "--db", &db_arg, "--json"]).run();
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        stats["decks"],
        serde_json::json!(["us-india-security-2021"])
    );
    let run = recall(&["quiz", DECK, "--kinds", "essay"]).run();
    assert_eq!(run.code, 2);
}

/// Drives `recall study` on a pseudo-terminal.
#[cfg(unix)]
mod pty {
    use super::*;
    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession as Session;
    use expectrl::{Eof, Expect};
    use std::time::Duration;

    pub(super) fn spawn(args: &[&str]) -> Session {
        let mut command = Command::new(env!("CARGO_BIN_EXE_recall"));
        command
            .args(args)
            .current_dir(root())
            .env_remove("RECALL_DB")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("TERM", "xterm");
        let mut session = Session::spawn(command).expect("a pty");
        // Generous: a loaded machine (CI beside other jobs) can take seconds to answer a key.
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        session
    }

    /// Waits for `needle`; returns everything read up to and including it.
    pub(super) fn expect(session: &mut Session, needle: &str) -> String {
        match session.expect(needle) {
            Ok(found) => {
                let mut text = String::from_utf8_lossy(found.before()).into_owned();
                text.push_str(needle);
                text
            }
            Err(e) => panic!("waiting for {needle:?}: {e}"),
        }
    }

    /// Types text one key at a time, then Enter.
    pub(super) fn type_line(session: &mut Session, text: &str) {
        for c in text.chars() {
            session.send(c.to_string()).unwrap();
            std::thread::sleep(Duration::from_millis(5));
        }
        session.send("\r").unwrap();
    }

    /// `recall study` of the shipped deck on state file `db`: the first question answered
    /// and suspended (`s`), the second answered, its feedback screen shown.
    pub(super) fn study_suspending_the_first(db: &str) -> Session {
        let mut s = spawn(&["study", DECK, "--db", db, "--now", NOW]);
        expect(&mut s, "answer");
        type_line(&mut s, "Lloyd Austin");
        expect(&mut s, "q quit");
        s.send("s").unwrap();
        expect(&mut s, "suspended: austin-defense-secretary/cloze/1");
        expect(&mut s, "answer");
        type_line(&mut s, "Saturday");
        expect(&mut s, "q quit");
        s
    }

    pub(super) fn rest(session: &mut Session) -> String {
        match session.expect(Eof) {
            Ok(found) => String::from_utf8_lossy(found.as_bytes()).into_owned(),
            Err(e) => panic!("waiting for the end: {e}"),
        }
    }

    pub(super) fn exit_code(session: &Session) -> i32 {
        match session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("not exited: {other:?}"),
        }
    }
}

#[cfg(unix)]
#[test]
fn interactive_session_on_a_pty() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW, "--limit", "6"]);
    // 1. right, accepted with Enter.
    expect(&mut s, "US Secretary of Defense was _____.");
    expect(&mut s, "answer");
    type_line(&mut s, "Lloyd Austin");
    expect(&mut s, "✓ correct");
    expect(&mut s, "u undo · s suspend · q quit");
    s.send("\r").unwrap();
    // 2. wrong, accepted.
    expect(&mut s, "2/6");
    expect(&mut s, "answer");
    type_line(&mut s, "Sunday");
    expect(&mut s, "✗ wrong");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    // 3. a typo: close, suggested hard, overridden to good with `g`.
    expect(&mut s, "held in _____.");
    expect(&mut s, "answer");
    type_line(&mut s, "New Delhy");
    expect(&mut s, "~ close");
    expect(&mut s, "rating     hard");
    expect(&mut s, "q quit");
    s.send("g").unwrap();
    expect(&mut s, "rated good");
    // 4. answered, then `u`: the previous answer (3) is undone and asked again, then this.
    expect(&mut s, "Narendra Modi.");
    expect(&mut s, "answer");
    type_line(&mut s, "Friday");
    expect(&mut s, "q quit");
    s.send("u").unwrap();
    expect(&mut s, "undone: austin-in-new-delhi/cloze/1 is asked again");
    expect(&mut s, "held in _____.");
    expect(&mut s, "answer");
    type_line(&mut s, "New Delhi");
    expect(&mut s, "✓ correct");
    expect(&mut s, "q quit");
    s.send("4").unwrap();
    expect(&mut s, "rated easy");
    expect(&mut s, "Narendra Modi.");
    expect(&mut s, "answer");
    type_line(&mut s, "Friday");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    // 5. quit midway with Ctrl-C while being asked: nothing recorded for it.
    expect(&mut s, "answer");
    s.send("\x03").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("session summary"), "{end}");
    assert!(
        end.contains("answered      4 — 3 correct (75%), 0 close (0%), 1 wrong (25%)"),
        "{end}"
    );
    assert!(end.contains("again 1 · hard 0 · good 2 · easy 1"), "{end}");
    assert_eq!(exit_code(&s), 0);

    let logged = answers_in(&db);
    let got: Vec<(&str, i64, Option<&str>, Option<&str>)> = logged
        .iter()
        .map(|a| (a.0.as_str(), a.1, a.2.as_deref(), a.3.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "austin-defense-secretary/cloze/1",
                3,
                Some("correct"),
                Some("Lloyd Austin")
            ),
            (
                "austin-meets-singh/cloze/1",
                1,
                Some("wrong"),
                Some("Sunday")
            ),
            (
                "austin-in-new-delhi/cloze/1",
                4,
                Some("correct"),
                Some("New Delhi")
            ),
            (
                "austin-meets-modi/cloze/1",
                3,
                Some("correct"),
                Some("Friday")
            ),
        ]
    );
    assert_eq!(
        studied_in(&db),
        [
            "austin-defense-secretary/cloze/1",
            "austin-in-new-delhi/cloze/1",
            "austin-meets-modi/cloze/1",
            "austin-meets-singh/cloze/1",
        ]
    );
}

#[cfg(unix)]
#[test]
fn pty_quit_keys_keep_the_answer_and_restore_the_cursor() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    // `s` suspends after recording; Ctrl-D on the feedback screen records and quits.
    let mut s = study_suspending_the_first(&db_arg);
    s.send("\x04").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("answered      2"), "{end}");
    assert_eq!(exit_code(&s), 0);
    assert_eq!(answers_in(&db).len(), 2);

    // Ctrl-D while typing an answer quits too; the half-typed answer is not recorded.
    let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW]);
    expect(&mut s, "answer");
    s.send("Rajna").unwrap();
    expect(&mut s, "Rajna");
    s.send("\x04").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("answered      0"), "{end}");
    assert_eq!(exit_code(&s), 0);
    assert_eq!(answers_in(&db).len(), 2);

    // A menu (choice question) hides the cursor; Ctrl-C in it quits and shows it again.
    let mut s = spawn(&["quiz", DECK, "--kinds", "choice", "--count", "2"]);
    let shown = expect(&mut s, "answer (arrows and Enter");
    assert!(shown.contains("\x1b[?25l"), "cursor not hidden: {shown:?}");
    expect(&mut s, "d) ");
    s.send("\x03").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("\x1b[?25h"), "cursor not restored: {end:?}");
    assert!(end.contains("score 0.0/2 (0.0%)"), "{end}");
    assert_eq!(exit_code(&s), 0);
}

/// Closing the terminal window (`SIGHUP`) or `kill` (`SIGTERM`) on the feedback screen keeps
/// the answer on it with its suggested rating, as `q` and Ctrl-C do.
#[cfg(unix)]
#[test]
fn pty_hangup_and_terminate_keep_the_answer_on_screen() {
    use expectrl::Expect;
    use pty::*;
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pty.db");
        let db_arg = db.to_string_lossy().into_owned();
        let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW]);
        expect(&mut s, "answer");
        type_line(&mut s, "Lloyd Austin");
        expect(&mut s, "q quit");
        let pid = s.get_process().pid().as_raw();
        // SAFETY: signals the child this test spawned.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let _ = s.expect(expectrl::Eof);
        let status = s.get_process().wait().unwrap();
        assert!(
            matches!(status, expectrl::process::unix::WaitStatus::Exited(_, _)),
            "signal {signal}: not a clean exit: {status:?}"
        );
        let answers = answers_in(&db);
        assert_eq!(answers.len(), 1, "signal {signal}: {answers:?}");
    }
}

/// Ctrl-Z stops the session as job control does (seen by hand in a shell: `fg` goes on with
/// the answer being typed). Here the session leads its own process group, which no shell
/// controls, so the stop is discarded: Ctrl-Z must then neither be typed into the answer nor
/// taken as a key on the feedback screen.
#[cfg(unix)]
#[test]
fn pty_ctrl_z_is_no_answer_and_no_rating() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW]);
    expect(&mut s, "answer");
    for c in "Lloyd".chars() {
        s.send(c.to_string()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Each key redraws the answer line: once it shows the whole of it, Ctrl-Z.
    expect(&mut s, "Lloyd");
    s.send("\x1a").unwrap();
    type_line(&mut s, " Austin");
    let screen = expect(&mut s, "q quit");
    assert!(screen.contains("correct"), "{screen}");
    s.send("\x1a").unwrap();
    s.send("q").unwrap();
    let rest = rest(&mut s);
    assert!(!rest.contains("that key does nothing"), "{rest}");
    assert_eq!(exit_code(&s), 0);
    let answers = answers_in(&db);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0].3.as_deref(), Some("Lloyd Austin"), "{answers:?}");
}

/// Enter on an empty answer line answers nothing (QA: a key pressed twice graded the next
/// question "no answer", wrong); it shows how to give up, and `?` does.
#[cfg(unix)]
#[test]
fn pty_an_empty_answer_line_is_no_answer() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW]);
    expect(&mut s, "answer");
    s.send("\r").unwrap();
    expect(&mut s, "? if you do not know it");
    type_line(&mut s, "Lloyd Austin");
    let screen = expect(&mut s, "q quit");
    assert!(screen.contains("correct"), "{screen}");
    s.send("\r").unwrap();
    expect(&mut s, "answer");
    type_line(&mut s, "?");
    let screen = expect(&mut s, "q quit");
    assert!(screen.contains("no answer"), "{screen}");
    s.send("q").unwrap();
    rest(&mut s);
    let typed: Vec<Option<String>> = answers_in(&db).into_iter().map(|a| a.3).collect();
    assert_eq!(
        typed,
        [Some("Lloyd Austin".to_string()), Some("?".to_string())]
    );
}

#[cfg(unix)]
#[test]
fn pty_undo_takes_back_a_suspend_and_says_so() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let mut s = study_suspending_the_first(&db_arg);
    s.send("u").unwrap();
    // (The line is longer than the pty's 80 columns: it wraps after `asked`.)
    expect(
        &mut s,
        "undone: austin-defense-secretary/cloze/1 is no longer suspended and is asked",
    );
    expect(&mut s, "US Secretary of Defense was _____.");
    // (Keys sent before the prompt shows are dropped as typed ahead: wait for it.)
    expect(&mut s, "answer");
    s.send("\x04").unwrap();
    rest(&mut s);
    assert_eq!(exit_code(&s), 0);
    assert!(answers_in(&db).is_empty());
}

#[cfg(unix)]
#[test]
fn pty_keys_typed_ahead_are_neither_commands_nor_answers() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let mut s = spawn(&["study", DECK, "--db", &db_arg, "--now", NOW, "--limit", "3"]);
    expect(&mut s, "answer");
    type_line(&mut s, "Lloyd Austin");
    expect(&mut s, "q quit");
    // Capitals are someone typing the next answer ahead ("Saturday"): not suspend, not again.
    s.send("S").unwrap();
    expect(&mut s, "that key does nothing here");
    s.send("A").unwrap();
    // Enter twice: the second comes before the next prompt shows and is dropped, not an
    // empty answer to a question not yet seen.
    s.send("\r\r").unwrap();
    expect(&mut s, "2/3");
    expect(&mut s, "answer");
    type_line(&mut s, "Saturday");
    expect(&mut s, "✓ correct");
    expect(&mut s, "q quit");
    s.send("q").unwrap();
    let end = rest(&mut s);
    assert!(!end.contains("suspended"), "{end}");
    assert!(end.contains("answered      2 — 2 correct"), "{end}");
    assert_eq!(exit_code(&s), 0);
    let got: Vec<(String, i64, Option<String>)> = answers_in(&db)
        .into_iter()
        .map(|a| (a.0, a.1, a.3))
        .collect();
    assert_eq!(
        got,
        [
            (
                "austin-defense-secretary/cloze/1".to_string(),
                3,
                Some("Lloyd Austin".to_string())
            ),
            (
                "austin-meets-singh/cloze/1".to_string(),
                3,
                Some("Saturday".to_string())
            ),
        ]
    );
}

#[cfg(unix)]
#[test]
fn pty_menus_take_the_letters_and_numbers_of_their_labels() {
    use expectrl::Expect;
    use pty::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pty.db");
    let db_arg = db.to_string_lossy().into_owned();
    let typed =
        |db: &Path| -> Vec<Option<String>> { answers_in(db).into_iter().map(|a| a.3).collect() };
    // `b)` is picked with b, and the second option with 2, each then Enter.
    let mut s = spawn(&[
        "quiz", DECK, "--kinds", "choice", "--count", "2", "--db", &db_arg,
    ]);
    expect(&mut s, "type its letter");
    expect(&mut s, "d) ");
    // Enter before anything is typed or chosen answers nothing (a key pressed twice).
    s.send("\r").unwrap();
    expect(&mut s, "(type a letter or text, or choose with the arrows)");
    // A label of no option is a slip, asked again (QA: `q` was graded wrong).
    type_line(&mut s, "q");
    expect(&mut s, "(no option q: a to d, 1 to 4, or an option's text)");
    s.send("\x7f").unwrap();
    type_line(&mut s, "b");
    expect(&mut s, "you typed  b");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    expect(&mut s, "type its letter");
    expect(&mut s, "d) ");
    type_line(&mut s, "2");
    expect(&mut s, "you typed  2");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("score"), "{end}");
    assert_eq!(exit_code(&s), 0);
    assert_eq!(typed(&db), [Some("b".to_string()), Some("2".to_string())]);

    // An option typed out is read whole, its first character no label (QA: typing `2027`
    // picked b) with the 2, and the next 2 rated the answer on the feedback screen).
    let mut s = spawn(&[
        "quiz", DECK, "--kinds", "choice", "--count", "1", "--db", &db_arg,
    ]);
    let menu = expect(&mut s, "d) ");
    let menu = menu + &expect(&mut s, "\n");
    let option = |label: &str| -> String {
        let line = (menu.lines())
            .find(|l| l.contains(&format!("{label}) ")))
            .unwrap_or_else(|| panic!("{label}) on the menu:\n{menu}"));
        let at = line.find(&format!("{label}) ")).unwrap() + 3;
        line[at..].trim().to_string()
    };
    let text = option("c");
    type_line(&mut s, &text);
    let screen = expect(&mut s, "q quit");
    assert!(screen.contains(&format!("you typed  {text}")), "{screen}");
    s.send("q").unwrap();
    rest(&mut s);
    assert_eq!(typed(&db)[2], Some(text));
    let db_arg = {
        // The true/false run below counts from a fresh file.
        let fresh = dir.path().join("pty-tf.db");
        fresh.to_string_lossy().into_owned()
    };
    let db = std::path::PathBuf::from(&db_arg);

    // True or false: t and f (either case); other keys do nothing.
    let mut s = spawn(&[
        "quiz",
        DECK,
        "--kinds",
        "true-false",
        "--count",
        "2",
        "--db",
        &db_arg,
    ]);
    expect(&mut s, "(t/f)");
    s.send("x").unwrap();
    s.send("t").unwrap();
    expect(&mut s, "you typed  true");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    expect(&mut s, "(t/f)");
    s.send("F").unwrap();
    expect(&mut s, "you typed  false");
    expect(&mut s, "q quit");
    s.send("\r").unwrap();
    let end = rest(&mut s);
    assert!(end.contains("score"), "{end}");
    assert_eq!(exit_code(&s), 0);
    assert_eq!(
        typed(&db),
        [Some("true".to_string()), Some("false".to_string())]
    );
}

#[cfg(unix)]
#[test]
fn pty_several_answer_menus_take_letters_typed_or_marks() {
    use expectrl::Expect;
    use pty::*;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let db_arg = dir.path().join("multi.db").to_string_lossy().into_owned();
    // The shipped deck's card on the days of the Alaska talks: Thursday and Friday of five.
    let run = |keys: &dyn Fn(&str) -> Vec<String>| -> String {
        let mut s = spawn(&[
            "quiz", DECK, "--kinds", "card", "--tag", "china", "--count", "5", "--seed", "1",
            "--db", &db_arg,
        ]);
        let mut seen = String::new();
        loop {
            let screen = expect(&mut s, "):");
            if screen.contains("(t/f)") {
                s.send("f").unwrap();
                expect(&mut s, "q quit");
                s.send("\r").unwrap();
                continue;
            }
            // The menu: its five options, then the keys.
            seen.push_str(&screen);
            seen.push_str(&expect(&mut s, "e) "));
            seen.push_str(&expect(&mut s, "\n"));
            for key in keys(&seen) {
                s.send(key).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
            s.send("\r").unwrap();
            let verdict = expect(&mut s, "q quit");
            s.send("q").unwrap();
            rest(&mut s);
            return verdict;
        }
    };
    // The letter of an option on the menu.
    let letter = |menu: &str, option: &str| -> String {
        let line = menu
            .lines()
            .find(|l| l.trim_end().ends_with(&format!(") {option}")))
            .unwrap_or_else(|| panic!("{option} on the menu:\n{menu}"));
        let at = line.find(&format!(") {option}")).unwrap();
        line[at - 1..at].to_string()
    };

    // Letters typed, run together or apart, answer with their options.
    let both = run(&|menu| vec![letter(menu, "Thursday"), letter(menu, "Friday")]);
    assert!(both.contains("✓ correct (2 of 2)"), "{both}");
    let apart = run(&|menu| {
        vec![
            letter(menu, "Friday"),
            ", ".into(),
            letter(menu, "Thursday"),
        ]
    });
    assert!(apart.contains("✓ correct (2 of 2)"), "{apart}");
    let half = run(&|menu| vec![letter(menu, "Thursday")]);
    assert!(half.contains("~ close (1 of 2)"), "{half}");

    // With nothing typed, the arrows move and Space marks (pressed twice, unmarks).
    let index = |menu: &str, option: &str| -> usize {
        usize::from(letter(menu, option).as_bytes()[0] - b'a')
    };
    let marked = run(&|menu| {
        let (thursday, friday) = (index(menu, "Thursday"), index(menu, "Friday"));
        let mut keys = vec!["\x1b[B".to_string(); thursday];
        keys.extend([" ".to_string(), " ".to_string(), " ".to_string()]);
        keys.extend(vec!["\x1b[B".to_string(); (friday + 5 - thursday) % 5]);
        keys.push(" ".into());
        keys
    });
    assert!(marked.contains("✓ correct (2 of 2)"), "{marked}");

    let wrong_pick = run(&|menu| vec![letter(menu, "Thursday"), letter(menu, "Monday")]);
    assert!(wrong_pick.contains("✗ wrong"), "{wrong_pick}");

    // Enter with nothing marked (one marked and unmarked) answers nothing right.
    let none = run(&|_| vec![" ".into(), " ".into()]);
    assert!(none.contains("✗ wrong"), "{none}");
}

// ---- check (issue 4) ----

const CHECK_SOURCES: &str = "tests/data/check/sources";

/// `recall check PATH --sources tests/data/check/sources ...`.
fn check(path: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", path, "--sources", CHECK_SOURCES];
    args.extend_from_slice(extra);
    recall(&args).run()
}

#[test]
fn check_failing_fixtures_are_reported() {
    // One deck per check: evidence (E201), support (E203), answer-key (E301-E303) and the
    // source's sha256 (E202).
    insta::glob!("data/check/fail/*.ron", |path| {
        let relative = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let run = check(&relative, &[]);
        assert_eq!(run.code, 1, "{relative}:\n{}", run.transcript());
        insta::assert_snapshot!(run.transcript());
    });
}

#[test]
fn check_each_failing_fixture_triggers_its_codes() {
    let cases = [
        ("evidence.ron", &["E201"][..]),
        ("evidence-elided.ron", &["E201"][..]),
        ("support.ron", &["E203"][..]),
        ("answer-key.ron", &["E301", "E302", "E303"][..]),
        ("source-hash.ron", &["E202"][..]),
    ];
    for (file, codes) in cases {
        let run = check(
            &format!("tests/data/check/fail/{file}"),
            &["--format", "json"],
        );
        let found: std::collections::BTreeSet<String> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].to_string())
            .map(|c| c.trim_matches('"').to_string())
            .collect();
        let expected: std::collections::BTreeSet<String> =
            codes.iter().map(|c| c.to_string()).collect();
        assert_eq!(found, expected, "{file}: {}", run.stdout);
    }
}

/// A sha256 in capitals (PowerShell's `Get-FileHash`) is the same hash (QA).
#[test]
fn a_sha256_in_capitals_is_the_same_hash() {
    let dir = tempfile::tempdir().unwrap();
    let deck = std::fs::read_to_string(root().join("tests/data/check/pass/harbour.ron")).unwrap();
    let sha = "771e02f37a1279e35ba6a0cd1d6512a4225160355f85a23a74a31f4e6bd7a38b";
    assert!(deck.contains(sha));
    let path = dir.path().join("harbour.ron");
    std::fs::write(&path, deck.replace(sha, &sha.to_uppercase())).unwrap();
    let run = check(&path.to_string_lossy(), &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let wrong = sha.replace("771e", "771F").replace("a38b", "A38C");
    std::fs::write(&path, deck.replace(sha, &wrong)).unwrap();
    let run = check(&path.to_string_lossy(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("\"E202\""), "{}", run.stdout);
}

#[test]
fn check_passing_fixtures_pass_every_check() {
    // Two clean decks over the same source, checked together (so conflicts run across them).
    let run = check("tests/data/check/pass", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_conflicts_across_decks() {
    let run = check("tests/data/check/conflicts", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for code in ["E401", "E402", "E403"] {
        assert!(run.stdout.contains(code), "no {code}:\n{}", run.stdout);
    }
    insta::assert_snapshot!(run.transcript());
    // Each deck alone has only its within-deck duplicate fact.
    let run = check("tests/data/check/conflicts/a.ron", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = check("tests/data/check/conflicts/b.ron", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("\"E402\""), "{}", run.stdout);
}

#[test]
fn check_json_findings_are_located() {
    let run = check("tests/data/check/fail/support.ron", &["--format", "json"]);
    assert_eq!(run.code, 1);
    let findings: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(findings.len(), 7, "{}", run.stdout);
    let first = &findings[0];
    assert_eq!(first["file"], "tests/data/check/fail/support.ron");
    assert_eq!(first["code"], "E203");
    assert_eq!(first["name"], "answer-not-in-evidence");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(14), Some(23))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(14), Some(39))
    );
    assert!(first["help"].as_str().unwrap().contains("On Tuesday"));
}

#[test]
fn check_github_annotations() {
    let run = check(
        "tests/data/check/fail/evidence.ron",
        &["--format", "github"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "one line per finding:\n{}", run.stdout);
    assert_eq!(
        lines[0],
        "::error file=tests/data/check/fail/evidence.ron,line=15,col=24,endLine=15,endColumn=74,\
         title=E201 evidence-not-in-source::evidence excerpt not found in \
         `tests/data/check/sources/harbour.txt`%0Atests/data/check/sources/harbour.txt:2:12: \
         closest passage (differs at `opend`: the source has `opened`)%0Ahelp: evidence quotes \
         the source exactly (only line breaks, spaces, quote and dash styles may differ); copy \
         the passage from the source"
    );
    // Warnings are `::warning`.
    let (_dir, db) = state_file(&["pier-opened/cloze/2", "gone-fact/cloze/1"]);
    let run = check(
        "tests/data/check/pass/harbour.ron",
        &["--format", "github", "--db", db.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with(
            "::warning file=tests/data/check/pass/harbour.ron,line=5,col=9,endLine=5,endColumn=18,title=W501 orphan-history::"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn check_junit_has_a_case_per_check() {
    use quick_junit::{NonSuccessKind, TestCaseStatus};
    let run = recall(&[
        "check",
        "tests/data/check/fail/support.ron",
        "tests/data/check/pass/council.ron",
        "--sources",
        CHECK_SOURCES,
        "--format",
        "junit",
    ])
    .run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = quick_junit::Report::deserialize_from_str(&run.stdout).expect("valid JUnit XML");
    assert_eq!(report.test_suites.len(), 2);
    let names = [
        "deck",
        "source",
        "evidence",
        "support",
        "answer-key",
        "conflicts",
        "state",
    ];
    for suite in &report.test_suites {
        let cases: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(cases, names, "{:?}", suite.name);
    }
    let failing = &report.test_suites[0];
    assert_eq!(failing.name.as_str(), "tests/data/check/fail/support.ron");
    for case in &failing.test_cases {
        match (case.name.as_str(), &case.status) {
            (
                "support",
                TestCaseStatus::NonSuccess {
                    kind,
                    message,
                    description,
                    ..
                },
            ) => {
                assert_eq!(*kind, NonSuccessKind::Failure);
                assert_eq!(message.as_ref().unwrap().as_str(), "7 errors (E203)");
                assert!(
                    description
                        .as_ref()
                        .unwrap()
                        .as_str()
                        .contains("`£5,200` is not supported")
                );
            }
            ("state", TestCaseStatus::Skipped { .. }) => {}
            (name, TestCaseStatus::Success { .. }) if name != "support" && name != "state" => {}
            (name, status) => panic!("{name}: {status:?}"),
        }
    }
    let clean = &report.test_suites[1];
    assert!(
        clean.test_cases.iter().all(|c| matches!(
            c.status,
            TestCaseStatus::Success { .. } | TestCaseStatus::Skipped { .. }
        )),
        "{clean:?}"
    );
}

/// A state file with review history for `questions` of the deck `harbour`.
fn state_file(questions: &[&str]) -> (tempfile::TempDir, PathBuf) {
    use recall::schedule::{Rating, Scheduler};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let at: jiff::Timestamp = "2024-03-01T09:00:00Z".parse().unwrap();
    let answers: Vec<_> = questions
        .iter()
        .map(|q| (q.to_string(), at, Rating::Good, 3000))
        .collect();
    let mut store = recall::store::Store::open(&path).unwrap();
    store
        .import("harbour", &answers, &Scheduler::with_defaults())
        .unwrap();
    (dir, path)
}

#[test]
fn check_orphan_history_with_db() {
    let deck = "tests/data/check/pass/harbour.ron";
    let (_dir, db) = state_file(&["pier-opened/cloze/2", "keeper-name", "gone-fact/cloze/1"]);
    let db = db.to_str().unwrap();
    let run = check(deck, &["--db", db]);
    assert_eq!(run.code, 0, "warnings alone pass: {}", run.transcript());
    insta::assert_snapshot!(run.transcript());
    let run = check(deck, &["--db", db, "--warnings-as-errors"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("error[W501]"), "{}", run.stdout);
    assert!(
        run.stdout.contains(": 1 error, 0 warnings"),
        "{}",
        run.stdout
    );
    // Every format reports as failing what fails the run.
    let failing = |format: &str| {
        check(
            deck,
            &["--db", db, "--warnings-as-errors", "--format", format],
        )
    };
    let junit = failing("junit");
    assert_eq!(junit.code, 1);
    assert!(junit.stdout.contains("failures=\"1\""), "{}", junit.stdout);
    let github = failing("github");
    assert!(github.stdout.starts_with("::error "), "{}", github.stdout);
    let json = failing("json");
    assert!(
        json.stdout.contains("\"severity\":\"error\""),
        "{}",
        json.stdout
    );
    let junit = check(deck, &["--db", db, "--format", "junit"]);
    assert_eq!(junit.code, 0);
    assert!(junit.stdout.contains("failures=\"0\""), "{}", junit.stdout);
    // History of existing questions only: nothing to say.
    let (_dir, clean) = state_file(&["pier-opened/cloze/2", "keeper-name"]);
    let run = check(
        deck,
        &["--db", clean.to_str().unwrap(), "--warnings-as-errors"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stdout.contains("W501"), "{}", run.stdout);
    // Without `--db` no state is read, whatever RECALL_DB says.
    let run = recall(&[
        "check",
        deck,
        "--sources",
        CHECK_SOURCES,
        "--warnings-as-errors",
    ])
    .env("RECALL_DB", db)
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A state file that does not exist is an I/O-level error.
    let run = check(deck, &["--db", "tests/data/check/no-such.db"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn a_source_must_be_a_utf8_file() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("mini.ron");
    std::fs::copy(root().join("tests/data/decks/mini.ron"), &deck).unwrap();
    let deck_arg = deck.to_str().unwrap();
    // Latin-1 text: `£` is one byte, 0xA3.
    std::fs::write(dir.path().join("mini.txt"), b"more than \xa317,000").unwrap();
    let run = recall(&["check", deck_arg]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("error[E200]: source `")
            && run
                .stdout
                .contains("mini.txt` is not UTF-8 text (invalid byte at offset 10)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("iconv"), "{}", run.stdout);
    // A folder where the source should be is named as one.
    std::fs::remove_file(dir.path().join("mini.txt")).unwrap();
    std::fs::create_dir(dir.path().join("mini.txt")).unwrap();
    let run = recall(&["check", deck_arg]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("error[E200]: source `mini.txt` is a folder"),
        "{}",
        run.stdout
    );
}

/// The folder holding the shipped deck's article, when this checkout has it beside it.
/// A temporary folder with the mini deck (`tests/data/decks/mini.ron`), each `(from, to)`
/// of `edits` made (each must be found), and a state file's path beside it: the folder, the
/// deck, the state file and the deck's text.
fn mini_deck(edits: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("tests/data/decks/mini.ron")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "the mini deck has {from:?}");
        text = text.replacen(from, to, 1);
    }
    let (deck, db) = (dir.path().join("mini.ron"), dir.path().join("state.db"));
    std::fs::write(&deck, &text).unwrap();
    (dir, deck, db, text)
}

fn shipped_sources() -> Option<PathBuf> {
    // The article lives beside the checkout, not in it (see `.ci/run`).
    [
        root().join("../shared/sources"),
        "/work/shared/sources".into(),
    ]
    .into_iter()
    .find(|dir| dir.is_dir())
}

/// `recall check` on `decks` passes, warnings included: with the article, every check;
/// without it, every check but the source's (only E200 is reported).
fn assert_check_passes(decks: &str) {
    let strict = "--warnings-as-errors";
    match shipped_sources() {
        Some(sources) => {
            let sources = sources.to_string_lossy().into_owned();
            let run = recall(&["check", decks, "--sources", &sources, strict]).run();
            assert_eq!(run.code, 0, "{}", run.transcript());
        }
        None => {
            let run = recall(&["check", decks, "--format", "json", strict]).run();
            assert_eq!(run.code, 1, "{}", run.transcript());
            for line in run.stdout.lines() {
                assert!(line.contains("\"E200\""), "{line}");
            }
        }
    }
}

#[test]
fn check_shipped_decks_pass() {
    assert_check_passes("decks/");
}

#[test]
fn the_readme_example_deck_passes_check() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_, rest) = readme
        .split_once("A complete example")
        .expect("the README shows a complete deck");
    let (_, rest) = rest.split_once("```ron\n").expect("in a ron block");
    let (deck, _) = rest.split_once("```").expect("the block ends");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("readme.ron");
    std::fs::write(&path, deck).unwrap();
    assert_check_passes(path.to_str().unwrap());
}

/// The next value of the same kind: another name, a number or year plus one, the next day.
fn mutate(value: &str, ty: &str) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    match ty {
        "person" => "Marta Lind".into(),
        "place" => "Greyhaven".into(),
        "country" => "Denmark".into(),
        "org" => "Harbour Board".into(),
        "thing" => "Heron".into(),
        "day" => {
            let i = DAYS.iter().position(|d| *d == value).expect("a weekday");
            DAYS[(i + 1) % 7].into()
        }
        // Numbers, money, years and dates: add one to the first number.
        _ => {
            let start = value.find(|c: char| c.is_ascii_digit()).expect("a number");
            let len = value[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == ','))
                .unwrap_or(value.len() - start);
            let n: u64 = value[start..start + len].replace(',', "").parse().unwrap();
            format!("{}{}{}", &value[..start], n + 1, &value[start + len..])
        }
    }
}

/// Every `[value](type)` span in the deck text: (byte range of the value, value, type).
fn spans(deck: &str) -> Vec<(std::ops::Range<usize>, String, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(mid) = deck[from..].find("](").map(|i| from + i) {
        let open = deck[..mid].rfind('[').unwrap();
        let close = mid + deck[mid..].find(')').unwrap();
        out.push((
            open + 1..mid,
            deck[open + 1..mid].to_string(),
            deck[mid + 2..close].to_string(),
        ));
        from = close;
    }
    out
}

#[test]
fn check_catches_every_mutated_name_number_and_date() {
    let deck = std::fs::read_to_string(root().join("tests/data/check/pass/harbour.ron")).unwrap();
    let source = root().join("tests/data/check/sources/harbour.txt");
    let mut mutations: Vec<(String, String)> = Vec::new();
    for (range, value, ty) in spans(&deck) {
        let new = mutate(&value, &ty);
        let mut text = deck.clone();
        text.replace_range(range, &new);
        mutations.push((format!("fact span {value:?} ({ty}) -> {new:?}"), text));
    }
    // Hand-written card answers.
    for (old, new) in [
        (r#"Text(["Tomas Brandt"])"#, r#"Text(["Marta Lind"])"#),
        ("Number(value: 4200,", "Number(value: 4201,"),
        (r#"unit: "GBP""#, r#"unit: "USD""#),
        (r#"Date("1887-06-03")"#, r#"Date("1887-06-04")"#),
        (r#"["Norway", "Portugal"]"#, r#"["Denmark", "Portugal"]"#),
        (r#"["Norway", "Portugal"]"#, r#"["Norway", "Spain"]"#),
        (r#"correct: ["Tuesday"]"#, r#"correct: ["Wednesday"]"#),
        (r#"Date("1862")"#, r#"Date("1863")"#),
    ] {
        assert_eq!(deck.matches(old).count(), 1, "{old}");
        mutations.push((format!("card {old} -> {new}"), deck.replace(old, new)));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&source, dir.path().join("harbour.txt")).unwrap();
    let path = dir.path().join("harbour.ron");
    let path = path.to_str().unwrap();
    std::fs::write(path, &deck).unwrap();
    let run = recall(&["check", path]).run();
    assert_eq!(
        run.code,
        0,
        "the unmutated deck passes: {}",
        run.transcript()
    );
    for (name, text) in &mutations {
        std::fs::write(path, text).unwrap();
        let run = recall(&["check", path, "--format", "json"]).run();
        println!("{name}: exit {}", run.code);
        assert_eq!(run.code, 1, "{name} was not caught:\n{}", run.transcript());
        assert!(run.stdout.contains("\"E203\""), "{name}: {}", run.stdout);
    }
    println!("{} mutations, all caught", mutations.len());
    assert!(mutations.len() >= 20, "only {} mutations", mutations.len());
}

#[test]
fn decks_cannot_take_over_each_others_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let db_arg = db.to_str().unwrap();
    let first = recall(&["study", DECK, "--db", db_arg, "--now", NOW])
        .stdin("Lloyd Austin\n")
        .run();
    assert_eq!(first.code, 0, "{}", first.transcript());
    // A copy under another deck id has the same question ids: refused, nothing moves.
    let text = std::fs::read_to_string(root().join(DECK)).unwrap();
    let copy = dir.path().join("copy.ron");
    std::fs::write(
        &copy,
        text.replace("id: \"us-india-security-2021\"", "id: \"us-india-copy\""),
    )
    .unwrap();
    let run = recall(&[
        "study",
        copy.to_str().unwrap(),
        "--db",
        db_arg,
        "--now",
        NOW,
    ])
    .stdin("x\n")
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    // (QA: the message spoke of one question, not of the deck's id.)
    assert!(
        run.stderr.contains("deck `us-india-copy` has ")
            && run.stderr.contains(
                "under deck `us-india-security-2021`: is it that deck with its id changed, or \
                 a copy of it? Give it back the id `us-india-security-2021`"
            ),
        "{}",
        run.stderr
    );
    let stats = recall(&[
        "stats",
        "us-india-security-2021",
        "--json",
        "--db",
        db_arg,
        "--now",
        NOW,
    ])
    .run();
    assert_eq!(stats.code, 0, "{}", stats.transcript());
    assert!(stats.stdout.contains("\"learning\": 1"), "{}", stats.stdout);
    // Two files with one deck id in one session: refused; the same file twice is one deck.
    let same = dir.path().join("same.ron");
    std::fs::write(&same, &text).unwrap();
    let run = recall(&[
        "study",
        DECK,
        same.to_str().unwrap(),
        "--db",
        db_arg,
        "--now",
        NOW,
    ])
    .stdin("x\n")
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("deck ids must be unique"),
        "{}",
        run.stderr
    );
    let run = recall(&["study", DECK, DECK, "--db", db_arg, "--now", NOW]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn study_says_when_there_is_nothing_it_could_ever_ask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db_arg = db.to_str().unwrap();
    let now = "2024-05-01T09:00:00Z";
    // A tag no question has is a typo, not "nothing due": named, with the tags there are,
    // before any state file is made.
    let run = recall(&[
        "study", DECK, "--tag", "chian", "--db", db_arg, "--now", now,
    ])
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.starts_with(
            "recall: --tag `chian`: no question of us-india-security-2021 has it; their tags are"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`china`"), "{}", run.stderr);
    assert!(!db.exists());

    // Decks studied before are found again; when none is where it was, that is an error, not
    // "nothing to study".
    let moved = dir.path().join("deck.ron");
    std::fs::copy(root().join(DECK), &moved).unwrap();
    let answers = write_answers(dir.path(), "a.ron", &[]);
    let run = recall(&[
        "study",
        moved.to_str().unwrap(),
        "--db",
        db_arg,
        "--now",
        now,
        "--answers",
        answers.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = recall(&[
        "study",
        "--tag",
        "china",
        "--db",
        db_arg,
        "--now",
        now,
        "--answers",
        answers.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = recall(&["study", "--tag", "chian", "--db", db_arg, "--now", now]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    std::fs::rename(&moved, dir.path().join("elsewhere.ron")).unwrap();
    let run = recall(&["study", "--db", db_arg, "--now", now]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("the deck file is gone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("none of the decks studied with"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("nothing to study"), "{}", run.stdout);
}

#[test]
fn an_empty_quiz_is_a_usage_error_not_a_pass() {
    let run = recall(&["quiz", DECK, "--tag", "no-such-tag", "--min-score", "80"]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("no questions to ask"), "{}", run.stderr);
    let run = recall(&["quiz", DECK, "--count", "0", "--min-score", "80"]).run();
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn questions_can_be_suspended_and_unsuspended_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let db_arg = db.to_str().unwrap();
    let run = recall(&[
        "suspend",
        "austin-defense-secretary/cloze/1",
        "--db",
        db_arg,
    ])
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("nothing has been studied"),
        "{}",
        run.stderr
    );
    let run = recall(&["study", DECK, "--db", db_arg, "--now", NOW, "--limit", "0"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    // Not "nothing to study": twenty new questions are waiting (QA).
    assert!(
        run.stdout.starts_with("nothing asked: --limit 0\n"),
        "{}",
        run.stdout
    );
    let id = "austin-defense-secretary/cloze/1";
    let run = recall(&["suspend", id, "no-such/cloze/1", "--db", db_arg]).run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout, format!("suspended: {id}\n"));
    assert!(
        run.stderr.contains("no question `no-such/cloze/1`"),
        "{}",
        run.stderr
    );
    // Again, and twice in one command: said once, as it is.
    let run = recall(&["suspend", id, id, "--db", db_arg]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, format!("already suspended: {id}\n"));
    // Logged at --now, as a history studied with --now is (QA: stamped with today's date).
    let other = "austin-meets-singh/cloze/1";
    let run = recall(&["suspend", other, "--db", db_arg, "--now", NOW]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let logged: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT at_ms FROM revlog WHERE question = ?1 AND note = 'suspend'",
            [other],
            |r| r.get(0),
        )
        .unwrap();
    let now: jiff::Timestamp = NOW.parse().unwrap();
    assert_eq!(logged, now.as_millisecond());
    let run = recall(&["unsuspend", other, "--db", db_arg, "--now", NOW]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A suspended question is not asked; unsuspended, it is again.
    let first = |db_arg: &str| {
        let run = recall(&[
            "study", DECK, "--db", db_arg, "--now", NOW, "--json", "--limit", "1",
        ])
        .stdin("x\n")
        .run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        let line: serde_json::Value =
            serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
        line["id"].as_str().map(str::to_string)
    };
    assert_ne!(first(db_arg).as_deref(), Some(id));
    let dir2 = tempfile::tempdir().unwrap();
    let db2 = dir2.path().join("state.db");
    let db2_arg = db2.to_str().unwrap();
    recall(&["study", DECK, "--db", db2_arg, "--now", NOW, "--limit", "0"]).run();
    recall(&["suspend", id, "--db", db2_arg]).run();
    let run = recall(&["unsuspend", id, "--db", db2_arg]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, format!("unsuspended: {id}\n"));
    let run = recall(&["unsuspend", id, "--db", db2_arg]).run();
    assert_eq!(run.stdout, format!("not suspended: {id}\n"));
    assert_eq!(first(db2_arg).as_deref(), Some(id));
}

#[test]
fn the_shipped_answer_key_scores_full_marks() {
    // The README's CI example: a deck's answer key checked with `quiz --min-score`.
    let run = recall(&[
        "quiz",
        DECK,
        "--answers",
        "tests/data/session/answer-key.ron",
        "--count",
        "1000",
        "--min-score",
        "100",
        "--json",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let summary: serde_json::Value =
        serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["percent"], 100.0, "{summary}");
    assert_eq!(summary["answered"], summary["total"], "{summary}");
}

#[test]
fn stats_counts_the_questions_the_decks_have_now() {
    let (dir, deck, db, text) = mini_deck(&[]);
    let (deck_arg, db_arg) = (deck.to_str().unwrap(), db.to_str().unwrap());
    let run = recall(&["study", deck_arg, "--db", db_arg, "--limit", "0"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let stats = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["stats", "--json", "--db", db_arg, "--now", NOW];
        all.extend_from_slice(args);
        let run = recall(&all).run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        serde_json::from_str(&run.stdout).unwrap()
    };
    let before = stats(&[]);
    let total = before["new"].as_u64().unwrap();
    assert!(total > 10, "{before}");
    assert_eq!(before["not_in_deck"], 0);
    // One question of a fact answered.
    let answers = write_answers(dir.path(), "a.ron", &[("engine-cost/cloze/1", "£17,000")]);
    let run = recall(&[
        "study",
        deck_arg,
        "--db",
        db_arg,
        "--now",
        NOW,
        "--answers",
        answers.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let answered = stats(&[]);
    assert_eq!(answered["new"].as_u64().unwrap(), total - 1, "{answered}");
    // The fact renamed: the history of its old questions is never shown again (the one
    // answered is counted apart, the others had none), its new questions are new, whether the
    // deck is named or found where it was studied.
    assert_eq!(text.matches("engine-cost").count(), 1);
    std::fs::write(&deck, text.replace("\"engine-cost\"", "\"engine-price\"")).unwrap();
    for args in [&[][..], &[deck_arg][..], &["mini"][..]] {
        let after = stats(args);
        assert_eq!(after["not_in_deck"], 1, "{args:?}: {after}");
        assert_eq!(after["new"].as_u64().unwrap(), total, "{args:?}: {after}");
        assert_eq!(
            after["reviews_30d"], answered["reviews_30d"],
            "{args:?}: {after}"
        );
    }
    let run = recall(&["stats", deck_arg, "--db", db_arg, "--now", NOW]).run();
    assert!(
        run.stdout
            .contains("(not counted: 1 question with history that its deck no longer has)"),
        "{}",
        run.stdout
    );
    // A deck file that is gone: the state is all there is to count.
    std::fs::remove_file(&deck).unwrap();
    let gone = stats(&[]);
    assert_eq!(gone["not_in_deck"], 0);
    assert_eq!(gone["new"].as_u64().unwrap(), total - 1);
}

#[test]
fn the_session_summary_counts_the_questions_the_decks_have_now() {
    let (dir, deck, db, text) = mini_deck(&[]);
    let (deck_arg, db_arg) = (deck.to_str().unwrap(), db.to_str().unwrap());
    let study = |answers: &[(&str, &str)], now: &str, limit: Option<&str>| {
        let file = write_answers(dir.path(), "a.ron", answers);
        let mut args = vec!["study", deck_arg, "--db", db_arg, "--now", now, "--json"];
        args.extend(["--answers", file.to_str().unwrap()]);
        if let Some(limit) = limit {
            args.extend(["--limit", limit]);
        }
        let run = recall(&args).env("TZ", "UTC").run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        json_lines(&run)
    };
    // A question of one fact in its learning steps, due again within the hour.
    let first = study(&[("notes-length/cloze/1", "20,000")], NOW, None);
    assert_eq!(first.last().unwrap()["next_due"], first[0]["due"]);
    // The fact removed from the deck: its question is never asked again, so the summary
    // neither counts it for tomorrow (held back) nor says it is due now.
    let start = text
        .find("        Fact(\n            id: \"notes-length\"")
        .unwrap();
    let end = start + text[start..].find("        ),\n").unwrap() + "        ),\n".len();
    std::fs::write(&deck, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let later = "2024-05-01T12:00:00Z";
    let lines = study(&[("engine-cost/cloze/1", "£17,000")], later, None);
    let (answer, summary) = (&lines[0], lines.last().unwrap());
    assert_eq!(answer["id"], "engine-cost/cloze/1");
    assert_eq!(summary["due_tomorrow"], 0, "{summary}");
    assert_eq!(summary["next_due"], answer["due"], "{summary}");
    let summary = study(&[], later, Some("0")).pop().unwrap();
    assert_eq!(summary["next_due"], answer["due"], "{summary}");
    // As `stats` counts them.
    let run = recall(&["stats", "--json", "--db", db_arg, "--now", later])
        .env("TZ", "UTC")
        .run();
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(stats["due_today"], 1, "{stats}");
    assert_eq!(stats["not_in_deck"], 1, "{stats}");
}

#[test]
fn a_learning_step_of_a_day_is_due_from_the_start_of_the_study_day() {
    let (dir, deck, db, _) = mini_deck(&[(
        "    title: \"Mini deck\",\n",
        "    title: \"Mini deck\",\n    settings: Settings(learning_steps: [\"10m\", \"1d\"]),\n",
    )]);
    let (deck_arg, db_arg) = (deck.to_str().unwrap(), db.to_str().unwrap());
    let answers = write_answers(dir.path(), "a.ron", &[("notes-length/cloze/1", "20,000")]);
    let study = |now: &str| {
        let run = recall(&[
            "study",
            deck_arg,
            "--db",
            db_arg,
            "--now",
            now,
            "--json",
            "--answers",
            answers.to_str().unwrap(),
        ])
        .env("TZ", "UTC")
        .run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        json_lines(&run)
    };
    // Answered at 09:00, the 1d step is due from 4 am the next day (the day's start)...
    let first = study(NOW);
    assert_eq!(first[0]["due"], "2024-05-02T04:00:00Z", "{first:?}");
    // ...so at 07:00 `stats` counts it due today and `study` asks it (QA: not until 09:00).
    let morning = "2024-05-02T07:00:00Z";
    let run = recall(&["stats", "--json", "--db", db_arg, "--now", morning])
        .env("TZ", "UTC")
        .run();
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(stats["due_today"], 1, "{stats}");
    let second = study(morning);
    assert_eq!(second[0]["id"], "notes-length/cloze/1", "{second:?}");
}

#[test]
fn a_more_lenient_answer_key_keeps_what_was_learned() {
    // The mini deck, with a card one of whose answers is another name's alias.
    let (dir, deck, db, text) = mini_deck(&[(
        "        Card(\n            id: \"engine-built\",",
        "        Card(\n            id: \"designer\",\n            ask: \"Who designed the Analytical Engine?\",\n            answer: Text([\"the designer\", \"Babbage\"]),\n            evidence: [\"a machine designed by Charles Babbage\"],\n        ),\n        Card(\n            id: \"engine-built\",",
    )]);
    let (deck_arg, db_arg) = (deck.to_str().unwrap(), db.to_str().unwrap());
    let answers = write_answers(
        dir.path(),
        "a.ron",
        &[
            ("engine-designer/cloze/1", "Charles Babbage"),
            ("notes-length/cloze/1", "20,000"),
            ("designer", "the designer"),
        ],
    );
    let study = |now: &str| {
        recall(&[
            "study",
            deck_arg,
            "--db",
            db_arg,
            "--now",
            now,
            "--answers",
            answers.to_str().unwrap(),
        ])
        .run()
    };
    let run = study(NOW);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A state file as recall wrote it before 2026-11 (these hashes are what that version
    // stored for this deck): with every accepted form and the tolerance, aliases one way. The
    // upgrade relearns none of its questions, and stores the new hashes.
    let earlier = [
        (
            "engine-designer/cloze/1",
            "22cad5a01a830f91f12211278d293da679553fd3146d63b592ee50a8b26623cc",
        ),
        (
            "notes-length/cloze/1",
            "1a4a9d5bb221ebc1f5458323ac146d3005427a967a8c51e9ed2ddb2ff27245e9",
        ),
        (
            "designer",
            "118344395f5c57d9fffa832d620359f3657ad139b3c3d0a0d988d00cfff3f6b3",
        ),
    ];
    let stored_hash = |id: &str| -> String {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT content_hash FROM cards WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let now_hashes: Vec<String> = earlier.iter().map(|(id, _)| stored_hash(id)).collect();
    for (id, hash) in earlier {
        assert_ne!(stored_hash(id), hash, "{id}");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute(
                "UPDATE cards SET content_hash = ?2 WHERE id = ?1",
                [id, hash],
            )
            .unwrap();
    }
    let run = study("2024-05-01T12:00:00Z");
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stderr.contains("learnt again"), "{}", run.transcript());
    for ((id, _), hash) in earlier.iter().zip(&now_hashes) {
        assert_eq!(&stored_hash(id), hash, "{id}");
    }
    // Another alias: nothing to learn again.
    let lenient = text.replace(
        "\"Charles Babbage\": [\"Babbage\"]",
        "\"Charles Babbage\": [\"Babbage\", \"C. Babbage\"]",
    );
    assert_ne!(lenient, text);
    std::fs::write(&deck, &lenient).unwrap();
    let run = study("2024-05-02T09:00:00Z");
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stderr.contains("learnt again"), "{}", run.transcript());
    // Another answer: learnt again, and said so.
    let changed = lenient.replace(
        "about [20,000](number) words",
        "about [21,000](number) words",
    );
    assert_ne!(changed, lenient);
    std::fs::write(&deck, &changed).unwrap();
    let run = study("2024-05-03T09:00:00Z");
    assert!(
        run.stderr
            .contains("1 question changed its answer and will be learnt again from the start: notes-length/cloze/1"),
        "{}",
        run.transcript()
    );
}

#[test]
fn an_upgrade_from_answers_hashed_as_written_relearns_nothing_but_a_changed_answer() {
    // The mini deck with a card of each kind of answer.
    let cards = r#"        Card(
            id: "designer",
            ask: "Who designed the Analytical Engine?",
            answer: Text(["Charles Babbage", "the designer"]),
            evidence: ["a machine designed by Charles Babbage"],
        ),
        Card(
            id: "notes-people",
            ask: "Who are named in the story of the notes?",
            answer: List(items: ["Ada Lovelace", "Charles Babbage"], ordered: false),
            evidence: ["Ada Lovelace published her notes on the Analytical Engine, a machine designed by Charles Babbage"],
        ),
        Card(
            id: "notes-words",
            ask: "About how many words did the notes run to?",
            answer: Number(value: 20000, unit: "words", tolerance: 0.1),
            evidence: ["The notes ran to about 20,000 words"],
        ),
        Card(
            id: "engine-builder",
            ask: "Who designed the engine?",
            answer: Choice(correct: ["Charles Babbage"], wrong: ["Ada Lovelace", "Herman Hollerith"]),
            evidence: ["a machine designed by Charles Babbage"],
        ),
"#;
    let first_card = "        Card(\n            id: \"ada-year\",";
    let (_dir, deck, db, text) = mini_deck(&[(first_card, &format!("{cards}{first_card}"))]);
    let (deck_arg, db_arg) = (deck.to_str().unwrap(), db.to_str().unwrap());
    let study = |now: &str| {
        let run = recall(&[
            "study", deck_arg, "--db", db_arg, "--now", now, "--limit", "0",
        ])
        .run();
        assert_eq!(run.code, 0, "{}", run.transcript());
        run
    };
    study(NOW);
    // What recall stored for this deck from 2026-11 (the canonical answers as written, a
    // true/false question's evidence), for every question, and a history for each: a
    // learner's state file as the upgrade finds it.
    let as_written = [
        (
            "ada-notes/choice/1",
            "4059f58769aee49944fa0ba1d9e3f8103390c670517f784013a77fc067ab78a3",
        ),
        (
            "ada-notes/choice/2",
            "0f2864023cee9071ce63699d0d7af940a16a2f28a273210b9dce63f86d3b862b",
        ),
        (
            "ada-notes/cloze/1",
            "4aa21f3301333e445e32d3fb8da5cce7a5baf5d7710f89867029e36d8446a331",
        ),
        (
            "ada-notes/cloze/2",
            "a6689880c4cd0e92a2ddde23ab295433526f8614ab101414b743c38a019167fe",
        ),
        (
            "ada-notes/cloze/3",
            "1a4ed8f527dd9a54cac20a33bd5bf158db4820ac5c5424014916d6c237622c4c",
        ),
        (
            "ada-notes/true-false/1",
            "264658d7594a5fceeb50b7e271424bf0cbe71ae4e1db8d4c9318d68e52ab4113",
        ),
        (
            "ada-year",
            "4aa21f3301333e445e32d3fb8da5cce7a5baf5d7710f89867029e36d8446a331",
        ),
        (
            "designer",
            "e8ffa38dafa448ad8b31eef189f9f68961d8453e7a0630fa157004690b328411",
        ),
        (
            "engine-builder",
            "b926f1632dae66613229570788cd524fe973afdc752decab93ac6d3114ea9644",
        ),
        (
            "engine-built",
            "d4037bdfdf95bf6736efd7c8c74f17fe9efb5111e7fcc894479d6084f19e0b6a",
        ),
        (
            "engine-cost/cloze/1",
            "f0543fc34b865d4c7e491b61b412c410057a612829914e723610b284ba4411de",
        ),
        (
            "engine-cost/true-false/1",
            "6fa8ec84cae2044ec3c7f90ba20d7dc77ec720576e26c895bb8f373a3f013c7c",
        ),
        (
            "engine-designer/choice/1",
            "b926f1632dae66613229570788cd524fe973afdc752decab93ac6d3114ea9644",
        ),
        (
            "engine-designer/cloze/1",
            "e8ffa38dafa448ad8b31eef189f9f68961d8453e7a0630fa157004690b328411",
        ),
        (
            "engine-designer/reverse/1",
            "e8ffa38dafa448ad8b31eef189f9f68961d8453e7a0630fa157004690b328411",
        ),
        (
            "engine-designer/true-false/1",
            "58f0285328f5213ad13b7852bc6bf1c02373d2d2194f86953d8b5ff31555fa37",
        ),
        (
            "notes-length/choice/1",
            "5c119588667b3d6258716c1acf49c88c00758d29258c276a1be4e0fafb5dbb5e",
        ),
        (
            "notes-length/cloze/1",
            "03ed59fa55f6d9f3c933887eca284b6348339b2a96d38b3b4726cd012e82c6e8",
        ),
        (
            "notes-length/true-false/1",
            "b1eb90cffd0fd4b987a1b218b8bc396854d5154d8ec0fa7e3ba4d7a951f3cbaf",
        ),
        (
            "notes-people",
            "b4b8515c364c0072f9d1d5b1765ec63dfc188a8d1809c04639400dbfd590e261",
        ),
        (
            "notes-words",
            "4ce648b7b4e5692395af612d74f0bacb1efc265fb00f2cc03073fe67e45cc733",
        ),
    ];
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM cards", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count as usize, as_written.len());
    let hashes = || -> Vec<(String, String, String)> {
        let mut stmt = conn
            .prepare("SELECT id, content_hash, phase FROM cards ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let today = hashes();
    assert_ne!(today[0].1, as_written[0].1);
    for (id, hash) in as_written {
        let updated = conn
            .execute(
                "UPDATE cards SET content_hash = ?2, phase = 'review', step = 0, stability = 20, \
                 difficulty = 5, due_ms = 1715000000000, last_review_ms = 1714000000000, \
                 interval_days = 20, reps = 3 WHERE id = ?1",
                [id, hash],
            )
            .unwrap();
        assert_eq!(updated, 1, "{id}");
    }
    // Upgraded as a fact's number changes: its questions that asked the number are learnt
    // again, and its true/false question too (its hash then covered the evidence, which did
    // not change, but a sibling's change says the fact did: review); every other question
    // keeps its history, and every hash is now in today's form.
    let changed = text.replace(
        "about [20,000](number) words",
        "about [21,000](number) words",
    );
    assert_ne!(changed, text);
    std::fs::write(&deck, &changed).unwrap();
    let run = study("2024-05-01T12:00:00Z");
    assert!(
        run.stderr.contains(
            "3 questions changed their answer and will be learnt again from the start: \
             notes-length/cloze/1, notes-length/choice/1, notes-length/true-false/1\n"
        ),
        "{}",
        run.transcript()
    );
    let upgraded = hashes();
    for (((id, hash, phase), (_, fresh, _)), (pinned_id, pinned)) in
        upgraded.iter().zip(&today).zip(as_written)
    {
        assert_eq!(id, pinned_id);
        let new_number = id.starts_with("notes-length/");
        let relearnt = new_number;
        assert_eq!(phase, if relearnt { "learning" } else { "review" }, "{id}");
        if new_number {
            assert!(hash != fresh && hash != pinned, "{id}");
        } else {
            assert_eq!(hash, fresh, "{id}");
        }
    }
    // Once upgraded, nothing more: the same deck, then with its evidence fixed and its
    // answers written otherwise (case, spacing, punctuation, spelling).
    study("2024-05-02T09:00:00Z");
    let mut cosmetic = changed.clone();
    for (from, to) in [
        ("[Ada Lovelace](person)", "[ada  lovelace](person)"),
        ("[Analytical Engine](thing)", "[Analytical-Engine](thing)"),
        (
            "Text([\"Charles Babbage\", \"the designer\"])",
            "Text([\"Charles Babbage.\"])",
        ),
        (
            "[\"Ada Lovelace\", \"Charles Babbage\"], ordered: false",
            "[\"charles babbage\", \"Ada Lovelace\"], ordered: false",
        ),
        (
            "evidence: [\"In 1843 Ada Lovelace published her notes",
            "evidence: [\"In 1843 Ada Lovelace published notes",
        ),
    ] {
        assert!(cosmetic.contains(from), "{from}");
        cosmetic = cosmetic.replace(from, to);
    }
    std::fs::write(&deck, &cosmetic).unwrap();
    let run = study("2024-05-03T09:00:00Z");
    assert!(!run.stderr.contains("learnt again"), "{}", run.transcript());
    assert_eq!(hashes(), upgraded);
    // A fact's value changed: its true/false question is learnt again with its other
    // questions of that value.
    let moved = cosmetic.replace("In [1843](year)", "In [1842](year)");
    std::fs::write(&deck, &moved).unwrap();
    let run = study("2024-05-04T09:00:00Z");
    assert!(
        run.stderr.contains(
            "3 questions changed their answer and will be learnt again from the start: \
             ada-notes/cloze/1, ada-notes/choice/1, ada-notes/true-false/1\n"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn a_deck_with_errors_is_reported_alike_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let db_arg = db.to_str().unwrap();
    let run = recall(&["study", DECK, "--db", db_arg, "--now", NOW])
        .stdin("Saturday\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let broken = "tests/data/malformed/missing-field-source.ron";
    for args in [
        &["stats", broken, "--db", db_arg][..],
        &["study", broken, "--db", db_arg, "--now", NOW][..],
        &["quiz", broken][..],
        &["cards", broken][..],
    ] {
        let run = recall(args).run();
        assert_eq!(run.code, 1, "{args:?}: {}", run.transcript());
        assert!(
            run.stderr.contains("error[E103]") && run.stderr.contains("fix it first"),
            "{args:?}: {}",
            run.transcript()
        );
    }
}

#[test]
fn a_deck_id_the_state_file_does_not_have_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let db_arg = db.to_str().unwrap();
    // No state file yet: nothing to report on (a mistyped --db must not read as all zeros).
    for args in [&["stats"][..], &["stats", "us-india-security-2021"][..]] {
        let mut args = args.to_vec();
        args.extend(["--db", db_arg]);
        let run = recall(&args).run();
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr
                .contains("no such file: nothing has been studied with it yet"),
            "{}",
            run.stderr
        );
        assert!(!db.exists());
    }
    let run = recall(&["study", DECK, "--db", db_arg, "--now", NOW])
        .stdin("Saturday\n")
        .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A typo of the id names the decks the file has.
    for args in [
        &["stats", "us-india-security"][..],
        &["optimize", "--deck", "us-india-security"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--db", db_arg]);
        let run = recall(&args).run();
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(
            run.stderr
                .starts_with("recall: no deck `us-india-security` in ")
                && run
                    .stderr
                    .ends_with("state.db; it has `us-india-security-2021`\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // Without ids, the report says which decks it covers.
    let run = recall(&["stats", "--json", "--db", db_arg, "--now", NOW]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("\"decks\": [\n    \"us-india-security-2021\"\n  ]"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_closest_passage_covers_what_the_excerpt_quotes() {
    // Each excerpt differs from the source in one way (a word changed, left out or added;
    // case; punctuation; past the end of the source): the closest passage runs from the
    // source word matching the excerpt's first word to the one matching its last, and says
    // how they differ.
    let run = check("tests/data/check/closest", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for label in [
        "(differs at `Note`: the source has `Notes`)",
        "(missing `with` after `met`)",
        "(differs in case at `the`: the source has `The`)",
        "(differs in punctuation at `League`: the source has `League,`; 1 more difference)",
        "(missing `signal` after `with`)",
        "(extra `And their boats` after `crews.`, where the source ends)",
    ] {
        assert!(run.stdout.contains(label), "no {label}:\n{}", run.stdout);
    }
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_json_findings_carry_the_closest_passage() {
    // The closest passage that the human and github formats show is `related` in json: file,
    // start and end (1-based, end exclusive as for the finding) and its label.
    let run = check("tests/data/check/fail/evidence.ron", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let findings: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(findings.len(), 3, "{}", run.stdout);
    assert_eq!(
        findings[0]["related"],
        serde_json::json!([{
            "file": "tests/data/check/sources/harbour.txt",
            "line": 2,
            "column": 12,
            "end_line": 2,
            "end_column": 61,
            "label": "closest passage (differs at `opend`: the source has `opened`)",
        }])
    );
    // A finding with nowhere else to point at has an empty array.
    let run = check("tests/data/check/fail/support.ron", &["--format", "json"]);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["related"], serde_json::json!([]));
    // The fixture of closest passages, one finding a line.
    let run = check("tests/data/check/closest", &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn an_answers_file_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_answers(
        dir.path(),
        "bom.ron",
        &[("austin-defense-secretary/cloze/1", "Lloyd Austin")],
    );
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let run = quiz_every("cloze", &path);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let lines = json_lines(&run);
    let summary = lines.last().expect("a summary");
    assert_eq!(summary["answered"], 1, "{}", run.stdout);
    assert_eq!(summary["correct"], 1, "{}", run.stdout);
}

#[test]
fn quiz_answers_that_miss_the_quiz_are_named() {
    // A kind spelt as `cards --json` spells it; an answer file for other questions.
    let run = recall(&[
        "quiz",
        DECK,
        "--answers",
        "tests/data/session/answers.ron",
        "--kinds",
        "true_false",
        "--count",
        "3",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "warning: tests/data/session/answers.ron: 3 ids name no question of this quiz: \
             `austin-defense-secretary/cloze/1`, `austin-in-new-delhi/cloze/1`, \
             `austin-meets-singh/cloze/1`\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: tests/data/session/answers.ron answers 0 of the 3 questions picked; \
             the others score 0\n"
        ),
        "{}",
        run.stderr
    );
    // The full answer key covers every question: nothing to say.
    let run = recall(&[
        "quiz",
        DECK,
        "--answers",
        "tests/data/session/answer-key.ron",
        "--count",
        "1000",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_copied_deck_is_one_finding_per_kind_not_one_per_fact() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(DECK)).unwrap();
    let copy = dir.path().join("copy.ron");
    std::fs::write(
        &copy,
        text.replace("id: \"us-india-security-2021\"", "id: \"us-india-copy\""),
    )
    .unwrap();
    let run = recall(&["check", DECK, copy.to_str().unwrap(), "--format", "json"]).run();
    // The source is not in the repository (E200 for both); the clashes are what counts here.
    assert_eq!(run.code, 1, "{}", run.transcript());
    let conflicts: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|f| f["code"] == "E402" || f["code"] == "E403")
        .collect();
    assert_eq!(conflicts.len(), 2, "{}", run.stdout);
    assert!(
        conflicts[0]["message"].as_str().unwrap().starts_with(
            "41 ids of this deck are also used by another deck: `austin-defense-secretary`"
        ),
        "{}",
        run.stdout
    );
    assert!(
        conflicts[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("32 facts of this deck state the same as facts of another deck:"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_deck_warnings_are_reported_without_failing_the_check() {
    // An alias entry whose name is misspelt (W124), `date` spans that are a weekday and a year
    // (W125), a reverse question the fact's kinds leave out (W126): warnings, exit 0 unless
    // they are made errors.
    let deck = "tests/data/check/warnings/lighthouse.ron";
    let run = check(deck, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
    let run = check(deck, &["--format", "json", "--warnings-as-errors"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let codes: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["code"].to_string())
        .collect();
    assert_eq!(
        codes,
        ["\"W124\"", "\"W125\"", "\"W126\"", "\"W125\""],
        "{}",
        run.stdout
    );
}

/// Every command that opens a state file, each run on `db` (with a key answering the shipped
/// deck and a one-row review log made in `dir`): `(command, run)`.
fn every_state_command(db: &Path, dir: &Path) -> Vec<(&'static str, Run)> {
    let answers = full_answers_file(dir);
    let csv = dir.join("one-review.csv");
    std::fs::write(
        &csv,
        "card_id,review_rating,review_time,review_duration\n\
         7,3,2024-03-29T20:32:32.250000+00:00,2000\n",
    )
    .unwrap();
    let (db, answers, csv) = (
        db.to_str().unwrap(),
        answers.to_str().unwrap(),
        csv.to_str().unwrap(),
    );
    let commands: [(&str, Vec<&str>); 8] = [
        (
            "study",
            vec!["study", DECK, "--answers", answers, "--now", DAY_LATER],
        ),
        (
            "quiz",
            vec!["quiz", DECK, "--answers", answers, "--count", "2"],
        ),
        (
            "suspend",
            vec!["suspend", "austin-defense-secretary/cloze/1"],
        ),
        (
            "unsuspend",
            vec!["unsuspend", "austin-defense-secretary/cloze/1"],
        ),
        ("import-revlog", vec!["import-revlog", csv]),
        ("optimize", vec!["optimize"]),
        ("stats", vec!["stats", "--now", DAY_LATER]),
        ("check", vec!["check", DECK]),
    ];
    commands
        .into_iter()
        .map(|(name, mut args)| {
            args.extend(["--db", db]);
            (name, recall(&args).run())
        })
        .collect()
}

/// A state path that is a socket (or a pipe, or a device) is refused by every command, and
/// nothing is made beside it (no lock file, no journal).
#[cfg(unix)]
#[test]
fn a_state_path_that_is_no_file_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let socket = dir.path().join("socket.db");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    for (command, run) in every_state_command(&socket, work.path()) {
        assert_eq!(run.code, 2, "{command}: {}", run.transcript());
        assert_eq!(
            run.stderr,
            format!(
                "recall: state file {}: is a socket, not a file; name a file for the state, \
                 e.g. `--db state.db`\n",
                socket.display()
            ),
            "{command}"
        );
    }
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "{beside:?}");
}

/// The one-session lock is on the file, not on the name it is given: through a symlink, or
/// a path through `..`, a second session is refused while the first holds the file, and the
/// first one's answers are all that is logged.
#[cfg(unix)]
#[test]
fn a_second_session_through_a_symlink_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("real.db");
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink("real.db", &link).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let dotted = dir.path().join("sub").join("..").join("real.db");
    let (first, stdin) = session_holding(&db);
    let answers = full_answers_file(dir.path());
    for other in [&link, &dotted] {
        let second = recall(&[
            "study",
            DECK,
            "--now",
            NOW,
            "--answers",
            answers.to_str().unwrap(),
            "--db",
            other.to_str().unwrap(),
        ])
        .run();
        assert_eq!(second.code, 2, "{}", second.transcript());
        assert!(
            second
                .stderr
                .contains("is in use by another recall session"),
            "{}",
            second.stderr
        );
    }
    assert!(!dir.path().join("link.db.lock").exists());
    drop(stdin);
    let output = first.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(logged_ids(&db), ["austin-defense-secretary/cloze/1"]);
}

/// Whether [`run_where_nothing_can_be_written`] can run recall at all: as root it runs it as
/// user `nobody`, who may be kept out of this checkout (a private home folder) or not be a
/// user here (a container without it).
#[cfg(unix)]
fn a_reader_can_run_recall() -> bool {
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return true;
    }
    Command::new(env!("CARGO_BIN_EXE_recall"))
        .args(["cards", DECK])
        .current_dir(root())
        .uid(65534)
        .gid(65534)
        .output()
        .is_ok_and(|output| output.status.success())
}

/// `recall ARGS` run by a user who may read `folder` but not write in it: the folder is made
/// read-only, and root (whom permissions do not stop) runs it as user `nobody`. The folder
/// is writable again afterwards.
#[cfg(unix)]
fn run_where_nothing_can_be_written(args: &[&str], folder: &Path) -> Run {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    // Whoever runs it must reach the folder.
    mode(folder.parent().unwrap(), 0o755);
    mode(folder, 0o555);
    let mut command = Command::new(env!("CARGO_BIN_EXE_recall"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("RECALL_DB")
        .env("NO_COLOR", "1");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    let output = command.output().expect("recall runs");
    mode(folder, 0o755);
    Run {
        code: output.status.code().expect("recall exits"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `stats` and `check --db` only read: they work on a state file in a folder they may not
/// write (read-only media, another user's folder), where SQLite cannot make the index it
/// reads a WAL file through, and see what a session committed and left in its `-wal` file —
/// or, when they cannot read that, say so. Nothing is made beside the file.
#[cfg(unix)]
#[test]
fn a_state_file_in_a_folder_that_cannot_be_written_can_be_read() {
    if !a_reader_can_run_recall() {
        eprintln!("skipped: user nobody cannot run recall on this checkout (a private folder)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let writable = dir.path().join("writable");
    let folder = dir.path().join("read-only");
    std::fs::create_dir(&writable).unwrap();
    std::fs::create_dir(&folder).unwrap();
    let db = writable.join("state.db");
    let answers = full_answers_file(work.path());
    let run = recall(&[
        "study",
        DECK,
        "--answers",
        answers.to_str().unwrap(),
        "--now",
        NOW,
        "--db",
        db.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let names = |folder: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let read = |db: &Path, reader: bool| -> Vec<Run> {
        let db = db.to_str().unwrap();
        [
            vec!["stats", "--json", "--now", DAY_LATER, "--db", db],
            vec!["check", DECK, "--sources", "decks", "--db", db],
        ]
        .iter()
        .map(|args| {
            if reader {
                run_where_nothing_can_be_written(args, &folder)
            } else {
                recall(args).run()
            }
        })
        .collect()
    };
    // All of it in the file (the session ended): read as it is.
    let copy = folder.join("state.db");
    std::fs::copy(&db, &copy).unwrap();
    let expected = read(&db, false);
    let got = read(&copy, true);
    for (got, expected) in got.iter().zip(&expected) {
        assert_eq!(got.code, expected.code, "{}", got.transcript());
        assert_eq!(got.stdout, expected.stdout);
        assert_eq!(got.stderr, expected.stderr);
    }
    assert_eq!(names(&folder), ["state.db"]);
    // A change committed to the `-wal` file of a session that has not ended (nor moved it
    // into the file): copied with the index, it is read; without it, the file is refused.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute(
        "UPDATE cards SET suspended = 1 WHERE id = 'austin-defense-secretary/cloze/1'",
        [],
    )
    .unwrap();
    for side in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{side}", db.display()),
            format!("{}{side}", copy.display()),
        )
        .unwrap();
    }
    let wal = read(&copy, true);
    assert_eq!(wal[0].code, 0, "{}", wal[0].transcript());
    let stats: serde_json::Value = serde_json::from_str(&wal[0].stdout).unwrap();
    assert_eq!(stats["suspended"], 1, "{}", wal[0].stdout);
    std::fs::remove_file(format!("{}-shm", copy.display())).unwrap();
    for run in read(&copy, true) {
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert_eq!(
            run.stderr,
            format!(
                "recall: state file {0}: cannot be read here: changes not yet copied into it \
                 are in {0}-wal, which SQLite reads only by writing beside it, and its folder is \
                 not writable; read it where its folder is writable, or copy both files to a \
                 folder that is\n",
                copy.display()
            )
        );
    }
    assert_eq!(names(&folder), ["state.db", "state.db-wal"]);
    drop(conn);
}

/// A state file damaged where opening does not look (a page of an index) is refused by every
/// command, and none writes a byte of it: those that write check it all first.
#[test]
fn a_damaged_state_file_is_refused_by_every_command_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let answers = full_answers_file(work.path());
    let run = recall(&[
        "study",
        DECK,
        "--answers",
        answers.to_str().unwrap(),
        "--now",
        NOW,
        "--db",
        db.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    // The page of the index on the log's questions, past its header, overwritten.
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        (
            conn.query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap(),
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'revlog_question'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
        )
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let start = ((root - 1) * page_size) as usize;
    for (i, byte) in bytes[start + 8..start + page_size as usize]
        .iter_mut()
        .enumerate()
    {
        *byte = [0xde, 0xad, 0xbe, 0xef][i % 4];
    }
    std::fs::write(&db, &bytes).unwrap();
    for (command, run) in every_state_command(&db, work.path()) {
        assert!(
            std::fs::read(&db).unwrap() == bytes,
            "{command} changed the file"
        );
        // Readers find damage on the pages they read only (these need not that index).
        if matches!(command, "stats" | "check") && run.code != 2 {
            continue;
        }
        assert_eq!(run.code, 2, "{command}: {}", run.transcript());
        assert!(
            run.stderr
                .starts_with(&format!("recall: state file {}: damaged (", db.display())),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .ends_with("); it was left untouched — restore a backup or move it away\n"),
            "{command}: {}",
            run.stderr
        );
    }
}

/// Times that cannot be scheduled from (an old file's, an imported log's, `--now`) are
/// refused in words, with where they are, and nothing is written — never a panic in the
/// scheduler's time arithmetic.
#[test]
fn times_past_the_last_recall_schedules_from_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A v0 file of the first prototype.
    let db = dir.path().join("v0.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE reviews (question TEXT, deck TEXT, at_ms INTEGER, rating INTEGER);
             INSERT INTO reviews VALUES
                 ('austin-defense-secretary/cloze/1', 'us-india-security-2021',
                  99999999999999999, 3);",
        )
        .unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let run = recall(&[
        "study",
        DECK,
        "--limit",
        "0",
        "--now",
        NOW,
        "--db",
        db.to_str().unwrap(),
    ])
    .run();
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        format!(
            "recall: state file {}: cannot upgrade from v0 to v1: table `reviews`, row 1: at_ms \
             is 99999999999999999; valid: the milliseconds since 1970 of a time before \
             9999-01-01; the file was left untouched — correct or delete that row (e.g. with \
             sqlite3), or move the file away\n",
            db.display()
        )
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    // An imported log.
    let csv = dir.path().join("late.csv");
    let fresh = dir.path().join("fresh.db");
    let run = import_revlog(
        &csv,
        "1,3,2024-03-29T20:32:32+00:00,2000\n\
         1,3,9999-12-30T21:59:00+00:00,2000\n",
        &fresh,
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        format!(
            "recall: {}:3: review_time 9999-12-30T21:59:00Z is not a time before 9999-01-01; \
             nothing was imported\n",
            csv.display()
        )
    );
    assert!(!fresh.exists());
    // `--now`.
    for command in ["study", "quiz", "stats"] {
        let mut args = vec![command];
        if command != "stats" {
            args.push(DECK);
        }
        args.extend(["--now", "9999-12-30T21:59:00Z", "--db"]);
        args.push(fresh.to_str().unwrap());
        let run = recall(&args).run();
        assert_eq!(run.code, 2, "{command}: {}", run.transcript());
        assert_eq!(
            run.stderr,
            "recall: --now `9999-12-30T21:59:00Z` is out of range: a time before 9999-01-01 is \
             valid, such as 2024-05-01T09:00:00Z\n",
            "{command}"
        );
    }
    assert!(!fresh.exists());
}

/// A review log that lists one answer twice (the same card, time and rating) imports it once
/// and says which lines it skipped; answers that differ in rating or time are all imported.
#[test]
fn import_revlog_skips_rows_that_repeat_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("log.csv");
    let db = dir.path().join("state.db");
    let run = import_revlog(
        &csv,
        "1,1,2024-03-29T20:32:32.250000+00:00,25060\n\
         2,3,2024-03-29T20:32:39.497000+00:00,7241\n\
         1,3,2024-03-29T20:42:32.250000+00:00,2000\n\
         1,1,2024-03-29T20:32:32.250000+00:00,25060\n\
         2,3,2024-03-29T20:32:39.497000+00:00,7241\n\
         1,1,2024-03-29T20:32:32.250000+00:00,25060\n",
        &db,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stdout,
        format!(
            "imported 3 reviews of 2 questions into deck `anki-import` ({})\n\
             skipped 3 duplicate rows (the same card, time and rating as an earlier row): line 5 \
             repeats line 2, line 6 repeats line 3, line 7 repeats line 2\n",
            db.display()
        )
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let logged: i64 = conn
        .query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))
        .unwrap();
    assert_eq!(logged, 3);
}

/// `recall import-revlog CSV --db DB`, the CSV written first: Anki's header, then `rows`.
/// Anki's reviews are not imported into a deck studied from a file: they would count as
/// questions it no longer has (QA).
#[test]
fn import_revlog_keeps_out_of_a_studied_deck() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("state.db");
    let db_arg = db.to_string_lossy().into_owned();
    let run = recall(&["study", DECK, "--db", &db_arg, "--limit", "0"]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
    let csv = dir.path().join("log.csv");
    std::fs::write(
        &csv,
        "card_id,review_rating,review_time,review_duration\n1,3,2024-03-29T20:32:32Z,100\n",
    )
    .unwrap();
    let csv_arg = csv.to_string_lossy().into_owned();
    let into =
        |deck: &str| recall(&["import-revlog", &csv_arg, "--deck", deck, "--db", &db_arg]).run();
    let run = into("us-india-security-2021");
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("deck `us-india-security-2021` is studied from ")
            && run
                .stderr
                .contains("import them into a deck id of their own with --deck"),
        "{}",
        run.stderr
    );
    let run = into("my-anki");
    assert_eq!(run.code, 0, "{}", run.transcript());
}

fn import_revlog(csv: &Path, rows: &str, db: &Path) -> Run {
    let header = "card_id,review_rating,review_time,review_duration\n";
    std::fs::write(csv, format!("{header}{rows}")).unwrap();
    recall(&[
        "import-revlog",
        csv.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ])
    .run()
}
