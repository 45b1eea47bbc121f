//! A large deck read in parts side by side: its `facts` list cut at the commas between
//! facts, each part deserialised by `ron` on its own thread, the rest of the deck (header and
//! cards) on its own.
//!
//! `ron` reads one value on one thread (about 300 MB/s), so a deck of 100,000 facts takes it
//! most of the time `recall check` has. Cutting the list needs the few rules of RON's lexical
//! structure that say where a value ends (strings, raw strings, characters, comments,
//! brackets); nothing else is parsed by hand. This is only a faster way to the same [`Deck`]: anything unexpected (a syntax
//! error, a second `facts` field) gives `None`, and the caller reads the whole text with
//! `ron` as usual, which reports the mistake where it is. The lexical rules are in
//! [`super::lex`].

use std::ops::Range;

use super::lex::{is_raw_string, skip_char, skip_raw_string, skip_string, skip_trivia};
use super::{Deck, Fact};

/// Where the facts are in a deck's text: the list's brackets and each fact's range.
struct Facts {
    /// From the `[` to after the `]`.
    list: Range<usize>,
    items: Vec<Range<usize>>,
}

/// The deck in `text` read in `parts` parts side by side, or `None` when it has fewer than
/// `min_facts` facts or anything the cut does not expect (the caller then reads it whole).
pub(crate) fn read(text: &str, parts: usize, min_facts: usize) -> Option<Deck> {
    if parts < 2 {
        return None;
    }
    let facts = find_facts(text)?;
    if facts.items.len() < min_facts {
        return None;
    }
    // The text before the deck value (its `#![enable(...)]` attributes) goes before each part,
    // so that every part is read with the same extensions.
    let value_start = skip_trivia(text.as_bytes(), skip_attributes(text.as_bytes(), 0)?);
    let attributes = &text[..value_start];
    let header = format!("{}[]{}", &text[..facts.list.start], &text[facts.list.end..]);
    let count = facts.items.len();
    let bounds: Vec<Range<usize>> = (0..parts)
        .map(|p| count * p / parts..count * (p + 1) / parts)
        .collect();
    let read_part = |range: &Range<usize>| -> Option<Vec<Fact>> {
        if range.is_empty() {
            return Some(Vec::new());
        }
        let (first, last) = (&facts.items[range.start], &facts.items[range.end - 1]);
        // The `]` on a line of its own: a fact may end with a line comment.
        let part = format!("{attributes}[{}\n]", &text[first.start..last.end]);
        let read: Vec<Fact> = super::load::options().from_str(&part).ok()?;
        (read.len() == range.len()).then_some(read)
    };
    let (deck, lists) = std::thread::scope(|scope| {
        let others: Vec<_> = bounds[1..]
            .iter()
            .map(|range| scope.spawn(move || read_part(range)))
            .collect();
        let deck = super::load::options().from_str::<Deck>(&header).ok();
        let mut lists = vec![read_part(&bounds[0])];
        lists.extend(others.into_iter().map(|t| t.join().ok().flatten()));
        (deck, lists)
    });
    let mut deck = deck?;
    if !deck.facts.is_empty() {
        return None;
    }
    deck.facts.reserve_exact(count);
    for list in lists {
        deck.facts.extend(list?);
    }
    Some(deck)
}

/// The `facts` list of the deck value in `text`: its range and each element's. `None` when the
/// text does not scan (the caller's `ron` parse says why) or has no or two `facts` fields.
fn find_facts(text: &str) -> Option<Facts> {
    let bytes = text.as_bytes();
    let mut at = skip_trivia(bytes, skip_attributes(bytes, 0)?);
    // `Deck(` or `(`.
    at = skip_trivia(bytes, skip_ident(bytes, at).unwrap_or(at));
    at = expect(bytes, at, b'(')?;
    let mut facts = None;
    loop {
        at = skip_trivia(bytes, at);
        if bytes.get(at) == Some(&b')') {
            return facts;
        }
        let name_end = skip_ident(bytes, at)?;
        let name = &bytes[at..name_end];
        at = expect(bytes, skip_trivia(bytes, name_end), b':')?;
        at = skip_trivia(bytes, at);
        if name == b"facts" {
            if facts.is_some() {
                return None;
            }
            let (list, end) = items(bytes, at)?;
            facts = Some(list);
            at = end;
        } else {
            at = skip_value(bytes, at)?;
        }
        at = skip_trivia(bytes, at);
        match bytes.get(at)? {
            b',' => at += 1,
            b')' => return facts,
            _ => return None,
        }
    }
}

/// The elements of the list starting at `at` (a `[`), and the position after its `]`.
fn items(bytes: &[u8], at: usize) -> Option<(Facts, usize)> {
    let start = at;
    let mut at = expect(bytes, at, b'[')?;
    let mut items = Vec::new();
    loop {
        at = skip_trivia(bytes, at);
        if bytes.get(at) == Some(&b']') {
            break;
        }
        let end = skip_value(bytes, at)?;
        items.push(at..end);
        at = skip_trivia(bytes, end);
        match bytes.get(at)? {
            b',' => at += 1,
            b']' => break,
            _ => return None,
        }
    }
    let end = at + 1;
    Some((
        Facts {
            list: start..end,
            items,
        },
        end,
    ))
}

fn expect(bytes: &[u8], at: usize, byte: u8) -> Option<usize> {
    (bytes.get(at) == Some(&byte)).then_some(at + 1)
}

/// After the `#![...]` attributes and the trivia around them.
fn skip_attributes(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at = skip_trivia(bytes, at);
        if !bytes[at..].starts_with(b"#!") {
            return Some(at);
        }
        at = skip_trivia(bytes, at + 2);
        at = skip_group(bytes, at)?;
    }
}

/// After the identifier at `at` (`None` when there is none).
fn skip_ident(bytes: &[u8], at: usize) -> Option<usize> {
    let first = *bytes.get(at)?;
    if !(first == b'_' || first.is_ascii_alphabetic()) {
        return None;
    }
    let len = bytes[at..]
        .iter()
        .position(|b| !(*b == b'_' || b.is_ascii_alphanumeric()))
        .unwrap_or(bytes.len() - at);
    // A raw identifier, or one with non-ASCII letters: left to `ron`.
    if matches!(bytes.get(at + len), Some(b'#' | b'"' | 0x80..)) {
        return None;
    }
    Some(at + len)
}

/// After the value at `at`: up to the `,` or closing bracket that ends it at its own depth
/// (less the whitespace before it), with strings, characters and comments skipped whole.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    let end = scan(bytes, at, false)?;
    Some(at + bytes[at..end].trim_ascii_end().len())
}

/// After the bracketed group at `at` (`[...]`).
fn skip_group(bytes: &[u8], at: usize) -> Option<usize> {
    scan(bytes, at, true)
}

/// The scan of [`skip_value`] and [`skip_group`]: a `group` ends with the bracket that closes
/// its first one.
fn scan(bytes: &[u8], mut at: usize, group: bool) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let byte = *bytes.get(at)?;
        match byte {
            b'"' => at = skip_string(bytes, at + 1)?,
            b'r' if is_raw_string(bytes, at) => at = skip_raw_string(bytes, at)?,
            b'b' if bytes.get(at + 1) == Some(&b'"') => at = skip_string(bytes, at + 2)?,
            b'b' if is_raw_string(bytes, at + 1) => at = skip_raw_string(bytes, at + 1)?,
            b'\'' => at = skip_char(bytes, at + 1)?,
            b'/' if matches!(bytes.get(at + 1), Some(b'/' | b'*')) => {
                at = skip_trivia(bytes, at);
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                at += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return Some(at);
                }
                depth -= 1;
                at += 1;
                if group && depth == 0 {
                    return Some(at);
                }
            }
            b',' if depth == 0 => return Some(at),
            _ if byte.is_ascii_alphanumeric() || byte == b'_' => {
                // A word (an identifier or number) whole, so that an `r` or `b` ending it is
                // not taken for the start of a raw or byte string.
                at += 1;
                while bytes
                    .get(at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    at += 1;
                }
            }
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn check(text: &str, expected: Option<&[&str]>) {
        let found = find_facts(text).map(|f| {
            f.items
                .iter()
                .map(|r| text[r.clone()].to_string())
                .collect::<Vec<_>>()
        });
        assert_eq!(
            found
                .as_deref()
                .map(|v| v.iter().map(String::as_str).collect::<Vec<_>>()),
            expected.map(<[&str]>::to_vec),
            "{text}"
        );
    }

    #[test]
    fn finds_each_fact_of_the_list() {
        check(
            "#![enable(implicit_some)]\n// c\nDeck(id: \"d\", /* a /* b */ ) */ settings: Settings(kinds: [Cloze]),\n facts: [\n A(x: \"a, ]\"), B(y: r#\"\"]\"#, c: ','), // ]\n C( z: [1, 2] ) ,\n ], cards: [])",
            Some(&[
                "A(x: \"a, ]\")",
                "B(y: r#\"\"]\"#, c: ',')",
                "C( z: [1, 2] )",
            ]),
        );
        check("(facts: [])", Some(&[]));
        check("Deck(id: \"x\")", None);
        check("Deck(facts: [A], facts: [B])", None);
        check("Deck(facts: [A(\"unterminated)])", None);
        check("Deck(facts: [A(x: \"\\\"\"), B], r#id: 1)", None);
    }

    /// The generated deck of `n` facts, with what might trip a cut: commas and brackets in
    /// strings and comments, escapes, raw strings.
    fn deck(n: usize) -> String {
        let mut facts = String::new();
        for i in 0..n {
            writeln!(
                facts,
                "Fact(id: \"f{i}\", text: \"In [18{}](year), a \\\"port\\\"], ( was [built](thing).\", \
                 evidence: [r#\"built, \"then\"]\"#], /* ], */ tags: [\"t{}\"]), // ) ],",
                i % 90 + 10,
                i % 7
            )
            .unwrap();
        }
        format!(
            "#![enable(implicit_some)]\nDeck(id: \"p\", title: \"P\", source: Source(file: \"s.txt\", \
             sha256: \"{}\", title: \"S\"), settings: Settings(kinds: [Cloze]), facts: [\n{facts}],\n\
             cards: [Card(id: \"c\", ask: \"Q?\", answer: Text([\"a\"]), evidence: [\"e\"])])",
            "0".repeat(64)
        )
    }

    #[test]
    fn parts_read_as_the_whole() {
        let text = deck(50);
        let whole: Deck = super::super::load::options().from_str(&text).unwrap();
        for parts in [2, 3, 7] {
            assert_eq!(read(&text, parts, 10), Some(whole.clone()), "{parts} parts");
        }
        assert_eq!(read(&text, 2, 51), None, "too few facts to cut");
        // A mistake in any part: read whole (and reported by `ron`).
        // A fact written last without its comma, with a comment after it.
        let last = text.replace("), // ) ],\n],", ") // ) ],\n],");
        assert_ne!(last, text);
        let whole_last: Deck = super::super::load::options().from_str(&last).unwrap();
        assert_eq!(read(&last, 2, 10), Some(whole_last));
        let broken = text.replacen("tags: [\"t3\"]", "tags: [\"t3\"", 1);
        assert_eq!(read(&broken, 2, 10), None);
        let unknown = text.replacen("title: \"P\"", "titel: \"P\"", 1);
        assert_eq!(read(&unknown, 2, 10), None);
    }
}
