//! The deck's span values as a pool to draw from: the distractors of a choice and the
//! amount, name or date swapped into a false statement, each unlike the answer, unlike each
//! other and not said elsewhere in the fact; made-up values when the deck has too few.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::ops::RangeInclusive;
use std::sync::{Arc, OnceLock};

use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand_chacha::ChaCha8Rng;

use super::{CHOICES, EXACT, Ways, group_thousands, names_with_aliases, with_aliases};
use crate::FastMap;
use crate::deck::markup::{self, Segment, Span, SpanType};
use crate::deck::{DateOrder, Loaded, SpanValue};
use crate::grade::number::Bound;
use crate::grade::{self, KeyedAnswer, Meaning, Reading};
use crate::question::{Answer, DateValue, Rivals};

/// A span value of the deck, with what choosing distractors and swaps compares.
pub(super) struct Value<'a> {
    text: &'a str,
    /// Whether the deck names it after `the` (`the Harbour Board`), where it first does.
    article: bool,
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
        // (value, what the loader read, whether `the` comes before it where it is first named)
        type Read<'a> = (&'a str, Option<&'a SpanValue>, bool);
        let mut texts: BTreeMap<SpanType, Vec<Read<'a>>> = BTreeMap::new();
        let mut index: FastMap<(SpanType, &'a str), usize> = FastMap::default();
        let mut at = Vec::new();
        let mut starts = Vec::with_capacity(loaded.segments.len() + 1);
        for (i, segments) in loaded.segments.iter().enumerate() {
            starts.push(at.len() as u32);
            for (k, (before, span)) in markup::spans_after_text(segments).enumerate() {
                let slot = match index.entry((span.ty, span.value.as_str())) {
                    Entry::Occupied(slot) => *slot.get(),
                    Entry::Vacant(slot) => {
                        let values = texts.entry(span.ty).or_default();
                        slot.insert(values.len());
                        let read = loaded.values.get(i).and_then(|read| read.get(k));
                        values.push((&span.value, read, article_before(before).is_some()));
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
                    let names =
                        (texts.iter()).map(|(v, ..)| names_with_aliases(&[v], loaded, ways));
                    Arc::new(Rivals::grouped(names))
                });
                let values = texts
                    .into_iter()
                    .map(|(text, read, article)| Value {
                        text,
                        article,
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
        // How the answer writes a date, for other dates to be written so.
        let style = (span.ty == SpanType::Date).then(|| date_style(&span.value, day_first));
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
                    // A date as the answer writes it (`30/11/2022` among `3 March 2019` would
                    // stand out, the answer with it).
                    let text = match (&style, &meaning.date) {
                        (Some(style), Some(DateValue::Full(date))) => {
                            Cow::Owned(date.strftime(style).to_string())
                        }
                        _ => Cow::Borrowed(value.text),
                    };
                    chosen.push((text, meaning));
                }
            }
        };
        from_deck(false, &mut chosen, rng);
        if chosen.len() < CHOICES - 1 {
            // In a random order: in a fixed one (twice, half, five times) the answer would be
            // the option whose double and half are both offered.
            let mut candidates = made_up(span, day_first, rng);
            candidates.shuffle(rng);
            for made_up in candidates {
                if chosen.len() == CHOICES - 1 {
                    break;
                }
                let reading = Reading::new(&made_up);
                let names = names_of(&made_up, self.loaded);
                let meaning = Meaning::new(&reading, day_first);
                // As far from the deck's values chosen as from the answer (not `$3.1 billion`
                // beside `$3 billion`).
                let crowded = |(_, other): &(Cow<str>, Cow<Meaning>)| {
                    amounts
                        && (meaning.amount.as_ref())
                            .zip(other.amount.as_ref())
                            .is_some_and(|(a, b)| (a.value / b.value).abs().ln().abs() < APART.ln())
                };
                if acceptable(&reading, &names, &meaning, &chosen) && !chosen.iter().any(crowded) {
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
            let mut order = made_up(span, day_first(self.loaded), rng);
            order.shuffle(rng);
            order.into_iter().find(|m| {
                let reading = Reading::new(m);
                let names = names_of(m, self.loaded);
                !answer.rules_out(&reading)
                    && !self.said_elsewhere(span, stated, (&reading, &names))
            })
        };
        // A name swapped in comes with `the` as the deck names it (`in the Switzerland`, `The
        // Caldwell Partners` would say which statement is false).
        let article = match drawn {
            Some((value, _)) if span.ty.is_name() => Some(value.article),
            _ => None,
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
                Segment::Span(_) if n == index => {
                    match (article, article_before(&out)) {
                        (Some(false), Some(the)) => out.truncate(out.len() - the),
                        (Some(true), None) => {
                            let start = out.trim_end().is_empty() || out.trim_end().ends_with('.');
                            out.push_str(if start { "The " } else { "the " });
                        }
                        _ => {}
                    }
                    out.push_str(&swap);
                    n += 1;
                }
                Segment::Span(s) => {
                    out.push_str(&s.value);
                    n += 1;
                }
            }
        }
        (out, false)
    }
}

/// The length of the `the ` (any case) that `text` ends with, as a word of its own.
fn article_before(text: &str) -> Option<usize> {
    let rest = text.len().checked_sub(4)?;
    let the = text.get(rest..)?;
    let alone = text[..rest]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    (the.eq_ignore_ascii_case("the ") && alone).then_some(4)
}

/// The bound a fact puts on its span `index`, an amount: `more than [£17,000](money)`,
/// `[over 500](number)`. Another amount in its place may be true as well: one on the bound's
/// side of it (`more than £9,000`) surely is.
pub(super) fn bound(segments: &[Segment], index: usize) -> Option<Bound> {
    let (before, span) = markup::spans_after_text(segments).nth(index)?;
    grade::number::trailing_bound(before).or_else(|| grade::number::leading_bound(&span.value))
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
/// as a wrong option it would take the place of the label that names the correct one. (`0.2`,
/// keyed `02`, is typed as no label.)
pub(super) fn is_option_label(key: &str) -> bool {
    match key.as_bytes() {
        [c] if c.is_ascii_lowercase() => usize::from(c - b'a') < CHOICES,
        [b'0', ..] => false,
        _ => key
            .parse::<usize>()
            .is_ok_and(|n| (1..=CHOICES).contains(&n)),
    }
}

/// Plausible wrong values for numbers, money and dates, in the span's own style. Amounts are
/// drawn at random with `rng` ([`spread`]); the others come in a fixed order.
pub(super) fn made_up(span: &Span, day_first: bool, rng: &mut ChaCha8Rng) -> Vec<String> {
    match span.ty {
        // A count in words (`five`): other counts in words, as a digit would give the answer
        // away.
        SpanType::Number if !span.value.bytes().any(|b| b.is_ascii_digit()) => {
            let Some(n) = grade::number::parse(&span.value)
                .filter(|a| a.unit.is_none() && a.value.fract() == 0.0)
                .map(|a| a.value)
                .filter(|v| (1.0..1000.0).contains(v))
            else {
                return Vec::new();
            };
            // Only a value that is the number in words and nothing else (`over five` is not).
            if grade::number::in_words(n as u32).map(|w| grade::text::key(&w))
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
            // A count: any whole number (`seventeen` beside `five`, not only `twenty`).
            let precision = Precision::of(&format!("{n}"), n).exact();
            spread(n, precision, rng)
                .into_iter()
                .filter(|&(m, _)| m < 1000.0)
                .filter_map(|(m, _)| grade::number::in_words(m as u32))
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
        SpanType::Number | SpanType::Money => made_up_amounts(span, rng),
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
                let style = date_style(&span.value, day_first);
                [-7i64, 30, 365, -30, 7, -365]
                    .iter()
                    .filter_map(|d| date.checked_add(jiff::Span::new().days(*d)).ok())
                    .map(|d| d.strftime(&style).to_string())
                    .collect()
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// How the date `value` is written, as a `strftime` format for options written alike:
/// `2021-03-20`; `20 March 2021`, `20 Mar 2021`, `March 20, 2021`; `30/11/2022`, `3.4.21` in
/// the deck's date order (`day_first`), with its separator, zeros and year digits.
fn date_style(value: &str, day_first: bool) -> String {
    let value = value.trim();
    if value.parse::<jiff::civil::Date>().is_ok() {
        return "%Y-%m-%d".into();
    }
    let words: Vec<&str> = value.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if value.contains(|c: char| c.is_alphabetic()) {
        // The month's name in full or shortened (`Mar`; `Sept.` is written `Sep`).
        let month = (words.iter()).find(|w| w.starts_with(|c: char| c.is_alphabetic()));
        let full = |m: &str| grade::date::MONTHS.contains(&m.to_lowercase().as_str());
        let short = month.is_some_and(|m| !full(m));
        let month = if short { "%b" } else { "%B" };
        return match value.starts_with(|c: char| c.is_ascii_digit()) {
            true => format!("%-d {month} %Y"),
            false => format!("{month} %-d, %Y"),
        };
    }
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    match parts[..] {
        [a, b, year] => {
            let sep = value[a.len()..].chars().next().unwrap_or('/');
            let zeros = [a, b].iter().any(|p| p.len() == 2 && p.starts_with('0'));
            let (day, month) = if zeros { ("%d", "%m") } else { ("%-d", "%-m") };
            let year = if year.len() == 2 { "%y" } else { "%Y" };
            match day_first {
                true => format!("{day}{sep}{month}{sep}{year}"),
                false => format!("{month}{sep}{day}{sep}{year}"),
            }
        }
        _ => match day_first {
            true => "%-d %B %Y".into(),
            false => "%B %-d, %Y".into(),
        },
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

/// How far apart made-up amounts spread: the answer lies somewhere in a window from some
/// value to [`SPREAD`] times it, and the made-up ones are drawn over the same window.
const SPREAD: f64 = 6.0;

/// Two options of a made-up amount differ by at least this ratio (`4,900` beside `6,500`, not
/// `6,400`).
const APART: f64 = 1.2;

/// Made-up amounts like the answer's (a number or money span written with digits): its number
/// replaced by others [`spread`] around it, rounded and written as it is (`6,500` → `4,900`,
/// `11,000`; `£18` → `£7`, `£31`; `$15 billion` → `$7.3 billion`, `$46 billion`), keeping what
/// is written around it (`£`, `NOK `, ` billion`, `%`, ` minutes`). A value below one of the
/// answer's scale word is written with the next one down (`£840 million`, not `£0.84
/// billion`), or not at all when there is none (`lakh`), unless the answer is written so
/// itself (`NOK 0.9 billion`).
fn made_up_amounts(span: &Span, rng: &mut ChaCha8Rng) -> Vec<String> {
    let Some((range, number)) = first_number(&span.value) else {
        return Vec::new();
    };
    // Past [`EXACT`] a made-up one would be written with other digits than its own (or as the
    // largest i64).
    if number.abs() >= EXACT {
        return Vec::new();
    }
    let (before, written, after) = (
        &span.value[..range.start],
        &span.value[range.clone()],
        &span.value[range.end..],
    );
    let money = span.ty == SpanType::Money;
    let scale = scale_after(after, money || before.chars().any(|c| !c.is_whitespace()));
    let mut precision = Precision::of(written, number);
    match &scale {
        // A fraction of the scale word is fine (`$7.3 billion` beside `$15 billion`), and a
        // value below one of it is written with the next one down, if there is one.
        Some(scale) => {
            precision.decimals = None;
            precision.least = match scale.lower.is_some() || number < 1.0 {
                true => 0.0,
                false => 1.0,
            };
        }
        // A whole number not rounded to tens or more is a count, or a price, to the unit:
        // its made-up ones are too (`17` beside `5`, not only `20`; `£31` beside `£18`).
        None if precision.decimals == Some(0) && !written.ends_with('0') => {
            precision = precision.exact();
        }
        // Money keeps its cents as the answer writes them (`£13.50` beside `£4.50`).
        None => precision.pad = money && precision.decimals.is_some_and(|d| d > 0),
    }
    // An answer below one (`0.8`) gets options above one written to its decimals too (`1.3`,
    // `2.6`): to its one significant digit they would be whole, and `1` to `4` read as labels,
    // which leaves it the largest option (review).
    if number < 1.0
        && scale.is_none()
        && let Some(decimals) = precision.decimals
    {
        precision.digits = precision.digits.max(decimals + 1);
    }
    // An amount written as a bare number (`3`, `£3`) from 1 to 4 would read as an option's
    // label: none is made up.
    let bare = |text: &str| !text.chars().any(char::is_alphanumeric);
    if bare(before) && bare(after) && precision.decimals == Some(0) {
        precision.least = (CHOICES + 1) as f64;
    }
    // A share stays within the whole (`40%`: none above `100%`).
    if number <= 100.0
        && grade::number::parse(&span.value)
            .and_then(|a| a.unit)
            .as_deref()
            == Some("percent")
    {
        precision.most = 100.0;
    }
    // Thousands are separated as the answer separates them, or as a number grown past a
    // thousand would be (`1,500 million` beside `300 million`, `1,210` beside `503`).
    let short = written
        .bytes()
        .take_while(|b| *b != b'.')
        .filter(u8::is_ascii_digit)
        .count()
        < 4;
    let commas = |value: f64| written.contains(',') || (short && value >= 1000.0);
    // `1 hours` would give itself away: a unit written in the plural takes no one.
    let plural = scale.is_none()
        && (after
            .trim_start()
            .split(|c: char| !c.is_alphabetic())
            .next())
        .is_some_and(|word| word.len() > 2 && word.ends_with('s'));
    spread(number, precision, rng)
        .into_iter()
        .filter(|&(value, _)| !(plural && value == 1.0))
        .filter_map(|(value, decimals)| {
            let (value, decimals, tail) = match &scale {
                // Unless the answer is written so too (`NOK 0.9 billion`).
                Some(scale) if value < 1.0 && number >= 1.0 => {
                    let (word, factor) = scale.lower?;
                    let (value, decimals) = precision.round(value * factor)?;
                    let tail = match word {
                        "" => scale.rest.to_string(),
                        word => format!("{}{}{}", scale.separator, scale.cased(word), scale.rest),
                    };
                    (value, decimals, Cow::Owned(tail))
                }
                _ => (value, decimals, Cow::Borrowed(after)),
            };
            (value < EXACT).then(|| {
                let number = write_number(value, decimals, commas(value));
                format!("{before}{number}{tail}")
            })
        })
        // A decimal answer's options may be whole (`1` beside `0.8`): none that reads as a
        // label.
        .filter(|text| !is_option_label(&grade::text::key(text)))
        .collect()
}

/// Up to eight values around `answer` (positive), written as `precision` says, each at least
/// [`APART`] from the answer and from each other. The answer is put at a random place in a
/// window of [`SPREAD`] (from `answer / SPREAD` to `answer` at its start, within
/// `precision.least` and `precision.most` where the answer leaves room), and the values are
/// drawn from the window's values so written, each as likely as any other. So every option,
/// the answer too, could have been drawn from the others' window, as likely: the answer is as
/// likely the smallest option as the largest, and ratios between the options (twice, five
/// times) are chance, not a pointer to the one the others were made from. Each value comes
/// with the decimals to write it with.
fn spread(answer: f64, precision: Precision, rng: &mut ChaCha8Rng) -> Vec<(f64, usize)> {
    if !(answer > 0.0 && answer.is_finite()) {
        return Vec::new();
    }
    let width = SPREAD.ln();
    let at = answer.ln();
    let start = (at - rng.random::<f64>() * width)
        .min(precision.most.ln() - width)
        .max(at - width)
        .max(precision.least.ln())
        .min(at);
    let window = (start.exp()).max(precision.least)..=((start + width).exp()).min(precision.most);
    let grid = precision.grid(window);
    let total: u64 = grid.iter().map(|run| run.2).sum();
    if total == 0 {
        return Vec::new();
    }
    let apart = |a: f64, b: f64| a.max(b) / a.min(b) >= APART - 1e-9;
    let mut out: Vec<(f64, usize)> = Vec::with_capacity(8);
    for _ in 0..64 {
        if out.len() == 8 {
            break;
        }
        // The value at a random place in the grid.
        let mut k = rng.random_range(0..total);
        let Some(&(first, step, _)) = grid.iter().find(|run| {
            let here = k < run.2;
            if !here {
                k -= run.2;
            }
            here
        }) else {
            continue;
        };
        if let Some((value, decimals)) = precision.round((first + k as f64) * step)
            && apart(value, answer)
            && out.iter().all(|&(other, _)| apart(value, other))
        {
            out.push((value, decimals));
        }
    }
    out
}

/// How precisely an amount is written, for made-up ones to be written alike.
#[derive(Clone, Copy, Debug)]
struct Precision {
    /// The significant digits it shows (`6,500`: 2; `503`: 3; `4.50`: 3; `7¾`: 3).
    digits: i32,
    /// The most decimals a made-up value has: the answer's (a count, `£18`: none; `12.5`:
    /// one), or any (`None`: `$7.3 billion` beside `$15 billion`).
    decimals: Option<i32>,
    /// The least value made up (a count: one).
    least: f64,
    /// The most (a share in per cent: 100).
    most: f64,
    /// Whether every value is written with [`Precision::decimals`] (money: `£13.00` beside
    /// `£4.50`).
    pad: bool,
}

impl Precision {
    /// How `written`, the digits of an amount's number (with `,`, `.`, a `½`), whose value is
    /// `value`, is written.
    fn of(written: &str, value: f64) -> Precision {
        let plain: String = if written.contains(['½', '¼', '¾']) {
            format!("{value}")
        } else {
            written.chars().filter(|&c| c != ',').collect()
        };
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let decimals = fraction.len() as i32;
        let digits = format!("{whole}{fraction}");
        let digits = digits.trim_start_matches('0');
        let shown = match decimals {
            0 => digits.trim_end_matches('0').len(),
            _ => digits.len(),
        };
        Precision {
            digits: shown.max(1) as i32,
            decimals: Some(decimals),
            least: 10f64.powi(-decimals),
            most: f64::INFINITY,
            pad: false,
        }
    }

    /// Made-up values are whole numbers, written to the unit (at most as many decimals as the
    /// answer has, none), not rounded to the answer's significant digits.
    fn exact(self) -> Precision {
        Precision {
            digits: f64::DIGITS as i32 + 2,
            decimals: Some(0),
            ..self
        }
    }

    /// The decimals a value of `10^exponent` to `10^(exponent + 1)` is written with (below
    /// zero: tens, hundreds … rounded away).
    fn places(&self, exponent: i32) -> i32 {
        let places = self.digits - 1 - exponent;
        self.decimals.map_or(places, |most| places.min(most))
    }

    /// Every value in `window` as written, in runs of one power of ten: (the first as a
    /// multiple of the step, the step, how many).
    fn grid(&self, window: RangeInclusive<f64>) -> Vec<(f64, f64, u64)> {
        let (low, high) = (*window.start(), *window.end());
        let mut runs = Vec::with_capacity(3);
        if !(low > 0.0 && low <= high && high.is_finite()) {
            return runs;
        }
        for exponent in exponent(low)..=exponent(high) {
            let step = 10f64.powi(-self.places(exponent));
            let (from, to) = (10f64.powi(exponent), 10f64.powi(exponent + 1));
            let first = (low.max(from) / step).ceil();
            // The next power of ten starts the next run.
            let last = match high < to {
                true => (high / step).floor(),
                false => (to / step).ceil() - 1.0,
            };
            if last >= first {
                runs.push((first, step, (last - first) as u64 + 1));
            }
        }
        runs
    }

    /// `value` rounded to the significant digits and decimals allowed, and the decimals to
    /// write it with; `None` when that is zero.
    fn round(&self, value: f64) -> Option<(f64, usize)> {
        let places = |value: f64| self.places(exponent(value));
        let at = |value: f64, places: i32| match places {
            0.. => {
                let f = 10f64.powi(places);
                (value * f).round() / f
            }
            _ => {
                let f = 10f64.powi(-places);
                (value / f).round() * f
            }
        };
        let rounded = at(value, places(value));
        if !(rounded > 0.0 && rounded.is_finite()) {
            return None;
        }
        // Rounded up to the next power of ten (`9.96` to `10`): as many digits as before.
        let places = places(rounded);
        let rounded = at(rounded, places);
        let decimals = match (self.pad, self.decimals) {
            (true, Some(most)) => most,
            // No zeros after the point (`£1 billion`, not `£1.0 billion`).
            _ => {
                let mut decimals = places;
                while decimals > 0 && at(rounded, decimals - 1) == rounded {
                    decimals -= 1;
                }
                decimals
            }
        };
        Some((rounded, decimals.max(0) as usize))
    }
}

/// The power of ten of a positive `value` (`6,500`: 3).
fn exponent(value: f64) -> i32 {
    let mut exponent = value.log10().floor() as i32;
    // `log10` may be a hair off at a power of ten.
    if 10f64.powi(exponent + 1) <= value {
        exponent += 1;
    } else if 10f64.powi(exponent) > value {
        exponent -= 1;
    }
    exponent
}

/// A scale word after an amount's number (` billion`, `bn`, `-million`), read by
/// [`scale_after`].
struct Scale<'t> {
    /// What is between the number and the word (``, ` `, `-`).
    separator: &'t str,
    /// The word as written.
    word: &'t str,
    /// What follows the word.
    rest: &'t str,
    /// How a value below one of it is written: the word one step down (empty: none, the
    /// plain number) and how many of it make one; `None` when there is no step down.
    lower: Option<(&'static str, f64)>,
}

impl Scale<'_> {
    /// `word` with a capital when the answer's word has one.
    fn cased(&self, word: &str) -> String {
        match self.word.starts_with(char::is_uppercase) {
            true => word[..1].to_uppercase() + &word[1..],
            false => word.to_string(),
        }
    }
}

/// The scale word `after` an amount's number starts with, if any; a single letter (`m`, `k`)
/// only attached to the number or in an amount of `money` (`$3 m`; `503 m` is metres).
fn scale_after(after: &str, money: bool) -> Option<Scale<'_>> {
    let word_at = after.len() - after.trim_start_matches([' ', '-']).len();
    let separator = &after[..word_at];
    if separator.matches('-').count() > 1 || separator.contains("- ") {
        return None;
    }
    let word_len = after[word_at..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after.len() - word_at);
    let word = &after[word_at..word_at + word_len];
    let attached = separator.is_empty();
    let lower = match word.to_ascii_lowercase().as_str() {
        "trillion" | "trillions" => Some(("billion", 1e3)),
        "tn" | "trn" => Some(("bn", 1e3)),
        "billion" | "billions" => Some(("million", 1e3)),
        // `£840m`, but ` million` where an `m` apart would read as metres.
        "bn" | "bln" if attached => Some(("m", 1e3)),
        "bn" | "bln" => Some(("million", 1e3)),
        // The plain number: `840,000`.
        "million" | "millions" | "mn" | "mln" => Some(("", 1e6)),
        "thousand" => Some(("", 1e3)),
        "hundred" => Some(("", 100.0)),
        "m" if attached || money => Some(("", 1e6)),
        "k" if attached || money => Some(("", 1e3)),
        "crore" | "crores" | "cr" => Some(("lakh", 100.0)),
        "lakh" | "lakhs" | "lac" | "lacs" => None,
        _ => return None,
    };
    Some(Scale {
        separator,
        word,
        rest: &after[word_at + word_len..],
        lower,
    })
}

/// `value` with `decimals` decimals, its thousands separated by commas when `commas`.
fn write_number(value: f64, decimals: usize, commas: bool) -> String {
    let text = format!("{value:.decimals$}");
    if !commas {
        return text;
    }
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
        None => group_thousands(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::super::generate;
    use super::*;
    use crate::diagnostic::SourceFile;
    use rand::SeedableRng;
    use std::collections::BTreeSet;

    /// Amounts a deck may have no other value of its kind for: every wrong option of their
    /// choice questions is made up.
    const ALONE: [&str; 16] = [
        "It sent [6,500](number) troops.",
        "A ticket was [£18](money).",
        "Trade reached [$15 billion](money).",
        "A loan of [€2.5 billion](money).",
        "The bridge cost [£1.2 billion](money).",
        "The fund holds [NOK 9 billion](money).",
        "It carries [1.4 million](number) riders.",
        "It employs [86](number) people.",
        "It has [12](number) depots.",
        "The arch spans [503](number) metres.",
        "Turnout was [40%](number).",
        "A pint cost [£4.50](money).",
        "The delay was [40 minutes](number).",
        "The grant was [$300 million](money).",
        "It has [7](number) runways.",
        "The road is [6.4 km](number) long.",
    ];

    /// A deck of one fact, `text`.
    fn alone(text: &str) -> Loaded {
        let deck = format!(
            "Deck(id: \"t\", title: \"T\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [Fact(id: \"f\", text: \"{text}\", evidence: [\"e\"])])",
            "0".repeat(64)
        );
        crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck")
    }

    /// The options of the choice question about the fact's amount and which one is right; no
    /// other is graded right (what `recall check` tests).
    fn choice(loaded: &Loaded, seed: u64) -> (Vec<String>, usize) {
        let questions = generate(loaded, seed);
        let asked = questions
            .iter()
            .find(|q| q.id == "f/choice/1")
            .expect("asked");
        match &asked.answer {
            Answer::Choice {
                options, correct, ..
            } => {
                for (i, option) in options.iter().enumerate() {
                    let outcome = grade::grade(asked, option).outcome;
                    assert_eq!(
                        i == correct[0],
                        outcome == grade::Outcome::Correct,
                        "{option}"
                    );
                }
                (options.clone(), correct[0])
            }
            other => panic!("{other:?}"),
        }
    }

    /// Whether `b` is a simple multiple of `a` or `a` of `b`: two, three … ten times, or
    /// half of such a multiple (`1.5`, `2.5`, and `0.4`, `0.2`, `0.25` the other way).
    fn simple_ratio(a: f64, b: f64) -> bool {
        let r = (a / b).max(b / a);
        (1..=2).any(|q| {
            let n = r * f64::from(q);
            (n - n.round()).abs() < 1e-6 * n && r > 1.0 + 1e-9 && r <= 10.0 + 1e-9
        })
    }

    /// How much the "option the others are simple multiples of" pick scores: 1 when it is the
    /// answer alone, 1/k when the answer is one of k options scoring best, else 0.
    fn multiples_pick(values: &[f64], answer: usize) -> f64 {
        let score = |i: usize| {
            (0..values.len())
                .filter(|&j| j != i && simple_ratio(values[i], values[j]))
                .count()
        };
        let best = (0..values.len()).map(score).max().unwrap_or(0);
        let tied = (0..values.len()).filter(|&i| score(i) == best).count();
        if score(answer) == best {
            1.0 / tied as f64
        } else {
            0.0
        }
    }

    /// QA found the answer in 54% of numeric choice questions by picking the option the others
    /// are simple multiples of (made-up ones were twice, half, five times the answer …). Made-up
    /// values must leave such a pick at chance, and the answer anywhere among the options in
    /// size (always in the middle would give it away as well).
    #[test]
    fn made_up_amounts_do_not_point_at_the_answer() {
        let (mut hits, mut questions) = (0.0, 0);
        let mut ranks = [0usize; CHOICES];
        for text in ALONE {
            let loaded = alone(text);
            for seed in 0..100 {
                let (options, correct) = choice(&loaded, seed);
                assert_eq!(options.len(), CHOICES, "{text}: {options:?}");
                let values: Vec<f64> = (options.iter())
                    .map(|o| grade::number::parse(o).expect("an amount").value)
                    .collect();
                hits += multiples_pick(&values, correct);
                questions += 1;
                let rank = values.iter().filter(|v| **v < values[correct]).count();
                ranks[rank] += 1;
            }
        }
        let rate = hits / questions as f64;
        let chance = 1.0 / CHOICES as f64;
        eprintln!("multiples pick: {rate:.3} (chance {chance}); answer ranks {ranks:?}");
        assert!(rate < chance + 0.06, "{rate:.3}");
        for rank in ranks {
            let share = rank as f64 / questions as f64;
            assert!((share - chance).abs() < 0.1, "answer ranks {ranks:?}");
        }
    }

    /// The span of `text`, a fact with one amount.
    fn span_of(text: &str) -> Span {
        let segments = markup::parse(text).expect("markup");
        markup::spans(&segments).next().expect("a span").clone()
    }

    /// Made-up amounts are written as the answer is: its currency, unit and scale word (or the
    /// next one down, never `£0.84 billion`), whole where it is whole (`£13.5` beside `£27`
    /// gave itself away), cents where it has them, no more significant digits than it shows
    /// unless it is a count, no `1.0` and no `1 hours`.
    #[test]
    fn made_up_amounts_are_written_as_the_answer_is() {
        let more = [
            "A ticket was [£27](money).",
            "The bridge cost [£1.2bn](money).",
            "It cost [₹500 crore](money).",
            "It cost [$15-billion](money).",
            "It raised [5 lakh](number) rupees.",
            "The road is [6.4-mile](number) long.",
            "It has [1,234](number) seats.",
            "It carries [20,000](number) riders.",
            "The fund holds [NOK 0.9 billion](money).",
            "It took [2 hours](number).",
            "It took [2 hours 40 minutes](number).",
        ];
        let read = |text: &str, made: bool| {
            let (range, value) = first_number(text).expect("a number");
            let written = &text[range.clone()];
            let decimals = written.split_once('.').map_or(0, |(_, d)| d.len());
            let digits = written
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            let digits = digits.trim_start_matches('0');
            // Zeros after the point count as shown in an answer (`£4.50`: 3), not in what is
            // made up, where they may only pad cents (`£12.40`: 3).
            let shown = match (decimals, made) {
                (0, _) => digits.trim_end_matches('0').len(),
                (_, true) => digits.trim_end_matches('0').len(),
                (_, false) => digits.len(),
            };
            let (before, after) = (
                text[..range.start].to_string(),
                text[range.end..].to_string(),
            );
            let point_zero = decimals > 0 && written.ends_with('0');
            (value, decimals, shown, (before, after), point_zero)
        };
        let scales = ["billion", "million", "bn", "m", "crore", "lakh"];
        let mut checked = 0;
        for text in ALONE.iter().chain(&more) {
            let span = span_of(text);
            let answer = &span.value;
            let unit = |t: &str| grade::number::parse(t).expect("an amount").unit;
            let (value, decimals, shown, (before, after), _) = read(answer, false);
            let scale = scales
                .iter()
                .find(|w| after.trim_start_matches([' ', '-']) == **w);
            let money = span.ty == SpanType::Money;
            let whole = decimals == 0 && scale.is_none();
            // To the unit (`86`, `£18`), not rounded (`6,500`): a count, with any digits.
            let exact = whole && value % 10.0 != 0.0;
            for seed in 0..50 {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let options = made_up(&span, true, &mut rng);
                assert!(options.len() >= CHOICES - 1, "{answer}: {options:?}");
                for option in &options {
                    checked += 1;
                    let (v, d, s, (b, a), point_zero) = read(option, true);
                    let why = format!("{option:?} for {answer:?}");
                    assert!(!option.starts_with("1 hours"), "{why}");
                    assert_eq!(unit(option), unit(answer), "{why}");
                    assert_eq!(b, before, "{why}");
                    let a = a.as_str();
                    assert!(
                        !point_zero || money && d == decimals,
                        "{why}: a zero after the point"
                    );
                    match scale {
                        Some(_) => {
                            match value >= 1.0 {
                                true => assert!(v >= 1.0, "{why}"),
                                // As the answer is written: `0.7 billion` beside `0.9 billion`.
                                false => assert_eq!(a, after, "{why}"),
                            }
                            assert!(s <= shown, "{why}: more digits than the answer shows");
                            let word = a.trim_start_matches([' ', '-']);
                            assert!(
                                a == after || word.is_empty() || scales.contains(&word),
                                "{why}"
                            );
                        }
                        None => {
                            assert_eq!(a, after, "{why}");
                            assert!(d <= decimals, "{why}: more decimals than the answer");
                            if money {
                                assert_eq!(d, decimals, "{why}: cents as the answer has them");
                            }
                            if whole {
                                assert_eq!(v.fract(), 0.0, "{why}");
                            }
                            if !exact {
                                assert!(s <= shown, "{why}: more digits than the answer shows");
                            }
                            if answer.contains(',') && v >= 1000.0 {
                                assert!(option.contains(','), "{why}");
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 3000, "{checked}");
    }

    /// Made-up amounts come from the rng passed in: the same for the same seed (questions are
    /// the same for the same deck and seed), others for another.
    #[test]
    fn made_up_amounts_are_the_same_for_the_same_seed() {
        for text in ALONE {
            let span = span_of(text);
            let made = |seed| made_up(&span, true, &mut ChaCha8Rng::seed_from_u64(seed));
            let seen: BTreeSet<Vec<String>> = (0..20).map(made).collect();
            assert!(seen.len() > 10, "{text}: {seen:?}");
            for seed in 0..20 {
                assert_eq!(made(seed), made(seed), "{text}");
            }
            let loaded = alone(text);
            for seed in [0, 7] {
                assert_eq!(choice(&loaded, seed), choice(&loaded, seed), "{text}");
            }
        }
    }
}
