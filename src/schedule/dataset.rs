//! Review logs → the `fsrs` crate's training items.
//!
//! Each card's answers are sorted by time and dated by the [`DayClock`] (so two answers on
//! either side of midnight but before the 4 am rollover fall on the same day). `delta_t` is
//! the number of whole days since the card's previous answer, 0 for its first. Every answer
//! after the first that comes at least a day after the previous one is one item: the card's
//! history up to and including it. Same-day answers (`delta_t` 0, learning steps) are kept in
//! the history — FSRS-6 models short-term memory — but are not predicted themselves, which is
//! how the crate expects its items. Items are in the order of their last answer, the order a
//! time-series split needs.

use std::collections::HashMap;
use std::hash::Hash;

use fsrs::{FSRSItem, FSRSReview};
use jiff::Timestamp;

use super::{DayClock, Rating};

/// Training items with the card each comes from (`card_ids[i]` for `items[i]`).
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub items: Vec<FSRSItem>,
    pub card_ids: Vec<i64>,
    /// Answers read, including same-day ones and first answers.
    pub reviews: usize,
    pub cards: usize,
}

/// Builds the items from `(card, time, rating)` answers in any order.
pub fn fsrs_items<K, I>(answers: I, clock: &DayClock) -> Dataset
where
    K: Hash + Eq,
    I: IntoIterator<Item = (K, Timestamp, Rating)>,
{
    let mut by_card: HashMap<K, Vec<(Timestamp, Rating)>> = HashMap::new();
    let mut reviews = 0;
    for (card, at, rating) in answers {
        by_card.entry(card).or_default().push((at, rating));
        reviews += 1;
    }
    // Sort cards by their first answer so card ids do not depend on hashing.
    let mut cards: Vec<Vec<(Timestamp, Rating)>> = by_card.into_values().collect();
    for answers in &mut cards {
        answers.sort_by_key(|&(at, _)| at);
    }
    cards.sort_by_key(|answers| answers[0].0);
    let mut dated: Vec<(Timestamp, i64, FSRSItem)> = Vec::new();
    for (card_id, answers) in cards.iter().enumerate() {
        let mut history: Vec<FSRSReview> = Vec::with_capacity(answers.len());
        let mut previous_day = None;
        for &(at, rating) in answers {
            let day = clock.day(at);
            let delta_t = previous_day.map_or(0, |p: i64| (day - p).max(0) as u32);
            previous_day = Some(day);
            history.push(FSRSReview {
                rating: rating.number(),
                delta_t,
            });
            if history.len() > 1 && delta_t > 0 {
                dated.push((
                    at,
                    card_id as i64,
                    FSRSItem {
                        reviews: history.clone(),
                    },
                ));
            }
        }
    }
    dated.sort_by_key(|(at, card, _)| (*at, *card));
    let cards = cards.len();
    let (card_ids, items) = dated.into_iter().map(|(_, c, item)| (c, item)).unzip();
    Dataset {
        items,
        card_ids,
        reviews,
        cards,
    }
}

/// One row of an Anki review-log export.
#[derive(Clone, Debug, PartialEq)]
pub struct AnkiReview {
    pub card_id: i64,
    pub rating: Rating,
    pub at: Timestamp,
    pub duration_ms: u64,
    /// The line of the file it was read from.
    pub line: usize,
}

/// Reads a review-log CSV with the header `card_id,review_rating,review_time,review_duration`
/// (time in ISO 8601 with an offset, duration in ms). `name` is the file name used in
/// errors, which read `name:line: message`; all bad lines are reported, up to 20.
pub fn parse_anki_csv(name: &str, text: &str) -> Result<Vec<AnkiReview>, crate::error::Error> {
    const HEADER: [&str; 4] = ["card_id", "review_rating", "review_time", "review_duration"];
    let usage = crate::error::Error::Usage;
    // The `csv` crate reads the file as CSV is written: quoted fields (`"1711684180217"`),
    // CRLF line ends, a byte-order mark.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| usage(format!("{name}:1: {}", csv_error(&e))))?;
    if header.iter().ne(HEADER) {
        return Err(usage(format!(
            "{name}:1: expected the header `{}`",
            HEADER.join(",")
        )));
    }
    let mut reviews = Vec::new();
    let mut errors = Vec::new();
    // A record's line, from where it starts: `csv` gives the end of the record before, which
    // (after a `\r\n` or blank lines) is not yet the record's own line. Counted on from the
    // record before, as records come in order.
    let (mut counted, mut line) = (0, 1);
    let mut line_at = |position: Option<&csv::Position>| -> usize {
        let mut at = position.map_or(counted, |p| p.byte() as usize).max(counted);
        at += (text.as_bytes()[at..].iter())
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..at]).count();
        counted = at;
        line
    };
    for record in reader.records() {
        let (number, row) = match record {
            Ok(record) => (line_at(record.position()), parse_row(&record)),
            Err(e) => (line_at(e.position()), Err(csv_error(&e))),
        };
        match row {
            Ok(None) => {}
            Ok(Some((card_id, rating, at, duration_ms))) => reviews.push(AnkiReview {
                card_id,
                rating,
                at,
                duration_ms,
                line: number,
            }),
            Err(message) => errors.push(format!("{name}:{number}: {message}")),
        }
    }
    if errors.is_empty() {
        return Ok(reviews);
    }
    let more = errors.len().saturating_sub(20);
    errors.truncate(20);
    if more > 0 {
        errors.push(format!("... and {more} more bad lines"));
    }
    Err(usage(errors.join("\n")))
}

/// A CSV reading error in our words (its line is given apart).
fn csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => "not a CSV row".into(),
    }
}

/// The rows of a review log without those that repeat an earlier row (the same card, time
/// and rating: one answer listed twice), and the lines of those left out, each with the line
/// it repeats.
pub fn without_duplicates(rows: Vec<AnkiReview>) -> (Vec<AnkiReview>, Vec<(usize, usize)>) {
    let mut first: HashMap<(i64, Timestamp, Rating), usize> = HashMap::new();
    let mut kept = Vec::with_capacity(rows.len());
    let mut repeated = Vec::new();
    for row in rows {
        match first.entry((row.card_id, row.at, row.rating)) {
            std::collections::hash_map::Entry::Occupied(earlier) => {
                repeated.push((row.line, *earlier.get()));
            }
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(row.line);
                kept.push(row);
            }
        }
    }
    (kept, repeated)
}

/// A row's values; `None` for an empty row.
type Row = Option<(i64, Rating, Timestamp, u64)>;

fn parse_row(record: &csv::StringRecord) -> Result<Row, String> {
    if record.iter().all(str::is_empty) {
        return Ok(None);
    }
    if record.len() != 4 {
        return Err(format!("expected 4 columns, found {}", record.len()));
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let card_id = field(0)
        .parse::<i64>()
        .map_err(|_| format!("card_id `{}` is not an integer", field(0)))?;
    let rating = field(1)
        .parse::<u32>()
        .ok()
        .and_then(Rating::from_number)
        .ok_or_else(|| format!("review_rating `{}` is not 1, 2, 3 or 4", field(1)))?;
    let at = field(2).parse::<Timestamp>().map_err(|_| {
        format!(
            "review_time `{}` is not an ISO 8601 time with an offset",
            field(2)
        )
    })?;
    let duration_ms = field(3).parse::<u64>().map_err(|_| {
        format!(
            "review_duration `{}` is not a whole number of milliseconds from 0 to {}",
            field(3),
            u64::MAX
        )
    })?;
    Ok(Some((card_id, rating, at, duration_ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(answers: &[(&str, &str, u32)], expected: &[&[(u32, u32)]]) {
        let clock = DayClock::default();
        let data = fsrs_items(
            answers.iter().map(|&(card, at, r)| {
                (
                    card,
                    at.parse::<Timestamp>().unwrap(),
                    Rating::from_number(r).unwrap(),
                )
            }),
            &clock,
        );
        let got: Vec<Vec<(u32, u32)>> = data
            .items
            .iter()
            .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
            .collect();
        let expected: Vec<Vec<(u32, u32)>> = expected.iter().map(|e| e.to_vec()).collect();
        assert_eq!(got, expected);
        assert_eq!(data.reviews, answers.len());
    }

    #[test]
    fn items_by_day_with_4am_rollover() {
        check(
            &[
                ("a", "2024-03-01T10:00:00Z", 1),
                ("a", "2024-03-01T10:05:00Z", 3),
                // 3 am next day is still March 1st's day: same-day, not predicted.
                ("a", "2024-03-02T03:00:00Z", 3),
                ("a", "2024-03-02T05:00:00Z", 3),
                ("b", "2024-03-01T11:00:00Z", 3),
                ("a", "2024-03-05T09:00:00Z", 1),
                ("b", "2024-03-04T11:00:00Z", 4),
            ],
            &[
                &[(1, 0), (3, 0), (3, 0), (3, 1)],
                &[(3, 0), (4, 3)],
                &[(1, 0), (3, 0), (3, 0), (3, 1), (1, 3)],
            ],
        );
    }

    #[test]
    fn csv_rows_and_located_errors() {
        let ok = "card_id,review_rating,review_time,review_duration\n\
                  17,3,2024-03-29T20:32:32.250000+00:00,25060\n";
        let rows = parse_anki_csv("r.csv", ok).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].rating, Rating::Good);
        assert_eq!(rows[0].at.as_millisecond(), 1_711_744_352_250);
        let bad = "card_id,review_rating,review_time,review_duration\n\
                   17,3,2024-03-29T20:32:32+00:00,1\n\
                   17,5,2024-03-29T20:32:32+00:00,1\n\
                   x,3,yesterday,1\n";
        let err = parse_anki_csv("r.csv", bad).unwrap_err().to_string();
        assert_eq!(
            err,
            "r.csv:3: review_rating `5` is not 1, 2, 3 or 4\nr.csv:4: card_id `x` is not an integer"
        );
        let err = parse_anki_csv("r.csv", "a,b\n").unwrap_err().to_string();
        assert!(err.starts_with("r.csv:1: expected the header"), "{err}");
        // CSV as written by other tools: quoted fields, CRLF, a byte-order mark, blank lines
        // (QA: a quoted card id was "not an integer").
        let quoted = "\u{feff}\"card_id\",review_rating,review_time,review_duration\r\n\
                      \"17\",\"3\",\"2024-03-29T20:32:32+00:00\",\"1\"\r\n\r\n\
                      18, 1 ,2024-03-29T20:33:32+00:00,2\r\n";
        let rows = parse_anki_csv("r.csv", quoted).unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.card_id, r.line)).collect::<Vec<_>>(),
            [(17, 2), (18, 4)]
        );
        let err = parse_anki_csv(
            "r.csv",
            "card_id,review_rating,review_time,review_duration\n17,3\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "r.csv:2: expected 4 columns, found 2");
    }

    #[test]
    fn rows_repeating_an_earlier_one_are_left_out() {
        let text = "card_id,review_rating,review_time,review_duration\n\
                    1,1,2024-03-29T20:32:32.250000+00:00,25060\n\
                    2,3,2024-03-29T20:32:39.497000+00:00,7241\n\
                    1,1,2024-03-29T20:32:32.250000+00:00,25060\n\
                    1,3,2024-03-29T20:32:32.250000+00:00,25060\n\
                    1,1,2024-03-29T20:32:33.250000+00:00,25060\n\
                    1,1,2024-03-29T22:32:32.250000+02:00,100\n";
        let rows = parse_anki_csv("r.csv", text).unwrap();
        let (kept, repeated) = without_duplicates(rows.clone());
        // Another rating, another time: other answers. The same instant written with another
        // offset and another duration: the same answer.
        assert_eq!(repeated, [(4, 2), (7, 2)]);
        let lines: Vec<usize> = kept.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5, 6]);
        assert_eq!(kept[0], rows[0]);
    }

    #[test]
    fn a_single_answer_makes_no_item() {
        check(&[("a", "2024-03-01T10:00:00Z", 3)], &[]);
    }
}
