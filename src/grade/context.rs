//! What a question says around its answer, read when grading: a bound on an amount, the
//! date its day of the week falls on, the unit its number is given in.

use std::borrow::Cow;

use super::{Outcome, Verdict, date, number};
use crate::question::{DateValue, Question};

/// An amount typed with a bound (`less than $3 billion`) for the answer shown as `display`,
/// of `value`: wrong when the fact states the other bound (`more than _____`), close when it
/// gives the amount itself (which the bound leaves out), as `verdict` when it says the same.
pub(super) fn bound_in_context(
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
pub(super) fn another_date(
    question: &Question,
    day: jiff::civil::Weekday,
    day_first: bool,
    typed: &str,
) -> Option<String> {
    // (month, day, year) typed after the day of the week; a day of the month alone
    // (`Saturday 21st`) has no month.
    let said = match date::parse(typed, day_first) {
        Some(DateValue::Full(d)) => (Some(d.month()), d.day(), Some(d.year())),
        _ => {
            let (_, rest) = date::split_weekday(typed)?;
            match date::parse_day_month(rest, day_first) {
                Some((_, month, on)) => (Some(month), on, None),
                None => (None, super::day_of_month(rest)?, None),
            }
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
        said.0.is_none_or(|month| month == known.month())
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
pub(super) fn unit_from_nowhere(
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
