//! E203: every answer is stated by at least one of its own evidence excerpts.
//!
//! Names and things are found as whole words in the excerpt after the grader's text
//! normalisation ([`text::normalize`]), under the value itself or one of the deck's aliases
//! for it. Numbers and amounts are compared by value ([`number::find_all`]), with the same
//! currency when both name one: `$15 billion` supports `[15 billion dollars](money)`. Dates,
//! years and weekdays are compared by value ([`date::find_all`]): `2019` supports a year, a
//! full date its year and its weekday. So a fact whose name, figure or date was changed fails.
//!
//! Checked: every answer span of a fact, and the correct answers of hand-written cards (text:
//! at least one accepted form; choice: every correct option; number; date; list: every item;
//! true/false is not checked).

use std::collections::HashMap;

use super::quoted;
use crate::deck::markup::{self, SpanType};
use crate::deck::{CardAnswer, DateOrder, Loaded};
use crate::diagnostic::{Code, Diagnostic};
use crate::grade::number::{self, Amount};
use crate::grade::{date, text};
use crate::question::DateValue;

/// How a value is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Number,
    Date,
    /// A card's free text: a name, else an amount, else a date.
    Any,
}

impl Kind {
    fn of(ty: SpanType) -> Kind {
        match ty {
            SpanType::Number | SpanType::Money => Kind::Number,
            SpanType::Date | SpanType::Year | SpanType::Day => Kind::Date,
            _ => Kind::Name,
        }
    }
}

/// The evidence of one fact or card, normalised lazily (most answers need one form only).
struct Evidence<'a> {
    raw: &'a [String],
    normalized: Option<Vec<String>>,
    amounts: Option<Vec<Vec<Amount>>>,
    dates: Option<Vec<Vec<DateValue>>>,
}

impl<'a> Evidence<'a> {
    fn new(raw: &'a [String]) -> Evidence<'a> {
        Evidence {
            raw,
            normalized: None,
            amounts: None,
            dates: None,
        }
    }

    fn normalized(&mut self) -> &[String] {
        self.normalized
            .get_or_insert_with(|| self.raw.iter().map(|e| text::normalize(e)).collect())
    }

    fn amounts(&mut self) -> &[Vec<Amount>] {
        self.amounts.get_or_insert_with(|| {
            self.raw
                .iter()
                .map(|e| number::find_all(e).into_iter().map(|(_, a)| a).collect())
                .collect()
        })
    }

    fn dates(&mut self, day_first: bool) -> &[Vec<DateValue>] {
        self.dates.get_or_insert_with(|| {
            self.raw
                .iter()
                .map(|e| {
                    date::find_all(e, day_first)
                        .into_iter()
                        .map(|(_, d)| d)
                        .collect()
                })
                .collect()
        })
    }
}

/// The names a value may appear under: itself, its aliases, and the names it is an alias of.
struct Names<'a> {
    aliases: &'a std::collections::BTreeMap<String, Vec<String>>,
    of: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Names<'a> {
    fn new(loaded: &'a Loaded) -> Names<'a> {
        let aliases = &loaded.deck.aliases;
        let mut of: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, list) in aliases {
            for alias in list {
                of.entry(alias.as_str()).or_default().push(name.as_str());
            }
        }
        Names { aliases, of }
    }

    fn of(&self, value: &'a str) -> impl Iterator<Item = &'a str> + '_ {
        std::iter::once(value)
            .chain(
                self.aliases
                    .get(value)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            )
            .chain(self.of.get(value).into_iter().flatten().copied())
    }
}

/// Whether `needle` occurs in `hay` as whole words.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether two units agree: equal, or one of them unnamed.
fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => number::canonical_unit(a) == number::canonical_unit(b),
        _ => true,
    }
}

/// Whether a date found in evidence states `want`.
fn states_date(want: DateValue, found: DateValue) -> bool {
    match (want, found) {
        _ if want == found => true,
        (DateValue::Year(y), DateValue::Full(d)) => d.year() == y,
        (DateValue::Weekday(w), DateValue::Full(d)) => d.weekday() == w,
        _ => false,
    }
}

struct Checker<'a> {
    names: Names<'a>,
    day_first: bool,
}

impl<'a> Checker<'a> {
    fn supported(&self, value: &'a str, kind: Kind, evidence: &mut Evidence) -> bool {
        match kind {
            Kind::Name => self.name(value, evidence),
            Kind::Number => number::parse(value).is_some_and(|a| amount(&a, 0.0, evidence)),
            Kind::Date => {
                date::parse(value, self.day_first).is_some_and(|d| self.date(d, evidence))
            }
            Kind::Any => {
                self.name(value, evidence)
                    || number::parse(value).is_some_and(|a| amount(&a, 0.0, evidence))
                    || date::parse(value, self.day_first).is_some_and(|d| self.date(d, evidence))
            }
        }
    }

    fn name(&self, value: &'a str, evidence: &mut Evidence) -> bool {
        let normalized = evidence.normalized();
        self.names.of(value).any(|name| {
            let name = text::normalize(name);
            normalized.iter().any(|e| contains_words(e, &name))
        })
    }

    fn date(&self, want: DateValue, evidence: &mut Evidence) -> bool {
        evidence
            .dates(self.day_first)
            .iter()
            .flatten()
            .any(|&found| states_date(want, found))
    }
}

fn amount(want: &Amount, tolerance: f64, evidence: &mut Evidence) -> bool {
    evidence.amounts().iter().flatten().any(|found| {
        (number::same_value(found.value, want.value)
            || (found.value - want.value).abs() <= tolerance)
            && same_unit(want.unit.as_deref(), found.unit.as_deref())
    })
}

/// E203 findings of one deck.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let deck = &loaded.deck;
    let checker = Checker {
        names: Names::new(loaded),
        day_first: deck.settings.date_order == DateOrder::DayFirst,
    };
    let mut findings = Vec::new();
    for (i, fact) in deck.facts.iter().enumerate() {
        let mut evidence = Evidence::new(&fact.evidence);
        for span in markup::spans(&loaded.segments[i]) {
            if checker.supported(&span.value, Kind::of(span.ty), &mut evidence) {
                continue;
            }
            let path = format!("facts[{i}].text");
            let at = loaded.locate_in_text(&path, &fact.text, span.range.clone());
            findings.push(unsupported(loaded, at, &span.value, &fact.evidence, "fact"));
        }
    }
    for (i, card) in deck.cards.iter().enumerate() {
        let mut evidence = Evidence::new(&card.evidence);
        let base = format!("cards[{i}].answer");
        let mut failed: Vec<(String, String)> = Vec::new();
        match &card.answer {
            CardAnswer::Text(accepted) => {
                if !accepted
                    .iter()
                    .any(|a| checker.supported(a, Kind::Any, &mut evidence))
                    && let Some(first) = accepted.first()
                {
                    failed.push((format!("{base}.0[0]"), first.clone()));
                }
            }
            CardAnswer::Choice { correct, .. } => {
                for (j, option) in correct.iter().enumerate() {
                    if !checker.supported(option, Kind::Any, &mut evidence) {
                        failed.push((format!("{base}.correct[{j}]"), option.clone()));
                    }
                }
            }
            CardAnswer::List { items, .. } => {
                for (j, item) in items.iter().enumerate() {
                    if !checker.supported(item, Kind::Any, &mut evidence) {
                        failed.push((format!("{base}.items[{j}]"), item.clone()));
                    }
                }
            }
            CardAnswer::Number {
                value,
                unit,
                tolerance,
            } => {
                let want = Amount {
                    value: *value,
                    unit: unit.clone(),
                };
                if !amount(&want, *tolerance, &mut evidence) {
                    failed.push((
                        format!("{base}.value"),
                        crate::generate::display_number(*value, unit.as_deref()),
                    ));
                }
            }
            CardAnswer::Date(value) => {
                if !checker.supported(value, Kind::Date, &mut evidence) {
                    failed.push((format!("{base}.0"), value.clone()));
                }
            }
            CardAnswer::TrueFalse(_) => {}
        }
        for (path, value) in failed {
            findings.push(unsupported(
                loaded,
                loaded.locate(&path),
                &value,
                &card.evidence,
                "card",
            ));
        }
    }
    findings
}

fn unsupported(
    loaded: &Loaded,
    at: std::ops::Range<usize>,
    value: &str,
    evidence: &[String],
    what: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::AnswerNotInEvidence,
        &loaded.file,
        at,
        format!("`{value}` is not supported by the {what}'s evidence"),
    )
    .label("not stated in any evidence excerpt")
    .help(format!(
        "the evidence is {}; quote the passage that states it (names may match through `aliases`; amounts and dates in any spelling)",
        quoted(evidence)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains_words("india's partner", "india"));
        assert!(!contains_words("indiana", "india"));
        assert!(contains_words(
            "the s-400 missile system",
            "s-400 missile system"
        ));
    }

    #[test]
    fn dates_state_their_year_and_weekday() {
        let d = DateValue::Full(jiff::civil::date(2021, 3, 20));
        assert!(states_date(DateValue::Year(2021), d));
        assert!(states_date(
            DateValue::Weekday(jiff::civil::Weekday::Saturday),
            d
        ));
        assert!(!states_date(DateValue::Year(2020), d));
    }
}
