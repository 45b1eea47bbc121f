//! Grading typed answers like a fair examiner: typos, aliases, number and date phrasings.
//!
//! [`grade`] compares what a learner typed with a [`Question`]'s [`Answer`] and returns a
//! [`Verdict`]: correct, close or wrong, the answer to show, a character diff, a suggested
//! [`Rating`] and an optional note. It is pure (no clock, terminal, disk or randomness) and
//! cheap enough to run over every question of a large deck (`recall check` does).
//!
//! The rules, by kind:
//! - **text**: answers are compared by [`text::key`] (normalized, letters and digits only,
//!   British spellings made American by [`spelling`]) against every accepted form; a misspelling within [`text::allowed_edits`] is close, unless
//!   it changes a digit or is as close to a rival (another name of the deck) — a rival is always
//!   wrong. A surname alone is not the full name: aliases say which short forms are accepted.
//! - **number**: read ([`number::parse_typed`]) and compared exactly (relative 1e-9) or within the
//!   tolerance (correct, with a note of the exact value); never by spelling ("2091" is not a
//!   typo of "2019"). A different unit or currency is wrong; a missing one is fine.
//!   Qualifiers ("about", "over") are ignored. A misspelt scale word (`$15 bilion`) is close
//!   when the amount it meant is the one asked.
//!   An attached `m` is million (`$15m`), or a unit for an answer without one (`503m`, metres)
//!   when that reading is the one asked.
//! - **date**: [`date::parse`]d and compared exactly; a year alone does not answer a full date,
//!   the right day and month without the year (`19 March`) is close. A year is answered by a
//!   full date or a month in it (`January 1881`); `in`, `since`, `by`, `from`, `until`,
//!   `around` or `circa` before a date leave it that date. A misspelt day of the week
//!   (`Saturdya`) is close when it is nearest the day asked, and so is a misspelt month
//!   (`19 Marhc 1932`) when the date it meant is the one asked; the right day of the week with a
//!   date (`Saturday, 20 March`) is correct, a date alone on that day close.
//! - **choice**: a letter (`b`, `(b)`), a 1-based number or an option's text (typos allowed
//!   when they point to one option only). With several correct options: all and only them is
//!   correct, at least half of them and no wrong pick is close; letters or numbers may be run
//!   together (`ac`) or separated by commas or spaces (`a c`: here `a` is no article). Two
//!   options for a question with one right option is wrong.
//! - **true/false**: `t`, `true`, `y`, `yes`, `f`, `false`, `n`, `no`, any case.
//! - **list**: items separated by commas, semicolons, new lines or "and" (or spaces alone,
//!   when the words are the items exactly), each graded like
//!   text; all items is correct (close with typos, extra or repeated items), at least three
//!   quarters with nothing extra is close. An item named twice (`India, India`, or two of
//!   its aliases) answers it once and is not an extra, nor is one half remembered (two words
//!   or more, half of its words and half of a missing item's).
//!
//! Ratings: wrong suggests [`Rating::Again`], close [`Rating::Hard`], correct
//! [`Rating::Good`]. [`Rating::Easy`] is never suggested: whether an answer came easily is
//! only known to the learner, who may override the suggestion.

mod choice;
mod context;
pub mod date;
mod diff;
mod list;
pub mod number;
pub mod spelling;
pub mod text;

#[cfg(test)]
mod tests;

pub use choice::{OptionNames, choice_accepts_keyed};
pub use diff::{DiffPart, diff_likeness, typed_parts};

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

use crate::question::{Answer, DateValue, Question, Rivals};
use crate::schedule::Rating;
use choice::{grade_choice, option_label};
use context::{another_date, bound_in_context, unit_from_nowhere};
use list::grade_list;

/// How an answer was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Correct,
    /// Right but misspelt, or partly right.
    Close,
    Wrong,
}

impl Outcome {
    /// The lowercase name used in JSON output and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Close => "close",
            Outcome::Wrong => "wrong",
        }
    }

    /// The outcome named `name` (as stored in the review log).
    pub fn from_name(name: &str) -> Option<Outcome> {
        [Outcome::Correct, Outcome::Close, Outcome::Wrong]
            .into_iter()
            .find(|o| o.name() == name)
    }

    /// The rating suggested for this outcome (never [`Rating::Easy`], see the module docs).
    pub fn rating(self) -> Rating {
        match self {
            Outcome::Correct => Rating::Good,
            Outcome::Close => Rating::Hard,
            Outcome::Wrong => Rating::Again,
        }
    }
}

/// The judgement of one typed answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The canonical answer as shown to the learner.
    pub expected: String,
    /// Character diff of the typed answer against the expected one (text and list answers;
    /// empty for the other kinds).
    pub diff: Vec<DiffPart>,
    /// Suggested rating: see [`Outcome::rating`].
    pub rating: Rating,
    /// For several-option choices and lists: (right, total).
    pub partial: Option<(usize, usize)>,
    /// A lowercase remark: why it was accepted or what is wrong with it.
    pub note: Option<String>,
}

impl Verdict {
    fn new(outcome: Outcome, expected: impl Into<String>) -> Verdict {
        Verdict {
            outcome,
            expected: expected.into(),
            diff: Vec::new(),
            rating: outcome.rating(),
            partial: None,
            note: None,
        }
    }

    fn note(mut self, note: impl Into<String>) -> Verdict {
        self.note = Some(note.into());
        self
    }

    fn maybe_note(mut self, note: Option<String>) -> Verdict {
        self.note = note.or(self.note);
        self
    }

    fn diff(mut self, typed: &str, expected: &str) -> Verdict {
        self.diff = diff::diff(typed, expected);
        self
    }

    fn partial(mut self, right: usize, total: usize) -> Verdict {
        self.partial = Some((right, total));
        self
    }
}

/// Grades what a learner typed for a question: [`grade_answer`], then what the question's
/// prompt and evidence say around the answer, which may lower the verdict for what the
/// learner added (the rules of `grade/context.rs`): another date with the right day of the
/// week, a currency or `%` with a plain number, a bound on an amount.
pub fn grade(question: &Question, typed: &str) -> Verdict {
    let verdict = grade_answer(&question.answer, typed);
    if verdict.outcome == Outcome::Wrong {
        return verdict;
    }
    match question.answer {
        Answer::Date {
            value: DateValue::Weekday(day),
            day_first,
            ..
        } if verdict.outcome == Outcome::Correct => {
            match another_date(question, day, day_first, typed) {
                Some(note) => Verdict::new(Outcome::Close, verdict.expected).note(note),
                None => verdict,
            }
        }
        Answer::Number {
            value,
            ref unit,
            ref display,
            ..
        } => match unit
            .is_none()
            .then(|| unit_from_nowhere(question, (display, value), typed))
        {
            Some(Some(note)) => Verdict::new(Outcome::Wrong, verdict.expected).note(note),
            _ => bound_in_context(question, (display, value), typed, verdict),
        },
        // An option picked by its amount, typed with a bound (`less than €480 million`).
        Answer::Choice {
            ref options,
            ref correct,
            ..
        } if correct.len() == 1 => {
            let option = &options[correct[0]];
            match number::parse(option) {
                Some(amount) => bound_in_context(question, (option, amount.value), typed, verdict),
                None => verdict,
            }
        }
        _ => verdict,
    }
}

/// Grades what a learner typed against an answer key (what [`grade`] does with a question's).
pub fn grade_answer(answer: &Answer, typed: &str) -> Verdict {
    let expected = expected_display(answer);
    if text::normalize(typed).is_empty() {
        return Verdict::new(Outcome::Wrong, expected).note("no answer");
    }
    match answer {
        Answer::Text { accepted, rivals } => grade_text(accepted, rivals, typed, expected),
        Answer::Number {
            value,
            unit,
            tolerance,
            ..
        } => grade_number(*value, unit.as_deref(), *tolerance, typed, expected),
        Answer::Date {
            value, day_first, ..
        } => grade_date(*value, *day_first, typed, expected),
        Answer::Choice {
            options,
            correct,
            aliases,
        } => grade_choice(options, correct, aliases, typed, expected),
        Answer::TrueFalse { value } => grade_true_false(*value, typed, expected),
        Answer::List {
            items,
            ordered,
            aliases,
        } => grade_list(items, aliases, *ordered, typed, expected),
    }
}

/// Whether the grader takes `typed` as fully correct: the outcome of [`grade_answer`] being
/// [`Outcome::Correct`], decided without building the verdict (no diff, note or expected
/// text), for callers that test many answers (distractor choice, `recall check`).
pub fn accepts(answer: &Answer, typed: &str) -> bool {
    accepts_keyed(answer, typed, &text::key(typed))
}

/// [`accepts`] with `typed_key`, the [`text::key`] of `typed`, already known.
pub fn accepts_keyed(answer: &Answer, typed: &str, typed_key: &str) -> bool {
    accepts_reading(answer, None, &Reading::keyed(typed, typed_key))
}

/// A typed text read once, to be graded against many answers (the generator tries each value
/// of a deck as a distractor or swap for many questions): its key at once, its amount and
/// date the first time an answer asks for them.
pub struct Reading<'t> {
    text: &'t str,
    key: Cow<'t, str>,
    amount: OnceLock<Option<number::Amount>>,
    /// Read month first (`[0]`) and day first (`[1]`).
    dates: [OnceLock<Option<DateValue>>; 2],
}

impl<'t> Reading<'t> {
    pub fn new(typed: &'t str) -> Reading<'t> {
        Reading::with_key(typed, Cow::Owned(text::key(typed)))
    }

    /// The reading of `typed`, whose [`text::key`] is `key`.
    pub fn keyed(typed: &'t str, key: &'t str) -> Reading<'t> {
        Reading::with_key(typed, Cow::Borrowed(key))
    }

    fn with_key(text: &'t str, key: Cow<'t, str>) -> Reading<'t> {
        Reading {
            text,
            key,
            amount: OnceLock::new(),
            dates: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// This reading with its amount already known: `amount` must be what [`number::parse_typed`]
    /// reads in the text (the loader parsed it when it validated the deck).
    pub fn with_amount(self, amount: Option<number::Amount>) -> Reading<'t> {
        debug_assert_eq!(amount, number::parse_typed(self.text), "{:?}", self.text);
        let _ = self.amount.set(amount);
        self
    }

    /// This reading with its date already known: `date` must be what [`date::parse`] reads in
    /// the text with `day_first`.
    pub fn with_date(self, day_first: bool, date: Option<DateValue>) -> Reading<'t> {
        debug_assert_eq!(date, date::parse(self.text, day_first), "{:?}", self.text);
        let _ = self.dates[usize::from(day_first)].set(date);
        self
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// [`text::key`] of the text.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The amount the text reads as, if any ([`number::parse_typed`]).
    pub fn amount(&self) -> Option<&number::Amount> {
        self.amount
            .get_or_init(|| number::parse_typed(self.text))
            .as_ref()
    }

    /// The date the text reads as, if any ([`date::parse`]).
    pub fn date(&self, day_first: bool) -> Option<DateValue> {
        *self.dates[usize::from(day_first)].get_or_init(|| date::parse(self.text, day_first))
    }
}

/// An option read every way two options may mean the same: what `recall check` calls
/// equivalent options (E303, with the deck's aliases on top), and what generation keeps out
/// of one question's options.
#[derive(Clone, Debug)]
pub struct Meaning {
    /// [`text::key`] of the text.
    pub key: String,
    /// The key with `&` and `and` spelt the other way, if that reads otherwise.
    pub spelt: Option<String>,
    pub amount: Option<number::Amount>,
    pub date: Option<DateValue>,
}

impl Meaning {
    pub fn new(reading: &Reading, day_first: bool) -> Meaning {
        Meaning {
            key: reading.key().to_string(),
            spelt: text::and_spelt_otherwise(reading.text()).map(|spelt| text::key(&spelt)),
            amount: reading.amount().cloned(),
            date: reading.date(day_first),
        }
    }

    /// Whether two options mean the same: one key (in either spelling of `and`), one amount
    /// or one date (`$1.5bn` and `$1.5 billion`; `3/4/2021` and `3 April 2021`).
    pub fn same(&self, other: &Meaning) -> bool {
        // Two amounts in two currencies or units are told apart by them, though their keys
        // are one (`$5` and `£5`). (In one unit, one key is one meaning to a learner typing
        // it: `9.5 minutes` and `95 minutes`.)
        if let (Some(x), Some(y)) = (&self.amount, &other.amount)
            && x.unit.is_some()
            && y.unit.is_some()
            && x.unit != y.unit
        {
            return x.same_as(y);
        }
        let spelt = |x: &Meaning, y: &Meaning| x.spelt.as_ref() == Some(&y.key);
        if self.key == other.key
            || spelt(self, other)
            || spelt(other, self)
            || (self.spelt.is_some() && self.spelt == other.spelt)
        {
            return true;
        }
        if let (Some(x), Some(y)) = (&self.amount, &other.amount) {
            return x.same_as(y);
        }
        matches!((self.date, other.date), (Some(x), Some(y)) if x == y)
    }
}

/// An answer with the keys of its accepted texts computed once, to grade many readings.
#[derive(Clone, Debug)]
pub struct KeyedAnswer {
    answer: Answer,
    /// [`text::key`] of each accepted text of a text answer (empty for other kinds).
    keys: Vec<String>,
}

impl KeyedAnswer {
    pub fn new(answer: Answer) -> KeyedAnswer {
        let keys = match &answer {
            Answer::Text { accepted, .. } => accepted.iter().map(|a| text::key(a)).collect(),
            _ => Vec::new(),
        };
        KeyedAnswer { answer, keys }
    }

    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// [`accepts`] of what `typed` reads.
    pub fn accepts(&self, typed: &Reading) -> bool {
        accepts_reading(&self.answer, Some(&self.keys), typed)
    }

    /// Whether `typed` cannot stand beside this answer as another one (a distractor, a swap):
    /// the grader accepts it, or it has the key of an accepted text (`Windows 31` beside
    /// `Windows 3.1`, which only the breaks between digits tell apart).
    pub fn rules_out(&self, typed: &Reading) -> bool {
        self.keys.iter().any(|k| *k == typed.key) || self.accepts(typed)
    }
}

/// [`accepts`], of a reading; `keys` are those of the answer's accepted texts when known.
fn accepts_reading(answer: &Answer, keys: Option<&[String]>, typed: &Reading) -> bool {
    // An empty key is an empty normalised text: "no answer".
    if typed.key.is_empty() {
        return false;
    }
    match answer {
        Answer::Text { accepted, .. } => {
            let same = |a: &String| text::same_digit_breaks(a, typed.text);
            match keys {
                Some(keys) => (keys.iter().zip(accepted)).any(|(k, a)| *k == typed.key && same(a)),
                None => (accepted.iter()).any(|a| text::key(a) == typed.key && same(a)),
            }
        }
        Answer::Number {
            value,
            unit,
            tolerance,
            ..
        } => {
            let unit = unit.as_deref();
            typed
                .amount()
                .is_some_and(|amount| amount_answers(*value, unit, *tolerance, amount))
                || m_as_unit(unit, typed.text)
                    .is_some_and(|bare| amount_answers(*value, unit, *tolerance, &bare))
        }
        Answer::Date {
            value, day_first, ..
        } => {
            let got = in_asked_century(*value, typed.date(*day_first), typed.text);
            got.is_some_and(|got| date_matches(*value, got))
                || matches!(*value, DateValue::Year(y)
                    if got.is_none()
                        && date::parse_month_year(typed.text).is_some_and(|(_, year)| year == y))
                || matches!(*value, DateValue::Weekday(day)
                    if weekday_with_date(day, typed.text, got, *day_first)
                        .is_some_and(|(outcome, _)| outcome == Outcome::Correct))
        }
        Answer::Choice {
            options,
            correct,
            aliases,
        } => {
            let keys: Vec<String> = options.iter().map(|o| text::key(o)).collect();
            let names = OptionNames::new(&keys, aliases);
            choice_accepts_keyed(options, &names, correct, typed.text, &typed.key)
        }
        _ => grade_answer(answer, typed.text).outcome == Outcome::Correct,
    }
}

/// The answer as shown to the learner.
fn expected_display(answer: &Answer) -> String {
    match answer {
        Answer::Text { accepted, .. } => accepted.first().cloned().unwrap_or_default(),
        Answer::Number { display, .. } | Answer::Date { display, .. } => display.clone(),
        Answer::Choice {
            options, correct, ..
        } => correct
            .iter()
            .filter(|&&i| i < options.len())
            .map(|&i| option_label(options, i))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::TrueFalse { value } => value.to_string(),
        Answer::List { items, .. } => items.join(", "),
    }
}

/// How a typed key matches an expected key: exactly, or as a typo at some distance.
fn text_match(typed_key: &str, expected_key: &str) -> Option<usize> {
    if typed_key == expected_key {
        return Some(0);
    }
    if !text::digits(typed_key).eq(text::digits(expected_key)) {
        return None;
    }
    let limit = text::allowed_edits(expected_key.chars().count());
    if limit == 0 {
        return None;
    }
    text::typo_distance(typed_key, expected_key, limit)
}

fn grade_text(accepted: &[String], rivals: &Rivals, typed: &str, expected: String) -> Verdict {
    let typed_key = text::key(typed);
    let keys: Vec<String> = accepted.iter().map(|a| text::key(a)).collect();
    let same_key = |i: &usize| keys[*i] == typed_key;
    if let Some(i) = (0..keys.len())
        .filter(same_key)
        .find(|&i| text::same_digit_breaks(typed, &accepted[i]))
    {
        let verdict = Verdict::new(Outcome::Correct, expected.clone()).diff(typed, &accepted[i]);
        return if i > 0 {
            verdict.note(format!("accepted as an alias of {expected}"))
        } else if text::spelt_otherwise(typed, &accepted[i]) {
            verdict.note(format!("accepted: spelt {} here", accepted[i]))
        } else {
            verdict
        };
    }
    if let Some(i) = (0..keys.len()).find(same_key) {
        // The right digits, broken elsewhere: `31` for `3.1` is another number, and another
        // name when the deck has it (`Windows 31` beside `Windows 3.1`).
        let other = rivals.iter().find(|(key, name)| {
            *key == typed_key
                && text::same_digit_breaks(name, typed)
                && !accepted.iter().any(|a| a == name)
        });
        if other.is_some() {
            return Verdict::new(Outcome::Wrong, expected.clone())
                .diff(typed, &expected)
                .note("that is another name in this deck");
        }
        return Verdict::new(Outcome::Close, expected)
            .diff(typed, &accepted[i])
            .note(format!(
                "close: mind where the digits break ({})",
                accepted[i]
            ));
    }
    if rivals.get(&typed_key).is_some() && !keys.contains(&typed_key) {
        // An alias left out of the accepted answers because the question spells it out
        // (`"Quad" is short for the _____`) names the thing asked, not another one.
        let note = if keys
            .first()
            .is_some_and(|key| rivals.same_thing(&typed_key, key))
        {
            "the question already gives that name; it asks for another"
        } else {
            "that is another name in this deck"
        };
        return Verdict::new(Outcome::Wrong, expected.clone())
            .diff(typed, &expected)
            .note(note);
    }
    // A name after a title (`Mr Austin`), once it is not another name of the deck itself
    // (`Queen Mary` beside `Mary`).
    if let Some(i) = after_a_title(typed, &keys) {
        let note = format!("close: the answer is {}, no title", accepted[i]);
        return Verdict::new(Outcome::Close, expected)
            .diff(typed, &accepted[i])
            .note(note);
    }
    let best = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| text_match(&typed_key, k).map(|d| (d, i)))
        .filter(|&(_, i)| text::word_typos(typed, &accepted[i]))
        .min();
    if let Some((distance, i)) = best {
        // Only for a near miss: is it nearer (or as near) to another name of the deck?
        let rival = rivals.iter().find(|(k, _)| {
            !keys.iter().any(|a| a == k) && text::typo_distance(&typed_key, k, distance).is_some()
        });
        if let Some((_, name)) = rival {
            return Verdict::new(Outcome::Wrong, expected.clone())
                .diff(typed, &expected)
                .note(format!(
                    "that is closer to {name}, another name in this deck"
                ));
        }
        return Verdict::new(Outcome::Close, expected)
            .diff(typed, &accepted[i])
            .note("close: check the spelling");
    }
    if more_than(accepted, rivals, &keys, typed) {
        let note = format!("close: more than the answer, {expected}");
        return Verdict::new(Outcome::Close, expected)
            .diff(typed, &accepted[0])
            .note(note);
    }
    let verdict = Verdict::new(Outcome::Wrong, expected.clone()).diff(typed, &expected);
    let full = text::normalize(&expected);
    if full.contains(' ') && full.split(' ').any(|word| text::key(word) == typed_key) {
        verdict.note("give the full name")
    } else {
        verdict
    }
}

/// Whether `typed` says the answer as stated (`accepted[0]`) with a few more words around it
/// (`United States of America` for `United States`, `Joe Biden administration` for `Biden
/// administration`): its words in order and together among the typed ones, with at most
/// [`MORE_WORDS`] others. Not when the others name another thing of the deck apart from it
/// (`United States and India`: an answer that lists several is wrong), say the answer again
/// or make it another thing ([`OTHER_THING`]: `Vice President`, `not India`). An alias inside
/// other words is too loose a match (`Austin Lloyd` for `Lloyd Austin`, whose alias is
/// `Austin`).
fn more_than(accepted: &[String], rivals: &Rivals, keys: &[String], typed_text: &str) -> bool {
    let words = text::word_keys;
    // Where `run` starts among `typed`, each place.
    let places = |typed: &[String], run: &[String]| -> Vec<usize> {
        if run.is_empty() || run.len() >= typed.len() {
            return Vec::new();
        }
        (0..=typed.len() - run.len())
            .filter(|&at| typed[at..at + run.len()] == *run)
            .collect()
    };
    let typed = words(typed_text);
    let Some(answer) = accepted.first() else {
        return false;
    };
    let run = words(answer);
    let Some(&at) = places(&typed, &run).first() else {
        return false;
    };
    let len = run.len();
    if typed.len() - len > MORE_WORDS || typed_text.contains([',', ';', '&', '/', '+']) {
        return false;
    }
    // Words that make it another thing, or several (`Vice President`, `not India`, `India or
    // Pakistan`).
    let extra = (0..typed.len()).filter(|&k| k < at || k >= at + len);
    if extra
        .clone()
        .any(|k| OTHER_THING.contains(&typed[k].as_str()))
    {
        return false;
    }
    // A name said apart from the answer's words (not a fuller name around them).
    let apart = |name: &str| {
        let run = words(name);
        (places(&typed, &run).into_iter()).any(|from| from + run.len() <= at || from >= at + len)
    };
    let ours = |key: &str| keys.iter().any(|k| k == key || rivals.same_thing(k, key));
    let other = rivals.iter().any(|(key, name)| !ours(key) && apart(name));
    !other && !apart(answer)
}

/// The accepted form `typed` is after a title or two (`Secretary Austin`, `Mr Modi`, `Prime
/// Minister Modi`): its index in `keys`.
fn after_a_title(typed: &str, keys: &[String]) -> Option<usize> {
    let normal = text::normalize(typed);
    let words: Vec<&str> = normal.split(' ').collect();
    let titles = (words.iter())
        .take_while(|w| TITLES.contains(&text::key(w).as_str()))
        .count();
    if titles == 0 || titles == words.len() {
        return None;
    }
    let rest = text::key(&words[titles..].join(" "));
    keys.iter().position(|k| *k == rest)
}

/// Titles before a name ([`after_a_title`]).
const TITLES: [&str; 40] = [
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "secretary",
    "minister",
    "prime",
    "premier",
    "chancellor",
    "pm",
    "general",
    "gen",
    "colonel",
    "col",
    "commander",
    "captain",
    "capt",
    "admiral",
    "lieutenant",
    "senator",
    "sen",
    "governor",
    "councillor",
    "mayor",
    "prince",
    "princess",
    "king",
    "queen",
    "professor",
    "prof",
    "judge",
    "ambassador",
    "defence",
    "defense",
];

/// Words beside an answer that make it another thing, or several: joiners, negations, ranks
/// and times ([`more_than`]).
const OTHER_THING: [&str; 26] = [
    "and",
    "or",
    "nor",
    "vs",
    "versus",
    "but",
    "plus",
    "with",
    "without",
    "except",
    "not",
    "no",
    "non",
    "never",
    "vice",
    "deputy",
    "assistant",
    "former",
    "ex",
    "acting",
    "pre",
    "post",
    "anti",
    "sub",
    "co",
    "interim",
];

/// How many words an answer may have beyond an accepted form and still be close
/// ([`more_than`]: `People's Republic of China` for `China`).
const MORE_WORDS: usize = 3;

fn grade_number(
    value: f64,
    unit: Option<&str>,
    tolerance: f64,
    typed: &str,
    expected: String,
) -> Verdict {
    let amount = number::parse_typed(typed);
    // The typed value in the answer's unit (`18000 m` for 18 km is 18).
    let in_unit = |amount: &number::Amount| {
        unit.and_then(|unit| amount.value_in(unit))
            .unwrap_or(amount.value)
    };
    if let Some(amount) = &amount
        && amount_answers(value, unit, tolerance, amount)
    {
        let note = within_tolerance(value, in_unit(amount), &expected);
        return Verdict::new(Outcome::Correct, expected).maybe_note(note);
    }
    if let Some(bare) = m_as_unit(unit, typed)
        && amount_answers(value, unit, tolerance, &bare)
    {
        let note = "m read as a unit, not as million";
        let note = match within_tolerance(value, in_unit(&bare), &expected) {
            Some(tolerated) => format!("{note}; {tolerated}"),
            None => note.to_string(),
        };
        return Verdict::new(Outcome::Correct, expected).note(note);
    }
    // A misspelt scale word ("$15 bilion") is read as the word meant: close when that is the
    // amount asked, and otherwise the reading the notes below explain.
    let respelt = number::respell_scales(typed)
        .and_then(|(text, words)| number::parse_typed(&text).map(|amount| (amount, words)));
    if let Some((amount, words)) = &respelt
        && amount_answers(value, unit, tolerance, amount)
    {
        return Verdict::new(Outcome::Close, expected).note(format!(
            "close: check the spelling of {}",
            words.join(" and ")
        ));
    }
    let Some(amount) = respelt.map(|(amount, _)| amount).or(amount) else {
        return Verdict::new(Outcome::Wrong, expected).note("could not read a number");
    };
    if let Some(want) = unit_mismatch(unit, amount.unit.as_deref()) {
        let got = amount.unit.as_deref().unwrap_or_default();
        // "Wrong currency" only for another currency: "15 troops" for $15 is not in dollars.
        let what = if number::is_currency(&want) && number::is_currency(got) {
            "currency"
        } else {
            "unit"
        };
        // A currency by its code, as it is written (`NOK`); a unit as it is.
        let want = match number::is_currency(&want) {
            true => want.to_uppercase(),
            false => want,
        };
        return Verdict::new(Outcome::Wrong, expected)
            .note(format!("wrong {what}: expected {want}"));
    }
    let verdict = Verdict::new(Outcome::Wrong, expected);
    let ratio = (amount.value / value).abs().log10();
    let off_by_scale = ratio.is_finite()
        && ratio.abs() >= 2.5
        && (ratio / 3.0 - (ratio / 3.0).round()).abs() < 1e-9
        && amount.value.signum() == value.signum();
    if off_by_scale {
        verdict.note("wrong scale: check thousand, million or billion")
    } else {
        verdict
    }
}

/// The note for a typed value accepted within the tolerance but not exact: the exact value,
/// as the answer shows it (`display`) when that is a plain amount, else as a number.
fn within_tolerance(value: f64, typed: f64, display: &str) -> Option<String> {
    if number::same_value(typed, value) {
        return None;
    }
    let plain = !display.starts_with(char::is_alphabetic)
        && number::parse(display).is_some_and(|shown| number::same_value(shown.value, value));
    Some(if plain {
        format!("within the tolerance; exactly {display}")
    } else {
        format!("within the tolerance; exactly {value}")
    })
}

/// `503m` typed for a number without a unit, read as 503 and a unit (metres, minutes), or for
/// one in metres, as 503 metres: an `m` attached to digits is million to the parser, but an
/// answer asked with no unit (or in metres) may be a measure. `None` for anything else
/// (`$15m` is money: millions).
fn m_as_unit(unit: Option<&str>, typed: &str) -> Option<number::Amount> {
    // An answer in metres or another length (converted: `18000m` for 18 km).
    let metres = unit.is_some_and(|unit| number::converts(unit, "metre"));
    if unit.is_some() && !metres {
        return None;
    }
    let bare = typed.trim_end().strip_suffix(['m', 'M'])?;
    if !bare.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let amount = number::parse_typed(bare).filter(|amount| amount.unit.is_none())?;
    Some(number::Amount {
        unit: metres.then(|| "metre".to_string()),
        ..amount
    })
}

/// Whether a typed amount answers a number: no other unit, and the value asked.
fn amount_answers(value: f64, unit: Option<&str>, tolerance: f64, amount: &number::Amount) -> bool {
    if unit_mismatch(unit, amount.unit.as_deref()).is_none() {
        return number_matches(value, tolerance, amount.value);
    }
    // Another unit of the same kind, converted (`1.2 km` for 1,200 metres).
    unit.and_then(|unit| amount.value_in(unit))
        .is_some_and(|typed| number_matches(value, tolerance, typed))
}

/// The expected unit (canonical) when both name a unit and they differ.
fn unit_mismatch(want: Option<&str>, got: Option<&str>) -> Option<String> {
    let (want, got) = (want?, got?);
    if want == got {
        return None; // the same text has the same canonical unit
    }
    let want = number::canonical_unit(want);
    // The crowns of four countries go by one name: `kroner` answers for Norwegian or Danish.
    let crowns = ["kroner", "krone", "kronor", "krona", "kr"];
    if matches!(want.as_str(), "nok" | "dkk" | "sek" | "isk")
        && crowns.contains(&got.to_lowercase().as_str())
    {
        return None;
    }
    (number::canonical_unit(got) != want).then_some(want)
}

/// Whether a typed amount's value is the expected one: the same, or within the tolerance.
fn number_matches(value: f64, tolerance: f64, typed: f64) -> bool {
    let close_enough = !tolerance.is_nan() && (typed - value).abs() <= tolerance.abs();
    number::same_value(typed, value) || close_enough
}

/// Whether a typed date answers `value`: the same, or a full date in the year asked for.
fn date_matches(value: DateValue, got: DateValue) -> bool {
    match (value, got) {
        _ if value == got => true,
        (DateValue::Year(y), DateValue::Full(d)) => d.year() == y,
        _ => false,
    }
}

/// A date typed with a two-digit year (`7/20/69`) in the century of the one asked: `69` is
/// read as 2069 by itself, but a learner asked about 1969 means 1969.
fn in_asked_century(value: DateValue, got: Option<DateValue>, typed: &str) -> Option<DateValue> {
    let asked = match value {
        DateValue::Full(d) => d.year(),
        DateValue::Year(y) => y,
        DateValue::Weekday(_) => return got,
    };
    match got {
        Some(DateValue::Full(d))
            if (d.year() - asked).abs() == 100 && !typed.contains(&d.year().to_string()) =>
        {
            d.with()
                .year(asked)
                .build()
                .ok()
                .map(DateValue::Full)
                .or(got)
        }
        _ => got,
    }
}

fn grade_date(value: DateValue, day_first: bool, typed: &str, expected: String) -> Verdict {
    let parsed = in_asked_century(value, date::parse(typed, day_first), typed);
    if let DateValue::Weekday(day) = value
        && let Some((outcome, note)) = weekday_with_date(day, typed, parsed, day_first)
    {
        return Verdict::new(outcome, expected).maybe_note(note);
    }
    let wrong = |note: &str| Verdict::new(Outcome::Wrong, expected.clone()).note(note);
    let Some(got) = parsed else {
        if let DateValue::Weekday(day) = value
            && date::misspelt_weekday(typed) == Some(day)
        {
            return Verdict::new(Outcome::Close, expected.clone())
                .diff(typed, &expected)
                .note("close: check the spelling");
        }
        // A misspelt month ("19 Marhc 1932") is close when the date it meant is the one asked.
        if let Some(respelt) = date::respell_months(typed) {
            let meant = date::parse(&respelt, day_first)
                .is_some_and(|got| date_matches(value, got))
                || matches!(value, DateValue::Year(y)
                    if date::parse_month_year(&respelt).is_some_and(|(_, year)| year == y));
            if meant {
                return Verdict::new(Outcome::Close, expected.clone())
                    .diff(typed, &expected)
                    .note("close: check the spelling");
            }
        }
        if let Some((month, year)) = date::parse_month_year(typed) {
            return match value {
                DateValue::Year(y) if y == year => {
                    Verdict::new(Outcome::Correct, expected).note("only the year was asked")
                }
                DateValue::Year(_) => Verdict::new(Outcome::Wrong, expected),
                DateValue::Full(d) if d.year() == year && d.month() == month => {
                    wrong("the day is missing")
                }
                DateValue::Full(_) => wrong("wrong month or year, and the day is missing"),
                DateValue::Weekday(_) => wrong("answer with a day of the week"),
            };
        }
        if let Some((weekday, month, day)) = date::parse_day_month(typed, day_first) {
            return match value {
                DateValue::Full(d) if d.month() == month && d.day() == day => match weekday {
                    Some(w) if w != d.weekday() => wrong(&format!(
                        "the year is missing, and that day was not a {}",
                        date::weekday_name(w)
                    )),
                    _ => Verdict::new(Outcome::Close, expected.clone()).note("the year is missing"),
                },
                DateValue::Full(_) => wrong("wrong day or month, and the year is missing"),
                DateValue::Year(_) => wrong("answer with a year"),
                DateValue::Weekday(_) => wrong("answer with a day of the week"),
            };
        }
        return wrong("could not read a date");
    };
    if date_matches(value, got) {
        let verdict = Verdict::new(Outcome::Correct, expected);
        return if value == got {
            verdict
        } else {
            verdict.note("only the year was asked")
        };
    }
    match (value, got) {
        (DateValue::Full(d), DateValue::Year(y)) if d.year() == y => {
            wrong("a year alone does not answer a full date: give the day and month too")
        }
        (DateValue::Full(_), DateValue::Year(_)) => {
            wrong("wrong year, and a year alone does not answer a full date")
        }
        (DateValue::Weekday(_), DateValue::Full(_) | DateValue::Year(_)) => {
            wrong("answer with a day of the week")
        }
        (DateValue::Full(_) | DateValue::Year(_), DateValue::Weekday(_)) => {
            wrong("answer with a date, not a day of the week")
        }
        _ => Verdict::new(Outcome::Wrong, expected),
    }
}

/// A weekday answer typed with a date, and how it grades: the right day of the week with a
/// date (`Saturday, 20 March 2021`, `Saturday 20 March`) is correct, as a full date in the year
/// asked answers a year; a date alone on that day (`20 March 2021`) is close, the day of the
/// week not named, and so is the right day before a date on another one. Another day of the
/// week before anything is wrong. `None` for anything else (`parsed` is the
/// [`date::parse`] of `typed`).
fn weekday_with_date(
    day: jiff::civil::Weekday,
    typed: &str,
    parsed: Option<DateValue>,
    day_first: bool,
) -> Option<(Outcome, Option<String>)> {
    let only_asked = || Some("only the day of the week was asked".to_string());
    match (date::split_weekday(typed), parsed) {
        // Led by another day of the week: a wrong day, whatever follows.
        (Some((named, _)), _) if named != day => Some((Outcome::Wrong, None)),
        // A full date led by its day of the week (`date::parse` checks that they agree).
        (Some(_), Some(DateValue::Full(_))) => Some((Outcome::Correct, only_asked())),
        (Some((_, rest)), None) => match date::parse(rest, day_first) {
            Some(DateValue::Full(d)) => Some((
                Outcome::Close,
                Some(format!(
                    "the day of the week is right, but that date was a {}",
                    date::weekday_name(d.weekday())
                )),
            )),
            Some(DateValue::Year(_)) => Some((Outcome::Correct, only_asked())),
            _ if date::parse_day_month(rest, day_first).is_some() => {
                Some((Outcome::Correct, only_asked()))
            }
            // A day of the month alone (`Monday 13th`, `Monday the 13th`) names no other day.
            _ if day_of_month(rest).is_some() => Some((Outcome::Correct, only_asked())),
            // The time of day says no other day (`Saturday morning`).
            _ if matches!(
                text::normalize(rest).as_str(),
                "morning" | "afternoon" | "evening" | "night" | "noon" | "midday"
            ) =>
            {
                Some((Outcome::Correct, None))
            }
            // Not a date after it ("Sat urday"): left to the rules for what cannot be read.
            _ => None,
        },
        (None, Some(DateValue::Full(d))) if d.weekday() == day => Some((
            Outcome::Close,
            Some(format!(
                "that date was a {}: answer with the day of the week",
                date::weekday_name(day)
            )),
        )),
        _ => None,
    }
}

/// The day of the month `text` is alone: `13`, `13th`, `the 1st` (its suffix the one its
/// number takes).
pub(super) fn day_of_month(text: &str) -> Option<i8> {
    let text = text::normalize(text);
    let text = text.strip_prefix("the ").unwrap_or(&text);
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day: i8 = digits.parse().ok().filter(|day| (1..=31).contains(day))?;
    let suffix = match day {
        11..=13 => "th",
        _ if day % 10 == 1 => "st",
        _ if day % 10 == 2 => "nd",
        _ if day % 10 == 3 => "rd",
        _ => "th",
    };
    let typed = &text[digits.len()..];
    (typed.is_empty() || typed == suffix).then_some(day)
}

fn grade_true_false(value: bool, typed: &str, expected: String) -> Verdict {
    // The words, and their usual slips (`ture`, `fasle`).
    let answer = match text::normalize(typed).as_str() {
        "t" | "true" | "y" | "yes" | "yep" | "yeah" | "ture" | "treu" => value,
        "f" | "false" | "n" | "no" | "nope" | "nah" | "fasle" | "flase" => !value,
        _ => {
            return Verdict::new(Outcome::Wrong, expected).note("answer true or false");
        }
    };
    let outcome = if answer {
        Outcome::Correct
    } else {
        Outcome::Wrong
    };
    Verdict::new(outcome, expected)
}
