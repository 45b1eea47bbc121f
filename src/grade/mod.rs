//! Grading typed answers like a fair examiner: typos, aliases, number and date phrasings.
//!
//! [`grade`] compares what a learner typed with a [`Question`]'s [`Answer`] and returns a
//! [`Verdict`]: correct, close or wrong, the answer to show, a character diff, a suggested
//! [`Rating`] and an optional note. It is pure (no clock, terminal, disk or randomness) and
//! cheap enough to run over every question of a large deck (`recall check` does).
//!
//! The rules, by kind:
//! - **text**: answers are compared by [`text::key`] (normalized, letters and digits only)
//!   against every accepted form; a misspelling within [`text::allowed_edits`] is close, unless
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
//! - **list**: items separated by commas, semicolons, new lines or "and", each graded like
//!   text; all items is correct (close with typos, extra or repeated items), at least three
//!   quarters with nothing extra is close. An item named twice (`India, India`, or two of
//!   its aliases) answers it once and is not an extra, nor is one half remembered (two words
//!   or more, half of its words and half of a missing item's).
//!
//! Ratings: wrong suggests [`Rating::Again`], close [`Rating::Hard`], correct
//! [`Rating::Good`]. [`Rating::Easy`] is never suggested: whether an answer came easily is
//! only known to the learner, who may override the suggestion.

pub mod date;
pub mod number;
pub mod text;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Serialize;
use similar::{Algorithm, DiffTag};

use crate::question::{Answer, DateValue, Question, Rivals};
use crate::schedule::Rating;

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
        self.diff = diff(typed, expected);
        self
    }

    fn partial(mut self, right: usize, total: usize) -> Verdict {
        self.partial = Some((right, total));
        self
    }
}

/// One piece of a character diff. Comparison ignores case and diacritics; `Same` holds the
/// expected text's characters ([`typed_parts`] gives the typed ones). A replaced stretch is an
/// `Extra` followed by a `Missing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffPart {
    Same(String),
    /// In the expected answer, not typed.
    Missing(String),
    /// Typed, not in the expected answer.
    Extra(String),
}

/// Grades what a learner typed for a question: [`grade_answer`], then what the question's
/// prompt and evidence say around the answer, which may lower the verdict for what the
/// learner added: another date with the right day of the week ([`another_date`]), a currency
/// or `%` with a plain number ([`unit_from_nowhere`]), a bound on an amount
/// ([`bound_in_context`]).
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

/// An amount typed with a bound (`less than $3 billion`) for the answer shown as `display`,
/// of `value`: wrong when the fact states the other bound (`more than _____`), close when it
/// gives the amount itself (which the bound leaves out), as `verdict` when it says the same.
fn bound_in_context(
    question: &Question,
    (display, value): (&str, f64),
    typed: &str,
    verdict: Verdict,
) -> Verdict {
    let Some(typed) = number::leading_bound(typed) else {
        return verdict;
    };
    // The bound in the answer itself (`[more than $3 billion](money)`), else before the blank
    // or before the amount in the evidence (a reverse question, a card).
    let stated = match number::leading_bound(display) {
        Some(bound) => Some((bound, display.to_string())),
        None => {
            let before = question.prompt.split_once(crate::question::BLANK);
            let bound = before
                .and_then(|(before, _)| number::trailing_bound(before))
                .or_else(|| evidence_bound(question, value));
            bound.map(|bound| (bound, format!("{} {display}", bound.words())))
        }
    };
    match stated {
        Some((stated, said)) if typed != stated => {
            Verdict::new(Outcome::Wrong, verdict.expected).note(format!("the fact says {said}"))
        }
        None if verdict.outcome == Outcome::Correct => {
            let note = format!("close: the fact says {display}, not {} it", typed.words());
            Verdict::new(Outcome::Close, verdict.expected).note(note)
        }
        _ => verdict,
    }
}

/// For the right day of the week typed with a date (`Friday 20 March`): why that date is not
/// the one the question's prompt or evidence gives for that day, when it gives one.
fn another_date(
    question: &Question,
    day: jiff::civil::Weekday,
    day_first: bool,
    typed: &str,
) -> Option<String> {
    // (month, day, year) typed after the day of the week.
    let said = match date::parse(typed, day_first) {
        Some(DateValue::Full(d)) => (d.month(), d.day(), Some(d.year())),
        _ => {
            let (_, rest) = date::split_weekday(typed)?;
            let (_, month, on) = date::parse_day_month(rest, day_first)?;
            (month, on, None)
        }
    };
    // Every date on that day of the week they give (a text may name two Tuesdays).
    let known: Vec<jiff::civil::Date> = context(question, date::weekday_name(day))
        .flat_map(|text| date::find_all(&text, day_first))
        .filter_map(|(_, found)| match found {
            DateValue::Full(d) if d.weekday() == day => Some(d),
            _ => None,
        })
        .collect();
    let same = |known: &jiff::civil::Date| {
        said.0 == known.month()
            && said.1 == known.day()
            && said.2.is_none_or(|year| year == known.year())
    };
    let first = known.first()?;
    (!known.iter().any(same)).then(|| {
        format!(
            "close: the day of the week is right, but it was {}",
            first.strftime("%-d %B %Y")
        )
    })
}

/// Why an amount typed in a currency, as a percentage or in a known measure does not answer
/// a plain number (`$60,000` or `60,000 km` for 60,000 vehicles), unless the question or its
/// evidence gives the number so (`Revenue fell _____%`, `rose 4.5%`, `_____ metres long`).
/// Other words after it are left alone (`60,000 a day`).
fn unit_from_nowhere(
    question: &Question,
    (display, value): (&str, f64),
    typed: &str,
) -> Option<String> {
    let unit = number::parse_typed(typed)?.unit?;
    let unit = number::canonical_unit(&unit);
    let what = match unit.as_str() {
        "percent" => "a percentage".to_string(),
        code if number::is_currency(code) => format!("an amount in {}", code.to_uppercase()),
        measure if number::is_measure(measure) => format!("a measure in {measure}s"),
        _ => return None,
    };
    let says = |text: &str| {
        number::find_all(text).into_iter().any(|(_, amount)| {
            number::same_value(amount.value, value)
                && amount
                    .unit
                    .is_some_and(|u| number::canonical_unit(&u) == unit)
        })
    };
    let said = context(question, display).any(|text| says(&text));
    (!said).then(|| format!("the answer is a number, not {what}"))
}

/// What the question's context rules read: its prompt with the blank filled by `answer`, then
/// its evidence excerpts.
fn context<'q>(question: &'q Question, answer: &str) -> impl Iterator<Item = Cow<'q, str>> {
    let prompt = question.prompt.replace(crate::question::BLANK, answer);
    std::iter::once(Cow::Owned(prompt))
        .chain(question.evidence.iter().map(|e| Cow::Borrowed(e.as_str())))
}

/// The bound the question's evidence puts before the amount `value` (`reaching over $3
/// billion`), when it states it.
fn evidence_bound(question: &Question, value: f64) -> Option<number::Bound> {
    question.evidence.iter().find_map(|excerpt| {
        (number::find_all(excerpt).into_iter())
            .filter(|(_, amount)| number::same_value(amount.value, value))
            .find_map(|(range, _)| number::trailing_bound(&excerpt[..range.start]))
    })
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

/// The options of a choice as a typed answer is matched with them: each option's key
/// ([`text::key`]), and the keys of the deck's other names for the options with the option
/// each names.
pub struct OptionNames<'k, K> {
    pub keys: &'k [K],
    aliases: Vec<(String, usize)>,
}

impl<'k, K: AsRef<str>> OptionNames<'k, K> {
    /// `keys[i]` is option `i`'s key, `aliases[i]` its other names (may be shorter; names
    /// past the options are no option's).
    pub fn new(keys: &'k [K], aliases: &[Vec<String>]) -> OptionNames<'k, K> {
        let aliases = aliases
            .iter()
            .take(keys.len())
            .enumerate()
            .flat_map(|(i, names)| names.iter().map(move |name| (text::key(name), i)))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        OptionNames { keys, aliases }
    }

    /// The option a typed `key` names exactly (not as a misspelling): by its text, its label
    /// or another name of it alone.
    pub fn exactly(&self, key: &str) -> Option<usize> {
        match resolve_key(self, key) {
            Some((i, false)) => Some(i),
            _ => None,
        }
    }

    /// The option another name `key` names: `None` when it is no option's other name,
    /// `Some(None)` when it is the other name of several.
    pub fn named(&self, key: &str) -> Option<Option<usize>> {
        let mut named = self
            .aliases
            .iter()
            .filter(|(k, _)| k == key)
            .map(|&(_, i)| i);
        let first = named.next()?;
        Some(named.all(|i| i == first).then_some(first))
    }
}

/// Whether a choice question with `options`, keyed `option_keys` ([`text::key`] of each),
/// takes `typed` as fully correct, its key `typed_key` already known: [`accepts`] for a choice
/// whose keys are read once for many answers (`recall check`).
pub fn choice_accepts_keyed<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    correct: &[usize],
    typed: &str,
    typed_key: &str,
) -> bool {
    // An empty key is an empty normalised text: "no answer".
    if typed_key.is_empty() {
        return false;
    }
    if let [only] = correct {
        // The usual single correct option: no list to sort.
        return *only < option_keys.keys.len()
            && pick_one(options, option_keys, typed, typed_key).is_some_and(|(i, _)| i == *only);
    }
    let correct = correct_options(correct, option_keys.keys.len());
    match correct.as_slice() {
        [] => false,
        [only] => pick_one(options, option_keys, typed, typed_key).is_some_and(|(i, _)| i == *only),
        _ => {
            let (right, total, wrong, _) = count_picks(options, option_keys, &correct, typed);
            right == total && wrong == 0
        }
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

/// `a`, `b`, … for the first 26 options, then numbers.
fn option_letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

fn option_label(options: &[String], i: usize) -> String {
    format!("{}) {}", option_letter(i), options[i])
}

/// Which option a typed token names: its exact text, its letter, its 1-based number, or a
/// misspelling of exactly one option's text. The flag tells a misspelling.
fn resolve_option<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    token: &str,
) -> Option<(usize, bool)> {
    resolve_typed(options, option_keys, token, &text::key(token))
}

/// [`resolve_key`], and between its exact reading and a misspelling, the one option that
/// means the same amount or date ([`same_value`]).
fn resolve_typed<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &str,
    key: &str,
) -> Option<(usize, bool)> {
    let found = match resolve_key(option_keys, key) {
        Some((i, false)) => Some((i, false)),
        misspelt => same_value(options, typed).map(|i| (i, false)).or(misspelt),
    };
    // Keys keep digits but not the point between them: `1.5 billion` is not `$15 billion`,
    // nor `3 million` a misspelt `$3 billion` (a label is no amount).
    found.filter(|&(i, _)| {
        let option = options[i].as_ref();
        option == typed || is_label(key) || !other_amount(option, typed)
    })
}

/// Whether two texts read as different amounts, each in a currency or in none: another value,
/// or another currency (`€15 billion` is not `$15 billion`, though their keys are one). A
/// misspelt scale word reads as a unit: `15 bilion` is 15 "bilion", so it says nothing.
fn other_amount(a: &str, b: &str) -> bool {
    let plain = |amount: &number::Amount| amount.unit.as_deref().is_none_or(number::is_currency);
    let (a, b) = (number::parse_typed(a), number::parse_typed(b));
    matches!((a, b), (Some(x), Some(y)) if plain(&x) && plain(&y) && !x.same_as(&y))
}

/// The one option whose amount or date `typed` reads as, written otherwise: `Sat` is
/// `Saturday`, `$3bn` is `$3 billion`. A date must read the same in either day order.
fn same_value<S: AsRef<str>>(options: &[S], typed: &str) -> Option<usize> {
    let date = |reading: &Reading| {
        let (month_first, day_first) = (reading.date(false), reading.date(true));
        (month_first == day_first).then_some(month_first).flatten()
    };
    // `1200m` is 1200 million to the parser, and may be 1200 metres too.
    let metres = m_as_unit(Some("m"), typed);
    let typed = Reading::new(typed);
    let (when, amount) = (date(&typed), typed.amount());
    if when.is_none() && amount.is_none() {
        return None;
    }
    let same = |option: &S| {
        let option = Reading::new(option.as_ref());
        when.is_some_and(|when| date(&option) == Some(when))
            || (amount.into_iter().chain(&metres))
                .any(|a| option.amount().is_some_and(|b| a.same_as(b)))
    };
    text::unique_nearest(0..options.len(), |&i| same(&options[i]).then_some(0))
}

/// [`resolve_option`] of a token whose [`text::key`] is `key`.
fn resolve_key<K: AsRef<str>>(option_keys: &OptionNames<K>, key: &str) -> Option<(usize, bool)> {
    if key.is_empty() {
        return None;
    }
    let keys = option_keys.keys;
    if let Some(i) = keys.iter().position(|k| k.as_ref() == key) {
        return Some((i, false));
    }
    // A label names its option; one past the options may still be another name (`11`).
    let label = is_label(key);
    if label && let Some(i) = label_index(key, keys.len()) {
        return Some((i, false));
    }
    // Another name of an option (`Austin` for `Lloyd Austin`), when it names one option only.
    if let Some(named) = option_keys.named(key) {
        return named.map(|i| (i, false));
    }
    if label {
        return None;
    }
    // A misspelling of an option, or of one of its other names: the nearest of them.
    text::unique_nearest(0..keys.len(), |&i| {
        let aliases = option_keys.aliases.iter().filter(|(_, j)| *j == i);
        std::iter::once(text_match(key, keys[i].as_ref()))
            .chain(aliases.map(|(k, _)| text_match(key, k)))
            .flatten()
            .min()
    })
    .map(|i| (i, true))
}

/// Whether a key has the form of an option's label: one letter or a number.
fn is_label(key: &str) -> bool {
    let mut bytes = key.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_lowercase() => bytes.next().is_none(),
        Some(b) if b.is_ascii_digit() => bytes.all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// The option a label names, among `options`: its letter (`b`) or 1-based number (`2`).
fn label_index(key: &str, options: usize) -> Option<usize> {
    let i = match key.as_bytes() {
        [c] if c.is_ascii_lowercase() => usize::from(c - b'a'),
        _ => key.parse::<usize>().ok()?.checked_sub(1)?,
    };
    (i < options).then_some(i)
}

/// The options named by two or more labels separated by spaces (`a c`, `1 3`, `(a) (c)`),
/// sorted and once each; `None` unless every word is the label of an option. Read before the
/// text as a whole, whose key would drop the leading `a` as an article (`a c` is `c`); `None`
/// too for an option's own text (an option `a b`).
fn label_picks<S: AsRef<str>>(options: &[S], chunk: &str) -> Option<Vec<usize>> {
    // Two short words or more (`a c`, `(b) (d)`, `1 3`), before anything is normalised: the
    // self-test of a large deck grades every option's text through here. First a byte at a
    // time: a word of printable ASCII with two letters is never one label (its key keeps
    // both, or drops the word as an article), so most option texts stop at their second
    // letter. (A control byte is a space to the key: `a\u{1}b` is the labels a, b.)
    let mut letters = 0;
    for b in chunk.bytes() {
        if b == b' ' {
            letters = 0;
        } else if !b.is_ascii_graphic() {
            break;
        } else if b.is_ascii_alphabetic() {
            letters += 1;
            if letters == 2 {
                return None;
            }
        }
    }
    labels_of(options, chunk)
}

/// [`label_picks`] without its shortcut (tests compare the two).
fn labels_of<S: AsRef<str>>(options: &[S], chunk: &str) -> Option<Vec<usize>> {
    let mut words = chunk.split_whitespace();
    if words.clone().nth(1).is_none() || words.any(|w| w.len() > 6) {
        return None;
    }
    let mut picks = Vec::new();
    for word in chunk.split_whitespace() {
        let key = text::key(word);
        if !is_label(&key) {
            return None;
        }
        picks.push(label_index(&key, options.len())?);
    }
    // Labels all, unless they are an option's own text (an option `a b` is picked by typing
    // it), compared word by word: its key would drop a leading `a` as an article and take
    // `a c` for an option `C`.
    let plain =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_lowercase).collect() };
    let typed = plain(chunk);
    if options.iter().any(|o| plain(o.as_ref()) == typed) {
        return None;
    }
    if picks.len() < 2 {
        return None;
    }
    picks.sort_unstable();
    picks.dedup();
    Some(picks)
}

/// The option a one-option answer picks (the flag tells a misspelling): its text or label,
/// or the one option named by several labels (`b b`); `None` when it names none, or several
/// (`a c`).
fn pick_one<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &str,
    typed_key: &str,
) -> Option<(usize, bool)> {
    match label_picks(options, typed) {
        Some(picks) => match picks.as_slice() {
            [i] => Some((*i, false)),
            _ => None,
        },
        None => resolve_typed(options, option_keys, typed, typed_key),
    }
}

/// The options picked in a several-option answer, and how many tokens named none.
fn resolve_picks<'t, S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &'t str,
) -> Picks<'t> {
    let mut picks = Vec::new();
    let mut unknown = 0;
    let mut shared = None;
    for chunk in typed.split([',', ';', '\n']) {
        let chunk = strip_and(chunk);
        let key = text::key(chunk);
        if key.is_empty() {
            continue;
        }
        if let Some(labels) = label_picks(options, chunk) {
            picks.extend(labels);
            continue;
        }
        if let Some((i, _)) = resolve_option(options, option_keys, chunk) {
            picks.push(i);
            continue;
        }
        if option_keys.named(&key) == Some(None) {
            // A name several options share picks none, and is no wrong pick either.
            shared.get_or_insert(chunk);
            continue;
        }
        let parts: Vec<&str> = split_and(chunk);
        let resolved: Vec<Option<usize>> = if parts.len() > 1 {
            // Options whose names hold `and` themselves (`Trinidad and Tobago`).
            and_joined(chunk, &parts, (options, option_keys))
        } else {
            chunk
                .split_whitespace()
                .filter(|p| !text::key(p).is_empty())
                .map(|p| resolve_option(options, option_keys, p).map(|(i, _)| i))
                .collect()
        };
        if resolved.len() > 1 && resolved.iter().all(Option::is_some) {
            picks.extend(resolved.into_iter().flatten());
            continue;
        }
        // Letters run together: "ac".
        let key = text::key(chunk);
        let letters: Option<Vec<usize>> = key
            .bytes()
            .map(|b| {
                let i = usize::from(b.wrapping_sub(b'a'));
                (b.is_ascii_lowercase() && i < option_keys.keys.len()).then_some(i)
            })
            .collect();
        match letters {
            Some(letters) if key.len() > 1 => picks.extend(letters),
            _ => {
                for p in resolved {
                    match p {
                        Some(i) => picks.push(i),
                        None => unknown += 1,
                    }
                }
            }
        }
    }
    picks.sort_unstable();
    picks.dedup();
    Picks {
        picks,
        unknown,
        shared,
    }
}

/// The correct option indices that exist, sorted, once each.
fn correct_options(correct: &[usize], options: usize) -> Vec<usize> {
    let mut correct: Vec<usize> = correct.iter().copied().filter(|&i| i < options).collect();
    correct.sort_unstable();
    correct.dedup();
    correct
}

/// A several-option answer against the (sorted, distinct) correct options: (right picks,
/// correct options, wrong picks including tokens that named no option).
/// What a several-option answer picked: the options, how many tokens named none, and the
/// first name typed that several options share.
struct Picks<'t> {
    picks: Vec<usize>,
    unknown: usize,
    shared: Option<&'t str>,
}

/// (right picks, correct options, wrong picks and unknown tokens, a shared name typed).
fn count_picks<'t, S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    correct: &[usize],
    typed: &'t str,
) -> (usize, usize, usize, Option<&'t str>) {
    let found = resolve_picks(options, option_keys, typed);
    let right = found.picks.iter().filter(|i| correct.contains(i)).count();
    let wrong = found.picks.len() - right + found.unknown;
    (right, correct.len(), wrong, found.shared)
}

/// The note for a name several options share.
fn shared_name(name: &str) -> String {
    format!("`{name}` names more than one option: choose by letter or by the option's own name")
}

fn grade_choice(
    options: &[String],
    correct: &[usize],
    aliases: &[Vec<String>],
    typed: &str,
    expected: String,
) -> Verdict {
    let keys: Vec<String> = options.iter().map(|o| text::key(o)).collect();
    let keys = OptionNames::new(&keys, aliases);
    let correct = correct_options(correct, options.len());
    if correct.is_empty() {
        return Verdict::new(Outcome::Wrong, expected).note("this question has no correct option");
    }
    if correct.len() == 1 {
        if label_picks(options, typed).is_some_and(|picks| picks.len() > 1) {
            return Verdict::new(Outcome::Wrong, expected).note("one option is right: choose one");
        }
        return match pick_one(options, &keys, typed, &text::key(typed)) {
            Some((i, typo)) if i == correct[0] => {
                let verdict = Verdict::new(Outcome::Correct, expected);
                if typo {
                    verdict.note(format!("read as {}", option_label(options, i)))
                } else {
                    verdict
                }
            }
            Some((i, _)) => Verdict::new(Outcome::Wrong, expected)
                .note(format!("you chose {}", option_label(options, i))),
            None if keys.named(&text::key(typed)) == Some(None) => {
                Verdict::new(Outcome::Wrong, expected).note(shared_name(typed.trim()))
            }
            None => Verdict::new(Outcome::Wrong, expected)
                .note("answer with a letter, a number or an option's text"),
        };
    }
    let (right, total, wrong, shared) = count_picks(options, &keys, &correct, typed);
    let outcome = if right == total && wrong == 0 {
        Outcome::Correct
    } else if wrong == 0 && right > 0 && 2 * right >= total {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    let verdict = Verdict::new(outcome, expected).partial(right, total);
    let note = match outcome {
        Outcome::Correct => return verdict,
        Outcome::Close => format!("partly right: {right} of {total}"),
        Outcome::Wrong if wrong > 0 => format!(
            "{right} of {total} right, {wrong} wrong pick{}",
            if wrong == 1 { "" } else { "s" }
        ),
        Outcome::Wrong => format!("only {right} of {total}"),
    };
    match shared {
        Some(name) => verdict.note(format!("{note}; {}", shared_name(name))),
        None => verdict.note(note),
    }
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

/// Drops a leading "and" or "&" from a list chunk ("a, b, and c").
fn strip_and(chunk: &str) -> &str {
    let chunk = chunk.trim();
    for prefix in ["and ", "& "] {
        if chunk.len() > prefix.len()
            && chunk.is_char_boundary(prefix.len())
            && chunk[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return chunk[prefix.len()..].trim();
        }
    }
    chunk
}

/// Splits a chunk on " and " / " & " (any case).
/// The options named by `parts` (of `chunk`, split at each `and`), joining parts back when
/// together they name an option (`Bosnia and Herzegovina and Croatia`): from each part on, the
/// longest run of parts, as written, that names one.
fn and_joined<S: AsRef<str>, K: AsRef<str>>(
    chunk: &str,
    parts: &[&str],
    (options, option_keys): (&[S], &OptionNames<K>),
) -> Vec<Option<usize>> {
    let offset = |part: &str| part.as_ptr() as usize - chunk.as_ptr() as usize;
    let parts: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !text::key(p).is_empty())
        .collect();
    let mut resolved = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let longest = (i + 1..=parts.len()).rev().find_map(|j| {
            let (start, last) = (offset(parts[i]), parts[j - 1]);
            let run = &chunk[start..offset(last) + last.len()];
            resolve_option(options, option_keys, run).map(|(k, _)| (k, j))
        });
        match longest {
            Some((k, j)) => {
                resolved.push(Some(k));
                i = j;
            }
            None => {
                resolved.push(None);
                i += 1;
            }
        }
    }
    resolved
}

fn split_and(chunk: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = chunk;
    loop {
        let lower_pos = find_ci(rest, " and ").map(|p| (p, 5));
        let amp_pos = rest.find(" & ").map(|p| (p, 3));
        let next = match (lower_pos, amp_pos) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            Some((p, len)) => {
                parts.push(rest[..p].trim());
                rest = &rest[p + len..];
            }
            None => {
                parts.push(rest.trim());
                return parts;
            }
        }
    }
}

/// Byte position of an ASCII `needle` in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Splits a typed list into items: commas, semicolons, new lines, and "and" unless the "and"
/// belongs to an expected item ("Jamaica and Trinidad and Tobago" is two items).
fn split_items<'a>(typed: &'a str, item_keys: &[Vec<String>]) -> Vec<&'a str> {
    /// Most "and"-pieces one item may span.
    const MAX_SPAN: usize = 4;
    let mut items = Vec::new();
    for chunk in typed.split([',', ';', '\n']) {
        let chunk = strip_and(chunk);
        let pieces = split_and(chunk);
        let mut i = 0;
        while i < pieces.len() {
            let start = pieces[i].as_ptr() as usize - chunk.as_ptr() as usize;
            let span = |j: usize| {
                let last = pieces[j - 1];
                let end = last.as_ptr() as usize - chunk.as_ptr() as usize + last.len();
                &chunk[start..end]
            };
            let longest = (i + 2..=pieces.len().min(i + MAX_SPAN))
                .rev()
                .find(|&j| {
                    let key = text::key(span(j));
                    item_keys
                        .iter()
                        .flatten()
                        .any(|k| text_match(&key, k).is_some())
                })
                .unwrap_or(i + 1);
            let item = span(longest);
            if !text::key(item).is_empty() {
                items.push(item);
            }
            i = longest;
        }
    }
    items
}

/// Which typed items answer which expected items.
struct Matching {
    /// Typed items that answer an item, of which misspelt.
    right: usize,
    typos: usize,
    /// `used[i]`: item `i` is answered.
    used: Vec<bool>,
    /// `typed[k]`: typed item `k` answers an item.
    typed: Vec<bool>,
}

impl Matching {
    /// Nothing matched yet.
    fn none(typed: usize, items: usize) -> Matching {
        Matching {
            right: 0,
            typos: 0,
            used: vec![false; items],
            typed: vec![false; typed],
        }
    }

    /// Matches typed items to expected items as a set: exact matches first, then the closest
    /// misspelling.
    fn set(typed_keys: &[String], item_keys: &[Vec<String>]) -> Matching {
        let mut m = Matching::none(typed_keys.len(), item_keys.len());
        for (k, t) in typed_keys.iter().enumerate() {
            if let Some(i) = (0..item_keys.len()).find(|&i| !m.used[i] && item_keys[i].contains(t))
            {
                m.answer(k, i, false);
            }
        }
        for (k, t) in typed_keys.iter().enumerate() {
            if m.typed[k] {
                continue;
            }
            let best = (0..item_keys.len())
                .filter(|&i| !m.used[i])
                .filter_map(|i| best_match(t, &item_keys[i]).map(|d| (d, i)))
                .min();
            if let Some((_, i)) = best {
                m.answer(k, i, true);
            }
        }
        m
    }

    /// Matches typed item `k` to item `k`, in order.
    fn in_order(typed_keys: &[String], item_keys: &[Vec<String>]) -> Matching {
        let mut m = Matching::none(typed_keys.len(), item_keys.len());
        for (k, (t, keys)) in typed_keys.iter().zip(item_keys).enumerate() {
            if let Some(distance) = best_match(t, keys) {
                m.answer(k, k, distance > 0);
            }
        }
        m
    }

    fn answer(&mut self, typed: usize, item: usize, typo: bool) {
        self.typed[typed] = true;
        self.used[item] = true;
        self.right += 1;
        self.typos += usize::from(typo);
    }

    /// The items named again by a typed item that answers nothing: an item already answered
    /// (`India, India, Japan`), not one missing from the list.
    fn repeated<'i>(
        &self,
        typed_keys: &[String],
        item_keys: &[Vec<String>],
        items: &'i [String],
    ) -> Vec<&'i str> {
        let mut repeated = Vec::new();
        for (k, t) in typed_keys.iter().enumerate() {
            if self.typed[k] {
                continue;
            }
            let named = (0..item_keys.len())
                .filter_map(|i| best_match(t, &item_keys[i]).map(|d| (d, i)))
                .min();
            if let Some((_, i)) = named.filter(|&(_, i)| self.used[i]) {
                repeated.push(items[i].as_str());
            }
        }
        repeated
    }

    /// The typed items that answer nothing and name no item but are part of a missing one:
    /// two words or more, half of theirs and half of its (`emerging sectors of defence` for
    /// "cooperation in emerging sectors of defense"). Such an item is an attempt at a missing
    /// one, not one that is not in the list (`China`). Returns how many typed items are partly
    /// right and how many missing items they attempt (two halves of one name attempt it once).
    fn partly_right(
        &self,
        typed: &[&str],
        typed_keys: &[String],
        item_keys: &[Vec<String>],
        names: &[Vec<&str>],
    ) -> (usize, usize) {
        let words_of = |text: &str| -> HashSet<String> {
            text::normalize(text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 && !matches!(*w, "the" | "and"))
                .map(str::to_string)
                .collect()
        };
        // Each missing item with the words of each of its names.
        let missing: Vec<(usize, Vec<HashSet<String>>)> = (0..item_keys.len())
            .filter(|&i| !self.used[i])
            .map(|i| (i, names[i].iter().map(|name| words_of(name)).collect()))
            .collect();
        let mut attempted = vec![false; item_keys.len()];
        let mut partly = 0;
        for k in (0..typed.len()).filter(|&k| !self.typed[k]) {
            if (0..item_keys.len()).any(|i| best_match(&typed_keys[k], &item_keys[i]).is_some()) {
                continue;
            }
            let words = words_of(typed[k]);
            // Half of its words or more are half of a name of the item or more, and two words
            // at least (`emerging sectors of defence`, not `United Kingdom` for the United
            // States). The missing item sharing most of them wins (the first of equals).
            let shared_with = |name: &HashSet<String>| -> usize {
                let shared = words.intersection(name).count();
                let most = shared >= 2 && 2 * shared >= words.len() && 2 * shared >= name.len();
                if most { shared } else { 0 }
            };
            let best = missing
                .iter()
                .map(|(i, item)| (item.iter().map(shared_with).max().unwrap_or(0), *i))
                .filter(|&(shared, _)| shared > 0)
                .fold(
                    None,
                    |best: Option<(usize, usize)>, (shared, i)| match best {
                        Some((most, _)) if most >= shared => best,
                        _ => Some((shared, i)),
                    },
                );
            if let Some((_, i)) = best {
                partly += 1;
                attempted[i] = true;
            }
        }
        (partly, attempted.iter().filter(|&&a| a).count())
    }
}

/// The closest of an item's keys (its name and aliases) to `typed`, as [`text_match`] measures.
fn best_match(typed: &str, keys: &[String]) -> Option<usize> {
    keys.iter().filter_map(|k| text_match(typed, k)).min()
}

fn grade_list(
    items: &[String],
    aliases: &[Vec<String>],
    ordered: bool,
    typed: &str,
    expected: String,
) -> Verdict {
    let total = items.len();
    if total == 0 {
        return Verdict::new(Outcome::Wrong, expected).note("this question has no items");
    }
    // Splitting on `and` tries each way of reading the names joined by it, which grows with
    // the pieces: no one types a list several times longer than all its items and aliases
    // (review: 100,000 `and`s took seconds).
    let written: usize = items
        .iter()
        .chain(aliases.iter().flatten())
        .map(String::len)
        .sum();
    if typed.len() > MAX_LIST_CHARS + 2 * written {
        return Verdict::new(Outcome::Wrong, expected).note("too long for this list");
    }
    // Each item's keys: its own, then its aliases'.
    let item_keys: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            std::iter::once(item)
                .chain(aliases.get(i).into_iter().flatten())
                .map(|name| text::key(name))
                .collect()
        })
        .collect();
    let typed_items = split_items(typed, &item_keys);
    let typed_keys: Vec<String> = typed_items.iter().map(|t| text::key(t)).collect();
    let matching = if ordered {
        Matching::in_order(&typed_keys, &item_keys)
    } else {
        Matching::set(&typed_keys, &item_keys)
    };
    let (right, typos) = (matching.right, matching.typos);
    let repeated = matching.repeated(&typed_keys, &item_keys, items);
    let names: Vec<Vec<&str>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            std::iter::once(item.as_str())
                .chain(aliases.get(i).into_iter().flatten().map(String::as_str))
                .collect()
        })
        .collect();
    let (partly, attempted) = matching.partly_right(&typed_items, &typed_keys, &item_keys, &names);
    let extras = typed_keys.len() - right - repeated.len() - partly;
    // An item half remembered counts half towards the three quarters that are close (once,
    // however many typed pieces attempt it).
    let outcome = if right == total && typos == 0 && extras == 0 && repeated.is_empty() {
        Outcome::Correct
    } else if (right == total && extras <= 1)
        || (extras == 0 && partly == attempted && 4 * right + 2 * attempted >= 3 * total)
        || (ordered && one_swap(&typed_keys, &item_keys))
    {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    let verdict = Verdict::new(outcome, expected.clone())
        .diff(typed, &expected)
        .partial(right, total);
    if ordered && right < total && Matching::set(&typed_keys, &item_keys).right == total {
        return verdict.note("right items, wrong order");
    }
    // Missing: not attempted at all (an item partly right is counted as that).
    let missing = total - right - attempted;
    let mut notes = Vec::new();
    if missing > 0 {
        notes.push(format!("{missing} missing"));
    }
    if partly > 0 {
        notes.push(format!("{partly} partly right"));
    }
    if extras > 0 {
        notes.push(format!("{extras} not in the list"));
    }
    // Each repeated item once, in the order first repeated.
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for item in repeated {
        match counted.iter_mut().find(|(name, _)| *name == item) {
            Some((_, times)) => *times += 1,
            None => counted.push((item, 2)),
        }
    }
    for (item, times) in counted {
        notes.push(match times {
            2 => format!("{item} given twice"),
            n => format!("{item} given {n} times"),
        });
    }
    if typos > 0 {
        notes.push("check the spelling".to_string());
    }
    if notes.is_empty() {
        verdict
    } else {
        verdict.note(notes.join(", "))
    }
}

/// Whether the typed items are the list's with two neighbours swapped (`Venus, Mercury,
/// Earth, Mars`): nearly the order asked. Not for two items, which have no other order.
fn one_swap(typed_keys: &[String], item_keys: &[Vec<String>]) -> bool {
    if typed_keys.len() != item_keys.len() || item_keys.len() < 3 {
        return false;
    }
    let at = |t: usize, i: usize| best_match(&typed_keys[t], &item_keys[i]).is_some();
    let off: Vec<usize> = (0..typed_keys.len()).filter(|&k| !at(k, k)).collect();
    matches!(off[..], [a, b] if b == a + 1 && at(a, b) && at(b, a))
}

/// How much longer than its items and aliases together (twice over) a typed list may be
/// and still be graded; beyond it an answer is wrong at once.
const MAX_LIST_CHARS: usize = 2_000;

/// Longest stretch of characters diffed; beyond it the rest is one part.
const MAX_DIFF_CHARS: usize = 300;

/// Case- and diacritic-insensitive character diff of `typed` against `expected`.
fn diff(typed: &str, expected: &str) -> Vec<DiffPart> {
    let typed = typed.trim();
    let t: Vec<char> = typed.chars().take(MAX_DIFF_CHARS).collect();
    let e: Vec<char> = expected.chars().take(MAX_DIFF_CHARS).collect();
    let tf: Vec<char> = t.iter().map(|&c| fold_char(c)).collect();
    let ef: Vec<char> = e.iter().map(|&c| fold_char(c)).collect();
    let mut parts: Vec<DiffPart> = Vec::new();
    let collect = |chars: &[char], range: std::ops::Range<usize>| chars[range].iter().collect();
    for op in similar::capture_diff_slices(Algorithm::Myers, &ef, &tf) {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push_part(&mut parts, DiffPart::Same(collect(&e, old))),
            DiffTag::Delete => push_part(&mut parts, DiffPart::Missing(collect(&e, old))),
            DiffTag::Insert => push_part(&mut parts, DiffPart::Extra(collect(&t, new))),
            DiffTag::Replace => {
                push_part(&mut parts, DiffPart::Extra(collect(&t, new)));
                push_part(&mut parts, DiffPart::Missing(collect(&e, old)));
            }
        }
    }
    let typed_rest: String = typed.chars().skip(MAX_DIFF_CHARS).collect();
    if !typed_rest.is_empty() {
        push_part(&mut parts, DiffPart::Extra(typed_rest));
    }
    let expected_rest: String = expected.chars().skip(MAX_DIFF_CHARS).collect();
    if !expected_rest.is_empty() {
        push_part(&mut parts, DiffPart::Missing(expected_rest));
    }
    parts
}

/// The typed answer cut as [`diff`] cut it: for each `Same` and `Extra` part of `parts`, in
/// order, the typed characters it stands for — a `Same` part holds the expected answer's
/// characters, which may differ from the typed ones in case and diacritics. `Missing` parts
/// stand for nothing typed and are left out. `typed` is the text the diff was made of; like
/// [`diff`], its surrounding whitespace is not part of it.
pub fn typed_parts(parts: &[DiffPart], typed: &str) -> Vec<DiffPart> {
    let mut chars = typed.trim().chars();
    let mut out: Vec<DiffPart> = Vec::new();
    for part in parts {
        match part {
            DiffPart::Same(t) => {
                // One typed character per expected one (the comparison folds characters one
                // to one); should `typed` not be what was diffed, fall back to the part.
                let taken: String = chars.by_ref().take(t.chars().count()).collect();
                let text = if taken.chars().count() == t.chars().count() {
                    taken
                } else {
                    t.clone()
                };
                push_part(&mut out, DiffPart::Same(text));
            }
            DiffPart::Extra(t) => {
                let _ = chars.by_ref().take(t.chars().count()).count();
                push_part(&mut out, DiffPart::Extra(t.clone()));
            }
            DiffPart::Missing(_) => {}
        }
    }
    out
}

/// How alike the two sides of a diff are, from 0 (nothing in common) to 1 (the same
/// without case and diacritics), and in how many places they differ (a replaced stretch is
/// one place). A wrong answer that shares little with the expected one gives a diff of noise.
pub fn diff_likeness(parts: &[DiffPart]) -> (f64, usize) {
    let (mut same, mut typed, mut expected, mut places) = (0, 0, 0, 0);
    let mut in_change = false;
    for part in parts {
        match part {
            DiffPart::Same(t) => {
                same += t.chars().count();
                in_change = false;
            }
            DiffPart::Extra(t) | DiffPart::Missing(t) => {
                if matches!(part, DiffPart::Extra(_)) {
                    typed += t.chars().count();
                } else {
                    expected += t.chars().count();
                }
                if !in_change {
                    places += 1;
                }
                in_change = true;
            }
        }
    }
    let total = 2 * same + typed + expected;
    let ratio = if total == 0 {
        1.0
    } else {
        (2 * same) as f64 / total as f64
    };
    (ratio, places)
}

/// Appends a diff part, merging it into the last one of the same kind.
fn push_part(parts: &mut Vec<DiffPart>, part: DiffPart) {
    if let Some(last) = parts.last_mut() {
        match (last, &part) {
            (DiffPart::Same(a), DiffPart::Same(b))
            | (DiffPart::Missing(a), DiffPart::Missing(b))
            | (DiffPart::Extra(a), DiffPart::Extra(b)) => {
                a.push_str(b);
                return;
            }
            _ => {}
        }
    }
    let empty = match &part {
        DiffPart::Same(s) | DiffPart::Missing(s) | DiffPart::Extra(s) => s.is_empty(),
    };
    if !empty {
        parts.push(part);
    }
}

/// One character compared without case or diacritics.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut base = lower;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(lower, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base
}
