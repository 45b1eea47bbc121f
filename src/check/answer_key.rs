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

use super::{At, Questions};
use crate::FastMap;
use crate::deck::markup;
use crate::deck::markup::SpanType;
use crate::deck::{CardAnswer, DateOrder, Loaded};
use crate::diagnostic::{Code, Diagnostic};
use crate::generate::Draft;
use crate::grade::{self, Meaning, Reading, text};
use crate::question::{Answer, Origin, Question};

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
                    Some(span) => loaded.locate_in_text(
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
    List(Vec<String>, bool, Vec<Vec<String>>),
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
        Answer::List {
            items,
            ordered,
            aliases,
        } => KeyOf::List(items.clone(), *ordered, aliases.clone()),
        Answer::Choice { .. } => return None,
    })
}

/// The accepted forms the grader does not take as correct.
fn rejected(answer: &Answer) -> Vec<String> {
    answer
        .accepted()
        .into_iter()
        .filter(|form| !grade::accepts(answer, form))
        .collect()
}

/// One option read every way it may be compared: its meaning, and its alias group.
struct OptionForm {
    meaning: Meaning,
    group: Option<usize>,
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

    fn form(&self, option: &Reading, day_first: bool) -> OptionForm {
        OptionForm {
            group: self.of.get(option.key()).copied(),
            meaning: Meaning::new(option, day_first),
        }
    }
}

/// Whether two options mean the same ([`Meaning::same`]), or name one thing through the deck's
/// aliases.
fn equivalent(a: &OptionForm, b: &OptionForm) -> bool {
    a.meaning.same(&b.meaning) || (a.group.is_some() && a.group == b.group)
}

/// The self-test over one deck's questions. Everything that depends on an answer only is
/// computed once per distinct answer: the rejected forms of a span's answer (shared by its
/// cloze and reverse questions and every fact naming the same value), the reading of an
/// option text (the same values recur as options of many questions).
pub(crate) struct Checker<'q> {
    loaded: &'q Loaded,
    questions: &'q Questions<'q>,
    day_first: bool,
    groups: Groups,
    places: Places<'q>,
    /// Rejected forms by span answer (the generator keeps one answer per distinct value, so
    /// its address names it).
    spans: FastMap<*const Answer, Vec<String>>,
    /// Rejected forms of the other answers, by what decides them.
    others: FastMap<KeyOf, Vec<String>>,
    /// Option readings, and the index of each option text in it.
    forms: Vec<OptionForm>,
    form_of: FastMap<String, usize>,
    findings: Vec<Diagnostic>,
}

impl<'q> Checker<'q> {
    fn question(&mut self, at: At) -> Question {
        self.questions.question(at)
    }

    /// E301 for each accepted form of question `at` the grader rejects.
    fn rejects(&mut self, at: At, rejected: &[String]) {
        if rejected.is_empty() {
            return;
        }
        let question = self.question(at);
        let span = self.places.of(&question);
        for form in rejected {
            self.findings.push(
                Diagnostic::new(
                    Code::AnswerKeyRejects,
                    &self.loaded.file,
                    span.clone(),
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
    }

    /// E301 of the question `at` asking a span, graded as `answer` (the pool's one answer for
    /// its value, so its address names it).
    fn span(&mut self, at: At, answer: &Answer) {
        let rejected = self
            .spans
            .entry(answer as *const Answer)
            .or_insert_with(|| rejected(answer))
            .clone();
        self.rejects(at, &rejected);
    }

    /// E301 of an answer shared by many questions.
    fn shared(&mut self, at: At, answer: &Answer) {
        let rejected = match key_of(answer) {
            Some(key) => self
                .others
                .entry(key)
                .or_insert_with(|| rejected(answer))
                .clone(),
            None => rejected(answer),
        };
        self.rejects(at, &rejected);
    }

    /// E301–E303 of a choice question: its accepted forms, then each wrong option against the
    /// correct ones, then each pair of options.
    /// `ty`: the type of the span a generated choice asks (its options are mostly values of
    /// that type in the deck, read once for generation already).
    fn choice<S: AsRef<str>>(
        &mut self,
        at: At,
        (options, correct, aliases): (&[S], &[usize], &[Vec<String>]),
        ty: Option<SpanType>,
    ) {
        let indices: Vec<usize> = options
            .iter()
            .map(|o| o.as_ref())
            .map(|o| match self.form_of.get(o) {
                Some(&i) => i,
                None => {
                    let generator = &self.questions.generator;
                    let form = match ty.and_then(|ty| generator.reading(ty, o)) {
                        Some(reading) => self.groups.form(reading, self.day_first),
                        None => self.groups.form(&Reading::new(o), self.day_first),
                    };
                    self.forms.push(form);
                    self.form_of.insert(o.to_string(), self.forms.len() - 1);
                    self.forms.len() - 1
                }
            })
            .collect();
        let forms = |i: usize| &self.forms[indices[i]];
        let keys: Vec<&str> = (0..options.len())
            .map(|i| forms(i).meaning.key.as_str())
            .collect();
        let keys = grade::OptionNames::new(&keys, aliases);
        let mut rejected: Vec<String> = Vec::new();
        crate::question::choice_forms(options, correct, aliases, |form| {
            // An option's text is keyed already; the other forms are labels and aliases. One
            // of ASCII letters and digits only (a label `b`, a number `2`, a one-word alias)
            // is its own key in lowercase.
            let label;
            let mut small = [0u8; 8];
            let key = match options.iter().position(|o| o.as_ref() == form) {
                Some(i) => keys.keys[i],
                None if form.len() <= small.len()
                    && form.bytes().all(|b| b.is_ascii_alphanumeric()) =>
                {
                    let small = &mut small[..form.len()];
                    small.copy_from_slice(form.as_bytes());
                    small.make_ascii_lowercase();
                    let key = std::str::from_utf8(small).expect("ASCII letters and digits");
                    debug_assert_eq!(key, text::key(form));
                    key
                }
                None => {
                    label = text::key(form);
                    label.as_str()
                }
            };
            if !grade::choice_accepts_keyed(options, &keys, correct, form, key) {
                rejected.push(form.to_string());
            }
        });
        // (wrong option, why it is correct) for E302, then pairs of options for E303.
        let mut accepted: Vec<(usize, String)> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            if correct.contains(&i) {
                continue;
            }
            let graded =
                grade::choice_accepts_keyed(options, &keys, correct, option.as_ref(), keys.keys[i]);
            let same_as = correct.iter().find(|&&c| equivalent(forms(c), forms(i)));
            if graded || same_as.is_some() {
                let why = match same_as {
                    Some(&c) => {
                        format!("it means the same as the correct `{}`", options[c].as_ref())
                    }
                    None => "the grader takes it as the answer".to_string(),
                };
                accepted.push((i, why));
            }
        }
        let mut same: Vec<(usize, usize)> = Vec::new();
        for i in 0..options.len() {
            for j in i + 1..options.len() {
                // A wrong option equivalent to a correct one is E302 above.
                if correct.contains(&i) != correct.contains(&j) {
                    continue;
                }
                if equivalent(forms(i), forms(j)) {
                    same.push((i, j));
                }
            }
        }
        self.rejects(at, &rejected);
        if accepted.is_empty() && same.is_empty() {
            return;
        }
        let question = self.question(at);
        let span = self.places.of(&question);
        // A card's options are written in the deck: point at the one at fault.
        // (A wrong option at fault is looked for among the wrong ones first.)
        let option_span = |option: &str, wrong_first: bool| -> std::ops::Range<usize> {
            let At::Card(c) = at else {
                return span.clone();
            };
            let CardAnswer::Choice { correct, wrong } = &self.loaded.deck.cards[c].answer else {
                return span.clone();
            };
            let in_correct = || correct.iter().position(|o| o == option);
            let in_wrong = || wrong.iter().position(|o| o == option);
            let path = match (wrong_first, in_correct(), in_wrong()) {
                (true, _, Some(j)) | (false, None, Some(j)) => {
                    format!("cards[{c}].answer.wrong[{j}]")
                }
                (_, Some(j), _) => format!("cards[{c}].answer.correct[{j}]"),
                _ => return span.clone(),
            };
            self.loaded.locate(&path)
        };
        for (i, why) in accepted {
            self.findings.push(
                Diagnostic::new(
                    Code::DistractorAccepted,
                    &self.loaded.file,
                    option_span(options[i].as_ref(), true),
                    format!(
                        "wrong option `{}` of question `{}` is correct: {why}",
                        options[i].as_ref(),
                        question.id
                    ),
                )
                .label(format!(
                    "`{}` is listed as wrong, but graded correct",
                    options[i].as_ref()
                ))
                .help("replace the wrong option with one that is really wrong"),
            );
        }
        for (i, j) in same {
            self.findings.push(
                Diagnostic::new(
                    Code::EquivalentOptions,
                    &self.loaded.file,
                    option_span(options[j].as_ref(), false),
                    format!(
                        "options `{}` and `{}` of question `{}` mean the same",
                        options[i].as_ref(),
                        options[j].as_ref(),
                        question.id
                    ),
                )
                .label(format!(
                    "`{}` means the same as `{}`",
                    options[j].as_ref(),
                    options[i].as_ref()
                ))
                .help("keep one of them; every option must be a different answer"),
            );
        }
    }
}

/// E301–E303 findings over the questions of one deck, in question order, in one thread (see
/// [`super::test_questions`] for the whole check).
pub fn check<'q>(loaded: &'q Loaded, questions: &'q Questions<'q>) -> Vec<Diagnostic> {
    let mut checker = Checker::new(loaded, questions);
    for i in 0..loaded.deck.facts.len() {
        checker.fact(i, &questions.drafts(i));
    }
    let mut findings = checker.into_findings();
    findings.extend(Checker::new(loaded, questions).cards());
    findings
}

impl<'q> Checker<'q> {
    pub(crate) fn new(loaded: &'q Loaded, questions: &'q Questions<'q>) -> Checker<'q> {
        Checker {
            loaded,
            questions,
            day_first: loaded.deck.settings.date_order == DateOrder::DayFirst,
            groups: Groups::new(loaded),
            places: Places::new(loaded),
            spans: FastMap::default(),
            others: FastMap::default(),
            forms: Vec::new(),
            form_of: FastMap::default(),
            findings: Vec::new(),
        }
    }

    /// What was found so far.
    pub(crate) fn into_findings(self) -> Vec<Diagnostic> {
        self.findings
    }

    /// What was found since the last call (the checker goes on, with what it has read).
    pub(crate) fn take_findings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.findings)
    }

    pub(crate) fn loaded(&self) -> &'q Loaded {
        self.loaded
    }

    pub(crate) fn questions(&self) -> &'q Questions<'q> {
        self.questions
    }

    /// Tests the questions of fact `i`, `drafts`.
    pub(crate) fn fact(&mut self, i: usize, drafts: &[Draft]) {
        let questions = self.questions;
        for (k, draft) in drafts.iter().enumerate() {
            let at = At::Fact(i, k);
            match draft {
                // A cloze asks span `n` of the fact; a reverse question, the span it names.
                Draft::Cloze { n, span } => {
                    let answer = questions.generator.answer_at(i, n - 1, span);
                    self.span(at, answer.expect("drafted from a span with an answer"));
                }
                Draft::Reverse { span, .. } => {
                    let answer = questions.generator.answer(span);
                    self.span(at, answer.expect("drafted from a span with an answer"));
                }
                Draft::Choice {
                    n,
                    options,
                    correct,
                } => {
                    let span = markup::spans(&self.loaded.segments[i]).nth(n - 1);
                    // The other names the question will take for its options.
                    let aliases = crate::generate::option_aliases(options, self.loaded);
                    let correct = std::slice::from_ref(correct);
                    self.choice(at, (options, correct, &aliases), span.map(|s| s.ty));
                }
                Draft::TrueFalse { value, .. } => {
                    self.shared(at, &Answer::TrueFalse { value: *value })
                }
            }
        }
    }

    /// The findings of the hand-written cards' questions.
    pub(crate) fn cards(mut self) -> Vec<Diagnostic> {
        for (i, card) in self.questions.cards.iter().enumerate() {
            let at = At::Card(i);
            match &card.answer {
                Answer::Choice {
                    options,
                    correct,
                    aliases,
                } => self.choice(at, (options, correct, aliases), None),
                answer @ Answer::List { items, ordered, .. } => {
                    self.shared(at, answer);
                    // An ordered list may name a thing twice (a route through one place).
                    if !ordered {
                        self.list_items(i, items);
                    }
                }
                answer => self.shared(at, answer),
            }
        }
        self.findings
    }

    /// E303 for two items of card `c`'s unordered list that mean the same (one thing twice, or
    /// a name and its alias): a learner who names it once would be one item short.
    fn list_items(&mut self, c: usize, items: &[String]) {
        let forms: Vec<OptionForm> = items
            .iter()
            .map(|item| self.groups.form(&Reading::new(item), self.day_first))
            .collect();
        for j in 1..items.len() {
            let Some(i) = (0..j).find(|&i| equivalent(&forms[i], &forms[j])) else {
                continue;
            };
            let id = &self.loaded.deck.cards[c].id;
            self.findings.push(
                Diagnostic::new(
                    Code::EquivalentOptions,
                    &self.loaded.file,
                    self.loaded.locate(&format!("cards[{c}].answer.items[{j}]")),
                    if items[i] == items[j] {
                        format!("item `{}` is listed twice in question `{id}`", items[j])
                    } else {
                        format!(
                            "items `{}` and `{}` of question `{id}` mean the same",
                            items[i], items[j]
                        )
                    },
                )
                .label(match items[i] == items[j] {
                    true => "listed again here".to_string(),
                    false => format!("`{}` means the same as `{}`", items[j], items[i]),
                })
                .help("keep one of them; a learner who names it once would be an item short"),
            );
        }
    }
}
