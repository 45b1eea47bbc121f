//! List answers: a typed list cut into items and matched with the expected items, in order
//! or as a set.

use std::collections::HashSet;

use super::{Outcome, Verdict, text, text_match};

/// Drops a leading "and" or "&" from a list chunk ("a, b, and c").
pub(super) fn strip_and(chunk: &str) -> &str {
    let chunk = chunk.trim();
    for prefix in ["and ", "& "] {
        if chunk.len() > prefix.len()
            && chunk.is_char_boundary(prefix.len())
            && chunk[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return chunk[prefix.len()..].trim();
        }
    }
    chunk
}

/// Splits a chunk on " and " / " & " (any case).
pub(super) fn split_and(chunk: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = chunk;
    loop {
        let lower_pos = find_ci(rest, " and ").map(|p| (p, 5));
        let amp_pos = rest.find(" & ").map(|p| (p, 3));
        let next = match (lower_pos, amp_pos) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            Some((p, len)) => {
                parts.push(rest[..p].trim());
                rest = &rest[p + len..];
            }
            None => {
                parts.push(rest.trim());
                return parts;
            }
        }
    }
}

/// Byte position of an ASCII `needle` in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Splits a typed list into items: commas, semicolons, new lines, and "and" unless the "and"
/// belongs to an expected item ("Jamaica and Trinidad and Tobago" is two items).
fn split_items<'a>(typed: &'a str, item_keys: &[Vec<String>]) -> Vec<&'a str> {
    /// Most "and"-pieces one item may span.
    const MAX_SPAN: usize = 4;
    let mut items = Vec::new();
    for chunk in typed.split([',', ';', '\n']) {
        let chunk = strip_and(chunk);
        let pieces = split_and(chunk);
        let mut i = 0;
        while i < pieces.len() {
            let start = pieces[i].as_ptr() as usize - chunk.as_ptr() as usize;
            let span = |j: usize| {
                let last = pieces[j - 1];
                let end = last.as_ptr() as usize - chunk.as_ptr() as usize + last.len();
                &chunk[start..end]
            };
            let longest = (i + 2..=pieces.len().min(i + MAX_SPAN))
                .rev()
                .find(|&j| {
                    let key = text::key(span(j));
                    item_keys
                        .iter()
                        .flatten()
                        .any(|k| text_match(&key, k).is_some())
                })
                .unwrap_or(i + 1);
            let item = span(longest);
            if !text::key(item).is_empty() {
                items.push(item);
            }
            i = longest;
        }
    }
    match items[..] {
        // No separator at all: the words may still be the items, one after another (`Norway
        // Denmark Japan`).
        [one] if item_keys.len() > 1 => by_words(one, item_keys).unwrap_or(items),
        _ => items,
    }
}

/// `typed` cut between its words into items each exactly one of the expected items or their
/// other names (`Norway Denmark United States`), when it can be cut so throughout; `None`
/// otherwise. Only exact items: between words there is no telling a misspelt item from two.
fn by_words<'a>(typed: &'a str, item_keys: &[Vec<String>]) -> Option<Vec<&'a str>> {
    /// Most words of one item.
    const MAX_WORDS: usize = 6;
    let words: Vec<&str> = typed.split_whitespace().collect();
    if words.len() < 2 || words.len() > 64 {
        return None;
    }
    let text_of = |from: usize, to: usize| {
        let start = words[from].as_ptr() as usize - typed.as_ptr() as usize;
        let end = words[to - 1].as_ptr() as usize - typed.as_ptr() as usize + words[to - 1].len();
        &typed[start..end]
    };
    let is_item = |key: &str| item_keys.iter().flatten().any(|k| k == key);
    // `cut[j]`: where the item ending before word `j` starts, when words `..j` are items.
    let mut cut: Vec<Option<usize>> = vec![None; words.len() + 1];
    cut[0] = Some(0);
    for j in 1..=words.len() {
        cut[j] = (j.saturating_sub(MAX_WORDS)..j)
            .find(|&i| cut[i].is_some() && is_item(&text::key(text_of(i, j))));
    }
    cut[words.len()]?;
    let mut items = Vec::new();
    let mut j = words.len();
    while j > 0 {
        let i = cut[j]?;
        items.push(text_of(i, j));
        j = i;
    }
    items.reverse();
    Some(items)
}

/// Which typed items answer which expected items.
struct Matching {
    /// Typed items that answer an item, of which misspelt.
    right: usize,
    typos: usize,
    /// `used[i]`: item `i` is answered.
    used: Vec<bool>,
    /// `typed[k]`: typed item `k` answers an item.
    typed: Vec<bool>,
}

impl Matching {
    /// Nothing matched yet.
    fn none(typed: usize, items: usize) -> Matching {
        Matching {
            right: 0,
            typos: 0,
            used: vec![false; items],
            typed: vec![false; typed],
        }
    }

    /// Matches typed items to expected items as a set: exact matches first, then the closest
    /// misspelling.
    fn set(typed_keys: &[String], item_keys: &[Vec<String>]) -> Matching {
        let mut m = Matching::none(typed_keys.len(), item_keys.len());
        for (k, t) in typed_keys.iter().enumerate() {
            if let Some(i) = (0..item_keys.len()).find(|&i| !m.used[i] && item_keys[i].contains(t))
            {
                m.answer(k, i, false);
            }
        }
        for (k, t) in typed_keys.iter().enumerate() {
            if m.typed[k] {
                continue;
            }
            let best = (0..item_keys.len())
                .filter(|&i| !m.used[i])
                .filter_map(|i| best_match(t, &item_keys[i]).map(|d| (d, i)))
                .min();
            if let Some((_, i)) = best {
                m.answer(k, i, true);
            }
        }
        m
    }

    /// Matches typed item `k` to item `k`, in order.
    fn in_order(typed_keys: &[String], item_keys: &[Vec<String>]) -> Matching {
        let mut m = Matching::none(typed_keys.len(), item_keys.len());
        for (k, (t, keys)) in typed_keys.iter().zip(item_keys).enumerate() {
            if let Some(distance) = best_match(t, keys) {
                m.answer(k, k, distance > 0);
            }
        }
        m
    }

    fn answer(&mut self, typed: usize, item: usize, typo: bool) {
        self.typed[typed] = true;
        self.used[item] = true;
        self.right += 1;
        self.typos += usize::from(typo);
    }

    /// The items named again by a typed item that answers nothing: an item already answered
    /// (`India, India, Japan`), not one missing from the list.
    fn repeated<'i>(
        &self,
        typed_keys: &[String],
        item_keys: &[Vec<String>],
        items: &'i [String],
    ) -> Vec<&'i str> {
        let mut repeated = Vec::new();
        for (k, t) in typed_keys.iter().enumerate() {
            if self.typed[k] {
                continue;
            }
            let named = (0..item_keys.len())
                .filter_map(|i| best_match(t, &item_keys[i]).map(|d| (d, i)))
                .min();
            if let Some((_, i)) = named.filter(|&(_, i)| self.used[i]) {
                repeated.push(items[i].as_str());
            }
        }
        repeated
    }

    /// The typed items that answer nothing and name no item but are part of a missing one:
    /// two words or more, half of theirs and half of its (`emerging sectors of defence` for
    /// "cooperation in emerging sectors of defense"). Such an item is an attempt at a missing
    /// one, not one that is not in the list (`China`). Returns how many typed items are partly
    /// right and how many missing items they attempt (two halves of one name attempt it once).
    fn partly_right(
        &self,
        typed: &[&str],
        typed_keys: &[String],
        item_keys: &[Vec<String>],
        names: &[Vec<&str>],
    ) -> (usize, usize) {
        let words_of = |text: &str| -> HashSet<String> {
            text::normalize(text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 && !matches!(*w, "the" | "and"))
                .map(str::to_string)
                .collect()
        };
        // Each missing item with the words of each of its names.
        let missing: Vec<(usize, Vec<HashSet<String>>)> = (0..item_keys.len())
            .filter(|&i| !self.used[i])
            .map(|i| (i, names[i].iter().map(|name| words_of(name)).collect()))
            .collect();
        let mut attempted = vec![false; item_keys.len()];
        let mut partly = 0;
        for k in (0..typed.len()).filter(|&k| !self.typed[k]) {
            if (0..item_keys.len()).any(|i| best_match(&typed_keys[k], &item_keys[i]).is_some()) {
                continue;
            }
            let words = words_of(typed[k]);
            // Half of its words or more are half of a name of the item or more, and two words
            // at least (`emerging sectors of defence`, not `United Kingdom` for the United
            // States). The missing item sharing most of them wins (the first of equals).
            let shared_with = |name: &HashSet<String>| -> usize {
                let shared = words.intersection(name).count();
                let most = shared >= 2 && 2 * shared >= words.len() && 2 * shared >= name.len();
                if most { shared } else { 0 }
            };
            let best = missing
                .iter()
                .map(|(i, item)| (item.iter().map(shared_with).max().unwrap_or(0), *i))
                .filter(|&(shared, _)| shared > 0)
                .fold(
                    None,
                    |best: Option<(usize, usize)>, (shared, i)| match best {
                        Some((most, _)) if most >= shared => best,
                        _ => Some((shared, i)),
                    },
                );
            if let Some((_, i)) = best {
                partly += 1;
                attempted[i] = true;
            }
        }
        (partly, attempted.iter().filter(|&&a| a).count())
    }
}

/// The closest of an item's keys (its name and aliases) to `typed`, as [`text_match`] measures.
fn best_match(typed: &str, keys: &[String]) -> Option<usize> {
    keys.iter().filter_map(|k| text_match(typed, k)).min()
}

pub(super) fn grade_list(
    items: &[String],
    aliases: &[Vec<String>],
    ordered: bool,
    typed: &str,
    expected: String,
) -> Verdict {
    let total = items.len();
    if total == 0 {
        return Verdict::new(Outcome::Wrong, expected).note("this question has no items");
    }
    // Splitting on `and` tries each way of reading the names joined by it, which grows with
    // the pieces: no one types a list several times longer than all its items and aliases
    // (review: 100,000 `and`s took seconds).
    let written: usize = items
        .iter()
        .chain(aliases.iter().flatten())
        .map(String::len)
        .sum();
    if typed.len() > MAX_LIST_CHARS + 2 * written {
        return Verdict::new(Outcome::Wrong, expected).note("too long for this list");
    }
    // Each item's keys: its own, then its aliases'.
    let item_keys: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            std::iter::once(item)
                .chain(aliases.get(i).into_iter().flatten())
                .map(|name| text::key(name))
                .collect()
        })
        .collect();
    let typed_items = split_items(typed, &item_keys);
    let typed_keys: Vec<String> = typed_items.iter().map(|t| text::key(t)).collect();
    let matching = if ordered {
        Matching::in_order(&typed_keys, &item_keys)
    } else {
        Matching::set(&typed_keys, &item_keys)
    };
    let (right, typos) = (matching.right, matching.typos);
    let repeated = matching.repeated(&typed_keys, &item_keys, items);
    let names: Vec<Vec<&str>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            std::iter::once(item.as_str())
                .chain(aliases.get(i).into_iter().flatten().map(String::as_str))
                .collect()
        })
        .collect();
    let (partly, attempted) = matching.partly_right(&typed_items, &typed_keys, &item_keys, &names);
    let extras = typed_keys.len() - right - repeated.len() - partly;
    // An item half remembered counts half towards the three quarters that are close (once,
    // however many typed pieces attempt it).
    let outcome = if right == total && typos == 0 && extras == 0 && repeated.is_empty() {
        Outcome::Correct
    } else if (right == total && extras <= 1)
        || (extras == 0 && partly == attempted && 4 * right + 2 * attempted >= 3 * total)
        || (ordered && one_swap(&typed_keys, &item_keys))
    {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    let verdict = Verdict::new(outcome, expected.clone())
        .diff(typed, &expected)
        .partial(right, total);
    if ordered && right < total && Matching::set(&typed_keys, &item_keys).right == total {
        return verdict.note("right items, wrong order");
    }
    // Missing: not attempted at all (an item partly right is counted as that).
    let missing = total - right - attempted;
    let mut notes = Vec::new();
    if missing > 0 {
        notes.push(format!("{missing} missing"));
    }
    if partly > 0 {
        notes.push(format!("{partly} partly right"));
    }
    if extras > 0 {
        notes.push(format!("{extras} not in the list"));
    }
    // Each repeated item once, in the order first repeated.
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for item in repeated {
        match counted.iter_mut().find(|(name, _)| *name == item) {
            Some((_, times)) => *times += 1,
            None => counted.push((item, 2)),
        }
    }
    for (item, times) in counted {
        notes.push(match times {
            2 => format!("{item} given twice"),
            n => format!("{item} given {n} times"),
        });
    }
    if typos > 0 {
        notes.push("check the spelling".to_string());
    }
    if notes.is_empty() {
        verdict
    } else {
        verdict.note(notes.join(", "))
    }
}

/// Whether the typed items are the list's with two neighbours swapped (`Venus, Mercury,
/// Earth, Mars`): nearly the order asked. Not for two items, which have no other order.
fn one_swap(typed_keys: &[String], item_keys: &[Vec<String>]) -> bool {
    if typed_keys.len() != item_keys.len() || item_keys.len() < 3 {
        return false;
    }
    let at = |t: usize, i: usize| best_match(&typed_keys[t], &item_keys[i]).is_some();
    let off: Vec<usize> = (0..typed_keys.len()).filter(|&k| !at(k, k)).collect();
    matches!(off[..], [a, b] if b == a + 1 && at(a, b) && at(b, a))
}

/// How much longer than its items and aliases together (twice over) a typed list may be
/// and still be graded; beyond it an answer is wrong at once.
const MAX_LIST_CHARS: usize = 2_000;
