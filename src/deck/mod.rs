//! The deck format: what an author writes by hand in a `.ron` file, and its loader.
//!
//! A [`Deck`] holds facts (sentences with `[value](type)` answer spans, see [`markup`]) and
//! hand-written cards. [`load()`] turns source text into a validated deck or a list of located
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s. Loading is pure: the caller reads the file.

mod lex;
pub mod load;
mod locate;
pub mod markup;
mod parts;
mod warnings;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use load::{Loaded, load};
pub use locate::Locations;

/// [`parts`] for the fuzz harness: any deck with a `facts` list, in `count` parts.
#[doc(hidden)]
pub fn read_in_parts(text: &str, count: usize) -> Option<Deck> {
    parts::read(text, count, 1)
}
pub use markup::{Segment, Span, SpanType};

/// A whole deck file. (The type parameters let the loader skim a broken file's facts and
/// cards without parsing them; everyone else uses the defaults.)
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deck<F = Fact, C = Card> {
    /// Stable identifier; review history is keyed on it.
    pub id: String,
    pub title: String,
    pub source: Source,
    #[serde(default)]
    pub settings: Settings,
    /// Other names a learner may type for a name, e.g. `"Lloyd Austin": ["Austin"]`. A name
    /// given twice is refused (E115).
    #[serde(default, deserialize_with = "unique_keys")]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default = "Vec::new")]
    pub facts: Vec<F>,
    #[serde(default = "Vec::new")]
    pub cards: Vec<C>,
}

/// The start of the message of the error [`unique_keys`] gives, which the loader reports as
/// E115 at both keys (`ron` gives no position for it).
pub(crate) const DUPLICATE_KEY: &str = "key given twice in `aliases`";

/// The deck's `aliases` map, refusing a key given twice: serde's map would keep the second
/// entry and silently drop the first with its aliases. Costs what serde's own map visitor
/// does (one insert per entry).
fn unique_keys<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    use std::collections::btree_map::Entry;
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = BTreeMap<String, Vec<String>>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((name, aliases)) = map.next_entry::<String, Vec<String>>()? {
                match out.entry(name) {
                    Entry::Vacant(entry) => {
                        entry.insert(aliases);
                    }
                    Entry::Occupied(entry) => {
                        return Err(serde::de::Error::custom(format_args!(
                            "{DUPLICATE_KEY}: `{}`",
                            entry.key()
                        )));
                    }
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique)
}

/// The document a deck's facts are taken from.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name, looked up next to the deck, then in `--sources` and `RECALL_SOURCES`.
    pub file: String,
    /// Lowercase hex sha256 of the file.
    pub sha256: String,
    pub title: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// How a deck reads `3/4/2021`.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// A kind of question generated from facts.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Cloze,
    Choice,
    TrueFalse,
    Reverse,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Cloze, Kind::Choice, Kind::TrueFalse, Kind::Reverse];

    /// As a deck writes it (`TrueFalse`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Cloze => "Cloze",
            Kind::Choice => "Choice",
            Kind::TrueFalse => "TrueFalse",
            Kind::Reverse => "Reverse",
        }
    }
}

/// Per-deck study settings; every field has a default.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub date_order: DateOrder,
    /// Which kinds of question facts yield (a fact's own `kinds` are used instead).
    pub kinds: Vec<Kind>,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Desired retention, between 0.7 and 0.99.
    pub retention: f32,
    /// Same-day steps for new questions, e.g. `["1m", "10m"]`.
    pub learning_steps: Vec<String>,
    /// Same-day steps after a lapse.
    pub relearning_steps: Vec<String>,
    pub maximum_interval_days: u32,
    /// Failures after which a question is tagged a leech.
    pub leech_threshold: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            date_order: DateOrder::DayFirst,
            kinds: Kind::ALL.to_vec(),
            new_per_day: 20,
            reviews_per_day: 200,
            retention: 0.9,
            learning_steps: vec!["1m".into(), "10m".into()],
            relearning_steps: vec!["10m".into()],
            maximum_interval_days: 36500,
            leech_threshold: 8,
        }
    }
}

/// A sentence of the source, in the author's words, with answer spans.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    /// Text with `[value](type)` spans, e.g. `On [Saturday](day) [Lloyd Austin](person) ...`.
    pub text: String,
    /// Short excerpts of the source that state this fact.
    pub evidence: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The kinds of question this fact yields, used instead of the deck's `kinds` (not
    /// within them: `[Reverse]` asks its `reverse` questions even when the deck's leave it out).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Author-phrased questions whose answer is one span of the fact.
    #[serde(default)]
    pub reverse: Vec<Reverse>,
}

/// "Who is Lloyd Austin's Indian counterpart?" → the span `Rajnath Singh`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reverse {
    pub ask: String,
    /// The value of one of the fact's spans.
    pub answer: String,
}

/// A hand-written question.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: String,
    pub ask: String,
    pub answer: CardAnswer,
    pub evidence: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The fact this card is about, if any (its tags are inherited).
    #[serde(default)]
    pub fact: Option<String>,
}

/// The answer kinds of hand-written cards.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum CardAnswer {
    /// Accepted answers; the first is shown as the answer.
    Text(Vec<String>),
    /// One or several correct options and the wrong ones.
    Choice {
        correct: Vec<String>,
        wrong: Vec<String>,
    },
    TrueFalse(bool),
    /// A number; `unit` is a currency code (`USD`, `EUR`) or a unit word.
    Number {
        value: f64,
        #[serde(default)]
        unit: Option<String>,
        #[serde(default)]
        tolerance: f64,
    },
    /// An ISO date (`2021-03-20`), a year (`2019`) or a weekday (`Saturday`).
    Date(String),
    List {
        items: Vec<String>,
        #[serde(default)]
        ordered: bool,
    },
}

/// Reads a card's `Date("...")`: an ISO date, a year or a weekday name.
pub fn parse_card_date(text: &str) -> Option<crate::question::DateValue> {
    use crate::question::DateValue;
    let text = text.trim();
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Some(DateValue::Full(date));
    }
    if text.len() == 4
        && let Ok(year) = text.parse::<i16>()
    {
        return Some(DateValue::Year(year));
    }
    weekday(text).map(DateValue::Weekday)
}

/// An English weekday name, full or abbreviated, any case.
pub fn weekday(text: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    let lower = text.trim().to_lowercase();
    let days = [
        ("monday", Monday),
        ("tuesday", Tuesday),
        ("wednesday", Wednesday),
        ("thursday", Thursday),
        ("friday", Friday),
        ("saturday", Saturday),
        ("sunday", Sunday),
    ];
    days.into_iter()
        .find(|(name, _)| {
            lower == *name
                || (lower.len() >= 3
                    && name.starts_with(lower.as_str())
                    && lower.len() <= name.len())
        })
        .map(|(_, day)| day)
}

/// A span's value as the loader read it: an amount for number and money spans, a date for
/// date, year and day spans (`grade::number::parse`, `grade::date::parse`); names are text.
#[derive(Clone, Debug, PartialEq)]
pub enum SpanValue {
    Name,
    Amount(crate::grade::number::Amount),
    Date(crate::question::DateValue),
}

/// Whether `value` names a decade (`1990s`, `the 1990s`, `the '90s`).
fn is_decade(value: &str) -> bool {
    let value = value.trim();
    let value = value
        .strip_prefix("the ")
        .unwrap_or(value)
        .trim_start_matches(['\'', '’']);
    let Some(digits) = value.strip_suffix('s') else {
        return false;
    };
    matches!(digits.len(), 2 | 4)
        && digits.ends_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Checks that a span's value can be graded as its type says, and returns what it reads as.
fn check_span_value(span: &Span, day_first: bool) -> Result<SpanValue, String> {
    use crate::grade::{date, number};
    use crate::question::DateValue;
    let (value, expected) = match span.ty {
        SpanType::Day => (
            date::parse(&span.value, day_first)
                .filter(|d| matches!(d, DateValue::Weekday(_)))
                .map(SpanValue::Date),
            "a weekday such as `Saturday`",
        ),
        SpanType::Year => (
            date::parse(&span.value, day_first)
                .filter(|d| matches!(d, DateValue::Year(_)))
                .map(SpanValue::Date),
            "a year such as `2019`",
        ),
        SpanType::Date => (
            date::parse(&span.value, day_first).map(SpanValue::Date),
            "a date such as `2021-03-20` or `March 20, 2021`",
        ),
        SpanType::Number | SpanType::Money => (
            number::parse(&span.value).map(SpanValue::Amount),
            "a number or amount such as `20,000`, `$15 billion` or `€2.5bn`",
        ),
        _ => (Some(SpanValue::Name), ""),
    };
    if let Some(value) = value {
        Ok(value)
    } else if matches!(span.ty, SpanType::Year | SpanType::Date) && is_decade(&span.value) {
        Err(format!(
            "`{}` is a decade, which no `{}` span can be: mark it `thing` (graded as text, \
             `1990s` or `the 1990s`), or ask for a year within it",
            span.value,
            span.ty.name()
        ))
    } else {
        Err(format!(
            "`{}` cannot be read as a {} span: write {expected}",
            span.value,
            span.ty.name()
        ))
    }
}
