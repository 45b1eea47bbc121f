//! E401/E402/E403: clashes within a deck and across the decks checked together.
//!
//! - E401: two questions with the same prompt (normalised) whose answers differ (neither
//!   grades the other's answer correct).
//! - E402: the same fact stated twice (normalised plain text equal).
//! - E403: two decks with one id, or one fact or card id used in two decks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::sync::Arc;

use super::answer_key::Places;
use super::{At, Questions};
use crate::FastMap;
use crate::deck::{Loaded, markup};
use crate::diagnostic::{Code, Diagnostic, SourceFile};
use crate::grade::{self, Outcome, text};
use crate::question::Question;

/// A deck that loaded, with its questions and its place in the report.
pub struct Checked<'a> {
    pub index: usize,
    pub loaded: &'a Loaded,
    pub questions: &'a Questions<'a>,
    /// The hash of each question's normalised prompt ([`super::Tested::prompts`]).
    pub prompts: &'a [(u64, At)],
    /// The hash of each fact's normalised plain text ([`super::Tested::facts`]).
    pub facts: &'a [u64],
}

/// Where something was first seen: deck (position in `decks`), file range.
#[derive(Clone)]
struct Seen {
    file: Arc<SourceFile>,
    span: Range<usize>,
}

/// Conflict findings, each with the report index of the deck it belongs to.
pub fn check(decks: &[Checked]) -> Vec<(usize, Diagnostic)> {
    let mut findings = Vec::new();
    ids(decks, &mut findings);
    facts(decks, &mut findings);
    prompts(decks, &mut findings);
    findings
}

fn twice(
    code: Code,
    at: &Checked,
    span: Range<usize>,
    first: &Seen,
    message: String,
    help: &str,
) -> (usize, Diagnostic) {
    (
        at.index,
        Diagnostic::new(code, &at.loaded.file, span, message)
            .label("again here")
            .secondary(&first.file, first.span.clone(), "first here")
            .help(help),
    )
}

fn ids(decks: &[Checked], findings: &mut Vec<(usize, Diagnostic)>) {
    if decks.len() < 2 {
        return;
    }
    let mut deck_ids: HashMap<&str, Seen> = HashMap::new();
    let mut item_ids: HashMap<&str, (usize, &str, usize)> = HashMap::new();
    for (d, at) in decks.iter().enumerate() {
        let deck = &at.loaded.deck;
        let span = at.loaded.locate("id");
        match deck_ids.entry(deck.id.as_str()) {
            Entry::Occupied(first) => findings.push(twice(
                Code::DuplicateAcrossDecks,
                at,
                span,
                first.get(),
                format!("deck id `{}` is used by two decks", deck.id),
                "review history is keyed on deck ids: give each deck its own",
            )),
            Entry::Vacant(slot) => {
                slot.insert(Seen {
                    file: Arc::clone(&at.loaded.file),
                    span,
                });
            }
        }
        let items = deck
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), "facts", i))
            .chain(
                deck.cards
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id.as_str(), "cards", i)),
            );
        let mut shared = Shared::default();
        for (id, list, i) in items {
            match item_ids.entry(id) {
                Entry::Occupied(first) if first.get().0 != d => {
                    let (fd, flist, fi) = *first.get();
                    let other = decks[fd].loaded;
                    let first = Seen {
                        file: Arc::clone(&other.file),
                        span: other.locate(&format!("{flist}[{fi}].id")),
                    };
                    let span = at.loaded.locate(&format!("{list}[{i}].id"));
                    shared.add(
                        fd,
                        id,
                        twice(
                            Code::DuplicateAcrossDecks,
                            at,
                            span,
                            &first,
                            format!("id `{id}` is also used by another deck"),
                            ID_HELP,
                        ),
                    );
                }
                Entry::Occupied(_) => {} // within a deck: E105, reported by the loader
                Entry::Vacant(slot) => {
                    slot.insert((d, list, i));
                }
            }
        }
        shared.report(findings, "ids", "are also used by another deck", ID_HELP);
    }
}

const ID_HELP: &str = "question ids are made from fact and card ids: use each id in one deck only";
const FACT_HELP: &str = "remove one of them, or merge their evidence and spans";

/// Beyond this many, what one deck shares with another (a copied deck) is one finding.
const GROUP: usize = 3;

/// A finding with the report index of its deck.
type Finding = (usize, Diagnostic);

/// The clashes of one deck with each other deck, reported one by one when few, as one
/// finding when many: a deck copied to start another would otherwise give a finding per fact.
#[derive(Default)]
struct Shared<'a> {
    /// By other deck: (what is shared, its finding), in file order.
    with: std::collections::BTreeMap<usize, Vec<(&'a str, Finding)>>,
}

impl<'a> Shared<'a> {
    fn add(&mut self, other: usize, what: &'a str, finding: Finding) {
        self.with.entry(other).or_default().push((what, finding));
    }

    /// Moves the findings into `findings`: each, or for a deck that shares more than
    /// [`GROUP`], the first one standing for all (`{count} {things} {verb}: ...`).
    fn report(self, findings: &mut Vec<(usize, Diagnostic)>, things: &str, verb: &str, help: &str) {
        for (_, list) in self.with {
            if list.len() <= GROUP {
                findings.extend(list.into_iter().map(|(_, finding)| finding));
                continue;
            }
            let names: Vec<String> = list
                .iter()
                .take(GROUP)
                .map(|(w, _)| format!("`{w}`"))
                .collect();
            let count = list.len();
            let (_, (deck, mut first)) = list.into_iter().next().expect("more than GROUP");
            first.message = format!(
                "{count} {things} of this deck {verb}: {} and {} more",
                names.join(", "),
                count - GROUP
            );
            first.help = Some(format!(
                "{help}; a deck copied from another needs its own ids and facts"
            ));
            findings.push((deck, first));
        }
    }
}

fn facts(decks: &[Checked], findings: &mut Vec<(usize, Diagnostic)>) {
    let mut seen = FirstSeen::default();
    let statement =
        |(d, i): (usize, usize)| text::normalize(&markup::plain_text(&decks[d].loaded.segments[i]));
    for (d, at) in decks.iter().enumerate() {
        let mut shared = Shared::default();
        for (i, &hash) in at.facts.iter().enumerate() {
            let Some((fd, fi)) = seen.first(hash, (d, i), statement) else {
                continue;
            };
            let other = &decks[fd];
            let first = Seen {
                file: Arc::clone(&other.loaded.file),
                span: other.loaded.locate(&format!("facts[{fi}].text")),
            };
            let where_ = if fd == d { "" } else { " in another deck" };
            let finding = twice(
                Code::DuplicateFact,
                at,
                at.loaded.locate(&format!("facts[{i}].text")),
                &first,
                format!(
                    "fact `{}` states the same as `{}`{where_}",
                    at.loaded.deck.facts[i].id, other.loaded.deck.facts[fi].id
                ),
                FACT_HELP,
            );
            if fd == d {
                findings.push(finding);
            } else {
                shared.add(fd, &at.loaded.deck.facts[i].id, finding);
            }
        }
        shared.report(
            findings,
            "facts",
            "state the same as facts of another deck",
            FACT_HELP,
        );
    }
}

/// The first of the items with one text (a normalised statement or prompt), found by the
/// hash of the text: the texts are compared only when two hashes meet.
struct FirstSeen<T> {
    by_hash: FastMap<u64, T>,
    /// Two different texts with one hash are rare: the later ones are kept by their text.
    by_text: FastMap<String, T>,
}

impl<T> Default for FirstSeen<T> {
    fn default() -> FirstSeen<T> {
        FirstSeen {
            by_hash: FastMap::default(),
            by_text: FastMap::default(),
        }
    }
}

impl<T: Copy> FirstSeen<T> {
    /// The item seen first with the text of `item` (`hash` the hash of its text, `text` what
    /// makes the text of an item); `None` when `item` is the first.
    fn first(&mut self, hash: u64, item: T, text: impl Fn(T) -> String) -> Option<T> {
        let first = match self.by_hash.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(item);
                return None;
            }
            Entry::Occupied(first) => *first.get(),
        };
        let own = text(item);
        if text(first) == own {
            return Some(first);
        }
        match self.by_text.entry(own) {
            Entry::Vacant(slot) => {
                slot.insert(item);
                None
            }
            Entry::Occupied(first) => Some(*first.get()),
        }
    }
}

/// E401 over the decks, by the hashes of their prompts.
fn prompts(decks: &[Checked], findings: &mut Vec<(usize, Diagnostic)>) {
    let mut seen = FirstSeen::default();
    let prompt = |(d, k): (usize, At)| decks[d].questions.normalized_prompt(k);
    let mut places: Vec<Places> = decks.iter().map(|c| Places::new(c.loaded)).collect();
    for (d, at) in decks.iter().enumerate() {
        let questions = at.questions;
        for &(hash, k) in at.prompts {
            let Some((fd, fk)) = seen.first(hash, (d, k), prompt) else {
                continue;
            };
            let other = decks[fd].questions.question(fk);
            let question = questions.question(k);
            if same_answer(&other, &question) {
                continue;
            }
            let first = Seen {
                file: Arc::clone(&decks[fd].loaded.file),
                span: places[fd].of(&other),
            };
            let span = places[d].of(&question);
            findings.push(twice(
                Code::ConflictingAnswers,
                at,
                span,
                &first,
                format!(
                    "question `{}` asks the same as `{}` but its answer is `{}`, not `{}`",
                    question.id,
                    other.id,
                    question.answer_text(),
                    other.answer_text()
                ),
                "one of the two answers is wrong, or the prompts need more context to tell them apart",
            ));
        }
    }
}

/// Whether either question grades the other's answer correct.
fn same_answer(a: &Question, b: &Question) -> bool {
    grade::grade(a, &b.answer_text()).outcome == Outcome::Correct
        || grade::grade(b, &a.answer_text()).outcome == Outcome::Correct
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Questions;

    fn loaded(name: &str, text: &str) -> Loaded {
        crate::deck::load(SourceFile::new(name, text)).expect("the fixture loads")
    }

    /// The findings of the two conflict fixtures, rendered, with prompts and statements
    /// hashed by `hash`.
    fn conflicting(hash: impl Fn(&str) -> u64 + Sync) -> Vec<String> {
        let a = loaded(
            "a.ron",
            include_str!("../../tests/data/check/conflicts/a.ron"),
        );
        let b = loaded(
            "b.ron",
            include_str!("../../tests/data/check/conflicts/b.ron"),
        );
        let (qa, qb) = (Questions::new(&a), Questions::new(&b));
        let ta = crate::check::test_questions(&a, &qa, 1, &hash);
        let tb = crate::check::test_questions(&b, &qb, 1, &hash);
        let decks = [
            Checked {
                index: 0,
                loaded: &a,
                questions: &qa,
                prompts: &ta.prompts,
                facts: &ta.facts,
            },
            Checked {
                index: 1,
                loaded: &b,
                questions: &qb,
                prompts: &tb.prompts,
                facts: &tb.facts,
            },
        ];
        check(&decks)
            .iter()
            .map(|(deck, f)| format!("{deck}: {}", f.render(false)))
            .collect()
    }

    #[test]
    fn prompts_and_facts_that_share_a_hash_are_told_apart_by_their_text() {
        let found = conflicting(crate::check::prompt_hash);
        for code in ["E401", "E402"] {
            assert!(
                found.iter().any(|f| f.contains(code)),
                "the fixtures have {code}: {found:#?}"
            );
        }
        // Every prompt with one hash: the same conflicts, no more.
        assert_eq!(conflicting(|_| 0), found);
        assert_eq!(conflicting(|prompt| prompt.len() as u64 % 3), found);
    }
}
