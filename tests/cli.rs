//! End-to-end tests: the `recall` binary run on fixtures in `tests/data/`.
//!
//! [`Recall`] builds one invocation; [`Run`] holds what it printed and its exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One invocation of the binary, built step by step.
struct Recall {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
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
    }
}

impl Recall {
    fn env(mut self, key: &str, value: impl AsRef<Path>) -> Recall {
        self.env
            .push((key.into(), value.as_ref().to_string_lossy().into_owned()));
        self
    }

    #[allow(dead_code)]
    fn stdin(mut self, text: &str) -> Recall {
        self.stdin = Some(text.into());
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
        if let Some(text) = &self.stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().expect("recall finishes");
        Run {
            code: output.status.code().expect("exited, not killed"),
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
    let bytes = std::fs::read(&good).unwrap();
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
