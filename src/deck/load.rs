//! Loading a deck: RON text → [`Deck`] → validated [`Loaded`], or every mistake as a located
//! [`Diagnostic`].
//!
//! The happy path is one `ron` deserialisation plus validation. When `ron` fails (it stops at
//! a file's first mistake), the deck's header is read again field by field (every unknown,
//! doubled or missing field of the deck, its source and settings, every value of the wrong
//! type) and the file is split (with [`Locations`]) into its facts and cards, each deserialised
//! on its own; what reads is validated. So an author sees every mistake at once, not one per
//! run.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de::IgnoredAny;

use super::markup::{self, Segment};
use super::{Card, CardAnswer, Deck, Fact, Locations, SpanValue};
use crate::FastMap;
use crate::diagnostic::{Code, Diagnostic, ReadProblem, SourceFile, closest};

/// Decks larger than this are refused before parsing (the largest benchmark deck, 100k facts,
/// is about 40 MiB).
pub const MAX_DECK_BYTES: usize = 128 * 1024 * 1024;

/// A deck that passed validation, with its file and parsed fact texts.
#[derive(Debug)]
pub struct Loaded {
    pub deck: Deck,
    pub file: Arc<SourceFile>,
    /// `segments[i]` is the parsed text of `deck.facts[i]`.
    pub segments: Vec<Vec<Segment>>,
    /// `values[i][k]` is what the `k`-th span of `deck.facts[i]` reads as (parsed once, here).
    pub values: Vec<Vec<SpanValue>>,
    locations: OnceLock<Locations>,
    /// Each graded key of a name or alias with the names it stands for (see
    /// [`Loaded::other_names`]).
    aliased: OnceLock<HashMap<String, Vec<String>>>,
}

impl Loaded {
    /// Where the value at `path` (e.g. `facts[2].evidence[0]`) is in the deck file; the
    /// closest enclosing value when that one cannot be found.
    pub fn locate(&self, path: &str) -> Range<usize> {
        self.locations().best(path)
    }

    /// Where the name of the field (or the key of the map entry) holding the value at `path`
    /// is, e.g. `reverse` for `facts[2].reverse`; [`Loaded::locate`] when it cannot be found.
    pub fn locate_key(&self, path: &str) -> Range<usize> {
        let locations = self.locations();
        locations.key(path).unwrap_or_else(|| locations.best(path))
    }

    fn locations(&self) -> &Locations {
        self.locations
            .get_or_init(|| Locations::scan(&self.file.text))
    }

    /// The deck's other names for `value`: its aliases, and the names it is an alias of with
    /// their aliases. An alias goes both ways: with `"Charles Babbage": ["Babbage"]`, a fact
    /// asking `[Babbage](person)` takes `Charles Babbage` too. Names are matched as the grader
    /// compares them (`[babbage]` is `Babbage`).
    pub fn other_names<'s>(&'s self, value: &str) -> Vec<&'s str> {
        let aliases = &self.deck.aliases;
        if aliases.is_empty() {
            return Vec::new();
        }
        // Each graded key with the aliased names it stands for: the name's own, and its
        // aliases'.
        let aliased = self.aliased.get_or_init(|| {
            let mut of: HashMap<String, Vec<String>> = HashMap::new();
            for (name, list) in aliases {
                for written in std::iter::once(name).chain(list) {
                    let names = of.entry(crate::grade::text::key(written)).or_default();
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
            of
        });
        let mut out: Vec<&'s str> = Vec::new();
        let mut add = |name: &'s str| {
            if name != value && !out.contains(&name) {
                out.push(name);
            }
        };
        for name in aliased
            .get(&crate::grade::text::key(value))
            .into_iter()
            .flatten()
        {
            add(name);
            for alias in aliases.get(name).into_iter().flatten() {
                add(alias);
            }
        }
        out
    }

    /// The deck-file range of `range` within the string value `text` found at `path` (e.g. a
    /// span inside a fact's text), through the literal's escapes; the whole literal when it
    /// does not spell `text` (`\x` escapes spelling a non-ASCII char).
    pub fn locate_in_text(&self, path: &str, text: &str, range: Range<usize>) -> Range<usize> {
        let literal = self.locate(path);
        let raw = &self.file.text[literal.clone()];
        match super::lex::offsets_in_literal(raw, text, [range.start, range.end]) {
            Some([start, end]) => literal.start + start..literal.start + end,
            None => literal,
        }
    }

    /// A diagnostic pointing at the value at `path`.
    pub fn diagnostic(&self, code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, &self.file, self.locate(path), message)
    }
}

pub(crate) fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The markup mistakes of one fact text shown one by one; more are counted.
const MAX_MARKUP_ERRORS: usize = 20;

/// Decks this large (in bytes, with this many facts) are read in parts side by side (see
/// [`super::parts`]); smaller ones take a few milliseconds whole.
const PARTS_FROM_BYTES: usize = 1 << 20;
const PARTS_FROM_FACTS: usize = 2_000;

/// The threads validation of `facts` facts is split over.
fn validation_threads(facts: usize) -> usize {
    if facts >= PARTS_FROM_FACTS {
        crate::parallelism()
    } else {
        1
    }
}

/// Parses and validates one deck file.
pub fn load(file: Arc<SourceFile>) -> Result<Loaded, Vec<Diagnostic>> {
    let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
    let too_large = match file.problem {
        Some(ReadProblem::TooLarge(size)) => Some(size),
        _ => (file.text.len() > MAX_DECK_BYTES).then_some(file.text.len() as u64),
    };
    if let Some(size) = too_large {
        return Err(vec![
            Diagnostic::new(
                Code::TooLarge,
                &file,
                0..0,
                format!(
                    "deck is {} MiB; the limit is {} MiB",
                    mib(size),
                    mib(MAX_DECK_BYTES as u64)
                ),
            )
            .help("split it into several decks"),
        ]);
    }
    if let Some(ReadProblem::NotUtf8(offset)) = file.problem {
        // The lossy text has U+FFFD (3 bytes) where the bad byte was: point at it.
        let at = file.text[offset..]
            .find('\u{fffd}')
            .map_or(offset, |p| offset + p);
        let end = at + '\u{fffd}'.len_utf8().min(file.text.len() - at);
        return Err(vec![
            Diagnostic::new(
                Code::RonSyntax,
                &file,
                at..end,
                format!("the file is not UTF-8 text (invalid byte at offset {offset})"),
            )
            .help("save the deck as UTF-8"),
        ]);
    }
    let in_parts = (file.text.len() >= PARTS_FROM_BYTES)
        .then(|| super::parts::read(&file.text, crate::parallelism(), PARTS_FROM_FACTS))
        .flatten();
    debug_assert!(
        in_parts.as_ref().is_none_or(|deck| options()
            .from_str::<Deck>(&file.text)
            .is_ok_and(|whole| &whole == deck)),
        "a deck read in parts reads as the whole"
    );
    match in_parts.map_or_else(|| options().from_str::<Deck>(&file.text), Ok) {
        Ok(deck) => {
            let loaded = Loaded {
                deck,
                file,
                segments: Vec::new(),
                values: Vec::new(),
                locations: OnceLock::new(),
                aliased: OnceLock::new(),
            };
            validate(loaded, &Slots::default())
        }
        Err(error) => Err(all_parse_errors(&file, error)),
    }
}

/// After a failed parse: every mistake of the header (see [`read_header`]), and the errors of
/// each fact and card.
fn all_parse_errors(file: &Arc<SourceFile>, first: ron::error::SpannedError) -> Vec<Diagnostic> {
    let text = &file.text;
    let locations = Locations::scan(text);
    let mut found = Vec::new();
    let header = match options().from_str::<Deck<IgnoredAny, IgnoredAny>>(text) {
        Ok(shell) => Header {
            deck: shell,
            unread: Vec::new(),
            lists_read: true,
        },
        Err(error) => {
            if is_duplicate_key(&error.code) {
                found.extend(duplicate_keys(file, &locations));
            } else {
                found.push(ron_error(file, &locations, text, 0, &error));
            }
            // `ron` stops at the header's first mistake: the header is read again field by
            // field for the others, and what of it reads is kept, so the facts and cards are
            // read and validated too.
            let header = read_header(file, &locations, &mut found);
            let Some(header) = header else {
                found.extend(missing_commas(file, &locations));
                return in_order(found);
            };
            header
        }
    };
    let header_broken = !found.is_empty();
    found.extend(missing_commas(file, &locations));
    let before = found.len();
    let (facts, fact_slots) = parse_each::<Fact>(file, &locations, "facts", &mut found);
    let (cards, card_slots) = parse_each::<Card>(file, &locations, "cards", &mut found);
    if found.is_empty() {
        return vec![ron_error(file, &locations, text, 0, &first)];
    }
    // References between facts and cards (a card's `fact`) are checked when every one of
    // them read: when the mistakes so far are the header's (or commas the value locator read
    // past), the locator found the whole deck and the header's lists read.
    let slots = Slots {
        facts: fact_slots,
        cards: card_slots,
        partial: !header_broken
            || found.len() > before
            || !locations.complete
            || !header.lists_read,
        unread: header.unread,
    };
    // Validate what did parse, so one run shows every mistake in the file.
    let shell = header.deck;
    let deck = Deck {
        id: shell.id,
        title: shell.title,
        source: shell.source,
        settings: shell.settings,
        aliases: shell.aliases,
        facts,
        cards,
    };
    let loaded = Loaded {
        deck,
        file: Arc::clone(file),
        segments: Vec::new(),
        values: Vec::new(),
        locations: OnceLock::from(locations),
        aliased: OnceLock::new(),
    };
    if let Err(more) = validate(loaded, &slots) {
        found.extend(more);
    }
    in_order(found)
}

/// E101 for each comma the value locator found missing (`ron` stops at the first).
fn missing_commas<'a>(
    file: &'a Arc<SourceFile>,
    locations: &'a Locations,
) -> impl Iterator<Item = Diagnostic> + 'a {
    (locations.missing_commas.iter()).filter_map(|&at| missing_comma(file, at))
}

/// Diagnostics in file order, each once: a mistake `ron` reports is found again where the
/// header is read field by field, a missing comma by `ron` and the value locator, and a
/// syntax error inside a fact by the whole file's parse and by the fact's.
fn in_order(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.sort_by_key(|d| d.primary.span.start);
    let mut seen = HashSet::new();
    found.retain(|d| seen.insert((d.code, d.primary.span.clone(), d.message.clone())));
    found
}

/// A deck's header read field by field.
struct Header {
    /// What of the header reads, with defaults for the rest (and no facts or cards).
    deck: Deck<IgnoredAny, IgnoredAny>,
    /// The values that did not read (an empty string stands in): not validated.
    unread: Vec<&'static str>,
    /// Whether the deck's `facts` and `cards` are each given at most once, as a list, and no
    /// unknown field of the deck is a misspelling of one of them.
    lists_read: bool,
}

/// A struct of a deck's header as serde reads it.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    /// The fields that must be given, in the order they are declared (`ron` names the first
    /// one missing).
    required: &'static [&'static str],
    /// The fields that hold a struct of the header, read field by field too.
    nested: &'static [(&'static str, &'static Shape)],
    /// Reads a text as this struct: `ron`'s error when it does not.
    read: fn(&str) -> ron::error::SpannedResult<()>,
}

fn read_as<T: serde::de::DeserializeOwned>(text: &str) -> ron::error::SpannedResult<()> {
    options().from_str::<T>(text).map(drop)
}

const DECK: Shape = Shape {
    name: "Deck",
    fields: &[
        "id", "title", "source", "settings", "aliases", "facts", "cards",
    ],
    required: &["id", "title", "source"],
    nested: &[("source", &SOURCE), ("settings", &SETTINGS)],
    read: read_as::<Deck<IgnoredAny, IgnoredAny>>,
};

const SOURCE: Shape = Shape {
    name: "Source",
    fields: &["file", "sha256", "title", "published", "credit", "url"],
    required: &["file", "sha256", "title"],
    nested: &[],
    read: read_as::<super::Source>,
};

const SETTINGS: Shape = Shape {
    name: "Settings",
    fields: &[
        "date_order",
        "kinds",
        "new_per_day",
        "reviews_per_day",
        "retention",
        "learning_steps",
        "relearning_steps",
        "maximum_interval_days",
        "leech_threshold",
    ],
    required: &[],
    nested: &[],
    read: read_as::<super::Settings>,
};

/// The header of a deck whose whole header does not read, and (into `found`) each of its
/// mistakes.
///
/// `ron` reports the first mistake of a file and stops. When the file is well-formed RON (it
/// is only not the deck it should be), the deck's struct, the source's and the settings' are
/// read again field by field (see [`check_struct`]), so every unknown, doubled or missing
/// field and every value of the wrong type is reported, as `ron` would have reported it had it
/// come first; the header is then what of it reads: its id, title and source (else the
/// source's file, hash and title each) on their own, with empty strings that are not
/// validated for those that do not (or are given twice).
///
/// After a syntax error, where values start and end may be misread (a string that swallowed
/// the next lines, a `)` too many): only `ron`'s error is reported for the header, which is
/// `None` unless its id, title and source each read whole.
///
/// Either way the settings (else those of their fields that read on their own) and aliases
/// are kept when they read, else the defaults.
fn read_header(
    file: &Arc<SourceFile>,
    locations: &Locations,
    found: &mut Vec<Diagnostic>,
) -> Option<Header> {
    let text = &file.text;
    let mut unread = Vec::new();
    let (id, title, source);
    // Well-formed RON (the value locator read it as `ron` does), only not a deck.
    let well_formed = locations.complete && options().from_str::<IgnoredAny>(text).is_ok();
    if well_formed {
        check_struct(file, locations, "", &DECK, found);
        let mut string = |path: &'static str| {
            value_once(text, locations, path).unwrap_or_else(|| {
                unread.push(path);
                String::new()
            })
        };
        id = string("id");
        title = string("title");
        source = value_once(text, locations, "source").unwrap_or_else(|| super::Source {
            file: string("source.file"),
            sha256: string("source.sha256"),
            title: string("source.title"),
            published: None,
            credit: None,
            url: None,
        });
    } else {
        id = value(text, locations, "id")?;
        title = value(text, locations, "title")?;
        source = value(text, locations, "source")?;
    }
    let settings = value(text, locations, "settings").unwrap_or_else(|| {
        // The fields that read on their own, read together.
        let fields: Vec<&str> = (locations.fields("settings"))
            .filter_map(|(name, key)| {
                let field = &text[key.start..locations.get(&format!("settings.{name}"))?.end];
                (SETTINGS.read)(&format!("({field})"))
                    .is_ok()
                    .then_some(field)
            })
            .collect();
        (options().from_str(&format!("({})", fields.join(", ")))).unwrap_or_default()
    });
    let lists_read = ["facts", "cards"].into_iter().all(|list| {
        let mut given = (locations.fields(""))
            .filter(|&(name, _)| name == list || closest(name, DECK.fields) == Some(list));
        match (given.next(), given.next()) {
            (None, _) => true,
            (Some((name, _)), None) => {
                name == list
                    && locations
                        .get(list)
                        .is_some_and(|v| text[v].starts_with('['))
            }
            (Some(_), Some(_)) => false,
        }
    });
    Some(Header {
        lists_read,
        deck: Deck {
            id,
            title,
            source,
            settings,
            aliases: value(text, locations, "aliases").unwrap_or_default(),
            facts: Vec::new(),
            cards: Vec::new(),
        },
        unread,
    })
}

/// The value at `path` read on its own; `None` when it is not there or does not read.
fn value<T: serde::de::DeserializeOwned>(
    text: &str,
    locations: &Locations,
    path: &str,
) -> Option<T> {
    options().from_str(&text[locations.get(path)?]).ok()
}

/// [`value`] for a field of the header given once (`ron` stops at the second).
fn value_once<T: serde::de::DeserializeOwned>(
    text: &str,
    locations: &Locations,
    path: &str,
) -> Option<T> {
    let (of, name) = path.rsplit_once('.').unwrap_or(("", path));
    let given = locations.fields(of).filter(|&(n, _)| n == name).count();
    (given == 1).then(|| value(text, locations, path)).flatten()
}

/// Reports (into `found`) each mistake of the struct at `path` of the deck file, of the
/// `shape`: a wrong struct name, each unknown or doubled field, each value that does not read
/// (each field on its own in a struct of the shape: `ron`'s error for it), each required field
/// missing (but for one an unknown field's "did you mean" names: that is one mistake). `false`
/// when the value there is not a struct.
fn check_struct(
    file: &Arc<SourceFile>,
    locations: &Locations,
    path: &str,
    shape: &Shape,
    found: &mut Vec<Diagnostic>,
) -> bool {
    use ron::error::Error as E;
    let whole = &file.text;
    let Some(head) = locations
        .get(path)
        .and_then(|value| struct_head(whole, &value))
    else {
        return false;
    };
    let outer = || Some(shape.name.to_string());
    let name = whole[head.start..head.end - 1].trim_end();
    if !name.is_empty() && name != shape.name {
        let error = E::ExpectedDifferentStructName {
            expected: shape.name,
            found: name.to_string(),
        };
        found.push(describe(
            file,
            locations,
            &error,
            head.start..head.start + name.len(),
        ));
    }
    let fields: Vec<(&str, Range<usize>)> = locations.fields(path).collect();
    let mut given: Vec<&str> = Vec::new();
    // The fields the unknown ones are typos of (their help names them).
    let mut meant: Vec<&str> = Vec::new();
    for (i, (name, key)) in fields.iter().enumerate() {
        let Some(&field) = shape.fields.iter().find(|f| *f == name) else {
            meant.extend(closest(name, shape.fields));
            let error = E::NoSuchStructField {
                expected: shape.fields,
                found: name.to_string(),
                outer: outer(),
            };
            found.push(describe(file, locations, &error, key.clone()));
            continue;
        };
        if given.contains(&field) {
            let error = E::DuplicateStructField {
                field,
                outer: outer(),
            };
            found.push(describe(file, locations, &error, key.clone()));
            continue;
        }
        given.push(field);
        // The locator keeps the last value of a field given twice: its value is not read.
        let twice = fields[i + 1..].iter().any(|(other, _)| other == name);
        let value_path = if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        let nested = shape.nested.iter().find(|(n, _)| *n == field);
        if twice
            || nested.is_some_and(|(_, nested)| {
                check_struct(file, locations, &value_path, nested, found)
            })
            // A list of facts or cards reads as one: each is read on its own later.
            || (path.is_empty() && matches!(field, "facts" | "cards")
                && locations.get(&value_path).is_some_and(|v| whole[v].starts_with('[')))
        {
            continue;
        }
        let Some(value) = locations.get(&value_path) else {
            continue;
        };
        // The field alone in a struct of the shape, so `ron` reads its value as in the file,
        // `(` standing where the byte before the field's name is.
        let alone = format!("({})", &whole[key.start..value.end]);
        match (shape.read)(&alone) {
            Err(error) if is_duplicate_key(&error.code) => {
                found.extend(duplicate_keys(file, locations));
            }
            Err(error)
                if !matches!(&error.code,
                    E::MissingStructField { outer: o, .. } if o.as_deref() == Some(shape.name)) =>
            {
                found.push(ron_error(file, locations, &alone, key.start - 1, &error));
            }
            _ => {}
        }
    }
    for &field in shape.required {
        if !given.contains(&field) && !meant.contains(&field) {
            let error = E::MissingStructField {
                field,
                outer: outer(),
            };
            found.push(describe(file, locations, &error, head.clone()));
        }
    }
    true
}

/// Whether `ron` stopped at a key given twice in the deck's `aliases` (see
/// [`super::unique_keys`]).
fn is_duplicate_key(error: &ron::error::Error) -> bool {
    matches!(error, ron::error::Error::Message(m) if m.starts_with(super::DUPLICATE_KEY))
}

/// E115 for each key of the deck's `aliases` given again, at the repeat, naming the first.
/// Keys are compared as the strings they spell (`"A\u{e9}"` is `"Aé"`).
fn duplicate_keys(file: &Arc<SourceFile>, locations: &Locations) -> Vec<Diagnostic> {
    use std::collections::hash_map::Entry;
    let mut first: HashMap<String, Range<usize>> = HashMap::new();
    let mut found = Vec::new();
    for (map, key) in &locations.map_keys {
        if map != "aliases" {
            continue;
        }
        let Ok(name) = options().from_str::<String>(&file.text[key.clone()]) else {
            continue;
        };
        match first.entry(name) {
            Entry::Vacant(entry) => {
                entry.insert(key.clone());
            }
            Entry::Occupied(entry) => {
                let (line, _) = file.line_col(entry.get().start);
                found.push(
                    Diagnostic::new(
                        Code::DuplicateField,
                        file,
                        key.clone(),
                        format!(
                            "key `{}` is given twice in `aliases` (first on line {line})",
                            entry.key()
                        ),
                    )
                    .label("given again here")
                    .secondary(file, entry.get().clone(), "first given here")
                    .help(
                        "each name is given once: the second entry would replace the first; \
                         keep one, with the aliases of both",
                    ),
                );
            }
        }
    }
    found
}

/// The struct's name and `(` (or the bare `(`) that open the value at `value`; `None` when the
/// value is not a struct.
fn struct_head(whole: &str, value: &Range<usize>) -> Option<Range<usize>> {
    let text = &whole[value.clone()];
    let name = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let open = text.len() - text[name..].trim_start().len();
    (text[open..].starts_with('(') && text.ends_with(')'))
        .then(|| value.start..value.start + open + 1)
}

/// Deserialises each element of the list `name` on its own: the ones that parse, with their
/// indices in the file, and a diagnostic for each one that does not.
fn parse_each<T: serde::de::DeserializeOwned>(
    file: &Arc<SourceFile>,
    locations: &Locations,
    name: &str,
    found: &mut Vec<Diagnostic>,
) -> (Vec<T>, Vec<usize>) {
    let mut parsed = Vec::new();
    let mut slots = Vec::new();
    for i in 0.. {
        let Some(range) = locations.get(&format!("{name}[{i}]")) else {
            break;
        };
        let slice = &file.text[range.clone()];
        match options().from_str::<T>(slice) {
            Ok(value) => {
                parsed.push(value);
                slots.push(i);
            }
            Err(error) => found.push(ron_error(file, locations, slice, range.start, &error)),
        }
    }
    (parsed, slots)
}

/// Where validated facts and cards sit in the file when some failed to parse.
#[derive(Default)]
struct Slots {
    facts: Vec<usize>,
    cards: Vec<usize>,
    /// Some facts or cards are missing: references to them cannot be checked.
    partial: bool,
    /// Header values that did not read (see [`Header`]).
    unread: Vec<&'static str>,
}

impl Slots {
    fn fact(&self, i: usize) -> usize {
        self.facts.get(i).copied().unwrap_or(i)
    }

    fn card(&self, i: usize) -> usize {
        self.cards.get(i).copied().unwrap_or(i)
    }
}

/// Byte offset of a `ron` position (1-based line, 1-based character column) in `text`.
fn offset_of(text: &str, pos: &ron::error::Position) -> usize {
    let line_start = if pos.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(pos.line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(pos.col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// Turns a `ron` error into a diagnostic with our wording; `base` is where `text` starts.
fn ron_error(
    file: &Arc<SourceFile>,
    locations: &Locations,
    text: &str,
    base: usize,
    error: &ron::error::SpannedError,
) -> Diagnostic {
    use ron::error::Error as E;
    let whole = &file.text;
    // (A field read on its own has a `(` of ours before it and a `)` after it, mapped to the
    // bytes around the field: onto the next character of the file if inside one.)
    let offset = |position| {
        let mut offset = (base + offset_of(text, position)).min(whole.len());
        while !whole.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    };
    let mut start = offset(&error.span.start);
    let mut end = offset(&error.span.end).max(start);
    // `ron` often points at the whitespace before the offending value: point at the value.
    let skipped = whole[start..].len() - whole[start..].trim_start().len();
    if skipped > 0 && end <= start + skipped {
        start += skipped;
        end = start;
    }
    if end == start
        && let Some(value) = locations.value_at(start)
    {
        end = value.end;
    }
    let mut span = start..end;
    if let E::MissingStructField { .. } = &error.code {
        // `ron` points at the closing parenthesis; point at the struct's name instead.
        let is_struct = |r: &Range<usize>| whole[r.clone()].trim_end().ends_with(')');
        if let Some(value) = locations.enclosing(start, is_struct) {
            let name_end = whole[value.clone()]
                .find('(')
                .map_or(value.start, |p| value.start + p + 1);
            span = value.start..name_end;
        }
    }
    describe(file, locations, &error.code, span)
}

/// The diagnostic for the `ron` error `error` at `span` of the deck file, in our wording (a
/// missing field at the name of the struct it is missing from).
fn describe(
    file: &Arc<SourceFile>,
    locations: &Locations,
    error: &ron::error::Error,
    mut span: Range<usize>,
) -> Diagnostic {
    use ron::error::Error as E;
    let whole = &file.text;
    let start = span.start;
    let mut secondary = None;
    let in_outer = |outer: &Option<String>| {
        outer
            .as_deref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    let (code, message, help) = match error {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Code::UnknownField,
            format!("unknown field `{found}`{}", in_outer(outer)),
            Some(suggest(found, expected, "valid fields")),
        ),
        E::MissingStructField { field, outer } => (
            Code::MissingField,
            format!("missing field `{field}`{}", in_outer(outer)),
            Some(format!(
                "add `{field}: ...`; see the deck format in the README"
            )),
        ),
        E::DuplicateStructField { field, outer } => (
            Code::DuplicateField,
            format!("field `{field}` is given twice{}", in_outer(outer)),
            Some("keep one of them".into()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            Code::UnknownVariant,
            format!("unknown variant `{found}`{}", in_outer(outer)),
            Some(suggest(found, expected, "valid variants")),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            Code::WrongType,
            format!("expected `{expected}(...)`, found `{found}(...)`"),
            Some(format!("write `{expected}(` here")),
        ),
        E::InvalidValueForType { expected, found } => (
            Code::WrongType,
            format!("expected {expected}, found {found}"),
            None,
        ),
        E::ExpectedString | E::ExpectedStringEnd if matches!(error, E::ExpectedString) => (
            Code::WrongType,
            "expected a string in double quotes".into(),
            match whole[start..].chars().next() {
                Some('\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}') => {
                    Some(CURLY_QUOTES.to_string())
                }
                Some('\'') => Some(SINGLE_QUOTES.to_string()),
                // `x"text"`: a character typed before the string.
                Some(c)
                    if c.is_alphanumeric() && whole[start + c.len_utf8()..].starts_with('"') =>
                {
                    Some(format!(
                        "`{c}` stands before the string's opening `\"`: remove it"
                    ))
                }
                _ => None,
            },
        ),
        E::ExpectedInteger | E::ExpectedFloat => {
            (Code::WrongType, "expected a number".into(), None)
        }
        // The deck's whole-number fields are all counts (`new_per_day`, `leech_threshold`, ...).
        E::IntegerOutOfBounds => {
            // `ron` points after a minus sign: take it in.
            if whole[..span.start].ends_with('-') {
                span.start -= 1;
            }
            (
                Code::InvalidValue,
                format!("`{}` is out of range", whole[span.clone()].trim()),
                Some("this setting is a whole number from 0 to 4294967295".into()),
            )
        }
        E::ExpectedBoolean => (Code::WrongType, "expected `true` or `false`".into(), None),
        E::ExpectedArray => (
            Code::WrongType,
            "expected a list `[...]`".into(),
            // A single item where a list goes (`evidence: "..."`, `Text("...")`).
            whole[start..].starts_with('"').then(|| {
                "put the string in a list: `[\"...\"]`, with more items after commas".into()
            }),
        ),
        E::ExpectedMap => (Code::WrongType, "expected a map `{...}`".into(), None),
        // Nothing but spaces and comments: a file emptied by mistake, or never written.
        E::ExpectedNamedStructLike("Deck")
            if super::lex::skip_trivia(whole.as_bytes(), 0) >= whole.len() =>
        {
            (
                Code::WrongType,
                "the file has no deck in it: a deck is `Deck(...)`".into(),
                Some("see the deck format in the README, or a deck in `decks/`".into()),
            )
        }
        E::ExpectedNamedStructLike(name) => {
            (Code::WrongType, format!("expected `{name}(...)`"), None)
        }
        E::UnclosedBlockComment => {
            // `ron` points where the text ran out: point at the `/*` left open.
            if let Some(open) = super::lex::unclosed_block_comment(whole) {
                span = open..open + 2;
            }
            (
                Code::RonSyntax,
                "invalid RON: unclosed block comment".into(),
                Some(
                    "close it with `*/`; comments nest, so each `/*` inside it needs its own `*/`"
                        .into(),
                ),
            )
        }
        E::ExceededRecursionLimit => (
            Code::TooLarge,
            "values are nested too deeply (the limit is 128 levels)".into(),
            None,
        ),
        // A key given twice (reported from the value locator, which finds both; this is in
        // case it cannot).
        E::Message(message) if is_duplicate_key(error) => (
            Code::DuplicateField,
            message.clone(),
            Some("each name is given once: keep one entry, with the aliases of both".into()),
        ),
        E::Message(message) => (Code::WrongType, lowercase_first(message), None),
        other => {
            if matches!(other, E::ExpectedComma) {
                span = comma_span(whole, start).unwrap_or(span);
            }
            // A string that swallowed the next lines is the usual cause of odd syntax errors.
            if let Some(value) = locations.last_before(span.end)
                && whole[value.clone()].starts_with('"')
                && whole[value.clone()].contains('\n')
            {
                secondary = Some(value.start..value.start + 1);
            }
            (
                Code::RonSyntax,
                format!("invalid RON: {}", lowercase_first(&other.to_string())),
                syntax_help(other, &whole[span.start.min(whole.len())..]),
            )
        }
    };
    let help = if secondary.is_some() { None } else { help };
    let mut diagnostic = Diagnostic::new(code, file, span, message).maybe_help(help);
    if let Some(open) = secondary {
        diagnostic = diagnostic.secondary(
            file,
            open,
            "this string runs over several lines: is its closing `\"` missing?",
        );
    }
    diagnostic
}

/// Where a comma is missing before `at`: the last character of the value before it.
fn comma_span(whole: &str, at: usize) -> Option<Range<usize>> {
    let before = whole[..at].trim_end().len();
    let last = whole[..before].chars().next_back()?.len_utf8();
    Some(before - last..before)
}

/// E101 for a comma the value locator found missing (`ron` stops at the first).
fn missing_comma(file: &Arc<SourceFile>, at: usize) -> Option<Diagnostic> {
    let error = ron::error::Error::ExpectedComma;
    let span = comma_span(&file.text, at)?;
    Some(
        Diagnostic::new(
            Code::RonSyntax,
            file,
            span,
            format!("invalid RON: {}", lowercase_first(&error.to_string())),
        )
        .maybe_help(syntax_help(&error, "")),
    )
}

/// The help for a string in single quotes (which `ron` reads as one character).
const SINGLE_QUOTES: &str = "strings are in double quotes `\"`; single quotes hold one character";

/// The help for a curly quote where a string should start (a deck edited in a word processor).
const CURLY_QUOTES: &str =
    "strings are in straight double quotes `\"`; curly quotes go inside them";

/// The help for a syntax error `error`, the text from where it is `at`.
fn syntax_help(error: &ron::error::Error, at: &str) -> Option<String> {
    use ron::error::Error as E;
    let mut chars = at.chars();
    let (first, second) = (chars.next(), chars.next());
    match error {
        // `'text'`: ron reads single quotes as one character.
        E::ExpectedChar if first == Some('\'') => Some(SINGLE_QUOTES.into()),
        // `é"text"`: a character typed before the string.
        E::ExpectedComma if second == Some('"') && first.is_some_and(char::is_alphanumeric) => {
            Some(format!(
                "`{}` stands before the string's opening `\"`: remove it",
                first.unwrap_or_default()
            ))
        }
        E::ExpectedComma => Some(
            "separate fields and list items with `,` (or a list or value before here is not closed)"
                .into(),
        ),
        E::UnexpectedChar('\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}') => {
            Some(CURLY_QUOTES.into())
        }
        E::ExpectedStringEnd => Some("close the string with `\"`".into()),
        E::Eof => Some("a bracket or parenthesis is not closed".into()),
        E::ExpectedArrayEnd => Some("close the list with `]`".into()),
        E::ExpectedStructLikeEnd => Some("close with `)`".into()),
        E::ExpectedMapEnd => Some("close the map with `}`".into()),
        E::ExpectedMapColon => Some(
            "a field is `name: value` (or a `(` or `[` before here is not closed)".into(),
        ),
        E::InvalidEscape(_) => Some(
            "a `\\` in a string starts an escape (`\\\"`, `\\\\`, `\\n`, `\\u{…}`): write `\\\\` \
             for a backslash"
                .into(),
        ),
        _ => None,
    }
}

fn suggest(found: &str, expected: &[&str], what: &str) -> String {
    let valid = expected.join(", ");
    match closest(found, expected) {
        Some(best) => format!("did you mean `{best}`? {what}: {valid}"),
        None => format!("{what}: {valid}"),
    }
}

/// `Expected comma` → `expected comma`: our messages are lowercase, `ron`'s are not.
pub(crate) fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `id` is a valid deck, fact or card id: lowercase letters, digits, `-`, `_`, `.`.
/// Ids are path segments of question ids: keep them plain.
pub fn id_is_valid(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// The path of a value (`facts[3].evidence[0]`, see [`Locations`]), written out only when a
/// diagnostic points at it: validating a large deck without mistakes builds none.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    /// A field name, or a whole path (`source.sha256`) for a root; empty for a list element.
    field: &'a str,
    index: Option<usize>,
}

impl<'a> Path<'a> {
    fn root(field: &'a str) -> Path<'a> {
        Path {
            parent: None,
            field,
            index: None,
        }
    }

    /// Element `index` of the top-level list `field` (`facts[3]`).
    fn item(field: &'a str, index: usize) -> Path<'a> {
        Path {
            parent: None,
            field,
            index: Some(index),
        }
    }

    fn field<'b>(&'b self, field: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            field,
            index: None,
        }
    }

    fn at<'b>(&'b self, index: usize) -> Path<'b> {
        Path {
            parent: Some(self),
            field: "",
            index: Some(index),
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
            if !self.field.is_empty() {
                f.write_str(".")?;
            }
        }
        f.write_str(self.field)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

/// Validation of a deck that deserialised: everything serde cannot say.
struct Validator<'a> {
    loaded: &'a Loaded,
    found: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, code: Code, path: Path, message: impl Into<String>) -> &mut Diagnostic {
        let diagnostic = self.loaded.diagnostic(code, &path.to_string(), message);
        self.found.push(diagnostic);
        self.found.last_mut().expect("just pushed")
    }

    fn id(&mut self, path: Path, id: &str, what: &str) {
        if id.is_empty() {
            self.error(Code::EmptyValue, path, format!("empty {what} id"));
        } else if !id_is_valid(id) {
            self.error(Code::InvalidId, path, format!("invalid {what} id `{id}`"))
                .set_help(
                "ids use lowercase letters, digits, `-`, `_` and `.`, e.g. `austin-meets-singh`"
                    .into(),
            );
        }
    }

    fn non_empty(&mut self, path: Path, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(Code::EmptyValue, path, format!("{what} is empty"));
        }
    }

    fn list(&mut self, path: Path, values: &[String], what: &str, required: bool) {
        if required && values.is_empty() {
            self.error(Code::EmptyValue, path, format!("{what} list is empty"))
                .set_help(format!("give at least one {what}"));
        }
        for (i, value) in values.iter().enumerate() {
            self.non_empty(path.at(i), value, what);
        }
    }
}

fn validate(mut loaded: Loaded, slots: &Slots) -> Result<Loaded, Vec<Diagnostic>> {
    let mut v = Validator {
        loaded: &loaded,
        found: Vec::new(),
    };
    let deck = &v.loaded.deck;
    let reads = |path: &str| !slots.unread.contains(&path);
    if reads("id") {
        v.id(Path::root("id"), &deck.id, "deck");
    }
    for (path, value, what) in [
        ("title", &deck.title, "title"),
        ("source.file", &deck.source.file, "source file name"),
        ("source.title", &deck.source.title, "source title"),
    ] {
        if reads(path) {
            v.non_empty(Path::root(path), value, what);
        }
    }
    let sha = &deck.source.sha256;
    if reads("source.sha256") && (sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit())) {
        // Either case: `sha256sum` prints lowercase, PowerShell's `Get-FileHash` uppercase.
        v.error(
            Code::InvalidValue,
            Path::root("source.sha256"),
            "sha256 must be 64 hex digits",
        )
        .set_help("run `sha256sum` on the source file and paste the first column".into());
    }
    validate_settings(&mut v);
    for (name, aliases) in &deck.aliases {
        let path = format!("aliases[{}]", ron_string(name));
        v.non_empty(Path::root(&path), name, "aliased name");
        v.list(Path::root(&path), aliases, "alias", false);
    }

    let mut ids: FastMap<&str, (&str, usize)> = FastMap::default();
    let mut segments = Vec::with_capacity(deck.facts.len());
    let mut values = Vec::with_capacity(deck.facts.len());
    // Each fact on its own (its text parsed, its spans read), a large deck's in chunks side by
    // side; then the ids, which span the deck, with each fact's findings after its id's.
    let loaded_ref = v.loaded;
    let ((), checked) = crate::side_by_side(
        validation_threads(deck.facts.len()),
        deck.facts.len(),
        || (),
        || Validator {
            loaded: loaded_ref,
            found: Vec::new(),
        },
        |v, range| {
            range
                .map(|i| {
                    let fact = &loaded_ref.deck.facts[i];
                    let (parsed, read) = validate_fact(v, Path::item("facts", slots.fact(i)), fact);
                    (parsed, read, std::mem::take(&mut v.found))
                })
                .collect::<Vec<_>>()
        },
    );
    let checked = checked.into_iter().flatten();
    for (i, (fact, (parsed, read, found))) in deck.facts.iter().zip(checked).enumerate() {
        let slot = slots.fact(i);
        check_unique(&mut v, &mut ids, &fact.id, ("facts", slot));
        v.found.extend(found);
        segments.push(parsed);
        values.push(read);
    }
    // Only cards that name a fact need the set of fact ids.
    let fact_ids: HashSet<&str> = if deck.cards.iter().any(|c| c.fact.is_some()) {
        deck.facts.iter().map(|f| f.id.as_str()).collect()
    } else {
        HashSet::new()
    };
    for (i, card) in deck.cards.iter().enumerate() {
        let slot = slots.card(i);
        check_unique(&mut v, &mut ids, &card.id, ("cards", slot));
        validate_card(
            &mut v,
            Path::item("cards", slot),
            card,
            (!slots.partial).then_some(&fact_ids),
        );
    }
    if v.found.is_empty() {
        loaded.segments = segments;
        loaded.values = values;
        Ok(loaded)
    } else {
        Err(v.found)
    }
}

/// Quotes a map key the way `Locations` records it.
pub(crate) fn ron_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `at` is the list (`facts` or `cards`) and slot of the fact or card whose id this is.
fn check_unique<'a>(
    v: &mut Validator<'a>,
    ids: &mut FastMap<&'a str, (&'static str, usize)>,
    id: &'a str,
    at: (&'static str, usize),
) {
    let owner = Path::item(at.0, at.1);
    let path = owner.field("id");
    v.id(path, id, "fact or card");
    if let Some(&(list, slot)) = ids.get(id) {
        let first_span = v
            .loaded
            .locate(&Path::item(list, slot).field("id").to_string());
        let file = Arc::clone(&v.loaded.file);
        let d = v.error(Code::DuplicateId, path, format!("duplicate id `{id}`"));
        d.primary.text = "used again here".into();
        d.secondary.push(crate::diagnostic::Label {
            file,
            span: first_span,
            text: "first used here".into(),
        });
        d.set_help("ids must be unique within a deck: review history is keyed on them".into());
    } else {
        ids.insert(id, at);
    }
}

fn validate_settings(v: &mut Validator) {
    let s = &v.loaded.deck.settings;
    if !(0.7..=0.99).contains(&s.retention) {
        v.error(
            Code::InvalidValue,
            Path::root("settings.retention"),
            format!("retention {} is out of range", s.retention),
        )
        .set_help("desired retention is between 0.7 and 0.99 (default 0.9)".into());
    }
    if s.kinds.is_empty() {
        v.error(
            Code::EmptyValue,
            Path::root("settings.kinds"),
            "kinds list is empty",
        )
        .set_help("list at least one of Cloze, Choice, TrueFalse, Reverse".into());
    }
    for (name, steps) in [
        ("learning_steps", &s.learning_steps),
        ("relearning_steps", &s.relearning_steps),
    ] {
        for (i, step) in steps.iter().enumerate() {
            if parse_step(step).is_none() {
                v.error(
                    Code::InvalidValue,
                    Path::root(&format!("settings.{name}[{i}]")),
                    format!("invalid step `{step}`"),
                )
                .help = Some(
                    "a step is a positive number and a unit: `30s`, `1m`, `10m`, `1h`, `1d` \
                     (at most `36500d`)"
                        .into(),
                );
            }
        }
    }
    if s.leech_threshold == 0 {
        v.error(
            Code::InvalidValue,
            Path::root("settings.leech_threshold"),
            "leech threshold must be at least 1",
        )
        .set_help("a question failed this many times is tagged a leech (default 8)".into());
    }
    if s.maximum_interval_days == 0 {
        v.error(
            Code::InvalidValue,
            Path::root("settings.maximum_interval_days"),
            "maximum interval must be at least 1 day",
        )
        .set_help(
            "the longest a question may wait between reviews, in days (default 36500)".into(),
        );
    }
}

/// The longest learning step: the longest interval there may be (100 years).
const MAX_STEP_SECS: u64 = 36_500 * 86_400;

/// A learning step such as `10m` in seconds (at most 100 years).
pub fn parse_step(step: &str) -> Option<u64> {
    let step = step.trim();
    let unit_at = step.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = step[..unit_at].parse().ok().filter(|&n| n > 0)?;
    let unit = match &step[unit_at..] {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return None,
    };
    n.checked_mul(unit).filter(|&secs| secs <= MAX_STEP_SECS)
}

/// The parsed text of the fact and what its spans read as (empty when it has mistakes).
fn validate_fact(v: &mut Validator, path: Path, fact: &Fact) -> (Vec<Segment>, Vec<SpanValue>) {
    let text_path = path.field("text");
    v.non_empty(text_path, &fact.text, "fact text");
    v.list(
        path.field("evidence"),
        &fact.evidence,
        "evidence excerpt",
        true,
    );
    v.list(path.field("tags"), &fact.tags, "tag", false);
    if let Some(kinds) = &fact.kinds
        && kinds.is_empty()
    {
        v.error(Code::EmptyValue, path.field("kinds"), "kinds list is empty")
            .set_help(
                "list at least one of Cloze, Choice, TrueFalse, Reverse, or remove `kinds`".into(),
            );
    }
    let segments = match markup::parse(&fact.text) {
        Ok(segments) => segments,
        Err(errors) => {
            // Each is located by walking the literal: past a few, the rest are counted (a text
            // of thousands of stray brackets is one mistake made many times).
            if errors.len() > MAX_MARKUP_ERRORS {
                let more = errors.len() - MAX_MARKUP_ERRORS;
                v.error(
                    Code::BadMarkup,
                    text_path,
                    format!("{more} more markup mistakes in this text"),
                )
                .set_help(format!(
                    "the first {MAX_MARKUP_ERRORS} are shown; mend them and check again"
                ));
            }
            for error in errors.into_iter().take(MAX_MARKUP_ERRORS) {
                let code = if error.message.starts_with("unknown span type") {
                    Code::UnknownSpanType
                } else {
                    Code::BadMarkup
                };
                let span = v
                    .loaded
                    .locate_in_text(&text_path.to_string(), &fact.text, error.range);
                let file = Arc::clone(&v.loaded.file);
                v.found
                    .push(Diagnostic::new(code, &file, span, error.message).maybe_help(error.help));
            }
            return (Vec::new(), Vec::new());
        }
    };
    let spans = || markup::spans(&segments);
    let day_first = v.loaded.deck.settings.date_order == super::DateOrder::DayFirst;
    if spans().next().is_none() && !fact.text.trim().is_empty() {
        v.error(Code::NoAnswerSpan, text_path, "fact has no answer span")
            .set_help("mark what a learner should answer: `[Rajnath Singh](person)`".into());
    }
    let mut values = Vec::with_capacity(spans().count());
    for span in spans() {
        match super::check_span_value(span, day_first) {
            Ok(value) => values.push(value),
            Err(message) => {
                let at =
                    v.loaded
                        .locate_in_text(&text_path.to_string(), &fact.text, span.range.clone());
                let file = Arc::clone(&v.loaded.file);
                v.found
                    .push(Diagnostic::new(Code::InvalidValue, &file, at, message));
            }
        }
    }
    for (i, reverse) in fact.reverse.iter().enumerate() {
        let reverses = path.field("reverse");
        let rpath = reverses.at(i);
        v.non_empty(rpath.field("ask"), &reverse.ask, "question");
        if !spans().any(|s| s.value == reverse.answer) {
            let named: Vec<String> = spans().map(|s| format!("`{}`", s.value)).collect();
            v.error(
                Code::UnknownReference,
                rpath.field("answer"),
                format!("`{}` is not an answer span of this fact", reverse.answer),
            )
            .set_help(format!("use one of: {}", named.join(", ")));
        }
    }
    (segments, values)
}

/// `fact_ids` is `None` when some facts did not parse, so references cannot be judged.
fn validate_card(v: &mut Validator, path: Path, card: &Card, fact_ids: Option<&HashSet<&str>>) {
    v.non_empty(path.field("ask"), &card.ask, "question");
    v.list(
        path.field("evidence"),
        &card.evidence,
        "evidence excerpt",
        true,
    );
    v.list(path.field("tags"), &card.tags, "tag", false);
    if let (Some(fact), Some(fact_ids)) = (&card.fact, fact_ids)
        && !fact_ids.contains(fact.as_str())
    {
        let mut ids: Vec<&str> = fact_ids.iter().copied().collect();
        ids.sort_unstable();
        let help = match closest(fact, &ids) {
            Some(c) => format!("did you mean `{c}`?"),
            None if ids.is_empty() => "the deck has no facts: remove `fact`".to_string(),
            None => {
                let shown: Vec<String> = ids.iter().take(5).map(|id| format!("`{id}`")).collect();
                let more = match ids.len() {
                    n if n > 5 => format!(" and {} more", n - 5),
                    _ => String::new(),
                };
                format!("the facts' ids are {}{more}", shown.join(", "))
            }
        };
        v.error(
            Code::UnknownReference,
            path.field("fact"),
            format!("no fact has the id `{fact}`"),
        )
        .set_help(help);
    }
    let apath = path.field("answer");
    match &card.answer {
        CardAnswer::Text(accepted) => v.list(apath.field("0"), accepted, "accepted answer", true),
        CardAnswer::Choice { correct, wrong } => {
            v.list(apath.field("correct"), correct, "correct answer", true);
            let wrongs = apath.field("wrong");
            v.list(wrongs, wrong, "wrong answer", true);
            for (i, w) in wrong.iter().enumerate() {
                let key = w.trim().to_lowercase();
                if correct.iter().any(|c| c.trim().to_lowercase() == key) && !key.is_empty() {
                    v.error(
                        Code::ChoiceOverlap,
                        wrongs.at(i),
                        format!("`{w}` is listed as both correct and wrong"),
                    )
                    .set_help("remove it from one of the two lists".into());
                }
            }
        }
        CardAnswer::TrueFalse(_) => {}
        CardAnswer::Number {
            value,
            tolerance,
            unit,
        } => {
            if !value.is_finite() {
                v.error(
                    Code::InvalidValue,
                    apath.field("value"),
                    "the value must be a finite number",
                );
            }
            if !(tolerance.is_finite() && *tolerance >= 0.0) {
                v.error(
                    Code::InvalidValue,
                    apath.field("tolerance"),
                    "the tolerance must be zero or a positive number",
                );
            }
            if let Some(unit) = unit {
                v.non_empty(apath.field("unit"), unit, "unit");
            }
        }
        CardAnswer::Date(date) => {
            if super::parse_card_date(date).is_none() {
                v.error(
                    Code::InvalidValue,
                    apath.field("0"),
                    format!("`{date}` is not a date"),
                )
                .set_help(
                    "write an ISO date `2021-03-20`, a year `2019` or a weekday `Saturday`".into(),
                );
            }
        }
        CardAnswer::List { items, .. } => v.list(apath.field("items"), items, "item", true),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Loads `text` and renders either `ok` or each diagnostic as `CODE line:col message`.
    fn check(text: &str, expected: &str) {
        let file = SourceFile::new("t.ron", text);
        let rendered = match load(file) {
            Ok(_) => "ok".to_string(),
            Err(found) => found
                .iter()
                .map(|d| {
                    let (line, col) = d.line_col();
                    format!("{} {line}:{col} {}", d.code, d.message)
                })
                .collect::<Vec<_>>()
                .join("\n"),
        };
        assert_eq!(rendered, expected, "for:\n{text}");
    }

    const HEAD: &str = r#"Deck(id: "d", title: "T", source: Source(file: "s.txt", sha256: "0000000000000000000000000000000000000000000000000000000000000000", title: "S"),"#;

    /// A deck with `rest` after its header (`facts: [...]`, `aliases: {...}`, ...).
    pub(in crate::deck) fn deck(rest: &str) -> String {
        format!("{HEAD}\n{rest}\n)")
    }

    #[test]
    fn a_large_deck_is_validated_in_parts_with_its_findings_in_order() {
        use std::fmt::Write as _;
        let mut facts = String::from("facts: [\n");
        for i in 0..PARTS_FROM_FACTS + 500 {
            // A duplicate id near the end of each part, a broken fact in each.
            let id = if i % 1000 == 999 { 3 } else { i };
            let evidence = if i % 1000 == 998 { "" } else { "e" };
            writeln!(
                facts,
                "Fact(id: \"f{id}\", text: \"[{i}](number) ships\", evidence: [\"{evidence}\"]),"
            )
            .unwrap();
        }
        facts.push(']');
        let expected = [998, 999, 1998, 1999]
            .map(|i| {
                let line = i + 3;
                if i % 1000 == 998 {
                    // The `""`, after the id and the number (each one digit longer past 999).
                    let col = 58 + 2 * (i.to_string().len() - 3);
                    format!("E106 {line}:{col} evidence excerpt is empty")
                } else {
                    format!("E105 {line}:10 duplicate id `f3`")
                }
            })
            .join("\n");
        check(&deck(&facts), &expected);
    }

    #[test]
    fn a_missing_comma_does_not_hide_later_mistakes() {
        // Between two fields of a fact, then between two facts: each is reported once, and
        // the mistakes after it too.
        check(
            &deck(
                "facts: [\n\
                 Fact(id: \"a\", text: \"[x](person)\"\n evidence: [\"e\"]),\n\
                 Fact(id: \"b\", text: \"[y](persn)\", evidence: [\"e\"])\n\
                 Fact(id: \"c\", text: \"[z](person)\", evidense: [\"e\"]),\n\
                 ]",
            ),
            "E101 3:33 invalid RON: expected comma\n\
             E109 5:26 unknown span type `persn`\n\
             E101 5:50 invalid RON: expected comma\n\
             E102 6:36 unknown field `evidense` in `Fact`",
        );
    }

    #[test]
    fn an_unclosed_comment_is_shown_where_it_opens() {
        // The outer `/*` of two, after a string and a line comment that hold `/*` too.
        check(
            &deck(
                "facts: [\n\
                 Fact(id: \"a\", text: \"[x](person) /* no\", evidence: [\"e\"]), // /* no\n\
                 /* the rest /* is */ out\n\
                 Fact(id: \"b\", text: \"[y](person)\", evidence: [\"e\"]),\n\
                 ]",
            ),
            "E101 4:1 invalid RON: unclosed block comment",
        );
    }

    const SHA: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    /// Two facts with a mistake each, after the header.
    const BROKEN_FACTS: &str = r#"facts: [
  Fact(id: "a", text: "[X](bridge)", evidence: ["e"]),
  Fact(id: "b", tgas: [], text: "[X](person)", evidence: ["e"]),
]"#;

    #[test]
    fn every_mistake_of_the_deck_header_is_reported_with_the_facts() {
        // `ron` stops at `titel`; `colour` and the facts' mistakes are found too. (`title` is
        // not reported missing: the help of `titel` names it.)
        check(
            &format!(
                "Deck(id: \"d\", titel: \"T\", colour: \"red\",\n\
                 source: Source(file: \"s.txt\", sha256: \"{SHA}\", title: \"S\"),\n\
                 {BROKEN_FACTS})"
            ),
            "E102 1:15 unknown field `titel` in `Deck`\n\
             E102 1:27 unknown field `colour` in `Deck`\n\
             E109 4:28 unknown span type `bridge`\n\
             E102 5:17 unknown field `tgas` in `Fact`",
        );
    }

    #[test]
    fn every_field_missing_from_the_source_is_reported_with_the_facts() {
        check(
            &format!(
                "Deck(id: \"d\", title: \"T\",\nsource: Source(title: \"S\"),\n{BROKEN_FACTS})"
            ),
            "E103 2:9 missing field `file` in `Source`\n\
             E103 2:9 missing field `sha256` in `Source`\n\
             E109 4:28 unknown span type `bridge`\n\
             E102 5:17 unknown field `tgas` in `Fact`",
        );
    }

    #[test]
    fn an_unknown_deck_field_after_a_broken_source_is_reported() {
        check(
            &format!(
                "Deck(id: \"d\", title: \"T\",\n\
                 source: Source(title: \"x\"), src: Source(file: \"s.txt\", sha256: \"{SHA}\", title: \"S\"),\n\
                 facts: [Fact(id: \"a\", text: \"[X](person)\", evidence: [\"e\"])])"
            ),
            "E103 2:9 missing field `file` in `Source`\n\
             E103 2:9 missing field `sha256` in `Source`\n\
             E102 2:29 unknown field `src` in `Deck`",
        );
    }

    #[test]
    fn header_values_are_each_read_and_validated() {
        // A wrong struct name and a typo in the source, several mistakes in the settings, an
        // empty title: each found, and the settings that read are validated.
        check(
            &format!(
                "Deck(id: \"d\", title: \"\",\n\
                 source: Sorce(fil: \"s.txt\", sha256: \"{SHA}\", title: \"S\"),\n\
                 settings: Settings(new_per_day: \"twenty\", retention: 1.5, colour: 1, id: 2),\n\
                 facts: [Fact(id: \"a\", text: \"[X](person)\", evidence: [\"e\"])])"
            ),
            "E106 1:22 title is empty\n\
             E104 2:9 expected `Source(...)`, found `Sorce(...)`\n\
             E102 2:15 unknown field `fil` in `Source`\n\
             E104 3:33 expected a number\n\
             E112 3:54 retention 1.5 is out of range\n\
             E102 3:59 unknown field `colour` in `Settings`\n\
             E102 3:70 unknown field `id` in `Settings`",
        );
        // A value of the wrong type, a field given twice, one missing from each struct.
        check(
            "Deck(title: 3, title: \"T\", source: Source(file: \"s.txt\", title: \"S\"))",
            "E103 1:1 missing field `id` in `Deck`\n\
             E104 1:13 expected a string in double quotes\n\
             E115 1:16 field `title` is given twice in `Deck`\n\
             E103 1:36 missing field `sha256` in `Source`",
        );
        // After a syntax error (here a missing comma) the header is not read field by field:
        // `ron`'s first error, and the comma.
        check(
            &deck("titel: 1 colour: 2, facts: []").replace("title: \"T\", ", ""),
            "E102 2:1 unknown field `titel` in `Deck`\nE101 2:8 invalid RON: expected comma",
        );
    }

    #[test]
    fn header_shapes_are_the_structs_serde_reads() {
        use ron::error::Error as E;
        // Each shape with its required fields only (they must read), by name and value.
        let source = format!("Source(file: \"f\", sha256: \"{SHA}\", title: \"t\")");
        let shapes: [(&Shape, Vec<(&str, &str)>); 3] = [
            (
                &DECK,
                vec![("id", "\"d\""), ("title", "\"t\""), ("source", &source)],
            ),
            (
                &SOURCE,
                vec![("file", "\"f\""), ("sha256", "\"s\""), ("title", "\"t\"")],
            ),
            (&SETTINGS, vec![]),
        ];
        let text = |fields: &[(&str, &str)]| {
            let fields: Vec<String> = fields.iter().map(|(f, v)| format!("{f}: {v}")).collect();
            format!("({})", fields.join(", "))
        };
        for (shape, required) in shapes {
            assert_eq!(
                required.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
                shape.required
            );
            assert!((shape.read)(&text(&required)).is_ok(), "{}", shape.name);
            for i in 0..required.len() {
                let mut fewer = required.clone();
                let (field, _) = fewer.remove(i);
                let error = (shape.read)(&text(&fewer)).unwrap_err().code;
                assert!(
                    matches!(&error, E::MissingStructField { field: f, outer: Some(o) } if *f == field && o == shape.name),
                    "{}: {error:?}",
                    shape.name
                );
            }
            match (shape.read)("(no_such_field: 0)").unwrap_err().code {
                E::NoSuchStructField { expected, .. } => assert_eq!(expected, shape.fields),
                other => panic!("{}: {other:?}", shape.name),
            }
        }
    }

    #[test]
    fn minimal_deck_loads() {
        check(
            &deck(r#"facts: [Fact(id: "a", text: "[X](person) met.", evidence: ["X met"])]"#),
            "ok",
        );
    }

    #[test]
    fn reports_errors_of_every_fact() {
        check(
            &deck(
                r#"facts: [
  Fact(id: "a", txt: "[X](person)", evidence: ["e"]),
  Fact(id: "b", text: "[X](person)", evidence: 3),
]"#,
            ),
            "E102 3:17 unknown field `txt` in `Fact`\nE104 4:48 expected a list `[...]`",
        );
    }

    #[test]
    fn semantic_errors_are_located() {
        check(
            &deck(
                r#"facts: [
  Fact(id: "a", text: "[X](persn) met", evidence: ["e"]),
  Fact(id: "a", text: "no spans", evidence: []),
]"#,
            ),
            "E109 3:28 unknown span type `persn`\nE105 4:12 duplicate id `a`\nE106 4:45 evidence excerpt list is empty\nE113 4:23 fact has no answer span",
        );
    }

    /// A decade marked as a year or date says what to do instead (QA: "write a year such as
    /// `2019`" left the author without a way).
    #[test]
    fn a_decade_is_no_year() {
        let fact = |span: &str| {
            deck(&format!(
                "facts: [Fact(id: \"a\", text: \"It began in {span}.\", evidence: [\"e\"])]"
            ))
        };
        for (span, value, ty) in [
            ("[the 1990s](year)", "the 1990s", "year"),
            ("[1880s](date)", "1880s", "date"),
            ("[the '90s](year)", "the '90s", "year"),
        ] {
            check(
                &fact(span),
                &format!(
                    "E112 2:42 `{value}` is a decade, which no `{ty}` span can be: mark it \
                     `thing` (graded as text, `1990s` or `the 1990s`), or ask for a year within it"
                ),
            );
        }
        check(&fact("[1990s](thing)"), "ok");
        check(
            &fact("[19905](year)"),
            "E112 2:42 `19905` cannot be read as a year span: write a year such as `2019`",
        );
    }

    #[test]
    fn brackets_outside_spans_are_located() {
        let fact = |text: &str| {
            deck(&format!(
                "facts: [Fact(id: \"a\", text: \"{text}\", evidence: [\"e\"])]"
            ))
        };
        // Each at its bracket, on line 2 from column 30 (the text's first character).
        check(
            &fact("The line employs [86] (number) people in [Ohio](place)."),
            "E108 2:47 `[86]` is not an answer span: write `[value](type)` with no space \
             before `(`, or `\\\\[`/`\\\\]` for a literal bracket",
        );
        check(
            &fact("The line employs [86]people in [Ohio](place)."),
            "E108 2:47 `[86]` is not an answer span: write `[value](type)` with the type \
             right after `]`, or `\\\\[`/`\\\\]` for a literal bracket",
        );
        check(
            &fact("The line employs [86](number) people ](place)."),
            "E108 2:67 `]` without a matching `[`: write `[value](type)` for an answer span, \
             or `\\\\]` for a literal bracket",
        );
        check(
            &fact("It is [Acme [Ltd]](org)."),
            "E108 2:36 `[` inside an answer span: spans cannot be nested; write \
             `\\\\[`/`\\\\]` for a literal bracket in a value",
        );
        // Escaped brackets are text, and a mistake after them is still found at its bracket.
        check(&fact(r"It is [Acme \\[Ltd\\]](org) \\[sic\\]."), "ok");
        check(
            &fact(r"\\[sic\\] \u{e9} [86]people in [Ohio](place)."),
            "E108 2:47 `[86]` is not an answer span: write `[value](type)` with the type \
             right after `]`, or `\\\\[`/`\\\\]` for a literal bracket",
        );
        // Past twenty in one text, the rest are counted, not located one by one (review: a
        // text of 100,000 stray brackets took a minute).
        let many = fact(&format!("{} [Ohio](place).", "]".repeat(100_000)));
        let found = crate::deck::load(SourceFile::new("t.ron", many)).unwrap_err();
        assert_eq!(found.len(), 21);
        assert!(
            found
                .iter()
                .any(|d| d.message == "99980 more markup mistakes in this text"),
            "{found:?}"
        );
    }

    #[test]
    fn an_alias_name_given_twice_is_located_at_the_second() {
        let facts =
            r#"facts: [Fact(id: "a", text: "[Thomas Reed](person) saved them.", evidence: ["e"])]"#;
        check(
            &deck(&format!(
                "aliases: {{\n\"Thomas Reed\": [\"Reed\"],\n\"Thomas Reed\": [\"Tom Reed\"],\n}},\n{facts}"
            )),
            "E115 4:1 key `Thomas Reed` is given twice in `aliases` (first on line 3)",
        );
        // Each repeat names the first, however spelt; a fact's mistake and one of the header
        // that `ron` meets first are found too.
        let text = format!(
            "{HEAD}\naliases: {{\"Reed\": [], \"Ann\": [\"A\"],\n\"R\\u{{65}}ed\": [], r\"Reed\": []}},\n\
             facts: [Fact(id: \"a\", text: \"[Reed](persn)\", evidence: [\"e\"])])"
        );
        check(
            &text,
            "E115 3:1 key `Reed` is given twice in `aliases` (first on line 2)\n\
             E115 3:18 key `Reed` is given twice in `aliases` (first on line 2)\n\
             E109 4:37 unknown span type `persn`",
        );
        check(
            &text
                .replacen("title:", "titel:", 1)
                .replace("persn", "person"),
            "E102 1:15 unknown field `titel` in `Deck`\n\
             E115 3:1 key `Reed` is given twice in `aliases` (first on line 2)\n\
             E115 3:18 key `Reed` is given twice in `aliases` (first on line 2)",
        );
        // The first entry is shown beside the second.
        let found = load(SourceFile::new("t.ron", text)).unwrap_err();
        let shown = found[0].render(false);
        assert!(shown.contains("first given here"), "{shown}");
        assert!(
            shown.contains("keep one, with the aliases of both"),
            "{shown}"
        );
        // Names that differ only in case or spacing are two entries (W122 says when an alias
        // is shared); an alias repeated in two lists is not a key given twice.
        check(
            &deck(&format!(
                "aliases: {{\"Thomas Reed\": [\"Reed\"], \"thomas reed\": [\"Reed\"], \"ThomasReed\": []}},\n{facts}"
            )),
            "ok",
        );
    }

    #[test]
    fn a_card_about_no_fact_names_the_facts_there_are() {
        let fact = |id: &str| {
            format!(r#"Fact(id: "{id}", text: "It was [Ada](person).", evidence: ["Ada"]),"#)
        };
        let text = deck(&format!(
            "facts: [{}{}], cards: [Card(id: \"c\", ask: \"Who?\", answer: Text([\"Ada\"]), \
             evidence: [\"Ada\"], fact: \"zzz\")]",
            fact("ada-notes"),
            fact("ada-year")
        ));
        let found = load(SourceFile::new("t.ron", text)).unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "no fact has the id `zzz`");
        assert_eq!(
            found[0].help.as_deref(),
            Some("the facts' ids are `ada-notes`, `ada-year`")
        );
    }

    #[test]
    fn steps_parse() {
        assert_eq!(parse_step("10m"), Some(600));
        assert_eq!(parse_step("1d"), Some(86400));
        assert_eq!(parse_step("0m"), None);
        assert_eq!(parse_step("m"), None);
        assert_eq!(parse_step("5 minutes"), None);
        assert_eq!(parse_step("36500d"), Some(36_500 * 86_400));
        assert_eq!(parse_step("36501d"), None);
        assert_eq!(parse_step("99999999999d"), None);
    }
}
