//! E201: every evidence excerpt (of facts and cards) occurs in the source.
//!
//! Excerpts and source are compared after a light normalisation — whitespace runs and line
//! breaks become one space, curly quotes straight ones, typographic dashes `-` — and nothing
//! looser: case, spelling and punctuation must match. All excerpts are found in one pass over
//! the source (an Aho-Corasick automaton over the distinct normalised excerpts). Only for an
//! excerpt that is not found is the closest passage searched, to show the author where it
//! differs.

use aho_corasick::AhoCorasick;

use super::SourceDoc;
use crate::FastMap;
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
    let mut ids: FastMap<String, usize> = FastMap::default();
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
    let found = find_all(&patterns, &normalize(&source.file.text));
    if found.iter().all(|&f| f) {
        return Vec::new();
    }
    // Only a miss needs the offsets back into the source (for the closest passage).
    let normalized = Normalized::new(&source.file.text);
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

/// Bytes of an excerpt's start that the scan indexes (one `u64`).
const ANCHOR: usize = 8;

/// Which patterns occur in `haystack`, in one pass; stops once all have been seen.
///
/// An automaton over every whole excerpt of a large deck costs far more to build than the
/// scan saves, so instead each source position's next 8 bytes are looked up in a table of
/// the excerpts' first 8 bytes, and only on a hit are the excerpts starting with them
/// compared with the source there (a binary search among them, sorted: see [`prefixes_at`]).
/// Excerpts shorter than that are few and short: an Aho-Corasick automaton finds them.
fn find_all(patterns: &[String], haystack: &str) -> Vec<bool> {
    let mut found = vec![false; patterns.len()];
    let (short, long): (Vec<usize>, Vec<usize>) =
        (0..patterns.len()).partition(|&i| patterns[i].len() < ANCHOR);
    let mut missing = patterns.len();
    if !short.is_empty() {
        let short_patterns = short.iter().map(|&i| &patterns[i]);
        match AhoCorasick::new(short_patterns) {
            Ok(automaton) => {
                for m in automaton.find_overlapping_iter(haystack) {
                    let id = short[m.pattern().as_usize()];
                    if !found[id] {
                        found[id] = true;
                        missing -= 1;
                        if missing == long.len() {
                            break;
                        }
                    }
                }
            }
            Err(_) => {
                for &i in &short {
                    if haystack.contains(patterns[i].as_str()) {
                        found[i] = true;
                        missing -= 1;
                    }
                }
            }
        }
    }
    if long.is_empty() {
        return found;
    }
    // The long patterns sorted: those with one anchor are a run, found by the table.
    let mut sorted = long;
    sorted.sort_unstable_by(|&a, &b| patterns[a].cmp(&patterns[b]));
    let sorted: Vec<(&[u8], usize)> = sorted
        .into_iter()
        .map(|i| (patterns[i].as_bytes(), i))
        .collect();
    let mut table = Anchors::with_capacity(sorted.len());
    let mut start = 0;
    while start < sorted.len() {
        let anchor = anchor_of(sorted[start].0);
        let end = start + sorted[start..].partition_point(|(p, _)| anchor_of(p) == anchor);
        table.insert(anchor, start as u32..end as u32);
        start = end;
    }
    let hay = haystack.as_bytes();
    for at in 0..(hay.len() + 1).saturating_sub(ANCHOR) {
        let Some(run) = table.get(anchor_of(&hay[at..])) else {
            continue;
        };
        let run = &sorted[run.start as usize..run.end as usize];
        prefixes_at(run, &hay[at..], |id| {
            if !found[id] {
                found[id] = true;
                missing -= 1;
            }
        });
        if missing == 0 {
            break;
        }
    }
    found
}

fn anchor_of(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..ANCHOR].try_into().expect("at least ANCHOR bytes"))
}

/// Calls `hit` with the id of every pattern of `run` (sorted) that is a prefix of `text`.
///
/// The greatest pattern `x` not above `text` is the longest candidate; any other pattern that
/// is a prefix of `text` is below `x` and no longer than the common prefix of `x` and `text`
/// (else it would sort above `x`). So repeat on that shorter prefix: each step is one binary
/// search, and a run of thousands of excerpts sharing their first words costs a few.
fn prefixes_at(run: &[(&[u8], usize)], text: &[u8], mut hit: impl FnMut(usize)) {
    let mut text = text;
    let mut run = run;
    while text.len() >= ANCHOR {
        let below = run.partition_point(|(p, _)| *p <= text);
        let Some(&(x, id)) = below.checked_sub(1).map(|i| &run[i]) else {
            return;
        };
        let common = x.iter().zip(text).take_while(|(a, b)| a == b).count();
        if common == x.len() {
            hit(id);
            text = &text[..common - 1];
        } else {
            text = &text[..common];
        }
        run = &run[..below - 1];
    }
}

/// An open-addressing table from anchors to runs of sorted patterns: the scan looks up every
/// position of the source, and almost all miss, so a miss must cost one probe.
struct Anchors {
    keys: Vec<u64>,
    /// Run of each slot; empty (`0..0`) for a free slot.
    runs: Vec<std::ops::Range<u32>>,
    shift: u32,
}

impl Anchors {
    fn with_capacity(n: usize) -> Anchors {
        let slots = (2 * n).next_power_of_two().max(2);
        Anchors {
            keys: vec![0; slots],
            runs: vec![0..0; slots],
            shift: 64 - slots.trailing_zeros(),
        }
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn insert(&mut self, key: u64, run: std::ops::Range<u32>) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        while !self.runs[i].is_empty() {
            i = (i + 1) & mask;
        }
        self.keys[i] = key;
        self.runs[i] = run;
    }

    fn get(&self, key: u64) -> Option<std::ops::Range<u32>> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        while !self.runs[i].is_empty() {
            if self.keys[i] == key {
                return Some(self.runs[i].clone());
            }
            i = (i + 1) & mask;
        }
        None
    }
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

    proptest::proptest! {
        /// Excerpts sharing long starts (a small alphabet) and short ones: found exactly when
        /// the text contains them.
        #[test]
        fn finds_exactly_the_contained_excerpts(
            haystack in "[ab ]{0,200}",
            patterns in proptest::collection::vec("[ab ]{1,14}", 1..40),
        ) {
            let want: Vec<bool> = patterns.iter().map(|p| haystack.contains(p.as_str())).collect();
            proptest::prop_assert_eq!(find_all(&patterns, &haystack), want);
        }
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
