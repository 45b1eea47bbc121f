//! `recall check`: the fact-consistency gate. Takes decks as loaded (or the diagnostics of
//! those that failed to load) with their source documents, and collects every finding.
//! Pure: the CLI reads the files (and the review history, with `--db`); [`report`] prints
//! the result in one of several formats.
//!
//! The checks, in order: the deck loads ([`Check::Deck`]); its source resolves and matches
//! its sha256 ([`Check::Source`]); every evidence excerpt occurs in the source
//! ([`evidence`]); every answer is stated by its evidence ([`support`]); every question's
//! answer key grades as it should ([`answer_key`]); no two questions, facts or ids clash,
//! across all the decks checked together ([`conflicts`]); and, with `--db`, no review history
//! is left for questions that no longer exist ([`Check::State`]).

pub mod answer_key;
pub mod conflicts;
pub mod evidence;
pub mod report;
pub mod support;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::deck::Loaded;
use crate::deck::markup::{self, SpanType};
use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};
use crate::generate::{Draft, Generator};
use crate::question::Question;

/// The seed the answer-key self-test and the conflict check generate questions with.
pub const SEED: u64 = 0;

/// A source document as read from disk.
#[derive(Debug)]
pub struct SourceDoc {
    pub file: Arc<SourceFile>,
    /// Lowercase hex sha256 of the file's bytes.
    pub sha256: String,
}

/// One deck file given to `check`.
#[derive(Debug)]
pub struct DeckInput {
    pub file: Arc<SourceFile>,
    /// The deck, or why it did not load.
    pub loaded: Result<Loaded, Vec<Diagnostic>>,
    /// Its source document, or why it could not be found (absent when the deck did not load).
    pub source: Option<Result<SourceDoc, Box<Diagnostic>>>,
    /// Question ids with review history for this deck (only with `--db`).
    pub history: Option<Vec<String>>,
}

impl DeckInput {
    /// A deck with its source and no review history.
    pub fn new(
        file: Arc<SourceFile>,
        loaded: Result<Loaded, Vec<Diagnostic>>,
        source: Option<Result<SourceDoc, Box<Diagnostic>>>,
    ) -> DeckInput {
        DeckInput {
            file,
            loaded,
            source,
            history: None,
        }
    }
}

/// The checks, in the order they run; each deck gets one result per check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The deck parses and validates.
    Deck,
    /// The source resolves and its sha256 matches.
    Source,
    /// Every evidence excerpt occurs in the source.
    Evidence,
    /// Every answer is supported by its evidence.
    Support,
    /// Every question grades its own answer key correctly.
    AnswerKey,
    /// No conflicting questions, duplicate facts or ids.
    Conflicts,
    /// No review history for questions that no longer exist (`--db`).
    State,
}

impl Check {
    pub const ALL: [Check; 7] = [
        Check::Deck,
        Check::Source,
        Check::Evidence,
        Check::Support,
        Check::AnswerKey,
        Check::Conflicts,
        Check::State,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Check::Deck => "deck",
            Check::Source => "source",
            Check::Evidence => "evidence",
            Check::Support => "support",
            Check::AnswerKey => "answer-key",
            Check::Conflicts => "conflicts",
            Check::State => "state",
        }
    }

    /// Which check a finding code belongs to.
    pub fn of(code: Code) -> Check {
        match code {
            Code::EvidenceNotInSource => Check::Evidence,
            Code::AnswerNotInEvidence => Check::Support,
            _ => match code.code().as_bytes()[1] {
                b'1' => Check::Deck,
                b'2' => Check::Source,
                b'3' => Check::AnswerKey,
                b'4' => Check::Conflicts,
                _ => Check::State,
            },
        }
    }
}

/// The findings of one deck file.
#[derive(Debug)]
pub struct DeckReport {
    pub file: Arc<SourceFile>,
    /// The deck id when it loaded.
    pub deck: Option<String>,
    pub facts: usize,
    pub cards: usize,
    pub findings: Vec<Diagnostic>,
    /// Checks that could not run (the deck did not load, no source, no `--db`).
    pub skipped: Vec<Check>,
}

impl DeckReport {
    /// The findings of one check.
    pub fn of(&self, check: Check) -> impl Iterator<Item = &Diagnostic> {
        self.findings
            .iter()
            .filter(move |f| Check::of(f.code) == check)
    }
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub decks: Vec<DeckReport>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.decks
            .iter()
            .flat_map(|d| &d.findings)
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.decks.iter().flat_map(|d| &d.findings)
    }

    /// Makes every warning an error (`--warnings-as-errors`), so that every format reports
    /// what fails the run as failing: an error in the summary, `::error` for GitHub, a failed
    /// test case in JUnit.
    pub fn promote_warnings(&mut self) {
        for finding in self.decks.iter_mut().flat_map(|d| &mut d.findings) {
            if finding.severity == Severity::Warning {
                finding.severity = Severity::Error;
            }
        }
    }
}

/// The questions of a deck as the checks see them: the facts' questions as drafts (cheap to
/// make and test), made a fact at a time when needed and dressed as full [`Question`]s only
/// for a finding; the cards' in full.
pub struct Questions<'a> {
    pub generator: Generator<'a>,
    /// The questions of the hand-written cards, in deck order (after the facts').
    pub cards: Vec<Question>,
    facts: usize,
}

/// Which question of a deck: draft `k` of fact `i`, or card `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Fact(usize, usize),
    Card(usize),
}

impl<'a> Questions<'a> {
    /// The deck's questions, generated with [`SEED`].
    pub fn new(loaded: &'a Loaded) -> Questions<'a> {
        let generator = Generator::new(loaded, SEED);
        let cards = generator.cards();
        Questions {
            generator,
            cards,
            facts: loaded.deck.facts.len(),
        }
    }

    /// The questions of fact `i`, in order (made anew each time: each fact's questions depend
    /// on the fact and the deck's values only).
    pub fn drafts(&self, i: usize) -> Vec<Draft<'a>> {
        self.generator.drafts(i)
    }

    /// The full question at `at`.
    pub fn question(&self, at: At) -> Question {
        match at {
            At::Fact(i, k) => self.generator.question(i, self.drafts(i).swap_remove(k)),
            At::Card(i) => self.cards[i].clone(),
        }
    }

    /// The normalised prompt of the question at `at` (what [`conflicts`] compares).
    pub fn normalized_prompt(&self, at: At) -> String {
        match at {
            At::Fact(i, k) => self.draft_prompt(i, &self.drafts(i)[k]),
            At::Card(i) => crate::grade::text::normalize(&self.cards[i].prompt),
        }
    }

    /// [`Questions::normalized_prompt`] of `draft`, of fact `i`.
    fn draft_prompt(&self, i: usize, draft: &Draft) -> String {
        crate::grade::text::normalize(&self.generator.prompt(i, draft))
    }
}

/// What the checks that go question by question found in one deck.
pub struct Tested {
    /// The answer-key findings (E301–E303), in question order.
    pub findings: Vec<Diagnostic>,
    /// The hash of each question's normalised prompt, for [`conflicts`]; a choice is left out
    /// (it shares its prompt and answer with the cloze of the same span).
    pub prompts: Vec<(u64, At)>,
    /// The hash of each fact's normalised plain text, in order, for [`conflicts`].
    pub facts: Vec<u64>,
    /// How many questions there are.
    pub count: usize,
}

/// The hash of a normalised prompt that [`check`] records.
pub fn prompt_hash(normalized: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(normalized)
}

/// Tests every question of a deck ([`answer_key`]) and hashes its prompt ([`conflicts`]), a
/// fact at a time: each fact's questions are made, tested and dropped in turn, so that a large
/// deck never holds them all (its facts split over `parts` threads, merged in order).
/// `hash` hashes a normalised prompt (tests make them collide).
pub fn test_questions(
    loaded: &Loaded,
    questions: &Questions,
    parts: usize,
    hash: &(impl Fn(&str) -> u64 + Sync),
) -> Tested {
    let ((), chunks) = crate::side_by_side(
        parts,
        questions.facts,
        || (),
        || answer_key::Checker::new(loaded, questions),
        |checker, range| test_facts(checker, range, hash),
    );
    Tested::merge(loaded, questions, chunks, hash)
}

/// [`test_questions`] of the facts `range`, with a `checker` that may have tested others.
fn test_facts(
    checker: &mut answer_key::Checker,
    range: Range<usize>,
    hash: &impl Fn(&str) -> u64,
) -> Tested {
    let (loaded, questions) = (checker.loaded(), checker.questions());
    let mut prompts = Vec::with_capacity(range.len() * 5);
    let mut facts = Vec::with_capacity(range.len());
    let mut count = 0;
    // Each statement and prompt is written and normalised into the same two buffers.
    let (mut prompt, mut normalized) = (String::new(), String::new());
    for i in range {
        markup::plain_text_into(&loaded.segments[i], &mut prompt);
        crate::grade::text::normalize_into(&prompt, &mut normalized);
        facts.push(hash(&normalized));
        let drafts = questions.drafts(i);
        checker.fact(i, &drafts);
        count += drafts.len();
        for (k, draft) in drafts.iter().enumerate() {
            if draft.origin() != crate::question::Origin::Choice {
                questions.generator.prompt_into(i, draft, &mut prompt);
                crate::grade::text::normalize_into(&prompt, &mut normalized);
                prompts.push((hash(&normalized), At::Fact(i, k)));
            }
        }
    }
    Tested {
        findings: checker.take_findings(),
        prompts,
        facts,
        count,
    }
}

impl Tested {
    /// The facts' results, in order, with those of the cards after them.
    fn merge(
        loaded: &Loaded,
        questions: &Questions,
        facts: Vec<Tested>,
        hash: &impl Fn(&str) -> u64,
    ) -> Tested {
        let mut tested = Tested {
            findings: Vec::new(),
            prompts: Vec::with_capacity(facts.iter().map(|t| t.prompts.len()).sum()),
            facts: Vec::with_capacity(questions.facts),
            count: questions.cards.len(),
        };
        for part in facts {
            tested.findings.extend(part.findings);
            tested.prompts.extend(part.prompts);
            tested.facts.extend(part.facts);
            tested.count += part.count;
        }
        tested
            .findings
            .extend(answer_key::Checker::new(loaded, questions).cards());
        tested.prompts.extend(
            (0..questions.cards.len())
                .map(|i| (hash(&questions.normalized_prompt(At::Card(i))), At::Card(i))),
        );
        tested
    }
}

/// Decks with more facts than this are checked on several threads (the work is split in
/// chunks and merged in order, so the report is the same); smaller ones are not worth it.
const PARALLEL_FACTS: usize = 5_000;

/// The threads the work over a deck's facts is split over.
fn parts(loaded: &Loaded) -> usize {
    if loaded.deck.facts.len() > PARALLEL_FACTS {
        crate::parallelism()
    } else {
        1
    }
}

/// Runs every check over the decks.
pub fn check(inputs: Vec<DeckInput>) -> Report {
    let mut report = Report::default();
    let mut checked: Vec<(usize, &Loaded, Questions, Tested)> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let mut findings = Vec::new();
        let mut skipped = Vec::new();
        let (deck, facts, cards) = match &input.loaded {
            Ok(loaded) => (
                Some(loaded.deck.id.clone()),
                loaded.deck.facts.len(),
                loaded.deck.cards.len(),
            ),
            Err(errors) => {
                findings.extend(errors.iter().cloned());
                skipped.extend_from_slice(&Check::ALL[1..]);
                (None, 0, 0)
            }
        };
        if let Ok(loaded) = &input.loaded {
            let source = match &input.source {
                Some(Ok(source)) => {
                    findings.extend(check_hash(loaded, source));
                    Some(source)
                }
                Some(Err(missing)) => {
                    findings.push((**missing).clone());
                    skipped.push(Check::Evidence);
                    None
                }
                None => {
                    skipped.extend([Check::Source, Check::Evidence]);
                    None
                }
            };
            // The evidence scan is one task; the questions and support of each fact are
            // independent of the others: on a large deck they share the processors, the facts
            // in chunks. Findings are merged in the same order either way.
            let questions = Questions::new(loaded);
            let (misquoted, chunks) = crate::side_by_side(
                parts(loaded),
                loaded.deck.facts.len(),
                || source.map_or_else(Vec::new, |s| evidence::check(loaded, s)),
                || {
                    (
                        answer_key::Checker::new(loaded, &questions),
                        support::Checker::new(loaded),
                    )
                },
                |(answer_key, support), range| {
                    let unsupported = support.facts(range.clone());
                    (test_facts(answer_key, range, &prompt_hash), unsupported)
                },
            );
            let (facts, unsupported): (Vec<Tested>, Vec<Vec<Diagnostic>>) =
                chunks.into_iter().unzip();
            let mut tested = Tested::merge(loaded, &questions, facts, &prompt_hash);
            let mut unsupported: Vec<Diagnostic> = unsupported.into_iter().flatten().collect();
            unsupported.extend(support::Checker::new(loaded).cards());
            let unsupported = beside_misquotes(loaded, &misquoted, unsupported);
            findings.extend(misquoted);
            findings.extend(unsupported);
            findings.extend(std::mem::take(&mut tested.findings));
            findings.extend(span_warnings(loaded));
            findings.extend(alias_warnings(loaded));
            findings.extend(empty_warning(loaded));
            findings.extend(loaded.warnings());
            match &input.history {
                Some(history) => findings.extend(orphans(loaded, &questions, history)),
                None => skipped.push(Check::State),
            }
            checked.push((index, loaded, questions, tested));
        }
        report.decks.push(DeckReport {
            file: Arc::clone(&input.file),
            deck,
            facts,
            cards,
            findings,
            skipped,
        });
    }
    let decks: Vec<conflicts::Checked> = checked
        .iter()
        .map(|(index, loaded, questions, tested)| conflicts::Checked {
            index: *index,
            loaded,
            questions,
            prompts: &tested.prompts,
            facts: &tested.facts,
        })
        .collect();
    for (index, finding) in conflicts::check(&decks) {
        report.decks[index].findings.push(finding);
    }
    for deck in &mut report.decks {
        // Stable order: by check, then by place in the file.
        deck.findings
            .sort_by_key(|f| (Check::of(f.code), f.primary.span.start));
    }
    report
}

/// E203 findings but those of a fact or card with an excerpt not in the source (E201): a
/// misquoted excerpt (`€1.2 milion`) does not state its answer either, and one fix mends both.
fn beside_misquotes(
    loaded: &Loaded,
    misquotes: &[Diagnostic],
    unsupported: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if misquotes.is_empty() || unsupported.is_empty() {
        return unsupported;
    }
    let deck = &loaded.deck;
    // Each fact's and card's place in the file, in file order (a deck checked against the
    // wrong source has a finding for almost every one).
    let mut items: Vec<(Range<usize>, usize)> = (0..deck.facts.len())
        .map(|i| loaded.locate(&format!("facts[{i}]")))
        .chain((0..deck.cards.len()).map(|i| loaded.locate(&format!("cards[{i}]"))))
        .enumerate()
        .map(|(item, range)| (range, item))
        .collect();
    items.sort_unstable_by_key(|(range, _)| range.start);
    let item_of = |at: usize| -> Option<usize> {
        let after = items.partition_point(|(range, _)| range.start <= at);
        let (range, item) = items.get(after.checked_sub(1)?)?;
        range.contains(&at).then_some(*item)
    };
    let misquoted: HashSet<usize> = misquotes
        .iter()
        .filter(|f| f.code == Code::EvidenceNotInSource)
        .filter_map(|f| item_of(f.primary.span.start))
        .collect();
    unsupported
        .into_iter()
        .filter(|f| item_of(f.primary.span.start).is_none_or(|i| !misquoted.contains(&i)))
        .collect()
}

/// The deck's `sha256` against the source's.
fn check_hash(loaded: &Loaded, source: &SourceDoc) -> Option<Diagnostic> {
    let stated = &loaded.deck.source.sha256;
    (!stated.eq_ignore_ascii_case(&source.sha256)).then(|| {
        loaded
            .diagnostic(
                Code::SourceHashMismatch,
                "source.sha256",
                format!("sha256 of `{}` does not match the deck", source.file.name()),
            )
            .label(format!("the file's sha256 is {}", source.sha256))
            .help(format!(
                "if the source changed on purpose, re-check the evidence and set `sha256: \"{}\"`",
                source.sha256
            ))
    })
}

/// W120: `number` spans that read as a year (`[2019](number)`). As a number, its wrong options
/// are made-up amounts (`1009.5`, `20190`) and its swaps other amounts; as a `year`, nearby
/// years. W121: name spans (`person`, `place`, ...) whose value is a number (`[503](person)`):
/// graded as text, its options are names.
fn span_warnings(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, segments) in loaded.segments.iter().enumerate() {
        for span in markup::spans(segments) {
            let value = span.value.trim();
            let year_like = span.ty == SpanType::Number
                && value.len() == 4
                && value
                    .parse::<u32>()
                    .is_ok_and(|n| (1000..=2100).contains(&n));
            // Digits alone (`503`, `1,400`): `3M`, `50 Cent` or `1,000 Guineas` are names.
            let number_like = span.ty.is_name()
                && value.bytes().any(|b| b.is_ascii_digit())
                && value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'));
            if !year_like && !number_like {
                continue;
            }
            let path = format!("facts[{i}].text");
            let text = &loaded.deck.facts[i].text;
            let at = loaded.locate_in_text(&path, text, span.range.clone());
            let ty = span.ty.name();
            let finding = if year_like {
                Diagnostic::new(
                    Code::NumberLooksLikeYear,
                    &loaded.file,
                    at,
                    format!("`{value}` reads as a year but is marked `number`"),
                )
                .label("marked `number`")
                .help(format!(
                    "if it is a year, mark it `[{value}](year)`: a number's wrong options are made-up amounts such as `{}`, a year's are nearby years",
                    f64::from(value.parse::<u32>().unwrap_or(0)) / 2.0
                ))
            } else {
                Diagnostic::new(
                    Code::NameLooksLikeNumber,
                    &loaded.file,
                    at,
                    format!("`{value}` is a number but is marked `{ty}`"),
                )
                .label(format!("marked `{ty}`"))
                .help(format!(
                    "mark it `[{value}](number)` (or `money`): as a `{ty}` it is graded as text and its wrong options are other names"
                ))
            };
            found.push(finding);
        }
    }
    found
}

/// W122: an alias names one thing. An alias given to two names is graded right for both
/// (and cannot tell them apart); a name given as another's alias while it has aliases of its
/// own makes two lists of one thing.
fn alias_warnings(loaded: &Loaded) -> Vec<Diagnostic> {
    use crate::grade::text::key;
    let aliases = &loaded.deck.aliases;
    // Each aliased name, and each alias once seen, by its graded form.
    let mut named: crate::FastMap<String, &str> = aliases
        .keys()
        .map(|name| (key(name), name.as_str()))
        .filter(|(k, _)| !k.is_empty())
        .collect();
    let mut found = Vec::new();
    for (name, list) in aliases {
        for (i, alias) in list.iter().enumerate() {
            let k = key(alias);
            let other = match named.get(&k) {
                _ if k.is_empty() => continue,
                Some(&other) if other != name => other,
                Some(_) => continue,
                None => {
                    named.insert(k, name);
                    continue;
                }
            };
            let (message, label, help) = if key(other) == k {
                (
                    format!("`{alias}` has aliases of its own and is an alias of `{name}`"),
                    "has aliases of its own".to_string(),
                    format!("to make them one thing, list the aliases of `{other}` under `{name}`"),
                )
            } else {
                (
                    format!("alias `{alias}` is given to both `{other}` and `{name}`"),
                    format!("also an alias of `{other}`"),
                    "an alias names one thing: graded as either, it is right for both; keep it for one".to_string(),
                )
            };
            let path = format!("aliases[{}][{i}]", crate::deck::load::ron_string(name));
            found.push(
                loaded
                    .diagnostic(Code::AmbiguousAlias, &path, message)
                    .label(label)
                    .help(help),
            );
        }
    }
    found
}

/// W123: a deck that asks nothing (every fact removed by a bad edit passes every other check).
fn empty_warning(loaded: &Loaded) -> Option<Diagnostic> {
    let deck = &loaded.deck;
    (deck.facts.is_empty() && deck.cards.is_empty()).then(|| {
        loaded
            .diagnostic(
                Code::EmptyDeck,
                "facts",
                format!("deck `{}` has no facts and no cards: it asks nothing", deck.id),
            )
            .help("add facts (`Fact(id: …, text: \"… [value](type) …\", evidence: [\"…\"])`) or cards")
    })
}

/// Review history for question ids the deck no longer yields (W501).
fn orphans(loaded: &Loaded, questions: &Questions, history: &[String]) -> Vec<Diagnostic> {
    let facts = &loaded.deck.facts;
    let ids: HashSet<String> = (0..facts.len())
        .flat_map(|i| {
            let drafts = questions.drafts(i);
            drafts.into_iter().map(move |d| d.id(&facts[i].id))
        })
        .chain(questions.cards.iter().map(|q| q.id.clone()))
        .collect();
    history
        .iter()
        .filter(|id| !ids.contains(id.as_str()))
        .map(|id| {
            loaded
                .diagnostic(
                    Code::OrphanHistory,
                    "id",
                    format!("review history for `{id}`, which this deck no longer has"),
                )
                .label("in this deck's state")
                .help("a fact, span, card or question kind was removed or renamed; the history stays in the state file but is never shown again")
        })
        .collect()
}

/// Excerpts quoted for a help line: `"a"; "b"`.
pub(crate) fn quoted(excerpts: &[String]) -> String {
    excerpts
        .iter()
        // One line each, however the excerpt was wrapped in the deck.
        .map(|e| format!("\"{}\"", e.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A deck whose facts' questions have findings all over: an alias the grader cannot take
    /// (E301), amounts written two ways (E401 where one lot has both) and one sentence with
    /// several answers (E401), in both halves.
    fn deck() -> String {
        let mut facts = String::new();
        for i in 0..120 {
            let value = match i % 4 {
                0 => format!("{}", 10 + i),
                1 => format!("{}.0", 9 + i),
                2 => "5,000".to_string(),
                _ => "5000".to_string(),
            };
            let lot = i % 50;
            let buyer = if i % 7 == 0 { " to [Ann](person)" } else { "" };
            writeln!(
                facts,
                "Fact(id: \"f{i}\", text: \"Lot {lot} sold for [{value}](number){buyer}.\", evidence: [\"e\"]),"
            )
            .unwrap();
        }
        format!(
            "Deck(id: \"halves\", title: \"H\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), aliases: {{\"Ann\": [\"!!!\"]}}, facts: [{facts}])",
            "0".repeat(64)
        )
    }

    fn rendered<'d>(findings: impl IntoIterator<Item = &'d Diagnostic>) -> Vec<String> {
        findings.into_iter().map(|f| f.render(false)).collect()
    }

    #[test]
    fn a_deck_that_asks_nothing_is_a_warning() {
        let text = format!(
            "Deck(id: \"e\", title: \"E\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("e.ron", text.clone())).unwrap();
        let found = rendered(&empty_warning(&loaded));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("warning[W123]: deck `e` has no facts and no cards"),
            "{found:?}"
        );
        // Pointing at its empty `facts`.
        let at = text.find("facts: []").unwrap() + "facts: ".len();
        assert_eq!(empty_warning(&loaded).unwrap().primary.span, at..at + 2);
        let loaded = crate::deck::load(SourceFile::new("d.ron", deck())).unwrap();
        assert!(empty_warning(&loaded).is_none());
    }

    #[test]
    fn suspicious_span_values_are_warnings() {
        let text = format!(
            "Deck(id: \"y\", title: \"Y\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [\n\
             Fact(id: \"a\", text: \"Talks began in [2019](number).\", evidence: [\"e\"]),\n\
             Fact(id: \"b\", text: \"Talks began in [2020](year), with [1,500](number) staff.\", evidence: [\"e\"]),\n\
             Fact(id: \"c\", text: \"The pier is [120](number) m long; [3000](number) people came.\", evidence: [\"e\"]),\n\
             Fact(id: \"d\", text: \"The arch spans [503](person) metres; [Jack Lang](person) opened it; [G20](org) met.\", evidence: [\"e\"]),\n\
             Fact(id: \"e\", text: \"[3M](org) and [50 Cent](person) won the [1,000 Guineas](thing).\", evidence: [\"e\"]),\n\
             ])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("years.ron", text)).expect("it loads");
        let found = span_warnings(&loaded);
        assert_eq!(found.len(), 2, "{:#?}", rendered(&found));
        let name = found[1].render(false);
        assert!(
            name.starts_with("warning[W121]: `503` is a number but is marked `person`"),
            "{name}"
        );
        assert!(name.contains("mark it `[503](number)`"), "{name}");
        assert_eq!(Check::of(found[1].code), Check::Deck);
        let shown = found[0].render(false);
        assert!(
            shown.starts_with(
                "warning[W120]: `2019` reads as a year but is marked `number`\n --> years.ron:2:37"
            ),
            "{shown}"
        );
        assert!(shown.contains("mark it `[2019](year)`"), "{shown}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(Check::of(found[0].code), Check::Deck);
    }

    #[test]
    fn an_alias_of_two_things_is_a_warning() {
        let text = format!(
            "Deck(id: \"a\", title: \"A\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"),\n\
             aliases: {{\n\
             \"Ada Lovelace\": [\"Lovelace\", \"Ada\", \"Babbage\"],\n\
             \"Charles Babbage\": [\"babbage\", \"Ada Lovelace\"],\n\
             \"Lovelace\": [\"Countess\"],\n\
             \"John Bradfield\": [\"Bradfield\"],\n\
             }},\n\
             facts: [Fact(id: \"f\", text: \"[Babbage](person) built it.\", evidence: [\"e\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("aliases.ron", text)).expect("it loads");
        let found: Vec<String> = rendered(&alias_warnings(&loaded));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0].starts_with(
                "warning[W122]: `Lovelace` has aliases of its own and is an alias of `Ada Lovelace`\n --> aliases.ron:3:18"
            ),
            "{}",
            found[0]
        );
        assert!(
            found[1].starts_with(
                "warning[W122]: alias `babbage` is given to both `Ada Lovelace` and `Charles Babbage`"
            ),
            "{}",
            found[1]
        );
        assert!(
            found[2].contains("`Ada Lovelace` has aliases of its own"),
            "{}",
            found[2]
        );
        assert_eq!(Check::of(Code::AmbiguousAlias), Check::Deck);
    }

    #[test]
    fn a_misquoted_excerpt_is_one_finding_not_two() {
        let source = "The pier cost €1.2 million in 1881.";
        let text = |excerpt: &str| {
            format!(
                "Deck(id: \"m\", title: \"M\", source: Source(file: \"s.txt\", sha256: \"{}\", \
                 title: \"S\"), facts: [\
                 Fact(id: \"cost\", text: \"The pier cost [€1.2 million](money).\", evidence: [\"{excerpt}\"]),\
                 Fact(id: \"year\", text: \"The pier was built in [1881](year).\", evidence: [\"in 1881\"])])",
                "0".repeat(64)
            )
        };
        let codes = |excerpt: &str, year_evidence: &str| -> Vec<&'static str> {
            let file = SourceFile::new(
                "m.ron",
                text(excerpt).replace("in 1881\"]", &format!("{year_evidence}\"]")),
            );
            let loaded = crate::deck::load(Arc::clone(&file));
            let doc = SourceDoc {
                file: SourceFile::new("s.txt", source),
                sha256: "0".repeat(64),
            };
            let report = check(vec![DeckInput::new(file, loaded, Some(Ok(doc)))]);
            report.findings().map(|f| f.code.code()).collect()
        };
        // A misspelt excerpt: E201 only (it does not state the amount either, but one fix
        // mends both).
        assert_eq!(codes("cost €1.2 milion", "in 1881"), ["E201"]);
        // A fact whose excerpt is quoted right but says something else: E203.
        assert_eq!(codes("The pier cost", "in 1881"), ["E203"]);
        // Another fact's misquote does not hide this one's E203.
        assert_eq!(codes("The pier cost", "in 1881 ."), ["E201", "E203"]);
    }

    #[test]
    fn parts_give_the_report_of_one_pass() {
        let text = deck();
        let loaded = crate::deck::load(SourceFile::new("parts.ron", text)).expect("it loads");
        let questions = Questions::new(&loaded);
        let run = |parts: usize| {
            let tested = test_questions(&loaded, &questions, parts, &prompt_hash);
            let decks = [conflicts::Checked {
                index: 0,
                loaded: &loaded,
                questions: &questions,
                prompts: &tested.prompts,
                facts: &tested.facts,
            }];
            let clashes = rendered(conflicts::check(&decks).iter().map(|(_, f)| f));
            (
                rendered(&tested.findings),
                clashes,
                tested.prompts,
                tested.facts,
                tested.count,
            )
        };
        let one = run(1);
        assert!(
            one.0.iter().filter(|f| f.contains("E301")).count() > 10,
            "{:#?}",
            one.0
        );
        assert!(one.1.iter().any(|f| f.contains("E401")), "{:#?}", one.1);
        assert_eq!(one.0, rendered(&answer_key::check(&loaded, &questions)));
        for parts in [2, 3] {
            assert!(run(parts) == one, "{parts} parts");
        }
        // Support, checked in chunks beside the questions, reports as in one pass.
        let whole = rendered(&support::check(&loaded));
        assert!(whole.iter().any(|f| f.contains("E203")), "{whole:#?}");
        for parts in [2, 3] {
            let (side, chunks) = crate::side_by_side(
                parts,
                loaded.deck.facts.len(),
                || 7,
                || support::Checker::new(&loaded),
                |support, range| support.facts(range),
            );
            assert_eq!(side, 7);
            let mut found: Vec<Diagnostic> = chunks.into_iter().flatten().collect();
            found.extend(support::Checker::new(&loaded).cards());
            assert_eq!(rendered(&found), whole, "{parts} parts");
        }
    }
}
