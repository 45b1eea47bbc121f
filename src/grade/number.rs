//! Numbers and amounts of money as people write them: `15 billion`, `$15bn`, `15,000,000,000`,
//! `fifteen billion`, `US$15 billion`, `€2.5 billion`, `$15-billion`, `two and a half billion`,
//! `1.2k`, `one hundred and five`, `50%`, `500 crore`, `1,00,000`, `a 6.4-mile road`, and in
//! typed answers the continental `15 000 000 000`, `15.000.000.000`, `2,5 billion` and
//! `2.5 billion €`.
//!
//! Hand-written: no crate reads English number phrases mixed with currency symbols, scale
//! words and Indian grouping, and this one must never panic and stay linear on any input.
//!
//! Qualifiers: a leading `about`, `over`, `nearly`, `more than`, `~` … (and a trailing `+`,
//! `or so`, `or more`) is skipped by [`parse`]; the amount is the number the qualifier is about.
//! When grading, "over $3 billion" typed for $3 billion therefore counts as $3 billion; when
//! searching evidence ([`find_all`]) qualifiers are plain words outside the found range, so
//! "reaching over $3 billion" supports a fact saying "$3 billion".
//!
//! A duration in parts (`2 hours 40 minutes`, `2 h 40 min`, `2 hours and 40 minutes`) is one
//! amount in its last part's unit (160 minutes), everywhere: its parts are no amounts apart.
//!
//! Units are canonical lowercase strings ([`canonical_unit`]): a currency code (`usd`, `eur`,
//! `gbp`, `inr`, `jpy`, …), `percent`, a known measure (`km`, `kg`, …) or, for [`parse`] only,
//! any trailing unit word, lowercased and made singular (`troops` → `troop`).

use std::ops::Range;

/// A number with an optional unit (see the module docs for unit names).
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub value: f64,
    pub unit: Option<String>,
}

/// Longer input is not a number anyone typed: [`parse`] gives up on it at once.
const MAX_PARSE_LEN: usize = 1024;

/// Reads a whole string as one amount, or `None` when it is not (only) an amount: how a
/// deck's values are read (English forms only, see [`parse_typed`] for answers).
///
/// Leading qualifiers (`about`, `over`, `more than`, `~` …) and surrounding punctuation are
/// skipped; any trailing word that is not a currency becomes a free unit (`15 km` → `km`).
pub fn parse(text: &str) -> Option<Amount> {
    parse_as(text, Mode::Whole)
}

/// [`parse`] for what a learner typed: also the continental forms (`15 000 000 000`,
/// `15.000.000.000`, `2,5 billion`) and a currency sign after the amount (`2.5 billion €`),
/// where they cannot mean anything else. A deck writes its values the English way, so that
/// they read the same everywhere (wrong options made up from them, evidence search).
/// On what [`parse`] reads, it gives the same.
pub fn parse_typed(text: &str) -> Option<Amount> {
    parse_as(text, Mode::Typed)
}

fn parse_as(text: &str, mode: Mode) -> Option<Amount> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let mut s = text
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '\''))
        .trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '+'
                )
        });
    for suffix in [" or so", " or more"] {
        if s.len() >= suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            s = s[..s.len() - suffix.len()].trim_end();
        }
    }
    let start = skip_qualifiers(s, 0);
    let (end, amount) = scan(s, start, mode)?;
    s[end..].trim().is_empty().then_some(amount)
}

/// Every amount or number mentioned in free text, with its byte range, in order and without
/// overlaps. Qualifiers are not part of a range. Only currencies, percentages and a few
/// measures become units here; other words after a number are left alone.
pub fn find_all(text: &str) -> Vec<(Range<usize>, Amount)> {
    find_all_with(text, true)
}

/// [`find_all`]; `skip_words` skips words that cannot start an amount without trying them
/// (tests compare with trying every word).
fn find_all_with(text: &str, skip_words: bool) -> Vec<(Range<usize>, Amount)> {
    let mut found = Vec::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while let Some(c) = text[i..].chars().next() {
        let boundary = prev.is_none_or(|p| !p.is_alphanumeric());
        let next = text[i + c.len_utf8()..].chars().next();
        let candidate = match c {
            '0'..='9' => boundary,
            '.' => boundary && next.is_some_and(|n| n.is_ascii_digit()),
            '-' | '\u{2212}' | '+' => {
                boundary && next.is_some_and(|n| n.is_ascii_digit() || is_currency_symbol(n))
            }
            c if is_currency_symbol(c) => true,
            c if c.is_alphabetic() => boundary && !(skip_words && cannot_start(text, i)),
            _ => false,
        };
        if candidate && let Some((end, amount)) = scan(text, i, Mode::Find) {
            found.push((i..end, amount));
            prev = text[..end].chars().next_back();
            i = end;
            continue;
        }
        if c.is_alphanumeric() {
            let run = text[i..]
                .find(|ch: char| !ch.is_alphanumeric())
                .unwrap_or(text.len() - i);
            prev = text[..i + run].chars().next_back();
            i += run;
        } else {
            prev = Some(c);
            i += c.len_utf8();
        }
    }
    found
}

/// Whether the ASCII word at `i` certainly does not start an amount, so that free text is not
/// parsed word by word. An amount starting with a letter starts with a currency sign (letters
/// of at most two: `Rs`, `US$`), a currency code (three letters), or a number word (`one`,
/// `twenty`, `a` or `an` before a scale).
fn cannot_start(s: &str, i: usize) -> bool {
    let end = letters_end(s, i);
    let word = &s[i..end];
    if next_is_alphanumeric(s, end) {
        // A non-ASCII letter goes on to the parser.
        return false;
    }
    if word.len() <= 3 {
        // A short word may be a sign (`Rs`, or letters then `$` or `.`: `US$`, `S$`, `u.s.$`,
        // `Rs.`), a code (three capitals, in free text), `a` or `an` (before a scale), or a
        // number word (`one`, `two`, `six`, `ten`); `the`, `in` and `for` are none of these.
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        let sign_follows = matches!(s.as_bytes().get(end), Some(b'$' | b'.'));
        let code = word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase());
        return !(sign_follows
            || code
            || is("rs")
            || is("a")
            || is("an")
            || SMALL.iter().any(|w| is(w)));
    }
    !SMALL
        .iter()
        .chain(&TENS)
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether two amounts are the same number: equal within a relative 1e-9.
pub fn same_value(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The canonical name of a unit written any way: `USD`, `$`, `dollars`, `US dollars` → `usd`;
/// `%`, `per cent` → `percent`; `kilometres` → `km`; other words lowercased, spaces collapsed
/// and a plural `s` dropped (`Troops` → `troop`).
pub fn canonical_unit(unit: &str) -> String {
    let lower = unit
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let lower = lower.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
    if let Some((code, end)) = currency_prefix(lower, 0, Mode::Whole)
        && end == lower.len()
    {
        return code.to_string();
    }
    if let Some((code, end)) = suffix_currency(lower, 0, Mode::Whole, false)
        && end == lower.len()
    {
        return code.to_string();
    }
    if let Some((unit, end)) = suffix_unit(lower, 0, Mode::Whole)
        && end == lower.len()
    {
        return unit.to_string();
    }
    match lower.strip_suffix('s') {
        // A unit on its own is never a scale: `m` is metres (in a number `15m` is million).
        _ if lower == "m" => "metre".to_string(),
        Some(single) if single.len() >= 3 && !single.ends_with('s') => single.to_string(),
        _ => lower.to_string(),
    }
}

/// Whether a canonical unit is a measure recall knows (`km`, `metre`, `kg`, `minute`, …).
pub fn is_measure(unit: &str) -> bool {
    MEASURES.iter().any(|(_, canonical)| *canonical == unit) && unit != "percent"
}

/// Whether a canonical unit is a currency code.
pub fn is_currency(unit: &str) -> bool {
    CODES
        .iter()
        .any(|(code, canonical)| *code == unit || *canonical == unit)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The whole string is one amount: alphabetic currency codes in any case, free units.
    Whole,
    /// [`Mode::Whole`] for a typed answer: continental forms and trailing signs too.
    Typed,
    /// An amount inside free text: codes only in capitals, known units only.
    Find,
}

/// ISO-ish currency codes (as written, lowercase) and their canonical code.
const CODES: &[(&str, &str)] = &[
    ("usd", "usd"),
    ("eur", "eur"),
    ("gbp", "gbp"),
    ("inr", "inr"),
    ("jpy", "jpy"),
    ("cny", "cny"),
    ("rmb", "cny"),
    ("rub", "rub"),
    ("aud", "aud"),
    ("cad", "cad"),
    ("chf", "chf"),
    ("krw", "krw"),
    ("brl", "brl"),
    ("zar", "zar"),
    ("sgd", "sgd"),
    ("hkd", "hkd"),
    ("try", "try"),
    ("sek", "sek"),
    ("nok", "nok"),
    ("dkk", "dkk"),
    ("nzd", "nzd"),
    ("mxn", "mxn"),
    ("pkr", "pkr"),
    ("bdt", "bdt"),
    ("lkr", "lkr"),
    ("npr", "npr"),
    ("aed", "aed"),
    ("sar", "sar"),
    ("ils", "ils"),
    ("ngn", "ngn"),
];

/// Currency signs written before a number, longest first (letters compared case-insensitively).
const SIGNS: &[(&str, &str)] = &[
    ("u.s.$", "usd"),
    ("us$", "usd"),
    ("ca$", "cad"),
    ("au$", "aud"),
    ("nz$", "nzd"),
    ("hk$", "hkd"),
    ("rs.", "inr"),
    ("c$", "cad"),
    ("a$", "aud"),
    ("s$", "sgd"),
    ("r$", "brl"),
    ("rs", "inr"),
    ("$", "usd"),
    ("\u{20AC}", "eur"),
    ("\u{00A3}", "gbp"),
    ("\u{00A5}", "jpy"),
    ("\u{20B9}", "inr"),
    ("\u{20BD}", "rub"),
    ("\u{20A9}", "krw"),
    ("\u{20BA}", "try"),
    ("\u{20AA}", "ils"),
    ("\u{20A6}", "ngn"),
    ("\u{20A8}", "inr"),
];

/// Currency names written after a number, longest first.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("norwegian kroner", "nok"),
    ("norwegian krone", "nok"),
    ("south african rand", "zar"),
    ("new zealand dollars", "nzd"),
    ("new zealand dollar", "nzd"),
    ("hong kong dollars", "hkd"),
    ("hong kong dollar", "hkd"),
    ("australian dollars", "aud"),
    ("australian dollar", "aud"),
    ("singapore dollars", "sgd"),
    ("canadian dollars", "cad"),
    ("canadian dollar", "cad"),
    ("american dollars", "usd"),
    ("pakistani rupees", "pkr"),
    ("swedish kronor", "sek"),
    ("danish kroner", "dkk"),
    ("swedish krona", "sek"),
    ("danish krone", "dkk"),
    ("pounds sterling", "gbp"),
    ("pound sterling", "gbp"),
    ("russian roubles", "rub"),
    ("russian rubles", "rub"),
    ("british pounds", "gbp"),
    ("indian rupees", "inr"),
    ("japanese yen", "jpy"),
    ("chinese yuan", "cny"),
    ("swiss francs", "chf"),
    ("u.s. dollars", "usd"),
    ("u.s. dollar", "usd"),
    ("us dollars", "usd"),
    ("us dollar", "usd"),
    ("renminbi", "cny"),
    ("sterling", "gbp"),
    ("dollars", "usd"),
    ("roubles", "rub"),
    ("rupees", "inr"),
    ("rubles", "rub"),
    ("dollar", "usd"),
    ("pounds", "gbp"),
    ("francs", "chf"),
    ("rouble", "rub"),
    ("rupee", "inr"),
    ("ruble", "rub"),
    ("euros", "eur"),
    ("pound", "gbp"),
    ("franc", "chf"),
    ("euro", "eur"),
    ("yuan", "cny"),
    ("rand", "zar"),
    ("yen", "jpy"),
    ("won", "krw"),
];

/// Measures recognised in free text too, longest first.
const MEASURES: &[(&str, &str)] = &[
    ("percentage points", "percentage point"),
    ("percentage point", "percentage point"),
    ("square kilometres", "km2"),
    ("square kilometers", "km2"),
    ("kilometres per hour", "km/h"),
    ("kilometers per hour", "km/h"),
    ("kilometres an hour", "km/h"),
    ("kilometers an hour", "km/h"),
    ("miles per hour", "mph"),
    ("miles an hour", "mph"),
    ("km per hour", "km/h"),
    ("kilometres", "km"),
    ("kilometers", "km"),
    ("kilometre", "km"),
    ("kilometer", "km"),
    ("kilogrammes", "kg"),
    ("kilogramme", "kg"),
    ("kilograms", "kg"),
    ("kilogram", "kg"),
    ("minutes", "minute"),
    ("seconds", "second"),
    ("minute", "minute"),
    ("second", "second"),
    ("per cent", "percent"),
    ("percent", "percent"),
    // As British papers write it (`35pc`).
    ("pc", "percent"),
    ("tonnes", "tonne"),
    ("metres", "metre"),
    ("meters", "metre"),
    ("metre", "metre"),
    ("meter", "metre"),
    ("tonne", "tonne"),
    ("miles", "mile"),
    ("kilos", "kg"),
    ("kilo", "kg"),
    ("hours", "hour"),
    ("mins", "minute"),
    ("secs", "second"),
    ("hour", "hour"),
    ("kgs", "kg"),
    ("kms", "km"),
    ("min", "minute"),
    ("hrs", "hour"),
    ("sec", "second"),
    ("hr", "hour"),
    ("tons", "tonne"),
    ("mile", "mile"),
    // Not `foot` alone: `3,000 foot soldiers`.
    ("feet", "foot"),
    ("ft", "foot"),
    ("sq km", "km2"),
    ("km2", "km2"),
    ("km\u{00B2}", "km2"),
    ("km/h", "km/h"),
    ("kmph", "km/h"),
    ("kph", "km/h"),
    ("mph", "mph"),
    ("pct", "percent"),
    ("ton", "tonne"),
    ("km", "km"),
    ("kg", "kg"),
    // Lower case only in free text (`3 Mi-17 helicopters`).
    ("mi", "mile"),
    ("%", "percent"),
];

/// Which way a qualifier bounds an amount: `more than $3 billion`, `less than $3 billion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Above,
    Below,
}

impl Bound {
    pub fn words(self) -> &'static str {
        match self {
            Bound::Above => "more than",
            Bound::Below => "less than",
        }
    }
}

/// The qualifiers that bound an amount one way, longest first (`no more than` before `more
/// than`); `nearly` and `almost` say less than. `about` and the like do not: they say the
/// amount roughly.
const BOUNDS: &[(&str, Bound)] = &[
    ("slightly more than", Bound::Above),
    ("slightly less than", Bound::Below),
    ("a little under", Bound::Below),
    ("a little over", Bound::Above),
    ("in excess of", Bound::Above),
    ("exceeding", Bound::Above),
    ("no more than", Bound::Below),
    ("greater than", Bound::Above),
    ("fewer than", Bound::Below),
    ("upwards of", Bound::Above),
    ("just under", Bound::Below),
    ("almost", Bound::Below),
    ("nearly", Bound::Below),
    ("more than", Bound::Above),
    ("less than", Bound::Below),
    ("well over", Bound::Above),
    ("just over", Bound::Above),
    ("at least", Bound::Above),
    ("at most", Bound::Below),
    ("above", Bound::Above),
    ("below", Bound::Below),
    ("under", Bound::Below),
    ("up to", Bound::Below),
    ("over", Bound::Above),
    (">", Bound::Above),
    ("\u{2265}", Bound::Above),
    ("<", Bound::Below),
    ("\u{2264}", Bound::Below),
];

/// Words that turn a bound the other way (`no less than` is at least).
const NEGATIONS: [&str; 2] = ["not", "no"];

impl Bound {
    fn flipped(self) -> Bound {
        match self {
            Bound::Above => Bound::Below,
            Bound::Below => Bound::Above,
        }
    }
}

/// The bound an amount typed with a qualifier says (`less than $3 billion`, `no less than`).
pub fn leading_bound(text: &str) -> Option<Bound> {
    let text = text.trim_start();
    let negated = NEGATIONS.iter().find_map(|not| {
        let word = text.get(..not.len())?;
        (word.eq_ignore_ascii_case(not) && text[not.len()..].starts_with(' '))
            .then(|| &text[not.len()..])
    });
    // `not nearly` says nothing of which side.
    let approximate = |rest: &&str| {
        let rest = rest.trim_start();
        ["nearly", "almost"].iter().any(|w| rest.starts_with(w))
    };
    match negated
        .filter(|rest| !approximate(rest))
        .and_then(bare_leading_bound)
    {
        Some(bound) => Some(bound.flipped()),
        None if negated.is_some() => None,
        None => bare_leading_bound(text),
    }
}

fn bare_leading_bound(text: &str) -> Option<Bound> {
    let text = text.trim_start();
    BOUNDS.iter().find_map(|&(words, bound)| {
        let rest = text
            .get(..words.len())
            .filter(|w| w.eq_ignore_ascii_case(words))?;
        let after = text[rest.len()..].chars().next();
        let whole =
            !words.ends_with(char::is_alphabetic) || !after.is_some_and(char::is_alphanumeric);
        whole.then_some(bound)
    })
}

/// The bound the words before an amount say (`deals worth more than `, `no less than `).
pub fn trailing_bound(text: &str) -> Option<Bound> {
    let text = text.trim_end();
    BOUNDS.iter().find_map(|&(words, bound)| {
        let at = text.len().checked_sub(words.len())?;
        let tail = text.get(at..).filter(|w| w.eq_ignore_ascii_case(words))?;
        let before = text[..at].chars().next_back();
        let whole =
            !tail.starts_with(char::is_alphabetic) || !before.is_some_and(char::is_alphanumeric);
        if !whole {
            return None;
        }
        let word = text[..at].trim_end().rsplit(' ').next().unwrap_or_default();
        let negated = NEGATIONS.iter().any(|not| word.eq_ignore_ascii_case(not));
        Some(if negated { bound.flipped() } else { bound })
    })
}

/// Qualifiers skipped before an amount, longest first.
const QUALIFIERS: &[&str] = &[
    "slightly more than",
    "slightly less than",
    "a little under",
    "a little over",
    "not fewer than",
    "no fewer than",
    "not less than",
    "not more than",
    "no less than",
    "in excess of",
    "approximately",
    "exceeding",
    "exactly",
    "more than",
    "less than",
    "fewer than",
    "upwards of",
    "just under",
    "just over",
    "well over",
    "close to",
    "at least",
    "at most",
    "roughly",
    "around",
    "almost",
    "nearly",
    "approx.",
    "approx",
    "about",
    "above",
    "below",
    "circa",
    "under",
    "up to",
    "not under",
    "not above",
    "not below",
    "not over",
    "over",
    "some",
    "ca.",
    "c.",
];

/// Scale words and their powers of ten. Single letters count only when attached to the number
/// (`15m`, `1.2k`) or after a currency sign (`$15 m`).
fn scale(word: &str, attached: bool) -> Option<i32> {
    let lower = |w: &str| word.eq_ignore_ascii_case(w);
    let exp = match word.len() {
        1 if !attached => return None,
        1 if lower("k") => 3,
        1 if lower("m") => 6,
        1 if lower("b") => 9,
        _ if lower("hundred") => 2,
        _ if lower("thousand") => 3,
        _ if lower("lakh") || lower("lakhs") || lower("lac") || lower("lacs") => 5,
        _ if lower("million") || lower("millions") || lower("mn") || lower("mln") => 6,
        _ if lower("crore") || lower("crores") || lower("cr") => 7,
        _ if lower("billion") || lower("billions") || lower("bn") || lower("bln") => 9,
        _ if lower("trillion") || lower("trillions") || lower("tn") || lower("trn") => 12,
        _ => return None,
    };
    Some(exp)
}

/// The scale words [`respell_scales`] corrects.
const SCALE_WORDS: [&str; 7] = [
    "hundred", "thousand", "lakh", "crore", "million", "billion", "trillion",
];

/// `text` with its misspelt scale words respelt (`$15 bilion` → `$15 billion`), and the
/// words respelt, in order, each once; `None` when no word is a misspelt scale word. A word
/// (a run of ASCII letters) is respelt when it is not a scale word itself, is within the typos
/// [`allowed_edits`](super::text::allowed_edits) for a scale word's length and is nearer to
/// that one than to any other. Only for grading a typed answer: [`parse`] never reads loosely.
pub fn respell_scales(text: &str) -> Option<(String, Vec<&'static str>)> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut respelt: Vec<&'static str> = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        if !text.as_bytes()[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let end = letters_end(text, i);
        let word = &text[i..end];
        if let Some(right) = nearest_scale_word(word) {
            out.push_str(&text[copied..i]);
            out.push_str(right);
            copied = end;
            if !respelt.contains(&right) {
                respelt.push(right);
            }
        }
        i = end;
    }
    if respelt.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, respelt))
}

/// The scale word `word` misspells, if it is nearer one than any other (see
/// [`respell_scales`]).
fn nearest_scale_word(word: &str) -> Option<&'static str> {
    // Cheap rejections first: a scale word as written, or a length no typo reaches.
    if !(3..=10).contains(&word.len()) || scale(word, true).is_some() {
        return None;
    }
    let word = word.to_ascii_lowercase();
    super::text::unique_nearest(SCALE_WORDS.iter().copied(), |right| {
        super::text::typo_distance(&word, right, super::text::allowed_edits(right.len()))
    })
}

/// Parses one amount starting exactly at `start`; returns where it ends (after its last token,
/// never after trailing spaces).
fn scan(s: &str, start: usize, mode: Mode) -> Option<(usize, Amount)> {
    let mut i = start;
    let mut negative = false;
    let mut signed = false;
    if let Some((minus, next)) = sign(s, i) {
        negative = minus;
        signed = true;
        i = next;
    }
    let mut currency = None;
    if let Some((code, next)) = currency_prefix(s, i, mode) {
        currency = Some(code);
        i = skip_spaces(s, next);
        if !signed && let Some((minus, next)) = sign(s, i) {
            negative = minus;
            i = next;
        }
    }
    let (mut text, mut end) = if starts_number(s, i) {
        digits(s, i, mode)?
    } else {
        let (value, end) = words(s, i)?;
        (format!("{value}"), end)
    };
    let mut exp: i32 = 0;
    // Ordinal suffix: "20th" is the number 20.
    let letters = letters_end(s, end);
    let attached_word = &s[end..letters];
    if !text.contains('.')
        && ["st", "nd", "rd", "th"]
            .iter()
            .any(|o| attached_word.eq_ignore_ascii_case(o))
        && !next_is_alphanumeric(s, letters)
    {
        return Some((letters, Amount::new(&text, 0, negative, None)?));
    }
    loop {
        let attached = letters_end(s, end) > end;
        // "$15-billion": a hyphen between the number and its first scale word.
        let hyphen = exp == 0 && !attached && s.as_bytes().get(end) == Some(&b'-');
        let at = if attached {
            end
        } else if hyphen {
            end + 1
        } else {
            skip_spaces(s, end)
        };
        let word_end = letters_end(s, at);
        if word_end == at || next_is_alphanumeric(s, word_end) || (hyphen && word_end - at < 2) {
            break;
        }
        match scale(&s[at..word_end], attached || currency.is_some()) {
            Some(e) => {
                exp = exp.saturating_add(e);
                end = word_end;
            }
            None => break,
        }
    }
    if text.is_empty() {
        text.push('0');
    }
    // A unit joined by a hyphen, the amount an adjective: `a 6.4-mile road`, `a 40-minute
    // delay`, and in a whole string any word (`10-year`).
    let hyphen = s.as_bytes().get(end) == Some(&b'-');
    let unit = {
        let at = skip_spaces(s, end);
        let attached = at == end;
        if let Some((code, next)) = suffix_currency(s, at, mode, attached) {
            end = next;
            Some(currency.unwrap_or(code))
        } else if currency.is_some() {
            currency
        } else if let Some((unit, next)) = hyphen.then(|| suffix_unit(s, end + 1, mode)).flatten() {
            end = next;
            Some(unit)
        } else if let Some((code, next)) = suffix_sign(s, at, mode) {
            end = next;
            Some(code)
        } else if let Some((unit, next)) = suffix_unit(s, at, mode) {
            end = next;
            Some(unit)
        } else {
            None
        }
    };
    // A duration in parts (`2 hours 40 minutes`, `2 h 40 min`): one amount, in its last
    // part's unit, never its parts apart.
    if exp == 0 && currency.is_none() {
        let first = match unit {
            Some(unit) => metric(unit)
                .filter(|(kind, _)| *kind == "time")
                .map(|_| (unit, end)),
            None => match_phrase(s, skip_spaces(s, end), "h").map(|after| ("hour", after)),
        };
        if let Some((first, after)) = first
            && let Ok(value) = text.parse::<f64>()
            && let Some((total, last, next)) = duration_parts(s, (value, first, after), mode)
        {
            let value = if negative { -total } else { total };
            return Some((
                next,
                Amount {
                    value,
                    unit: Some(last.to_string()),
                },
            ));
        }
    }
    let mut unit = unit.map(str::to_string);
    if unit.is_none() && mode != Mode::Find {
        let rest = s[end..].trim();
        // After the number itself (`10-year`; `15-billion-million` is no unit of millions).
        let rest = match rest.strip_prefix('-') {
            Some(word) if hyphen && exp == 0 && word.starts_with(char::is_alphabetic) => word,
            _ => rest,
        };
        if is_free_unit(rest) && words(s, skip_spaces(s, end)).is_none() {
            unit = Some(canonical_unit(rest));
            end = s.len();
        }
    }
    Some((end, Amount::new(&text, exp, negative, unit)?))
}

/// The rest of a duration written in parts after its first, `value` of `unit` ending at
/// `end`: each part a number and a smaller unit of time than the one before, less than one
/// of it (`40 minutes` after hours), apart from it by spaces or `and` (`2 hours 40 minutes`,
/// `2 hours and 40 minutes`, `1 hr 20 min 30 sec`). The whole in the last part's unit, that
/// unit and where the last part ends; `None` when no such part follows.
fn duration_parts(
    s: &str,
    (value, unit, mut end): (f64, &'static str, usize),
    mode: Mode,
) -> Option<(f64, &'static str, usize)> {
    let (_, mut size) = metric(unit)?;
    // In seconds.
    let mut total = value * size;
    let mut last = None;
    loop {
        let mut i = skip_spaces(s, end);
        if i == end {
            break;
        }
        if let Some(after) = match_phrase(s, i, "and") {
            i = skip_spaces(s, after);
            if i == after {
                break;
            }
        }
        let part = if starts_number(s, i) {
            digits(s, i, mode).and_then(|(text, after)| Some((text.parse::<f64>().ok()?, after)))
        } else {
            words(s, i)
        };
        let Some((part, after)) = part else {
            break;
        };
        let Some((part_unit, next)) = suffix_unit(s, skip_spaces(s, after), mode) else {
            break;
        };
        let Some(("time", part_size)) = metric(part_unit) else {
            break;
        };
        if part_size >= size || !(0.0..size).contains(&(part * part_size)) {
            break;
        }
        total += part * part_size;
        size = part_size;
        last = Some(part_unit);
        end = next;
    }
    Some((total / size, last?, end))
}

impl Amount {
    /// Whether two amounts mean the same: the same number ([`same_value`]), in the same unit
    /// when both name one.
    pub fn same_as(&self, other: &Amount) -> bool {
        match (&self.unit, &other.unit) {
            (Some(u), Some(v)) if u != v && canonical_unit(u) != canonical_unit(v) => {
                other.value_in(u).is_some_and(|x| same_value(self.value, x))
            }
            _ => same_value(self.value, other.value),
        }
    }

    /// This amount in `unit`, when its own converts to it exactly (`1.2 km` is 1,200 metres,
    /// `2 hours` 120 minutes); `None` for another kind of unit. Without a unit, as it is.
    pub fn value_in(&self, unit: &str) -> Option<f64> {
        let Some(own) = &self.unit else {
            return Some(self.value);
        };
        let (own, want) = (canonical_unit(own), canonical_unit(unit));
        if own == want {
            return Some(self.value);
        }
        let (from, to) = (metric(&own)?, metric(&want)?);
        (from.0 == to.0).then(|| self.value * from.1 / to.1)
    }
}

/// Whether an amount in `from` can be given in `to` ([`Amount::value_in`]).
pub fn converts(from: &str, to: &str) -> bool {
    let (from, to) = (canonical_unit(from), canonical_unit(to));
    from == to
        || metric(&from)
            .zip(metric(&to))
            .is_some_and(|(a, b)| a.0 == b.0)
}

/// A unit's kind and its size in the kind's base unit, for the units converted exactly.
fn metric(unit: &str) -> Option<(&'static str, f64)> {
    Some(match unit {
        "metre" => ("length", 1.0),
        "km" => ("length", 1000.0),
        "kg" => ("mass", 1.0),
        "tonne" => ("mass", 1000.0),
        "second" => ("time", 1.0),
        "minute" => ("time", 60.0),
        "hour" => ("time", 3600.0),
        _ => return None,
    })
}

impl Amount {
    fn new(mantissa: &str, exp: i32, negative: bool, unit: Option<String>) -> Option<Amount> {
        // Parsed as one decimal literal, so that `1.2` billion is exactly the float nearest
        // 1.2e9 (multiplying by a power of ten could be off by one unit in the last place).
        let value: f64 = if exp == 0 {
            mantissa.parse().ok()?
        } else {
            format!("{mantissa}e{exp}").parse().ok()?
        };
        if !value.is_finite() {
            return None;
        }
        let value = if negative { -value } else { value };
        Some(Amount { value, unit })
    }
}

/// A sign at `i`: `(negative, after)`.
fn sign(s: &str, i: usize) -> Option<(bool, usize)> {
    let c = s[i..].chars().next()?;
    match c {
        '-' | '\u{2212}' => Some((true, i + c.len_utf8())),
        '+' => Some((false, i + 1)),
        _ => None,
    }
}

fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '\u{20AC}'
            | '\u{00A3}'
            | '\u{00A5}'
            | '\u{20B9}'
            | '\u{20BD}'
            | '\u{20A9}'
            | '\u{20BA}'
            | '\u{20AA}'
            | '\u{20A6}'
            | '\u{20A8}'
    )
}

/// A currency sign or code written before the number, and where it ends.
fn currency_prefix(s: &str, i: usize, mode: Mode) -> Option<(&'static str, usize)> {
    for (sign, code) in SIGNS {
        if let Some(end) = match_ascii_ci(s, i, sign) {
            let alphabetic_end = sign.ends_with(|c: char| c.is_ascii_alphabetic());
            if alphabetic_end && next_is_alphabetic(s, end) {
                continue;
            }
            if mode == Mode::Find && sign.starts_with("rs") && !s[i..].starts_with('R') {
                continue;
            }
            return Some((code, end));
        }
    }
    currency_code(s, i, mode, next_is_alphabetic)
}

/// A currency name or code written after the number (at `i`, spaces already skipped).
fn suffix_currency(s: &str, i: usize, mode: Mode, attached: bool) -> Option<(&'static str, usize)> {
    if !attached {
        for (word, code) in CURRENCY_WORDS {
            if let Some(end) = match_phrase(s, i, word) {
                return Some((code, end));
            }
        }
    }
    currency_code(s, i, mode, next_is_alphanumeric)
}

/// A currency sign written after the amount, as many Europeans do (`2.5 billion €`, `15$`): in
/// a typed answer only ([`Mode::Typed`]), and only `€`, `£`, `$`, `¥` and `₹`. In free text a
/// sign after a number is as likely to begin the next amount (`5 $10 notes`).
fn suffix_sign(s: &str, i: usize, mode: Mode) -> Option<(&'static str, usize)> {
    if mode != Mode::Typed {
        return None;
    }
    let c = s[i..].chars().next()?;
    let code = match c {
        '$' => "usd",
        '\u{20AC}' => "eur",
        '\u{00A3}' => "gbp",
        '\u{00A5}' => "jpy",
        '\u{20B9}' => "inr",
        _ => return None,
    };
    let end = i + c.len_utf8();
    (!next_is_alphanumeric(s, end)).then_some((code, end))
}

/// A three-letter currency code (`USD`, `eur`) at `i`, not followed by a character that
/// `continues` the word; in free text (`Mode::Find`) only in capitals, so that "one" or "all"
/// are not read as codes.
fn currency_code(
    s: &str,
    i: usize,
    mode: Mode,
    continues: fn(&str, usize) -> bool,
) -> Option<(&'static str, usize)> {
    let end = letters_end(s, i);
    if end - i != 3 || continues(s, end) {
        return None;
    }
    let word = &s[i..end];
    if mode == Mode::Find && !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    CODES
        .iter()
        .find(|(written, _)| word.eq_ignore_ascii_case(written))
        .map(|(_, code)| (*code, end))
}

/// A known measure or `percent` at `i`.
fn suffix_unit(s: &str, i: usize, mode: Mode) -> Option<(&'static str, usize)> {
    MEASURES.iter().find_map(|(word, unit)| {
        if *word == "mi" && mode == Mode::Find && !s[i..].starts_with(word) {
            return None;
        }
        match_phrase(s, i, word).map(|end| (*unit, end))
    })
}

/// A trailing free unit for [`parse`]: a few words of letters.
fn is_free_unit(rest: &str) -> bool {
    !rest.is_empty()
        && rest.len() <= 40
        && rest.chars().any(char::is_alphabetic)
        && rest.chars().all(|c| {
            c.is_alphabetic() || c == ' ' || matches!(c, '/' | '-' | '.' | '\u{00B2}' | '\u{00B3}')
        })
}

/// Skips leading qualifier words and signs (`about`, `more than`, `~`, `>`).
fn skip_qualifiers(s: &str, mut i: usize) -> usize {
    loop {
        i = skip_spaces(s, i);
        if let Some(c) = s[i..].chars().next()
            && matches!(c, '~' | '\u{2248}' | '>' | '<' | '\u{2265}' | '\u{2264}')
        {
            i += c.len_utf8();
            continue;
        }
        match QUALIFIERS.iter().find_map(|q| match_phrase(s, i, q)) {
            Some(end) => i = end,
            None => return i,
        }
    }
}

/// Whether a digit number starts at `i` (`5`, `.5`).
fn starts_number(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    match b.get(i) {
        Some(b'0'..=b'9') => true,
        Some(b'.') => b.get(i + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    }
}

/// Reads digits with thousands (or Indian lakh) grouping and a decimal part; returns the plain
/// mantissa text (`15000000000`, `2.5`) and where it ends.
///
/// In a typed answer ([`Mode::Typed`]) the continental ways are read too, where they cannot be
/// the English ones: spaces between groups of three (`15 000 000 000`), dots between them when
/// there are two or more or a decimal comma follows (`15.000.000.000`, `2.500,75`; a single
/// `15.000` stays fifteen), and a decimal comma not followed by exactly three digits (`2,5`;
/// `2,500` stays two thousand five hundred). Free text ([`Mode::Find`]) keeps to the English
/// ways, where `in 2019 500 troops` must stay two numbers, but for a decimal comma in an
/// amount that says it is one, after a currency sign or before a scale word (`€2,5 million`,
/// `2,5 billion`): pages `2,5` stay two numbers.
fn digits(s: &str, start: usize, mode: Mode) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = mode == Mode::Typed;
    let mut text = String::new();
    let mut i = start;
    let n = run(i);
    text.push_str(&s[i..i + n]);
    i += n;
    let mut grouped = false;
    if n > 0 {
        while let Some(sep) = s[i..].chars().next().filter(|&c| {
            matches!(c, ',' | '\u{00A0}' | '\u{202F}' | '\u{2009}') || (whole && c == ' ' && n <= 3)
        }) {
            let at = i + sep.len_utf8();
            let group = run(at);
            let indian = sep != ' '
                && group == 2
                && s[at + 2..].starts_with(sep)
                && run(at + 2 + sep.len_utf8()) >= 2;
            if group == 3 || indian {
                text.push_str(&s[at..at + group]);
                i = at + group;
                grouped = true;
            } else {
                break;
            }
        }
    }
    let continental = whole && !grouped && (1..=3).contains(&n);
    // Decimal comma digits at `at` (just after a comma), when they cannot be a group.
    let decimals = |at: usize| Some(run(at)).filter(|&m| m > 0 && m != 3);
    if mode == Mode::Find
        && !grouped
        && (1..=3).contains(&n)
        && b.get(i) == Some(&b',')
        && let Some(m) = decimals(i + 1)
        && (after_currency(s, start) || before_scale(s, i + 1 + m))
    {
        text.push('.');
        text.push_str(&s[i + 1..i + 1 + m]);
        return Some((text, i + 1 + m));
    }
    if continental {
        let mut groups = 0;
        let mut j = i;
        while b.get(j) == Some(&b'.') && run(j + 1) == 3 {
            groups += 1;
            j += 4;
        }
        let comma = (b.get(j) == Some(&b','))
            .then(|| run(j + 1))
            .filter(|&m| m > 0);
        if groups >= 2 || (groups == 1 && comma.is_some()) {
            text.extend(s[i..j].chars().filter(char::is_ascii_digit));
            i = j;
            if let Some(m) = comma {
                text.push('.');
                text.push_str(&s[j + 1..j + 1 + m]);
                i = j + 1 + m;
            }
            return Some((text, i));
        }
        if b.get(i) == Some(&b',')
            && let Some(m) = decimals(i + 1)
        {
            text.push('.');
            text.push_str(&s[i + 1..i + 1 + m]);
            return Some((text, i + 1 + m));
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let n = run(i + 1);
        if text.is_empty() {
            text.push('0');
        }
        text.push_str(&s[i..i + 1 + n]);
        i += 1 + n;
    } else if !text.is_empty()
        && let Some((decimals, end)) = fraction(s, i, whole)
    {
        text.push_str(decimals);
        i = end;
    }
    (!text.is_empty()).then_some((text, i))
}

/// A half or a quarter after a whole number at `i` (`2½`; in a typed answer also `2 1/2`):
/// its decimals and where it ends.
fn fraction(s: &str, i: usize, typed: bool) -> Option<(&'static str, usize)> {
    let rest = &s[i..];
    for (written, decimals) in [("½", ".5"), ("¼", ".25"), ("¾", ".75")] {
        if rest.starts_with(written) {
            return Some((decimals, i + written.len()));
        }
    }
    if !typed {
        return None;
    }
    for (written, decimals) in [(" 1/2", ".5"), (" 1/4", ".25"), (" 3/4", ".75")] {
        let end = i + written.len();
        if rest.starts_with(written) && !s[end..].starts_with(|c: char| c.is_ascii_digit()) {
            return Some((decimals, end));
        }
    }
    None
}

/// Whether a currency sign comes just before `at` (`€2,5`, `€ 2,5`).
fn after_currency(s: &str, at: usize) -> bool {
    s[..at]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(is_currency_symbol)
}

/// Whether a scale word starts at `at`, attached or after a space (`2,5m`, `2,5 billion`).
fn before_scale(s: &str, at: usize) -> bool {
    let rest = &s[at..];
    let attached = !rest.starts_with(' ');
    let word = rest.trim_start();
    let word = &word[..word
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(word.len())];
    !word.is_empty() && scale(word, attached).is_some()
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    A,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale(i32),
    And,
    /// "and a half" after a number below a hundred.
    Half,
}

/// Number words below twenty.
const SMALL: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Number words for the tens.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A whole number below a thousand in words, as [`parse`] reads them: `seven`, `forty-two`,
/// `one hundred and five`. `None` from a thousand on.
pub fn in_words(n: u32) -> Option<String> {
    let below_hundred = |n: usize| match n {
        0..20 => SMALL[n].to_string(),
        _ if n.is_multiple_of(10) => TENS[n / 10 - 2].to_string(),
        _ => format!("{}-{}", TENS[n / 10 - 2], SMALL[n % 10]),
    };
    let n = n as usize;
    Some(match n {
        0..100 => below_hundred(n),
        100..1000 if n.is_multiple_of(100) => format!("{} hundred", SMALL[n / 100]),
        100..1000 => format!("{} hundred and {}", SMALL[n / 100], below_hundred(n % 100)),
        _ => return None,
    })
}

/// Reads an English number phrase: `twenty-one`, `a hundred`, `one hundred and five`,
/// `fifteen billion`, `five lakh crore`. Returns the value and the end of its last word.
fn words(s: &str, start: usize) -> Option<(f64, usize)> {
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut last = Last::Start;
    let mut committed: Option<usize> = None;
    let mut i = start;
    loop {
        let at = if last == Last::Start {
            i
        } else {
            let after_space = skip_spaces(s, i);
            if after_space > i {
                after_space
            } else if s[i..].starts_with('-') && matches!(last, Last::Tens) {
                i + 1
            } else {
                break;
            }
        };
        let end = letters_end(s, at);
        if end == at || next_is_alphanumeric(s, end) {
            break;
        }
        let word = &s[at..end];
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        if is("and")
            && matches!(last, Last::Unit | Last::Teen | Last::Tens)
            && let Some(half_end) = match_phrase(s, at, "and a half")
        {
            // "two and a half billion": a half, before a scale word or alone.
            current += 0.5;
            last = Last::Half;
            committed = Some(half_end);
            i = half_end;
            continue;
        }
        let before_words = matches!(
            last,
            Last::Start | Last::Hundred | Last::Scale(_) | Last::And
        );
        if let Some(v) = SMALL.iter().position(|w| is(w)) {
            let after_tens = last == Last::Tens && v > 0 && v < 10;
            if !(before_words || after_tens) {
                break;
            }
            current += v as f64;
            last = if v < 10 { Last::Unit } else { Last::Teen };
        } else if let Some(t) = TENS.iter().position(|w| is(w)) {
            if !before_words {
                break;
            }
            current += (t as f64 + 2.0) * 10.0;
            last = Last::Tens;
        } else if is("hundred") {
            if !matches!(last, Last::A | Last::Unit | Last::Teen | Last::Tens) {
                break;
            }
            current *= 100.0;
            last = Last::Hundred;
        } else if let Some(e) = scale(word, false).filter(|e| *e > 2 && !word.ends_with('s')) {
            let multiplier = 10f64.powi(e);
            match last {
                Last::A | Last::Unit | Last::Teen | Last::Tens | Last::Hundred | Last::Half => {
                    total += current * multiplier;
                    current = 0.0;
                }
                Last::Scale(previous) if e > previous => total *= multiplier,
                _ => break,
            }
            last = Last::Scale(e);
        } else if is("and") && matches!(last, Last::Hundred | Last::Scale(_)) {
            i = end;
            last = Last::And;
            continue;
        } else if (is("a") || is("an")) && last == Last::Start {
            current = 1.0;
            i = end;
            last = Last::A;
            continue;
        } else {
            break;
        }
        if !(total + current).is_finite() {
            return None;
        }
        committed = Some(end);
        i = end;
    }
    let end = committed?;
    Some((total + current, end))
}

/// `s[i..]` starts with `word` (ASCII letters compared case-insensitively; a space in `word`
/// matches one or more spaces) followed by a word boundary. Returns the end of the match.
fn match_phrase(s: &str, i: usize, word: &str) -> Option<usize> {
    let end = match_ascii_ci(s, i, word)?;
    let last_is_word = word.ends_with(|c: char| c.is_alphanumeric());
    (!last_is_word || !next_is_alphanumeric(s, end)).then_some(end)
}

/// `s[i..]` starts with `pattern` (ASCII case-insensitive; a space matches a run of spaces).
fn match_ascii_ci(s: &str, i: usize, pattern: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    for &p in pattern.as_bytes() {
        if p == b' ' {
            let after = skip_spaces(s, j);
            if after == j {
                return None;
            }
            j = after;
        } else {
            if !b.get(j).is_some_and(|c| c.eq_ignore_ascii_case(&p)) {
                return None;
            }
            j += 1;
        }
    }
    s.is_char_boundary(j).then_some(j)
}

/// After any spaces (including no-break spaces) from `i`.
fn skip_spaces(s: &str, i: usize) -> usize {
    s[i..]
        .find(|c: char| !c.is_whitespace())
        .map_or(s.len(), |n| i + n)
}

/// The end of the run of ASCII letters starting at `i`.
fn letters_end(s: &str, i: usize) -> usize {
    i + s.as_bytes()[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count()
}

fn next_is_alphanumeric(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_alphanumeric)
}

fn next_is_alphabetic(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A parse result: the value and unit, or `None`.
    type Parsed = Option<(f64, Option<&'static str>)>;

    fn check(input: &str, expected: Parsed) {
        let got = parse(input);
        match (got, expected) {
            (None, None) => {}
            (Some(amount), Some((value, unit))) => {
                assert!(
                    same_value(amount.value, value),
                    "parse({input:?}) = {} not {value}",
                    amount.value
                );
                assert_eq!(amount.unit.as_deref(), unit, "unit of parse({input:?})");
            }
            (got, expected) => panic!("parse({input:?}) = {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn numbers_in_words_read_back() {
        for n in 0..1000 {
            let text = in_words(n).unwrap();
            check(&text, Some((f64::from(n), None)));
        }
        assert_eq!(in_words(42).as_deref(), Some("forty-two"));
        assert_eq!(in_words(105).as_deref(), Some("one hundred and five"));
        assert_eq!(in_words(300).as_deref(), Some("three hundred"));
        assert_eq!(in_words(1000), None);
    }

    #[test]
    fn parses_what_people_write() {
        let usd = Some("usd");
        let cases: &[(&str, Parsed)] = &[
            ("15 billion", Some((15e9, None))),
            ("$15bn", Some((15e9, usd))),
            ("15,000,000,000", Some((15e9, None))),
            ("15 bn dollars", Some((15e9, usd))),
            ("fifteen billion", Some((15e9, None))),
            ("US$15 billion", Some((15e9, usd))),
            ("us$ 15 billion", Some((15e9, usd))),
            ("2.5bn euros", Some((2.5e9, Some("eur")))),
            ("€2.5 billion", Some((2.5e9, Some("eur")))),
            ("$3 billion", Some((3e9, usd))),
            ("over $3 billion", Some((3e9, usd))),
            ("more than $3 billion", Some((3e9, usd))),
            ("about 15 billion", Some((15e9, None))),
            ("~15bn", Some((15e9, None))),
            ("15 billion or so", Some((15e9, None))),
            ("15+", Some((15.0, None))),
            ("3.5 million", Some((3.5e6, None))),
            ("1.2k", Some((1200.0, None))),
            ("twenty-one", Some((21.0, None))),
            ("twenty one", Some((21.0, None))),
            ("a hundred", Some((100.0, None))),
            ("one hundred and five", Some((105.0, None))),
            ("fifteen thousand two hundred", Some((15200.0, None))),
            ("a million", Some((1e6, None))),
            ("15 thousand", Some((15000.0, None))),
            ("0.5", Some((0.5, None))),
            (".5", Some((0.5, None))),
            ("50%", Some((50.0, Some("percent")))),
            ("50 percent", Some((50.0, Some("percent")))),
            ("50 per cent", Some((50.0, Some("percent")))),
            ("-3", Some((-3.0, None))),
            ("\u{2212}3", Some((-3.0, None))),
            ("-$3", Some((-3.0, usd))),
            ("500 crore", Some((5e9, None))),
            ("Rs 500 crore", Some((5e9, Some("inr")))),
            ("₹500 crore", Some((5e9, Some("inr")))),
            ("INR 5 lakh", Some((5e5, Some("inr")))),
            ("1.5 lakh crore", Some((1.5e12, None))),
            ("1,00,000", Some((1e5, None))),
            ("£3m", Some((3e6, Some("gbp")))),
            ("$3 m", Some((3e6, usd))),
            ("¥100", Some((100.0, Some("jpy")))),
            ("15 billion USD", Some((15e9, usd))),
            ("15 billion US dollars", Some((15e9, usd))),
            ("USD 15bn", Some((15e9, usd))),
            ("15 bn euro", Some((15e9, Some("eur")))),
            ("15 km", Some((15.0, Some("km")))),
            ("15 kilometres", Some((15.0, Some("km")))),
            ("15 million people", Some((15e6, Some("people")))),
            ("400 troops", Some((400.0, Some("troop")))),
            ("20th", Some((20.0, None))),
            ("2019", Some((2019.0, None))),
            ("(2019)", Some((2019.0, None))),
            ("2019.", Some((2019.0, None))),
            ("0", Some((0.0, None))),
            ("zero", Some((0.0, None))),
            ("nineteen hundred", Some((1900.0, None))),
            ("one trillion", Some((1e12, None))),
            ("1 thousand million", Some((1e9, None))),
            ("$15-billion", Some((15e9, usd))),
            ("15-million", Some((15e6, None))),
            ("15-bn dollars", Some((15e9, usd))),
            ("2.5-billion euros", Some((2.5e9, Some("eur")))),
            ("15 -billion", Some((15.0, Some("-billion")))),
            // A unit joined by a hyphen (QA: `6.4-mile` was 6.4 of a unit `-mile`).
            ("6.4-mile", Some((6.4, Some("mile")))),
            ("40-minute", Some((40.0, Some("minute")))),
            ("a 40-minute", None),
            ("10-year", Some((10.0, Some("year")))),
            ("10-Year", Some((10.0, Some("year")))),
            ("3-million-strong", Some((3e6, Some("-strong")))),
            ("6.4mi", Some((6.4, Some("mile")))),
            ("6.4 mi", Some((6.4, Some("mile")))),
            ("50 mph", Some((50.0, Some("mph")))),
            ("50 miles per hour", Some((50.0, Some("mph")))),
            ("80 km/h", Some((80.0, Some("km/h")))),
            ("80 kph", Some((80.0, Some("km/h")))),
            ("80 kilometres per hour", Some((80.0, Some("km/h")))),
            // A duration in parts is one amount, in its last part's unit.
            ("2 hours 40 minutes", Some((160.0, Some("minute")))),
            ("2 h 40 min", Some((160.0, Some("minute")))),
            ("2h 40min", Some((160.0, Some("minute")))),
            ("2 hours and 40 minutes", Some((160.0, Some("minute")))),
            ("two hours and forty minutes", Some((160.0, Some("minute")))),
            ("1 hr 20 min 30 sec", Some((4830.0, Some("second")))),
            ("3 minutes 15 seconds", Some((195.0, Some("second")))),
            ("2 hours 90 minutes", None),
            ("40 minutes 2 hours", None),
            ("2 hours 40", None),
            ("2 h", Some((2.0, Some("h")))),
            ("15-billion-million", Some((15e9, Some("-million")))),
            ("two and a half billion", Some((2.5e9, None))),
            ("two and a half billion dollars", Some((2.5e9, usd))),
            ("two and a half", Some((2.5, None))),
            ("twenty-one and a half million", Some((21.5e6, None))),
            ("one and a half thousand", Some((1500.0, None))),
            ("fifteen and a half lakh", Some((15.5e5, None))),
            ("two and a", Some((2.0, Some("and a")))),
            ("and a half", None),
            ("", None),
            ("   ", None),
            ("billion", None),
            ("fifteen fifteen", None),
            ("five twenty", None),
            ("and", None),
            ("a", None),
            ("2,500", Some((2500.0, None))),
            ("15.000", Some((15.0, None))),
            ("15.00.000", None),
            ("15\u{00A0}000\u{00A0}000", Some((15e6, None))),
            ("1234 567", None),
            ("15 00", None),
            ("1,234,5", None),
            ("12,", Some((12.0, None))),
            ("$", None),
            ("abc", None),
            ("1 2", None),
            ("15 billion in arms deals 2019", None),
            ("$15 $", None),
            ("$15 \u{20AC}", None),
            ("15 \u{20AC} \u{20AC}", None),
            ("15 \u{20AC}uros", None),
            ("15 $5", None),
            ("15 \u{20BD}", None),
            ("\u{20AC}", None),
            ("🙂", None),
        ];
        for (input, expected) in cases {
            check(input, *expected);
            // A typed answer reads these the same.
            assert_eq!(parse_typed(input), parse(input), "{input:?}");
        }
        // Only in a typed answer: the continental forms and a currency sign after the amount,
        // as many Europeans write them. A deck writes its values the English way.
        let typed_only: &[(&str, Parsed)] = &[
            ("12,34", Some((12.34, None))),
            ("2,5 billion euro", Some((2.5e9, Some("eur")))),
            ("$15 000 000 000", Some((15e9, usd))),
            ("15 000", Some((15000.0, None))),
            ("15.000.000", Some((15e6, None))),
            ("15.000.000.000 USD", Some((15e9, usd))),
            ("2.500,75", Some((2500.75, None))),
            ("2.5 billion \u{20AC}", Some((2.5e9, Some("eur")))),
            ("2,5 billion \u{20AC}", Some((2.5e9, Some("eur")))),
            ("15 $", Some((15.0, usd))),
            ("15$", Some((15.0, usd))),
            ("about 15bn $.", Some((15e9, usd))),
            ("3m \u{00A3}", Some((3e6, Some("gbp")))),
            ("100 \u{00A5}", Some((100.0, Some("jpy")))),
            ("500 crore \u{20B9}", Some((5e9, Some("inr")))),
            ("fifteen billion \u{20AC}", Some((15e9, Some("eur")))),
            ("2.500,75 \u{20AC}", Some((2500.75, Some("eur")))),
        ];
        for (input, expected) in typed_only {
            assert_eq!(parse(input), None, "{input:?} is not a deck value");
            let got = parse_typed(input).unwrap_or_else(|| panic!("{input:?} is read"));
            let (value, unit) = expected.expect("read");
            assert!(same_value(got.value, value), "{input:?}: {}", got.value);
            assert_eq!(got.unit.as_deref(), unit, "{input:?}");
        }
    }

    #[test]
    fn respells_misspelt_scale_words() {
        let respelt =
            |text: &str| respell_scales(text).map(|(text, words)| (text, words.join(",")));
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("$15 bilion", Some(("$15 billion", "billion"))),
            ("15 Billon dollars", Some(("15 billion dollars", "billion"))),
            ("15bilion", Some(("15billion", "billion"))),
            ("£4.2 milion", Some(("£4.2 million", "million"))),
            ("4 thousnd", Some(("4 thousand", "thousand"))),
            (
                "5 hundrd milion",
                Some(("5 hundred million", "hundred,million")),
            ),
            ("2 trilion", Some(("2 trillion", "trillion"))),
            ("5 lahk", Some(("5 lakh", "lakh"))),
            ("500 crroe", Some(("500 crore", "crore"))),
            (
                "1 milion and 2 milion",
                Some(("1 million and 2 million", "million")),
            ),
            ("15 billion", None),
            ("15 bn", None),
            ("15m", None),
            ("15 miles", None),
            ("15 troops", None),
            ("fifteen", None),
            ("15 gazillion", None),
            ("", None),
            ("🙂 bilion", Some(("🙂 billion", "billion"))),
        ];
        for (input, expected) in cases {
            assert_eq!(
                respelt(input),
                expected.map(|(t, w)| (t.to_string(), w.to_string())),
                "respell_scales({input:?})"
            );
        }
        // Deck values are never read loosely.
        assert_eq!(parse("$15 bilion"), None);
        assert_eq!(
            parse("15 bilion dollars").and_then(|a| a.unit).as_deref(),
            Some("bilion dollar")
        );
    }

    #[test]
    fn canonical_units() {
        let cases = [
            ("USD", "usd"),
            ("$", "usd"),
            ("US dollars", "usd"),
            ("dollars", "usd"),
            ("€", "eur"),
            ("Euros", "eur"),
            ("%", "percent"),
            ("per cent", "percent"),
            ("kilometres", "km"),
            ("m", "metre"),
            // Short and plural forms of the same unit (QA: `19 min` was another unit).
            ("min", "minute"),
            ("mins", "minute"),
            ("minutes", "minute"),
            ("hrs", "hour"),
            ("kgs", "kg"),
            ("kilo", "kg"),
            ("kilogrammes", "kg"),
            ("kms", "km"),
            ("M", "metre"),
            ("meters", "metre"),
            ("Troops", "troop"),
            ("mi", "mile"),
            ("Miles", "mile"),
            ("mph", "mph"),
            ("miles per hour", "mph"),
            ("km/h", "km/h"),
            ("kph", "km/h"),
            ("aircraft", "aircraft"),
            ("class", "class"),
        ];
        for (input, expected) in cases {
            assert_eq!(canonical_unit(input), expected, "canonical_unit({input:?})");
        }
        assert!(is_currency("usd"));
        assert!(!is_currency("km"));
    }

    /// Renders `find_all` as `text=value unit` items.
    fn check_find(text: &str, expected: &[&str]) {
        let got: Vec<String> = find_all(text)
            .into_iter()
            .map(|(range, a)| match a.unit {
                Some(u) => format!("{}={} {u}", &text[range], a.value),
                None => format!("{}={}", &text[range], a.value),
            })
            .collect();
        assert_eq!(got, expected, "find_all({text:?})");
    }

    #[test]
    fn finds_amounts_in_text() {
        check_find(
            "defense deals reaching over $3 billion (€2.5 billion at today's rate) in 2019",
            &[
                "$3 billion=3000000000 usd",
                "€2.5 billion=2500000000 eur",
                "2019=2019",
            ],
        );
        check_find("March 20, 2021The", &["20=20", "2021=2021"]);
        check_find(
            "a market of 15,000,000,000 dollars",
            &["15,000,000,000 dollars=15000000000 usd"],
        );
        check_find(
            "some fifteen billion people",
            &["fifteen billion=15000000000"],
        );
        check_find(
            "deals worth US$15 billion.",
            &["US$15 billion=15000000000 usd"],
        );
        check_find(
            "Rs 500 crore and INR 5 lakh",
            &["Rs 500 crore=5000000000 inr", "INR 5 lakh=500000 inr"],
        );
        check_find("try 5 times", &["5=5"]);
        check_find(
            "rose 50% to 3.5 million",
            &["50%=50 percent", "3.5 million=3500000"],
        );
        check_find("the A320 and COVID-19", &["19=19"]);
        check_find("a hundred and twenty ships", &["a hundred and twenty=120"]);
        check_find(
            "temperatures of -3 and 2019-2020",
            &["-3=-3", "2019=2019", "2020=2020"],
        );
        check_find("someone said", &[]);
        check_find("", &[]);
        check_find("the 20th of March", &["20th=20"]);
        check_find("$$$ 5", &["$ 5=5 usd"]);
        // A sign after a number is not its currency in free text: it may start the next one.
        check_find(
            "2.5 billion \u{20AC} and 5 $10 notes",
            &["2.5 billion=2500000000", "5=5", "$10=10 usd"],
        );
        // A duration in parts is one amount, never its parts apart (QA: `40 minutes` was
        // stated by `2 hours 40 minutes`).
        check_find(
            "from 2 hours 40 minutes to just 48 minutes, 2 h 40 min, 1 hour and 5 minutes, \
             2 hours 90 minutes",
            &[
                "2 hours 40 minutes=160 minute",
                "48 minutes=48 minute",
                "2 h 40 min=160 minute",
                "1 hour and 5 minutes=65 minute",
                "2 hours=2 hour",
                "90 minutes=90 minute",
            ],
        );
        // A unit joined by a hyphen; `mi` in free text only as miles are written.
        check_find(
            "a 40-minute delay on a 6.4-mile road at 50mph, 3 Mi-17 and a 5-year plan",
            &[
                "40-minute=40 minute",
                "6.4-mile=6.4 mile",
                "50mph=50 mph",
                "3=3",
                "17=17",
                "5=5",
            ],
        );
        check_find(
            "a $15-billion deal and a 3-million-strong army",
            &["$15-billion=15000000000 usd", "3-million=3000000"],
        );
        check_find(
            "two and a half billion people in 2-3 years",
            &["two and a half billion=2500000000", "2=2", "3=3"],
        );
        check_find(
            "a 2½ billion loan, pages 2 1/2",
            &["2½ billion=2500000000", "2=2", "1=1", "2=2"],
        );
        // A decimal comma where the amount says it is one: after a currency sign or before
        // a scale word (QA: a source quoted as `€2,5 million` did not support `€2.5 million`).
        check_find(
            "fell to €2,5 million, then € 1,75 and 3,5bn; pages 2,5 and 7; 2,500 ships",
            &[
                "€2,5 million=2500000 eur",
                "€ 1,75=1.75 eur",
                "3,5bn=3500000000",
                "2=2",
                "5=5",
                "7=7",
                "2,500=2500",
            ],
        );
    }

    #[test]
    fn huge_input_is_bounded() {
        let long = "9".repeat(100_000);
        assert_eq!(parse(&long), None);
        assert_eq!(find_all(&long).len(), 0);
        let words = "one ".repeat(50_000);
        assert_eq!(find_all(&words).len(), 50_000);
        let billions = format!("1 {}", "billion ".repeat(1000));
        assert!(find_all(&billions).len() < 1000);
        assert_eq!(respell_scales(&"bilion ".repeat(1000)), None);
        let respelt = respell_scales(&"bilion ".repeat(100)).map(|(text, _)| text);
        assert_eq!(respelt, Some("billion ".repeat(100)));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = parse(&s);
            let _ = find_all(&s);
        }

        #[test]
        fn parse_never_panics_on_number_like_text(s in "[0-9$€£.,+\\- kmbnKMBlakhcrore%a-z]{0,40}") {
            let _ = parse(&s);
            let _ = find_all(&s);
        }

        /// Skipping words that cannot start an amount finds what trying every word finds.
        #[test]
        fn skipped_words_start_no_amount(
            words in proptest::collection::vec(
                prop_oneof![
                    "[A-Za-z]{1,9}",
                    "(one|Twenty|fifteen|a|an|Rs|US|USD|INR|eur|hundred|million|bn)",
                    "(the|in|for|to|of|Six|TEN|us|u|S|C|A|R|rs|hk|Ca|nz|au|ALL|Try)",
                    "[0-9]{1,4}",
                    "[$€₹.,%\\-]",
                    "[A-Za-zé]{2,6}[0-9]",
                ],
                0..12,
            ),
            // Nothing between two words too (`US` then `$`, `Rs` then `.`).
            separators in proptest::collection::vec("[ \\-]?", 12),
        ) {
            let mut text = String::new();
            for (word, separator) in words.iter().zip(&separators) {
                text.push_str(word);
                text.push_str(separator);
            }
            prop_assert_eq!(find_all_with(&text, true), find_all_with(&text, false), "{:?}", text);
        }

        #[test]
        fn respelling_never_panics(s in any::<String>()) {
            if let Some((text, words)) = respell_scales(&s) {
                prop_assert!(!words.is_empty() && words.len() <= SCALE_WORDS.len());
                prop_assert_ne!(&text, &s);
                let _ = parse(&text);
            }
        }

        #[test]
        fn digits_round_trip(cents in 0u64..10_000_000_000u64) {
            let value = cents as f64 / 100.0;
            let plain = format!("{value}");
            prop_assert!(same_value(parse(&plain).unwrap().value, value));
            let billions = parse(&format!("{value} billion")).unwrap();
            prop_assert!(same_value(billions.value, value * 1e9));
            let money = parse(&format!("${value}bn")).unwrap();
            prop_assert!(same_value(money.value, value * 1e9));
            prop_assert_eq!(money.unit.as_deref(), Some("usd"));
            let whole = cents / 100;
            let grouped = group_thousands(whole);
            prop_assert!(same_value(parse(&grouped).unwrap().value, whole as f64));
            let found = find_all(&format!("about {grouped} euros in 2019"));
            prop_assert!(same_value(found[0].1.value, whole as f64));
            prop_assert_eq!(found[0].1.unit.as_deref(), Some("eur"));
        }

        #[test]
        fn any_float_round_trips(value in 0.0f64..1e15) {
            let plain = format!("{value}");
            prop_assert!(same_value(parse(&plain).unwrap().value, value));
            let money = parse(&format!("US${value} billion")).unwrap();
            prop_assert!(same_value(money.value, value * 1e9));
        }
    }

    fn group_thousands(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}
