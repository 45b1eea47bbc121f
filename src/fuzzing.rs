//! Fuzzing harnesses: one function per fuzz target in `fuzz/`, shared with the test that
//! replays the committed corpus (`fuzz/corpus/<target>/`) on every `cargo test`, so each
//! crash ever found stays a regression test. Each harness must never panic on any input.

use std::sync::Arc;

use crate::deck::load;
use crate::diagnostic::SourceFile;
use crate::grade::{self, date, number};
use crate::question::{Answer, DateValue, Origin, Question, Rivals};

/// Arbitrary bytes as a deck file: load, validate, render diagnostics, generate and grade.
/// A deck read in parts (as large decks are) must read as the whole.
pub fn deck(data: &[u8]) {
    let file = SourceFile::from_bytes("fuzz.ron", data.to_vec());
    if let Some(parts) = crate::deck::read_in_parts(&file.text, 2) {
        let whole = crate::deck::load::options().from_str::<crate::Deck>(&file.text);
        assert_eq!(
            whole.ok(),
            Some(parts),
            "a deck read in parts reads as the whole"
        );
    }
    match load(file) {
        Ok(loaded) => {
            for question in crate::generate::generate(&loaded, 0) {
                for accepted in question.accepted() {
                    let _ = grade::grade(&question, &accepted);
                }
            }
        }
        Err(found) => {
            for diagnostic in found {
                let _ = diagnostic.render(false);
                let _ = diagnostic.end_line_col();
            }
        }
    }
}

/// Splits fuzz input into a selector byte and up to four text fields separated by `|`.
fn fields(data: &[u8]) -> (u8, Vec<String>) {
    let (&selector, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    let mut parts: Vec<String> = text.splitn(4, '|').map(str::to_string).collect();
    parts.resize(4, String::new());
    (selector, parts)
}

/// An answer key of the kind the first byte picks, built from the input, graded against it.
pub fn grade(data: &[u8]) {
    let (selector, parts) = fields(data);
    let [expected, other, rival, typed] = <[String; 4]>::try_from(parts).expect("four fields");
    let answer = match selector % 7 {
        0 => Answer::Text {
            accepted: vec![expected, other],
            rivals: Arc::new(Rivals::new([rival.clone()])),
        },
        1 => {
            let amount = number::parse(&expected);
            Answer::Number {
                value: amount.as_ref().map_or(f64::from(selector), |a| a.value),
                unit: amount
                    .and_then(|a| a.unit)
                    .or((!other.is_empty()).then_some(other)),
                tolerance: rival.len() as f64,
                display: expected,
            }
        }
        2 | 3 => {
            let day_first = selector % 7 == 2;
            Answer::Date {
                value: date::parse(&expected, day_first).unwrap_or(DateValue::Year(2021)),
                day_first,
                display: expected,
            }
        }
        4 => {
            let options: Vec<String> = expected.split(',').map(str::to_string).collect();
            let correct = (0..options.len())
                .filter(|i| (selector >> 3) & (1 << (i % 5)) != 0)
                .collect();
            // Other names for the options, `;` between options and `/` between names.
            let aliases = other
                .split(';')
                .map(|names| names.split('/').map(str::to_string).collect())
                .collect();
            Answer::Choice {
                options,
                correct,
                aliases,
            }
        }
        5 => Answer::TrueFalse {
            value: selector & 8 != 0,
        },
        _ => Answer::List {
            items: expected.split(',').map(str::to_string).collect(),
            ordered: selector & 8 != 0,
            aliases: vec![vec![other.clone()]],
        },
    };
    // The prompt and evidence around the answer are read too (bounds, a weekday's date, a
    // currency written with a number): arbitrary ones, from the same fields.
    let question = Question {
        id: "fuzz".into(),
        deck: "fuzz".into(),
        fact: None,
        origin: Origin::Card,
        prompt: format!("{}{}{}", rival, crate::question::BLANK, typed),
        answer,
        evidence: vec![format!("{rival} {typed}")],
        tags: Vec::new(),
        span_answers: Vec::new(),
    };
    let _ = grade::grade(&question, &typed);
    let _ = question.accepted();
    let _ = question.answer_text();
}

/// The number-phrase parser and the amount finder.
pub fn number(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // A typed answer reads what a deck value reads the same (the grader relies on it).
    if let Some(amount) = number::parse(&text) {
        assert_eq!(number::parse_typed(&text), Some(amount), "{text:?}");
    } else {
        let _ = number::parse_typed(&text);
    }
    for (range, _) in number::find_all(&text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
}

/// The date-phrase parser and the date finder, in both orders.
pub fn date(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for day_first in [true, false] {
        let _ = date::parse(&text, day_first);
        for (range, _) in date::find_all(&text, day_first) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// Runs `harness` on every committed input of `target`'s corpus.
    fn replay(target: &str, harness: fn(&[u8])) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).expect("corpus folder") {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| harness(&data));
            assert!(result.is_ok(), "{target} panics on {}", path.display());
            count += 1;
        }
        assert!(count > 0, "empty corpus for {target}");
    }

    #[test]
    fn corpus_deck_load() {
        replay("deck_load", super::deck);
    }

    #[test]
    fn corpus_grade() {
        replay("grade", super::grade);
    }

    #[test]
    fn corpus_parse_number() {
        replay("parse_number", super::number);
    }

    #[test]
    fn corpus_parse_date() {
        replay("parse_date", super::date);
    }
}
