//! Located diagnostics: what went wrong, where (file + byte span), under which stable code,
//! and one renderer (annotate-snippets) that draws them for people.
//!
//! Every problem an author can cause — in a deck, or between a deck and its source — is a
//! [`Diagnostic`]. Messages are lowercase and say what is valid. The CLI decides how to print
//! them (see [`crate::check::report`]); this module only knows how to point at text.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// Messages quote deck text, which is untrusted: no escape sequences reach a terminal or log.
use crate::terminal::sanitize;

/// A file's name and text, shared by all diagnostics that point into it.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Set when `text` is not the whole file as it is on disk.
    pub problem: Option<ReadProblem>,
    line_starts: Vec<usize>,
}

/// Why a file's text is only an approximation of its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    /// The file is this many bytes, over the limit; `text` holds only its beginning.
    TooLarge(u64),
    /// The bytes are not UTF-8 from this offset on; `text` is decoded lossily.
    NotUtf8(usize),
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<SourceFile> {
        Self::with_problem(path, text, None)
    }

    pub fn with_problem(
        path: impl Into<PathBuf>,
        text: impl Into<String>,
        problem: Option<ReadProblem>,
    ) -> Arc<SourceFile> {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Arc::new(SourceFile {
            path: path.into(),
            text,
            problem,
            line_starts,
        })
    }

    /// Reads bytes as deck text: a UTF-8 byte-order mark is dropped; invalid UTF-8 is decoded
    /// lossily and remembered as a [`ReadProblem`].
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Arc<SourceFile> {
        let bytes = match bytes.strip_prefix(b"\xef\xbb\xbf") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        match String::from_utf8(bytes) {
            Ok(text) => Self::new(path, text),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                Self::with_problem(path, text, Some(ReadProblem::NotUtf8(offset)))
            }
        }
    }

    /// The file name as shown to people (forward slashes, as given).
    pub fn name(&self) -> String {
        display_path(&self.path)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Byte range of the whole lines covering `span`, and the 1-based number of the first.
    fn lines_around(&self, span: &Range<usize>) -> (Range<usize>, usize) {
        let (first, _) = self.line_col(span.start);
        let (last, _) = self.line_col(span.end.max(span.start));
        let start = self.line_starts[first - 1];
        let end = self
            .line_starts
            .get(last)
            .copied()
            .unwrap_or(self.text.len());
        (start..end, first)
    }
}

/// Shows a path with forward slashes whatever the platform, for stable output.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal $name:literal $severity:ident: $doc:literal,)*) => {
        /// Stable finding codes. Never renumber one: CI configurations name them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $doc] $variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// `E201`.
            pub fn code(self) -> &'static str { match self { $(Code::$variant => $code,)* } }
            /// `evidence-not-in-source`.
            pub fn name(self) -> &'static str { match self { $(Code::$variant => $name,)* } }
            /// What it means, for the README table.
            pub fn doc(self) -> &'static str { match self { $(Code::$variant => $doc,)* } }
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$severity,)* } }
        }
    };
}

codes! {
    RonSyntax = "E101" "ron-syntax" Error: "the file is not valid RON",
    UnknownField = "E102" "unknown-field" Error: "a field name the format does not have (often a typo)",
    MissingField = "E103" "missing-field" Error: "a required field is absent",
    WrongType = "E104" "wrong-type" Error: "a value of the wrong type (a number where text is expected, ...)",
    DuplicateId = "E105" "duplicate-id" Error: "two facts or cards share an id",
    EmptyValue = "E106" "empty-value" Error: "an id, text, answer or evidence is empty",
    ChoiceOverlap = "E107" "choice-overlap" Error: "a choice lists the same answer as correct and wrong",
    BadMarkup = "E108" "bad-markup" Error: "a malformed `[value](type)` answer span, or a `[` or `]` outside one",
    UnknownSpanType = "E109" "unknown-span-type" Error: "an answer span type that does not exist",
    UnknownReference = "E110" "unknown-reference" Error: "a reference to a fact or span that does not exist",
    InvalidId = "E111" "invalid-id" Error: "an id with characters other than a-z, 0-9, `-`, `_`, `.`",
    InvalidValue = "E112" "invalid-value" Error: "a value out of range or unreadable (date, number, setting)",
    NoAnswerSpan = "E113" "no-answer-span" Error: "a fact without any `[value](type)` span to ask about",
    UnknownVariant = "E114" "unknown-variant" Error: "an unknown answer kind, question kind or other variant",
    DuplicateField = "E115" "duplicate-field" Error: "a field given twice, or a name given twice in `aliases`",
    TooLarge = "E116" "too-large" Error: "a deck beyond the size or nesting limits",
    NumberLooksLikeYear = "W120" "number-looks-like-year" Warning: "a `number` span whose value reads as a year",
    NameLooksLikeNumber = "W121" "name-looks-like-number" Warning: "a name span (`person`, `place`, ...) whose value is a number",
    AmbiguousAlias = "W122" "ambiguous-alias" Warning: "an alias given to two names, or an aliased name listed as another's alias",
    EmptyDeck = "W123" "empty-deck" Warning: "a deck with no facts and no cards: it asks nothing",
    UnusedAlias = "W124" "unused-alias" Warning: "an `aliases` entry whose name (and each of its aliases) is no answer in the deck",
    DateSpanNotADate = "W125" "date-span-not-a-date" Warning: "a `date` span whose value is only a weekday or a year",
    ReverseNeverAsked = "W126" "reverse-never-asked" Warning: "a fact's `reverse` questions when its kinds leave out `Reverse`",
    DateAgainstOrder = "W127" "date-against-order" Warning: "a date in digits written in the other day order than the deck's `date_order`",
    AliasIsAnotherAnswer = "W128" "alias-is-another-answer" Warning: "an alias that shares no word with its name, while both are answers of one type",
    SourceNotFound = "E200" "source-not-found" Error: "the deck's source document was not found or cannot be read as text",
    EvidenceNotInSource = "E201" "evidence-not-in-source" Error: "an evidence excerpt does not occur in the source",
    SourceHashMismatch = "E202" "source-hash-mismatch" Error: "the source's sha256 differs from the deck's",
    AnswerNotInEvidence = "E203" "answer-not-in-evidence" Error: "an answer is not supported by any of its evidence excerpts",
    AnswerKeyRejects = "E301" "answer-key-rejects" Error: "a question's own answer (or an accepted form) is not graded correct",
    DistractorAccepted = "E302" "distractor-accepted" Error: "a wrong option is graded correct",
    EquivalentOptions = "E303" "equivalent-options" Error: "two options, or two list items, of one question mean the same",
    ConflictingAnswers = "E401" "conflicting-answers" Error: "the same question has different answers",
    DuplicateFact = "E402" "duplicate-fact" Error: "the same fact is stated twice",
    DuplicateAcrossDecks = "E403" "duplicate-across-decks" Error: "an id used by two decks checked together",
    OrphanHistory = "W501" "orphan-history" Warning: "review history for a question that no longer exists",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// A span of a file with an optional label.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
    pub text: String,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    /// Other places worth showing, possibly in other files (e.g. the source document).
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        code: Code,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: sanitize(&message.into()),
            primary: Label {
                file: Arc::clone(file),
                span,
                text: String::new(),
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A short label under the caret.
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.primary.text = sanitize(&text.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(sanitize(&help.into()));
        self
    }

    /// Sets the help of a diagnostic held by reference.
    pub fn set_help(&mut self, help: String) {
        self.help = Some(sanitize(&help));
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help.map(|h| sanitize(&h));
        self
    }

    pub fn secondary(
        mut self,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        text: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label {
            file: Arc::clone(file),
            span,
            text: sanitize(&text.into()),
        });
        self
    }

    /// 1-based line and column of the primary span's start.
    pub fn line_col(&self) -> (usize, usize) {
        self.primary.file.line_col(self.primary.span.start)
    }

    /// 1-based line and column of the primary span's end.
    pub fn end_line_col(&self) -> (usize, usize) {
        self.primary.file.line_col(self.primary.span.end)
    }

    /// Draws the diagnostic with source excerpts and carets; `color` adds ANSI styles.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let labels = std::iter::once(&self.primary).chain(&self.secondary);
        let mut group = level
            .primary_title(self.message.as_str())
            .id(self.code.code())
            .elements(labels.enumerate().map(|(i, label)| snippet(label, i == 0)));
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let report: &[Group] = &[group];
        renderer.render(report)
    }
}

fn snippet(label: &Label, primary: bool) -> Snippet<'_, annotate_snippets::Annotation<'_>> {
    let file = &label.file;
    let (lines, first_line) = file.lines_around(&label.span);
    let span = label.span.start - lines.start..label.span.end.min(lines.end) - lines.start;
    let kind = if primary {
        AnnotationKind::Primary
    } else {
        AnnotationKind::Context
    };
    let mut annotation = kind.span(span);
    if !label.text.is_empty() {
        annotation = annotation.label(label.text.as_str());
    }
    Snippet::source(&file.text[lines])
        .line_start(first_line)
        .path(file.name())
        .annotation(annotation)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: usize, expected: (usize, usize)) {
        let file = SourceFile::new("deck.ron", text);
        assert_eq!(
            file.line_col(offset),
            expected,
            "offset {offset} in {text:?}"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        check("abc", 0, (1, 1));
        check("abc\ndef", 4, (2, 1));
        check("abc\ndef", 6, (2, 3));
        check("é\nxé y", 6, (2, 3));
        check("é\nxé y", 5, (2, 2));
        check("abc", 99, (1, 4));
    }

    #[test]
    fn codes_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.code()), "duplicate {}", code.code());
            assert!(seen.insert(code.name()), "duplicate {}", code.name());
            assert!(!code.doc().is_empty());
            // The README's table of codes lists every one.
            let row = format!("| {} | {} |", code.code(), code.name());
            assert!(
                include_str!("../README.md").contains(&row),
                "README lacks {row}"
            );
        }
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(closest("evidnce", &["evidence", "tags"]), Some("evidence"));
        assert_eq!(closest("zzz", &["evidence", "tags"]), None);
    }

    #[test]
    fn renders_caret_under_span() {
        let file = SourceFile::new("decks/a.ron", "Deck(\n  id: 3,\n)\n");
        let d = Diagnostic::new(Code::WrongType, &file, 12..13, "expected a string")
            .label("found a number")
            .help("quote it");
        let out = d.render(false);
        assert!(out.contains("error[E104]: expected a string"), "{out}");
        assert!(out.contains("decks/a.ron:2:7"), "{out}");
        assert!(out.contains("^ found a number"), "{out}");
    }
}
