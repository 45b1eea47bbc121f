//! The `[value](type)` answer-span markup of fact texts.
//!
//! `On [Saturday](day) [Lloyd Austin](person) met ...` is plain text with two answer spans.
//! Brackets that are not followed by `(` are plain text; `\[` and `\]` are literal brackets.
//! Hand-written because it is a tiny grammar whose error positions must point into the deck.

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
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = bytes[i];
        if c == b'\\' && matches!(bytes.get(i + 1), Some(b'[' | b']')) {
            plain.push(bytes[i + 1] as char);
            i += 2;
            continue;
        }
        if c == b'[' {
            match parse_span(text, i) {
                Ok(Some((span, end))) => {
                    if !plain.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut plain)));
                    }
                    segments.push(Segment::Span(span));
                    i = end;
                    continue;
                }
                Ok(None) => {}
                Err((error, end)) => {
                    errors.push(error);
                    i = end;
                    continue;
                }
            }
        }
        // Plain text up to the next `[` or backslash (after this byte, which may be one):
        // copied as one piece, not char by char, since loading a deck parses every fact text.
        let run = 1 + bytes[i + 1..]
            .iter()
            .position(|&b| b == b'[' || b == b'\\')
            .unwrap_or(text.len() - i - 1);
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

type SpanResult = Result<Option<(Span, usize)>, (MarkupError, usize)>;

/// Parses `[value](type)` starting at `start` (a `[`). `Ok(None)`: a plain bracket.
fn parse_span(text: &str, start: usize) -> SpanResult {
    let Some(close) = text[start + 1..].find(']').map(|p| start + 1 + p) else {
        if text[start + 1..].contains("](") || text[start + 1..].contains('(') {
            return Err((
                MarkupError {
                    range: start..text.len(),
                    message: "unclosed answer span: `[` has no matching `]`".into(),
                    help: Some(
                        "write spans as `[value](type)`, or `\\[` for a literal bracket".into(),
                    ),
                },
                text.len(),
            ));
        }
        return Ok(None);
    };
    if !text[close + 1..].starts_with('(') {
        return Ok(None);
    }
    let value = &text[start + 1..close];
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
    if value.contains('[') {
        return Err((
            MarkupError {
                range,
                message: "answer spans cannot be nested".into(),
                help: None,
            },
            ty_end + 1,
        ));
    }
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
    Ok(Some((
        Span {
            value: value.to_string(),
            ty,
            range: range.clone(),
        },
        range.end,
    )))
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
        check("a [plain] bracket", "a [plain] bracket");
        check("escaped \\[x\\](day)", "escaped [x](day)");
        check("unicode [Ünal](person)!", "unicode |{Ünal:person}|!");
        check("a\\b é\\ [x] ü[", "a\\b é\\ [x] ü[");
        check("é\\[[a](day)\\", "é[|{a:day}|\\");
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
    fn plain_text_joins_values() {
        let segments = parse("On [Saturday](day) they met").unwrap();
        assert_eq!(plain_text(&segments), "On Saturday they met");
        assert_eq!(spans(&segments).count(), 1);
    }
}
