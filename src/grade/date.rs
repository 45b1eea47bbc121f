//! Dates, years and weekdays as people write them: `March 20, 2021`, `20 March 2021`,
//! `2021-03-20`, `20/3/2021`, `Mar 20 2021`, `20th of March, 2021`, `2019`, `Saturday`, `sat`.
//!
//! [`parse`] reads a whole answer; [`find_all`] finds every date, year and weekday in free text
//! (evidence excerpts), where a date line may run straight into a word (`March 20, 2021The`).
//! Hand-written: a small tokenizer plus a few patterns, linear in the input.

use std::ops::Range;

use jiff::civil::{Date, Weekday};

use crate::question::DateValue;

/// Longer input is not a date anyone typed: [`parse`] gives up on it at once.
const MAX_PARSE_LEN: usize = 256;

/// Reads a whole answer as a full date, a year or a weekday. `day_first` decides how `3/4/2021`
/// reads; a numeric date that is only valid the other way round (`3/20/2021`) is read that way.
/// A leading weekday (`Saturday, March 20, 2021`) must agree with the date. A month without a
/// day (`March 2021`) is `None`: there is no value for it.
pub fn parse(text: &str, day_first: bool) -> Option<DateValue> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let text = trim_answer(text);
    let tokens = answer_tokens(text);
    let t = tokens.as_slice();
    let (day, k) = leading_weekday(t);
    if let Some(d) = day
        && k == t.len()
    {
        return Some(DateValue::Weekday(d));
    }
    let k = if day.is_some() { skip_fillers(t, k) } else { k };
    if let Some((end, value)) = date_at(t, k, day_first, false)
        && end == t.len()
    {
        return match (day, value) {
            (Some(d), DateValue::Full(date)) if date.weekday() != d => None,
            _ => Some(value),
        };
    }
    if let [
        Token {
            tok:
                Tok::Num {
                    value,
                    digits: 1..=4,
                    ordinal: false,
                },
            ..
        },
    ] = t
    {
        return i16::try_from(*value).ok().map(DateValue::Year);
    }
    None
}

/// Whether `text` is a date in digits (`11/30/2022`) that reads only in the other day order
/// than `day_first` asks: its month in that order is past 12, and in the other it is not. (The
/// readers take it the other way round then, as no other reading is a date.)
pub fn against_order(text: &str, day_first: bool) -> bool {
    let parts: Vec<&str> = text.trim().split(['/', '.', '-']).collect();
    let [a, b, year] = parts[..] else {
        return false;
    };
    let number = |part: &str, digits: &[usize]| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (Some(a), Some(b), Some(_)) = (
        number(a, &[1, 2]),
        number(b, &[1, 2]),
        number(year, &[2, 4]),
    ) else {
        return false;
    };
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    month > 12 && (1..=12).contains(&day)
}

/// A typed answer without the punctuation around it.
fn trim_answer(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\''
            )
    })
}

/// Words before a date that leave it the date it is: "on the 20th of March 2021", "in 2019",
/// "since 1912", "circa 1881", "in the year 1912", "in late 2008", "in spring 2031" (a season
/// with a year is that year, as a month with it is).
const LEADING_WORDS: [&str; 19] = [
    "on", "in", "the", "since", "by", "from", "until", "around", "circa", "year", "early", "mid",
    "late", "during", "spring", "summer", "autumn", "fall", "winter",
];

/// The tokens of a trimmed answer without leading fillers ([`LEADING_WORDS`]).
fn answer_tokens(text: &str) -> Vec<Token<'_>> {
    let tokens = tokenize(text);
    // A filler may be joined to what follows by a hyphen (`mid-2008`).
    let mut fillers = 0;
    while let Some(t) = tokens.get(fillers) {
        match t.tok {
            Tok::Word(w) if is_any(w, &LEADING_WORDS) => fillers += 1,
            Tok::Sep('-') if fillers > 0 => fillers += 1,
            _ => break,
        }
    }
    tokens.into_iter().skip(fillers).collect()
}

/// A day of the week the tokens start with, and the index after it and its `,` or `.`
/// (`Saturday, …`); `(None, 0)` when they do not start with one.
fn leading_weekday(t: &[Token]) -> (Option<Weekday>, usize) {
    let Some(Tok::Word(w)) = t.first().map(|t| t.tok) else {
        return (None, 0);
    };
    let Some(day) = weekday(w) else {
        return (None, 0);
    };
    let after = 1 + t[1..]
        .iter()
        .take_while(|t| matches!(t.tok, Tok::Sep(',' | '.')))
        .count();
    (Some(day), after)
}

/// A typed answer that starts with a day of the week and goes on (`Saturday, 20 March`): the
/// day and the rest of the text (`20 March`); `None` for a weekday alone or no weekday.
pub fn split_weekday(text: &str) -> Option<(Weekday, &str)> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let text = trim_answer(text);
    let tokens = answer_tokens(text);
    match leading_weekday(&tokens) {
        (Some(day), k) if k < tokens.len() => Some((day, &text[tokens[k].range.start..])),
        _ => None,
    }
}

/// A day and month without a year, perhaps after a weekday: `19 March`, `March 19th`, `the
/// 19th of March`, `19/3` (in the order `day_first` says, or the other when only that one is
/// a day), `Saturday 20 March`. Returns the weekday, if any, the month and the day. Only for
/// grading a typed answer: no deck value is a day without a year.
pub fn parse_day_month(text: &str, day_first: bool) -> Option<(Option<Weekday>, i8, i8)> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let tokens = answer_tokens(trim_answer(text));
    let t = tokens.as_slice();
    let (weekday, k) = leading_weekday(t);
    let k = if weekday.is_some() {
        skip_fillers(t, k)
    } else {
        k
    };
    let valid = |month: u32, day: u32| {
        let (month, day) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        // Any year's day: 29 February is one.
        Date::new(2000, month, day).ok().map(|_| (month, day))
    };
    let (end, month, day) = match (t.get(k).map(|t| t.tok), num(t, k)) {
        (Some(Tok::Word(name)), _) => {
            let m = month(name)?;
            let j = skip_fillers(t, k + 1);
            let (d, 1..=2, _) = num(t, j)? else {
                return None;
            };
            let (m, d) = valid(m as u32, d)?;
            (j + 1, m, d)
        }
        (_, Some((a, 1..=2, false)))
            if t.get(k + 1).map(|t| t.tok) == Some(Tok::Sep('/'))
                && t.get(k + 2)
                    .is_some_and(|_| glued(t, k, k + 1) && glued(t, k + 1, k + 2)) =>
        {
            let (b, 1..=2, false) = num(t, k + 2)? else {
                return None;
            };
            let (d, m) = if day_first { (a, b) } else { (b, a) };
            let (m, d) = valid(m, d).or_else(|| valid(d, m))?;
            (k + 3, m, d)
        }
        (_, Some((d, 1..=2, _))) => {
            let j = skip_fillers(t, k + 1);
            let Tok::Word(name) = t.get(j)?.tok else {
                return None;
            };
            let (m, d) = valid(month(name)? as u32, d)?;
            (j + 1, m, d)
        }
        _ => return None,
    };
    (end == t.len()).then_some((weekday, month, day))
}

/// A month and year without a day: `January 1881`, `in Jan. 1881`, `March of 2021`, and the
/// ISO `1881-01`. Returns the month and the year. Only for grading a typed answer: no deck
/// value is a month.
pub fn parse_month_year(text: &str) -> Option<(i8, i16)> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let tokens = answer_tokens(trim_answer(text));
    let t = tokens.as_slice();
    if let (Some((year, 4, false)), Some(Tok::Sep('-')), Some((month @ 1..=12, 2, false)), 3) =
        (num(t, 0), t.get(1).map(|t| t.tok), num(t, 2), t.len())
    {
        return Some((i8::try_from(month).ok()?, i16::try_from(year).ok()?));
    }
    let Some(Tok::Word(name)) = t.first().map(|t| t.tok) else {
        return None;
    };
    let month = month(name)?;
    let y = skip_fillers(t, 1);
    let (year, 4, false) = num(t, y)? else {
        return None;
    };
    (y + 1 == t.len()).then_some((month, i16::try_from(year).ok()?))
}

/// The English name of a day of the week, capitalised.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// Every full date, year and weekday in free text, with its byte range, in order and without
/// overlaps. Years are four-digit numbers from 1000 to 2100 that are not part of a larger
/// number; a month with a year but no day counts as that year; weekdays are found only when
/// written in full (`Saturday`, not `sat`, which is also an English word). A range of days in
/// one month (`12–13 January 1881`, `12 to 13 January 1881`, `January 12-13, 1881`) gives both
/// its dates: the first day (`12`, or `January 12`) and the rest (`13 January 1881`).
pub fn find_all(text: &str, day_first: bool) -> Vec<(Range<usize>, DateValue)> {
    let t = tokenize(text);
    let mut found = Vec::new();
    let mut k = 0;
    while k < t.len() {
        if starts_cleanly(&t, k)
            && let Some((end, value)) = date_at(&t, k, day_first, true)
        {
            found.push((t[k].range.start..t[end - 1].range.end, value));
            k = end;
            continue;
        }
        if starts_cleanly(&t, k)
            && let Some((end, [first, last])) = day_range_at(&t, k)
        {
            found.push(first);
            found.push(last);
            k = end;
            continue;
        }
        match t[k].tok {
            Tok::Word(w) => {
                if let Some(day) = full_weekday(w) {
                    found.push((t[k].range.clone(), DateValue::Weekday(day)));
                }
            }
            Tok::Num {
                value,
                digits: 4,
                ordinal: false,
            } if (1000..=2100).contains(&value)
                && starts_cleanly(&t, k)
                && !continues_number(&t, k) =>
            {
                if let Ok(year) = i16::try_from(value) {
                    found.push((t[k].range.clone(), DateValue::Year(year)));
                }
            }
            _ => {}
        }
        k += 1;
    }
    found
}

/// An English weekday name, full or abbreviated (`sat`, `tues`, `thurs`, `weds`), any case.
pub fn weekday(word: &str) -> Option<Weekday> {
    let word = word.trim().trim_end_matches('.');
    if word.eq_ignore_ascii_case("weds") {
        return Some(Weekday::Wednesday);
    }
    WEEKDAYS
        .iter()
        .find(|(name, _)| is_abbreviation(word, name))
        .map(|(_, day)| *day)
}

/// An English month name, full or abbreviated (`mar`, `sept`), any case: its number.
pub fn month(word: &str) -> Option<i8> {
    MONTHS
        .iter()
        .position(|name| is_abbreviation(word, name))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// The day of the week a misspelt name is closest to ("Saturdya", "wendesday"): one word that
/// is not a day's name or abbreviation, within the typos allowed for the name, and closer to
/// that day than to any other. Only for grading a typed answer: dates are never read loosely.
pub fn misspelt_weekday(typed: &str) -> Option<Weekday> {
    let word = super::text::normalize(typed);
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    super::text::unique_nearest(WEEKDAYS, |(name, _)| {
        super::text::typo_distance(&word, name, super::text::allowed_edits(name.len()))
    })
    .map(|(_, day)| day)
}

/// `text` with its misspelt month names respelt (`19 Marhc 1932` → `19 march 1932`), or
/// `None` when it has none. A word is a misspelt month when it is at least four letters long,
/// is no month's name or abbreviation, and is within the typos allowed for the name of exactly
/// one month. Only for grading a typed answer: [`parse`] never reads a month loosely.
pub fn respell_months(text: &str) -> Option<String> {
    if text.len() > MAX_PARSE_LEN {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut copied = 0;
    for token in tokenize(text) {
        let Tok::Word(word) = token.tok else {
            continue;
        };
        if let Some(name) = misspelt_month(word) {
            out.push_str(&text[copied..token.range.start]);
            out.push_str(name);
            copied = token.range.end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The month name a word misspells (see [`respell_months`]).
fn misspelt_month(word: &str) -> Option<&'static str> {
    // No month name is longer than nine letters, nor two typos more.
    if !(4..=11).contains(&word.chars().count()) || month(word).is_some() {
        return None;
    }
    let word = super::text::normalize(word);
    let mut near = MONTHS.iter().filter(|name| {
        super::text::typo_distance(&word, name, super::text::allowed_edits(name.len())).is_some()
    });
    match (near.next(), near.next()) {
        (Some(name), None) => Some(name),
        _ => None,
    }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// The months' names in full, lowercase, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `word` is `name` or a prefix of it at least three letters long, any case.
fn is_abbreviation(word: &str, name: &str) -> bool {
    word.len() >= 3
        && word.len() <= name.len()
        && name.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

fn full_weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, day)| *day)
}

fn is_any(word: &str, options: &[&str]) -> bool {
    options.iter().any(|o| o.eq_ignore_ascii_case(word))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok<'a> {
    /// ASCII digits (the value saturates), maybe with an ordinal suffix (`20th`).
    Num {
        value: u32,
        digits: usize,
        ordinal: bool,
    },
    /// A run of letters.
    Word(&'a str),
    /// Any other character but whitespace.
    Sep(char),
}

#[derive(Clone, Debug, PartialEq)]
struct Token<'a> {
    tok: Tok<'a>,
    range: Range<usize>,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let start = i;
        let tok = if c.is_ascii_digit() {
            let mut value: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            let digits = i - start;
            let letters = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let suffix = &text[i..i + letters];
            let ordinal = letters == 2
                && is_any(suffix, &["st", "nd", "rd", "th"])
                && !text[i + 2..].starts_with(char::is_alphabetic);
            if ordinal {
                i += 2;
            }
            Tok::Num {
                value,
                digits,
                ordinal,
            }
        } else if c.is_alphabetic() {
            let len = text[i..]
                .find(|ch: char| !ch.is_alphabetic())
                .unwrap_or(text.len() - i);
            i += len;
            Tok::Word(&text[start..i])
        } else {
            i += c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            Tok::Sep(c)
        };
        tokens.push(Token {
            tok,
            range: start..i,
        });
    }
    tokens
}

/// `t[a]` ends exactly where `t[b]` starts.
fn glued(t: &[Token], a: usize, b: usize) -> bool {
    t[a].range.end == t[b].range.start
}

/// Skips up to three optional separators (`,` `.` `-` `/`) and filler words (`of`, `the`).
fn skip_fillers(t: &[Token], mut k: usize) -> usize {
    for _ in 0..3 {
        match t.get(k).map(|t| t.tok) {
            Some(Tok::Sep(',' | '.' | '-' | '/')) => k += 1,
            Some(Tok::Word(w)) if is_any(w, &["of", "the"]) => k += 1,
            _ => break,
        }
    }
    k
}

/// A date pattern starting at token `k`: the index after it and its value.
fn date_at(t: &[Token], k: usize, day_first: bool, find: bool) -> Option<(usize, DateValue)> {
    numeric(t, k, day_first)
        .or_else(|| day_month_year(t, k, find))
        .or_else(|| month_day_year(t, k, find))
}

fn num(t: &[Token], k: usize) -> Option<(u32, usize, bool)> {
    match t.get(k)?.tok {
        Tok::Num {
            value,
            digits,
            ordinal,
        } => Some((value, digits, ordinal)),
        _ => None,
    }
}

fn full(year: u32, month: u32, day: u32) -> Option<DateValue> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok().map(DateValue::Full)
}

/// One found date: its byte range and value.
type Found = (Range<usize>, DateValue);

/// A range of days in one month starting at token `k`, in free text: `12–13 January 1881`,
/// `12-13 January 1881`, `12 to 13 January 1881`, `January 12–13, 1881`, the first day before
/// the last. The index after it, and its first and last dates with their ranges.
fn day_range_at(t: &[Token], k: usize) -> Option<(usize, [Found; 2])> {
    let span = |a: usize, b: usize| t[a].range.start..t[b].range.end;
    let (first, last, end, [first_range, last_range]) = match t.get(k)?.tok {
        // `January 12–13, 1881`
        Tok::Word(name) => {
            // The cheap tests first: most words of free text are followed by no range.
            let d = skip_fillers(t, k + 1);
            let (first, 1..=2, _) = num(t, d)? else {
                return None;
            };
            let l = range_dash(t, d + 1)?;
            let month = month(name)?;
            let (last, 1..=2, _) = num(t, l)? else {
                return None;
            };
            let y = skip_fillers(t, l + 1);
            let (year, 4, false) = num(t, y)? else {
                return None;
            };
            let last = full(year, month as u32, last)?;
            (first, last, y + 1, [span(k, d), span(l, y)])
        }
        // `12–13 January 1881`
        Tok::Num { .. } => {
            let (first, 1..=2, _) = num(t, k)? else {
                return None;
            };
            let l = range_dash(t, k + 1)?;
            let (end, last) = day_month_year(t, l, true)?;
            (first, last, end, [span(k, k), span(l, end - 1)])
        }
        Tok::Sep(_) => return None,
    };
    let DateValue::Full(last) = last else {
        return None;
    };
    let first = full(last.year() as u32, last.month() as u32, first)?;
    match first {
        DateValue::Full(d) if d < last => Some((
            end,
            [(first_range, first), (last_range, DateValue::Full(last))],
        )),
        _ => None,
    }
}

/// The token after what joins the two days of a range at `k`: a hyphen or dash (`12–13`,
/// `12 - 13`) or `to`.
fn range_dash(t: &[Token], k: usize) -> Option<usize> {
    match t.get(k)?.tok {
        Tok::Sep('-' | '\u{2013}' | '\u{2014}') => Some(k + 1),
        Tok::Word(w) if w.eq_ignore_ascii_case("to") => Some(k + 1),
        _ => None,
    }
}

/// `2021-03-20`, `20/3/2021`, `3.20.2021`, `20/3/21`, all glued together.
fn numeric(t: &[Token], k: usize, day_first: bool) -> Option<(usize, DateValue)> {
    let (a, da, false) = num(t, k)? else {
        return None;
    };
    let Tok::Sep(sep @ ('-' | '/' | '.')) = t.get(k + 1)?.tok else {
        return None;
    };
    let (b, db, false) = num(t, k + 2)? else {
        return None;
    };
    if t.get(k + 3)?.tok != Tok::Sep(sep) {
        return None;
    }
    let (c, dc, false) = num(t, k + 4)? else {
        return None;
    };
    if !(glued(t, k, k + 1)
        && glued(t, k + 1, k + 2)
        && glued(t, k + 2, k + 3)
        && glued(t, k + 3, k + 4))
    {
        return None;
    }
    let value = if da == 4 && db <= 2 && dc <= 2 {
        full(a, b, c)
    } else if da <= 2 && db <= 2 && (dc == 4 || dc == 2) {
        let year = match (dc, c) {
            (2, 0..=69) => 2000 + c,
            (2, _) => 1900 + c,
            _ => c,
        };
        let (day, month) = if day_first { (a, b) } else { (b, a) };
        full(year, month, day).or_else(|| full(year, day, month))
    } else {
        None
    }?;
    Some((k + 5, value))
}

/// A year of a date with its month's name: four digits, or in a typed answer (not `find`)
/// two (`2 Sep 24`, `Sep 2 '24`: in the century asked, as for `2/9/24`).
fn year_after_month(t: &[Token], k: usize, find: bool) -> Option<(usize, u32)> {
    let k = match t.get(k)?.tok {
        Tok::Sep('\'' | '\u{2019}') if !find => k + 1,
        _ => k,
    };
    match num(t, k)? {
        (year, 4, false) => Some((k + 1, year)),
        (year, 2, false) if !find && t.get(k + 1).is_none() => {
            Some((k + 1, if year <= 69 { 2000 + year } else { 1900 + year }))
        }
        _ => None,
    }
}

/// `20 March 2021`, `20th of March, 2021`, `20-Mar-2021`.
fn day_month_year(t: &[Token], k: usize, find: bool) -> Option<(usize, DateValue)> {
    let (day, 1..=2, _) = num(t, k)? else {
        return None;
    };
    let j = skip_fillers(t, k + 1);
    let Tok::Word(name) = t.get(j)?.tok else {
        return None;
    };
    let month = month(name)?;
    let j = skip_fillers(t, j + 1);
    let (end, year) = year_after_month(t, j, find)?;
    Some((end, full(year, month as u32, day)?))
}

/// `March 20, 2021`, `Mar. 20th 2021`; in free text also `March 2021` (as the year).
fn month_day_year(t: &[Token], k: usize, find: bool) -> Option<(usize, DateValue)> {
    let Tok::Word(name) = t.get(k)?.tok else {
        return None;
    };
    let month = month(name)?;
    let j = skip_fillers(t, k + 1);
    match num(t, j)? {
        (day, 1..=2, _) => {
            let y = skip_fillers(t, j + 1);
            let (end, year) = year_after_month(t, y, find)?;
            Some((end, full(year, month as u32, day)?))
        }
        (year, 4, false) if find => Some((j + 1, DateValue::Year(i16::try_from(year).ok()?))),
        _ => None,
    }
}

/// Token `k` does not continue what comes before it: not glued to letters (`A320`), a
/// currency sign (`$2019`) or a number's separator (`1,2019`, `3.2019`).
fn starts_cleanly(t: &[Token], k: usize) -> bool {
    if k == 0 || !glued(t, k - 1, k) {
        return true;
    }
    match t[k - 1].tok {
        Tok::Word(_) => !matches!(t[k].tok, Tok::Num { .. }),
        Tok::Num { .. } => false,
        Tok::Sep(',' | '.') => {
            !(k >= 2 && glued(t, k - 2, k - 1) && matches!(t[k - 2].tok, Tok::Num { .. }))
        }
        Tok::Sep(c) => !(c.is_alphanumeric() || is_money_sign(c)),
    }
}

/// Number `k` goes on as a bigger number: `2019,000` or `2019.5` or `2019%`.
fn continues_number(t: &[Token], k: usize) -> bool {
    let Some(next) = t.get(k + 1) else {
        return false;
    };
    if !glued(t, k, k + 1) {
        return false;
    }
    match next.tok {
        Tok::Sep('%') => true,
        Tok::Sep(',' | '.') => t
            .get(k + 2)
            .is_some_and(|n| matches!(n.tok, Tok::Num { .. }) && glued(t, k + 1, k + 2)),
        _ => false,
    }
}

fn is_money_sign(c: char) -> bool {
    matches!(c, '$' | '\u{20AC}' | '\u{00A3}' | '\u{00A5}' | '\u{20B9}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn full_date(y: i16, m: i8, d: i8) -> Option<DateValue> {
        Some(DateValue::Full(date(y, m, d)))
    }

    fn check(input: &str, day_first: bool, expected: Option<DateValue>) {
        assert_eq!(
            parse(input, day_first),
            expected,
            "parse({input:?}, {day_first})"
        );
    }

    #[test]
    fn parses_what_people_write() {
        let march20 = full_date(2021, 3, 20);
        let cases = [
            ("March 20, 2021", true, march20),
            ("march 20 2021", true, march20),
            ("20 March 2021", true, march20),
            ("2021-03-20", true, march20),
            ("2021/3/20", false, march20),
            ("20/3/2021", true, march20),
            ("3/20/2021", false, march20),
            ("3/20/2021", true, march20),
            ("20.03.2021", true, march20),
            ("20-03-2021", true, march20),
            ("20/3/21", true, march20),
            ("3/4/2021", true, full_date(2021, 4, 3)),
            ("3/4/2021", false, full_date(2021, 3, 4)),
            ("Mar 20 2021", true, march20),
            ("Mar. 20, 2021", true, march20),
            ("Sept 1 2021", true, full_date(2021, 9, 1)),
            ("20th March 2021", true, march20),
            ("20th of March, 2021", true, march20),
            ("the 20th of March 2021", true, march20),
            ("on 20 March 2021", true, march20),
            ("in 2019", true, Some(DateValue::Year(2019))),
            ("since 1912", true, Some(DateValue::Year(1912))),
            ("By 1912.", true, Some(DateValue::Year(1912))),
            ("from 1912", true, Some(DateValue::Year(1912))),
            ("until 1912", true, Some(DateValue::Year(1912))),
            ("around 1912", true, Some(DateValue::Year(1912))),
            ("circa 1912", true, Some(DateValue::Year(1912))),
            ("in the year 1912", true, Some(DateValue::Year(1912))),
            ("in late 1912", true, Some(DateValue::Year(1912))),
            ("early 1912", true, Some(DateValue::Year(1912))),
            ("mid-1912", true, Some(DateValue::Year(1912))),
            ("spring 1912", true, Some(DateValue::Year(1912))),
            ("in the autumn 1912", true, Some(DateValue::Year(1912))),
            ("since the 20th of March 2021", true, march20),
            (
                "by Saturday",
                true,
                Some(DateValue::Weekday(Weekday::Saturday)),
            ),
            ("since", true, None),
            ("ever since 1912", true, None),
            ("since 1912 or so", true, None),
            ("c. 1912", true, None),
            ("20-Mar-2021", true, march20),
            ("March 20th, 2021.", true, march20),
            ("Saturday, March 20, 2021", true, march20),
            ("Sunday, March 20, 2021", true, None),
            ("2019", true, Some(DateValue::Year(2019))),
            (" 2019. ", true, Some(DateValue::Year(2019))),
            ("800", true, Some(DateValue::Year(800))),
            (
                "Saturday",
                true,
                Some(DateValue::Weekday(Weekday::Saturday)),
            ),
            ("sat", true, Some(DateValue::Weekday(Weekday::Saturday))),
            ("Sat.", true, Some(DateValue::Weekday(Weekday::Saturday))),
            (
                "SATURDAY",
                true,
                Some(DateValue::Weekday(Weekday::Saturday)),
            ),
            ("weds", true, Some(DateValue::Weekday(Weekday::Wednesday))),
            ("thurs", true, Some(DateValue::Weekday(Weekday::Thursday))),
            ("sa", true, None),
            ("saturdays", true, None),
            ("February 30, 2021", true, None),
            ("2021-02-29", true, None),
            ("2020-02-29", true, full_date(2020, 2, 29)),
            ("March 2021", true, None),
            ("March 20", true, None),
            ("20 3 2021", true, None),
            ("13/13/2021", true, None),
            ("32019", true, None),
            ("20th", true, None),
            ("", true, None),
            ("   ", true, None),
            ("yesterday", true, None),
            ("2021-03-20 and more", true, None),
        ];
        for (input, day_first, expected) in cases {
            check(input, day_first, expected);
        }
    }

    fn check_find(text: &str, expected: &[&str]) {
        let got: Vec<String> = find_all(text, true)
            .into_iter()
            .map(|(range, value)| {
                let shown = match value {
                    DateValue::Full(d) => d.to_string(),
                    DateValue::Year(y) => y.to_string(),
                    DateValue::Weekday(w) => format!("{w:?}"),
                };
                format!("{}={shown}", &text[range])
            })
            .collect();
        assert_eq!(got, expected, "find_all({text:?})");
    }

    #[test]
    fn finds_dates_in_text() {
        check_find("in 2019", &["2019=2019"]);
        check_find("on Saturday", &["Saturday=Saturday"]);
        check_find("March 20, 2021The", &["March 20, 2021=2021-03-20"]);
        check_find(
            "On Saturday, March 20, 2021, Austin met Singh.",
            &["Saturday=Saturday", "March 20, 2021=2021-03-20"],
        );
        check_find("signed on 20/3/2021 in Delhi", &["20/3/2021=2021-03-20"]);
        check_find("published 2021-03-20T10:00", &["2021-03-20=2021-03-20"]);
        check_find(
            "in March 2021 and 2019-2020",
            &["March 2021=2021", "2019=2019", "2020=2020"],
        );
        check_find("$2019 and 2,019,000 and 2019.5 and 2019% and A2019", &[]);
        check_find("3 billion in 15 deals", &[]);
        check_find("they sat down on sat", &[]);
        check_find(
            "the 20th of March, 2021",
            &["20th of March, 2021=2021-03-20"],
        );
        check_find("", &[]);
    }

    #[test]
    fn finds_both_ends_of_a_range_of_days() {
        let storm = ["12=1881-01-12", "13 January 1881=1881-01-13"];
        check_find(
            "During the great storm of 12\u{2013}13 January 1881",
            &storm,
        );
        check_find("the storm of 12-13 January 1881.", &storm);
        check_find("12 to 13 January 1881", &storm);
        check_find("12 \u{2013} 13 January 1881", &storm);
        check_find("12\u{2014}13 January 1881", &storm);
        check_find(
            "12th\u{2013}13th of January, 1881",
            &["12th=1881-01-12", "13th of January, 1881=1881-01-13"],
        );
        check_find(
            "the storm of January 12\u{2013}13, 1881 ",
            &["January 12=1881-01-12", "13, 1881=1881-01-13"],
        );
        check_find(
            "Jan. 12-13 1881",
            &["Jan. 12=1881-01-12", "13 1881=1881-01-13"],
        );
        check_find(
            "on 1 to 13 March 2021, Saturday",
            &[
                "1=2021-03-01",
                "13 March 2021=2021-03-13",
                "Saturday=Saturday",
            ],
        );
        // Not a range of days: only what was found before.
        check_find("13-12 January 1881", &["12 January 1881=1881-01-12"]);
        check_find("12-12 January 1881", &["12 January 1881=1881-01-12"]);
        check_find("30-31 February 1881", &["February 1881=1881"]);
        check_find("0-13 January 1881", &["13 January 1881=1881-01-13"]);
        check_find("A12-13 January 1881", &["13 January 1881=1881-01-13"]);
        check_find("1.12-13 January 1881", &["13 January 1881=1881-01-13"]);
        check_find("112-13 January 1881", &["13 January 1881=1881-01-13"]);
        check_find("12-13-1881", &["12-13-1881=1881-12-13"]);
        check_find("12-13/1/1881", &["13/1/1881=1881-01-13"]);
        check_find("12 and 13 January 1881", &["13 January 1881=1881-01-13"]);
        check_find("January 12-13", &[]);
        check_find("January 12-13, 81", &[]);
        check_find("12-13 January", &[]);
        check_find("pages 12-13", &[]);
        check_find(
            "in 2019-2020 and 1999 to 2001",
            &["2019=2019", "2020=2020", "1999=1999", "2001=2001"],
        );
        // A range found in a long text is found in linear time.
        let long = "12\u{2013}13 January 1881, ".repeat(10_000);
        assert_eq!(find_all(&long, true).len(), 20_000);
    }

    #[test]
    fn reads_a_day_and_month_without_a_year() {
        use Weekday::Saturday;
        let cases = [
            ("19 March", true, Some((None, 3, 19))),
            ("March 19", true, Some((None, 3, 19))),
            ("march 19th.", true, Some((None, 3, 19))),
            ("the 19th of March", true, Some((None, 3, 19))),
            ("on 19 Mar", true, Some((None, 3, 19))),
            ("Saturday, 19 March", true, Some((Some(Saturday), 3, 19))),
            ("sat the 19th of March", true, Some((Some(Saturday), 3, 19))),
            ("19/3", true, Some((None, 3, 19))),
            ("3/19", true, Some((None, 3, 19))),
            ("3/4", true, Some((None, 4, 3))),
            ("3/4", false, Some((None, 3, 4))),
            ("29 February", true, Some((None, 2, 29))),
            ("30 February", true, None),
            ("13/13", true, None),
            ("3 / 4", true, None),
            ("3.4", true, None),
            ("19 March 1932", true, None),
            ("March 1932", true, None),
            ("March", true, None),
            ("19", true, None),
            ("Saturday", true, None),
            ("", true, None),
            ("19 March and more", true, None),
        ];
        for (input, day_first, expected) in cases {
            assert_eq!(
                parse_day_month(input, day_first),
                expected,
                "parse_day_month({input:?}, {day_first})"
            );
        }
        assert_eq!(
            split_weekday("Saturday, 20 March"),
            Some((Saturday, "20 March"))
        );
        assert_eq!(split_weekday("on Sat 2021."), Some((Saturday, "2021")));
        assert_eq!(split_weekday("Saturday"), None);
        assert_eq!(split_weekday("Saturday, "), None);
        assert_eq!(split_weekday("20 March"), None);
        assert_eq!(weekday_name(Saturday), "Saturday");
    }

    #[test]
    fn reads_a_month_and_year() {
        let cases = [
            ("January 1881", Some((1, 1881))),
            ("in Jan. 1881", Some((1, 1881))),
            ("since March of 2021.", Some((3, 2021))),
            ("Sept, 1912", Some((9, 1912))),
            ("12 January 1881", None),
            ("January 12, 1881", None),
            ("January", None),
            ("1881", None),
            ("January 81", None),
            ("Janu 1881", Some((1, 1881))),
            ("Jnauary 1881", None),
            ("January 1881 and more", None),
            ("Saturday January 1881", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_month_year(input),
                expected,
                "parse_month_year({input:?})"
            );
        }
    }

    #[test]
    fn respells_misspelt_months() {
        let cases = [
            ("19 Marhc 1932", Some("19 march 1932")),
            ("Marhc 19, 1932", Some("march 19, 1932")),
            ("19 MARHC 1932", Some("19 march 1932")),
            ("19 Febuary 1932", Some("19 february 1932")),
            ("19 Setpember 1932", Some("19 september 1932")),
            ("Juen 1932", Some("june 1932")),
            ("19 Marhc to 20 Aprli", Some("19 march to 20 april")),
            // Within one typo of June and of July: which one is not known.
            ("19 Jule 1932", None),
            // A month's name or abbreviation, or too short to tell.
            ("19 March 1932", None),
            ("19 Sept 1932", None),
            ("19 Mra 1932", None),
            ("19 Mya 1932", None),
            ("Saturday", None),
            ("since 1932", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                respell_months(input).as_deref(),
                expected,
                "respell_months({input:?})"
            );
        }
        // Deck values are never read loosely.
        assert_eq!(parse("19 Marhc 1932", true), None);
        assert_eq!(respell_months(&"Marhc ".repeat(1000)), None);
    }

    #[test]
    fn weekdays_and_months() {
        assert_eq!(weekday("Tues"), Some(Weekday::Tuesday));
        assert_eq!(weekday("mo"), None);
        assert_eq!(month("Sept"), Some(9));
        assert_eq!(month("dec"), Some(12));
        assert_eq!(month("decision"), None);
        assert_eq!(month("ma"), None);
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), day_first in any::<bool>()) {
            let _ = parse(&s, day_first);
            let _ = find_all(&s, day_first);
            let _ = parse_day_month(&s, day_first);
            let _ = parse_month_year(&s);
            let _ = respell_months(&s);
            let _ = split_weekday(&s);
        }

        #[test]
        fn iso_round_trips(days in 0i32..100_000) {
            let d = date(1800, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            prop_assert_eq!(parse(&d.to_string(), true), Some(DateValue::Full(d)));
            let written = format!("{} {}, {}", MONTHS[d.month() as usize - 1], d.day(), d.year());
            prop_assert_eq!(parse(&written, false), Some(DateValue::Full(d)));
        }
    }
}
