//! E301/E302/E303: the answer-key self-test. Every question a deck yields (generated with a
//! fixed seed, and hand-written) is graded with each of its accepted forms, which must be
//! correct ([`Question::accepted`]); a wrong option must not be; and no two options of one
//! question may mean the same (same normalised text, the same name through the deck's
//! aliases, or the same amount or date).
//!
//! The accepted forms of an answer depend on the answer only, so results are shared between
//! the questions with the same key (a cloze and a reverse question of one span, the many
//! facts naming one person or year).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::in_text;
use crate::deck::markup;
use crate::deck::{DateOrder, Loaded};
use crate::diagnostic::{Code, Diagnostic};
use crate::grade::{self, Outcome, date, number, text};
use crate::question::{Answer, DateValue, Origin, Question};

/// Where the questions of a deck come from in its file.
pub(crate) struct Places<'a> {
    loaded: &'a Loaded,
    facts: HashMap<&'a str, usize>,
    cards: HashMap<&'a str, usize>,
}

impl<'a> Places<'a> {
    pub(crate) fn new(loaded: &'a Loaded) -> Places<'a> {
        Places {
            loaded,
            facts: HashMap::new(),
            cards: HashMap::new(),
        }
    }

    fn index(&mut self) {
        if self.facts.is_empty() && self.cards.is_empty() {
            let deck = &self.loaded.deck;
            self.facts = deck
                .facts
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.as_str(), i))
                .collect();
            self.cards = deck
                .cards
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect();
        }
    }

    /// The deck-file range a question comes from: the blanked span of a cloze or choice, the
    /// reverse question, the fact text of a true/false, the answer of a card.
    pub(crate) fn of(&mut self, question: &Question) -> Range<usize> {
        self.index();
        let loaded = self.loaded;
        if question.origin == Origin::Card {
            return match self.cards.get(question.id.as_str()) {
                Some(i) => loaded.locate(&format!("cards[{i}].answer")),
                None => 0..0,
            };
        }
        let Some(&i) = question.fact.as_deref().and_then(|f| self.facts.get(f)) else {
            return 0..0;
        };
        let n: usize = question
            .id
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let fact = &loaded.deck.facts[i];
        match question.origin {
            Origin::Cloze | Origin::Choice => {
                match markup::spans(&loaded.segments[i]).nth(n.saturating_sub(1)) {
                    Some(span) => in_text(
                        loaded,
                        &format!("facts[{i}].text"),
                        &fact.text,
                        span.range.clone(),
                    ),
                    None => loaded.locate(&format!("facts[{i}].text")),
                }
            }
            Origin::Reverse => loaded.locate(&format!("facts[{i}].reverse[{}]", n - 1)),
            _ => loaded.locate(&format!("facts[{i}].text")),
        }
    }
}

/// An answer reduced to what decides its accepted forms (`None` for choices, which differ
/// per question).
#[derive(PartialEq, Eq, Hash)]
enum KeyOf {
    Text(Vec<String>, usize),
    Number(u64, Option<String>, u64, String),
    Date(String, bool),
    TrueFalse(bool),
    List(Vec<String>, bool),
}

fn key_of(answer: &Answer) -> Option<KeyOf> {
    Some(match answer {
        Answer::Text { accepted, rivals } => {
            KeyOf::Text(accepted.clone(), Arc::as_ptr(rivals) as usize)
        }
        Answer::Number {
            value,
            unit,
            tolerance,
            display,
        } => KeyOf::Number(
            value.to_bits(),
            unit.clone(),
            tolerance.to_bits(),
            display.clone(),
        ),
        Answer::Date {
            display, day_first, ..
        } => KeyOf::Date(display.clone(), *day_first),
        Answer::TrueFalse { value } => KeyOf::TrueFalse(*value),
        Answer::List { items, ordered } => KeyOf::List(items.clone(), *ordered),
        Answer::Choice { .. } => return None,
    })
}

/// The accepted forms the grader does not take as correct.
fn rejected(question: &Question) -> Vec<String> {
    question
        .accepted()
        .into_iter()
        .filter(|form| grade::grade(question, form).outcome != Outcome::Correct)
        .collect()
}

/// One option read every way it may be compared.
struct OptionForm {
    key: String,
    group: Option<usize>,
    amount: Option<number::Amount>,
    date: Option<DateValue>,
}

/// Names that mean the same through the deck's aliases, by [`text::key`].
struct Groups {
    of: HashMap<String, usize>,
}

impl Groups {
    fn new(loaded: &Loaded) -> Groups {
        let mut of = HashMap::new();
        for (g, (name, aliases)) in loaded.deck.aliases.iter().enumerate() {
            for n in std::iter::once(name).chain(aliases) {
                of.entry(text::key(n)).or_insert(g);
            }
        }
        Groups { of }
    }

    fn form(&self, option: &str, day_first: bool) -> OptionForm {
        let key = text::key(option);
        OptionForm {
            group: self.of.get(&key).copied(),
            key,
            amount: number::parse(option),
            date: date::parse(option, day_first),
        }
    }
}

/// Whether two options mean the same: same key, same alias group, same amount, same date.
fn equivalent(a: &OptionForm, b: &OptionForm) -> bool {
    if a.key == b.key || (a.group.is_some() && a.group == b.group) {
        return true;
    }
    if let (Some(x), Some(y)) = (&a.amount, &b.amount) {
        let units = match (&x.unit, &y.unit) {
            (Some(u), Some(v)) => number::canonical_unit(u) == number::canonical_unit(v),
            _ => true,
        };
        return units && number::same_value(x.value, y.value);
    }
    matches!((a.date, b.date), (Some(x), Some(y)) if x == y)
}

/// E301–E303 findings over the questions of one deck.
pub fn check(loaded: &Loaded, questions: &[Question]) -> Vec<Diagnostic> {
    let day_first = loaded.deck.settings.date_order == DateOrder::DayFirst;
    let groups = Groups::new(loaded);
    let mut places = Places::new(loaded);
    let mut cache: HashMap<KeyOf, Vec<String>> = HashMap::new();
    let mut findings = Vec::new();
    for question in questions {
        let rejected = match key_of(&question.answer) {
            Some(key) => cache
                .entry(key)
                .or_insert_with(|| rejected(question))
                .clone(),
            None => rejected(question),
        };
        for form in rejected {
            findings.push(
                Diagnostic::new(
                    Code::AnswerKeyRejects,
                    &loaded.file,
                    places.of(question),
                    format!(
                        "question `{}` does not accept its own answer `{form}`",
                        question.id
                    ),
                )
                .label("the answer comes from here")
                .help(format!(
                    "the grader must take every accepted form as correct; {}",
                    match question.answer {
                        Answer::List { .. } =>
                            "a list item may not contain `,` or `;`, which separate items",
                        _ => "rephrase the answer or its aliases",
                    }
                )),
            );
        }
        let Answer::Choice { options, correct } = &question.answer else {
            continue;
        };
        let forms: Vec<OptionForm> = options.iter().map(|o| groups.form(o, day_first)).collect();
        for (i, option) in options.iter().enumerate() {
            if correct.contains(&i) {
                continue;
            }
            let graded = grade::grade(question, option).outcome == Outcome::Correct;
            let same_as = correct.iter().find(|&&c| equivalent(&forms[c], &forms[i]));
            if graded || same_as.is_some() {
                let why = match same_as {
                    Some(&c) => format!("it means the same as the correct `{}`", options[c]),
                    None => "the grader takes it as the answer".to_string(),
                };
                findings.push(
                    Diagnostic::new(
                        Code::DistractorAccepted,
                        &loaded.file,
                        places.of(question),
                        format!(
                            "wrong option `{option}` of question `{}` is correct: {why}",
                            question.id
                        ),
                    )
                    .label("in this question")
                    .help("replace the wrong option with one that is really wrong"),
                );
            }
        }
        for i in 0..options.len() {
            for j in i + 1..options.len() {
                // A wrong option equivalent to a correct one is E302 above.
                if correct.contains(&i) != correct.contains(&j) {
                    continue;
                }
                if equivalent(&forms[i], &forms[j]) {
                    findings.push(
                        Diagnostic::new(
                            Code::EquivalentOptions,
                            &loaded.file,
                            places.of(question),
                            format!(
                                "options `{}` and `{}` of question `{}` mean the same",
                                options[i], options[j], question.id
                            ),
                        )
                        .label("in this question")
                        .help("keep one of them; every option must be a different answer"),
                    );
                }
            }
        }
    }
    findings
}
