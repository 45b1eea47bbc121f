//! `recall cards DECK [--seed N] [--json]`: every question a deck yields — the authors'
//! preview, and (with `--json`) the contract tests build on.

use std::io::Write;
use std::path::PathBuf;

use super::decks;
use crate::error::{Error, Status};
use crate::question::{Answer, Question, option_letter};

#[derive(Debug)]
pub struct Config {
    pub deck: PathBuf,
    pub seed: u64,
    pub json: bool,
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let Some(loaded) = decks::load_or_report(&config.deck)? else {
        return Ok(Status::Findings);
    };
    let questions = crate::generate::generate(&loaded, config.seed);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if config.json {
        questions
            .iter()
            .try_for_each(|q| writeln!(out, "{}", json(q)))
    } else {
        human(&loaded.deck.id, &questions, config.seed, &mut out)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Status::Clean)
}

/// One line of `cards --json` (fields in this order).
#[derive(serde::Serialize)]
pub struct CardJson<'a> {
    id: &'a str,
    fact: Option<&'a str>,
    kind: &'static str,
    prompt: &'a str,
    answer: String,
    accepted: Vec<String>,
    options: Option<&'a [String]>,
    tags: &'a [String],
}

pub fn json(q: &Question) -> String {
    let options = match &q.answer {
        Answer::Choice { options, .. } => Some(options.as_slice()),
        _ => None,
    };
    let line = CardJson {
        id: &q.id,
        fact: q.fact.as_deref(),
        kind: q.answer.kind(),
        prompt: &q.prompt,
        answer: q.answer_text(),
        accepted: q.accepted(),
        options,
        tags: &q.tags,
    };
    serde_json::to_string(&line).expect("plain data serialises")
}

fn human(
    deck: &str,
    questions: &[Question],
    seed: u64,
    out: &mut impl Write,
) -> std::io::Result<()> {
    use crate::terminal::sanitize;
    let mut kinds = std::collections::BTreeMap::new();
    for q in questions {
        *kinds.entry(q.answer.kind()).or_insert(0) += 1;
    }
    let counts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "{deck}: {} {} ({}), seed {seed}\n",
        questions.len(),
        crate::check::report::plural(questions.len(), "question"),
        counts.join(", ")
    )?;
    for q in questions {
        writeln!(out, "{}  [{}]", q.id, q.answer.kind())?;
        writeln!(out, "  {}", sanitize(&q.prompt))?;
        if let Answer::Choice {
            options, correct, ..
        } = &q.answer
        {
            for (i, option) in options.iter().enumerate() {
                let mark = if correct.contains(&i) { "*" } else { " " };
                writeln!(out, "   {mark} {}) {}", option_letter(i), sanitize(option))?;
            }
        }
        write!(out, "  answer: {}", sanitize(&q.answer_text()))?;
        if let Answer::Text { accepted, .. } = &q.answer
            && accepted.len() > 1
        {
            write!(out, " (also: {})", sanitize(&accepted[1..].join(", ")))?;
        }
        writeln!(out, "\n")?;
    }
    Ok(())
}
