//! E201: every evidence excerpt (of facts and cards) occurs in the source.
//!
//! Excerpts and source are compared after a light normalisation — whitespace runs and line
//! breaks become one space, curly quotes straight ones, typographic dashes `-` — and nothing
//! looser: case, spelling and punctuation must match. All excerpts are found in one pass over
//! the source (an Aho-Corasick automaton over the distinct normalised excerpts). Only for an
//! excerpt that is not found is the closest passage searched, to show the author where it
//! differs.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::SourceDoc;
use crate::deck::Loaded;
use crate::diagnostic::{Code, Diagnostic, SourceFile};

/// At most this many missing excerpts per deck get a closest-passage search (each costs a few
/// scans of the source).
const MAX_CLOSEST: usize = 64;

/// Text after the evidence normalisation, with the original byte offset of each byte.
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the offset in the original text of the character that produced byte `i`.
    pub map: Vec<u32>,
}

/// One style of quotes and dashes; `None` for whitespace.
fn unify(c: char) -> Option<char> {
    match c {
        c if c.is_whitespace() => None,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Some('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        c => Some(c),
    }
}

/// The evidence normalisation of an excerpt (no offset map).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        match unify(c) {
            None => space = !out.is_empty(),
            Some(c) => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

impl Normalized {
    pub fn new(text: &str) -> Normalized {
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len());
        let mut space: Option<usize> = None;
        let mut buf = [0u8; 4];
        for (i, c) in text.char_indices() {
            match unify(c) {
                None => {
                    if !out.is_empty() && space.is_none() {
                        space = Some(i);
                    }
                }
                Some(c) => {
                    if let Some(at) = space.take() {
                        out.push(' ');
                        map.push(at as u32);
                    }
                    out.push_str(c.encode_utf8(&mut buf));
                    map.extend(std::iter::repeat_n(i as u32, c.len_utf8()));
                }
            }
        }
        Normalized { text: out, map }
    }

    /// The original byte range of the normalised range `start..end`.
    fn original(&self, start: usize, end: usize, original_len: usize) -> std::ops::Range<usize> {
        let from = self.map.get(start).map_or(original_len, |&o| o as usize);
        let to = self.map.get(end).map_or(original_len, |&o| o as usize);
        from..to.max(from)
    }
}

/// Where an excerpt sits in the deck: fact or card index, and evidence index.
#[derive(Clone, Copy)]
enum Owner {
    Fact(usize, usize),
    Card(usize, usize),
}

impl Owner {
    fn path(self) -> String {
        match self {
            Owner::Fact(i, j) => format!("facts[{i}].evidence[{j}]"),
            Owner::Card(i, j) => format!("cards[{i}].evidence[{j}]"),
        }
    }
}

/// E201 findings of one deck against its source.
pub fn check(loaded: &Loaded, source: &SourceDoc) -> Vec<Diagnostic> {
    let deck = &loaded.deck;
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut excerpts: Vec<(Owner, usize)> = Vec::new();
    let owned = deck
        .facts
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.evidence
                .iter()
                .enumerate()
                .map(move |(j, e)| (Owner::Fact(i, j), e))
        })
        .chain(deck.cards.iter().enumerate().flat_map(|(i, c)| {
            c.evidence
                .iter()
                .enumerate()
                .map(move |(j, e)| (Owner::Card(i, j), e))
        }));
    for (owner, excerpt) in owned {
        let normal = normalize(excerpt);
        if normal.is_empty() {
            continue; // the loader reports empty excerpts
        }
        let next = patterns.len();
        let id = *ids.entry(normal).or_insert_with_key(|normal| {
            patterns.push(normal.clone());
            next
        });
        excerpts.push((owner, id));
    }
    if patterns.is_empty() {
        return Vec::new();
    }
    let normalized = Normalized::new(&source.file.text);
    let found = find_all(&patterns, &normalized.text);
    let mut findings = Vec::new();
    let mut reported = vec![false; patterns.len()];
    let mut searched = 0;
    for (owner, id) in excerpts {
        if found[id] {
            continue;
        }
        let path = owner.path();
        let mut diagnostic = loaded
            .diagnostic(
                Code::EvidenceNotInSource,
                &path,
                format!("evidence excerpt not found in `{}`", source.file.name()),
            )
            .label("not in the source");
        let closest = (searched < MAX_CLOSEST && !reported[id]).then(|| {
            searched += 1;
            closest(&patterns[id], &normalized)
        });
        reported[id] = true;
        diagnostic = match closest.flatten() {
            Some(passage) => {
                let span = normalized.original(
                    passage.start,
                    passage.end,
                    source.file.text.len(),
                );
                diagnostic
                    .secondary(&source.file, span, passage.label)
                    .help("evidence quotes the source exactly (only line breaks, spaces, quote and dash styles may differ); copy the passage from the source")
            }
            None => diagnostic.help(
                "evidence quotes the source exactly (only line breaks, spaces, quote and dash styles may differ)",
            ),
        };
        findings.push(diagnostic);
    }
    findings
}

/// Which patterns occur in `haystack`, in one pass; stops once all have been seen.
fn find_all(patterns: &[String], haystack: &str) -> Vec<bool> {
    let mut found = vec![false; patterns.len()];
    let Ok(automaton) = AhoCorasick::new(patterns) else {
        // Too large for the automaton: fall back to one search per pattern.
        for (i, p) in patterns.iter().enumerate() {
            found[i] = haystack.contains(p.as_str());
        }
        return found;
    };
    let mut missing = patterns.len();
    for m in automaton.find_overlapping_iter(haystack) {
        let id = m.pattern().as_usize();
        if !found[id] {
            found[id] = true;
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    found
}

/// The passage of the source closest to a missing excerpt, in normalised offsets.
struct Passage {
    start: usize,
    end: usize,
    label: String,
}

/// Anchors on the longest run of the excerpt's words that occurs in the source (binary search
/// on the run length from each word: if a run occurs, so do its prefixes), then lays the
/// excerpt over the source there and names the first difference.
fn closest(excerpt: &str, source: &Normalized) -> Option<Passage> {
    let text = source.text.as_str();
    let words: Vec<(usize, usize)> = word_ranges(excerpt);
    let mut best: Option<(usize, usize, usize)> = None; // (length, excerpt offset, source offset)
    for (i, &(start, _)) in words.iter().enumerate() {
        let longest_possible = excerpt.len() - start;
        if best.is_some_and(|(len, _, _)| len >= longest_possible) {
            break;
        }
        let (mut lo, mut hi) = (0usize, words.len() - i); // lo words found, hi upper bound
        let mut at = None;
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let end = words[i + mid - 1].1;
            match text.find(&excerpt[start..end]) {
                Some(pos) => {
                    lo = mid;
                    at = Some((end - start, pos));
                }
                None => hi = mid - 1,
            }
        }
        if let Some((len, pos)) = at
            && best.is_none_or(|(b, _, _)| len > b)
        {
            best = Some((len, start, pos));
        }
    }
    let (_, offset, pos) = best?;
    let mut start = pos.saturating_sub(offset);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + excerpt.len()).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // The first difference between the excerpt and the passage.
    let differs = excerpt
        .char_indices()
        .zip(text[start..].chars())
        .find(|((_, a), b)| a != b)
        .map(|((i, _), _)| i)
        .unwrap_or(excerpt.len().min(text.len() - start));
    let word_at = |s: &str, i: usize| -> String {
        let from = s[..i].rfind(' ').map_or(0, |p| p + 1);
        let to = s[i..].find(' ').map_or(s.len(), |p| i + p);
        s[from..to].to_string()
    };
    let theirs_at = start + differs;
    let label = if differs >= excerpt.len() {
        "closest passage (the excerpt runs past the end of the source)".to_string()
    } else if theirs_at >= text.len() {
        format!(
            "closest passage (differs at `{}`: the source ends)",
            word_at(excerpt, differs)
        )
    } else {
        let mine = word_at(excerpt, differs);
        let theirs = word_at(text, theirs_at);
        format!("closest passage (differs at `{mine}`: the source has `{theirs}`)")
    };
    Some(Passage { start, end, label })
}

/// Byte ranges of the space-separated words of a normalised text.
fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c == ' ', start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A source file for tests and benches: its text and sha256.
pub fn source_doc(path: &str, text: &str) -> SourceDoc {
    use sha2::{Digest, Sha256};
    let sha256 = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    SourceDoc {
        file: SourceFile::new(path, text),
        sha256,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_unifies_space_quotes_and_dashes_only() {
        assert_eq!(
            normalize("  a\n b\u{2019}s \u{2013} \u{201C}c\u{201D} "),
            "a b's - \"c\""
        );
        assert_eq!(normalize("Case Stays"), "Case Stays");
        let n = Normalized::new("x\r\n  y\u{2014}z");
        assert_eq!(n.text, "x y-z");
        assert_eq!(n.map, [0, 1, 5, 6, 9]);
    }

    #[test]
    fn finds_overlapping_and_nested_excerpts() {
        let patterns = ["quick brown", "brown fox", "own", "lazy cat"].map(String::from);
        assert_eq!(
            find_all(&patterns, "the quick brown fox"),
            [true, true, true, false]
        );
    }

    #[test]
    fn closest_passage_names_the_difference() {
        let source = Normalized::new("The council will boos trade with the islands.");
        let p = closest("council will boost trade", &source).unwrap();
        assert_eq!(&source.text[p.start..p.end], "council will boos trade ");
        assert_eq!(
            p.label,
            "closest passage (differs at `boost`: the source has `boos`)"
        );
        assert!(closest("nothing alike", &source).is_none());
    }
}
