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
use crate::question::{Origin, Question};

/// A deck that loaded, with its questions and its place in the report.
pub struct Checked<'a> {
    pub index: usize,
    pub loaded: &'a Loaded,
    pub questions: &'a Questions<'a>,
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
                    findings.push(twice(
                        Code::DuplicateAcrossDecks,
                        at,
                        span,
                        &first,
                        format!("id `{id}` is also used by another deck"),
                        "question ids are made from fact and card ids: use each id in one deck only",
                    ));
                }
                Entry::Occupied(_) => {} // within a deck: E105, reported by the loader
                Entry::Vacant(slot) => {
                    slot.insert((d, list, i));
                }
            }
        }
    }
}

fn facts(decks: &[Checked], findings: &mut Vec<(usize, Diagnostic)>) {
    let mut seen: FastMap<String, (usize, usize)> = FastMap::default();
    for (d, at) in decks.iter().enumerate() {
        for (i, segments) in at.loaded.segments.iter().enumerate() {
            let plain = text::normalize(&markup::plain_text(segments));
            match seen.entry(plain) {
                Entry::Occupied(first) => {
                    let (fd, fi) = *first.get();
                    let other = &decks[fd];
                    let first = Seen {
                        file: Arc::clone(&other.loaded.file),
                        span: other.loaded.locate(&format!("facts[{fi}].text")),
                    };
                    let where_ = if fd == d { "" } else { " in another deck" };
                    findings.push(twice(
                        Code::DuplicateFact,
                        at,
                        at.loaded.locate(&format!("facts[{i}].text")),
                        &first,
                        format!(
                            "fact `{}` states the same as `{}`{where_}",
                            at.loaded.deck.facts[i].id, other.loaded.deck.facts[fi].id
                        ),
                        "remove one of them, or merge their evidence and spans",
                    ));
                }
                Entry::Vacant(slot) => {
                    slot.insert((d, i));
                }
            }
        }
    }
}

fn prompts(decks: &[Checked], findings: &mut Vec<(usize, Diagnostic)>) {
    let mut seen: FastMap<String, (usize, At)> = FastMap::default();
    let mut places: Vec<Places> = decks.iter().map(|c| Places::new(c.loaded)).collect();
    for (d, at) in decks.iter().enumerate() {
        let questions = at.questions;
        let facts = questions.facts.iter().enumerate().flat_map(|(i, drafts)| {
            drafts
                .iter()
                .enumerate()
                // A choice shares its prompt and answer with the cloze of the same span.
                .filter(|(_, draft)| draft.origin() != Origin::Choice)
                .map(move |(k, draft)| (At::Fact(i, k), questions.generator.prompt(i, draft)))
        });
        let cards = (questions.cards.iter().enumerate())
            .map(|(i, card)| (At::Card(i), card.prompt.clone()));
        for (k, prompt) in facts.chain(cards) {
            match seen.entry(text::normalize(&prompt)) {
                Entry::Occupied(first) => {
                    let (fd, fk) = *first.get();
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
                Entry::Vacant(slot) => {
                    slot.insert((d, k));
                }
            }
        }
    }
}

/// Whether either question grades the other's answer correct.
fn same_answer(a: &Question, b: &Question) -> bool {
    grade::grade(a, &b.answer_text()).outcome == Outcome::Correct
        || grade::grade(b, &a.answer_text()).outcome == Outcome::Correct
}
