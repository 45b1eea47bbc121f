//! E201: every evidence excerpt (of facts and cards) occurs in the source.
//!
//! Excerpts and source are compared after a light normalisation — whitespace runs and line
//! breaks become one space, curly quotes straight ones, typographic dashes `-` — and nothing
//! looser: case, spelling and punctuation must match. All excerpts are found in one pass over
//! the source (a table of the distinct normalised excerpts' first 8 bytes, see `find_all`).
//! Only for an excerpt that is not found is the closest passage searched, to show the author
//! where it differs.

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
    normalize_into(text, &mut out);
    out
}

/// ASCII bytes that [`unify`] keeps as they are: everything but whitespace (`\t` to `\r`, and
/// the space).
fn is_plain(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ')
}

/// The length of the run at the start of `bytes` that the normalisation keeps as it is: plain
/// bytes ([`is_plain`]) and single spaces between them.
fn plain_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if is_plain(bytes[i]) {
            i += 1;
        } else if i > 0 && bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|&b| is_plain(b)) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// [`normalize`] into `out` (cleared first), so that a caller normalising many excerpts reuses
/// one buffer.
///
/// Fast path: sources and excerpts are mostly ASCII words between single spaces, which the
/// normalisation keeps as they are, so each run of them ([`plain_run`]) is copied whole; only
/// the rest (line breaks, runs of spaces, non-ASCII characters) goes through [`unify`] one
/// character at a time.
fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let bytes = text.as_bytes();
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let run = plain_run(&bytes[i..]);
        if run > 0 {
            if space {
                out.push(' ');
                space = false;
            }
            out.push_str(&text[i..i + run]);
            i += run;
            continue;
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        i += c.len_utf8();
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

    /// The original byte range of the normalised range `start..end` of `original`: from the
    /// character that produced byte `start` to the end of the one that produced byte `end - 1`
    /// (so a passage at the end of the text stops before its trailing line break).
    fn original(&self, start: usize, end: usize, original: &str) -> std::ops::Range<usize> {
        let from = self.map.get(start).map_or(original.len(), |&o| o as usize);
        let to = match end.checked_sub(1).and_then(|last| self.map.get(last)) {
            Some(&o) => {
                let o = o as usize;
                o + original[o..].chars().next().map_or(0, char::len_utf8)
            }
            None => from,
        };
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
    // Each distinct normalised excerpt once, numbered in order of first appearance; the
    // normalisation goes into one reused buffer, and only a new excerpt is copied out of it.
    let mut ids: FastMap<String, usize> = FastMap::default();
    let mut normal = String::new();
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
        normalize_into(excerpt, &mut normal);
        if normal.is_empty() {
            continue; // the loader reports empty excerpts
        }
        let id = match ids.get(normal.as_str()) {
            Some(&id) => id,
            None => {
                let id = ids.len();
                ids.insert(normal.as_str().to_owned(), id);
                id
            }
        };
        excerpts.push((owner, id));
    }
    if ids.is_empty() {
        return Vec::new();
    }
    let mut patterns: Vec<&str> = vec![""; ids.len()];
    for (pattern, &id) in &ids {
        patterns[id] = pattern;
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
            closest(patterns[id], &normalized, &source.file.text)
        });
        reported[id] = true;
        // An ellipsis leaving words out is how quotations are cut, but an excerpt is one
        // stretch of the source: said so when every part around it is in the source.
        let elided = elided_parts_found(patterns[id], &normalized.text);
        let help = match (elided, closest.flatten()) {
            (true, passage) => {
                if let Some(passage) = passage {
                    let span = normalized.original(passage.start, passage.end, &source.file.text);
                    diagnostic = diagnostic.secondary(&source.file, span, passage.label);
                }
                "an excerpt is one stretch of the source and cannot leave words out with `…`: \
                 quote each part as an excerpt of its own"
            }
            (false, Some(passage)) => {
                let span = normalized.original(passage.start, passage.end, &source.file.text);
                diagnostic = diagnostic.secondary(&source.file, span, passage.label);
                "evidence quotes the source exactly (only line breaks, spaces, quote and dash \
                 styles may differ); copy the passage from the source"
            }
            (false, None) => {
                "evidence quotes the source exactly (only line breaks, spaces, quote and dash \
                 styles may differ)"
            }
        };
        diagnostic = diagnostic.help(help);
        findings.push(diagnostic);
    }
    findings
}

/// Whether `excerpt` (normalised) leaves words out with an ellipsis (`…` or `...`), each part
/// around it being in the source (`source`, normalised) as it is.
fn elided_parts_found(excerpt: &str, source: &str) -> bool {
    if !excerpt.contains('…') && !excerpt.contains("...") {
        return false;
    }
    let parts: Vec<&str> = (excerpt.split('…'))
        .flat_map(|part| part.split("..."))
        .map(|part| part.trim_matches(|c: char| c == ' ' || c == '.'))
        .filter(|part| !part.is_empty())
        .collect();
    parts.len() > 1 && parts.iter().all(|part| source.contains(part))
}

/// Bytes of an excerpt's start that the scan indexes (one `u64`).
const ANCHOR: usize = 8;

/// Which patterns occur in `haystack`, in one pass; stops once all have been seen.
///
/// An automaton over every whole excerpt of a large deck costs far more to build than the
/// scan saves, so instead each source position's next 8 bytes are looked up in a table of
/// the excerpts' first 8 bytes, and only on a hit are the excerpts starting with them
/// compared with the source there (a binary search among them, sorted: see
/// [`Run::prefixes_at`]). Excerpts shorter than that are few and short: an Aho-Corasick
/// automaton finds them.
fn find_all(patterns: &[&str], haystack: &str) -> Vec<bool> {
    let mut found = vec![false; patterns.len()];
    let (short, long): (Vec<usize>, Vec<usize>) =
        (0..patterns.len()).partition(|&i| patterns[i].len() < ANCHOR);
    let mut missing = patterns.len();
    if !short.is_empty() {
        let short_patterns = short.iter().map(|&i| patterns[i]);
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
                    if haystack.contains(patterns[i]) {
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
    // The long patterns sorted: those with one anchor are a run, found by the table. A run
    // keeps only what follows the anchor (equal within it) of each pattern.
    let mut sorted = long;
    sorted.sort_unstable_by(|&a, &b| patterns[a].cmp(patterns[b]));
    let sorted: Vec<(&[u8], usize)> = sorted
        .into_iter()
        .map(|i| (patterns[i].as_bytes(), i))
        .collect();
    let mut runs = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let anchor = anchor_of(sorted[start].0);
        let end = start + sorted[start..].partition_point(|(p, _)| anchor_of(p) == anchor);
        runs.push(Run::new(anchor, &sorted[start..end]));
        start = end;
    }
    let table = Anchors::new(&runs);
    let hay = haystack.as_bytes();
    for at in 0..(hay.len() + 1).saturating_sub(ANCHOR) {
        let Some(run) = table.get(anchor_of(&hay[at..])) else {
            continue;
        };
        runs[run].prefixes_at(&hay[at + ANCHOR..], |id| {
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

/// The first 8 bytes of `bytes` as a big-endian number, zeros after a shorter one. Where two
/// keys differ, their byte strings order the same way (a string that is a prefix of another
/// gets zeros where the other has bytes, so it sorts first, as it does); equal keys say
/// nothing, and their strings are compared in full.
fn key8(bytes: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    let n = bytes.len().min(8);
    key[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(key)
}

fn anchor_of(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..ANCHOR].try_into().expect("at least ANCHOR bytes"))
}

/// The long patterns that start with one anchor.
struct Run<'a> {
    anchor: u64,
    /// Each pattern after its anchor, sorted, with the pattern's id.
    tails: Vec<(&'a [u8], usize)>,
    /// The first 8 bytes of each tail ([`key8`]), side by side: a binary search among
    /// thousands of tails compares these and reads a tail only where they are equal, so it
    /// stays in cache (reading the tails themselves made a run of tens of thousands of
    /// excerpts sharing their first words cost several times more per hit).
    keys: Vec<u64>,
    /// `shortest[k]` is the length of the shortest of `tails[..=k]`.
    shortest: Vec<usize>,
    /// `within[k]` is the longest other tail that is a prefix of `tails[k]`, if any.
    within: Vec<Option<u32>>,
}

impl<'a> Run<'a> {
    /// The run of `sorted`, patterns (sorted) that all start with `anchor`.
    fn new(anchor: u64, sorted: &[(&'a [u8], usize)]) -> Run<'a> {
        let tails: Vec<(&[u8], usize)> = sorted.iter().map(|&(p, id)| (&p[ANCHOR..], id)).collect();
        let mut shortest = Vec::with_capacity(tails.len());
        let mut within = Vec::with_capacity(tails.len());
        // The prefixes of a tail sort before it: keep a stack of tails each a prefix of the
        // next, and pop those that are not a prefix of the current one.
        let mut stack: Vec<usize> = Vec::new();
        for (k, &(tail, _)) in tails.iter().enumerate() {
            shortest.push(
                shortest
                    .last()
                    .map_or(tail.len(), |&s: &usize| s.min(tail.len())),
            );
            while stack
                .last()
                .is_some_and(|&top| !tail.starts_with(tails[top].0))
            {
                stack.pop();
            }
            within.push(stack.last().map(|&top| top as u32));
            stack.push(k);
        }
        Run {
            anchor,
            keys: tails.iter().map(|(tail, _)| key8(tail)).collect(),
            tails,
            shortest,
            within,
        }
    }

    /// Calls `hit` with the id of every pattern of the run that is a prefix of `text` (what
    /// follows the anchor in the source).
    ///
    /// The greatest tail `x` not above `text` is the longest candidate. When `x` is a prefix of
    /// `text`, the others are exactly the tails that are prefixes of `x` (known in advance:
    /// [`Run::within`]). Otherwise any other tail that is a prefix of `text` is below `x` and no
    /// longer than the common prefix of `x` and `text` (else it would sort above `x`), so
    /// repeat on that shorter prefix: each step is one binary search, and a run of thousands
    /// of excerpts sharing their first words costs a few. It stops as soon as every remaining
    /// candidate is longer than the prefix left.
    fn prefixes_at(&self, text: &[u8], mut hit: impl FnMut(usize)) {
        let mut text = text;
        let mut left = self.tails.len(); // candidates: `tails[..left]`
        while left > 0 && self.shortest[left - 1] <= text.len() {
            // `tails[..left].partition_point(|(p, _)| *p <= text)`, by their keys first.
            let first = key8(text);
            let (mut low, mut high) = (0, left);
            while low < high {
                let mid = low + (high - low) / 2;
                let at_or_below = match self.keys[mid].cmp(&first) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Greater => false,
                    std::cmp::Ordering::Equal => self.tails[mid].0 <= text,
                };
                if at_or_below {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            let below = low;
            let Some(x) = below.checked_sub(1) else {
                return;
            };
            let tail = self.tails[x].0;
            let common = tail.iter().zip(text).take_while(|(a, b)| a == b).count();
            if common == tail.len() {
                let mut next = Some(x);
                while let Some(k) = next {
                    hit(self.tails[k].1);
                    next = self.within[k].map(|k| k as usize);
                }
                return;
            }
            text = &text[..common];
            left = x;
        }
    }
}

/// An open-addressing table from anchors to runs: the scan looks up every position of the
/// source, and almost all miss, so a miss must cost one probe. Sized by the number of runs
/// (not patterns: excerpts often share their first words) and with key and value in one
/// slot, so that it stays small and a probe touches one cache line.
///
/// With many distinct openings (a real deck's excerpts start anywhere) the table outgrows the
/// processor's caches and a probe of it costs a memory access, so a filter in front of it
/// answers most misses from cache: a blocked Bloom filter, about 16 bits per run (a few
/// hundred KB for 100k runs), two bits per anchor in one 64-bit word (about 2% of misses
/// pass it).
struct Anchors {
    /// `(anchor, run index + 1)`; 0 marks a free slot.
    slots: Vec<(u64, u32)>,
    shift: u32,
    filter: Vec<u64>,
    filter_shift: u32,
}

impl Anchors {
    fn new(runs: &[Run]) -> Anchors {
        let len = (2 * runs.len()).next_power_of_two().max(2);
        let words = (runs.len() / 4).next_power_of_two().max(1);
        let mut table = Anchors {
            slots: vec![(0, 0); len],
            shift: 64 - len.trailing_zeros(),
            filter: vec![0; words],
            filter_shift: 64 - words.trailing_zeros(),
        };
        let mask = len - 1;
        for (index, run) in runs.iter().enumerate() {
            let (word, bits) = table.bits(run.anchor);
            table.filter[word] |= bits;
            let mut i = table.slot(run.anchor);
            while table.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            table.slots[i] = (run.anchor, index as u32 + 1);
        }
        table
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The filter word of `key` (the top bits of a product) and its two bits in it (from
    /// the middle bits, which do not overlap those for any table of under 2^20 words).
    fn bits(&self, key: u64) -> (usize, u64) {
        let h = key.wrapping_mul(0xff51_afd7_ed55_8ccd);
        let word = if self.filter_shift == 64 {
            0
        } else {
            (h >> self.filter_shift) as usize
        };
        (word, (1 << ((h >> 32) & 63)) | (1 << ((h >> 38) & 63)))
    }

    /// The index of the run of `key`.
    fn get(&self, key: u64) -> Option<usize> {
        let (word, bits) = self.bits(key);
        if self.filter[word] & bits != bits {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            match self.slots[i] {
                (_, 0) => return None,
                (k, run) if k == key => return Some(run as usize - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// The passage of the source closest to a missing excerpt, in normalised offsets.
struct Passage {
    start: usize,
    end: usize,
    label: String,
}

/// Anchors on the longest run of the excerpt's words that occurs in the source (binary search
/// on the run length from each word: if a run occurs, so do its prefixes), then aligns the
/// excerpt's words with the source's words around the anchor ([`align`]). The passage runs
/// from the source word matching the excerpt's first word to the one matching its last, and
/// the label names the first difference.
fn closest(excerpt: &str, source: &Normalized, original: &str) -> Option<Passage> {
    let text = source.text.as_str();
    let words: Vec<(usize, usize)> = word_ranges(excerpt);
    // (length in bytes, first word, number of words, source offset)
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for (i, &(start, _)) in words.iter().enumerate() {
        let longest_possible = excerpt.len() - start;
        if best.is_some_and(|(len, ..)| len >= longest_possible) {
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
                    at = Some((end - start, mid, pos));
                }
                None => hi = mid - 1,
            }
        }
        if let Some((len, count, pos)) = at
            && best.is_none_or(|(b, ..)| len > b)
        {
            best = Some((len, i, count, pos));
        }
    }
    let (len, first, count, pos) = best?;
    // The source's words around the anchor: as many before and after it as the excerpt has,
    // and some slack for words the excerpt leaves out.
    let slack = (4 + words.len() / 2).min(MAX_SLACK);
    let after = words.len() - first - count;
    let from = words_back(text, pos, first + slack);
    let to = words_forward(text, pos + len, after + slack);
    let window: Vec<(usize, usize)> = word_ranges(&text[from..to])
        .into_iter()
        .map(|(s, e)| (from + s, from + e))
        .collect();
    let ours: Vec<&str> = words.iter().map(|&(s, e)| &excerpt[s..e]).collect();
    let theirs: Vec<&str> = window.iter().map(|&(s, e)| &text[s..e]).collect();
    // The source's words as it writes them (`—`, not the `-` it is compared as), to show.
    let shown: Vec<&str> = (window.iter())
        .map(|&(s, e)| &original[source.original(s, e, original)])
        .collect();
    // Where the excerpt's first word would be, were no word left out or added before the
    // anchor; where its last word should be: as many words after the anchor's end.
    let anchor = window.partition_point(|&(s, _)| s <= pos) - 1;
    let anchor_end = window.partition_point(|&(s, _)| s < pos + len);
    let ops = align(
        &ours,
        &theirs,
        anchor as isize - first as isize,
        slack,
        anchor_end + after,
    );
    let first_theirs = ops.iter().find_map(Op::theirs)?;
    let last_theirs = ops.iter().rev().find_map(Op::theirs)?;
    // An excerpt may start or end inside a source word: the passage starts and ends there.
    let (mut start, mut end) = (window[first_theirs].0, window[last_theirs].1);
    let single = words.len() == 1;
    if let Some(&Op::Same(0, j)) = ops.first()
        && ours[0] != theirs[j]
    {
        start += if single {
            theirs[j].find(ours[0]).unwrap_or(0)
        } else {
            theirs[j].len() - ours[0].len()
        };
    }
    if let Some(&Op::Same(i, j)) = ops.last()
        && i + 1 == words.len()
        && ours[i] != theirs[j]
    {
        end = if single { start } else { window[j].0 } + ours[i].len();
    }
    let label = describe(&ops, &ours, (&theirs, &shown), end == text.len());
    Some(Passage { start, end, label })
}

/// The start of the word at `pos` (a byte offset of normalised text), and `count` words back.
fn words_back(text: &str, pos: usize, count: usize) -> usize {
    let mut at = text[..pos].rfind(' ').map_or(0, |p| p + 1);
    for _ in 0..count {
        if at == 0 {
            break;
        }
        at = text[..at - 1].rfind(' ').map_or(0, |p| p + 1);
    }
    at
}

/// The end of the word that ends at or runs past `end`, and `count` words on.
fn words_forward(text: &str, end: usize, count: usize) -> usize {
    let mut at = text[end..].find(' ').map_or(text.len(), |p| end + p);
    for _ in 0..count {
        if at >= text.len() {
            break;
        }
        at = text[at + 1..].find(' ').map_or(text.len(), |p| at + 1 + p);
    }
    at
}

/// One step of an alignment of the excerpt's words (`i`) with the source's (`j`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// The same word (the excerpt's first word may be the end of the source's, its last word
    /// the start of it).
    Same(usize, usize),
    /// A word the excerpt changed (spelling, case, punctuation, or another word).
    Changed(usize, usize),
    /// A word of the excerpt that the source does not have.
    Extra(usize),
    /// A word of the source that the excerpt leaves out.
    Missing(usize),
}

impl Op {
    fn theirs(&self) -> Option<usize> {
        match *self {
            Op::Same(_, j) | Op::Changed(_, j) | Op::Missing(j) => Some(j),
            Op::Extra(_) => None,
        }
    }

    fn ours(&self) -> Option<usize> {
        match *self {
            Op::Same(i, _) | Op::Changed(i, _) | Op::Extra(i) => Some(i),
            Op::Missing(_) => None,
        }
    }
}

/// At most this many words of the source around the anchor are searched for words an excerpt
/// leaves out or adds, on each side.
const MAX_SLACK: usize = 32;

/// The cost of leaving a word out, or of an extra one.
const GAP: u32 = 2;

/// The cost of aligning our word `i` with their word `j`: 0 the same, 1 the same but for case
/// or punctuation, 2 a similar spelling, 3 another word (cheaper than a gap on each side).
///
/// Past the excerpt's first or last word the source's words are free, so there a changed word
/// competes with a single gap: a similar spelling costs as much, so that an excerpt's
/// misspelt first or last word is still matched (the end nearest the expected one wins the
/// tie), and so does another word that could stand in the source's ([`stands_in`]: `stairs`
/// for `steps`). Any other word there is taken for an extra one (`daily` after `steps`, where
/// the source goes on with `to`).
fn cost(ours: &[&str], i: usize, theirs: &str) -> u32 {
    let word = ours[i];
    let last = i + 1 == ours.len();
    let end = i == 0 || last;
    if word == theirs
        || (i == 0 && last && theirs.contains(word))
        || (i == 0 && theirs.ends_with(word))
        || (last && theirs.starts_with(word))
    {
        0
    } else if unlike(word, theirs) {
        if end && stands_in(word, theirs) { 2 } else { 3 }
    } else if difference_in(word, theirs).is_some() {
        1
    } else if alike(word, theirs) || (end && stands_in(word, theirs)) {
        2
    } else {
        3
    }
}

/// Whether a word of the excerpt could stand in another of the source, as a changed word
/// rather than an extra one: both start alike (a capital, a small letter or a digit) and the
/// shorter has more than half the letters and digits of the longer.
fn stands_in(ours: &str, theirs: &str) -> bool {
    fn kind(w: &str) -> Option<u8> {
        let c = w.chars().find(|c| c.is_alphanumeric())?;
        Some(if c.is_numeric() {
            0
        } else if c.is_uppercase() {
            1
        } else {
            2
        })
    }
    fn letters(w: &str) -> usize {
        w.chars().filter(|c| c.is_alphanumeric()).count()
    }
    let (a, b) = (letters(ours), letters(theirs));
    kind(ours).is_some() && kind(ours) == kind(theirs) && 2 * a.min(b) > a.max(b)
}

/// A quick answer for most pairs of words: their first characters are letters or digits
/// that differ even in case, and their last characters differ (ASCII only), so they differ
/// in more than case or punctuation and are not [`alike`].
fn unlike(ours: &str, theirs: &str) -> bool {
    let (a, b) = (ours.as_bytes(), theirs.as_bytes());
    let (first, last) = ((a[0], b[0]), (a[a.len() - 1], b[b.len() - 1]));
    first.0.is_ascii_alphanumeric()
        && first.1.is_ascii_alphanumeric()
        && !first.0.eq_ignore_ascii_case(&first.1)
        && last.0.is_ascii()
        && last.1.is_ascii()
        && last.0 != last.1
}

/// Whether two different words differ only in case or punctuation, and which (compared a
/// character at a time: the alignment asks this of most pairs of words).
fn difference_in(ours: &str, theirs: &str) -> Option<&'static str> {
    fn folded(w: &str) -> impl Iterator<Item = char> + '_ {
        w.chars().flat_map(char::to_lowercase)
    }
    fn letters(w: &str) -> impl Iterator<Item = char> + '_ {
        w.chars().filter(|c| c.is_alphanumeric())
    }
    if folded(ours).eq(folded(theirs)) {
        Some("case")
    } else if letters(ours).eq(letters(theirs)) {
        Some("punctuation")
    } else if letters(ours)
        .flat_map(char::to_lowercase)
        .eq(letters(theirs).flat_map(char::to_lowercase))
    {
        Some("case and punctuation")
    } else {
        None
    }
}

/// Whether two words look like one spelt two ways: their common start and end make up at
/// least 60% of the longer one.
fn alike(ours: &str, theirs: &str) -> bool {
    let (a, b) = (ours.chars().count(), theirs.chars().count());
    let head = ours
        .chars()
        .zip(theirs.chars())
        .take_while(|(x, y)| x == y)
        .count();
    let tail = ours
        .chars()
        .rev()
        .zip(theirs.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    5 * (head + tail).min(a.min(b)) >= 3 * a.max(b)
}

/// The cheapest alignment of all of `ours` with a run of `theirs` (words of the source before
/// and after the run are free): edit distance over words ([`cost`], [`GAP`]); of equal
/// costs, the one with more words the same (an excerpt's last word found after a word it
/// leaves out, rather than taken for an extra one). Of equally good ends, the one nearest
/// `expected_end` (a word index of `theirs`, exclusive); on the way back a changed word is
/// preferred to a gap.
///
/// Only alignments that keep each of our words `i` within `band` words of `theirs[offset +
/// i]` (where it would be with no word left out or added) are tried, so that a long excerpt
/// costs its length times the band, not its length squared.
fn align(
    ours: &[&str],
    theirs: &[&str],
    offset: isize,
    band: usize,
    expected_end: usize,
) -> Vec<Op> {
    // Costs weigh far more than a word the same, which counts one less.
    const WEIGHT: i64 = 1 << 32;
    let step = |c: u32| i64::from(c) * WEIGHT - i64::from(c == 0);
    let gap = i64::from(GAP) * WEIGHT;
    let (n, m) = (ours.len(), theirs.len());
    let width = m + 1;
    let unreachable = i64::MAX / 4;
    let mut d = vec![unreachable; (n + 1) * width];
    d[..width].fill(0);
    for i in 1..=n {
        d[i * width] = i as i64 * gap;
        // Cell `(i, j)` aligns `ours[..i]` with a run of `theirs` ending at `j`.
        let mid = offset + i as isize;
        let from = (mid - band as isize).max(1) as usize;
        let to = (mid + band as isize).clamp(0, m as isize) as usize;
        for j in from..=to {
            let diagonal = d[(i - 1) * width + j - 1] + step(cost(ours, i - 1, theirs[j - 1]));
            let extra = d[(i - 1) * width + j] + gap;
            let missing = d[i * width + j - 1] + gap;
            d[i * width + j] = diagonal.min(extra).min(missing);
        }
    }
    let mut j = (0..=m)
        .min_by_key(|&j| (d[n * width + j], j.abs_diff(expected_end)))
        .unwrap_or(0);
    let mut i = n;
    let mut ops = Vec::with_capacity(n + 4);
    while i > 0 {
        let here = d[i * width + j];
        if j > 0 {
            let c = cost(ours, i - 1, theirs[j - 1]);
            if here == d[(i - 1) * width + j - 1] + step(c) {
                i -= 1;
                j -= 1;
                ops.push(if c == 0 {
                    Op::Same(i, j)
                } else {
                    Op::Changed(i, j)
                });
                continue;
            }
        }
        if here == d[(i - 1) * width + j] + gap {
            i -= 1;
            ops.push(Op::Extra(i));
        } else {
            j -= 1;
            ops.push(Op::Missing(j));
        }
    }
    ops.reverse();
    ops
}

/// The label of a closest passage: its first difference from the excerpt, in words, and how
/// many more there are.
/// `theirs` are the source's words as compared, `shown` as written.
fn describe(
    ops: &[Op],
    ours: &[&str],
    (theirs, shown): (&[&str], &[&str]),
    at_source_end: bool,
) -> String {
    // Runs of differences between words that are the same.
    let mut hunks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if matches!(ops[k], Op::Same(..)) {
            k += 1;
            continue;
        }
        let start = k;
        while k < ops.len() && !matches!(ops[k], Op::Same(..)) {
            k += 1;
        }
        hunks.push(start..k);
    }
    let Some(hunk) = hunks.first().cloned() else {
        return "closest passage".to_string();
    };
    let quote = |words: Vec<&str>| format!("`{}`", words.join(" "));
    let our_words: Vec<&str> = ops[hunk.clone()]
        .iter()
        .filter_map(Op::ours)
        .map(|i| ours[i])
        .collect();
    let their_indices: Vec<usize> = ops[hunk.clone()].iter().filter_map(Op::theirs).collect();
    let their_words: Vec<&str> = their_indices.iter().map(|&j| shown[j]).collect();
    let before = ops[..hunk.start].iter().rev().find_map(Op::ours);
    let after = ops[hunk.end..].iter().find_map(Op::ours);
    let first = match (our_words.is_empty(), their_words.is_empty()) {
        (true, _) => match (before, after) {
            (Some(i), _) => format!("missing {} after `{}`", quote(their_words), ours[i]),
            (None, Some(i)) => format!("missing {} before `{}`", quote(their_words), ours[i]),
            (None, None) => format!("missing {}", quote(their_words)),
        },
        (false, true) => match (after, before) {
            (Some(i), _) => format!("extra {} before `{}`", quote(our_words), ours[i]),
            (None, Some(i)) if at_source_end => format!(
                "extra {} after `{}`, where the source ends",
                quote(our_words),
                ours[i]
            ),
            (None, Some(i)) => format!("extra {} after `{}`", quote(our_words), ours[i]),
            (None, None) => format!("extra {}", quote(our_words)),
        },
        (false, false) => {
            let kind = match (our_words.as_slice(), their_indices.as_slice()) {
                ([a], [j]) => difference_in(a, theirs[*j]),
                _ => None,
            };
            let differs = kind.map_or("differs".to_string(), |k| format!("differs in {k}"));
            format!(
                "{differs} at {}: the source has {}",
                quote(our_words),
                quote(their_words)
            )
        }
    };
    match hunks.len() - 1 {
        0 => format!("closest passage ({first})"),
        1 => format!("closest passage ({first}; 1 more difference)"),
        more => format!("closest passage ({first}; {more} more differences)"),
    }
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

    /// The normalisation one character at a time, as it was before the fast path.
    fn normalize_slowly(text: &str) -> String {
        let mut out = String::new();
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

    proptest::proptest! {
        /// The fast path changes nothing: same text as one character at a time, and as the
        /// offset-mapped normalisation.
        #[test]
        fn fast_normalisation_is_the_slow_one(
            text in "[ab.\t\n\r\u{0B}\u{0C} \u{85}\u{A0}\u{2003}\u{3000}\u{2019}\u{201C}\u{2013}\u{2212}é\u{1F600}]{0,40}",
        ) {
            let fast = normalize(&text);
            proptest::prop_assert_eq!(&fast, &normalize_slowly(&text));
            proptest::prop_assert_eq!(&fast, &Normalized::new(&text).text);
        }
    }

    #[test]
    fn finds_overlapping_and_nested_excerpts() {
        let patterns = ["quick brown", "brown fox", "own", "lazy cat"];
        assert_eq!(
            find_all(&patterns, "the quick brown fox"),
            [true, true, true, false]
        );
    }

    proptest::proptest! {
        /// Excerpts sharing long starts (a small alphabet, with zero bytes) and short ones:
        /// found exactly when the text contains them.
        #[test]
        fn finds_exactly_the_contained_excerpts(
            haystack in "[ab\\x00 ]{0,200}",
            patterns in proptest::collection::vec("[ab\\x00 ]{1,26}", 1..40),
        ) {
            let want: Vec<bool> = patterns.iter().map(|p| haystack.contains(p.as_str())).collect();
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(find_all(&patterns, &haystack), want);
        }
    }

    /// Thousands of excerpts with distinct openings (a filter of many words in front of the
    /// anchor table): found exactly when the text contains them.
    #[test]
    fn finds_many_excerpts_with_distinct_openings() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let words = [
            "harbour", "pier", "salt", "quay", "gull", "tide", "rope", "crane",
        ];
        let mut haystack = String::new();
        for i in 0..4000 {
            haystack.push_str(words[next(words.len())]);
            haystack.push_str(&format!(" {} ", i * 7 % 1000));
        }
        let mut owned: Vec<String> = Vec::new();
        for _ in 0..3000 {
            let start = next(haystack.len() - 40);
            let len = 1 + next(30);
            // Cut on character boundaries (the haystack is ASCII); half are then changed.
            let mut excerpt = haystack[start..start + len].to_string();
            if next(2) == 0 {
                excerpt.push('#');
            }
            owned.push(excerpt);
        }
        let patterns: Vec<&str> = owned.iter().map(String::as_str).collect();
        let want: Vec<bool> = patterns.iter().map(|p| haystack.contains(p)).collect();
        assert!(want.iter().any(|&w| w) && want.iter().any(|&w| !w));
        assert_eq!(find_all(&patterns, &haystack), want);
    }

    #[test]
    fn an_ellipsis_is_blamed_when_the_parts_around_it_are_in_the_source() {
        let source = "He said: wait... then the engine was never built.";
        assert!(elided_parts_found("He said: wait … never built", source));
        assert!(elided_parts_found("He said: wait ... never built.", source));
        // The source has the ellipsis: a typo is to blame, not the ellipsis.
        assert!(!elided_parts_found(
            "He sayd: wait... then the engine",
            source
        ));
        assert!(!elided_parts_found("He said: wait … never bilt", source));
        assert!(!elided_parts_found("never built", source));
        assert!(!elided_parts_found("… never built", source));
    }

    #[test]
    fn closest_passage_names_the_difference() {
        let text = "The council will boos trade with the islands.";
        let source = Normalized::new(text);
        let p = closest("council will boost trade", &source, text).unwrap();
        assert_eq!(&source.text[p.start..p.end], "council will boos trade");
        assert_eq!(
            p.label,
            "closest passage (differs at `boost`: the source has `boos`)"
        );
        assert!(closest("nothing alike", &source, text).is_none());
        // The source's words are shown as it writes them, not as they are compared (QA: it
        // said the source has `-` where it has `—`).
        let text = "41,000 visitors last year \u{2014} up 12% on the year before.";
        let source = Normalized::new(text);
        let p = closest("visitors last year -- up 12% on", &source, text).unwrap();
        assert_eq!(
            p.label,
            "closest passage (differs in punctuation at `--`: the source has `\u{2014}`)"
        );
    }

    /// The closest passage to `excerpt` in `source`: the text it covers and its label.
    fn passage(source: &str, excerpt: &str) -> (String, String) {
        let original = source;
        let source = Normalized::new(source);
        let p = closest(&normalize(excerpt), &source, original).expect("a closest passage");
        (source.text[p.start..p.end].to_string(), p.label)
    }

    const SECURITY: &str = "Reuters reported. Austin had met with Indian Prime Minister \
        Narendra Modi on Friday in the first visit. India and the US are members of the Quad, \
        or Quadrilateral Security Dialogue, which also includes Australia and Japan. In \
        response, Washington provided New Delhi with surveillance drones and cold-weather gear.";

    #[test]
    fn closest_passage_with_a_missing_word() {
        assert_eq!(
            passage(
                SECURITY,
                "Austin had met Indian Prime Minister Narendra Modi on Friday"
            ),
            (
                "Austin had met with Indian Prime Minister Narendra Modi on Friday".into(),
                "closest passage (missing `with` after `met`)".into()
            )
        );
        assert_eq!(
            passage(
                SECURITY,
                "Washington provided New Delhi with drones and cold-weather gear"
            ),
            (
                "Washington provided New Delhi with surveillance drones and cold-weather gear"
                    .into(),
                "closest passage (missing `surveillance` after `with`)".into()
            )
        );
        // Just before the excerpt's last word: still left out, not changed.
        assert_eq!(
            passage(SECURITY, "Austin had met Indian"),
            (
                "Austin had met with Indian".into(),
                "closest passage (missing `with` after `met`)".into()
            )
        );
    }

    #[test]
    fn closest_passage_with_an_extra_word() {
        assert_eq!(
            passage(SECURITY, "the Quad, or the Quadrilateral Security Dialogue"),
            (
                "the Quad, or Quadrilateral Security Dialogue".into(),
                "closest passage (extra `the` before `Quadrilateral`)".into()
            )
        );
        assert_eq!(
            passage(SECURITY, "then Austin had met with Indian Prime Minister"),
            (
                "Austin had met with Indian Prime Minister".into(),
                "closest passage (extra `then` before `Austin`)".into()
            )
        );
    }

    #[test]
    fn closest_passage_with_a_changed_word() {
        assert_eq!(
            passage(
                SECURITY,
                "Washington gave New Delhi with surveillance drones"
            ),
            (
                "Washington provided New Delhi with surveillance drones".into(),
                "closest passage (differs at `gave`: the source has `provided`)".into()
            )
        );
        // Several words for one.
        assert_eq!(
            passage(SECURITY, "includes Australia as well as Japan. In response"),
            (
                "includes Australia and Japan. In response".into(),
                "closest passage (differs at `as well as`: the source has `and`)".into()
            )
        );
    }

    const LIGHTHOUSE: &str = "The lighthouse opened in 1887. Visitors can climb 187 steps to \
        the lamp room, which has been restored, and the keeper's cottage shows its \
        history.";

    /// An excerpt's first or last word replaced with another word: a change (and the passage
    /// covers the source's word), as in the middle and as for a misspelling; a word unlike the
    /// source's there (`daily` where it has `to`) is still extra.
    #[test]
    fn closest_passage_with_a_changed_first_or_last_word() {
        for (excerpt, text, label) in [
            // The last word.
            (
                "Visitors can climb 187 stairs",
                "Visitors can climb 187 steps",
                "differs at `stairs`: the source has `steps`",
            ),
            (
                "climb 187 steps to the lamp rooms",
                "climb 187 steps to the lamp room,",
                "differs at `rooms`: the source has `room,`",
            ),
            // The first word.
            (
                "Tourists can climb 187 steps",
                "Visitors can climb 187 steps",
                "differs at `Tourists`: the source has `Visitors`",
            ),
            // A number.
            (
                "The lighthouse opened in 1877.",
                "The lighthouse opened in 1887.",
                "differs at `1877.`: the source has `1887.`",
            ),
            // In the middle.
            (
                "Visitors can reach 187 steps",
                "Visitors can climb 187 steps",
                "differs at `reach`: the source has `climb`",
            ),
            // A misspelling, at either end.
            (
                "Visitors can climb 187 stepz",
                "Visitors can climb 187 steps",
                "differs at `stepz`: the source has `steps`",
            ),
            (
                "Visiters can climb 187 steps",
                "Visitors can climb 187 steps",
                "differs at `Visiters`: the source has `Visitors`",
            ),
            // Both ends.
            (
                "Tourists can climb 187 stairs",
                "Visitors can climb 187 steps",
                "differs at `Tourists`: the source has `Visitors`; 1 more difference",
            ),
            // A word added at the end or start, unlike the source's word there.
            (
                "Visitors can climb 187 steps daily",
                "Visitors can climb 187 steps",
                "extra `daily` after `steps`",
            ),
            (
                "Today Visitors can climb 187 steps",
                "Visitors can climb 187 steps",
                "extra `Today` before `Visitors`",
            ),
            (
                "Visitors can climb 187 steps to reach the lamp room",
                "Visitors can climb 187 steps to the lamp room",
                "extra `reach` before `the`",
            ),
            // Past the end of the source: nothing to change.
            (
                "shows its history. Tours",
                "shows its history.",
                "extra `Tours` after `history.`, where the source ends",
            ),
        ] {
            assert_eq!(
                passage(LIGHTHOUSE, excerpt),
                (text.to_string(), format!("closest passage ({label})")),
                "{excerpt}"
            );
        }
    }

    #[test]
    fn closest_passage_names_case_and_punctuation() {
        assert_eq!(
            passage(SECURITY, "austin had met with Indian Prime Minister"),
            (
                "Austin had met with Indian Prime Minister".into(),
                "closest passage (differs in case at `austin`: the source has `Austin`)".into()
            )
        );
        assert_eq!(
            passage(
                SECURITY,
                "members of the Quad or Quadrilateral Security Dialogue"
            ),
            (
                "members of the Quad, or Quadrilateral Security Dialogue".into(),
                "closest passage (differs in punctuation at `Quad`: the source has `Quad,`)".into()
            )
        );
        // The first difference is named, and the others counted.
        assert_eq!(
            passage(SECURITY, "the Quad or the Quadrilateral Security Dialogue"),
            (
                "the Quad, or Quadrilateral Security Dialogue".into(),
                "closest passage (differs in punctuation at `Quad`: the source has `Quad,`; \
                 1 more difference)"
                    .into()
            )
        );
    }

    #[test]
    fn closest_passage_at_the_start_and_end_of_the_source() {
        let (text, label) = passage(SECURITY, "Reuter reported. Austin had met");
        assert_eq!(text, "Reuters reported. Austin had met");
        assert_eq!(
            label,
            "closest passage (differs at `Reuter`: the source has `Reuters`)"
        );
        assert_eq!(
            passage(SECURITY, "Reuters reportedly. Austin had met"),
            (
                "Reuters reported. Austin had met".into(),
                "closest passage (differs at `reportedly.`: the source has `reported.`)".into()
            )
        );
        assert_eq!(
            passage(SECURITY, "drones and cold-weather gear for Indian troops."),
            (
                "drones and cold-weather gear.".into(),
                "closest passage (differs at `gear for Indian troops.`: the source has \
                 `gear.`)"
                    .into()
            )
        );
        assert_eq!(
            passage(SECURITY, "drones and cold-weather gear. Then"),
            (
                "drones and cold-weather gear.".into(),
                "closest passage (extra `Then` after `gear.`, where the source ends)".into()
            )
        );
    }

    #[test]
    fn closest_passage_starts_and_ends_inside_words() {
        // An excerpt may start and end inside a word of the source: so does the passage.
        assert_eq!(
            passage(SECURITY, "ustin had met Indian Prime Minis"),
            (
                "ustin had met with Indian Prime Minis".into(),
                "closest passage (missing `with` after `met`)".into()
            )
        );
        // A one-word excerpt that is not in the source has no word in it either.
        let text = "The harbourmaster opened it.";
        assert!(closest("arbourmastr", &Normalized::new(text), text).is_none());
    }

    /// A long excerpt (its alignment is searched near the anchor only): the passage still
    /// covers all of it, and the differences far from the anchor are found.
    #[test]
    fn closest_passage_of_a_long_excerpt() {
        let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let source = words.join(" ");
        let mut excerpt: Vec<&str> = words[10..390].iter().map(String::as_str).collect();
        excerpt.remove(370); // w380
        excerpt.insert(5, "new");
        let (text, label) = passage(&source, &excerpt.join(" "));
        assert_eq!(text, words[10..390].join(" "));
        assert_eq!(
            label,
            "closest passage (extra `new` before `w15`; 1 more difference)"
        );
    }

    proptest::proptest! {
        /// Any excerpt and source (short words, multi-byte characters): a passage within the
        /// source, on character boundaries, that maps back to the original text.
        #[test]
        fn closest_passage_is_within_the_source(
            source in "[ab\u{e9}\u{2019}., \n]{0,80}",
            excerpt in "[ab\u{e9}., ]{1,30}",
        ) {
            let normalized = Normalized::new(&source);
            let excerpt = normalize(&excerpt);
            if excerpt.is_empty() {
                return Ok(());
            }
            if let Some(p) = closest(&excerpt, &normalized, &source) {
                proptest::prop_assert!(p.start <= p.end && p.end <= normalized.text.len());
                proptest::prop_assert!(normalized.text.is_char_boundary(p.start));
                proptest::prop_assert!(normalized.text.is_char_boundary(p.end));
                let span = normalized.original(p.start, p.end, &source);
                proptest::prop_assert!(span.end <= source.len());
                proptest::prop_assert!(p.label.starts_with("closest passage"));
            }
        }
    }
}
