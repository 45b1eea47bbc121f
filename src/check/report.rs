//! Reporters: one [`Reporter`] per output format of `check` (human, json, github, junit).

use std::io::{self, Write};

use super::{Check, Report};
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

/// One JSON object per finding per line; nothing for a clean run. The other places a
/// finding points at (the closest passage of the source for E201) are its `related` array.
pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for finding in report.findings() {
            let (line, column) = finding.line_col();
            let (end_line, end_column) = finding.end_line_col();
            let related: Vec<serde_json::Value> = finding
                .secondary
                .iter()
                .map(|label| {
                    let (line, column) = label.file.line_col(label.span.start);
                    let (end_line, end_column) = label.file.line_col(label.span.end);
                    serde_json::json!({
                        "file": label.file.name(),
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                        "label": label.text,
                    })
                })
                .collect();
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
                "related": related,
            });
            writeln!(out, "{value}")?;
        }
        Ok(())
    }
}

/// GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding.
pub struct Github;

/// Escapes workflow-command data (the message).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value (`file=`, `title=`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for finding in report.findings() {
            let (line, column) = finding.line_col();
            let (end_line, end_column) = finding.end_line_col();
            let mut message = finding.message.clone();
            for label in &finding.secondary {
                let (l, c) = label.file.line_col(label.span.start);
                message.push_str(&format!("\n{}:{l}:{c}: {}", label.file.name(), label.text));
            }
            if let Some(help) = &finding.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            writeln!(
                out,
                "::{} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                finding.severity.name(),
                escape_property(&finding.primary.file.name()),
                escape_property(&format!("{} {}", finding.code.code(), finding.code.name())),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

/// A JUnit XML report: one test suite per deck file, one test case per check.
pub struct Junit;

impl Reporter for Junit {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
        let mut junit = quick_junit::Report::new("recall check");
        for deck in &report.decks {
            let name = deck.file.name();
            let mut suite = TestSuite::new(name.as_str());
            for check in Check::ALL {
                let findings: Vec<_> = deck.of(check).collect();
                let errors = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let text = findings
                    .iter()
                    .map(|f| f.render(false))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                let status = if deck.skipped.contains(&check) {
                    TestCaseStatus::skipped()
                } else if errors > 0 {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let codes: std::collections::BTreeSet<&str> =
                        findings.iter().map(|f| f.code.code()).collect();
                    status
                        .set_message(format!(
                            "{errors} {} ({})",
                            plural(errors, "error"),
                            codes.into_iter().collect::<Vec<_>>().join(", ")
                        ))
                        .set_type(findings[0].code.code())
                        .set_description(text.as_str());
                    status
                } else {
                    TestCaseStatus::success()
                };
                let mut case = TestCase::new(check.name(), status);
                case.set_classname(name.as_str());
                if errors == 0 && !findings.is_empty() {
                    case.set_system_out(text.as_str());
                }
                suite.add_test_case(case);
            }
            junit.add_test_suite(suite);
        }
        let mut xml = Vec::new();
        junit
            .serialize(&mut xml)
            .map_err(|e| io::Error::other(e.to_string()))?;
        // Written here rather than by the serializer, so that a write error is the reader's
        // (a closed pipe), not a failure to make the XML.
        out.write_all(&xml)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(escape_data("50% off\r\na:b,c"), "50%25 off%0D%0Aa:b,c");
        assert_eq!(escape_property("C:\\d,e%\n"), "C%3A\\d%2Ce%25%0A");
    }
}
