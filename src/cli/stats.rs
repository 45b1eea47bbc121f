//! `recall stats [DECK...] [--json] [--db PATH] [--now RFC3339]`: what is due, a 30-day
//! forecast, true retention, counts by state and the study streak.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use super::decks;
use crate::error::{Error, Status};
use crate::schedule::{DayClock, Phase, ReviewKind};
use crate::store::{self, CardRecord, LogEntry, Store};

/// Arguments of `recall stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deck ids or deck files to report on (all decks when none).
    #[arg(value_name = "DECK")]
    decks: Vec<String>,
    /// Print the numbers as one JSON object.
    #[arg(long)]
    json: bool,
    /// The state file (default: `RECALL_DB`, else the XDG data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Report as of this time (RFC 3339, e.g. `2024-05-01T09:00:00Z`) instead of now.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
}

#[derive(Debug)]
pub struct Config {
    /// The decks asked for, by id or by file.
    decks: Vec<DeckArg>,
    json: bool,
    db: PathBuf,
    now: Timestamp,
    clock: DayClock,
}

/// The day clock of the command line: local time zone (`TZ`), days rolling over at 4 am.
/// The learner's day: the system time zone, rolling over at 4 am or at the hour in
/// `RECALL_DAY_STARTS_AT` (0–23), like Anki's "next day starts at".
pub(super) fn clock() -> Result<DayClock, Error> {
    // Set but empty is unset, as with the other variables.
    let hour = match std::env::var("RECALL_DAY_STARTS_AT") {
        Err(_) => 4,
        Ok(text) if text.trim().is_empty() => 4,
        Ok(text) => text
            .trim()
            .parse::<i8>()
            .ok()
            .filter(|h| (0..24).contains(h))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "RECALL_DAY_STARTS_AT `{text}` is not an hour from 0 to 23"
                ))
            })?,
    };
    DayClock::new(TimeZone::system(), hour)
}

/// `--now` out of the times recall schedules from.
fn out_of_range(text: &str) -> Error {
    Error::Usage(format!(
        "--now `{text}` is out of range: {} is valid, such as 2024-05-01T09:00:00Z",
        crate::store::VALID_TIMES
    ))
}

/// `--now` or the clock.
pub(super) fn parse_now(now: Option<&str>) -> Result<Timestamp, Error> {
    match now {
        None => Ok(Timestamp::now()),
        Some(text) => match text.parse::<Timestamp>() {
            // Answers are scheduled from it: it must leave room for their intervals.
            Ok(now) if crate::store::schedulable(now) => Ok(now),
            // A time past the last one a timestamp holds is well written, only too far.
            Ok(_) => Err(out_of_range(text)),
            Err(e) if e.to_string().contains("overflowed") => Err(out_of_range(text)),
            Err(_) => Err(Error::Usage(format!(
                "--now `{text}` is not an RFC 3339 time such as 2024-05-01T09:00:00Z"
            ))),
        },
    }
}

/// A deck named on the command line: by its id, or by its file (which is loaded).
#[derive(Debug)]
enum DeckArg {
    Id(String),
    File(PathBuf),
}

impl Config {
    pub(super) fn new(args: Args) -> Result<Config, Error> {
        let decks = (args.decks.into_iter())
            .map(|deck| {
                let path = std::path::Path::new(&deck);
                match deck.ends_with(".ron") || path.is_file() {
                    true => DeckArg::File(PathBuf::from(deck)),
                    false => DeckArg::Id(deck),
                }
            })
            .collect();
        Ok(Config {
            decks,
            json: args.json,
            db: store::resolve_path(args.db)?,
            now: parse_now(args.now.as_deref())?,
            clock: clock()?,
        })
    }
}

/// The numbers of `recall stats`.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub decks: Vec<String>,
    pub due_today: usize,
    pub due_tomorrow: usize,
    pub due_this_week: usize,
    /// Questions due on each of the next 30 days; day 0 is today, overdue included.
    pub forecast: Vec<usize>,
    /// Share of review answers not rated Again, over the last 7 and 30 days (null: none).
    pub retention_7d: Option<f64>,
    pub retention_30d: Option<f64>,
    pub reviews_7d: usize,
    pub reviews_30d: usize,
    pub new: usize,
    pub learning: usize,
    pub review: usize,
    pub leech: usize,
    pub suspended: usize,
    /// Consecutive days with answers, ending today or yesterday.
    pub streak_days: u32,
    /// Questions with history that their deck no longer yields (left out of the counts).
    pub not_in_deck: usize,
}

/// Computes the stats of `cards` and `log` at `now`.
pub fn compute(cards: &[CardRecord], log: &[LogEntry], now: Timestamp, clock: &DayClock) -> Stats {
    let today = clock.day(now);
    let mut stats = Stats {
        forecast: vec![0; 30],
        ..Stats::default()
    };
    for card in cards {
        let s = &card.state;
        if s.suspended {
            stats.suspended += 1;
        } else {
            match s.phase {
                Phase::New => stats.new += 1,
                Phase::Learning(_) | Phase::Relearning(_) => stats.learning += 1,
                Phase::Review => stats.review += 1,
            }
        }
        if s.leech {
            stats.leech += 1;
        }
        if s.suspended {
            continue;
        }
        let Some(due) = s.due else { continue };
        let day = (clock.day(due) - today).max(0);
        if day == 0 {
            stats.due_today += 1;
        }
        if day == 1 {
            stats.due_tomorrow += 1;
        }
        if day < 7 {
            stats.due_this_week += 1;
        }
        if let Some(slot) = stats.forecast.get_mut(day as usize) {
            *slot += 1;
        }
    }
    let retention = |days: i64| -> (Option<f64>, usize) {
        let since = clock.day_start(today - days + 1);
        let (passed, total) = log
            .iter()
            .filter(|e| e.kind == ReviewKind::Review && e.at >= since && e.at <= now)
            .filter_map(|e| e.rating)
            .fold((0usize, 0usize), |(p, t), r| {
                (p + usize::from(r != crate::schedule::Rating::Again), t + 1)
            });
        ((total > 0).then(|| passed as f64 / total as f64), total)
    };
    (stats.retention_7d, stats.reviews_7d) = retention(7);
    (stats.retention_30d, stats.reviews_30d) = retention(30);
    let days: HashSet<i64> = log
        .iter()
        .filter(|e| e.rating.is_some() && e.at <= now)
        .map(|e| clock.day(e.at))
        .collect();
    let mut day = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    while days.contains(&day) {
        stats.streak_days += 1;
        day -= 1;
    }
    stats
}

pub fn run(config: &Config) -> Result<Status, Error> {
    // The decks named by file, loaded: one with errors is reported as `study` reports it.
    let mut ids = Vec::new();
    let mut files = Vec::new();
    for deck in &config.decks {
        match deck {
            DeckArg::Id(id) => ids.push(id.clone()),
            DeckArg::File(path) => {
                let Some(loaded) = decks::load_or_report(path)? else {
                    return Ok(Status::Findings);
                };
                ids.push(loaded.deck.id.clone());
                files.push(loaded);
            }
        }
    }
    let store = Store::open_read_only(&config.db)?;
    let known = store.deck_ids()?;
    if let Some(unknown) = ids.iter().find(|d| !known.contains(d)) {
        return Err(unknown_deck(unknown, &config.db, &known));
    }
    let mut cards = store.cards(None)?;
    let mut log = store.log(None)?;
    if !ids.is_empty() {
        let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        cards.retain(|c| wanted.contains(c.deck.as_str()));
        log.retain(|e| wanted.contains(e.deck.as_str()));
    }
    let decks = if ids.is_empty() { known } else { ids };
    // Questions a deck no longer yields (a fact renamed or removed) are never asked again:
    // not due, not new. Their history still counts for retention and the streak.
    let current = current_questions(&files, &store, &decks)?;
    let reviewed: HashSet<(&str, &str)> = log
        .iter()
        .map(|e| (e.deck.as_str(), e.question.as_str()))
        .collect();
    let mut not_in_deck = 0;
    cards.retain(|c| {
        let kept = current.get(&c.deck).is_none_or(|ids| ids.contains(&c.id));
        // Only a question that was answered has history to speak of (as `check --db` says).
        not_in_deck += usize::from(!kept && reviewed.contains(&(c.deck.as_str(), c.id.as_str())));
        kept
    });
    let mut stats = compute(&cards, &log, config.now, &config.clock);
    // Questions a deck has gained since it was last studied have no state yet: new.
    let stored: HashSet<(&str, &str)> = cards
        .iter()
        .map(|c| (c.deck.as_str(), c.id.as_str()))
        .collect();
    stats.new += current
        .iter()
        .flat_map(|(deck, ids)| ids.iter().map(move |id| (deck.as_str(), id.as_str())))
        .filter(|key| !stored.contains(key))
        .count();
    stats.decks = decks;
    stats.not_in_deck = not_in_deck;
    let stdout = std::io::stdout();
    let color = super::use_color(&stdout);
    let mut out = stdout.lock();
    let text = if config.json {
        let mut text = serde_json::to_string_pretty(&stats).expect("stats serialise");
        text.push('\n');
        text
    } else {
        let columns = crate::terminal::stdout_columns().unwrap_or(80);
        let text = render(&stats, config.now, &config.clock, color, columns);
        crate::terminal::fit_to_stdout(&text).into_owned()
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Status::Clean)
}

/// The question ids each deck yields now, for the decks named by file and those whose file
/// the state remembers and can still be read (a deck that cannot is counted as it was).
fn current_questions(
    files: &[crate::deck::Loaded],
    store: &Store,
    decks: &[String],
) -> Result<HashMap<String, HashSet<String>>, Error> {
    let ids = |loaded: &crate::deck::Loaded| -> HashSet<String> {
        crate::generate::generate(loaded, 0)
            .into_iter()
            .map(|q| q.id)
            .collect()
    };
    let mut current: HashMap<String, HashSet<String>> = files
        .iter()
        .map(|loaded| (loaded.deck.id.clone(), ids(loaded)))
        .collect();
    for (id, path) in store.known_decks()? {
        if current.contains_key(&id) || !decks.contains(&id) {
            continue;
        }
        let Ok(file) = decks::read(&path) else {
            continue;
        };
        if let Ok(loaded) = crate::deck::load(file)
            && loaded.deck.id == id
        {
            current.insert(id, ids(&loaded));
        }
    }
    Ok(current)
}

/// A deck id asked for that the state file has nothing of: a typo, or the wrong file.
pub(super) fn unknown_deck(id: &str, db: &std::path::Path, known: &[String]) -> Error {
    let db = crate::diagnostic::display_path(db);
    Error::Usage(if known.is_empty() {
        format!("no deck `{id}` in {db}, which has no decks yet")
    } else {
        format!(
            "no deck `{id}` in {db}; it has {}",
            known
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn percent(value: Option<f64>, n: usize) -> String {
    match value {
        Some(v) => format!("{:.1}% of {n}", v * 100.0),
        None => "no reviews".into(),
    }
}

/// A bar of `value / max` of `width` cells in unicode eighth blocks.
fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    let eighths = (value * width * 8).div_ceil(max).max(1);
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
    }
    s
}

/// The human report, for a terminal `columns` wide (the forecast's bars fit it).
pub fn render(
    stats: &Stats,
    now: Timestamp,
    clock: &DayClock,
    color: bool,
    columns: usize,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "due: {} today, {} tomorrow, {} this week",
        stats.due_today, stats.due_tomorrow, stats.due_this_week
    );
    let _ = writeln!(
        s,
        "questions: {} new, {} learning, {} review, {} suspended, {} leech",
        stats.new, stats.learning, stats.review, stats.suspended, stats.leech
    );
    if stats.not_in_deck > 0 {
        let n = stats.not_in_deck;
        let _ = writeln!(
            s,
            "           (not counted: {n} {} with history that {} deck no longer has)",
            crate::check::report::plural(n, "question"),
            if n == 1 { "its" } else { "their" }
        );
    }
    let _ = writeln!(
        s,
        "true retention: {} (7 days), {} (30 days)",
        percent(stats.retention_7d, stats.reviews_7d),
        percent(stats.retention_30d, stats.reviews_30d)
    );
    let _ = writeln!(
        s,
        "streak: {} day{}",
        stats.streak_days,
        if stats.streak_days == 1 { "" } else { "s" }
    );
    let _ = writeln!(s, "\nforecast (next 30 days):");
    let max = stats.forecast.iter().copied().max().unwrap_or(0);
    let today = clock.day(now);
    for (i, &n) in stats.forecast.iter().enumerate() {
        let start = clock.day_start(today + i as i64).to_zoned(clock.tz.clone());
        let label = start.strftime("%a %m-%d").to_string();
        // `  Mon 05-01 12345 ` before the bar, and a column spare after it.
        let bar = bar(n, max, columns.saturating_sub(19).clamp(10, 40));
        let bar = if color && !bar.is_empty() {
            format!("\x1b[36m{bar}\x1b[0m")
        } else {
            bar
        };
        let _ = writeln!(s, "  {label} {n:>5} {bar}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{CardState, Memory, Rating};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn card(phase: Phase, due: Option<&str>, suspended: bool, leech: bool) -> CardRecord {
        CardRecord {
            id: "q".into(),
            deck: "d".into(),
            fact: None,
            content_hash: None,
            state: CardState {
                phase,
                memory: Some(Memory {
                    stability: 1.0,
                    difficulty: 5.0,
                }),
                due: due.map(ts),
                suspended,
                leech,
                ..CardState::new()
            },
        }
    }

    fn review(at: &str, rating: Rating, kind: ReviewKind) -> LogEntry {
        LogEntry::test(ts(at), kind, Some(rating), None)
    }

    fn check(cards: &[CardRecord], log: &[LogEntry], now: &str) -> Stats {
        compute(cards, log, ts(now), &DayClock::default())
    }

    #[test]
    fn counts_forecast_retention_streak() {
        let cards = [
            card(Phase::New, None, false, false),
            card(Phase::Review, Some("2024-04-20T04:00:00Z"), false, false), // overdue
            card(
                Phase::Learning(0),
                Some("2024-05-01T10:00:00Z"),
                false,
                false,
            ),
            // 3 am on the 2nd is still the 1st's day.
            card(Phase::Review, Some("2024-05-02T03:00:00Z"), false, true),
            card(Phase::Review, Some("2024-05-02T04:00:00Z"), false, false),
            card(Phase::Review, Some("2024-05-06T04:00:00Z"), false, false),
            card(Phase::Review, Some("2024-06-30T04:00:00Z"), false, false),
            card(Phase::Review, Some("2024-05-01T04:00:00Z"), true, false),
        ];
        let log = [
            review("2024-04-29T12:00:00Z", Rating::Good, ReviewKind::Review),
            review("2024-04-30T12:00:00Z", Rating::Again, ReviewKind::Review),
            review("2024-05-01T08:00:00Z", Rating::Good, ReviewKind::Review),
            review("2024-05-01T08:01:00Z", Rating::Again, ReviewKind::Learn),
            review("2024-04-10T12:00:00Z", Rating::Good, ReviewKind::Review),
        ];
        let s = check(&cards, &log, "2024-05-01T09:00:00Z");
        assert_eq!(s.due_today, 3);
        assert_eq!(s.due_tomorrow, 1);
        assert_eq!(s.due_this_week, 5);
        assert_eq!(s.forecast[0], 3);
        assert_eq!(s.forecast[5], 1);
        assert_eq!(s.forecast.iter().sum::<usize>(), 5);
        assert_eq!(
            (s.new, s.learning, s.review, s.suspended, s.leech),
            (1, 1, 5, 1, 1)
        );
        assert_eq!(s.reviews_7d, 3);
        assert_eq!(s.retention_7d, Some(2.0 / 3.0));
        assert_eq!(s.reviews_30d, 4);
        assert_eq!(s.streak_days, 3);
        // Next day before studying: the streak still counts up to yesterday.
        assert_eq!(check(&cards, &log, "2024-05-02T09:00:00Z").streak_days, 3);
        assert_eq!(check(&cards, &log, "2024-05-03T09:00:00Z").streak_days, 0);
        let empty = check(&[], &[], "2024-05-01T09:00:00Z");
        assert_eq!(empty.retention_7d, None);
    }

    #[test]
    fn now_is_read_or_refused_saying_why() {
        assert_eq!(
            parse_now(Some("2024-05-01T09:00:00Z")).unwrap(),
            ts("2024-05-01T09:00:00Z")
        );
        let message = |text: &str| parse_now(Some(text)).unwrap_err().to_string();
        assert_eq!(
            message("9999-12-31T23:59:59Z"),
            "--now `9999-12-31T23:59:59Z` is out of range: a time before 9999-01-01 is valid, such as 2024-05-01T09:00:00Z"
        );
        for bad in ["2024-13-01T00:00:00Z", "2024-05-01", "tomorrow"] {
            assert!(message(bad).contains("is not an RFC 3339 time"), "{bad}");
        }
    }

    #[test]
    fn bars() {
        assert_eq!(bar(0, 10, 8), "");
        assert_eq!(bar(10, 10, 8), "████████");
        assert_eq!(bar(5, 10, 8), "████");
        assert_eq!(bar(1, 16, 8), "▌");
        let text = render(
            &check(&[], &[], "2024-05-01T09:00:00Z"),
            ts("2024-05-01T09:00:00Z"),
            &DayClock::default(),
            false,
            80,
        );
        assert!(text.contains("  Wed 05-01     0 \n"), "{text}");
        assert!(!text.contains('\x1b'));
        // The forecast's bars fit the terminal: the longest is its width less the labels.
        let mut busy = check(&[], &[], "2024-05-01T09:00:00Z");
        busy.forecast[3] = 12;
        for (columns, widest) in [(80, 40), (40, 21), (20, 10)] {
            let text = render(
                &busy,
                ts("2024-05-01T09:00:00Z"),
                &DayClock::default(),
                false,
                columns,
            );
            let line = text.lines().find(|l| l.contains("   12 ")).expect("a bar");
            assert_eq!(line.chars().count(), 18 + widest, "{line}");
        }
    }
}
