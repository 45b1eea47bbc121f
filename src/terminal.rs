//! The terminal: everything recall prints for people goes through here, so deck text can
//! never smuggle escape sequences or control characters onto a learner's screen.

/// Deck text made safe to print: control characters (including ESC, so no ANSI sequences)
/// become visible `\u{..}` escapes; tabs become spaces; newlines are kept.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    #[test]
    fn control_characters_are_neutralised() {
        check("plain", "plain");
        check("red \x1b[31mtext", "red \\u{1b}[31mtext");
        check("bell\x07", "bell\\u{7}");
        check("a\tb\nc", "a b\nc");
        check("rtl \u{202e}evil", "rtl \\u{202e}evil");
        check("Ünal – “quoted”", "Ünal – “quoted”");
    }
}
