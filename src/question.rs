//! A question as a learner meets it: prompt, how its answer is graded, and where it comes from.
//!
//! Questions are produced by [`crate::generate`] (from facts and hand-written cards) and graded
//! by [`crate::grade`]. A question is self-contained: everything the grader needs (accepted
//! answers, rival names, date order, tolerance) travels with it.

use std::collections::HashMap;
use std::sync::Arc;

/// Shown in place of the blanked span of a cloze prompt.
pub const BLANK: &str = "_____";

/// How a question was made; part of its stable id (`fact-id/cloze/2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// One answer span of a fact blanked out, typed answer.
    Cloze,
    /// One answer span blanked, picked among distractors.
    Choice,
    /// The fact as stated, or with one span swapped.
    TrueFalse,
    /// An author-phrased question about one span of a fact.
    Reverse,
    /// A hand-written card.
    Card,
}

impl Origin {
    /// The name used in question ids and `--kinds`.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Cloze => "cloze",
            Origin::Choice => "choice",
            Origin::TrueFalse => "true-false",
            Origin::Reverse => "reverse",
            Origin::Card => "card",
        }
    }
}

/// A calendar value a date question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// A full calendar date.
    Full(jiff::civil::Date),
    /// A year only ("2019").
    Year(i16),
    /// A day of the week ("Saturday").
    Weekday(jiff::civil::Weekday),
}

/// Names a learner might confuse, keyed by their normalised form for O(1) exact lookups.
/// One set per span type is shared by every question of a deck (large decks have many).
/// Names of one thing (a value and its aliases) form a group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rivals {
    /// `(key, name, group)` in deck order, `key` being `grade::text::key(name)`.
    entries: Vec<(String, String, usize)>,
    index: HashMap<String, usize>,
}

impl Rivals {
    /// Names of different things, one each.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Rivals {
        Rivals::grouped(names.into_iter().map(|name| [name]))
    }

    /// Names in groups, each group the names of one thing (a value, then its aliases).
    pub fn grouped<S: AsRef<str>, G: IntoIterator<Item = S>>(
        groups: impl IntoIterator<Item = G>,
    ) -> Rivals {
        let mut rivals = Rivals::default();
        for (group, names) in groups.into_iter().enumerate() {
            for name in names {
                let name = name.as_ref();
                let key = crate::grade::text::key(name);
                if key.is_empty() {
                    continue;
                }
                match rivals.index.get(&key) {
                    // A name that shares its key with the one first listed but breaks its
                    // digits elsewhere (`Windows 31` beside `Windows 3.1`) is listed too, not
                    // looked up by key.
                    Some(&first) => {
                        let other = &rivals.entries[first].1;
                        if crate::grade::text::same_digit_breaks(other, name) {
                            continue;
                        }
                    }
                    None => {
                        rivals.index.insert(key.clone(), rivals.entries.len());
                    }
                }
                rivals.entries.push((key, name.to_string(), group));
            }
        }
        rivals
    }

    /// The name whose key is `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.index.get(key).map(|&i| self.entries[i].1.as_str())
    }

    /// Whether the names keyed `a` and `b` are of one thing (a value and its alias).
    pub fn same_thing(&self, a: &str, b: &str) -> bool {
        match (self.index.get(a), self.index.get(b)) {
            (Some(&a), Some(&b)) => self.entries[a].2 == self.entries[b].2,
            _ => false,
        }
    }

    /// `(key, name)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(k, n, _)| (k.as_str(), n.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What counts as a correct answer, by kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Free text. `accepted[0]` is the canonical answer; the rest are aliases. `rivals` are
    /// the names of the same type in the deck (shared by all its questions; the accepted
    /// names among them are ignored): typing another one is always wrong, however close it
    /// is in spelling.
    Text {
        accepted: Vec<String>,
        rivals: Arc<Rivals>,
    },
    /// A number or amount of money. `unit` is a lowercase currency code (`usd`, `eur`) or a
    /// free unit word; when present the learner's unit, if typed, must match.
    Number {
        value: f64,
        unit: Option<String>,
        tolerance: f64,
        display: String,
    },
    /// A date, year or weekday. `day_first` decides how `3/4/2021` reads.
    Date {
        value: DateValue,
        day_first: bool,
        display: String,
    },
    /// Pick one (or, with several correct, every correct) option.
    /// `aliases[i]` are other names typed for `options[i]` (the deck's aliases; may be empty
    /// or shorter): typed without the menu, `Austin` picks `Lloyd Austin`.
    Choice {
        options: Vec<String>,
        correct: Vec<usize>,
        aliases: Vec<Vec<String>>,
    },
    /// True or false.
    TrueFalse { value: bool },
    /// Several items, in order or as a set.
    /// `aliases[i]` are other names accepted for `items[i]` (may be empty or shorter).
    List {
        items: Vec<String>,
        ordered: bool,
        aliases: Vec<Vec<String>>,
    },
}

impl Answer {
    /// The kind name of the `cards --json` contract.
    pub fn kind(&self) -> &'static str {
        match self {
            Answer::Text { .. } => "text",
            Answer::Number { .. } => "number",
            Answer::Date { .. } => "date",
            Answer::Choice { correct, .. } if correct.len() > 1 => "multi",
            Answer::Choice { .. } => "choice",
            Answer::TrueFalse { .. } => "true_false",
            Answer::List { .. } => "list",
        }
    }
}

/// A way recall has computed a question's content hash ([`Question::content_hash`]), oldest
/// first. A state file holds the hashes of the recall that last synced it: on upgrade each
/// earlier form computed for the deck as it is now is taken as unchanged, once, and replaced
/// by the current form (`store::CardKey::earlier_hashes`). A form, once released, is never
/// changed: state files hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashForm {
    /// Before 2026-11: every accepted form of a text answer, a number's tolerance; of
    /// questions generated with the deck's aliases read from a name to its aliases only.
    AllAccepted,
    /// From 2026-11 until [`HashForm::Graded`]: the canonical answer as written, a generated
    /// true/false question's evidence.
    AsWritten,
    /// Since the end of 2026-11: the canonical answer as the grader reads it (a text's
    /// [`crate::grade::text::fingerprint`]: case, spacing, punctuation and British or American
    /// spelling aside), a generated choice or true/false question the answers of the spans
    /// it is about ([`Question::span_answers`]).
    Graded,
}

impl HashForm {
    /// The form recall computes now.
    pub const CURRENT: HashForm = HashForm::Graded;
    /// The forms of earlier versions, oldest first.
    pub const EARLIER: [HashForm; 2] = [HashForm::AllAccepted, HashForm::AsWritten];
}

/// One question, ready to ask and grade.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Stable id: `fact-id/origin/n` for generated questions, the card id for cards.
    pub id: String,
    /// The deck it belongs to.
    pub deck: String,
    /// The fact it was generated from, if any.
    pub fact: Option<String>,
    pub origin: Origin,
    pub prompt: String,
    pub answer: Answer,
    /// Source excerpts that support the answer, shown after answering.
    pub evidence: Vec<String>,
    pub tags: Vec<String>,
    /// How the spans a generated choice or true/false question is about are graded: the span
    /// a choice asks (its options are texts), every span of a true/false question's fact
    /// (what its statement is true or false about). Its content hash covers them. Empty for
    /// other questions.
    pub span_answers: Vec<Answer>,
}

/// Letters shown before choice options: `a)`, `b)`, ...
pub fn option_letter(index: usize) -> char {
    (b'a' + (index % 26) as u8) as char
}

impl Question {
    /// The canonical answer as shown to a learner.
    pub fn answer_text(&self) -> String {
        match &self.answer {
            Answer::Text { accepted, .. } => accepted[0].clone(),
            Answer::Number { display, .. } | Answer::Date { display, .. } => display.clone(),
            Answer::Choice {
                options, correct, ..
            } => correct
                .iter()
                .map(|&i| options[i].clone())
                .collect::<Vec<_>>()
                .join(", "),
            Answer::TrueFalse { value } => value.to_string(),
            Answer::List { items, .. } => items.join(", "),
        }
    }

    /// A hash of what the question tests, independent of the seed and of option order: when
    /// it changes, the learner's history no longer fits and the question is learnt again.
    /// Only what grading tells apart counts: a text answer hashes its canonical form only, as
    /// the grader keys it (not its case, spacing, punctuation or British or American
    /// spelling), and a number not its tolerance, so that making grading more lenient (an
    /// alias, a tolerance) or a cosmetic edit keeps what was learnt. A card's choice hashes
    /// its correct option texts so (not their letters or order), a generated choice the
    /// answer of the span it asks, a generated true/false question the answers of its fact's
    /// spans (not its evidence, nor which variant the seed stated).
    pub fn content_hash(&self) -> String {
        self.content_hash_as(HashForm::CURRENT)
    }

    /// [`Question::content_hash`] as recall computed it in `form`: an earlier form is matched
    /// once, for a question generated as recall generated them then
    /// ([`crate::generate::earlier_hashes`]).
    pub fn content_hash_as(&self, form: HashForm) -> String {
        use sha2::{Digest, Sha256};
        let parts = match form {
            HashForm::Graded => self.graded_parts(),
            HashForm::AllAccepted | HashForm::AsWritten => {
                self.written_parts(form == HashForm::AllAccepted)
            }
        };
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part.as_bytes());
            hasher.update([0x1f]);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// What [`HashForm::Graded`] hashes.
    fn graded_parts(&self) -> Vec<String> {
        let about_spans = match self.answer {
            _ if self.origin == Origin::Card => false,
            Answer::TrueFalse { .. } => true,
            // (An amount is one answer however the deck writes it: `$3bn`, `$3 billion`.)
            Answer::Choice { .. } => !self.span_answers.is_empty(),
            _ => false,
        };
        if !about_spans {
            return graded_parts(&self.answer);
        }
        // The spans' answers in any order (a reworded fact may state them in another), each
        // as long as it is, so that none runs into the next.
        let mut answers: Vec<Vec<String>> = self.span_answers.iter().map(graded_parts).collect();
        answers.sort();
        let mut parts = vec![self.answer.kind().to_string()];
        for answer in answers {
            parts.push(answer.len().to_string());
            parts.extend(answer);
        }
        parts
    }

    /// What [`HashForm::AllAccepted`] (`all`) or [`HashForm::AsWritten`] hashes: as those
    /// versions did, to the byte.
    fn written_parts(&self, all: bool) -> Vec<String> {
        let mut parts: Vec<String> = match &self.answer {
            Answer::Text { accepted, .. } if all => accepted.clone(),
            Answer::Text { accepted, .. } => accepted.iter().take(1).cloned().collect(),
            Answer::Number {
                value,
                unit,
                tolerance,
                ..
            } => {
                let mut parts = vec![format!("{value}"), unit.clone().unwrap_or_default()];
                if all {
                    parts.push(format!("{tolerance}"));
                }
                parts
            }
            Answer::Date { value, .. } => vec![format!("{value:?}")],
            Answer::Choice {
                options, correct, ..
            } => {
                let mut texts: Vec<String> = correct.iter().map(|&i| options[i].clone()).collect();
                texts.sort();
                texts
            }
            Answer::TrueFalse { value } if self.origin == Origin::Card => vec![value.to_string()],
            Answer::TrueFalse { .. } => self.evidence.clone(),
            Answer::List { items, ordered, .. } => {
                let mut items = items.clone();
                if !ordered {
                    items.sort();
                }
                items.push(ordered.to_string());
                items
            }
        };
        parts.insert(0, self.answer.kind().to_string());
        parts
    }

    /// Every string the grader must accept as fully correct: the answer key that `recall
    /// check` tests and `recall cards --json` publishes.
    pub fn accepted(&self) -> Vec<String> {
        self.answer.accepted()
    }
}

impl Answer {
    /// Every string the grader must accept as fully correct (see [`Question::accepted`]).
    pub fn accepted(&self) -> Vec<String> {
        let out: Vec<String> = match self {
            Answer::Text { accepted, .. } => accepted.clone(),
            Answer::Number {
                value,
                unit,
                display,
                ..
            } => {
                let mut forms = vec![display.clone(), format_plain(*value)];
                if let Some(unit) = unit {
                    forms.push(format!("{} {unit}", format_plain(*value)));
                }
                forms
            }
            Answer::Date { value, display, .. } => {
                let mut forms = vec![display.clone()];
                match value {
                    DateValue::Full(date) => {
                        forms.push(date.to_string());
                        forms.push(date.strftime("%B %-d, %Y").to_string());
                        forms.push(date.strftime("%-d %B %Y").to_string());
                    }
                    DateValue::Year(year) => forms.push(year.to_string()),
                    DateValue::Weekday(day) => forms.push(format!("{day:?}")),
                }
                forms
            }
            Answer::Choice {
                options,
                correct,
                aliases,
            } => return choice_accepted(options, correct, aliases),
            Answer::TrueFalse { value: true } => vec!["true".into(), "t".into(), "yes".into()],
            Answer::TrueFalse { value: false } => vec!["false".into(), "f".into(), "no".into()],
            Answer::List { items, ordered, .. } => {
                let mut forms = vec![items.join(", ")];
                if !ordered && items.len() > 1 {
                    forms.push(items.iter().rev().cloned().collect::<Vec<_>>().join(", "));
                }
                forms
            }
        };
        distinct(out)
    }
}

/// What [`HashForm::Graded`] hashes of an answer: its kind, then its canonical value as the
/// grader reads it (texts by their [`crate::grade::text::fingerprint`]; not aliases or a
/// tolerance).
fn graded_parts(answer: &Answer) -> Vec<String> {
    let text = crate::grade::text::fingerprint;
    let mut parts = vec![answer.kind().to_string()];
    match answer {
        Answer::Text { accepted, .. } => parts.push(text(&accepted[0])),
        Answer::Number { value, unit, .. } => {
            parts.push(format!("{value}"));
            parts.push(unit.clone().unwrap_or_default());
        }
        Answer::Date { value, .. } => parts.push(match value {
            DateValue::Full(date) => format!("date {date}"),
            DateValue::Year(year) => format!("year {year}"),
            DateValue::Weekday(day) => format!("weekday {}", day.to_monday_one_offset()),
        }),
        Answer::Choice {
            options, correct, ..
        } => {
            let mut texts: Vec<String> = correct.iter().map(|&i| text(&options[i])).collect();
            texts.sort();
            parts.extend(texts);
        }
        Answer::TrueFalse { value } => parts.push(value.to_string()),
        Answer::List { items, ordered, .. } => {
            let mut items: Vec<String> = items.iter().map(|item| text(item)).collect();
            if !ordered {
                items.sort();
            }
            parts.extend(items);
            parts.push(ordered.to_string());
        }
    }
    parts
}

/// `forms` without repeats, in order.
fn distinct(mut forms: Vec<String>) -> Vec<String> {
    if forms.len() <= 8 {
        // The usual handful: comparing each with those before it beats hashing.
        let mut out: Vec<String> = Vec::with_capacity(forms.len());
        for form in forms {
            if !out.contains(&form) {
                out.push(form);
            }
        }
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    forms.retain(|s| seen.insert(s.clone()));
    forms
}

/// [`Answer::accepted`] of a choice with these options: the correct option's text, letter,
/// number and the aliases that name it alone (with several correct: all letters, all texts).
pub fn choice_accepted(
    options: &[String],
    correct: &[usize],
    aliases: &[Vec<String>],
) -> Vec<String> {
    let mut forms = Vec::new();
    choice_forms(options, correct, aliases, |form| {
        forms.push(form.to_string())
    });
    forms
}

/// `n` in decimal digits, written at the end of `digits`: for the text of a number where no
/// string is needed (every question of a large deck is seeded and tested with one).
pub(crate) fn decimal(n: usize, digits: &mut [u8; 20]) -> &str {
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    std::str::from_utf8(&digits[at..]).expect("ASCII digits")
}

/// Calls `each` with every form of [`choice_accepted`], once each and in its order, without
/// collecting them: `recall check` tests the forms of every choice of a large deck.
pub fn choice_forms<S: AsRef<str>>(
    options: &[S],
    correct: &[usize],
    aliases: &[Vec<String>],
    mut each: impl FnMut(&str),
) {
    let [only] = correct else {
        let letters: Vec<String> = correct
            .iter()
            .map(|&i| option_letter(i).to_string())
            .collect();
        let texts: Vec<&str> = correct.iter().map(|&i| options[i].as_ref()).collect();
        for form in distinct(vec![letters.join(", "), texts.join(", ")]) {
            each(&form);
        }
        return;
    };
    // The label and number written on the stack: every choice of a large deck is tested.
    let mut letter = [0u8; 4];
    let letter: &str = option_letter(*only).encode_utf8(&mut letter);
    let mut digits = [0; 20];
    let number = decimal(only + 1, &mut digits);
    // The aliases the grader reads as this option: not one that is another option's text or
    // label (`C` of three), nor one that two options share (the deck's aliases say why: E302,
    // W122).
    let key = crate::grade::text::key;
    let keys: Vec<String> = match aliases.get(*only) {
        Some(own) if !own.is_empty() => options.iter().map(|o| key(o.as_ref())).collect(),
        _ => Vec::new(),
    };
    let names = crate::grade::OptionNames::new(&keys, aliases);
    let own = |alias: &&String| names.exactly(&key(alias)) == Some(*only);
    let own_aliases = aliases.get(*only).into_iter().flatten().filter(own);
    let forms = [options[*only].as_ref(), letter, number];
    for (k, form) in forms.iter().enumerate() {
        if !forms[..k].contains(form) {
            each(form);
        }
    }
    let mut given: Vec<&str> = Vec::new();
    for alias in own_aliases.map(String::as_str) {
        if !forms.contains(&alias) && !given.contains(&alias) {
            given.push(alias);
            each(alias);
        }
    }
}

/// A number without grouping or exponent: `15000000000`, `2.5`.
fn format_plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
