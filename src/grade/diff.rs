//! The character diff shown under a misspelt answer.

use serde::Serialize;
use similar::{Algorithm, DiffTag};

/// One piece of a character diff. Comparison ignores case and diacritics; `Same` holds the
/// expected text's characters ([`typed_parts`] gives the typed ones). A replaced stretch is an
/// `Extra` followed by a `Missing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffPart {
    Same(String),
    /// In the expected answer, not typed.
    Missing(String),
    /// Typed, not in the expected answer.
    Extra(String),
}

/// Longest stretch of characters diffed; beyond it the rest is one part.
const MAX_DIFF_CHARS: usize = 300;

/// Case- and diacritic-insensitive character diff of `typed` against `expected`.
pub(super) fn diff(typed: &str, expected: &str) -> Vec<DiffPart> {
    let typed = typed.trim();
    let t: Vec<char> = typed.chars().take(MAX_DIFF_CHARS).collect();
    let e: Vec<char> = expected.chars().take(MAX_DIFF_CHARS).collect();
    let tf: Vec<char> = t.iter().map(|&c| fold_char(c)).collect();
    let ef: Vec<char> = e.iter().map(|&c| fold_char(c)).collect();
    let mut parts: Vec<DiffPart> = Vec::new();
    let collect = |chars: &[char], range: std::ops::Range<usize>| chars[range].iter().collect();
    for op in similar::capture_diff_slices(Algorithm::Myers, &ef, &tf) {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push_part(&mut parts, DiffPart::Same(collect(&e, old))),
            DiffTag::Delete => push_part(&mut parts, DiffPart::Missing(collect(&e, old))),
            DiffTag::Insert => push_part(&mut parts, DiffPart::Extra(collect(&t, new))),
            DiffTag::Replace => {
                push_part(&mut parts, DiffPart::Extra(collect(&t, new)));
                push_part(&mut parts, DiffPart::Missing(collect(&e, old)));
            }
        }
    }
    let typed_rest: String = typed.chars().skip(MAX_DIFF_CHARS).collect();
    if !typed_rest.is_empty() {
        push_part(&mut parts, DiffPart::Extra(typed_rest));
    }
    let expected_rest: String = expected.chars().skip(MAX_DIFF_CHARS).collect();
    if !expected_rest.is_empty() {
        push_part(&mut parts, DiffPart::Missing(expected_rest));
    }
    parts
}

/// The typed answer cut as the verdict's diff cut it: for each `Same` and `Extra` part of `parts`, in
/// order, the typed characters it stands for — a `Same` part holds the expected answer's
/// characters, which may differ from the typed ones in case and diacritics. `Missing` parts
/// stand for nothing typed and are left out. `typed` is the text the diff was made of; like
/// the diff, its surrounding whitespace is not part of it.
pub fn typed_parts(parts: &[DiffPart], typed: &str) -> Vec<DiffPart> {
    let mut chars = typed.trim().chars();
    let mut out: Vec<DiffPart> = Vec::new();
    for part in parts {
        match part {
            DiffPart::Same(t) => {
                // One typed character per expected one (the comparison folds characters one
                // to one); should `typed` not be what was diffed, fall back to the part.
                let taken: String = chars.by_ref().take(t.chars().count()).collect();
                let text = if taken.chars().count() == t.chars().count() {
                    taken
                } else {
                    t.clone()
                };
                push_part(&mut out, DiffPart::Same(text));
            }
            DiffPart::Extra(t) => {
                let _ = chars.by_ref().take(t.chars().count()).count();
                push_part(&mut out, DiffPart::Extra(t.clone()));
            }
            DiffPart::Missing(_) => {}
        }
    }
    out
}

/// How alike the two sides of a diff are, from 0 (nothing in common) to 1 (the same
/// without case and diacritics), and in how many places they differ (a replaced stretch is
/// one place). A wrong answer that shares little with the expected one gives a diff of noise.
pub fn diff_likeness(parts: &[DiffPart]) -> (f64, usize) {
    let (mut same, mut typed, mut expected, mut places) = (0, 0, 0, 0);
    let mut in_change = false;
    for part in parts {
        match part {
            DiffPart::Same(t) => {
                same += t.chars().count();
                in_change = false;
            }
            DiffPart::Extra(t) | DiffPart::Missing(t) => {
                if matches!(part, DiffPart::Extra(_)) {
                    typed += t.chars().count();
                } else {
                    expected += t.chars().count();
                }
                if !in_change {
                    places += 1;
                }
                in_change = true;
            }
        }
    }
    let total = 2 * same + typed + expected;
    let ratio = if total == 0 {
        1.0
    } else {
        (2 * same) as f64 / total as f64
    };
    (ratio, places)
}

/// Appends a diff part, merging it into the last one of the same kind.
fn push_part(parts: &mut Vec<DiffPart>, part: DiffPart) {
    if let Some(last) = parts.last_mut() {
        match (last, &part) {
            (DiffPart::Same(a), DiffPart::Same(b))
            | (DiffPart::Missing(a), DiffPart::Missing(b))
            | (DiffPart::Extra(a), DiffPart::Extra(b)) => {
                a.push_str(b);
                return;
            }
            _ => {}
        }
    }
    let empty = match &part {
        DiffPart::Same(s) | DiffPart::Missing(s) | DiffPart::Extra(s) => s.is_empty(),
    };
    if !empty {
        parts.push(part);
    }
}

/// One character compared without case or diacritics.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut base = lower;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(lower, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base
}
