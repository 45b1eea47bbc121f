//! Where each value of a RON deck file sits: a map from a value's path (`facts[3].evidence[0]`)
//! to its byte range.
//!
//! Serde hands the loader values without positions, and `ron` has no spanned values, so this
//! small scanner walks the same text once more and records every value's range. It runs only
//! when there is something to report (or when a broken file is split into its facts and cards
//! to report all their errors), so the happy path pays nothing for it. It is tolerant: on a
//! syntax error it stops and keeps what it found; `ron` itself reports the error. It also
//! keeps the field names of the header's structs in order (the loader reads a broken header
//! field by field).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::lex;

/// Paths of values to byte ranges.
#[derive(Debug, Default)]
pub struct Locations {
    ranges: HashMap<String, Range<usize>>,
    /// Ranges of field names (`path` of the value the field holds → range of its key).
    keys: HashMap<String, Range<usize>>,
    /// The value ranges in order, for the questions by position (made on first use: a deck
    /// with a mistake in every fact asks one per mistake).
    sorted: OnceLock<Sorted>,
    /// Where a `,` is missing between two fields or list items (after the first one's end):
    /// the scan reads on, and the loader reports each.
    pub missing_commas: Vec<usize>,
    /// The fields of the header's structs (the deck's, and those of its fields such as
    /// `source`) in file order, a field given twice twice: the path of the struct, the field's
    /// name and its range (without `r#`).
    header_fields: Vec<(String, String, Range<usize>)>,
    /// The keys of the maps (the deck's `aliases`) in file order, a key given twice twice: the
    /// path of the map and the range of the key's literal (`ranges` and `keys` keep the last).
    pub map_keys: Vec<(String, Range<usize>)>,
    /// Whether the whole deck value was scanned to its end (no syntax error stopped the scan;
    /// a missing comma does not): every field of the header is known.
    pub complete: bool,
}

/// The value ranges by start (the larger first for one start) and by end (the smaller first
/// for one end).
#[derive(Debug)]
struct Sorted {
    by_start: Vec<Range<usize>>,
    by_end: Vec<Range<usize>>,
}

impl Locations {
    pub fn scan(text: &str) -> Locations {
        let mut scanner = Scanner {
            text,
            pos: 0,
            out: Locations::default(),
        };
        scanner.skip_trivia();
        while scanner.text[scanner.pos..].starts_with("#!") {
            // `#![enable(...)]` attributes.
            match scanner.text[scanner.pos..].find(']') {
                Some(end) => scanner.pos += end + 1,
                None => return scanner.out,
            }
            scanner.skip_trivia();
        }
        let mut path = String::new();
        scanner.out.complete = scanner.value(&mut path, 0).is_ok();
        scanner.out
    }

    /// The byte range of the value at `path`, e.g. `facts[2].text` (`""` is the whole deck).
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.ranges.get(path).cloned()
    }

    /// The byte range of the field name holding the value at `path`.
    pub fn key(&self, path: &str) -> Option<Range<usize>> {
        self.keys.get(path).cloned()
    }

    /// The fields of the struct at `path` (the deck, `""`, or one of its fields such as
    /// `source`; deeper structs are not recorded), in file order: each name and its range
    /// (without `r#`).
    pub fn fields<'s>(&'s self, path: &'s str) -> impl Iterator<Item = (&'s str, Range<usize>)> {
        (self.header_fields.iter())
            .filter(move |(of, ..)| of == path)
            .map(|(_, name, range)| (name.as_str(), range.clone()))
    }

    fn sorted(&self) -> &Sorted {
        self.sorted.get_or_init(|| {
            let mut by_start: Vec<Range<usize>> = self.ranges.values().cloned().collect();
            by_start.sort_unstable_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            by_start.dedup();
            let mut by_end = by_start.clone();
            by_end.sort_unstable_by_key(|r| (r.end, std::cmp::Reverse(r.len())));
            Sorted { by_start, by_end }
        })
    }

    /// The smallest value starting at `offset`.
    pub fn value_at(&self, offset: usize) -> Option<Range<usize>> {
        let by_start = &self.sorted().by_start;
        let after = by_start.partition_point(|r| r.start <= offset);
        let found = by_start[..after]
            .last()
            .filter(|r| r.start == offset)
            .cloned();
        debug_assert_eq!(
            found.as_ref().map(Range::len),
            (self.ranges.values())
                .filter(|r| r.start == offset)
                .map(Range::len)
                .min()
        );
        found
    }

    /// The smallest value strictly containing `offset` (its end included) that `accept`s.
    ///
    /// Values nest (each inside the one holding it), so going back from `offset` by start,
    /// the first value that contains it and is accepted is the smallest: a mistake deep in a
    /// large deck looks at the values of its own fact, not at every value of the deck.
    pub fn enclosing(
        &self,
        offset: usize,
        accept: impl Fn(&Range<usize>) -> bool,
    ) -> Option<Range<usize>> {
        let by_start = &self.sorted().by_start;
        let before = by_start.partition_point(|r| r.start < offset);
        let found = by_start[..before]
            .iter()
            .rev()
            .find(|r| offset <= r.end && accept(r))
            .cloned();
        debug_assert_eq!(
            found.as_ref().map(Range::len),
            (self.ranges.values())
                .filter(|r| r.start < offset && offset <= r.end && accept(r))
                .map(Range::len)
                .min()
        );
        found
    }

    /// The value that ends last at or before `offset` (the smallest of those ending there).
    pub fn last_before(&self, offset: usize) -> Option<Range<usize>> {
        let by_end = &self.sorted().by_end;
        let after = by_end.partition_point(|r| r.end <= offset);
        let found = by_end[..after].last().cloned();
        debug_assert_eq!(
            found.as_ref().map(|r| (r.end, r.len())),
            (self.ranges.values())
                .filter(|r| r.end <= offset)
                .max_by_key(|r| (r.end, std::cmp::Reverse(r.len())))
                .map(|r| (r.end, r.len()))
        );
        found
    }

    /// The range at `path`, else the closest enclosing value that was found, else `0..0`.
    pub fn best(&self, path: &str) -> Range<usize> {
        let mut path = path;
        loop {
            if let Some(range) = self.get(path) {
                return range;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return self.get("").unwrap_or(0..0),
            }
        }
    }
}

/// Deeper than this is refused by `ron` too; the scanner just stops.
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    out: Locations,
}

type Scan = Result<(), ()>;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = &self.text[self.pos..];
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.skip_block_comment();
            } else {
                return;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        self.pos =
            lex::skip_block_comment(self.text.as_bytes(), self.pos).unwrap_or(self.text.len());
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        self.skip_trivia();
        let start = self.pos;
        let rest = &self.text[start..];
        let rest = rest.strip_prefix("r#").unwrap_or(rest);
        let skipped = self.text.len() - start - rest.len();
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.pos = start + skipped + len;
        Some(start + skipped..self.pos)
    }

    /// Scans one value and records its range under `path`.
    fn value(&mut self, path: &mut String, depth: usize) -> Scan {
        if depth > MAX_DEPTH {
            return Err(());
        }
        self.skip_trivia();
        let start = self.pos;
        match self.peek().ok_or(())? {
            b'"' => self.string()?,
            b'r' if lex::is_raw_string(self.text.as_bytes(), self.pos) => self.raw_string()?,
            b'\'' => self.char_literal()?,
            b'[' => {
                self.pos += 1;
                self.seq(path, b']', depth)?;
            }
            b'{' => {
                self.pos += 1;
                self.map(path, depth)?;
            }
            b'(' => {
                self.pos += 1;
                self.parens(path, depth)?;
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                self.ident().ok_or(())?;
                if self.eat(b'(') {
                    self.parens(path, depth)?;
                }
            }
            _ => self.scalar()?,
        }
        self.out.ranges.insert(path.clone(), start..self.pos);
        Ok(())
    }

    fn scalar(&mut self) -> Scan {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, b',' | b')' | b']' | b'}' | b':') || c.is_ascii_whitespace() {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start { Err(()) } else { Ok(()) }
    }

    fn string(&mut self) -> Scan {
        self.past(lex::skip_string(self.text.as_bytes(), self.pos + 1))
    }

    fn raw_string(&mut self) -> Scan {
        self.past(lex::skip_raw_string(self.text.as_bytes(), self.pos))
    }

    /// Moves past a string that ends at `end`, or to the end of the text when it never does.
    fn past(&mut self, end: Option<usize>) -> Scan {
        self.pos = end.unwrap_or(self.text.len());
        end.map(|_| ()).ok_or(())
    }

    fn char_literal(&mut self) -> Scan {
        self.pos += 1;
        if self.peek() == Some(b'\\') {
            self.pos += 1;
        }
        let c = self.text[self.pos..].chars().next().ok_or(())?;
        self.pos += c.len_utf8();
        if self.eat(b'\'') { Ok(()) } else { Err(()) }
    }

    fn seq(&mut self, path: &mut String, close: u8, depth: usize) -> Scan {
        let mut index = 0;
        loop {
            if self.eat(close) {
                return Ok(());
            }
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            let result = self.value(path, depth + 1);
            path.truncate(len);
            result?;
            index += 1;
            let next = self.eat(b',') || self.missing_comma(|scanner| scanner.starts_value());
            if !next {
                return if self.eat(close) { Ok(()) } else { Err(()) };
            }
        }
    }

    /// Whether what follows, though no `,` came before it, starts the next item (`next`):
    /// a missing comma is the most common slip, and reading on finds the rest of the file
    /// (`ron` reports the comma itself).
    fn missing_comma(&mut self, next: impl Fn(&mut Self) -> bool) -> bool {
        let end = self.pos;
        self.skip_trivia();
        let save = self.pos;
        let found = next(self);
        self.pos = save;
        if found {
            self.out.missing_commas.push(end);
        }
        found
    }

    /// Whether a list item starts here: a struct or a string, as the deck's lists hold.
    fn starts_value(&mut self) -> bool {
        match self.peek() {
            Some(b'"') => true,
            Some(c) if c.is_ascii_alphabetic() => self.ident().is_some() && self.eat(b'('),
            _ => false,
        }
    }

    /// Whether a field starts here: a name and `:`.
    fn starts_field(&mut self) -> bool {
        self.ident().is_some() && self.eat(b':')
    }

    fn map(&mut self, path: &mut String, depth: usize) -> Scan {
        loop {
            if self.eat(b'}') {
                return Ok(());
            }
            self.skip_trivia();
            let key_start = self.pos;
            let mut key_path = String::new();
            self.value(&mut key_path, depth + 1)?;
            let key = self.text[key_start..self.pos].to_string();
            if !self.eat(b':') {
                return Err(());
            }
            (self.out.map_keys).push((path.clone(), key_start..key_start + key.len()));
            let len = path.len();
            path.push_str(&format!("[{key}]"));
            self.out
                .keys
                .insert(path.clone(), key_start..key_start + key.len());
            let result = self.value(path, depth + 1);
            path.truncate(len);
            result?;
            if !self.eat(b',') {
                return if self.eat(b'}') { Ok(()) } else { Err(()) };
            }
        }
    }

    /// After `(`: named fields `(a: 1, b: 2)` or a tuple `(1, 2)` (elements named `.0`, `.1`).
    fn parens(&mut self, path: &mut String, depth: usize) -> Scan {
        let mut index = 0;
        loop {
            if self.eat(b')') {
                return Ok(());
            }
            let save = self.pos;
            let len = path.len();
            let field = match self.ident() {
                Some(name) if self.eat(b':') => Some(name),
                _ => {
                    self.pos = save;
                    None
                }
            };
            if let Some(name) = &field
                && depth <= 1
            {
                let text = self.text[name.clone()].to_string();
                (self.out.header_fields).push((path.clone(), text, name.clone()));
            }
            if !path.is_empty() {
                path.push('.');
            }
            match &field {
                Some(name) => {
                    path.push_str(&self.text[name.clone()]);
                    self.out.keys.insert(path.clone(), name.clone());
                }
                None => path.push_str(&index.to_string()),
            }
            let result = self.value(path, depth + 1);
            path.truncate(len);
            result?;
            index += 1;
            let next =
                self.eat(b',') || (field.is_some() && self.missing_comma(Self::starts_field));
            if !next {
                return if self.eat(b')') { Ok(()) } else { Err(()) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, path: &str, expected: Option<&str>) {
        let locations = Locations::scan(text);
        assert_eq!(
            locations.get(path).map(|r| &text[r]),
            expected,
            "path {path:?} in {text:?}"
        );
    }

    const DECK: &str = r##"#![enable(implicit_some)]
// a comment
Deck(
    id: "d", /* block /* nested */ */
    aliases: { "Lloyd Austin": ["Austin"], "Quad": [] },
    facts: [
        Fact(id: "a", text: "x [y](person)", evidence: ["e1", r#"e "2""#]),
        Fact(id: "b", n: -1.5e3, c: 'x', t: (1, "two")),
    ],
    cards: [Card(answer: Choice(correct: ["a"], wrong: ["b"]), t: Text(["x", "y"]))],
)"##;

    #[test]
    fn finds_values_by_path() {
        check(DECK, "id", Some("\"d\""));
        check(DECK, "facts[0].text", Some("\"x [y](person)\""));
        check(DECK, "facts[0].evidence[1]", Some("r#\"e \"2\"\"#"));
        check(DECK, "facts[1].n", Some("-1.5e3"));
        check(DECK, "facts[1].c", Some("'x'"));
        check(DECK, "facts[1].t.1", Some("\"two\""));
        check(DECK, "aliases[\"Lloyd Austin\"][0]", Some("\"Austin\""));
        check(DECK, "cards[0].answer.wrong[0]", Some("\"b\""));
        check(DECK, "cards[0].t.0[1]", Some("\"y\""));
        check(DECK, "facts[2]", None);
        assert!(Locations::scan(DECK).get("facts[1]").is_some());
    }

    #[test]
    fn tolerates_broken_text() {
        check(
            "Deck(id: \"a\", facts: [Fact(id: \"x\"",
            "id",
            Some("\"a\""),
        );
        check("Deck(id: \"unterminated", "id", None);
        let deep = "[".repeat(1000);
        check(&deep, "", None);
    }

    #[test]
    fn keeps_the_header_fields_in_order() {
        let locations = Locations::scan(DECK);
        assert!(locations.complete);
        let fields: Vec<&str> = locations.fields("").map(|(name, _)| name).collect();
        assert_eq!(fields, ["id", "aliases", "facts", "cards"]);
        // Twice when given twice, without `r#`; a fact's fields are not the header's.
        let text = "Deck(source: Source(file: \"a\", r#file: \"b\"), facts: [Fact(id: \"x\")])";
        let locations = Locations::scan(text);
        let fields: Vec<_> = locations.fields("source").collect();
        assert_eq!(fields, [("file", 20..24), ("file", 33..37)]);
        assert_eq!(locations.fields("facts[0]").count(), 0);
        assert!(!Locations::scan("Deck(id: \"a\", facts: [Fact(id: \"x\"").complete);
    }

    #[test]
    fn keeps_every_key_of_a_map_in_order() {
        let text = "Deck(aliases: { \"A\": [], \"B\": [\"b\"], \"A\": [\"a\"] })";
        let locations = Locations::scan(text);
        let keys: Vec<(&str, &str)> = (locations.map_keys.iter())
            .map(|(map, key)| (map.as_str(), &text[key.clone()]))
            .collect();
        assert_eq!(
            keys,
            [
                ("aliases", "\"A\""),
                ("aliases", "\"B\""),
                ("aliases", "\"A\"")
            ]
        );
        // The path names the last entry of a key given twice.
        check(text, "aliases[\"A\"][0]", Some("\"a\""));
        assert!(Locations::scan(DECK).map_keys.len() == 2);
    }

    #[test]
    fn best_falls_back_to_parent() {
        let locations = Locations::scan(DECK);
        let range = locations.best("facts[0].missing[3]");
        assert!(DECK[range].starts_with("Fact(id: \"a\""));
        assert_eq!(&DECK[locations.key("facts[0].text").unwrap()], "text");
    }
}
