//! `recall check` on a generated 100,000-fact deck (1–3 answer spans of every type, evidence
//! quoting a ~10 MB generated source) against bare `ron` deserialisation of the same text.
//! Target: check (load + every check, in memory) ≤ 2× deserialisation, and twice the input at
//! most ~2.2× the time. Also prints the time of each phase once, for profiling.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use recall::check::{self, DeckInput, SourceDoc};
use recall::diagnostic::SourceFile;

/// The allocator of the `recall` binary, so that the numbers are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FIRST: [&str; 40] = [
    "Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira",
    "Luis", "Mira", "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tanja", "Umar", "Vera", "Willem",
    "Yusuf", "Zofia", "Arjun", "Bea", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo",
    "Jana", "Kemal", "Lena", "Marek", "Nadia", "Omar", "Petra",
];
const LAST: [&str; 50] = [
    "Abel",
    "Brandt",
    "Castro",
    "Dahl",
    "Eriksen",
    "Fischer",
    "Gallo",
    "Horvat",
    "Ivanov",
    "Jensen",
    "Kowalski",
    "Lind",
    "Moreau",
    "Novak",
    "Olsen",
    "Petrov",
    "Quinn",
    "Rossi",
    "Silva",
    "Toth",
    "Urban",
    "Varga",
    "Weber",
    "Xu",
    "Young",
    "Zeller",
    "Aalto",
    "Berg",
    "Costa",
    "Dumas",
    "Engel",
    "Falk",
    "Gruber",
    "Haas",
    "Ilic",
    "Jovanovic",
    "Kaya",
    "Lopez",
    "Meyer",
    "Nagy",
    "Ortiz",
    "Popescu",
    "Richter",
    "Sato",
    "Tanaka",
    "Ulrich",
    "Vogel",
    "Wolf",
    "Yilmaz",
    "Zhang",
];
const PLACES: [&str; 20] = [
    "Saltmere",
    "Greyhaven",
    "Eastport",
    "Northwick",
    "Redcliff",
    "Oakridge",
    "Stonebridge",
    "Millbrook",
    "Ashford",
    "Westfield",
    "Brightwater",
    "Kingsbay",
    "Fairhaven",
    "Lakeside",
    "Highmoor",
    "Rivermouth",
    "Elmstead",
    "Coldharbour",
    "Thornbury",
    "Windmere",
];
const COUNTRIES: [&str; 12] = [
    "Norway", "Portugal", "Denmark", "Chile", "Kenya", "Japan", "Canada", "Peru", "Ghana",
    "Finland", "Vietnam", "Morocco",
];
const ORGS: [&str; 8] = [
    "Harbour Board",
    "Fishermen's Union",
    "Port Authority",
    "Coast Guard",
    "Trade Council",
    "Shipping Guild",
    "Lighthouse Service",
    "Customs Office",
];
const THINGS: [&str; 10] = [
    "timber", "salt", "copper", "wool", "grain", "coal", "tea", "cotton", "tin", "rope",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

/// The deck text and its source text, `facts` facts.
fn generate(facts: usize) -> (String, String) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut source = String::from("Dispatches from the northern ports\n");
    let mut deck = String::new();
    let mut body = String::new();
    for i in 0..facts {
        let person = format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST));
        let place = rng.pick(&PLACES);
        let (sentence, text) = match i % 5 {
            0 => {
                let day = rng.pick(&DAYS);
                (
                    format!("In dispatch {i}, on {day} {person} reached {place}."),
                    format!(
                        "Dispatch {i} says [{person}](person) reached [{place}](place) on [{day}](day)."
                    ),
                )
            }
            1 => {
                let year = 1850 + rng.next() % 170;
                let amount = 1 + rng.next() % 900;
                (
                    format!(
                        "Dispatch {i} notes that in {year} the port paid ${amount} million for {}.",
                        rng.pick(&THINGS)
                    ),
                    format!(
                        "Dispatch {i}: in [{year}](year) the port paid [${amount} million](money)."
                    ),
                )
            }
            2 => {
                let country = rng.pick(&COUNTRIES);
                // Below 1000: a four-digit count would read as a year (W120).
                let ships = 2 + rng.next() % 998;
                (
                    format!(
                        "According to dispatch {i}, {ships} ships from {country} docked at {place}."
                    ),
                    format!(
                        "Dispatch {i} counts [{ships}](number) ships from [{country}](country)."
                    ),
                )
            }
            3 => {
                let day = 1 + rng.next() % 28;
                let month = rng.pick(&MONTHS);
                let year = 1850 + rng.next() % 170;
                let org = rng.pick(&ORGS);
                (
                    format!(
                        "Dispatch {i} reports the {org} met on {day} {month} {year} at {place}."
                    ),
                    format!("Dispatch {i}: the [{org}](org) met on [{day} {month} {year}](date)."),
                )
            }
            _ => {
                let thing = rng.pick(&THINGS);
                (
                    format!("Dispatch {i} records that {person} traded {thing} in {place}."),
                    format!(
                        "Dispatch {i} records that [{person}](person) traded [{thing}](thing)."
                    ),
                )
            }
        };
        source.push_str(&sentence);
        // Filler between the quoted sentences, as in a real article.
        source.push_str(" The weather was fair and the harbour was busy with boats.\n");
        // Authors quote from anywhere in a sentence: a third of the excerpts start at its
        // first word, the others one or two words in (so their openings vary, as in a real
        // deck, and do not all share a few prefixes).
        let excerpt = sentence.splitn(i % 3 + 1, ' ').last().unwrap();
        writeln!(
            body,
            "        Fact(id: \"f{i}\", text: \"{text}\", evidence: [\"{excerpt}\"]),"
        )
        .unwrap();
    }
    let sha = {
        use sha2::{Digest, Sha256};
        Sha256::digest(source.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    writeln!(
        deck,
        "#![enable(implicit_some)]\nDeck(\n    id: \"big\",\n    title: \"Dispatches\",\n    \
         source: Source(file: \"big.txt\", sha256: \"{sha}\", title: \"Dispatches\"),\n    \
         settings: Settings(date_order: DayFirst),\n    facts: [\n{body}    ],\n)"
    )
    .unwrap();
    (deck, source)
}

/// The sha256 the generated deck states for its source.
fn sha_of(deck: &str) -> String {
    deck.split("sha256: \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the generated deck states a sha256")
        .to_string()
}

fn deserialize(text: &str) -> recall::Deck {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("the generated deck parses")
}

fn run_check(deck: &str, source: &Arc<SourceFile>, sha: &str) -> check::Report {
    let file = SourceFile::new("big.ron", deck);
    let loaded = recall::deck::load(Arc::clone(&file));
    let doc = SourceDoc {
        file: Arc::clone(source),
        sha256: sha.to_string(),
    };
    check::check(vec![DeckInput::new(file, loaded, Some(Ok(doc)))])
}

/// Times each phase once, to see where the time goes.
fn phases(deck: &str, source: &Arc<SourceFile>, sha: &str) {
    let time = |name: &str, start: Instant| println!("  {name:<12} {:>8.1?}", start.elapsed());
    let t = Instant::now();
    let loaded = recall::deck::load(SourceFile::new("big.ron", deck)).unwrap();
    time("load", t);
    let doc = SourceDoc {
        file: Arc::clone(source),
        sha256: sha.to_string(),
    };
    let t = Instant::now();
    assert!(check::evidence::check(&loaded, &doc).is_empty());
    time("evidence", t);
    let t = Instant::now();
    assert!(check::support::check(&loaded).is_empty());
    time("support", t);
    let t = Instant::now();
    let questions = check::Questions::new(&loaded);
    time("pool", t);
    let t = Instant::now();
    let tested = check::test_questions(&loaded, &questions, 2, &check::prompt_hash);
    assert!(tested.findings.is_empty());
    time("questions", t);
    let t = Instant::now();
    let decks = [check::conflicts::Checked {
        index: 0,
        loaded: &loaded,
        questions: &questions,
        prompts: &tested.prompts,
        facts: &tested.facts,
    }];
    assert!(check::conflicts::check(&decks).is_empty());
    time("conflicts", t);
    println!("  ({} questions)", tested.count);
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for facts in [100_000, 200_000] {
        let (deck, source_text) = generate(facts);
        let source = SourceFile::new("big.txt", source_text);
        let sha = sha_of(&deck);
        println!(
            "{facts} facts: deck {:.1} MB, source {:.1} MB",
            deck.len() as f64 / 1e6,
            source.text.len() as f64 / 1e6
        );
        let report = run_check(&deck, &source, &sha);
        let findings: Vec<String> = report.findings().take(3).map(|f| f.render(false)).collect();
        assert!(
            findings.is_empty(),
            "the generated deck is clean:\n{}",
            findings.join("\n")
        );
        phases(&deck, &source, &sha);
        group.bench_function(format!("deserialize/{facts}"), |b| {
            b.iter(|| deserialize(&deck))
        });
        group.bench_function(format!("check/{facts}"), |b| {
            b.iter(|| run_check(&deck, &source, &sha))
        });
    }
    // A deck with a mistake in every fact (no evidence, as after a bad find and replace):
    // each finding is located on its own, which must not cost a walk over the whole deck.
    let (deck, source_text) = generate(20_000);
    let broken: String = deck
        .lines()
        .map(|line| match line.find(", evidence: [") {
            Some(at) if line.ends_with("]),") => format!("{}),\n", &line[..at]),
            _ => format!("{line}\n"),
        })
        .collect();
    let source = SourceFile::new("big.txt", source_text);
    let sha = sha_of(&deck);
    assert_eq!(run_check(&broken, &source, &sha).findings().count(), 20_000);
    group.bench_function("every-fact-broken/20000", |b| {
        b.iter(|| run_check(&broken, &source, &sha))
    });
    group.finish();
}

criterion_group!(benches, bench);

/// `RECALL_CHECK_ONCE=N cargo bench --bench check` checks a generated deck of N facts once and
/// prints its phases, without criterion: for profilers (`valgrind --tool=callgrind` counts
/// instructions, which other work on the machine does not change). With `RECALL_CHECK_WRITE=DIR`
/// it also writes the deck and its source to `DIR/big.ron` and `DIR/big.txt`.
fn main() {
    if let Some(facts) = std::env::var("RECALL_CHECK_ONCE")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let (deck, source_text) = generate(facts);
        if let Ok(dir) = std::env::var("RECALL_CHECK_WRITE") {
            // The deck and its source as files, to time the command itself.
            let dir = std::path::Path::new(&dir);
            std::fs::create_dir_all(dir).expect("the folder can be made");
            std::fs::write(dir.join("big.ron"), &deck).expect("the deck can be written");
            std::fs::write(dir.join("big.txt"), &source_text).expect("the source can be written");
        }
        let source = SourceFile::new("big.txt", source_text);
        let sha = sha_of(&deck);
        let t = Instant::now();
        let report = run_check(&deck, &source, &sha);
        println!("{facts} facts: check {:.1?}", t.elapsed());
        assert_eq!(report.findings().count(), 0, "the generated deck is clean");
        phases(&deck, &source, &sha);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
