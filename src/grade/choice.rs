//! Choice answers: which options a typed answer picks (letters, numbers, texts, other names,
//! amounts), and the verdict on the picks.

use super::list::{split_and, strip_and};
use super::{Outcome, Reading, Verdict, m_as_unit, number, text, text_match};

/// The options of a choice as a typed answer is matched with them: each option's key
/// ([`text::key`]), and the keys of the deck's other names for the options with the option
/// each names.
pub struct OptionNames<'k, K> {
    pub keys: &'k [K],
    aliases: Vec<(String, usize)>,
}

impl<'k, K: AsRef<str>> OptionNames<'k, K> {
    /// `keys[i]` is option `i`'s key, `aliases[i]` its other names (may be shorter; names
    /// past the options are no option's).
    pub fn new(keys: &'k [K], aliases: &[Vec<String>]) -> OptionNames<'k, K> {
        let aliases = aliases
            .iter()
            .take(keys.len())
            .enumerate()
            .flat_map(|(i, names)| names.iter().map(move |name| (text::key(name), i)))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        OptionNames { keys, aliases }
    }

    /// The option a typed `key` names exactly (not as a misspelling): by its text, its label
    /// or another name of it alone.
    pub fn exactly(&self, key: &str) -> Option<usize> {
        match resolve_key(self, key) {
            Some((i, false)) => Some(i),
            _ => None,
        }
    }

    /// The option another name `key` names: `None` when it is no option's other name,
    /// `Some(None)` when it is the other name of several.
    pub fn named(&self, key: &str) -> Option<Option<usize>> {
        let mut named = self
            .aliases
            .iter()
            .filter(|(k, _)| k == key)
            .map(|&(_, i)| i);
        let first = named.next()?;
        Some(named.all(|i| i == first).then_some(first))
    }
}

/// Whether a choice question with `options`, keyed `option_keys` ([`text::key`] of each),
/// takes `typed` as fully correct, its key `typed_key` already known: [`accepts`](super::accepts) for a choice
/// whose keys are read once for many answers (`recall check`).
pub fn choice_accepts_keyed<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    correct: &[usize],
    typed: &str,
    typed_key: &str,
) -> bool {
    // An empty key is an empty normalised text: "no answer".
    if typed_key.is_empty() {
        return false;
    }
    if let [only] = correct {
        // The usual single correct option: no list to sort.
        return *only < option_keys.keys.len()
            && pick_one(options, option_keys, typed, typed_key).is_some_and(|(i, _)| i == *only);
    }
    let correct = correct_options(correct, option_keys.keys.len());
    match correct.as_slice() {
        [] => false,
        [only] => pick_one(options, option_keys, typed, typed_key).is_some_and(|(i, _)| i == *only),
        _ => {
            let (right, total, wrong, _) = count_picks(options, option_keys, &correct, typed);
            right == total && wrong == 0
        }
    }
}

/// `a`, `b`, … for the first 26 options, then numbers.
fn option_letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

pub(super) fn option_label(options: &[String], i: usize) -> String {
    format!("{}) {}", option_letter(i), options[i])
}

/// Which option a typed token names: its exact text, its letter, its 1-based number, or a
/// misspelling of exactly one option's text. The flag tells a misspelling.
fn resolve_option<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    token: &str,
) -> Option<(usize, bool)> {
    resolve_typed(options, option_keys, token, &text::key(token))
}

/// [`resolve_key`], and between its exact reading and a misspelling, the one option that
/// means the same amount or date ([`same_value`]); failing all, the option it is the first
/// words of ([`first_words_of`]).
fn resolve_typed<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &str,
    key: &str,
) -> Option<(usize, bool)> {
    let found = match resolve_key(option_keys, key) {
        // Options whose keys are one (`$5` and `£5`): the one written as typed, else the one
        // of the amount typed.
        Some((i, false)) if option_keys.keys[i + 1..].iter().any(|k| k.as_ref() == key) => {
            let exact = options.iter().position(|o| o.as_ref() == typed);
            Some((
                exact.or_else(|| same_value(options, typed)).unwrap_or(i),
                false,
            ))
        }
        Some((i, false)) => Some((i, false)),
        misspelt => same_value(options, typed)
            .map(|i| (i, false))
            .or(misspelt)
            .or_else(|| first_words_of(options, typed).map(|i| (i, true))),
    };
    // Keys keep digits but not the point between them: `1.5 billion` is not `$15 billion`,
    // nor `3 million` a misspelt `$3 billion` (a label is no amount).
    found.filter(|&(i, _)| {
        let option = options[i].as_ref();
        option == typed || is_label(key) || !other_amount(option, typed)
    })
}

/// The one option whose first words `typed` is (`Greyfield` for `Greyfield Capital`, among
/// options none of which starts so): read as that option, as a misspelling is. At least half
/// its words, and more than a short word (`New` is no `New Delhi`, `European` no `European
/// Investment Bank`). Not a label, which names an option another way.
fn first_words_of<S: AsRef<str>>(options: &[S], typed: &str) -> Option<usize> {
    let typed = text::word_keys(typed);
    if typed.concat().chars().count() < 4 {
        return None;
    }
    text::unique_nearest(0..options.len(), |&i| {
        let words = text::word_keys(options[i].as_ref());
        (words.len() > typed.len() && 2 * typed.len() >= words.len() && words.starts_with(&typed))
            .then_some(0)
    })
}

/// Whether two texts read as different amounts, each in a currency or in none: another value,
/// or another currency (`€15 billion` is not `$15 billion`, though their keys are one). A
/// misspelt scale word reads as a unit: `15 bilion` is 15 "bilion", so it says nothing.
fn other_amount(a: &str, b: &str) -> bool {
    let plain = |amount: &number::Amount| amount.unit.as_deref().is_none_or(number::is_currency);
    let (a, b) = (number::parse_typed(a), number::parse_typed(b));
    matches!((a, b), (Some(x), Some(y)) if plain(&x) && plain(&y) && !x.same_as(&y))
}

/// The one option whose amount or date `typed` reads as, written otherwise: `Sat` is
/// `Saturday`, `$3bn` is `$3 billion`. A date must read the same in either day order.
fn same_value<S: AsRef<str>>(options: &[S], typed: &str) -> Option<usize> {
    let date = |reading: &Reading| {
        let (month_first, day_first) = (reading.date(false), reading.date(true));
        (month_first == day_first).then_some(month_first).flatten()
    };
    // `1200m` is 1200 million to the parser, and may be 1200 metres too.
    let metres = m_as_unit(Some("m"), typed);
    let typed = Reading::new(typed);
    let (when, amount) = (date(&typed), typed.amount());
    if when.is_none() && amount.is_none() {
        return None;
    }
    let same = |option: &S| {
        let option = Reading::new(option.as_ref());
        when.is_some_and(|when| date(&option) == Some(when))
            || (amount.into_iter().chain(&metres))
                .any(|a| option.amount().is_some_and(|b| a.same_as(b)))
    };
    text::unique_nearest(0..options.len(), |&i| same(&options[i]).then_some(0))
}

/// [`resolve_option`] of a token whose [`text::key`] is `key`.
fn resolve_key<K: AsRef<str>>(option_keys: &OptionNames<K>, key: &str) -> Option<(usize, bool)> {
    if key.is_empty() {
        return None;
    }
    let keys = option_keys.keys;
    if let Some(i) = keys.iter().position(|k| k.as_ref() == key) {
        return Some((i, false));
    }
    // A label names its option; one past the options may still be another name (`11`).
    let label = is_label(key);
    if label && let Some(i) = label_index(key, keys.len()) {
        return Some((i, false));
    }
    // Another name of an option (`Austin` for `Lloyd Austin`), when it names one option only.
    if let Some(named) = option_keys.named(key) {
        return named.map(|i| (i, false));
    }
    if label {
        return None;
    }
    // A misspelling of an option, or of one of its other names: the nearest of them.
    text::unique_nearest(0..keys.len(), |&i| {
        let aliases = option_keys.aliases.iter().filter(|(_, j)| *j == i);
        std::iter::once(text_match(key, keys[i].as_ref()))
            .chain(aliases.map(|(k, _)| text_match(key, k)))
            .flatten()
            .min()
    })
    .map(|i| (i, true))
}

/// Whether a key has the form of an option's label: one letter or a number.
fn is_label(key: &str) -> bool {
    let mut bytes = key.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_lowercase() => bytes.next().is_none(),
        Some(b) if b.is_ascii_digit() => bytes.all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// The option a label names, among `options`: its letter (`b`) or 1-based number (`2`).
fn label_index(key: &str, options: usize) -> Option<usize> {
    let i = match key.as_bytes() {
        [c] if c.is_ascii_lowercase() => usize::from(c - b'a'),
        _ => key.parse::<usize>().ok()?.checked_sub(1)?,
    };
    (i < options).then_some(i)
}

/// The options named by two or more labels separated by spaces (`a c`, `1 3`, `(a) (c)`),
/// sorted and once each; `None` unless every word is the label of an option. Read before the
/// text as a whole, whose key would drop the leading `a` as an article (`a c` is `c`); `None`
/// too for an option's own text (an option `a b`).
pub(super) fn label_picks<S: AsRef<str>>(options: &[S], chunk: &str) -> Option<Vec<usize>> {
    // Two short words or more (`a c`, `(b) (d)`, `1 3`), before anything is normalised: the
    // self-test of a large deck grades every option's text through here. First a byte at a
    // time: a word of printable ASCII with two letters is never one label (its key keeps
    // both, or drops the word as an article), so most option texts stop at their second
    // letter. (A control byte is a space to the key: `a\u{1}b` is the labels a, b.)
    let mut letters = 0;
    for b in chunk.bytes() {
        if b == b' ' {
            letters = 0;
        } else if !b.is_ascii_graphic() {
            break;
        } else if b.is_ascii_alphabetic() {
            letters += 1;
            if letters == 2 {
                return None;
            }
        }
    }
    labels_of(options, chunk)
}

/// [`label_picks`] without its shortcut (tests compare the two).
pub(super) fn labels_of<S: AsRef<str>>(options: &[S], chunk: &str) -> Option<Vec<usize>> {
    let mut words = chunk.split_whitespace();
    if words.clone().nth(1).is_none() || words.any(|w| w.len() > 6) {
        return None;
    }
    let mut picks = Vec::new();
    for word in chunk.split_whitespace() {
        let key = text::key(word);
        if !is_label(&key) {
            return None;
        }
        picks.push(label_index(&key, options.len())?);
    }
    // Labels all, unless they are an option's own text (an option `a b` is picked by typing
    // it), compared word by word: its key would drop a leading `a` as an article and take
    // `a c` for an option `C`.
    let plain =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_lowercase).collect() };
    let typed = plain(chunk);
    if options.iter().any(|o| plain(o.as_ref()) == typed) {
        return None;
    }
    if picks.len() < 2 {
        return None;
    }
    picks.sort_unstable();
    picks.dedup();
    Some(picks)
}

/// The option a one-option answer picks (the flag tells a misspelling): its text or label,
/// or the one option named by several labels (`b b`); `None` when it names none, or several
/// (`a c`).
fn pick_one<S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &str,
    typed_key: &str,
) -> Option<(usize, bool)> {
    match label_picks(options, typed) {
        Some(picks) => match picks.as_slice() {
            [i] => Some((*i, false)),
            _ => None,
        },
        None => resolve_typed(options, option_keys, typed, typed_key),
    }
}

/// The options picked in a several-option answer, and how many tokens named none.
fn resolve_picks<'t, S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    typed: &'t str,
) -> Picks<'t> {
    let mut picks = Vec::new();
    let mut unknown = 0;
    let mut shared = None;
    for chunk in typed.split([',', ';', '\n']) {
        let chunk = strip_and(chunk);
        let key = text::key(chunk);
        if key.is_empty() {
            continue;
        }
        if let Some(labels) = label_picks(options, chunk) {
            picks.extend(labels);
            continue;
        }
        if let Some((i, _)) = resolve_option(options, option_keys, chunk) {
            picks.push(i);
            continue;
        }
        if option_keys.named(&key) == Some(None) {
            // A name several options share picks none, and is no wrong pick either.
            shared.get_or_insert(chunk);
            continue;
        }
        let parts: Vec<&str> = split_and(chunk);
        let resolved: Vec<Option<usize>> = if parts.len() > 1 {
            // Options whose names hold `and` themselves (`Trinidad and Tobago`).
            and_joined(chunk, &parts, (options, option_keys))
        } else {
            chunk
                .split_whitespace()
                .filter(|p| !text::key(p).is_empty())
                .map(|p| resolve_option(options, option_keys, p).map(|(i, _)| i))
                .collect()
        };
        if resolved.len() > 1 && resolved.iter().all(Option::is_some) {
            picks.extend(resolved.into_iter().flatten());
            continue;
        }
        // Letters run together: "ac".
        let key = text::key(chunk);
        let letters: Option<Vec<usize>> = key
            .bytes()
            .map(|b| {
                let i = usize::from(b.wrapping_sub(b'a'));
                (b.is_ascii_lowercase() && i < option_keys.keys.len()).then_some(i)
            })
            .collect();
        match letters {
            Some(letters) if key.len() > 1 => picks.extend(letters),
            _ => {
                for p in resolved {
                    match p {
                        Some(i) => picks.push(i),
                        None => unknown += 1,
                    }
                }
            }
        }
    }
    picks.sort_unstable();
    picks.dedup();
    Picks {
        picks,
        unknown,
        shared,
    }
}

/// The correct option indices that exist, sorted, once each.
fn correct_options(correct: &[usize], options: usize) -> Vec<usize> {
    let mut correct: Vec<usize> = correct.iter().copied().filter(|&i| i < options).collect();
    correct.sort_unstable();
    correct.dedup();
    correct
}

/// A several-option answer against the (sorted, distinct) correct options: (right picks,
/// correct options, wrong picks including tokens that named no option).
/// What a several-option answer picked: the options, how many tokens named none, and the
/// first name typed that several options share.
struct Picks<'t> {
    picks: Vec<usize>,
    unknown: usize,
    shared: Option<&'t str>,
}

/// (right picks, correct options, wrong picks and unknown tokens, a shared name typed).
fn count_picks<'t, S: AsRef<str>, K: AsRef<str>>(
    options: &[S],
    option_keys: &OptionNames<K>,
    correct: &[usize],
    typed: &'t str,
) -> (usize, usize, usize, Option<&'t str>) {
    let found = resolve_picks(options, option_keys, typed);
    let right = found.picks.iter().filter(|i| correct.contains(i)).count();
    let wrong = found.picks.len() - right + found.unknown;
    (right, correct.len(), wrong, found.shared)
}

/// The note for a name several options share.
fn shared_name(name: &str) -> String {
    format!("`{name}` names more than one option: choose by letter or by the option's own name")
}

pub(super) fn grade_choice(
    options: &[String],
    correct: &[usize],
    aliases: &[Vec<String>],
    typed: &str,
    expected: String,
) -> Verdict {
    let keys: Vec<String> = options.iter().map(|o| text::key(o)).collect();
    let keys = OptionNames::new(&keys, aliases);
    let correct = correct_options(correct, options.len());
    if correct.is_empty() {
        return Verdict::new(Outcome::Wrong, expected).note("this question has no correct option");
    }
    if correct.len() == 1 {
        if label_picks(options, typed).is_some_and(|picks| picks.len() > 1) {
            return Verdict::new(Outcome::Wrong, expected).note("one option is right: choose one");
        }
        return match pick_one(options, &keys, typed, &text::key(typed)) {
            Some((i, typo)) if i == correct[0] => {
                let verdict = Verdict::new(Outcome::Correct, expected);
                if typo {
                    verdict.note(format!("read as {}", option_label(options, i)))
                } else {
                    verdict
                }
            }
            Some((i, _)) => Verdict::new(Outcome::Wrong, expected)
                .note(format!("you chose {}", option_label(options, i))),
            None if keys.named(&text::key(typed)) == Some(None) => {
                Verdict::new(Outcome::Wrong, expected).note(shared_name(typed.trim()))
            }
            None => Verdict::new(Outcome::Wrong, expected)
                .note("answer with a letter, a number or an option's text"),
        };
    }
    let (right, total, wrong, shared) = count_picks(options, &keys, &correct, typed);
    let outcome = if right == total && wrong == 0 {
        Outcome::Correct
    } else if wrong == 0 && right > 0 && 2 * right >= total {
        Outcome::Close
    } else {
        Outcome::Wrong
    };
    let verdict = Verdict::new(outcome, expected).partial(right, total);
    let note = match outcome {
        Outcome::Correct => return verdict,
        Outcome::Close => format!("partly right: {right} of {total}"),
        Outcome::Wrong if wrong > 0 => format!(
            "{right} of {total} right, {wrong} wrong pick{}",
            if wrong == 1 { "" } else { "s" }
        ),
        Outcome::Wrong => format!("only {right} of {total}"),
    };
    match shared {
        Some(name) => verdict.note(format!("{note}; {}", shared_name(name))),
        None => verdict.note(note),
    }
}

/// The options named by `parts` (of `chunk`, split at each `and`), joining parts back when
/// together they name an option (`Bosnia and Herzegovina and Croatia`): from each part on, the
/// longest run of parts, as written, that names one.
fn and_joined<S: AsRef<str>, K: AsRef<str>>(
    chunk: &str,
    parts: &[&str],
    (options, option_keys): (&[S], &OptionNames<K>),
) -> Vec<Option<usize>> {
    let offset = |part: &str| part.as_ptr() as usize - chunk.as_ptr() as usize;
    let parts: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !text::key(p).is_empty())
        .collect();
    let mut resolved = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let longest = (i + 1..=parts.len()).rev().find_map(|j| {
            let (start, last) = (offset(parts[i]), parts[j - 1]);
            let run = &chunk[start..offset(last) + last.len()];
            resolve_option(options, option_keys, run).map(|(k, _)| (k, j))
        });
        match longest {
            Some((k, j)) => {
                resolved.push(Some(k));
                i = j;
            }
            None => {
                resolved.push(None);
                i += 1;
            }
        }
    }
    resolved
}
