//! The few rules of RON's lexical structure that say where a value, string or comment ends,
//! for cutting a large deck in parts ([`super::parts`]) and for the loader's messages. Written
//! by hand because `ron` does not expose its lexer; each function takes the text's bytes and
//! a position, and gives the position after what starts there (`None` when it never ends).
//! [`offsets_in_literal`] goes the other way: from a place in a string's value to where its
//! literal spells it, through the escapes, so a diagnostic can point inside a fact's text.

/// After whitespace and comments (`//` to the end of the line, `/* */` nested).
pub(super) fn skip_trivia(bytes: &[u8], mut at: usize) -> usize {
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let rest = &bytes[at.min(bytes.len())..];
        if rest.starts_with(b"//") {
            at = memchr::memchr(b'\n', rest).map_or(bytes.len(), |n| at + n + 1);
        } else if rest.starts_with(b"/*") {
            at = skip_block_comment(bytes, at).unwrap_or(bytes.len());
        } else {
            return at;
        }
    }
}

/// After the (nested) block comment at `at`.
pub(super) fn skip_block_comment(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let next = at + memchr::memchr2(b'/', b'*', bytes.get(at..)?)?;
        let pair = bytes.get(next..next + 2);
        if pair == Some(b"/*") {
            depth += 1;
            at = next + 2;
        } else if pair == Some(b"*/") {
            depth -= 1;
            at = next + 2;
            if depth == 0 {
                return Some(at);
            }
        } else {
            at = next + 1;
        }
    }
}

/// After the closing quote of the string whose body starts at `at`.
pub(super) fn skip_string(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += memchr::memchr2(b'"', b'\\', bytes.get(at..)?)?;
        if bytes[at] == b'\\' {
            at += 2;
        } else {
            return Some(at + 1);
        }
    }
}

/// Whether a raw string (`r"..."`, `r#"..."#`) starts at `at`.
pub(super) fn is_raw_string(bytes: &[u8], at: usize) -> bool {
    if bytes.get(at) != Some(&b'r') {
        return false;
    }
    let hashes = bytes[at + 1..].iter().take_while(|b| **b == b'#').count();
    bytes.get(at + 1 + hashes) == Some(&b'"')
}

pub(super) fn skip_raw_string(bytes: &[u8], at: usize) -> Option<usize> {
    let hashes = bytes[at + 1..].iter().take_while(|b| **b == b'#').count();
    let mut from = at + 2 + hashes;
    loop {
        let quote = from + memchr::memchr(b'"', bytes.get(from..)?)?;
        let closing = bytes[quote + 1..]
            .iter()
            .take_while(|b| **b == b'#')
            .count();
        if closing >= hashes {
            return Some(quote + 1 + hashes);
        }
        from = quote + 1;
    }
}

/// Where each offset `at` (ascending) of a string's value is in the literal `raw` that spells
/// it in the file (`"..."` with its escapes, or `r#"..."#`); `None` when `raw` does not spell
/// `value` up to them.
pub(super) fn offsets_in_literal<const N: usize>(
    raw: &str,
    value: &str,
    at: [usize; N],
) -> Option<[usize; N]> {
    let bytes = raw.as_bytes();
    let escapes = !is_raw_string(bytes, 0);
    let mut r = if escapes {
        raw.strip_prefix('"').map(|_| 1)?
    } else {
        raw.find('"')? + 1
    };
    let mut v = 0;
    let mut out = [0; N];
    for (k, &target) in at.iter().enumerate() {
        while v < target {
            let (c, len) = if escapes && bytes.get(r) == Some(&b'\\') {
                unescape_at(raw, r)?
            } else {
                let c = raw.get(r..)?.chars().next()?;
                (c, c.len_utf8())
            };
            if !value.get(v..)?.starts_with(c) {
                return None;
            }
            v += c.len_utf8();
            r += len;
        }
        if v != target {
            return None;
        }
        out[k] = r;
    }
    Some(out)
}

/// The character the escape at `at` (a backslash) stands for, and the escape's length: RON's
/// `\n`, `\u{1b}` and others, and `\x` for one ASCII byte (not those spelling a longer char).
fn unescape_at(raw: &str, at: usize) -> Option<(char, usize)> {
    let rest = raw.get(at + 1..)?;
    let c = match rest.chars().next()? {
        c @ ('\'' | '"' | '\\') => c,
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '0' => '\0',
        'x' => {
            let byte = u8::from_str_radix(rest.get(1..3)?, 16).ok()?;
            return byte.is_ascii().then_some((char::from(byte), 4));
        }
        'u' => {
            let body = rest.strip_prefix("u{")?;
            let close = body.find('}')?;
            let c = char::from_u32(u32::from_str_radix(&body[..close], 16).ok()?)?;
            return Some((c, 4 + close));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// After the closing quote of the character literal whose body starts at `at`.
pub(super) fn skip_char(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at;
    if bytes.get(at) == Some(&b'\\') {
        at += 2;
    } else {
        at += 1;
    }
    let end = at + memchr::memchr(b'\'', bytes.get(at..)?)?;
    Some(end + 1)
}

/// Where the block comment that is never closed opens (`ron` reports where it ran out), or
/// `None` when every one is closed or a string runs to the end first.
pub(crate) fn unclosed_block_comment(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let after_word = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        match byte {
            b'"' => at = skip_string(bytes, at + 1)?,
            b'r' if !after_word && is_raw_string(bytes, at) => at = skip_raw_string(bytes, at)?,
            b'\'' => at = skip_char(bytes, at + 1).unwrap_or(at + 1),
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => match skip_block_comment(bytes, at) {
                Some(end) => at = end,
                None => return Some(at),
            },
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `value[range]` is in `raw`, shown as the part of `raw` it covers.
    fn check(raw: &str, value: &str, range: std::ops::Range<usize>, expected: Option<&str>) {
        let found =
            offsets_in_literal(raw, value, [range.start, range.end]).map(|[s, e]| &raw[s..e]);
        assert_eq!(found, expected, "{raw} for {:?}", &value[range]);
    }

    #[test]
    fn offsets_in_literals_step_over_escapes() {
        check(r#""a [b] c""#, "a [b] c", 2..5, Some("[b]"));
        check(r#""\\[x\\] [b]""#, r"\[x\] [b]", 6..9, Some("[b]"));
        check(
            r#""é\u{1b}[2J\"q\" \n[b]""#,
            "é\u{1b}[2J\"q\" \n[b]",
            11..14,
            Some("[b]"),
        );
        check(r#""\x41 [b]""#, "A [b]", 2..5, Some("[b]"));
        check(r##"r#"\[b] "x""#"##, r#"\[b] "x""#, 1..4, Some("[b]"));
        // Not how the value is spelt (a `\x` spelling a longer char, another value).
        check(r#""\xC3\xA9 [b]""#, "é [b]", 3..6, None);
        check(r#""a [b]""#, "z [b]", 2..5, None);
    }
}
