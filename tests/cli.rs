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
fn check_shipped_decks_pass() {
    let sources = root().join("../shared/sources");
    if !sources.is_dir() {
        eprintln!("skipped: no {}", sources.display());
        return;
    }
    let run = recall(&["check", "decks/", "--sources", sources.to_str().unwrap()]).run();
    assert_eq!(run.code, 0, "{}", run.transcript());
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
