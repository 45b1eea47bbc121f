//! `recall check`: the fact-consistency gate. Takes decks as loaded (or the diagnostics of
//! those that failed to load) with their source documents, and collects every finding.
//! Pure: the CLI reads the files; [`report`] prints the result in one of several formats.

pub mod report;

use std::sync::Arc;

use crate::deck::Loaded;
use crate::diagnostic::{Code, Diagnostic, Severity, SourceFile};

/// A source document as read from disk.
#[derive(Debug)]
pub struct SourceDoc {
    pub file: Arc<SourceFile>,
    /// Lowercase hex sha256 of the file's bytes.
    pub sha256: String,
}

/// One deck file given to `check`.
#[derive(Debug)]
pub struct DeckInput {
    pub file: Arc<SourceFile>,
    /// The deck, or why it did not load.
    pub loaded: Result<Loaded, Vec<Diagnostic>>,
    /// Its source document, or why it could not be found (absent when the deck did not load).
    pub source: Option<Result<SourceDoc, Box<Diagnostic>>>,
}

/// The checks, in the order they run; each deck gets one result per check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The deck parses and validates.
    Deck,
    /// The source resolves and its sha256 matches.
    Source,
}

impl Check {
    pub const ALL: [Check; 2] = [Check::Deck, Check::Source];

    pub fn name(self) -> &'static str {
        match self {
            Check::Deck => "deck",
            Check::Source => "source",
        }
    }

    /// Which check a finding code belongs to.
    pub fn of(code: Code) -> Check {
        match code.code().as_bytes()[1] {
            b'1' => Check::Deck,
            _ => Check::Source,
        }
    }
}

/// The findings of one deck file.
#[derive(Debug)]
pub struct DeckReport {
    pub file: Arc<SourceFile>,
    /// The deck id when it loaded.
    pub deck: Option<String>,
    pub facts: usize,
    pub cards: usize,
    pub findings: Vec<Diagnostic>,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub decks: Vec<DeckReport>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.decks
            .iter()
            .flat_map(|d| &d.findings)
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.decks.iter().flat_map(|d| &d.findings)
    }
}

/// Runs every check over the decks.
pub fn check(inputs: Vec<DeckInput>) -> Report {
    let mut report = Report::default();
    for input in inputs {
        let mut findings = Vec::new();
        let (deck, facts, cards) = match &input.loaded {
            Ok(loaded) => (
                Some(loaded.deck.id.clone()),
                loaded.deck.facts.len(),
                loaded.deck.cards.len(),
            ),
            Err(errors) => {
                findings.extend(errors.iter().cloned());
                (None, 0, 0)
            }
        };
        if let (Ok(loaded), Some(source)) = (&input.loaded, &input.source) {
            match source {
                Ok(source) => findings.extend(check_hash(loaded, source)),
                Err(missing) => findings.push((**missing).clone()),
            }
        }
        report.decks.push(DeckReport {
            file: input.file,
            deck,
            facts,
            cards,
            findings,
        });
    }
    report
}

/// The deck's `sha256` against the source's.
fn check_hash(loaded: &Loaded, source: &SourceDoc) -> Option<Diagnostic> {
    (loaded.deck.source.sha256 != source.sha256).then(|| {
        loaded
            .diagnostic(
                Code::SourceHashMismatch,
                "source.sha256",
                format!("sha256 of `{}` does not match the deck", source.file.name()),
            )
            .label(format!("the file's sha256 is {}", source.sha256))
            .help("if the source changed on purpose, re-check the evidence and update `sha256`")
    })
}
