//! The `[value](type)` answer-span markup of fact texts.
//!
//! `On [Saturday](day) [Lloyd Austin](person) met ...` is plain text with two answer spans.
//! `\[` and `\]` are literal brackets, in plain text and in values; every other `[` or `]`
//! must belong to a span, so a typo (`[86] (number)`, `[86]people`, a stray `]`, a `[` inside
//! a span) is a located mistake rather than markup shown to learners.
//! Hand-written because it is a tiny grammar whose error positions must point into the deck.

use std::cell::OnceCell;
use std::ops::Range;

use serde::Serialize;

/// What an answer span names; decides how it is graded and which distractors fit it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanType {
    Person,
    Place,
    Org,
    Country,
    Thing,
    Number,
    Money,
    Date,
    Year,
    Day,
}

impl SpanType {
    pub const ALL: [SpanType; 10] = [
        SpanType::Person,
        SpanType::Place,
        SpanType::Org,
        SpanType::Country,
        SpanType::Thing,
        SpanType::Number,
        SpanType::Money,
        SpanType::Date,
        SpanType::Year,
        SpanType::Day,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SpanType::Person => "person",
            SpanType::Place => "place",
            SpanType::Org => "org",
            SpanType::Country => "country",
            SpanType::Thing => "thing",
            SpanType::Number => "number",
            SpanType::Money => "money",
            SpanType::Date => "date",
            SpanType::Year => "year",
            SpanType::Day => "day",
        }
    }

    pub fn from_name(name: &str) -> Option<SpanType> {
        SpanType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The type an author likely meant by another word for it (`organisation`, `city`,
    /// `weekday`), for a did-you-mean.
    pub fn meant_by(word: &str) -> Option<SpanType> {
        let word = word.trim().to_ascii_lowercase();
        let meant = match word.trim_end_matches('s') {
            "people" | "name" | "who" | "human" | "individual" => SpanType::Person,
            "location" | "city" | "town" | "village" | "region" | "site" | "where" | "port"
            | "area" | "capital" => SpanType::Place,
            "organisation" | "organization" | "company" | "institution" | "agency" | "group"
            | "party" | "body" | "firm" => SpanType::Org,
            "nation" | "nationality" => SpanType::Country,
            "object" | "item" | "concept" | "term" | "text" | "word" | "what" => SpanType::Thing,
            "count" | "amount" | "quantity" | "integer" | "int" | "percent" | "percentage"
            | "num" | "figure" | "measure" => SpanType::Number,
            "price" | "cost" | "currency" | "sum" => SpanType::Money,
            "when" | "time" | "datetime" | "full-date" => SpanType::Date,
            "weekday" | "dayofweek" | "day-of-week" => SpanType::Day,
            _ => return None,
        };
        Some(meant)
    }

    /// Names are graded as text, with rivals; the rest are parsed.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            SpanType::Person
                | SpanType::Place
                | SpanType::Org
                | SpanType::Country
                | SpanType::Thing
        )
    }
}

/// One answer span of a fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub value: String,
    pub ty: SpanType,
    /// Byte range of the whole `[value](type)` in the fact text.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// A piece of a parsed fact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Span(Span),
}

/// A markup mistake, with the byte range in the fact text it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// Splits a fact text into plain text and spans. Reports every mistake, not only the first.
pub fn parse(text: &str) -> Result<Vec<Segment>, Vec<MarkupError>> {
    // Each `[` may open a span with text after it: sized once, as every fact is parsed.
    let brackets = memchr::memchr_iter(b'[', text.as_bytes()).count();
    let mut segments = Vec::with_capacity(2 * brackets + 1);
    let mut errors = Vec::new();
    let mut plain = String::new();
    // The brackets' pairs, worked out once and only when a `[` is found inside another.
    let pairs = OnceCell::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'[' | b']')) => {
                plain.push(bytes[i + 1] as char);
                i += 2;
                continue;
            }
            b'[' => {
                match parse_span(text, i, &pairs) {
                    Ok((span, end)) => {
                        if !plain.is_empty() {
                            segments.push(Segment::Text(std::mem::take(&mut plain)));
                        }
                        segments.push(Segment::Span(span));
                        i = end;
                    }
                    Err((error, end)) => {
                        errors.push(error);
                        i = end;
                    }
                }
                continue;
            }
            b']' => {
                errors.push(stray_close(text, i));
                i += 1;
                continue;
            }
            _ => {}
        }
        // Plain text up to the next bracket or backslash (after this byte, which may be a
        // backslash): copied as one piece, not char by char, since loading a deck parses every
        // fact text.
        let run =
            1 + memchr::memchr3(b'[', b']', b'\\', &bytes[i + 1..]).unwrap_or(text.len() - i - 1);
        plain.push_str(&text[i..i + run]);
        i += run;
    }
    if !plain.is_empty() {
        segments.push(Segment::Text(plain));
    }
    if errors.is_empty() {
        Ok(segments)
    } else {
        Err(errors)
    }
}

type SpanResult = Result<(Span, usize), (MarkupError, usize)>;

/// How a literal bracket is written in a deck's (RON) string.
const LITERAL: &str = "`\\\\[`/`\\\\]` for a literal bracket";

/// Parses `[value](type)` starting at `start` (a `[`), giving the span and where it ends, or
/// the mistake and where to read on.
fn parse_span(text: &str, start: usize, pairs: &OnceCell<Vec<Pair>>) -> SpanResult {
    let bytes = text.as_bytes();
    let Some(close) = next_bracket(bytes, start + 1) else {
        return Err((unclosed(start), start + 1));
    };
    if bytes[close] == b'[' {
        return Err(nested(text, start, close, pairs));
    }
    if !text[close + 1..].starts_with('(') {
        return Err((not_a_span(text, start, close), close + 1));
    }
    let value = unescape(&text[start + 1..close]);
    let ty_start = close + 2;
    let Some(ty_end) = text[ty_start..].find(')').map(|p| ty_start + p) else {
        return Err((
            MarkupError {
                range: start..text.len(),
                message: "unclosed span type: `(` has no matching `)`".into(),
                help: Some("write spans as `[value](type)`".into()),
            },
            text.len(),
        ));
    };
    let ty_name = text[ty_start..ty_end].trim();
    // `[Lloyd Austin](person met [Rajnath Singh](person)`: the `)` after the type is missing,
    // and the next `)` closes another span. The type is the first word; read on after it.
    if ty_name.contains(char::is_whitespace) || ty_name.contains('[') {
        let word = ty_name
            .split(|c: char| c.is_whitespace() || c == '[')
            .next()
            .unwrap_or_default();
        let word_end =
            ty_start + (text[ty_start..].len() - text[ty_start..].trim_start().len()) + word.len();
        return Err((
            MarkupError {
                range: start..word_end,
                message: "unclosed span type: `(` has no matching `)`".into(),
                help: Some(format!("close the type: `[{value}]({word})`")),
            },
            word_end,
        ));
    }
    let range = start..ty_end + 1;
    if value.trim().is_empty() {
        return Err((
            MarkupError {
                range,
                message: "empty answer span".into(),
                help: Some("put the answer between the brackets: `[Rajnath Singh](person)`".into()),
            },
            ty_end + 1,
        ));
    }
    if value.trim() != value {
        return Err((
            MarkupError {
                range,
                message: format!("answer span `{value}` starts or ends with a space"),
                help: Some("keep spaces outside the brackets".into()),
            },
            ty_end + 1,
        ));
    }
    let Some(ty) = SpanType::from_name(ty_name) else {
        let names: Vec<&str> = SpanType::ALL.iter().map(|t| t.name()).collect();
        let suggestion = crate::diagnostic::closest(ty_name, &names)
            .or_else(|| SpanType::meant_by(ty_name).map(SpanType::name))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err((
            MarkupError {
                range: ty_start..ty_end,
                message: format!("unknown span type `{ty_name}`"),
                help: Some(format!("{suggestion}valid types: {}", names.join(", "))),
            },
            ty_end + 1,
        ));
    };
    let end = range.end;
    Ok((Span { value, ty, range }, end))
}

/// The first `[` or `]` at or after `from` that is not escaped.
fn next_bracket(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let at = from + memchr::memchr3(b'[', b']', b'\\', bytes.get(from..)?)?;
        if bytes[at] != b'\\' {
            return Some(at);
        }
        from = at + 1 + usize::from(matches!(bytes.get(at + 1), Some(b'[' | b']')));
    }
}

/// An unescaped `[` and its matching `]`, if it has one.
type Pair = (usize, Option<usize>);

/// Every unescaped `[` of the text, in order, with its matching `]`.
fn bracket_pairs(bytes: &[u8]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    let mut open = Vec::new();
    let mut from = 0;
    while let Some(at) = next_bracket(bytes, from) {
        if bytes[at] == b'[' {
            open.push(pairs.len());
            pairs.push((at, None));
        } else if let Some(k) = open.pop() {
            pairs[k].1 = Some(at);
        }
        from = at + 1;
    }
    pairs
}

/// A span's value as learners read it: `\[` and `\]` are brackets.
fn unescape(value: &str) -> String {
    if value.contains('\\') {
        value.replace("\\[", "[").replace("\\]", "]")
    } else {
        value.to_string()
    }
}

/// `text` as written in a deck's string with every bracket escaped (`\\[`), those escaped
/// already too.
fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('[' | ']')) {
            continue;
        }
        if matches!(c, '[' | ']') {
            out.push_str("\\\\");
        }
        out.push(c);
    }
    out
}

/// A `[` with no `]` after it.
fn unclosed(start: usize) -> MarkupError {
    MarkupError {
        range: start..start + 1,
        message: "unclosed answer span: `[` has no matching `]`".into(),
        help: Some(format!("write spans as `[value](type)`, or {LITERAL}")),
    }
}

/// `[value]` at `start..=close` that is not followed by `(type)`: `[86] (number)`, `[86]people`.
fn not_a_span(text: &str, start: usize, close: usize) -> MarkupError {
    let shown = &text[start..=close];
    let value = escape_brackets(&text[start + 1..close]);
    let after = &text[close + 1..];
    let rest = after.trim_start_matches([' ', '\t']);
    let literal = format!("`\\\\[{value}\\\\]`");
    if rest.len() < after.len() && rest.starts_with('(') {
        // The type as written when it closes on the same word: `[86](number)`.
        let fixed = rest[1..]
            .split_once(')')
            .map(|(ty, _)| ty.trim())
            .filter(|ty| !ty.is_empty() && !ty.contains([' ', '[', ']', '(']))
            .map_or_else(
                || "`[value](type)`".to_string(),
                |ty| format!("`[{value}]({ty})`"),
            );
        return MarkupError {
            range: start..close + 1,
            message: format!(
                "`{shown}` is not an answer span: write `[value](type)` with no space before `(`, or {LITERAL}"
            ),
            help: Some(format!(
                "remove the space: {fixed}; or, for brackets in the text, {literal}"
            )),
        };
    }
    let names: Vec<&str> = SpanType::ALL.iter().map(|t| t.name()).collect();
    MarkupError {
        range: start..close + 1,
        message: format!(
            "`{shown}` is not an answer span: write `[value](type)` with the type right after `]`, or {LITERAL}"
        ),
        help: Some(format!(
            "add its type, `[{value}](type)`, one of: {}; or, for brackets in the text, {literal}",
            names.join(", ")
        )),
    }
}

/// A `]` that closes no `[`.
fn stray_close(text: &str, at: usize) -> MarkupError {
    // `people ](place)`: the span's `[` is missing.
    let typed = text[at + 1..]
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map(|(ty, _)| ty.trim())
        .filter(|ty| SpanType::from_name(ty).is_some());
    let help = match typed {
        Some(ty) => format!("open the span before its value: `[value]({ty})`"),
        None => "remove it, or write `\\\\]` to keep it in the text".to_string(),
    };
    MarkupError {
        range: at..at + 1,
        message:
            "`]` without a matching `[`: write `[value](type)` for an answer span, or `\\\\]` \
                  for a literal bracket"
                .into(),
        help: Some(help),
    }
}

/// A `[` at `inner` inside the span opened at `start`: reported once, for the whole outer
/// span (`[Acme [Ltd]](org)`), which is read past.
fn nested(
    text: &str,
    start: usize,
    inner: usize,
    pairs: &OnceCell<Vec<Pair>>,
) -> (MarkupError, usize) {
    let bytes = text.as_bytes();
    let pairs = pairs.get_or_init(|| bracket_pairs(bytes));
    let close = pairs
        .binary_search_by_key(&start, |&(open, _)| open)
        .ok()
        .and_then(|k| pairs[k].1);
    let Some(close) = close else {
        // `[Acme [Ltd](org)`: the outer `[` is the mistake; the inner span is read as one.
        return (unclosed(start), start + 1);
    };
    if !text[close + 1..].starts_with('(') {
        return (not_a_span(text, start, close), close + 1);
    }
    // The outer span's `(type)`, when it closes on the same word.
    let end = text[close + 2..]
        .split_once(')')
        .filter(|(ty, _)| !ty.trim().contains([' ', '[', ']', '(']))
        .map_or(close + 1, |(ty, _)| close + 2 + ty.len() + 1);
    // `[Charles [Babbage](person)](person)`: a span in a span.
    let inner_is_span = next_bracket(bytes, inner + 1)
        .is_some_and(|c| bytes[c] == b']' && text[c + 1..].starts_with('('));
    let error = if inner_is_span {
        MarkupError {
            range: start..end,
            message: "answer spans cannot be nested".into(),
            help: Some(format!(
                "end one span before the next opens; write {LITERAL} in a value"
            )),
        }
    } else {
        MarkupError {
            range: start..end,
            message: format!(
                "`[` inside an answer span: spans cannot be nested; write {LITERAL} in a value"
            ),
            help: Some(format!(
                "escape the inner brackets: `[{}]{}`",
                escape_brackets(&text[start + 1..close]),
                &text[close + 1..end]
            )),
        }
    };
    (error, end)
}

/// The fact text as a learner reads it: spans replaced by their values.
pub fn plain_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    plain_text_into(segments, &mut out);
    out
}

/// [`plain_text`] written into `out`, which is cleared first.
pub fn plain_text_into(segments: &[Segment], out: &mut String) {
    out.clear();
    for segment in segments {
        out.push_str(match segment {
            Segment::Text(t) => t,
            Segment::Span(s) => &s.value,
        });
    }
}

/// The spans of a parsed text, in order.
pub fn spans(segments: &[Segment]) -> impl Iterator<Item = &Span> {
    segments.iter().filter_map(|s| match s {
        Segment::Span(s) => Some(s),
        Segment::Text(_) => None,
    })
}

/// The spans of parsed text, each with the text just before it (empty when another span is
/// right before it): what a fact says around an answer (`more than [£17,000]`, `the [Harbour
/// Board]`).
pub fn spans_after_text(segments: &[Segment]) -> impl Iterator<Item = (&str, &Span)> {
    segments.iter().enumerate().filter_map(|(i, s)| match s {
        Segment::Span(span) => {
            let before = match i.checked_sub(1).map(|j| &segments[j]) {
                Some(Segment::Text(text)) => text.as_str(),
                _ => "",
            };
            Some((before, span))
        }
        Segment::Text(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders the parse as `text|{value:type}|text` or the error messages.
    fn check(text: &str, expected: &str) {
        let rendered = match parse(text) {
            Ok(segments) => segments
                .iter()
                .map(|s| match s {
                    Segment::Text(t) => t.clone(),
                    Segment::Span(s) => format!("{{{}:{}}}", s.value, s.ty.name()),
                })
                .collect::<Vec<_>>()
                .join("|"),
            Err(errors) => errors
                .iter()
                .map(|e| format!("error {}..{}: {}", e.range.start, e.range.end, e.message))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        assert_eq!(rendered, expected, "for {text:?}");
    }

    #[test]
    fn spans_and_text() {
        check(
            "On [Saturday](day) [Lloyd Austin](person) met.",
            "On |{Saturday:day}| |{Lloyd Austin:person}| met.",
        );
        check("[$15 billion](money)", "{$15 billion:money}");
        check("no spans at all", "no spans at all");
        check("a \\[plain\\] bracket", "a [plain] bracket");
        check("escaped \\[x\\](day)", "escaped [x](day)");
        check("unicode [Ünal](person)!", "unicode |{Ünal:person}|!");
        check("a\\b é\\ \\[x\\] ü\\[", "a\\b é\\ [x] ü[");
        check("é\\[[a](day)\\", "é[|{a:day}|\\");
        check("a \\] and \\[ alone", "a ] and [ alone");
        // Escaped brackets in a value are brackets of the answer.
        check("[Acme \\[Ltd\\]](org)", "{Acme [Ltd]:org}");
        check("[x\\]](thing) [\\[y](thing)", "{x]:thing}| |{[y:thing}");
    }

    /// Another word for a type (QA: `(organisation)` got no suggestion) or a misspelling of
    /// one gets a did-you-mean; a word that means none does not.
    #[test]
    fn an_unknown_type_suggests_the_one_meant() {
        let help = |text: &str| match parse(text) {
            Err(errors) => errors[0].help.clone().unwrap_or_default(),
            Ok(_) => panic!("{text} parsed"),
        };
        for (ty, meant) in [
            ("persn", "person"),
            ("organisation", "org"),
            ("Organizations", "org"),
            ("city", "place"),
            ("weekday", "day"),
            ("price", "money"),
            ("nation", "country"),
        ] {
            let help = help(&format!("[Acme]({ty})"));
            assert!(
                help.starts_with(&format!("did you mean `{meant}`? ")),
                "{ty}: {help}"
            );
        }
        assert!(help("[Acme](decade)").starts_with("valid types: "));
    }

    #[test]
    fn mistakes() {
        check(
            "[Austin](persn) met",
            "error 9..14: unknown span type `persn`",
        );
        check("[](person)", "error 0..10: empty answer span");
        check(
            "[ Austin](person)",
            "error 0..17: answer span ` Austin` starts or ends with a space",
        );
        check(
            "[Austin](person",
            "error 0..15: unclosed span type: `(` has no matching `)`",
        );
        check(
            "[Lloyd Austin](person met [Rajnath Singh](persn)",
            "error 0..21: unclosed span type: `(` has no matching `)`\n\
             error 42..47: unknown span type `persn`",
        );
        check(
            "[a](day) and [b](dy) and [c](yr)",
            "error 17..19: unknown span type `dy`\nerror 29..31: unknown span type `yr`",
        );
    }

    #[test]
    fn brackets_outside_spans() {
        const LITERAL: &str = "`\\\\[`/`\\\\]` for a literal bracket";
        check(
            "The line employs [86] (number) people in [Ohio](place).",
            &format!(
                "error 17..21: `[86]` is not an answer span: write `[value](type)` with no \
                 space before `(`, or {LITERAL}"
            ),
        );
        check(
            "[86]people in [Ohio](place)",
            &format!(
                "error 0..4: `[86]` is not an answer span: write `[value](type)` with the type \
                 right after `]`, or {LITERAL}"
            ),
        );
        check(
            "[86](number) people ](place).",
            "error 20..21: `]` without a matching `[`: write `[value](type)` for an answer \
             span, or `\\\\]` for a literal bracket",
        );
        check(
            "[Acme [Ltd]](org) and [Ohio](place)",
            &format!(
                "error 0..17: `[` inside an answer span: spans cannot be nested; write \
                 {LITERAL} in a value"
            ),
        );
        check(
            "by [Charles [Babbage](person)](person).",
            "error 3..38: answer spans cannot be nested",
        );
        // The outer `[` has no `]`: the inner span is read as one.
        check(
            "[Acme [Ltd](org) and a[",
            "error 0..1: unclosed answer span: `[` has no matching `]`\n\
             error 22..23: unclosed answer span: `[` has no matching `]`",
        );
        check(
            "[Acme [Ltd]] x",
            &format!(
                "error 0..12: `[Acme [Ltd]]` is not an answer span: write `[value](type)` with \
                 the type right after `]`, or {LITERAL}"
            ),
        );
        // Each mistake once, and the text after it still read.
        check(
            "a] [b] [c](dy) ]",
            &format!(
                "error 1..2: `]` without a matching `[`: write `[value](type)` for an answer \
                 span, or `\\\\]` for a literal bracket\n\
                 error 3..6: `[b]` is not an answer span: write `[value](type)` with the type \
                 right after `]`, or {LITERAL}\n\
                 error 11..13: unknown span type `dy`\n\
                 error 15..16: `]` without a matching `[`: write `[value](type)` for an answer \
                 span, or `\\\\]` for a literal bracket"
            ),
        );
        // Deep nesting stays linear, each `[` reported once.
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().len(), 100_000);
    }

    #[test]
    fn bracket_mistakes_say_how_to_fix_them() {
        let help = |text: &str| {
            let errors = parse(text).unwrap_err();
            errors[0].help.clone().unwrap()
        };
        assert_eq!(
            help("employs [86] (number) people"),
            "remove the space: `[86](number)`; or, for brackets in the text, `\\\\[86\\\\]`"
        );
        assert_eq!(
            help("employs [86]people"),
            "add its type, `[86](type)`, one of: person, place, org, country, thing, number, \
             money, date, year, day; or, for brackets in the text, `\\\\[86\\\\]`"
        );
        assert_eq!(
            help("people ](place)."),
            "open the span before its value: `[value](place)`"
        );
        assert_eq!(
            help("people] here"),
            "remove it, or write `\\\\]` to keep it in the text"
        );
        assert_eq!(
            help("[Acme [Ltd]](org)"),
            "escape the inner brackets: `[Acme \\\\[Ltd\\\\]](org)`"
        );
    }

    #[test]
    fn plain_text_joins_values() {
        let segments = parse("On [Saturday](day) they met").unwrap();
        assert_eq!(plain_text(&segments), "On Saturday they met");
        assert_eq!(spans(&segments).count(), 1);
    }
}
