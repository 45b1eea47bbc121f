//! The deck's span values as a pool to draw from: the distractors of a choice and the
//! amount, name or date swapped into a false statement, each unlike the answer, unlike each
//! other and not said elsewhere in the fact; made-up values when the deck has too few.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, OnceLock};

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use super::{CHOICES, Ways, display_number, names_with_aliases, with_aliases};
use crate::FastMap;
use crate::deck::markup::{self, Segment, Span, SpanType};
use crate::deck::{DateOrder, Loaded, SpanValue};
use crate::grade::number::Bound;
use crate::grade::{self, KeyedAnswer, Meaning, Reading};
use crate::question::{Answer, Rivals};

/// A span value of the deck, with what choosing distractors and swaps compares.
pub(super) struct Value<'a> {
    text: &'a str,
    /// The text as the grader reads it when it is offered as an option or swapped in.
    pub(super) reading: Reading<'a>,
    /// How a span of its type with this value is graded (see [`Generator::answer`](super::Generator::answer)).
    answer: Option<KeyedAnswer>,
    /// [`words`] of the text and of each of its aliases, to see whether a sentence says it.
    names: Vec<String>,
    /// What it means as an option, read the first time it is one.
    meaning: OnceLock<Meaning>,
}

impl Value<'_> {
    fn meaning(&self, day_first: bool) -> &Meaning {
        (self.meaning).get_or_init(|| Meaning::new(&self.reading, day_first))
    }

    /// Whether it may stand in for `amount` ([`comparable`]); anything may when either is no
    /// amount.
    fn near(&self, amount: Option<&grade::number::Amount>) -> bool {
        (self.reading.amount())
            .zip(amount)
            .is_none_or(|(a, b)| comparable(a, b))
    }
}

/// Every span value of the deck by type: the source of rivals, distractors and swaps. Each
/// distinct value is read once (its key and answer), however many facts name it.
pub(super) struct Pool<'a> {
    pub(super) loaded: &'a Loaded,
    /// How the deck's aliases are read (both ways, but for the hashes of earlier versions).
    pub(super) ways: Ways,
    pub(super) by_type: BTreeMap<SpanType, Vec<Value<'a>>>,
    /// Where each (type, value) is in `by_type`.
    pub(super) index: FastMap<(SpanType, &'a str), usize>,
    /// Where the value of each span of the deck is in `by_type` (span `k` of fact `i` at
    /// `at[starts[i] + k]`): every question looks up its spans, and this spares hashing them.
    at: Vec<u32>,
    starts: Vec<u32>,
}

impl<'a> Pool<'a> {
    pub(super) fn new(loaded: &'a Loaded, ways: Ways) -> Pool<'a> {
        let day_first = loaded.deck.settings.date_order == DateOrder::DayFirst;
        // Each distinct value, with what the loader read it as (when it kept that).
        let mut texts: BTreeMap<SpanType, Vec<(&'a str, Option<&'a SpanValue>)>> = BTreeMap::new();
        let mut index: FastMap<(SpanType, &'a str), usize> = FastMap::default();
        let mut at = Vec::new();
        let mut starts = Vec::with_capacity(loaded.segments.len() + 1);
        for (i, segments) in loaded.segments.iter().enumerate() {
            starts.push(at.len() as u32);
            for (k, span) in markup::spans(segments).enumerate() {
                let slot = match index.entry((span.ty, span.value.as_str())) {
                    Entry::Occupied(slot) => *slot.get(),
                    Entry::Vacant(slot) => {
                        let values = texts.entry(span.ty).or_default();
                        slot.insert(values.len());
                        let read = loaded.values.get(i).and_then(|read| read.get(k));
                        values.push((&span.value, read));
                        values.len() - 1
                    }
                };
                at.push(slot as u32);
            }
        }
        starts.push(at.len() as u32);
        let by_type = texts
            .into_iter()
            .map(|(ty, texts)| {
                // Per name type, every value and alias: shared by all its text questions. (Not
                // the other spellings of `and`: a near miss of one value is not made wrong by
                // the other spelling of another.)
                let rivals = ty.is_name().then(|| {
                    let names = (texts.iter()).map(|(v, _)| names_with_aliases(&[v], loaded, ways));
                    Arc::new(Rivals::grouped(names))
                });
                let values = texts
                    .into_iter()
                    .map(|(text, read)| Value {
                        text,
                        reading: known_reading(text, read, day_first),
                        names: names_of(text, loaded),
                        meaning: OnceLock::new(),
                        answer: answer_of(
                            ty,
                            text,
                            read,
                            rivals.as_ref(),
                            (loaded, ways),
                            day_first,
                        )
                        .map(KeyedAnswer::new),
                    })
                    .collect();
                (ty, values)
            })
            .collect();
        Pool {
            loaded,
            ways,
            by_type,
            index,
            at,
            starts,
        }
    }

    /// How span `k` (0-based) of fact `fact`, `span`, is graded: [`Pool::keyed`] by place.
    pub(super) fn keyed_at(&self, fact: usize, k: usize, span: &Span) -> Option<&KeyedAnswer> {
        self.value_at(fact, k, span).answer.as_ref()
    }

    /// The value of span `k` of fact `fact`.
    pub(super) fn value_at(&self, fact: usize, k: usize, span: &Span) -> &Value<'a> {
        let i = self.at[self.starts[fact] as usize + k] as usize;
        let value = &self.by_type[&span.ty][i];
        debug_assert_eq!(value.text, span.value);
        value
    }

    pub(super) fn answer(&self, span: &'a Span) -> Option<&Answer> {
        self.keyed(span).map(KeyedAnswer::answer)
    }

    fn keyed(&self, span: &'a Span) -> Option<&KeyedAnswer> {
        let i = self.index.get(&(span.ty, span.value.as_str()))?;
        self.by_type[&span.ty][*i].answer.as_ref()
    }

    /// Whether a value (its reading and [`names_of`]) names what the fact already says
    /// elsewhere — another of its spans (`stated.spans`, of which `span` is asked, through
    /// the grader and so through aliases) or its words (`stated.words`): such a value would be
    /// a give-away option, or make a "false" statement read "India and India clashed".
    fn said_elsewhere(
        &self,
        span: &Span,
        stated: &Stated,
        (reading, names): (&Reading, &[String]),
    ) -> bool {
        names
            .iter()
            .any(|name| name.len() > 2 && stated.words.contains(name.as_str()))
            || stated
                .spans
                .iter()
                .zip(stated.answers)
                .any(|(other, answer)| {
                    other.ty == span.ty
                        && other.range != span.range
                        && answer.is_some_and(|answer| answer.rules_out(reading))
                })
    }

    /// Up to three wrong options for `span` (read as `value`, graded as `answer`): other
    /// values of its type in the deck, then, for numbers, money and years, plausible made-up
    /// ones. None is accepted by the grader, none repeats another span of the fact, and no two
    /// options mean the same ([`Meaning::same`]: `125` beside `12.5`, `$1.5bn` beside
    /// `$1.5 billion`), which `recall check` would blame on the deck.
    pub(super) fn distractors<'p>(
        &'p self,
        span: &Span,
        (value, answer): (&'p Value<'a>, &KeyedAnswer),
        stated: &Stated,
        rng: &mut ChaCha8Rng,
    ) -> Vec<Cow<'a, str>> {
        let values = &self.by_type[&span.ty];
        let day_first = day_first(self.loaded);
        let meant = value.meaning(day_first);
        // (text, what it means): the deck's values and their meanings are borrowed, made-up
        // ones owned.
        type Chosen<'a, 'p> = Vec<(Cow<'a, str>, Cow<'p, Meaning>)>;
        let mut chosen: Chosen = Vec::with_capacity(CHOICES - 1);
        // Whether `reading` (meaning `meaning`, named `names`) may be an option beside those
        // `chosen`.
        let acceptable =
            |reading: &Reading, names: &[String], meaning: &Meaning, chosen: &Chosen| {
                let same = |other: &Meaning| other.same(meaning);
                // One thing by two of its names (the deck's aliases: `Quad` and its full name).
                let named = |text: &str| names.len() > 1 && names[1..].contains(&words(text));
                !is_option_label(reading.key())
                    && !answer.rules_out(reading)
                    && !self.said_elsewhere(span, stated, (reading, names))
                    && !same(meant)
                    && !chosen.iter().any(|(text, m)| same(m) || named(text))
            };
        // An amount written in words among ones in digits (`sixteen` beside `503`), or the other
        // way round, gives itself away as the odd one out.
        let digits = |text: &str| text.bytes().any(|b| b.is_ascii_digit());
        let amounts = matches!(span.ty, SpanType::Number | SpanType::Money);
        // So does one of another currency (`€2.5 billion` among dollars), or of another order
        // of magnitude (`12` beside `1.4 million`): made-up ones are better then.
        let amount = meant.amount.as_ref();
        let same_style = |value: &Value| {
            !amounts || digits(value.text) == digits(&span.value) && value.near(amount)
        };
        // Other values of the deck, in the answer's style or (`any_style`) not.
        let from_deck = |any_style: bool, chosen: &mut Chosen<'a, 'p>, rng: &mut ChaCha8Rng| {
            for i in sample(values.len(), rng) {
                if chosen.len() == CHOICES - 1 {
                    break;
                }
                let value = &values[i];
                if value.text != span.value
                    && (any_style || same_style(value))
                    && acceptable(
                        &value.reading,
                        &value.names,
                        value.meaning(day_first),
                        chosen,
                    )
                {
                    let meaning = Cow::Borrowed(value.meaning(day_first));
                    chosen.push((Cow::Borrowed(value.text), meaning));
                }
            }
        };
        from_deck(false, &mut chosen, rng);
        if chosen.len() < CHOICES - 1 {
            // In a random order: in a fixed one (twice, half, five times) the answer would be
            // the option whose double and half are both offered.
            let mut candidates = made_up(span, day_first);
            candidates.shuffle(rng);
            for made_up in candidates {
                if chosen.len() == CHOICES - 1 {
                    break;
                }
                let reading = Reading::new(&made_up);
                let names = names_of(&made_up, self.loaded);
                let meaning = Meaning::new(&reading, day_first);
                if acceptable(&reading, &names, &meaning, &chosen) {
                    chosen.push((Cow::Owned(made_up), Cow::Owned(meaning)));
                }
            }
        }
        if chosen.is_empty() && amounts {
            // Nothing in the same style (the deck's only amount in words): any other amount,
            // rather than no choice question at all.
            from_deck(true, &mut chosen, rng);
        }
        chosen.into_iter().map(|(text, _)| text).collect()
    }

    /// The fact as stated (true), or with one span swapped for another value of its type
    /// (false) when the deck has one the grader tells apart.
    pub(super) fn true_false(
        &self,
        segments: &[Segment],
        stated: &Stated,
        rng: &mut ChaCha8Rng,
    ) -> (String, bool) {
        let plain = markup::plain_text(segments);
        if rng.random_bool(0.5) {
            return (plain, true);
        }
        let index = rng.random_range(0..stated.spans.len());
        let span = stated.spans[index];
        let Some(answer) = stated.answers[index] else {
            return (plain, true);
        };
        let values = &self.by_type[&span.ty];
        let amounts = matches!(span.ty, SpanType::Number | SpanType::Money);
        if amounts && bound(segments, index).is_some() {
            // `more than £17,000` with another amount may well be true too.
            return (plain, true);
        }
        let differs = |v: &&Value| {
            v.text != span.value
                && !answer.rules_out(&v.reading)
                && !self.said_elsewhere(span, stated, (&v.reading, &v.names))
        };
        // An amount of another currency or size gives a false statement away (`€2.5 million`
        // for `$3 billion`): one of the answer's from the deck, else a made-up one near it.
        let amount = amounts
            .then(|| self.index.get(&(span.ty, span.value.as_str())))
            .flatten()
            .and_then(|&i| values[i].reading.amount());
        let near = |v: &&Value| v.near(amount);
        // (a value that differs, whether it is near)
        let drawn = if values.len() <= SAMPLE {
            let others: Vec<&Value> = values.iter().filter(differs).collect();
            let nearby: Vec<&Value> = others.iter().copied().filter(near).collect();
            match nearby.is_empty() {
                true => others.choose(rng).map(|v| (*v, false)),
                false => nearby.choose(rng).map(|v| (*v, true)),
            }
        } else {
            // The first near one drawn, else the first that differs at all.
            let mut first = None;
            let found = (sample(values.len(), rng).map(|i| &values[i]))
                .filter(differs)
                .find(|v| {
                    first.get_or_insert(*v);
                    near(v)
                });
            found.map(|v| (v, true)).or(first.map(|v| (v, false)))
        };
        // Made up only when needed, and not always the same multiple (always double the
        // answer would say which statements are false).
        let invented = |rng: &mut ChaCha8Rng| {
            let mut order = made_up(span, day_first(self.loaded));
            order.shuffle(rng);
            order.into_iter().find(|m| {
                let reading = Reading::new(m);
                let names = names_of(m, self.loaded);
                !answer.rules_out(&reading)
                    && !self.said_elsewhere(span, stated, (&reading, &names))
            })
        };
        let swap: Cow<str> = match drawn {
            Some((value, true)) => Cow::Borrowed(value.text),
            Some((value, false)) => invented(rng).map_or(Cow::Borrowed(value.text), Cow::Owned),
            None => match amount.and_then(|_| invented(rng)) {
                Some(made) => Cow::Owned(made),
                None => return (plain, true),
            },
        };
        let mut out = String::new();
        let mut n = 0;
        for segment in segments {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Span(s) => {
                    out.push_str(if n == index { &swap } else { &s.value });
                    n += 1;
                }
            }
        }
        (out, false)
    }
}

/// The bound a fact puts on its span `index`, an amount: `more than [£17,000](money)`,
/// `[over 500](number)`. Another amount in its place may be true as well: one on the bound's
/// side of it (`more than £9,000`) surely is.
pub(super) fn bound(segments: &[Segment], index: usize) -> Option<Bound> {
    let mut before = "";
    let mut n = 0;
    for segment in segments {
        match segment {
            Segment::Text(text) => before = text,
            Segment::Span(span) if n == index => {
                return grade::number::trailing_bound(before)
                    .or_else(|| grade::number::leading_bound(&span.value));
            }
            Segment::Span(_) => {
                before = "";
                n += 1;
            }
        }
    }
    None
}

/// [`words`] of a value and of each of its other names in the deck ([`Loaded::other_names`]).
fn names_of(text: &str, loaded: &Loaded) -> Vec<String> {
    std::iter::once(text)
        .chain(loaded.other_names(text))
        .map(words)
        .collect()
}

/// What a fact already says, which its options and swaps must not repeat: its spans, with
/// how each is graded (`None`: not graded), and its sentence as [`words`].
pub(super) struct Stated<'s, 'a> {
    pub(super) spans: &'s [&'a Span],
    pub(super) answers: &'s [Option<&'s KeyedAnswer>],
    pub(super) words: &'s str,
}

/// `text` as normalised words between single spaces, with a space before and after
/// (`" the united states "`), so that containment is whole words.
pub(super) fn words(text: &str) -> String {
    let normal = grade::text::normalize(text);
    if normal.is_ascii() {
        // A byte at a time: every fact's sentence goes through here when its questions are
        // made, and most are ASCII.
        let mut out = Vec::with_capacity(normal.len() + 2);
        out.push(b' ');
        for &b in normal.as_bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b);
            } else if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        }
        if out.last() != Some(&b' ') {
            out.push(b' ');
        }
        return String::from_utf8(out).expect("ASCII in, ASCII out");
    }
    let mut out = String::with_capacity(normal.len() + 2);
    out.push(' ');
    for c in normal.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The reading of a value, with what the loader already read it as (`known`: the amount of a
/// number or money span, the date of a date, year or day span).
fn known_reading<'a>(text: &'a str, known: Option<&SpanValue>, day_first: bool) -> Reading<'a> {
    let reading = Reading::new(text);
    match known {
        Some(SpanValue::Amount(amount)) => reading.with_amount(Some(amount.clone())),
        Some(SpanValue::Date(date)) => reading.with_date(day_first, Some(*date)),
        _ => reading,
    }
}

/// How a span of type `ty` with value `text` is graded; `None` for a value the grader cannot
/// read. `known`: what the loader read the value as; `rivals` are those of its type (names
/// only).
fn answer_of(
    ty: SpanType,
    text: &str,
    known: Option<&SpanValue>,
    rivals: Option<&Arc<Rivals>>,
    (loaded, ways): (&Loaded, Ways),
    day_first: bool,
) -> Option<Answer> {
    Some(match ty {
        SpanType::Number | SpanType::Money => {
            let amount = match known {
                Some(SpanValue::Amount(amount)) => amount.clone(),
                _ => grade::number::parse(text)?,
            };
            Answer::Number {
                value: amount.value,
                unit: amount.unit,
                tolerance: 0.0,
                display: text.to_string(),
            }
        }
        SpanType::Date | SpanType::Year | SpanType::Day => Answer::Date {
            value: match known {
                Some(SpanValue::Date(date)) => *date,
                _ => grade::date::parse(text, day_first)?,
            },
            day_first,
            display: text.to_string(),
        },
        _ => Answer::Text {
            accepted: with_aliases(&[text], loaded, ways),
            rivals: Arc::clone(rivals?),
        },
    })
}

/// Beyond this many values of a type, distractors and swaps are drawn from a random sample
/// of them instead of all (a large deck would otherwise cost O(values) per question).
const SAMPLE: usize = 64;

/// Which of `len` values to draw distractors or swaps from, by index, in the order to try
/// them: all of them in random order when there are few (as always), else up to [`SAMPLE`]
/// distinct random ones, drawn as they are needed (a question needs three or four).
fn sample(len: usize, rng: &mut ChaCha8Rng) -> Sample<'_> {
    // Indices are below `len`, so at most SAMPLE (64) when they are all shuffled up front.
    let mut picked = [0u32; SAMPLE];
    if len <= SAMPLE {
        for (k, slot) in picked[..len].iter_mut().enumerate() {
            *slot = k as u32;
        }
        picked[..len].shuffle(rng);
    }
    Sample {
        rng,
        len,
        picked,
        next: 0,
    }
}

/// See [`sample`]. Every question draws one, so it lives on the stack.
struct Sample<'r> {
    rng: &'r mut ChaCha8Rng,
    len: usize,
    /// Few values: all of them, shuffled. Many: those drawn so far.
    picked: [u32; SAMPLE],
    /// How many were given.
    next: usize,
}

impl Iterator for Sample<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.next == self.len.min(SAMPLE) {
            return None;
        }
        if self.len > SAMPLE {
            // More than SAMPLE values, fewer drawn: a new one turns up soon.
            let i = loop {
                let i = self.rng.random_range(0..self.len) as u32;
                if !self.picked[..self.next].contains(&i) {
                    break i;
                }
            };
            self.picked[self.next] = i;
        }
        self.next += 1;
        Some(self.picked[self.next - 1] as usize)
    }
}

/// Whether an option whose [`grade::text::key`] is `key` reads as an option label (`b`, `3`):
/// as a wrong option it would take the place of the label that names the correct one.
fn is_option_label(key: &str) -> bool {
    match key.as_bytes() {
        [c] if c.is_ascii_lowercase() => usize::from(c - b'a') < CHOICES,
        _ => key
            .parse::<usize>()
            .is_ok_and(|n| (1..=CHOICES).contains(&n)),
    }
}

/// Plausible wrong values for numbers, money and dates, in the span's own style.
pub(super) fn made_up(span: &Span, day_first: bool) -> Vec<String> {
    match span.ty {
        // A count in words (`five`): nearby counts in words, as a digit would give the answer
        // away.
        SpanType::Number if !span.value.bytes().any(|b| b.is_ascii_digit()) => {
            let Some(n) = grade::number::parse(&span.value)
                .filter(|a| a.unit.is_none() && a.value.fract() == 0.0)
                .map(|a| a.value)
                .filter(|v| (1.0..1000.0).contains(v))
            else {
                return Vec::new();
            };
            let n = n as u32;
            // Only a value that is the number in words and nothing else (`over five` is not).
            if grade::number::in_words(n).map(|w| grade::text::key(&w))
                != Some(grade::text::key(&span.value))
            {
                return Vec::new();
            }
            // Capitals as the answer has them: on its first word, or on every word.
            let words = |text: &str| text.split([' ', '-']).filter(|w| !w.is_empty()).count();
            let capitals = |text: &str| {
                (text.split([' ', '-']))
                    .filter(|w| w.starts_with(char::is_uppercase))
                    .count()
            };
            let (all, first) = (
                words(&span.value) > 1 && capitals(&span.value) == words(&span.value),
                span.value.trim_start().starts_with(char::is_uppercase),
            );
            let capital = |word: &str| word[..1].to_uppercase() + &word[1..];
            [
                n + 1,
                n * 2,
                n - 1,
                n + 2,
                n * 3,
                n.saturating_sub(2),
                n + 3,
            ]
            .into_iter()
            .filter(|&m| m >= 1 && m != n)
            .filter_map(grade::number::in_words)
            .map(|text| match (all, first) {
                (true, _) => (text.split(' '))
                    .map(|w| match w {
                        "and" => w.to_string(),
                        _ => w.split('-').map(capital).collect::<Vec<_>>().join("-"),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                (false, true) => capital(&text),
                (false, false) => text,
            })
            .collect()
        }
        SpanType::Number | SpanType::Money => {
            let Some((range, number)) = first_number(&span.value) else {
                return Vec::new();
            };
            // Past 2^53 a float no longer holds every whole number: a made-up one would be
            // written with other digits than its own (or as the largest i64).
            const EXACT: f64 = 9_007_199_254_740_992.0;
            // A whole count gets whole counts (`2.5 men` gives itself away); an amount with a
            // scale word may have a fraction (`$7.5 billion`).
            let tail = span.value[range.end..].trim_start().to_ascii_lowercase();
            let scaled = [
                "thousand", "million", "billion", "trillion", "crore", "lakh", "bn",
            ]
            .iter()
            .any(|word| tail.starts_with(word))
                || tail.starts_with(['m', 'k']) && !tail[1..].starts_with(char::is_alphabetic);
            let whole = span.ty == SpanType::Number && number.fract() == 0.0 && !scaled;
            [
                2.0, 0.5, 5.0, 0.2, 10.0, 3.0, 1.5, 0.75, 4.0, 0.25, 6.0, 8.0,
            ]
            .iter()
            .map(|factor| number * factor)
            .filter(|scaled| number.abs() < EXACT && scaled.abs() < EXACT)
            .filter(|scaled| !whole || scaled.fract() == 0.0)
            .map(|scaled| {
                let text = format_like(scaled, &span.value[range.clone()]);
                format!(
                    "{}{text}{}",
                    &span.value[..range.start],
                    &span.value[range.end..]
                )
            })
            .collect()
        }
        SpanType::Year => match span.value.trim().parse::<i32>() {
            Ok(year) => [-2, 3, -5, 1, 7, -1, 2, -3, 5, -7]
                .iter()
                .map(|d| (year + d).to_string())
                .collect(),
            Err(_) => Vec::new(),
        },
        SpanType::Day => {
            let Some(day) = crate::deck::weekday(&span.value) else {
                return Vec::new();
            };
            [1, 3, 5, 2, 4, 6]
                .iter()
                .map(|d| weekday_name(day.wrapping_add(*d)).to_string())
                .collect()
        }
        SpanType::Date => match grade::date::parse(&span.value, day_first) {
            Some(crate::question::DateValue::Full(date)) => {
                // Written as the answer is: `2021-03-20`, `20 March 2021`, `March 20, 2021`.
                let value = span.value.trim();
                // Other forms (`3/4/2021`) are written out in the deck's date order.
                let written_month = value.contains(|c: char| c.is_alphabetic());
                let style = if value.parse::<jiff::civil::Date>().is_ok() {
                    "%Y-%m-%d"
                } else if written_month && value.starts_with(|c: char| c.is_ascii_digit()) {
                    "%-d %B %Y"
                } else if written_month || !day_first {
                    "%B %-d, %Y"
                } else {
                    "%-d %B %Y"
                };
                [-7i64, 30, 365, -30, 7, -365]
                    .iter()
                    .filter_map(|d| date.checked_add(jiff::Span::new().days(*d)).ok())
                    .map(|d| d.strftime(style).to_string())
                    .collect()
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn weekday_name(day: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match day {
        Monday => "Monday",
        Tuesday => "Tuesday",
        Wednesday => "Wednesday",
        Thursday => "Thursday",
        Friday => "Friday",
        Saturday => "Saturday",
        Sunday => "Sunday",
    }
}

fn day_first(loaded: &Loaded) -> bool {
    loaded.deck.settings.date_order == DateOrder::DayFirst
}

/// Whether two amounts may stand side by side as options: the same currency or unit (or
/// none), and within ten times of each other.
fn comparable(a: &grade::number::Amount, b: &grade::number::Amount) -> bool {
    use grade::number::canonical_unit;
    let near = (0.1..=10.0).contains(&(a.value / b.value).abs());
    near && match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x == y || canonical_unit(x) == canonical_unit(y),
        (None, None) => true,
        _ => false,
    }
}

/// The first run of digits (with `,` and `.`) in `text` and its value.
fn first_number(text: &str) -> Option<(std::ops::Range<usize>, f64)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len() - start);
    let raw = text[start..start + len].trim_end_matches(['.', ',']);
    let value: f64 = raw.replace(',', "").parse().ok()?;
    // A half or quarter after it is part of it (`7¾`): made-up ones are written as decimals.
    let end = start + raw.len();
    for (fraction, part) in [('½', 0.5), ('¼', 0.25), ('¾', 0.75)] {
        if text[end..].starts_with(fraction) {
            return Some((start..end + fraction.len_utf8(), value + part));
        }
    }
    Some((start..end, value))
}

/// Formats `value` like `original`: thousands separators if it had them, decimals if needed.
fn format_like(value: f64, original: &str) -> String {
    if value.fract().abs() > 1e-9 {
        let text = format!("{value:.2}");
        return text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    // Thousands are separated as the original separates them, or as a number grown past a
    // thousand would be (`1,500 million` beside `300 million`).
    let grown = value.abs() >= 1000.0
        && (original.bytes().filter(u8::is_ascii_digit))
            .nth(3)
            .is_none();
    if original.contains(',') || grown {
        display_number(value, None)
    } else {
        format!("{}", value as i64)
    }
}
