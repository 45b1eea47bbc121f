//! Warnings about a deck that loaded (W124–W128): mistakes that do not stop it being studied,
//! but leave a part of it unused or make its questions odd. `recall check` reports them with
//! its own.
//!
//! Cheap on a large deck: each span value is looked at once (an alias as written, without
//! keying every answer, unless one is not found so), and the value locator only runs for a
//! finding.

use std::collections::hash_map::Entry;
use std::ops::Range;

use super::markup::{self, SpanType};
use super::{CardAnswer, Kind, Loaded, SpanValue};
use crate::FastMap;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::grade::text::key;
use crate::question::DateValue;

impl Loaded {
    /// The deck's warnings: an `aliases` entry that names no answer (W124), a `date` span that
    /// is only a weekday or a year (W125), `reverse` questions its kinds never ask (W126), a
    /// date in digits written in the other day order than the deck's (W127), an alias that is
    /// another answer of the deck (W128).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut found = unused_aliases(self);
        found.extend(dates_that_are_not_dates(self));
        found.extend(dates_against_order(self));
        found.extend(aliases_that_are_answers(self));
        found.extend(reverse_never_asked(self));
        found
    }
}

/// Every answer of the deck as written: each span's value, each card's accepted text, choice
/// option and list item (what the deck's aliases are looked up for).
fn answers(loaded: &Loaded) -> impl Iterator<Item = &str> {
    let spans = (loaded.segments.iter())
        .flat_map(|segments| markup::spans(segments))
        .map(|span| span.value.as_str());
    let cards = loaded.deck.cards.iter().flat_map(|card| {
        let lists: [&[String]; 2] = match &card.answer {
            CardAnswer::Text(accepted) => [accepted, &[]],
            CardAnswer::Choice { correct, wrong } => [correct, wrong],
            CardAnswer::List { items, .. } => [items, &[]],
            CardAnswer::TrueFalse(_) | CardAnswer::Number { .. } | CardAnswer::Date(_) => {
                [&[], &[]]
            }
        };
        lists.into_iter().flatten().map(String::as_str)
    });
    spans.chain(cards)
}

/// W124: an `aliases` entry whose name, and each of its aliases, is no answer of the deck (as
/// the grader compares them: `[margaret hollis]` is `Margaret Hollis`): its aliases are never
/// accepted for anything, most often because the name is misspelt.
fn unused_aliases(loaded: &Loaded) -> Vec<Diagnostic> {
    let aliases = &loaded.deck.aliases;
    if aliases.is_empty() {
        return Vec::new();
    }
    let entries: Vec<(&String, &Vec<String>)> = aliases.iter().collect();
    let names = |e: usize| std::iter::once(entries[e].0).chain(entries[e].1);
    // Each name and alias as written, with the entries it is in.
    let mut written: FastMap<&str, Vec<usize>> = FastMap::default();
    for e in 0..entries.len() {
        for name in names(e) {
            written.entry(name).or_default().push(e);
        }
    }
    let mut used = vec![false; entries.len()];
    for answer in answers(loaded) {
        for &e in written.get(answer).into_iter().flatten() {
            used[e] = true;
        }
    }
    if used.iter().all(|&u| u) {
        return Vec::new();
    }
    // The others by key; each answer's key, once, with the first answer of that key (for a
    // "did you mean").
    let mut keyed: FastMap<String, Vec<usize>> = FastMap::default();
    for e in (0..entries.len()).filter(|&e| !used[e]) {
        for name in names(e) {
            keyed.entry(key(name)).or_default().push(e);
        }
    }
    let mut answer_keys: FastMap<String, (usize, &str)> = FastMap::default();
    for answer in answers(loaded) {
        let k = key(answer);
        for &e in keyed.get(&k).into_iter().flatten() {
            used[e] = true;
        }
        let order = answer_keys.len();
        if let Entry::Vacant(entry) = answer_keys.entry(k) {
            entry.insert((order, answer));
        }
    }
    let mut found = Vec::new();
    for (n, e) in (0..entries.len()).filter(|&e| !used[e]).enumerate() {
        let name = entries[e].0;
        // Each suggestion measures the name against every answer: the first few only (a map
        // pasted from another deck may name thousands of answers this one does not have).
        let suggestion = (n < MAX_SUGGESTED)
            .then(|| closest_answer(&key(name), &answer_keys))
            .flatten();
        let what = "an entry is used for an answer (a span's value, a card's answer, choice \
                    option or list item) that is its name or one of its aliases, case and \
                    punctuation aside";
        let help = match suggestion {
            Some(answer) => format!("did you mean `{answer}`? {what}"),
            None => format!("{what}: correct the name, or remove the entry"),
        };
        let path = format!("aliases[{}]", super::load::ron_string(name));
        found.push(
            Diagnostic::new(
                Code::UnusedAlias,
                &loaded.file,
                loaded.locate_key(&path),
                format!("no answer in the deck is `{name}`; its aliases are never used"),
            )
            .label("names no answer")
            .help(help),
        );
    }
    found
}

/// How many unused entries get a "did you mean".
const MAX_SUGGESTED: usize = 10;

/// The answer whose key is closest to `name_key`, if close enough to be a typo (see
/// [`closest`]); the first in the deck of those as close.
fn closest_answer<'a>(
    name_key: &str,
    answer_keys: &FastMap<String, (usize, &'a str)>,
) -> Option<&'a str> {
    // A key whose length differs by more than `closest` allows is no typo: most are skipped
    // before measuring.
    let chars = name_key.chars().count();
    let mut candidates: Vec<(usize, &str)> = (answer_keys.iter())
        .filter(|(k, _)| {
            let allowed = (k.len().max(name_key.len()) / 3).max(1);
            k.chars().count().abs_diff(chars) <= allowed
        })
        .map(|(k, &(order, _))| (order, k.as_str()))
        .collect();
    candidates.sort_unstable();
    let keys: Vec<&str> = candidates.iter().map(|&(_, k)| k).collect();
    closest(name_key, &keys).map(|k| answer_keys[k].1)
}

/// W125: a `date` span whose value is only a weekday (`[Tuesday](date)`) or a year
/// (`[1952](date)`): its wrong options are the deck's other dates, full dates, years and
/// weekdays mixed; marked `day` or `year`, they are other weekdays or nearby years.
fn dates_that_are_not_dates(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, (segments, values)) in loaded.segments.iter().zip(&loaded.values).enumerate() {
        for (span, value) in markup::spans(segments).zip(values) {
            let (what, better, options) = match (span.ty, value) {
                (SpanType::Date, SpanValue::Date(DateValue::Weekday(_))) => {
                    ("a weekday", SpanType::Day, "other weekdays")
                }
                (SpanType::Date, SpanValue::Date(DateValue::Year(_))) => {
                    ("a year", SpanType::Year, "nearby years")
                }
                _ => continue,
            };
            let text = &loaded.deck.facts[i].text;
            let at = loaded.locate_in_text(
                &format!("facts[{i}].text"),
                text,
                type_range(text, &span.range),
            );
            let (value, better) = (&span.value, better.name());
            found.push(
                Diagnostic::new(
                    Code::DateSpanNotADate,
                    &loaded.file,
                    at,
                    format!("`{value}` is {what} but is marked `date`"),
                )
                .label("marked `date`")
                .help(format!(
                    "mark it `[{value}]({better})`: as a `date` its wrong options are the deck's \
                     other dates, full dates among them; as a `{better}`, {options}"
                )),
            );
        }
    }
    found
}

/// W127: a date in digits written in the other day order than the deck's `date_order`
/// (`[11/30/2022](date)` in a day-first deck). It is read, as no other reading is a date, but
/// learners are shown it as written, among dates in the deck's order.
fn dates_against_order(loaded: &Loaded) -> Vec<Diagnostic> {
    use super::DateOrder;
    let day_first = loaded.deck.settings.date_order == DateOrder::DayFirst;
    let (order, other) = match loaded.deck.settings.date_order {
        DateOrder::DayFirst => ("day first", "month first"),
        DateOrder::MonthFirst => ("month first", "day first"),
    };
    let mut found = Vec::new();
    for (i, segments) in loaded.segments.iter().enumerate() {
        for span in markup::spans(segments) {
            let value = &span.value;
            if span.ty != SpanType::Date || !crate::grade::date::against_order(value, day_first) {
                continue;
            }
            // Its first two numbers swapped (`against_order` read it as `a/b/year`).
            let written = value.trim();
            let (a, rest) = written.split_at(written.find(['/', '.', '-']).unwrap_or(0));
            let (sep, rest) = rest.split_at(rest.len().min(1));
            let (b, year) = rest.split_at(rest.find(sep).unwrap_or(rest.len()));
            let swapped = format!("{b}{sep}{a}{year}");
            let text = &loaded.deck.facts[i].text;
            let at = loaded.locate_in_text(&format!("facts[{i}].text"), text, span.range.clone());
            found.push(
                Diagnostic::new(
                    Code::DateAgainstOrder,
                    &loaded.file,
                    at,
                    format!("`{value}` is written {other}, but the deck's dates are {order}"),
                )
                .label(other)
                .help(format!(
                    "write `[{swapped}](date)`: learners are shown it as written, beside the \
                     deck's other dates (or change `date_order` in `settings`)"
                )),
            );
        }
    }
    found
}

/// W128: an alias that shares no word with its name, while both are answers of one type in the
/// deck (`"Priya Ramaswamy": ["Ingrid Halvorsen"]` with facts asking `[Priya Ramaswamy](person)`
/// and `[Ingrid Halvorsen](person)`): graded as one, each is right for the other, which is
/// what the alias says, but most likely not what two answers mean (QA). Other names of one
/// thing that share no word (`Quad`, `America`) are seldom both asked for.
fn aliases_that_are_answers(loaded: &Loaded) -> Vec<Diagnostic> {
    use crate::grade::text::word_keys;
    let aliases = &loaded.deck.aliases;
    if aliases.is_empty() {
        return Vec::new();
    }
    // The alias's key: its name, its place in the name's list, the alias as written.
    let mut suspects: FastMap<String, (&str, usize, &str)> = FastMap::default();
    // Words between any punctuation: `information-sharing` shares `sharing`.
    let words = |text: &str| -> Vec<String> {
        word_keys(&text.replace(|c: char| !c.is_alphanumeric(), " "))
    };
    for (name, list) in aliases {
        let (name_key, name_words) = (key(name), words(name));
        for (i, alias) in list.iter().enumerate() {
            let alias_key = key(alias);
            // (One key is one answer already: `cyber security`, `cybersecurity`.)
            if alias_key != name_key && words(alias).iter().all(|w| !name_words.contains(w)) {
                suspects.entry(alias_key).or_insert((name, i, alias));
            }
        }
    }
    if suspects.is_empty() {
        return Vec::new();
    }
    // Each answer's key and type, with the first fact asking it.
    let mut asked: FastMap<(String, SpanType), usize> = FastMap::default();
    for (f, segments) in loaded.segments.iter().enumerate() {
        for span in markup::spans(segments).filter(|s| s.ty.is_name()) {
            asked.entry((key(&span.value), span.ty)).or_insert(f);
        }
    }
    let mut found = Vec::new();
    let mut told: Vec<(&str, usize)> = Vec::new();
    // In the deck's order: the fact named is the first that asks it, whatever the map's order.
    let mut in_order: Vec<(&(String, SpanType), &usize)> = asked.iter().collect();
    in_order.sort_by(|a, b| (a.1, &a.0.0).cmp(&(b.1, &b.0.0)));
    for ((alias_key, ty), &f) in in_order {
        let Some(&(name, i, alias)) = suspects.get(alias_key) else {
            continue;
        };
        if !asked.contains_key(&(key(name), *ty)) || told.contains(&(name, i)) {
            continue;
        }
        told.push((name, i));
        let fact = &loaded.deck.facts[f].id;
        let path = format!("aliases[{}][{i}]", super::load::ron_string(name));
        found.push(
            loaded
                .diagnostic(
                    Code::AliasIsAnotherAnswer,
                    &path,
                    format!(
                        "alias `{alias}` of `{name}` is an answer of its own (fact `{fact}`): \
                         either is graded right for the other"
                    ),
                )
                .label("also an answer")
                .help(format!(
                    "if `{alias}` and `{name}` are two, remove the alias; if they are one, \
                     ask for it by one name"
                )),
        );
    }
    found.sort_by_key(|d| d.primary.span.start);
    found
}

/// The range of the type's name (`date`) in the span `[value](type)` at `span` of `text`.
fn type_range(text: &str, span: &Range<usize>) -> Range<usize> {
    let raw = &text[span.clone()];
    let Some(open) = raw.rfind("](").map(|at| at + 2) else {
        return span.clone();
    };
    let inner = raw[open..].strip_suffix(')').unwrap_or(&raw[open..]);
    let start = open + (inner.len() - inner.trim_start().len());
    let end = open + inner.trim_end().len();
    span.start + start..span.start + end
}

/// W126: a fact's `reverse` questions when its kinds (its own `kinds`, else the deck's
/// `settings.kinds`) leave out `Reverse`: they are never asked.
fn reverse_never_asked(loaded: &Loaded) -> Vec<Diagnostic> {
    let deck = &loaded.deck;
    let mut found = Vec::new();
    for (i, fact) in deck.facts.iter().enumerate() {
        if fact.reverse.is_empty() {
            continue;
        }
        let (kinds, kinds_path) = match &fact.kinds {
            Some(kinds) => (kinds, format!("facts[{i}].kinds")),
            None => (&deck.settings.kinds, "settings.kinds".to_string()),
        };
        if kinds.contains(&Kind::Reverse) {
            continue;
        }
        let with_reverse: Vec<&str> = (kinds.iter().chain([&Kind::Reverse]))
            .map(|k| k.name())
            .collect();
        let with_reverse = format!("kinds: [{}]", with_reverse.join(", "));
        let (whose, help) = if fact.kinds.is_some() {
            (
                "its `kinds` leave out `Reverse`",
                format!(
                    "add `Reverse` to the fact's kinds (`{with_reverse}`), or remove `reverse`"
                ),
            )
        } else {
            (
                "the deck's `settings.kinds` leave out `Reverse` (the fact has no `kinds` of its own)",
                format!(
                    "add `Reverse` to the deck's `settings.kinds`, or give the fact \
                     `{with_reverse}` (a fact's kinds are used instead of the deck's)"
                ),
            )
        };
        let (questions, are) = match fact.reverse.len() {
            1 => ("a `reverse` question".to_string(), "it is"),
            n => (format!("{n} `reverse` questions"), "they are"),
        };
        found.push(
            Diagnostic::new(
                Code::ReverseNeverAsked,
                &loaded.file,
                loaded.locate_key(&format!("facts[{i}].reverse")),
                format!(
                    "fact `{}` has {questions}, but {whose}: {are} never asked",
                    fact.id
                ),
            )
            .label("never asked")
            .secondary(
                &loaded.file,
                loaded.locate(&kinds_path),
                "without `Reverse`",
            )
            .help(help),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::load::tests::deck;
    use super::MAX_SUGGESTED;
    use crate::diagnostic::SourceFile;

    /// Loads `rest` after a deck's header and renders its warnings as `CODE line:col message`
    /// (the header is line 1).
    fn warnings(rest: &str) -> String {
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck(rest))).expect("it loads");
        let mut found = loaded.warnings();
        found.sort_by_key(|d| d.primary.span.start);
        (found.iter())
            .map(|d| {
                let (line, col) = d.line_col();
                format!("{} {line}:{col} {}", d.code, d.message)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The help of the only warning.
    fn only_help(rest: &str) -> String {
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck(rest))).expect("it loads");
        let found = loaded.warnings();
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].help.clone().unwrap_or_default()
    }

    const FACTS: &str = r#"facts: [
Fact(id: "built", text: "It was built by [Margaret Hollis](person) for the [Port Wren Trust](org).", evidence: ["e"]),
Fact(id: "rescue", text: "[Thomas Reed](person) saved the crew.", evidence: ["e"]),
]"#;

    #[test]
    fn an_alias_entry_that_names_no_answer_is_a_warning() {
        let aliases = "aliases: {\n\"Margret Hollis\": [\"Hollis\"],\n\"Thomas Reed\": [\"Reed\"],\n\"Ada\": [],\n},";
        assert_eq!(
            warnings(&format!("{aliases}\n{FACTS}")),
            "W124 3:1 no answer in the deck is `Margret Hollis`; its aliases are never used\n\
             W124 5:1 no answer in the deck is `Ada`; its aliases are never used",
        );
        // The closest answer by the grader's key, if close enough to be a typo.
        let help = only_help(&format!(
            "aliases: {{\"margret hollis.\": [\"Hollis\"]}},\n{FACTS}"
        ));
        assert!(
            help.starts_with("did you mean `Margaret Hollis`? an entry is used for an answer"),
            "{help}"
        );
        let help = only_help(&format!("aliases: {{\"Ada\": []}},\n{FACTS}"));
        assert!(
            help.ends_with("correct the name, or remove the entry"),
            "{help}"
        );
        // Each suggestion measures a name against every answer: the first few entries only.
        let many: String = (0..MAX_SUGGESTED + 2)
            .map(|i| format!("\"Margret Hollis {i}\": [],"))
            .collect();
        let text = deck(&format!("aliases: {{{many}}},\n{FACTS}"));
        let loaded = crate::deck::load(SourceFile::new("t.ron", text)).expect("it loads");
        let suggested: Vec<bool> = (loaded.warnings().iter())
            .map(|d| d.help.as_deref().unwrap_or("").starts_with("did you mean"))
            .collect();
        assert_eq!(suggested.len(), MAX_SUGGESTED + 2);
        assert_eq!(suggested.iter().filter(|&&s| s).count(), MAX_SUGGESTED);
    }

    #[test]
    fn an_alias_entry_is_used_by_any_answer_that_is_one_of_its_names() {
        // Case and punctuation aside; by one of its aliases (an alias goes both ways); by a
        // card's accepted answer, choice option (a wrong one too) or list item.
        let cards = r#"cards: [
Card(id: "c1", ask: "Who?", answer: Text(["Ada Lovelace"]), evidence: ["e"]),
Card(id: "c2", ask: "Who?", answer: Choice(correct: ["Anne"], wrong: ["Charles Babbage"]), evidence: ["e"]),
Card(id: "c3", ask: "Who?", answer: List(items: ["Grace Hopper", "Anne"]), evidence: ["e"]),
]"#;
        let aliases = r#"aliases: {
"margaret hollis": ["Hollis"], "The Port-Wren Trust": [], "Tom Reed": ["Thomas Reed"],
"Ada Lovelace": ["Lovelace"], "Babbage": ["Charles Babbage"], "Grace Hopper": ["Hopper"],
},"#;
        assert_eq!(warnings(&format!("{aliases}\n{FACTS},\n{cards}")), "");
        // No aliases, nothing to look at.
        assert_eq!(warnings(FACTS), "");
    }

    #[test]
    fn a_date_span_that_is_only_a_weekday_or_a_year_is_a_warning() {
        let found = warnings(
            r#"facts: [
Fact(id: "a", text: "It was first lit on a [Tuesday](date), in [1952]( date ).", evidence: ["e"]),
Fact(id: "b", text: "It closed on [3 March 1994](date), a [Thursday](day), in [1994](year).", evidence: ["e"]),
Fact(id: "c", text: "\u{e9} [Sat](date).", evidence: ["e"]),
]"#,
        );
        // At the type: after the `(` (and a space); through the escape before it.
        assert_eq!(
            found,
            "W125 3:54 `Tuesday` is a weekday but is marked `date`\n\
             W125 3:72 `1952` is a year but is marked `date`\n\
             W125 5:35 `Sat` is a weekday but is marked `date`",
        );
        let help =
            only_help(r#"facts: [Fact(id: "a", text: "In [1952](date).", evidence: ["e"])]"#);
        assert!(help.starts_with("mark it `[1952](year)`"), "{help}");
        assert!(help.ends_with("as a `year`, nearby years"), "{help}");
        let help =
            only_help(r#"facts: [Fact(id: "a", text: "On [Friday](date).", evidence: ["e"])]"#);
        assert!(help.starts_with("mark it `[Friday](day)`"), "{help}");
    }

    #[test]
    fn a_date_in_the_other_day_order_is_a_warning() {
        let facts = r#"facts: [
Fact(id: "a", text: "It closed on [11/30/2022](date) and opened on [05/04/2021](date).", evidence: ["e"]),
Fact(id: "b", text: "It was sold on [30.11.2022](date), [2022-11-30](date), [12/12/22](date).", evidence: ["e"]),
]"#;
        // The header of [`deck`] is day first; `05/04/2021` reads either way.
        assert_eq!(
            warnings(facts),
            "W127 3:35 `11/30/2022` is written month first, but the deck's dates are day first"
        );
        assert_eq!(
            only_help(facts),
            "write `[30/11/2022](date)`: learners are shown it as written, beside the deck's \
             other dates (or change `date_order` in `settings`)"
        );
        let month_first = facts.replace("[11/30/2022]", "[30/11/2022]");
        let month_first = format!("settings: Settings(date_order: MonthFirst),\n{month_first}");
        assert_eq!(
            warnings(&month_first),
            "W127 4:35 `30/11/2022` is written day first, but the deck's dates are month first\n\
             W127 5:37 `30.11.2022` is written day first, but the deck's dates are month first"
        );
    }

    #[test]
    fn an_alias_that_is_another_answer_is_a_warning() {
        let facts = r#"facts: [
Fact(id: "led", text: "A consortium led by [Ingrid Halvorsen](person) won.", evidence: ["e"]),
Fact(id: "critic", text: "[Priya Ramaswamy](person) objected in [Oslo](place).", evidence: ["e"]),
Fact(id: "us", text: "[United States](country) officials met in [Washington](place).", evidence: ["e"]),
Fact(id: "cyber", text: "They shared [information sharing](thing) on [cybersecurity](thing).", evidence: ["e"]),
]"#;
        let aliases = r#"aliases: {
"Priya Ramaswamy": ["Ramaswamy", "Ingrid Halvorsen"],
"United States": ["US", "Washington"],
"Oslo": ["Christiania"],
"information sharing": ["information-sharing"],
"cybersecurity": ["cyber security"],
},"#;
        // `Washington` is asked as a place, `United States` as a country: not one answer twice.
        assert_eq!(
            warnings(&format!("{aliases}\n{facts}")),
            "W128 3:34 alias `Ingrid Halvorsen` of `Priya Ramaswamy` is an answer of its own \
             (fact `led`): either is graded right for the other"
        );
    }

    #[test]
    fn reverse_questions_that_kinds_leave_out_are_a_warning() {
        let reverse = r#"reverse: [Reverse(ask: "Who saved the crew?", answer: "Thomas Reed")]"#;
        let fact = |kinds: &str| {
            format!(
                "Fact(id: \"rescue\", text: \"[Thomas Reed](person) saved the crew.\", \
                 evidence: [\"e\"], {kinds}\n{reverse})"
            )
        };
        // The fact's own kinds, at its `reverse`.
        let rest = format!("facts: [\n{}]", fact("kinds: [Cloze, Choice],"));
        assert_eq!(
            warnings(&rest),
            "W126 4:1 fact `rescue` has a `reverse` question, but its `kinds` leave out \
             `Reverse`: it is never asked"
        );
        assert_eq!(
            only_help(&rest),
            "add `Reverse` to the fact's kinds (`kinds: [Cloze, Choice, Reverse]`), or remove \
             `reverse`"
        );
        // The deck's, when the fact has none.
        let rest = format!(
            "settings: Settings(kinds: [Cloze]),\nfacts: [\n{}]",
            fact("")
        );
        assert_eq!(
            warnings(&rest),
            "W126 5:1 fact `rescue` has a `reverse` question, but the deck's `settings.kinds` \
             leave out `Reverse` (the fact has no `kinds` of its own): it is never asked"
        );
        assert!(only_help(&rest).contains("a fact's kinds are used instead of the deck's"));
        // With the kinds that leave it out beside it.
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck(&rest))).unwrap();
        let shown = loaded.warnings()[0].render(false);
        assert!(shown.contains("t.ron:2:27"), "{shown}");
        assert!(shown.contains("------- without `Reverse`"), "{shown}");
        // A fact's kinds replace the deck's: asked.
        let rest = format!(
            "settings: Settings(kinds: [Cloze]),\nfacts: [\n{}]",
            fact("kinds: [Reverse],")
        );
        assert_eq!(warnings(&rest), "");
        // The deck's default kinds have `Reverse`; no `reverse`, nothing to ask.
        assert_eq!(warnings(&format!("facts: [\n{}]", fact(""))), "");
        assert_eq!(
            warnings(
                r#"facts: [Fact(id: "a", text: "[X](person) came.", evidence: ["e"], kinds: [Cloze], reverse: [])]"#
            ),
            ""
        );
    }
}
