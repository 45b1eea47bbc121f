//! Reporters: one [`Reporter`] per output format of `check` (human, json, github, junit).

use std::io::{self, Write};

use super::Report;
use crate::diagnostic::Severity;

/// Writes a [`Report`] in one format.
pub trait Reporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// Annotated snippets and a summary line, for people.
pub struct Human {
    pub color: bool,
}

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for finding in report.findings() {
            writeln!(out, "{}\n", finding.render(self.color))?;
        }
        let errors = report.count(Severity::Error);
        let warnings = report.count(Severity::Warning);
        let decks = report.decks.len();
        let facts: usize = report.decks.iter().map(|d| d.facts).sum();
        let cards: usize = report.decks.iter().map(|d| d.cards).sum();
        let broken = report.decks.iter().filter(|d| d.deck.is_none()).count();
        let mut checked = format!(
            "checked {decks} {} ({facts} {}, {cards} {}",
            plural(decks, "deck"),
            plural(facts, "fact"),
            plural(cards, "card")
        );
        if broken > 0 {
            checked.push_str(&format!("; {broken} did not load"));
        }
        checked.push(')');
        if errors + warnings == 0 {
            writeln!(out, "{checked}: no problems found")
        } else {
            writeln!(
                out,
                "{checked}: {errors} {}, {warnings} {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            )
        }
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// One JSON object per finding per line.
pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for finding in report.findings() {
            let (line, column) = finding.line_col();
            let (end_line, end_column) = finding.end_line_col();
            let value = serde_json::json!({
                "file": finding.primary.file.name(),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "severity": finding.severity.name(),
                "code": finding.code.code(),
                "name": finding.code.name(),
                "message": finding.message,
                "help": finding.help,
            });
            writeln!(out, "{value}")?;
        }
        Ok(())
    }
}
