//! Question generation: facts → cloze, multiple-choice, true/false and reverse questions;
//! hand-written cards → questions as written.
//!
//! Pure and deterministic: the same deck and seed give the same questions with the same
//! option order. Each question draws its randomness from the seed *and its own id*, so adding
//! a fact does not reshuffle the options of every other question. Ids are stable
//! (`fact-id/cloze/2`: the second span of the fact), so review history survives reordering.

use std::borrow::Cow;
use std::collections::HashMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::deck::markup::{self, Segment, Span, SpanType};
use crate::deck::{CardAnswer, DateOrder, Kind, Loaded};
use crate::grade::{self, KeyedAnswer, Reading};
use crate::question::{Answer, HashForm, Origin, Question};

/// How many options a multiple-choice question offers at most (one correct, three wrong).
pub const CHOICES: usize = 4;

pub use crate::question::BLANK;

mod pool;

use pool::{Pool, Stated, words};

/// Every question a deck yields, facts first (in deck order), then cards.
pub fn generate(loaded: &Loaded, seed: u64) -> Vec<Question> {
    let generator = Generator::new(loaded, seed);
    let mut questions = Vec::new();
    for index in 0..loaded.deck.facts.len() {
        for draft in generator.drafts(index) {
            questions.push(generator.question(index, draft));
        }
    }
    questions.extend(generator.cards());
    questions
}

/// The content hashes each question of the deck had as earlier versions of recall computed
/// them ([`HashForm::EARLIER`], oldest first, none twice): a state file last synced by one of
/// them is matched through its form once, so that the upgrade relearns nothing. `questions`
/// are the deck's questions as [`generate`] gives them with `seed`; the form of before
/// 2026-11 is of questions generated with aliases read one way only, as they were then.
pub fn earlier_hashes(
    loaded: &Loaded,
    seed: u64,
    questions: &[Question],
) -> HashMap<String, Vec<String>> {
    let mut hashes: HashMap<String, Vec<String>> = HashMap::new();
    let mut add = |q: &Question, form: HashForm| {
        let earlier = hashes.entry(q.id.clone()).or_default();
        let mut push = |hash: String| {
            if !earlier.contains(&hash) {
                earlier.push(hash);
            }
        };
        push(q.content_hash_as(form));
        // A number's unit as recall read it before it knew hyphenated units, `mi`, `mph` and
        // `km/h` (2026-11-29): `6.4-mile` then had the unit `-mile` (review).
        if let Answer::Number { display, unit, .. } = &q.answer
            && let Some(legacy) = legacy_unit(display)
            && unit.as_ref() != Some(&legacy)
        {
            let mut then = q.clone();
            if let Answer::Number { unit, .. } = &mut then.answer {
                *unit = Some(legacy);
            }
            push(then.content_hash_as(form));
        }
    };
    for form in HashForm::EARLIER {
        match form {
            HashForm::AllAccepted => {
                let generator = Generator {
                    pool: Pool::new(loaded, Ways::Forward),
                    seed,
                };
                for i in 0..loaded.deck.facts.len() {
                    for draft in generator.drafts(i) {
                        add(&generator.question(i, draft), form);
                    }
                }
                for q in generator.cards() {
                    add(&q, form);
                }
            }
            _ => questions.iter().for_each(|q| add(q, form)),
        }
    }
    hashes
}

/// The unit of an amount written `display`, as recall read it before 2026-11-29 where it
/// reads it otherwise now: a unit joined by a hyphen (`6.4-mile`: `-mile`), or `mi`, `mph`,
/// `km/h`, `kph` (then no known unit: the word as written, lowercase, without a plural `s`).
fn legacy_unit(display: &str) -> Option<String> {
    let text = display.trim();
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let end = (text[start..].find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')))
        .map_or(text.len(), |at| start + at);
    let rest = text[end..].split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest.to_lowercase();
    let rest = rest.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
    let read_otherwise = rest.starts_with('-')
        || ["mi", "mph", "km/h", "kph", "kmh", "miles per hour"].contains(&rest);
    if !read_otherwise {
        return None;
    }
    Some(match rest.strip_suffix('s') {
        Some(single) if single.len() >= 3 && !single.ends_with('s') => single.to_string(),
        _ => rest.to_string(),
    })
}

/// One question of a fact as generation decides it (the span it asks, its options, its
/// true/false statement), before it is dressed as a [`Question`] with an id, prompt text,
/// evidence and tags. `recall check` tests drafts: on a large deck, building every full
/// question would cost more than the checks themselves.
#[derive(Clone, Debug, PartialEq)]
pub enum Draft<'a> {
    /// Span `n` (1-based) blanked, the answer typed.
    Cloze { n: usize, span: &'a Span },
    /// Span `n` blanked, the answer picked among options: the deck's values, borrowed, or
    /// made-up ones. One is correct.
    Choice {
        n: usize,
        options: Vec<Cow<'a, str>>,
        correct: usize,
    },
    /// The fact as stated (`value` true), or with one span swapped.
    TrueFalse { statement: String, value: bool },
    /// The author's question `n` (1-based) about one span.
    Reverse {
        n: usize,
        span: &'a Span,
        ask: &'a str,
    },
}

impl Draft<'_> {
    pub fn origin(&self) -> Origin {
        match self {
            Draft::Cloze { .. } => Origin::Cloze,
            Draft::Choice { .. } => Origin::Choice,
            Draft::TrueFalse { .. } => Origin::TrueFalse,
            Draft::Reverse { .. } => Origin::Reverse,
        }
    }

    /// The number ending the question id.
    pub fn n(&self) -> usize {
        match self {
            Draft::Cloze { n, .. } | Draft::Choice { n, .. } | Draft::Reverse { n, .. } => *n,
            Draft::TrueFalse { .. } => 1,
        }
    }

    /// The stable question id (`fact-id/cloze/2`) for the fact with id `fact`.
    pub fn id(&self, fact: &str) -> String {
        format!("{fact}/{}/{}", self.origin().name(), self.n())
    }
}

/// The questions of one deck, a fact at a time: [`generate`] dresses every draft, `recall
/// check` tests the drafts and dresses only the questions it reports.
pub struct Generator<'a> {
    pool: Pool<'a>,
    seed: u64,
}

impl<'a> Generator<'a> {
    pub fn new(loaded: &'a Loaded, seed: u64) -> Generator<'a> {
        Generator {
            pool: Pool::new(loaded, Ways::Both),
            seed,
        }
    }

    /// The questions of fact `index`, in order: the cloze and choice of each span, then the
    /// true/false, then the reverse questions.
    pub fn drafts(&self, index: usize) -> Vec<Draft<'a>> {
        let loaded = self.pool.loaded;
        let fact = &loaded.deck.facts[index];
        let segments = &loaded.segments[index];
        let kinds = fact.kinds.as_deref().unwrap_or(&loaded.deck.settings.kinds);
        let spans: Vec<&'a Span> = markup::spans(segments).collect();
        let answers: Vec<Option<&KeyedAnswer>> = (spans.iter().enumerate())
            .map(|(k, span)| self.pool.keyed_at(index, k, span))
            .collect();
        // The sentence's words, for keeping options and swaps to what it does not say.
        let said = words(&markup::plain_text(segments));
        let stated = Stated {
            spans: &spans,
            answers: &answers,
            words: &said,
        };
        let mut drafts = Vec::with_capacity(3 * spans.len() + 1 + fact.reverse.len());
        for (i, &span) in spans.iter().enumerate() {
            let Some(answer) = answers[i] else {
                continue;
            };
            let n = i + 1;
            if kinds.contains(&Kind::Cloze) {
                drafts.push(Draft::Cloze { n, span });
            }
            // An amount with a bound (`more than £1.2 million`) gets no choice: a wrong option
            // on the bound's side of it is true as well, and with every one on the other side
            // the answer is the option nearest the bound, which gives it away (QA).
            let bounded = matches!(span.ty, SpanType::Number | SpanType::Money)
                && pool::bound(segments, i).is_some();
            let value = self.pool.value_at(index, i, span);
            // Nor does an answer that reads as an option's label (`3`, `b`): typed, it would
            // name another option, and none of its wrong options may be one, so it would be
            // the smallest of them all (review).
            let label = pool::is_option_label(value.reading.key());
            if kinds.contains(&Kind::Choice) && !bounded && !label {
                let mut rng = question_rng(self.seed, &fact.id, Origin::Choice, n);
                let wrong = self
                    .pool
                    .distractors(span, (value, answer), &stated, &mut rng);
                if !wrong.is_empty() {
                    let (options, correct) = shuffle_one(&span.value, wrong, &mut rng);
                    drafts.push(Draft::Choice {
                        n,
                        options,
                        correct,
                    });
                }
            }
        }
        if kinds.contains(&Kind::TrueFalse) && !spans.is_empty() {
            let mut rng = question_rng(self.seed, &fact.id, Origin::TrueFalse, 1);
            let (statement, value) = self.pool.true_false(segments, &stated, &mut rng);
            drafts.push(Draft::TrueFalse { statement, value });
        }
        if kinds.contains(&Kind::Reverse) {
            for (k, reverse) in fact.reverse.iter().enumerate() {
                let span = spans.iter().copied().find(|s| s.value == reverse.answer);
                if let Some(span) = span.filter(|s| self.pool.answer(s).is_some()) {
                    drafts.push(Draft::Reverse {
                        n: k + 1,
                        span,
                        ask: &reverse.ask,
                    });
                }
            }
        }
        drafts
    }

    /// How a span of the deck is graded; `None` for a value the grader cannot read (the
    /// loader rejects those, so this is a guard, not a path). One answer per distinct value.
    pub fn answer(&self, span: &'a Span) -> Option<&Answer> {
        self.pool.answer(span)
    }

    /// [`Generator::answer`] of span `k` (0-based) of fact `fact`, `span`, found by its place.
    pub fn answer_at(&self, fact: usize, k: usize, span: &Span) -> Option<&Answer> {
        self.pool.keyed_at(fact, k, span).map(KeyedAnswer::answer)
    }

    /// How the grader reads `text` when it is offered as an option for a span of type `ty`,
    /// when it is a value of that type in the deck (read once for every question).
    pub fn reading(&self, ty: SpanType, text: &str) -> Option<&Reading<'a>> {
        let i = self.pool.index.get(&(ty, text))?;
        Some(&self.pool.by_type[&ty][*i].reading)
    }

    /// The prompt a draft of fact `index` is asked with.
    pub fn prompt(&self, index: usize, draft: &Draft) -> String {
        let mut prompt = String::new();
        self.prompt_into(index, draft, &mut prompt);
        prompt
    }

    /// [`Generator::prompt`] written into `out`, which is cleared first (`recall check`
    /// writes every prompt of a large deck into one buffer).
    pub fn prompt_into(&self, index: usize, draft: &Draft, out: &mut String) {
        out.clear();
        match draft {
            Draft::Cloze { n, .. } | Draft::Choice { n, .. } => {
                blank_into(&self.pool.loaded.segments[index], n - 1, out)
            }
            Draft::TrueFalse { statement, .. } => {
                out.push_str("True or false? ");
                out.push_str(statement);
            }
            Draft::Reverse { ask, .. } => out.push_str(ask),
        }
    }

    /// The question a draft of fact `index` stands for.
    pub fn question(&self, index: usize, draft: Draft<'a>) -> Question {
        let loaded = self.pool.loaded;
        let fact = &loaded.deck.facts[index];
        let prompt = self.prompt(index, &draft);
        let (id, origin) = (draft.id(&fact.id), draft.origin());
        // What a choice or true/false question is about: how the span it asks, or each span
        // of the fact, is graded (a value the grader cannot read, which the loader rejects, as
        // text).
        let span_answer = |k: usize, span: &Span| match self.pool.keyed_at(index, k, span) {
            Some(keyed) => keyed.answer().clone(),
            None => Answer::Text {
                accepted: vec![span.value.clone()],
                rivals: Default::default(),
            },
        };
        let spans = || markup::spans(&loaded.segments[index]).enumerate();
        let span_answers = match draft {
            Draft::TrueFalse { .. } => spans().map(|(k, span)| span_answer(k, span)).collect(),
            Draft::Choice { n, .. } => (spans().nth(n - 1).into_iter())
                .map(|(k, span)| span_answer(k, span))
                .collect(),
            _ => Vec::new(),
        };
        let answer = match draft {
            Draft::Cloze { span, .. } | Draft::Reverse { span, .. } => without_giveaways(
                self.pool
                    .answer(span)
                    .cloned()
                    .expect("drafted from a span with an answer"),
                &prompt,
            ),
            Draft::Choice {
                options, correct, ..
            } => Answer::Choice {
                aliases: option_aliases(&options, loaded),
                options: options.into_iter().map(Cow::into_owned).collect(),
                correct: vec![correct],
            },
            Draft::TrueFalse { value, .. } => Answer::TrueFalse { value },
        };
        Question {
            id,
            deck: loaded.deck.id.clone(),
            fact: Some(fact.id.clone()),
            origin,
            prompt,
            answer,
            evidence: fact.evidence.clone(),
            tags: fact.tags.clone(),
            span_answers,
        }
    }

    /// The questions of the hand-written cards, in deck order.
    pub fn cards(&self) -> Vec<Question> {
        let loaded = self.pool.loaded;
        let mut questions = Vec::new();
        for card in &loaded.deck.cards {
            let mut tags = card.tags.clone();
            if let Some(fact) = card
                .fact
                .as_ref()
                .and_then(|id| loaded.deck.facts.iter().find(|f| &f.id == id))
            {
                for tag in &fact.tags {
                    if !tags.contains(tag) {
                        tags.push(tag.clone());
                    }
                }
            }
            let mut rng = rng(self.seed, &card.id);
            questions.push(Question {
                id: card.id.clone(),
                deck: loaded.deck.id.clone(),
                fact: card.fact.clone(),
                origin: Origin::Card,
                prompt: card.ask.clone(),
                answer: card_answer(&card.answer, loaded, self.pool.ways, &mut rng),
                evidence: card.evidence.clone(),
                tags,
                span_answers: Vec::new(),
            });
        }
        questions
    }
}

/// A per-question random generator: the seed mixed with a stable hash of the id.
fn rng(seed: u64, id: &str) -> ChaCha8Rng {
    let mut hash = Fnv1a::default();
    hash.add(id);
    ChaCha8Rng::seed_from_u64(seed ^ hash.0)
}

/// [`rng`] for the question `fact/origin/n` of a fact, without building its id.
fn question_rng(seed: u64, fact: &str, origin: Origin, n: usize) -> ChaCha8Rng {
    let mut hash = Fnv1a::default();
    for part in [fact, "/", origin.name(), "/"] {
        hash.add(part);
    }
    hash.add(crate::question::decimal(n, &mut [0; 20]));
    ChaCha8Rng::seed_from_u64(seed ^ hash.0)
}

/// FNV-1a, written out because `std`'s hasher may change between releases and the option
/// order must not. Text written to it in parts hashes as the whole.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn add(&mut self, text: &str) {
        for byte in text.bytes() {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The fact text with span `index` blanked and the others shown, appended to `out`.
fn blank_into(segments: &[Segment], index: usize, out: &mut String) {
    let mut n = 0;
    for segment in segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Span(span) => {
                out.push_str(if n == index { BLANK } else { &span.value });
                n += 1;
            }
        }
    }
}

/// [`shuffle_options`] of one correct option among the wrong ones of a generated choice, in
/// the same order for the same generator, without copying them: the positions are shuffled
/// (a shuffle's swaps depend on the length only) and the options taken in their order.
/// Returns the options and where the correct one is.
fn shuffle_one<'a>(
    correct: &'a str,
    wrong: Vec<Cow<'a, str>>,
    rng: &mut ChaCha8Rng,
) -> (Vec<Cow<'a, str>>, usize) {
    let mut order: [usize; CHOICES] = std::array::from_fn(|k| k);
    let order = &mut order[..=wrong.len()];
    order.shuffle(rng);
    let mut all: [Cow<'a, str>; CHOICES] = Default::default();
    all[0] = Cow::Borrowed(correct);
    for (slot, option) in all[1..].iter_mut().zip(wrong) {
        *slot = option;
    }
    let options = order.iter().map(|&k| std::mem::take(&mut all[k])).collect();
    let at = order
        .iter()
        .position(|&k| k == 0)
        .expect("the correct option is shuffled in");
    (options, at)
}

/// Shuffles correct and wrong options together; returns the options and the correct indices.
fn shuffle_options(
    correct: Vec<String>,
    wrong: Vec<String>,
    rng: &mut ChaCha8Rng,
) -> (Vec<String>, Vec<usize>) {
    let mut options: Vec<(bool, String)> = correct
        .into_iter()
        .map(|c| (true, c))
        .chain(wrong.into_iter().map(|w| (false, w)))
        .collect();
    options.shuffle(rng);
    let correct = options
        .iter()
        .enumerate()
        .filter_map(|(i, (ok, _))| ok.then_some(i))
        .collect();
    (options.into_iter().map(|(_, o)| o).collect(), correct)
}

fn card_answer(answer: &CardAnswer, loaded: &Loaded, ways: Ways, rng: &mut ChaCha8Rng) -> Answer {
    let day_first = loaded.deck.settings.date_order == DateOrder::DayFirst;
    match answer {
        CardAnswer::Text(accepted) => Answer::Text {
            accepted: with_aliases(accepted, loaded, ways),
            rivals: Default::default(),
        },
        CardAnswer::Choice { correct, wrong } => {
            let (options, correct) = shuffle_options(correct.clone(), wrong.clone(), rng);
            Answer::Choice {
                aliases: option_aliases(&options, loaded),
                options,
                correct,
            }
        }
        CardAnswer::TrueFalse(value) => Answer::TrueFalse { value: *value },
        CardAnswer::Number {
            value,
            unit,
            tolerance,
        } => Answer::Number {
            value: *value,
            unit: unit.as_ref().map(|u| u.trim().to_lowercase()),
            tolerance: *tolerance,
            display: display_number(*value, unit.as_deref()),
        },
        CardAnswer::Date(text) => {
            let value = crate::deck::parse_card_date(text).expect("validated by the loader");
            // Written as a date is read (`19 March 1932`), not as the deck spells it
            // (`1932-03-19`): the learner sees it beside fact spans written out.
            let display = match value {
                crate::question::DateValue::Full(date) if day_first => {
                    date.strftime("%-d %B %Y").to_string()
                }
                crate::question::DateValue::Full(date) => date.strftime("%B %-d, %Y").to_string(),
                _ => text.clone(),
            };
            Answer::Date {
                value,
                day_first,
                display,
            }
        }
        CardAnswer::List { items, ordered } => Answer::List {
            items: items.clone(),
            ordered: *ordered,
            // (Not the other spellings of `and`: see [`option_aliases`].)
            aliases: items
                .iter()
                .map(|item| {
                    loaded
                        .other_names(item)
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
        },
    }
}

/// `15000000000` with unit `USD` → `15,000,000,000 USD`.
pub fn display_number(value: f64, unit: Option<&str>) -> String {
    // Money as it is written: `$450 million`, `NOK 9 billion`, `£1,500`.
    if let Some(code) = unit
        .map(str::to_ascii_lowercase)
        .filter(|u| grade::number::is_currency(u))
        && value.is_finite()
    {
        let minus = if value < 0.0 { "-" } else { "" };
        // A scale word only where it says the amount exactly (`$1.25 million`, not a rounded
        // `$1.235 million` for 1,234,567: the display is an accepted answer).
        let scaled = [(1e9, " billion"), (1e6, " million")]
            .into_iter()
            .filter(|&(scale, _)| value.abs() >= scale)
            .find_map(|(scale, word)| {
                let text = format!("{:.3}", value.abs() / scale);
                let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
                let back: f64 = text.parse().ok()?;
                // To the cent: the grader's own likeness is relative, and would round.
                ((back * scale - value.abs()).abs() < 0.005).then_some((text, word))
            });
        let (number, scale) = scaled.unwrap_or_else(|| (display_number(value.abs(), None), ""));
        let sign = match code.as_str() {
            "usd" => "$",
            "eur" => "€",
            "gbp" => "£",
            "jpy" => "¥",
            "inr" => "₹",
            _ => return format!("{minus}{} {number}{scale}", code.to_uppercase()),
        };
        return format!("{minus}{sign}{number}{scale}");
    }
    // Grouped while a float holds every whole number.
    let number = if value.fract() == 0.0 && value.abs() < EXACT {
        let grouped = group_thousands(&format!("{}", value.abs() as u64));
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        format!("{value}")
    };
    match unit {
        Some(unit) => format!("{number} {unit}"),
        None => number,
    }
}

/// 2^53: up to here a float holds every whole number; past it one is written with other
/// digits than its own.
pub(super) const EXACT: f64 = 9_007_199_254_740_992.0;

/// The digits `digits` with commas between their thousands (`1234567` → `1,234,567`).
pub(super) fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// How a deck's aliases are read: both ways (`[Babbage]` takes the name it is an alias of),
/// or only from a name to its aliases, as recall did before 2026-11 (for the content hashes
/// it wrote then: [`earlier_hashes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ways {
    Both,
    Forward,
}

/// The deck's other names for each option of a choice ([`Loaded::other_names`]; empty when
/// none has any): typed without the menu, `Austin` picks `Lloyd Austin`.
///
/// Not the other spellings of `and` that a typed name takes ([`with_aliases`]): an answer
/// naming several options with `and` between them is read by its longest runs that name one
/// (`grade`'s `and_joined`), and an `X and Y` spelling of each option would take runs that
/// span two of them as its misspellings (`Rock and Rock & Roll` read as `Rock and Roll`).
pub(crate) fn option_aliases<S: AsRef<str>>(options: &[S], loaded: &Loaded) -> Vec<Vec<String>> {
    if loaded.deck.aliases.is_empty() {
        return Vec::new();
    }
    let mut aliases: Vec<Vec<String>> = options
        .iter()
        .map(|option| {
            let names = loaded.other_names(option.as_ref());
            names.into_iter().map(str::to_string).collect()
        })
        .collect();
    while aliases.last().is_some_and(Vec::is_empty) {
        aliases.pop();
    }
    aliases
}

/// The names a deck accepts for `value` (itself first, then its other names, then each name
/// with `&` and `and` spelt the other way: `Trinidad and Tobago` for `Trinidad & Tobago`).
fn with_aliases<S: AsRef<str>>(accepted: &[S], loaded: &Loaded, ways: Ways) -> Vec<String> {
    let mut out = names_with_aliases(accepted, loaded, ways);
    if ways == Ways::Both {
        // (Not for the hashes of earlier versions, which covered every form.)
        add_other_spellings(&mut out);
    }
    out
}

/// Appends to `names` each one's other spelling of `and` ([`grade::text::and_spelt_otherwise`])
/// that is not one of them already. Keys drop the `&` but keep the word, so each spelling is a
/// name of its own.
fn add_other_spellings(names: &mut Vec<String>) {
    for k in 0..names.len() {
        let spelt = grade::text::and_spelt_otherwise(&names[k]);
        if let Some(spelt) = spelt.filter(|s| !names.iter().any(|o| grade::text::equivalent(o, s)))
        {
            names.push(spelt);
        }
    }
}

/// [`with_aliases`] without the other spellings of `and`.
fn names_with_aliases<S: AsRef<str>>(accepted: &[S], loaded: &Loaded, ways: Ways) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in accepted {
        let value = value.as_ref();
        let others = match ways {
            Ways::Both => loaded.other_names(value),
            Ways::Forward => loaded
                .deck
                .aliases
                .get(value)
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
        };
        for name in std::iter::once(value).chain(others) {
            if !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The answer without the aliases its prompt already spells out: asked for the full name in
/// `"Quad" is short for the _____`, "Quad" is not an answer.
fn without_giveaways(answer: Answer, prompt: &str) -> Answer {
    match answer {
        Answer::Text { accepted, rivals } if accepted.len() > 1 => {
            let said = words(prompt);
            let gives_away = |alias: &str| {
                let alias = words(alias);
                alias.len() > 2 && said.contains(&alias)
            };
            let mut accepted = accepted.into_iter();
            let canonical = accepted.next().expect("at least one accepted answer");
            // An alias is given away in either spelling of `and` (`Science & Technology` in
            // the prompt gives away `Science and Technology`).
            let kept = std::iter::once(canonical)
                .chain(accepted.filter(|alias| {
                    !gives_away(alias)
                        && !grade::text::and_spelt_otherwise(alias).is_some_and(|a| gives_away(&a))
                }))
                .collect();
            Answer::Text {
                accepted: kept,
                rivals,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use rand::Rng;

    use super::pool::made_up;
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::grade::Meaning;
    use crate::grade::Outcome;
    use std::collections::BTreeSet;

    #[test]
    fn numbers_are_shown_as_people_write_them() {
        assert_eq!(display_number(20000.0, None), "20,000");
        assert_eq!(display_number(1150.0, Some("m")), "1,150 m");
        // Money with its sign and scale (QA: `450,000,000 USD`).
        assert_eq!(display_number(450e6, Some("USD")), "$450 million");
        assert_eq!(display_number(2.5e9, Some("eur")), "€2.5 billion");
        assert_eq!(display_number(9e9, Some("nok")), "NOK 9 billion");
        assert_eq!(display_number(1500.0, Some("gbp")), "£1,500");
        assert_eq!(display_number(-3e6, Some("usd")), "-$3 million");
        // A scale word only where it is exact (review: `$1.235 million` for 1,234,567 was the
        // answer key, and the grader took it for another amount).
        assert_eq!(display_number(1_234_567.0, Some("usd")), "$1,234,567");
        assert_eq!(display_number(1_250_000.0, Some("usd")), "$1.25 million");
        assert_eq!(display_number(999_999_999.6, Some("usd")), "$999999999.6");
    }

    #[test]
    fn question_seeds_hash_the_id() {
        for (fact, origin, n) in [
            ("meet", Origin::Choice, 1),
            ("f-12", Origin::TrueFalse, 1),
            ("x", Origin::Choice, 10),
            ("", Origin::Choice, 12_345),
            ("dispatch", Origin::Choice, 0),
        ] {
            let id = format!("{fact}/{}/{n}", origin.name());
            let mut built = rng(7, &id);
            let mut hashed = question_rng(7, fact, origin, n);
            assert_eq!(built.random::<u64>(), hashed.random::<u64>(), "{id}");
        }
    }

    proptest::proptest! {
        /// `words` is the normalised text's alphanumeric runs between single spaces.
        #[test]
        fn words_are_alphanumeric_runs(text in "\\PC{0,40}|[ -~]{0,40}") {
            let normal = grade::text::normalize(&text);
            let runs: Vec<&str> = normal
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let expected = if runs.is_empty() {
                " ".to_string()
            } else {
                format!(" {} ", runs.join(" "))
            };
            proptest::prop_assert_eq!(words(&text), expected);
        }

        /// A generated choice's options come out in the order of the general shuffle.
        #[test]
        fn shuffling_one_correct_option_is_the_general_shuffle(
            seed in proptest::num::u64::ANY,
            wrong in proptest::collection::vec("[a-z]{1,6}", 1..CHOICES),
        ) {
            let mut general = ChaCha8Rng::seed_from_u64(seed);
            let mut one = ChaCha8Rng::seed_from_u64(seed);
            let (options, correct) =
                shuffle_options(vec!["right".to_string()], wrong.clone(), &mut general);
            let borrowed = wrong.iter().map(|w| Cow::Borrowed(w.as_str())).collect();
            let (shuffled, at) = shuffle_one("right", borrowed, &mut one);
            proptest::prop_assert_eq!(shuffled, options);
            proptest::prop_assert_eq!(vec![at], correct);
            proptest::prop_assert_eq!(general.random::<u64>(), one.random::<u64>());
        }
    }

    const DECK: &str = r#"Deck(
        id: "t", title: "T",
        source: Source(file: "s.txt", sha256: "0000000000000000000000000000000000000000000000000000000000000000", title: "S"),
        aliases: { "Lloyd Austin": ["Austin"] },
        facts: [
            Fact(id: "meet", text: "On [Saturday](day) [Lloyd Austin](person) met [Rajnath Singh](person).",
                 evidence: ["e"], tags: ["who"],
                 reverse: [Reverse(ask: "Who is Austin's counterpart?", answer: "Rajnath Singh")]),
            Fact(id: "modi", text: "[Narendra Modi](person) met Austin on [Friday](day).", evidence: ["e"], kinds: [Cloze]),
            Fact(id: "trade", text: "Trade reached [$15 billion](money) in [2019](year).", evidence: ["e"]),
        ],
        cards: [Card(id: "c", ask: "Pick", answer: Choice(correct: ["a"], wrong: ["b", "c"]), evidence: ["e"], fact: "meet")],
    )"#;

    fn questions(seed: u64) -> Vec<Question> {
        let loaded = crate::deck::load(SourceFile::new("t.ron", DECK)).expect("valid deck");
        generate(&loaded, seed)
    }

    /// Renders the generated questions compactly: `id kind: prompt => answer`.
    fn check(seed: u64, id: &str, expected: &str) {
        let all = questions(seed);
        let q = all
            .iter()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("no question {id}"));
        let answer = match &q.answer {
            Answer::Text { accepted, rivals } => {
                let others: Vec<&str> = rivals
                    .iter()
                    .map(|(_, n)| n)
                    .filter(|n| !accepted.iter().any(|a| a == n))
                    .collect();
                format!("{accepted:?} rivals {others:?}")
            }
            Answer::Choice {
                options, correct, ..
            } => format!("{options:?} correct {correct:?}"),
            Answer::TrueFalse { value } => value.to_string(),
            Answer::Number { value, unit, .. } => format!("{value} {unit:?}"),
            Answer::Date { display, .. } => display.clone(),
            Answer::List { items, .. } => items.join(", "),
        };
        assert_eq!(
            format!("{}: {} => {answer}", q.answer.kind(), q.prompt),
            expected
        );
    }

    /// A deck of `facts` with `header` fields (settings, aliases) before them.
    fn test_deck(header: &str, facts: &str) -> String {
        format!(
            "#![enable(implicit_some)]\nDeck(id: \"t\", title: \"T\", source: Source(file: \"s.txt\", \
             sha256: \"{}\", title: \"S\"), {header} facts: [{facts}])",
            "0".repeat(64)
        )
    }

    /// An answer that reads as an option's label (`3`, `£3`) gets no choice question: no wrong
    /// option may be a label, so it was always the smallest (review). `0.2` is no label: its
    /// made-up options are drawn below it too.
    #[test]
    fn a_label_like_answer_gets_no_choice_and_small_decimals_are_drawn_around() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "three", text: "It had [3](number) masts.", evidence: ["e"]),
            Fact(id: "pounds", text: "It cost [£3](money).", evidence: ["e"]),
            Fact(id: "tenths", text: "It grew [0.8](number) metres.", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let mut smallest = 0;
        for seed in 0..40 {
            let all = generate(&loaded, seed);
            let asked = |id: &str| all.iter().any(|q| q.id == id);
            assert!(asked("three/cloze/1") && !asked("three/choice/1"));
            assert!(asked("pounds/cloze/1") && !asked("pounds/choice/1"));
            let q = all
                .iter()
                .find(|q| q.id == "tenths/choice/1")
                .expect("asked");
            let Answer::Choice { options, .. } = &q.answer else {
                panic!("{q:?}")
            };
            assert!(options.len() >= CHOICES - 1, "{options:?}");
            let values: Vec<f64> = options.iter().map(|o| o.parse().unwrap()).collect();
            smallest += usize::from(values.iter().all(|&v| v >= 0.8));
        }
        assert!(
            smallest < 30,
            "0.8 was the smallest option {smallest} times in 40"
        );
    }

    /// A name swapped into a false statement comes with `the` as the deck names it (QA: `in
    /// the Switzerland`, `The Caldwell Partners` said which statements were false).
    #[test]
    fn a_swapped_name_takes_its_own_article() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "held", text: "The talks were held in the [United Kingdom](country).", evidence: ["e"]),
            Fact(id: "host", text: "[Switzerland](country) hosted the next round.", evidence: ["e"]),
            Fact(id: "board", text: "The [Harbour Board](org) approved the plan.", evidence: ["e"]),
            Fact(id: "paid", text: "Later [Caldwell Partners](org) paid for it.", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let mut swapped = std::collections::BTreeSet::new();
        for seed in 0..40 {
            for q in generate(&loaded, seed) {
                if q.origin != Origin::TrueFalse || q.answer != (Answer::TrueFalse { value: false })
                {
                    continue;
                }
                swapped.insert(q.prompt.trim_start_matches("True or false? ").to_string());
            }
        }
        // `the` dropped, kept, added: at the start of the sentence and within it.
        assert_eq!(
            swapped.into_iter().collect::<Vec<_>>(),
            [
                "Caldwell Partners approved the plan.",
                "Later the Harbour Board paid for it.",
                "The United Kingdom hosted the next round.",
                "The talks were held in Switzerland.",
            ]
        );
    }

    /// A date's options are written as the answer is, the deck's other dates too (QA:
    /// `30/11/2022` among `3 March 2019` and `31 October 2022` was the answer).
    #[test]
    fn date_options_are_written_as_the_answer_is() {
        let deck = test_deck(
            "settings: Settings(date_order: DayFirst),",
            r#"
            Fact(id: "closed", text: "It closed on [30/11/2022](date).", evidence: ["e"]),
            Fact(id: "began", text: "It began on [3 March 2019](date).", evidence: ["e"]),
            Fact(id: "signed", text: "It was signed on [13 May 2024](date).", evidence: ["e"]),
            Fact(id: "opened", text: "It opened on [1 Sep 2024](date).", evidence: ["e"]),
            Fact(id: "sold", text: "It was sold on [2022-10-31](date).", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let numeric = |o: &str| {
            let parts: Vec<&str> = o.split('/').collect();
            parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok())
        };
        let worded = |o: &str, short: bool| {
            let words: Vec<&str> = o.split(' ').collect();
            let written = words[1].to_lowercase();
            let month = |m: &&str| match short {
                true => m.get(..3) == Some(written.as_str()),
                false => *m == written,
            };
            words.len() == 3 && grade::date::MONTHS.iter().any(month)
        };
        for seed in 0..10 {
            let all = generate(&loaded, seed);
            let options = |id: &str| match &all.iter().find(|q| q.id == id).expect(id).answer {
                Answer::Choice { options, .. } => options.clone(),
                other => panic!("{other:?}"),
            };
            let closed = options("closed/choice/1");
            assert!(closed.iter().all(|o| numeric(o)), "{closed:?}");
            let began = options("began/choice/1");
            assert!(began.iter().all(|o| worded(o, false)), "{began:?}");
            let signed = options("signed/choice/1");
            assert!(signed.iter().all(|o| worded(o, false)), "{signed:?}");
            let opened = options("opened/choice/1");
            assert!(opened.iter().all(|o| worded(o, true)), "{opened:?}");
            let sold = options("sold/choice/1");
            assert!(
                sold.iter().all(|o| o.parse::<jiff::civil::Date>().is_ok()),
                "{sold:?}"
            );
        }
    }

    /// A bound on the answer (`more than _____`) makes every amount on its side of it true as
    /// well (QA: `£0.6 million` offered for `more than £1.2 million`), and with every option
    /// on the other side the answer is the one nearest the bound (QA): such an amount gets no
    /// choice question, only its cloze. A count in words gets other counts in words, up to six
    /// times it.
    #[test]
    fn a_bounded_amount_gets_no_choice_and_words_stay_words() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "over", text: "It cost more than [£1.2 million](money).", evidence: ["e"]),
            Fact(id: "under", text: "It took less than [40](number) days.", evidence: ["e"]),
            Fact(id: "inside", text: "There were [over 500](number) guests.", evidence: ["e"]),
            Fact(id: "plain", text: "A second loan was [£2 million](money).", evidence: ["e"]),
            Fact(id: "small", text: "A third was [£0.5 million](money).", evidence: ["e"]),
            Fact(id: "days", text: "The crossing took [30](number) days.", evidence: ["e"]),
            Fact(id: "party", text: "The party had [five](number) men.", evidence: ["e"]),
            Fact(id: "title", text: "The album was called [Ninety-Nine](number).", evidence: ["e"]),
            Fact(id: "inwords", text: "It had [over five](number) tons.", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let amount = |text: &str| grade::number::parse(text).expect("an amount").value;
        for seed in 0..20 {
            let all = generate(&loaded, seed);
            let options = |id: &str| -> Vec<String> {
                match &all.iter().find(|q| q.id == id).expect("asked").answer {
                    Answer::Choice {
                        options, correct, ..
                    } => options
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !correct.contains(i))
                        .map(|(_, o)| o.clone())
                        .collect(),
                    other => panic!("{other:?}"),
                }
            };
            for id in ["over", "under", "inside", "inwords"] {
                let asked = |kind: &str| all.iter().any(|q| q.id == format!("{id}/{kind}/1"));
                assert!(asked("cloze") && !asked("choice"), "{id}");
            }
            assert!(options("plain/choice/1").len() >= 2);
            let party = options("party/choice/1");
            assert_eq!(party.len(), CHOICES - 1, "{party:?}");
            for option in &party {
                assert!(!option.bytes().any(|b| b.is_ascii_digit()), "{party:?}");
                assert!((1.0..=30.0).contains(&amount(option)), "{party:?}");
            }
            // Capitals as the answer has them (`Ninety-Eight`, `One Hundred and Ninety-Eight`).
            let title = options("title/choice/1");
            for option in &title {
                let capitalised = (option.split([' ', '-']))
                    .all(|w| w == "and" || w.starts_with(char::is_uppercase));
                assert!(capitalised, "{title:?}");
            }
        }
    }

    /// A wrong option from the deck is an amount of the answer's currency and size: another
    /// currency or a number a hundred times off gives itself away (QA: `12` among the options of
    /// `1.4 million`, `€2.5 billion` among dollars). Made-up ones fill in.
    #[test]
    fn amount_options_are_of_one_currency_and_size() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "riders", text: "It carries [1.4 million](number) riders.", evidence: ["e"]),
            Fact(id: "staff", text: "It employs [86](number) people.", evidence: ["e"]),
            Fact(id: "depots", text: "It has [12](number) depots.", evidence: ["e"]),
            Fact(id: "trade", text: "Trade was [$15 billion](money).", evidence: ["e"]),
            Fact(id: "deals", text: "Deals were [$3 billion](money).", evidence: ["e"]),
            Fact(id: "euro", text: "A loan of [€2.5 billion](money).", evidence: ["e"]),
            Fact(id: "costs", text: "Costs were over [$4 billion](money).", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let options = |id: &str, seed: u64| -> Vec<String> {
            let all = generate(&loaded, seed);
            match &all.iter().find(|q| q.id == id).expect("asked").answer {
                Answer::Choice { options, .. } => options.clone(),
                other => panic!("{other:?}"),
            }
        };
        for seed in 0..20 {
            let riders = options("riders/choice/1", seed);
            assert!(!riders.iter().any(|o| o == "12" || o == "86"), "{riders:?}");
            let trade = options("trade/choice/1", seed);
            assert!(trade.contains(&"$3 billion".to_string()), "{trade:?}");
            assert!(trade.iter().all(|o| o.starts_with('$')), "{trade:?}");
            let depots = options("depots/choice/1", seed);
            assert!(depots.contains(&"86".to_string()), "{depots:?}");
            // A false statement swaps in an amount of the same kind too.
            let all = generate(&loaded, seed);
            for id in ["trade/true-false/1", "riders/true-false/1"] {
                let q = all.iter().find(|q| q.id == id).expect("asked");
                assert!(
                    !q.prompt.contains('€') && !q.prompt.contains(" 12 "),
                    "{}",
                    q.prompt
                );
            }
            // A bounded amount is not swapped: `over $15 billion` might be true as well.
            let costs = all
                .iter()
                .find(|q| q.id == "costs/true-false/1")
                .expect("asked");
            assert_eq!(
                costs.answer,
                Answer::TrueFalse { value: true },
                "{}",
                costs.prompt
            );
        }
    }

    /// No two options of a generated choice mean the same, nor does a wrong one mean the
    /// answer: made-up amounts (`125`, ten times `12.5`, has its key), amounts and dates the
    /// deck writes two ways (`$1.5bn` beside half of `$3 billion`). `recall check` would
    /// blame such options on the deck, which has no say in them (found by QA).
    #[test]
    fn options_never_mean_the_same() {
        let deck = test_deck(
            r#"settings: Settings(date_order: DayFirst),
            aliases: { "Quadrilateral Dialogue": ["Quad"] },"#,
            r#"
            Fact(id: "quad", text: "The [Quad](org) met.", evidence: ["e"]),
            Fact(id: "quad-2", text: "The [Quadrilateral Dialogue](org) grew.", evidence: ["e"]),
            Fact(id: "asean", text: "The [ASEAN](org) met.", evidence: ["e"]),
            Fact(id: "nato", text: "The [NATO](org) met.", evidence: ["e"]),
            Fact(id: "rev", text: "Revenue fell [12.5](number)% to [$2.5 million](money).", evidence: ["e"]),
            Fact(id: "alder", text: "The Alder line cost [$3 billion](money).", evidence: ["e"]),
            Fact(id: "cedar", text: "The Cedar line cost [$1.5bn](money).", evidence: ["e"]),
            Fact(id: "open", text: "It opened on [3/4/2021](date).", evidence: ["e"]),
            Fact(id: "shut", text: "It shut on [3 April 2021](date).", evidence: ["e"]),
            Fact(id: "vote", text: "The vote was on [10 April 2021](date).", evidence: ["e"]),
            Fact(id: "riders", text: "It carries [1.4 million](number) riders.", evidence: ["e"]),
            Fact(id: "seats", text: "It has [1,400,000](number) seats.", evidence: ["e"]),
            Fact(id: "staff", text: "It employs [86](number) people.", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck.clone())).expect("valid deck");
        let mut choices = 0;
        for seed in 0..40 {
            for q in generate(&loaded, seed) {
                let Answer::Choice {
                    options, correct, ..
                } = &q.answer
                else {
                    continue;
                };
                choices += 1;
                let meanings: Vec<Meaning> = (options.iter())
                    .map(|o| Meaning::new(&Reading::new(o), true))
                    .collect();
                for i in 0..options.len() {
                    for j in i + 1..options.len() {
                        assert!(
                            !meanings[i].same(&meanings[j]),
                            "{} (seed {seed}): {options:?}",
                            q.id
                        );
                    }
                }
                assert!(grade::accepts(&q.answer, &options[correct[0]]), "{}", q.id);
            }
        }
        assert!(choices > 200, "{choices} choice questions");
        let report = crate::check::check(vec![crate::check::DeckInput::new(
            SourceFile::new("t.ron", deck),
            Ok(loaded),
            None,
        )]);
        let findings: Vec<String> = (report.decks[0].of(crate::check::Check::AnswerKey))
            .map(|f| f.render(false))
            .collect();
        assert!(findings.is_empty(), "{}", findings.join("\n"));
    }

    #[test]
    fn cloze_blanks_one_span() {
        check(
            1,
            "meet/cloze/2",
            r#"text: On Saturday _____ met Rajnath Singh. => ["Lloyd Austin", "Austin"] rivals ["Rajnath Singh", "Narendra Modi"]"#,
        );
        check(
            1,
            "trade/cloze/1",
            "number: Trade reached _____ in 2019. => 15000000000 Some(\"usd\")",
        );
        check(
            1,
            "meet/cloze/1",
            "date: On _____ Lloyd Austin met Rajnath Singh. => Saturday",
        );
    }

    #[test]
    fn reverse_uses_the_authors_question() {
        check(
            1,
            "meet/reverse/1",
            r#"text: Who is Austin's counterpart? => ["Rajnath Singh"] rivals ["Lloyd Austin", "Austin", "Narendra Modi"]"#,
        );
    }

    #[test]
    fn a_facts_kinds_are_used_instead_of_the_decks() {
        let ids: Vec<String> = questions(1)
            .into_iter()
            .map(|q| q.id)
            .filter(|id| id.starts_with("modi/"))
            .collect();
        assert_eq!(ids, ["modi/cloze/1", "modi/cloze/2"]);
    }

    #[test]
    fn choices_have_distractors_of_the_same_type() {
        for q in questions(7) {
            if let Answer::Choice {
                options, correct, ..
            } = &q.answer
            {
                assert!(options.len() >= 2, "{}: {options:?}", q.id);
                assert!(!correct.is_empty());
                let unique: BTreeSet<&String> = options.iter().collect();
                assert_eq!(unique.len(), options.len(), "{}: duplicate options", q.id);
            }
        }
        // Money has only one value in the deck: the other options are made up from it.
        let all = questions(7);
        let money = all.iter().find(|q| q.id == "trade/choice/1").unwrap();
        let Answer::Choice { options, .. } = &money.answer else {
            panic!()
        };
        assert_eq!(options.len(), 4);
        assert!(
            options
                .iter()
                .all(|o| o.starts_with('$') && o.ends_with(" billion")),
            "{options:?}"
        );
    }

    #[test]
    fn same_seed_same_questions_other_seed_other_order() {
        assert_eq!(questions(3), questions(3));
        let orders: BTreeSet<String> = (0..20)
            .map(|seed| {
                let all = questions(seed);
                format!(
                    "{:?}",
                    all.iter().find(|q| q.id == "meet/choice/3").unwrap().answer
                )
            })
            .collect();
        assert!(orders.len() > 1, "the seed never changes the option order");
    }

    #[test]
    fn cards_inherit_fact_tags() {
        let all = questions(1);
        let card = all.iter().find(|q| q.id == "c").unwrap();
        assert_eq!(card.tags, ["who"]);
        assert_eq!(card.answer.kind(), "choice");
    }

    #[test]
    fn made_up_values_keep_the_style() {
        let span = |value: &str, ty| Span {
            value: value.into(),
            ty,
            range: 0..0,
        };
        let made_up =
            |span: &Span, day_first| made_up(span, day_first, &mut ChaCha8Rng::seed_from_u64(1));
        // Amounts are drawn at random (see `pool::tests`), written as the answer is.
        let billions = made_up(&span("$15 billion", SpanType::Money), true);
        assert!(billions.len() >= CHOICES, "{billions:?}");
        for value in &billions {
            let (dollars, scale) = value.split_once(' ').expect("a scale word");
            assert!(dollars.starts_with('$'), "{billions:?}");
            assert!(["billion", "million"].contains(&scale), "{billions:?}");
        }
        let thousands = made_up(&span("20,000", SpanType::Number), true);
        assert!(thousands.len() >= CHOICES - 1, "{thousands:?}");
        for value in thousands {
            assert!(value.contains(',') && value.ends_with("000"), "{value}");
        }
        assert_eq!(
            made_up(&span("2019", SpanType::Year), true)[..2],
            ["2017", "2022"]
        );
        assert_eq!(made_up(&span("Saturday", SpanType::Day), true)[0], "Sunday");
        // A half or quarter is part of the number (review: `$3.5¾ billion`).
        let quarters = made_up(&span("$7¾ billion", SpanType::Money), true);
        assert!(quarters.len() >= CHOICES - 1, "{quarters:?}");
        for value in quarters {
            assert!(!value.contains('¾'), "{value}");
            assert!(grade::number::parse(&value).is_some(), "{value}");
        }
        // Beyond what a float holds exactly, none (they would be written with other digits).
        for huge in ["602,214,076,000,000,000,000,000", &"86".repeat(22)] {
            assert!(
                made_up(&span(huge, SpanType::Number), true).is_empty(),
                "{huge}"
            );
        }
        let large = made_up(&span("4,000,000,000,000,000", SpanType::Number), true);
        assert!(large.len() >= CHOICES - 1, "{large:?}");
        for value in large {
            let digits = value.trim_end_matches([',', '0']);
            assert!(digits.len() == 1 && value.len() >= 19, "{value}");
        }
        // Dates as the answer writes them (numbers in the deck's order: a date written out
        // among them would leave the answer the only one in numbers).
        for (value, first) in [
            ("2021-03-20", "2021-03-13"),
            ("20 March 2021", "13 March 2021"),
            ("March 20, 2021", "March 13, 2021"),
        ] {
            assert_eq!(
                made_up(&span(value, SpanType::Date), true)[0],
                first,
                "{value}"
            );
        }
        assert_eq!(
            made_up(&span("3/4/2021", SpanType::Date), false)[0],
            "2/25/2021"
        );
        assert_eq!(
            made_up(&span("04.03.21", SpanType::Date), true)[0],
            "25.02.21"
        );
    }

    /// The decks shipped in `decks/`, loaded as the binary would.
    /// Beyond [`SAMPLE`] values of a type, distractors and swaps come from a random sample:
    /// still deterministic, never the answer, never repeated, and pinned by a snapshot (a
    /// change to the draws changes what learners see).
    #[test]
    fn many_values_are_sampled() {
        let first = [
            "Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
        ];
        let last = [
            "Abel", "Brandt", "Castro", "Dahl", "Eriksen", "Fischer", "Gallo", "Horvat", "Ivanov",
            "Jensen",
        ];
        let mut facts = String::new();
        for i in 0..100 {
            facts.push_str(&format!(
                "Fact(id: \"f{i}\", text: \"Ship {i} was owned by [{} {}](person) from [{}](year).\", evidence: [\"e\"]),",
                first[i % 10],
                last[i / 10],
                1800 + i
            ));
        }
        let text = format!(
            "Deck(id: \"many\", title: \"M\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [{facts}])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("many.ron", text)).expect("valid deck");
        let questions = generate(&loaded, 1);
        assert_eq!(generate(&loaded, 1), questions);
        let pinned = |id: &str| {
            ["f0/", "f1/", "f2/", "f42/"]
                .iter()
                .any(|f| id.starts_with(f))
        };
        let mut shown = String::new();
        for q in &questions {
            match &q.answer {
                Answer::Choice {
                    options, correct, ..
                } => {
                    let distinct: BTreeSet<String> =
                        options.iter().map(|o| grade::text::key(o)).collect();
                    assert_eq!(distinct.len(), options.len(), "{}: {options:?}", q.id);
                    assert_eq!(options.len(), CHOICES, "{}: {options:?}", q.id);
                    assert_eq!(correct.len(), 1);
                    if pinned(&q.id) {
                        shown.push_str(&format!("{} {options:?} {correct:?}\n", q.id));
                    }
                }
                Answer::TrueFalse { value } if pinned(&q.id) => {
                    shown.push_str(&format!("{} {} {value}\n", q.id, q.prompt));
                }
                _ => {}
            }
        }
        insta::assert_snapshot!(shown);
    }

    /// The loader's readings of span values only save parsing: questions are the same
    /// without them.
    #[test]
    fn known_values_change_nothing() {
        let test = crate::deck::load(SourceFile::new("t.ron", DECK)).expect("valid deck");
        for mut loaded in shipped().into_iter().chain([test]) {
            let with = generate(&loaded, 3);
            assert!(!loaded.values.is_empty());
            loaded.values.clear();
            assert_eq!(generate(&loaded, 3), with);
        }
    }

    fn shipped() -> Vec<Loaded> {
        [(
            "decks/us-india-security-2021.ron",
            include_str!("../../decks/us-india-security-2021.ron"),
        )]
        .into_iter()
        .map(|(path, text)| {
            crate::deck::load(SourceFile::new(path, text)).expect("shipped decks are valid")
        })
        .collect()
    }

    #[test]
    fn options_and_answers_do_not_give_themselves_away() {
        for loaded in shipped() {
            for seed in 0..10 {
                for q in generate(&loaded, seed) {
                    let said = words(&q.prompt);
                    match &q.answer {
                        Answer::Choice {
                            options, correct, ..
                        } if q.origin == Origin::Choice => {
                            for (i, option) in options.iter().enumerate() {
                                assert!(
                                    correct.contains(&i) || !said.contains(&words(option)),
                                    "{}: option {option:?} is already in {:?}",
                                    q.id,
                                    q.prompt
                                );
                            }
                        }
                        Answer::Text { accepted, .. } => {
                            for alias in &accepted[1..] {
                                assert!(
                                    !said.contains(&words(alias)),
                                    "{}: {alias:?} is in the prompt {:?}",
                                    q.id,
                                    q.prompt
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn giveaway_aliases_are_dropped() {
        let answer = Answer::Text {
            accepted: vec![
                "Quadrilateral Security Dialogue".into(),
                "Quad".into(),
                "the Quad".into(),
            ],
            rivals: Default::default(),
        };
        let kept = |prompt: &str| match without_giveaways(answer.clone(), prompt) {
            Answer::Text { accepted, .. } => accepted,
            _ => unreachable!(),
        };
        assert_eq!(
            kept("\"Quad\" is short for the _____."),
            ["Quadrilateral Security Dialogue"]
        );
        assert_eq!(
            kept("The _____ met last weekend."),
            ["Quadrilateral Security Dialogue", "Quad", "the Quad"]
        );
        assert_eq!(words("the United States, India"), " united states india ");
    }

    #[test]
    fn amounts_in_words_and_in_digits_are_not_options_of_each_other() {
        let facts: String = [
            ("arch", "The arch spans [503](number) metres."),
            ("crew", "A crew of [sixteen](number) painted it."),
            ("workers", "About [1,400](number) people built it."),
            ("rivets", "It holds [6,000,000](number) rivets."),
            ("lamps", "It has [twelve](number) lamps."),
        ]
        .iter()
        .map(|(id, text)| format!("Fact(id: \"{id}\", text: \"{text}\", evidence: [\"e\"]),"))
        .collect();
        let text = format!(
            "Deck(id: \"b\", title: \"B\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [{facts}])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("b.ron", text.clone())).expect("valid deck");
        for seed in 0..20 {
            for q in generate(&loaded, seed) {
                let Answer::Choice { options, .. } = &q.answer else {
                    continue;
                };
                let digits = options
                    .iter()
                    .filter(|o| o.bytes().any(|b| b.is_ascii_digit()))
                    .count();
                assert!(
                    digits == 0 || digits == options.len(),
                    "{}: {options:?}",
                    q.id
                );
            }
        }
        // The deck's only amount in words still gets a choice question, of digits.
        let lone = text.replace("[twelve](number)", "[12](number)");
        let loaded = crate::deck::load(SourceFile::new("b.ron", lone)).expect("valid deck");
        let questions = generate(&loaded, 0);
        assert!(questions.iter().any(|q| q.id == "crew/choice/1"));
    }

    #[test]
    fn card_dates_are_shown_written_out_in_the_deck_date_order() {
        let deck = |order: &str| {
            format!(
                "Deck(id: \"d\", title: \"D\", source: Source(file: \"s.txt\", sha256: \"{}\", \
                 title: \"S\"), settings: Settings(date_order: {order}), facts: [], cards: [\
                 Card(id: \"opened\", ask: \"When did the bridge open?\", answer: Date(\"1932-03-19\"), evidence: [\"e\"]),\
                 Card(id: \"year\", ask: \"Which year?\", answer: Date(\"1932\"), evidence: [\"e\"])])",
                "0".repeat(64)
            )
        };
        for (order, shown) in [
            ("DayFirst", "19 March 1932"),
            ("MonthFirst", "March 19, 1932"),
        ] {
            let loaded =
                crate::deck::load(SourceFile::new("d.ron", deck(order))).expect("valid deck");
            let cards = Generator::new(&loaded, 0).cards();
            assert_eq!(cards[0].answer_text(), shown);
            assert_eq!(cards[1].answer_text(), "1932");
            // What is shown is an answer the grader takes.
            assert!(grade::accepts(&cards[0].answer, shown));
        }
    }

    #[test]
    fn an_alias_goes_both_ways() {
        let text = format!(
            "Deck(id: \"a\", title: \"A\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), aliases: {{\"Charles Babbage\": [\"Babbage\", \"C. Babbage\"]}}, facts: [\
             Fact(id: \"built\", text: \"[Babbage](person) designed it.\", evidence: [\"e\"]),\
             Fact(id: \"wrote\", text: \"[Ada Lovelace](person) wrote the notes.\", evidence: [\"e\"]),\
             Fact(id: \"lower\", text: \"The engine was [babbage](person)'s.\", evidence: [\"e\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("a.ron", text)).expect("valid deck");
        let questions = generate(&loaded, 0);
        let cloze = questions
            .iter()
            .find(|q| q.id == "built/cloze/1")
            .expect("asked");
        for typed in ["Babbage", "Charles Babbage", "C. Babbage"] {
            assert_eq!(
                grade::grade(cloze, typed).outcome,
                grade::Outcome::Correct,
                "{typed}"
            );
        }
        assert_eq!(
            grade::grade(cloze, "Ada Lovelace").outcome,
            grade::Outcome::Wrong
        );
        // Names are matched as the grader compares them: `babbage` is `Babbage`.
        let lower = questions
            .iter()
            .find(|q| q.id == "lower/cloze/1")
            .expect("asked");
        assert_eq!(
            grade::grade(lower, "Charles Babbage").outcome,
            grade::Outcome::Correct
        );
    }

    #[test]
    fn and_and_an_ampersand_answer_for_each_other() {
        let text = format!(
            "Deck(id: \"a\", title: \"A\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [\
             Fact(id: \"tt\", text: \"[Trinidad & Tobago](country) joined.\", evidence: [\"e\"]),\
             Fact(id: \"rr\", text: \"[Rock AND Roll](thing) was played.\", evidence: [\"e\"]),\
             Fact(id: \"att\", text: \"[AT&T](org) was split.\", evidence: [\"e\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("a.ron", text)).expect("valid deck");
        let questions = generate(&loaded, 0);
        let cloze = |id: &str| {
            questions
                .iter()
                .find(|q| q.id == format!("{id}/cloze/1"))
                .expect("asked")
        };
        let outcome = |id: &str, typed: &str| grade::grade(cloze(id), typed).outcome;
        use grade::Outcome::{Correct, Wrong};
        for (id, typed, expected) in [
            ("tt", "Trinidad and Tobago", Correct),
            ("tt", "trinidad & tobago", Correct),
            ("tt", "Trinidad", Wrong),
            ("rr", "rock & roll", Correct),
            ("rr", "rock and roll", Correct),
            ("att", "ATT", Correct),
            ("att", "AT and T", Wrong),
        ] {
            assert_eq!(outcome(id, typed), expected, "{typed} for {id}");
        }
        // The other spelling follows the canonical answer, which the content hash keeps.
        let Answer::Text { accepted, .. } = &cloze("tt").answer else {
            panic!("a text answer");
        };
        assert_eq!(accepted, &["Trinidad & Tobago", "Trinidad and Tobago"]);
    }

    #[test]
    fn options_spelt_with_and_are_told_apart_and_joined_answers_still_read() {
        let text = format!(
            "Deck(id: \"a\", title: \"A\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), facts: [Fact(id: \"f\", text: \"[Jamaica](country) joined.\", evidence: [\"e\"]), \
             Fact(id: \"g\", text: \"[Trinidad & Tobago](country) joined.\", evidence: [\"e\"]), \
             Fact(id: \"h\", text: \"[Antigua and Barbuda](country) joined.\", evidence: [\"e\"])], \
             cards: [\
             Card(id: \"twice\", ask: \"Which?\", answer: Choice(correct: [\"Trinidad & Tobago\"], wrong: [\"Trinidad and Tobago\", \"Cuba\"]), evidence: [\"e\"]),\
             Card(id: \"blues\", ask: \"Which?\", answer: Choice(correct: [\"Rock & Roll and Blues\"], wrong: [\"Rock and Roll & Blues\", \"Jazz\"]), evidence: [\"e\"]),\
             Card(id: \"list\", ask: \"Which two?\", answer: List(items: [\"Rock\", \"Rock & Roll\"], ordered: false), evidence: [\"e\"]),\
             Card(id: \"picks\", ask: \"Which two?\", answer: Choice(correct: [\"Rock\", \"Rock & Roll\"], wrong: [\"Jazz\"]), evidence: [\"e\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("a.ron", text)).expect("valid deck");
        // Answers naming several items with `and` between them read as before: an item's
        // other spelling is not something a run over two of them is a misspelling of.
        let cards = Generator::new(&loaded, 0).cards();
        for card in &cards[2..] {
            assert_eq!(
                grade::grade(card, "Rock and Rock & Roll").outcome,
                grade::Outcome::Correct,
                "{}",
                card.id
            );
        }
        // The facts' choices (their options spelt with `&` and `and`) test clean. A wrong
        // option that is the correct one in the other spelling is E302, and two options of
        // one other spelling mean the same.
        let questions = crate::check::Questions::new(&loaded);
        let found: Vec<String> = crate::check::answer_key::check(&loaded, &questions)
            .iter()
            .map(|f| f.render(false))
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].contains("E302") && found[0].contains("`twice`"),
            "{}",
            found[0]
        );
        assert!(
            found[1].contains("E302") && found[1].contains("`blues`"),
            "{}",
            found[1]
        );
    }

    #[test]
    fn the_other_spelling_of_and_gives_nothing_away_or_takes_near_misses() {
        let text = format!(
            "Deck(id: \"a\", title: \"A\", source: Source(file: \"s.txt\", sha256: \"{}\", \
             title: \"S\"), aliases: {{\"Department of Science & Technology\": [\"DST\"]}}, facts: [\
             Fact(id: \"dst\", text: \"[DST](org) is short for the [Department of Science & Technology](org).\", evidence: [\"e\"]),\
             Fact(id: \"po\", text: \"[P & O](org) ran ferries.\", evidence: [\"e\"]),\
             Fact(id: \"royal\", text: \"[Rock Royal](thing) and [Rock and Roll](thing) were played.\", evidence: [\"e\"])])",
            "0".repeat(64)
        );
        let loaded = crate::deck::load(SourceFile::new("a.ron", text)).expect("valid deck");
        let questions = generate(&loaded, 0);
        let outcome = |id: &str, typed: &str| {
            let question = questions.iter().find(|q| q.id == id).expect("asked");
            grade::grade(question, typed).outcome
        };
        use grade::Outcome::{Close, Correct, Wrong};
        for (id, typed, expected) in [
            // The prompt spells out the full name: neither spelling answers for DST.
            ("dst/cloze/1", "Department of Science and Technology", Wrong),
            ("dst/cloze/1", "DST", Correct),
            (
                "dst/cloze/2",
                "Department of Science and Technology",
                Correct,
            ),
            // `P and O` would read as `pando`.
            ("po/cloze/1", "Pando", Wrong),
            ("po/cloze/1", "P and O", Wrong),
            ("po/cloze/1", "P&O", Correct),
            // A near miss of one value is not made wrong by the other spelling of another.
            ("royal/cloze/1", "Rock Rolal", Close),
            ("royal/cloze/2", "Rock & Roll", Correct),
        ] {
            assert_eq!(outcome(id, typed), expected, "{typed} for {id}");
        }
    }

    #[test]
    fn a_dropped_giveaway_is_not_called_another_name() {
        let loaded = shipped().into_iter().next().expect("the shipped deck");
        let questions = generate(&loaded, 0);
        let asked = |id: &str| {
            questions
                .iter()
                .find(|q| q.id == id)
                .unwrap_or_else(|| panic!("{id} is generated"))
        };
        let full_name = asked("quad-full-name/cloze/1");
        let given = grade::grade(full_name, "Quad");
        assert_eq!(given.outcome, grade::Outcome::Wrong);
        assert_eq!(
            given.note.as_deref(),
            Some("the question already gives that name; it asks for another")
        );
        let other = grade::grade(full_name, "Trump administration");
        assert_eq!(other.outcome, grade::Outcome::Wrong);
        assert_eq!(
            other.note.as_deref(),
            Some("that is another name in this deck")
        );
    }

    #[test]
    fn content_hashes_leave_out_what_only_makes_grading_lenient() {
        let loaded = shipped().into_iter().next().expect("the shipped deck");
        let (mut aliased, mut numbers) = (0, 0);
        for q in generate(&loaded, 0) {
            let mut more = q.clone();
            let mut changed = q.clone();
            match (&mut more.answer, &mut changed.answer) {
                (
                    Answer::Text { accepted, .. },
                    Answer::Text {
                        accepted: other, ..
                    },
                ) => {
                    aliased += usize::from(accepted.len() > 1);
                    // Another alias, or the answer cased or stopped otherwise, leaves the hash
                    // as it is; another answer does not.
                    accepted.push("one more name".into());
                    accepted[0] = format!("{}.", accepted[0].to_uppercase());
                    other[0].push_str(" junior");
                }
                (Answer::Number { tolerance, .. }, Answer::Number { value, .. }) => {
                    numbers += 1;
                    *tolerance = 0.1;
                    *value += 1.0;
                }
                _ => continue,
            }
            assert_eq!(more.content_hash(), q.content_hash(), "{}", q.id);
            assert_ne!(changed.content_hash(), q.content_hash(), "{}", q.id);
        }
        assert!(aliased > 0 && numbers > 0);
    }

    /// A number's unit read otherwise since 2026-11-29 (`6.4-mile`, `5 mi`, `40-minute`) is
    /// matched through its hash as recall stored it then (pinned from a state file written
    /// by that recall): the upgrade relearns nothing (review).
    #[test]
    fn units_read_otherwise_now_match_their_earlier_hashes() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "road", text: "The road was a [6.4-mile](number) road.", evidence: ["e"]),
            Fact(id: "ship", text: "The ship sailed [5 mi](number).", evidence: ["e"]),
            Fact(id: "delay", text: "It caused a [40-minute](number) delay.", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let questions = generate(&loaded, 0);
        let earlier = earlier_hashes(&loaded, 0, &questions);
        for (id, then) in [
            (
                "road/cloze/1",
                "8b66a6d7fe1b1e6e3114dd38655b274e8178f1009b65566180b45d7858fdabb1",
            ),
            (
                "ship/cloze/1",
                "02b1b912ff8cff3c5fda81554d8b98eab394d57c5dc05e59e560a88a924e2730",
            ),
            (
                "delay/cloze/1",
                "3e9e7f585a64c5f2664f4a4d3dd866ed26295ca88d33a44aab9492e02958279c",
            ),
        ] {
            assert!(
                earlier[id].iter().any(|h| h == then),
                "{id}: {:?}",
                earlier[id]
            );
        }
        assert_eq!(legacy_unit("$15 billion"), None);
        assert_eq!(legacy_unit("12 mph"), Some("mph".into()));
    }

    /// The hashes learners' state files hold, pinned: a change here makes every question
    /// hashed so "changed" (relearnt) on upgrade, unless the old form is kept as an earlier
    /// one (`question::HashForm`). Adding a word to the spelling list changes the hash of
    /// answers with it.
    #[test]
    fn content_hashes_are_pinned() {
        let deck = test_deck(
            "",
            r#"
            Fact(id: "win", text: "It ran [Windows 3.1](thing) in [Colour](thing) for [$3bn](money) on [20 March 2021](date).", evidence: ["e"]),
        "#,
        );
        let loaded = crate::deck::load(SourceFile::new("t.ron", deck)).expect("valid deck");
        let hashes: Vec<(String, String)> = (generate(&loaded, 0).into_iter())
            .map(|q| (q.id.clone(), q.content_hash()[..16].to_string()))
            .collect();
        let pinned = [
            ("win/cloze/1", "e305f427073ed9fe"),
            ("win/cloze/2", "9ac092c807242226"),
            ("win/cloze/3", "4bcaa2e032b19db0"),
            ("win/choice/3", "bf138c327f801a76"),
            ("win/cloze/4", "97d36f95eb5d8508"),
            ("win/choice/4", "4e1a6cf75f07ba20"),
            ("win/true-false/1", "63558e06b3b58243"),
        ];
        let pinned: Vec<(String, String)> = (pinned.iter())
            .map(|(id, hash)| (id.to_string(), hash.to_string()))
            .collect();
        assert_eq!(hashes, pinned);
    }

    /// A question is learnt again when what the grader tells apart changes, and only then
    /// (QA): a span's value as graded, a card's first answer, an option or list item, and a
    /// fact's values for its true/false question, which tests them, not its evidence.
    #[test]
    fn content_hashes_follow_the_answers_as_graded() {
        let deck = |facts: &str, cards: &str| -> HashMap<String, String> {
            let text = test_deck(&format!("cards: [{cards}],"), facts);
            let loaded = crate::deck::load(SourceFile::new("t.ron", text)).expect("valid deck");
            (generate(&loaded, 0).into_iter())
                .map(|q| (q.id.clone(), q.content_hash()))
                .collect()
        };
        let facts = r#"
            Fact(id: "capital", text: "The capital of [India](country) is [New Delhi](place).",
                evidence: ["New Delhi, the capital of India"]),
            Fact(id: "met", text: "[Lloyd Austin](person) visited the [Ministry of Defence](org) in [2021](year), after a [$3 billion](money) deal.",
                evidence: ["Austin visited the ministry"]),
            Fact(id: "city", text: "[Mumbai](place) and [Kolkata](place) are ports.", evidence: ["e"]),
        "#;
        let cards = r#"
            Card(id: "who", ask: "Who visited?", answer: Text(["Lloyd Austin", "Austin", "US Defense Secretary"]), evidence: ["e"]),
            Card(id: "two", ask: "Which two?", answer: List(items: ["Australia", "India"], ordered: false), evidence: ["e"]),
            Card(id: "order", ask: "In order?", answer: List(items: ["Australia", "India"], ordered: true), evidence: ["e"]),
            Card(id: "pick", ask: "Pick", answer: Choice(correct: ["New Delhi"], wrong: ["Mumbai", "Kolkata"]), evidence: ["e"]),
        "#;
        let before = deck(facts, cards);
        assert!(before.contains_key("capital/true-false/1"));
        assert!(before.contains_key("met/cloze/4"));
        // Which questions of the deck edited so are to be learnt again.
        let changed = |facts: &str, cards: &str| -> Vec<String> {
            let after = deck(facts, cards);
            assert_eq!(
                after.keys().collect::<BTreeSet<_>>(),
                before.keys().collect::<BTreeSet<_>>()
            );
            let mut changed: Vec<String> = (after.into_iter())
                .filter(|(id, hash)| before[id] != *hash)
                .map(|(id, _)| id)
                .collect();
            changed.sort();
            changed
        };
        // The evidence fixed, aliases reordered and added: nothing.
        let none: Vec<String> = Vec::new();
        assert_eq!(
            changed(
                &facts.replace("New Delhi, the capital of India", "the capital, New Delhi"),
                &cards.replace(
                    r#"["Lloyd Austin", "Austin", "US Defense Secretary"]"#,
                    r#"["Lloyd Austin", "US Defense Secretary", "Austin", "L. Austin"]"#
                )
            ),
            none
        );
        // Case, spacing, punctuation, British or American spelling, the order of an unordered
        // list, an amount written otherwise: nothing.
        let cosmetic_facts = facts
            .replace("[New Delhi](place)", "[new delhi](place)")
            .replace("[Lloyd Austin](person)", "[Lloyd  Austin.](person)")
            .replace("Ministry of Defence", "Ministry of Defense")
            .replace("[$3 billion]", "[$3bn]");
        let cosmetic_cards = cards
            .replace(r#"Text(["Lloyd Austin""#, r#"Text(["lloyd austin""#)
            .replace(
                r#"["Australia", "India"], ordered: false"#,
                r#"["india", "Australia"], ordered: false"#,
            )
            .replace(r#"correct: ["New Delhi"]"#, r#"correct: ["New-Delhi"]"#);
        assert_ne!(cosmetic_facts, facts);
        assert_ne!(cosmetic_cards, cards);
        assert_eq!(changed(&cosmetic_facts, &cosmetic_cards), none);
        // Another value: the questions asking it, and its fact's true/false question.
        assert_eq!(
            changed(
                &facts.replace("[New Delhi](place)", "[Calcutta](place)"),
                cards
            ),
            [
                "capital/choice/2",
                "capital/cloze/2",
                "capital/true-false/1"
            ]
        );
        assert_eq!(
            changed(&facts.replace("[$3 billion]", "[$4 billion]"), cards),
            ["met/choice/4", "met/cloze/4", "met/true-false/1"]
        );
        // Another first answer, item or option; an ordered list's order.
        let other_cards = cards
            .replace(r#"Text(["Lloyd Austin""#, r#"Text(["Mark Esper""#)
            .replace(
                r#"["Australia", "India"], ordered: true"#,
                r#"["India", "Australia"], ordered: true"#,
            )
            .replace(
                r#"correct: ["New Delhi"], wrong: ["Mumbai", "Kolkata"]"#,
                r#"correct: ["Mumbai"], wrong: ["New Delhi", "Kolkata"]"#,
            );
        assert_eq!(changed(facts, &other_cards), ["order", "pick", "who"]);
    }

    #[test]
    fn content_hashes_do_not_depend_on_the_seed() {
        for loaded in shipped() {
            let hashes = |seed| -> Vec<(String, String)> {
                generate(&loaded, seed)
                    .iter()
                    .map(|q| (q.id.clone(), q.content_hash()))
                    .collect()
            };
            let first = hashes(0);
            for seed in [1, 7, 42] {
                assert_eq!(
                    hashes(seed),
                    first,
                    "seed {seed} changes what questions test"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The answer key holds for any seed: every accepted form is correct, no wrong option
        /// is, and no two options of a question mean the same.
        #[test]
        fn shipped_answer_keys_hold(seed: u64) {
            for loaded in shipped() {
                for q in generate(&loaded, seed) {
                    for accepted in q.accepted() {
                        let verdict = grade::grade(&q, &accepted);
                        proptest::prop_assert_eq!(verdict.outcome, Outcome::Correct, "{} rejects {:?}", q.id, accepted);
                    }
                    if let Answer::Choice {
                options, correct, ..
            } = &q.answer {
                        for (i, option) in options.iter().enumerate() {
                            if !correct.contains(&i) {
                                let verdict = grade::grade(&q, option);
                                proptest::prop_assert_ne!(verdict.outcome, Outcome::Correct, "{} accepts distractor {:?}", q.id, option);
                            }
                        }
                    }
                }
            }
        }
    }
}
