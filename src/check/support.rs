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

use super::quoted;
use crate::FastMap;
use crate::deck::markup;
use crate::deck::{CardAnswer, DateOrder, Loaded, SpanValue};
use crate::diagnostic::{Code, Diagnostic};
use crate::grade::number::{self, Amount};
use crate::grade::{date, text};
use crate::question::DateValue;

/// How a card's value is read (a fact's spans were read by the loader: [`SpanValue`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Date,
    /// A card's free text: a name, else an amount, else a date.
    Any,
}

/// The evidence of one fact or card, each excerpt read lazily and once per form (most
/// answers need one form only, and are found in the first excerpt).
struct Evidence<'a> {
    raw: &'a [String],
    normalized: Vec<Option<String>>,
    amounts: Vec<Option<Vec<Amount>>>,
    dates: Vec<Option<Vec<DateValue>>>,
}

impl<'a> Evidence<'a> {
    fn new(raw: &'a [String]) -> Evidence<'a> {
        Evidence {
            raw,
            normalized: vec![None; raw.len()],
            amounts: vec![None; raw.len()],
            dates: vec![None; raw.len()],
        }
    }

    fn normalized(&mut self, i: usize) -> &str {
        self.normalized[i].get_or_insert_with(|| text::normalize(&self.raw[i]))
    }

    fn amounts(&mut self, i: usize) -> &[Amount] {
        self.amounts[i].get_or_insert_with(|| {
            number::find_all(&self.raw[i])
                .into_iter()
                .map(|(_, a)| a)
                .collect()
        })
    }

    fn dates(&mut self, i: usize, day_first: bool) -> &[DateValue] {
        self.dates[i].get_or_insert_with(|| {
            date::find_all(&self.raw[i], day_first)
                .into_iter()
                .map(|(_, d)| d)
                .collect()
        })
    }
}

/// Whether `needle` occurs in `hay` as whole words.
///
/// The occurrences tried are those of `str::match_indices` (left to right, not overlapping),
/// found by hand: excerpts are short, and setting up the standard substring searcher for each
/// one cost more than the search.
fn contains_words(hay: &str, needle: &str) -> bool {
    let Some(&first) = needle.as_bytes().first() else {
        return false;
    };
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes[from..].iter().position(|&b| b == first) {
        let i = from + p;
        if !bytes[i..].starts_with(needle.as_bytes()) {
            from = i + 1;
            continue;
        }
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = i + needle.len();
    }
    false
}

/// Whether two units agree: equal, or one of them unnamed. `want` is read lazily and once
/// (most amounts found in evidence differ in value, and their unit is never compared).
fn same_unit(want: &mut Want, found: Option<&str>) -> bool {
    match (want.unit(), found) {
        (Some(a), Some(b)) => a == number::canonical_unit(b),
        _ => true,
    }
}

/// The canonical unit of a wanted amount, computed on first use.
struct Want<'a> {
    unit: Option<&'a str>,
    canonical: Option<String>,
}

impl Want<'_> {
    fn unit(&mut self) -> Option<&str> {
        let unit = self.unit?;
        Some(
            self.canonical
                .get_or_insert_with(|| number::canonical_unit(unit)),
        )
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

/// The support check of one deck, a fact or card at a time; it keeps the normalised names
/// it has seen, for the facts that follow.
pub struct Checker<'a> {
    loaded: &'a Loaded,
    day_first: bool,
    /// The normalised form of each name seen so far (decks repeat names across facts).
    normalized: FastMap<&'a str, String>,
}

/// E203 findings of one deck.
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut checker = Checker::new(loaded);
    let mut findings = checker.facts(0..loaded.deck.facts.len());
    findings.extend(checker.cards());
    findings
}

impl<'a> Checker<'a> {
    pub fn new(loaded: &'a Loaded) -> Checker<'a> {
        Checker {
            loaded,
            day_first: loaded.deck.settings.date_order == DateOrder::DayFirst,
            normalized: FastMap::default(),
        }
    }

    /// E203 findings of the facts `range` of the deck, in order (a large deck's facts are
    /// checked in chunks, beside their questions).
    pub fn facts(&mut self, range: std::ops::Range<usize>) -> Vec<Diagnostic> {
        let loaded = self.loaded;
        let deck = &loaded.deck;
        let mut findings = Vec::new();
        for (i, fact) in range.clone().zip(&deck.facts[range]) {
            let mut evidence = Evidence::new(&fact.evidence);
            // The loader has read each span's value already (an amount, a date or a name).
            for (span, value) in markup::spans(&loaded.segments[i]).zip(&loaded.values[i]) {
                let supported = match value {
                    SpanValue::Name => self.name(&span.value, &mut evidence),
                    SpanValue::Amount(want) => amount(want, 0.0, &mut evidence),
                    SpanValue::Date(want) => self.date(*want, &mut evidence),
                };
                if supported {
                    continue;
                }
                let path = format!("facts[{i}].text");
                let at = loaded.locate_in_text(&path, &fact.text, span.range.clone());
                let finding = unsupported(loaded, at, &span.value, &fact.evidence, "fact");
                findings.push(match value {
                    SpanValue::Amount(want) => in_another_unit(finding, want, 0.0, &mut evidence),
                    _ => finding,
                });
            }
        }
        findings
    }

    /// E203 findings of the hand-written cards of the deck, in order.
    pub fn cards(&mut self) -> Vec<Diagnostic> {
        let loaded = self.loaded;
        let deck = &loaded.deck;
        let mut findings = Vec::new();
        for (i, card) in deck.cards.iter().enumerate() {
            let mut evidence = Evidence::new(&card.evidence);
            let base = format!("cards[{i}].answer");
            let mut failed: Vec<(String, String)> = Vec::new();
            // The amount of a `Number` answer, when the evidence does not state it.
            let mut amiss = None;
            match &card.answer {
                CardAnswer::Text(accepted) => {
                    if !accepted
                        .iter()
                        .any(|a| self.supported(a, Kind::Any, &mut evidence))
                        && let Some(first) = accepted.first()
                    {
                        failed.push((format!("{base}.0[0]"), first.clone()));
                    }
                }
                CardAnswer::Choice { correct, .. } => {
                    for (j, option) in correct.iter().enumerate() {
                        if !self.supported(option, Kind::Any, &mut evidence) {
                            failed.push((format!("{base}.correct[{j}]"), option.clone()));
                        }
                    }
                }
                CardAnswer::List { items, .. } => {
                    for (j, item) in items.iter().enumerate() {
                        if !self.supported(item, Kind::Any, &mut evidence) {
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
                        amiss = Some((want, *tolerance));
                    }
                }
                CardAnswer::Date(value) => {
                    if !self.supported(value, Kind::Date, &mut evidence) {
                        failed.push((format!("{base}.0"), value.clone()));
                    }
                }
                CardAnswer::TrueFalse(_) => {}
            }
            for (path, value) in failed {
                let at = loaded.locate(&path);
                let finding = unsupported(loaded, at, &value, &card.evidence, "card");
                findings.push(match &amiss {
                    Some((want, tolerance)) => {
                        in_another_unit(finding, want, *tolerance, &mut evidence)
                    }
                    None => finding,
                });
            }
        }
        findings
    }

    fn supported(&mut self, value: &'a str, kind: Kind, evidence: &mut Evidence) -> bool {
        match kind {
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

    fn name(&mut self, value: &'a str, evidence: &mut Evidence) -> bool {
        // The value and its other names in the deck ([`Loaded::other_names`]), then each
        // with `&` and `and` spelt the other way (`Trinidad and Tobago` states
        // `Trinidad & Tobago`).
        let names = || std::iter::once(value).chain(self.loaded.other_names(value));
        for name in names() {
            let name = self
                .normalized
                .entry(name)
                .or_insert_with(|| text::normalize(name));
            if (0..evidence.raw.len()).any(|i| contains_words(evidence.normalized(i), name)) {
                return true;
            }
        }
        if names().filter_map(text::and_spelt_otherwise).any(|spelt| {
            let spelt = text::normalize(&spelt);
            (0..evidence.raw.len()).any(|i| contains_words(evidence.normalized(i), &spelt))
        }) {
            return true;
        }
        // The other spelling (`defence` stated by `defense`): both spelt the American way.
        let american = |text: &str| text::spelt_american(text).unwrap_or_else(|| text.to_owned());
        names().any(|name| {
            let name = american(&text::normalize(name));
            (0..evidence.raw.len())
                .any(|i| contains_words(&american(evidence.normalized(i)), &name))
        })
    }

    fn date(&self, want: DateValue, evidence: &mut Evidence) -> bool {
        (0..evidence.raw.len()).any(|i| {
            evidence
                .dates(i, self.day_first)
                .iter()
                .any(|&found| states_date(want, found))
        })
    }
}

fn amount(want: &Amount, tolerance: f64, evidence: &mut Evidence) -> bool {
    let mut unit = Want {
        unit: want.unit.as_deref(),
        canonical: None,
    };
    (0..evidence.raw.len()).any(|i| {
        evidence.amounts(i).iter().any(|found| {
            (number::same_value(found.value, want.value)
                || (found.value - want.value).abs() <= tolerance)
                && same_unit(&mut unit, found.unit.as_deref())
        })
    })
}

/// `finding` (an amount not stated) with a help that names the unit the evidence gives the
/// same number in, when it gives one (QA: `unit: "t"` for `2,300 tonnes` said only that the
/// amount was not stated).
fn in_another_unit(
    finding: Diagnostic,
    want: &Amount,
    tolerance: f64,
    evidence: &mut Evidence,
) -> Diagnostic {
    let Some(wanted) = want.unit.as_deref().map(number::canonical_unit) else {
        return finding;
    };
    let found = (0..evidence.raw.len()).find_map(|i| {
        (evidence.amounts(i).iter())
            .filter(|found| {
                number::same_value(found.value, want.value)
                    || (found.value - want.value).abs() <= tolerance
            })
            .find_map(|found| found.unit.clone().filter(|unit| *unit != wanted))
    });
    match found {
        Some(unit) if number::is_currency(&unit) && number::is_currency(&wanted) => {
            finding.help(format!(
                "the evidence gives this amount in {}, the answer in {}: is the currency right?",
                unit.to_uppercase(),
                wanted.to_uppercase()
            ))
        }
        Some(unit) => finding.help(format!(
            "the evidence gives this number in `{unit}`, the answer in `{wanted}`: write the \
             unit as the evidence does (a unit recall does not know is compared as written)"
        )),
        None => finding,
    }
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

    /// An amount the evidence gives in another unit says which (QA).
    #[test]
    fn an_amount_in_another_unit_names_it() {
        let deck = format!(
            "Deck(id: \"d\", title: \"D\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [Fact(id: \"f\", text: \"It took [40 minutes](number).\", \
             evidence: [\"it took 40 seconds\"])], cards: [Card(id: \"c\", ask: \"Weight?\", \
             answer: Number(value: 2300, unit: \"t\"), evidence: [\"they weigh 2,300 tonnes\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(crate::diagnostic::SourceFile::new("d.ron", deck))
            .expect("valid deck");
        let helps: Vec<String> = (check(&loaded).into_iter())
            .map(|f| f.help.unwrap_or_default())
            .collect();
        assert_eq!(helps.len(), 2, "{helps:?}");
        assert!(
            helps[0]
                .starts_with("the evidence gives this number in `second`, the answer in `minute`"),
            "{helps:?}"
        );
        assert!(
            helps[1].starts_with("the evidence gives this number in `tonne`, the answer in `t`"),
            "{helps:?}"
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_words("india's partner", "india"));
        assert!(!contains_words("indiana", "india"));
        // Occurrences overlapping a rejected one are not tried (as `match_indices`).
        assert!(!contains_words("xa a a", "a a"));
        assert!(contains_words(
            "the s-400 missile system",
            "s-400 missile system"
        ));
    }

    proptest::proptest! {
        /// Same answer as trying each occurrence `str::match_indices` gives.
        #[test]
        fn whole_words_as_match_indices_finds_them(
            hay in "[ab é.-]{0,30}",
            needle in "[ab é.-]{0,5}",
        ) {
            let want = !needle.is_empty()
                && hay.match_indices(needle.as_str()).any(|(i, m)| {
                    let before = hay[..i].chars().next_back();
                    let after = hay[i + m.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                });
            proptest::prop_assert_eq!(contains_words(&hay, &needle), want);
        }
    }

    #[test]
    fn a_name_is_stated_in_its_other_spellings() {
        let deck = |span: &str, excerpt: &str| {
            format!(
                "Deck(id: \"d\", title: \"D\", source: Source(file: \"s.txt\", sha256: \"{}\", \
                 title: \"S\"), facts: [Fact(id: \"f\", text: \"[{span}](country) joined.\", \
                 evidence: [\"{excerpt}\"])])",
                "0".repeat(64)
            )
        };
        let unsupported = |span: &str, excerpt: &str| {
            let text = deck(span, excerpt);
            let loaded = crate::deck::load(crate::diagnostic::SourceFile::new("d.ron", text))
                .expect("valid deck");
            check(&loaded).len()
        };
        assert_eq!(
            unsupported("Trinidad & Tobago", "Trinidad and Tobago joined"),
            0
        );
        assert_eq!(
            unsupported("Trinidad and Tobago", "Trinidad & Tobago joined"),
            0
        );
        assert_eq!(
            unsupported("Trinidad & Tobago", "Trinidad & Tobago joined"),
            0
        );
        // Another name is still not stated.
        assert_eq!(
            unsupported("Trinidad & Tobago", "Tobago and Trinidad joined"),
            1
        );
        assert_eq!(unsupported("Trinidad & Tobago", "Trinidad joined"), 1);
        // British and American spellings, either way round.
        assert_eq!(unsupported("Labour Party", "the Labor Party joined"), 0);
        assert_eq!(unsupported("Harbor Centre", "the Harbour Center joined"), 0);
        assert_eq!(unsupported("Labour Party", "the Liberal Party joined"), 1);
    }

    /// A duration in parts states the whole, not its parts (QA: `[40 minutes]` was stated by
    /// `from 2 hours 40 minutes to just 48 minutes`, and `[160 minutes]` was not).
    #[test]
    fn a_duration_in_parts_states_the_whole() {
        let unsupported = |span: &str| {
            let text = format!(
                "Deck(id: \"d\", title: \"D\", source: Source(file: \"s.txt\", sha256: \"{}\", \
                 title: \"S\"), facts: [Fact(id: \"f\", text: \"The trip fell to [{span}](number).\", \
                 evidence: [\"cut the trip from 2 hours 40 minutes to just 48 minutes\"])])",
                "0".repeat(64)
            );
            let loaded = crate::deck::load(crate::diagnostic::SourceFile::new("d.ron", text))
                .expect("valid deck");
            check(&loaded).len()
        };
        assert_eq!(unsupported("160 minutes"), 0);
        assert_eq!(unsupported("2 hours 40 minutes"), 0);
        assert_eq!(unsupported("48 minutes"), 0);
        assert_eq!(unsupported("40 minutes"), 1);
        assert_eq!(unsupported("2 hours"), 1);
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
