//! `recall study [DECK...] [--tag T] [--limit N] [--seed N] [--db PATH] [--now TIME]
//! [--answers FILE] [--json]`: a study session. The engine is [`crate::session`]; this file
//! loads the decks, syncs them into the store, asks through a [`Prompter`] and records every
//! answer as it is given.
//!
//! **When an answer is committed.** The feedback screen suggests a rating, and one key
//! accepts or overrides it; the answer is recorded (one transaction) right after that key, so
//! an override never rewrites a stored answer. Quitting on the feedback screen (`q`, Ctrl-C,
//! Ctrl-D) records the answer with the suggested rating first, and `s` records it, then
//! suspends the question. Quitting while a question is being asked records nothing for it.
//! So at any point every answered question is in the store and nothing else is.
//!
//! `u` on the feedback screen drops the answer on screen (not recorded yet) and undoes the
//! previous one (`Store::undo_last`): that question is asked again, then this one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::decks;
use crate::deck::Loaded;
use crate::error::{Error, Status};
use crate::grade::{self, Verdict};
use crate::question::Question;
use crate::schedule::{DayClock, Rating, ReviewKind, Scheduler, Sibling};
use crate::session::{self, DeckPlan};
use crate::store::{self, Answered, CardKey, Store};
use crate::terminal::{self, Choice, FeedbackView, Prompter, QuestionView};

/// Arguments of `recall study`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deck files to study (default: every deck studied before with this state file).
    #[arg(value_name = "DECK")]
    decks: Vec<PathBuf>,
    /// Only questions with this tag.
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
    /// Queue at most N questions (learning steps coming back are not counted).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Seed for option order, true/false variants and review order.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The state file (default: `RECALL_DB`, else the XDG data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Fix the clock at this time (RFC 3339, e.g. `2024-05-01T09:00:00Z`): every answer is
    /// given, and every due date computed, at it.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Answer from a RON map of question id to typed answer; other questions are skipped.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// One JSON object per answered question, then a summary object.
    #[arg(long)]
    json: bool,
}

#[derive(Debug)]
pub struct Config {
    decks: Vec<PathBuf>,
    tag: Option<String>,
    limit: Option<usize>,
    seed: u64,
    db: PathBuf,
    clock: Clock,
    answers: Option<BTreeMap<String, String>>,
    answers_file: Option<PathBuf>,
    json: bool,
}

impl Config {
    pub(super) fn new(args: Args) -> Result<Config, Error> {
        Ok(Config {
            decks: args.decks,
            tag: args.tag,
            limit: args.limit,
            seed: args.seed,
            db: store::resolve_path(args.db)?,
            clock: Clock::new(args.now.as_deref())?,
            answers: args.answers.as_deref().map(read_answers).transpose()?,
            answers_file: args.answers,
            json: args.json,
        })
    }
}

/// The time of a session: fixed by `--now`, else the system clock; days by the local clock.
#[derive(Debug)]
pub(super) struct Clock {
    pub fixed: Option<Timestamp>,
    pub days: DayClock,
}

impl Clock {
    pub(super) fn new(now: Option<&str>) -> Result<Clock, Error> {
        Ok(Clock {
            fixed: now.map(|n| super::stats::parse_now(Some(n))).transpose()?,
            days: super::stats::clock()?,
        })
    }

    pub(super) fn now(&self) -> Timestamp {
        self.fixed.unwrap_or_else(Timestamp::now)
    }
}

/// Reads an `--answers` file: a RON map from question id to typed answer.
pub(super) fn read_answers(path: &Path) -> Result<BTreeMap<String, String>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    // Editors on Windows may start the file with a byte order mark, which decks may have too.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |e: &ron::error::SpannedError| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        format!("{}:{line}:{col}", crate::diagnostic::display_path(path))
    };
    match ron::from_str::<Answers>(text) {
        Ok(Answers(answers)) => Ok(answers),
        Err(e) => Err(Error::Usage(match &e.code {
            ron::Error::Message(message) => format!("{}: {message}", at(&e)),
            code => format!(
                "{}: not a map of question ids to answers ({}); write e.g. \
                 {{\"austin-meets-singh/cloze/3\": \"Rajnath Singh\"}}",
                at(&e),
                crate::terminal::sanitize(&crate::deck::load::lowercase_first(&code.to_string()))
            ),
        })),
    }
}

/// An answers file: a map of question id to typed answer, in which an id given twice is a
/// mistake (a map would keep the last without a word).
struct Answers(BTreeMap<String, String>);

impl<'de> serde::Deserialize<'de> for Answers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Answers, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Answers;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of question ids to answers")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Answers, M::Error> {
                let mut answers = BTreeMap::new();
                // The key first, so that an id given twice is reported where it is.
                while let Some(id) = map.next_key::<String>()? {
                    if answers.contains_key(&id) {
                        return Err(serde::de::Error::custom(format!(
                            "question `{}` is answered twice; keep one answer",
                            crate::terminal::sanitize(&id)
                        )));
                    }
                    let answer = map.next_value::<String>()?;
                    answers.insert(id, answer);
                }
                Ok(Answers(answers))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// How answers are read: from a file, on the terminal, or as plain lines from stdin.
pub(super) fn prompter(json: bool, scripted: bool) -> Prompter {
    let stdout = std::io::stdout();
    let color = !json && super::use_color(&stdout);
    let out: Box<dyn Write> = if json {
        Box::new(std::io::stderr())
    } else {
        Box::new(stdout)
    };
    if scripted {
        if json {
            Prompter::silent(Box::new(std::io::sink()), false)
        } else {
            Prompter::silent(out, color)
        }
    } else if !json && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Prompter::terminal(color)
    } else {
        Prompter::lines(Box::new(std::io::stdin().lock()), out, color)
    }
}

/// One line of `--json`: an answered question.
#[derive(Serialize)]
pub(super) struct AnswerLine<'a> {
    pub id: &'a str,
    pub answer: &'a str,
    pub outcome: &'static str,
    pub rating: &'static str,
    /// When it is due next (RFC 3339); null in a quiz.
    pub due: Option<String>,
}

pub(super) fn write_json(line: &impl Serialize) -> Result<(), Error> {
    let mut text = serde_json::to_string(line).expect("a JSON line serializes");
    text.push('\n');
    super::write_stdout(&text)
}

/// The final `--json` object of a session.
#[derive(Serialize)]
struct SummaryLine {
    summary: bool,
    answered: usize,
    correct: usize,
    close: usize,
    wrong: usize,
    again: usize,
    hard: usize,
    good: usize,
    easy: usize,
    time_ms: u64,
    average_ms: u64,
    new_leeches: usize,
    due_tomorrow: usize,
    next_due: Option<String>,
}

/// A deck in the session.
struct StudyDeck {
    loaded: Loaded,
    questions: Vec<Question>,
    scheduler: Scheduler,
    new_today: u32,
    reviews_today: u32,
    answered_today: Vec<(String, Option<String>)>,
}

/// Counts of today's log for one deck: new questions introduced, reviews done, and the
/// questions answered (with their facts, for burying).
fn today(
    log: &[store::LogEntry],
    facts: &HashMap<&str, Option<&str>>,
    now: Timestamp,
    clock: &DayClock,
) -> (u32, u32, Vec<(String, Option<String>)>) {
    let day = clock.day(now);
    let mut first_seen: HashSet<&str> = HashSet::new();
    let (mut new, mut reviews) = (0, 0);
    let mut answered = Vec::new();
    let mut seen_today = HashSet::new();
    for e in log {
        if matches!(e.kind, ReviewKind::Manual | ReviewKind::Cram) {
            continue;
        }
        let is_today = clock.day(e.at) == day;
        if first_seen.insert(&e.question) && is_today {
            new += 1;
        }
        if is_today {
            if e.kind == ReviewKind::Review {
                reviews += 1;
            }
            if seen_today.insert(e.question.clone()) {
                let fact = facts.get(e.question.as_str()).copied().flatten();
                answered.push((e.question.clone(), fact.map(str::to_string)));
            }
        }
    }
    (new, reviews, answered)
}

/// A usage error when no fact or card of `decks` has `tag` (a typo would otherwise read as
/// "nothing to study"), naming the tags they have.
fn untagged<'a>(
    decks: impl Iterator<Item = &'a crate::deck::Loaded> + Clone,
    tag: &str,
) -> Result<(), Error> {
    let tags = decks.clone().flat_map(|loaded| {
        let deck = &loaded.deck;
        deck.facts
            .iter()
            .flat_map(|f| &f.tags)
            .chain(deck.cards.iter().flat_map(|c| &c.tags))
    });
    if tags.clone().any(|t| t == tag) {
        return Ok(());
    }
    let mut known: Vec<&String> = tags
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: Vec<&str> = decks.map(|l| l.deck.id.as_str()).collect();
    let listed = match known.len() {
        0 => "they have no tags".to_string(),
        n => {
            let more = n.saturating_sub(12);
            known.truncate(12);
            let list: Vec<String> = known.iter().map(|t| format!("`{t}`")).collect();
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("their tags are {}{tail}", list.join(", "))
        }
    };
    Err(Error::Usage(format!(
        "--tag `{tag}`: no question of {} has it; {listed}",
        names.join(", ")
    )))
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let start = config.clock.now();
    let no_deck_yet = || {
        Error::Usage(format!(
            "no deck has been studied with {} yet: name one, e.g. \
             `recall study decks/us-india-security-2021.ron`",
            crate::diagnostic::display_path(&config.db)
        ))
    };
    if config.decks.is_empty() && !config.db.exists() {
        return Err(no_deck_yet());
    }
    // Load the named decks before touching the state file: a broken deck creates nothing.
    let mut preloaded = HashMap::new();
    for path in &config.decks {
        match decks::load_or_report(path)? {
            Some(loaded) => preloaded.insert(path.clone(), loaded),
            None => return Ok(Status::Findings),
        };
    }
    if let Some(tag) = config.tag.as_ref().filter(|_| !preloaded.is_empty()) {
        untagged(preloaded.values(), tag)?;
    }
    let mut store = Store::open(&config.db)?;
    let (paths, remembered) = if config.decks.is_empty() {
        let known: Vec<PathBuf> = store.known_decks()?.into_iter().map(|(_, p)| p).collect();
        if known.is_empty() {
            return Err(no_deck_yet());
        }
        (known, true)
    } else {
        (config.decks.clone(), false)
    };
    let mut decks: Vec<StudyDeck> = Vec::new();
    // Every question id of the decks (with `--tag`, of that tag), for what an `--answers`
    // file names besides.
    let mut ids: HashSet<String> = HashSet::new();
    // Every question the decks yield now, for the summary: one a deck no longer has (a fact
    // removed or renamed) keeps its state, but is never asked again.
    let mut current: HashMap<String, HashSet<String>> = HashMap::new();
    for path in &paths {
        if remembered && !path.exists() {
            eprintln!(
                "recall: skipping {}: the deck file is gone (study it from its new place once)",
                crate::diagnostic::display_path(path)
            );
            continue;
        }
        let loaded = match preloaded.remove(path) {
            Some(loaded) => loaded,
            None => match decks::load_or_report(path)? {
                Some(loaded) => loaded,
                None => return Ok(Status::Findings),
            },
        };
        let id = loaded.deck.id.clone();
        if let Some(other) = decks.iter().find(|d| d.loaded.deck.id == id) {
            if same_file(&other.loaded.file.path, path) {
                continue; // the same deck named twice
            }
            return Err(Error::Usage(format!(
                "{} and {} are both deck `{id}`: deck ids must be unique",
                crate::diagnostic::display_path(&other.loaded.file.path),
                crate::diagnostic::display_path(path)
            )));
        }
        let questions = crate::generate::generate(&loaded, config.seed);
        let mut cards: Vec<CardKey> = questions
            .iter()
            .map(|q| CardKey {
                whole_fact: q.origin == crate::question::Origin::TrueFalse,
                ..CardKey::new(q.id.clone(), q.fact.clone(), q.content_hash())
            })
            .collect();
        // A state file last synced by an earlier recall holds hashes computed another way,
        // matched once through them. Working them out generates the deck once more: only
        // when some stored hash differs from today's.
        let stored: HashMap<String, String> = (store.cards(Some(&id))?.into_iter())
            .filter_map(|card| Some((card.id, card.content_hash?)))
            .collect();
        if cards
            .iter()
            .any(|card| stored.get(&card.id).is_some_and(|h| *h != card.hash))
        {
            let mut earlier = crate::generate::earlier_hashes(&loaded, config.seed, &questions);
            for card in &mut cards {
                card.earlier_hashes = earlier.remove(&card.id).unwrap_or_default();
                card.earlier_hashes.retain(|h| *h != card.hash);
            }
        }
        current.insert(id.clone(), questions.iter().map(|q| q.id.clone()).collect());
        let changed = store.sync_cards(&id, &cards, start)?;
        if !changed.is_empty() {
            eprintln!(
                "{} question{} changed {} answer and will be learnt again from the start: {}",
                changed.len(),
                if changed.len() == 1 { "" } else { "s" },
                if changed.len() == 1 { "its" } else { "their" },
                changed.join(", ")
            );
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        store.remember_deck(&id, &absolute, start)?;
        let params = store.params(Some(&id))?;
        let scheduler = Scheduler::new(
            &loaded.deck.settings,
            params.as_deref(),
            config.clock.days.clone(),
        )?;
        let facts: HashMap<&str, Option<&str>> = questions
            .iter()
            .map(|q| (q.id.as_str(), q.fact.as_deref()))
            .collect();
        let (new_today, reviews_today, answered_today) =
            today(&store.log(Some(&id))?, &facts, start, &config.clock.days);
        let mut questions = match &config.tag {
            Some(tag) => questions
                .into_iter()
                .filter(|q| q.tags.contains(tag))
                .collect(),
            None => questions,
        };
        if let Some(answers) = &config.answers {
            // Questions the file does not answer are not asked: nor do they take a sibling's
            // day (burying) or a place in the daily limits.
            ids.extend(questions.iter().map(|q| q.id.clone()));
            questions.retain(|q| answers.contains_key(&q.id));
        }
        decks.push(StudyDeck {
            loaded,
            questions,
            scheduler,
            new_today,
            reviews_today,
            answered_today,
        });
    }
    if decks.is_empty() {
        return Err(Error::Usage(format!(
            "none of the decks studied with {} is where it was: name the deck file, e.g. \
             `recall study path/to/deck.ron`",
            crate::diagnostic::display_path(&config.db)
        )));
    }
    // The tag once more, over every deck: those the state file remembers are loaded only
    // now. (Their questions are synced by then, as at the start of any session; nothing is
    // asked or answered.)
    if let Some(tag) = &config.tag {
        untagged(decks.iter().map(|d| &d.loaded), tag)?;
    }
    if let (Some(answers), Some(file)) = (&config.answers, &config.answers_file) {
        let ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let what = match &config.tag {
            Some(tag) => format!("tag `{}` in the decks studied", terminal::sanitize(tag)),
            None => "the decks studied".to_string(),
        };
        super::warn_unknown_ids(file, answers, &ids, &what);
    }
    let states = store.states(None)?;
    let plans: Vec<DeckPlan<'_>> = decks
        .iter()
        .map(|d| DeckPlan {
            questions: &d.questions,
            new_per_day: d.loaded.deck.settings.new_per_day,
            reviews_per_day: d.loaded.deck.settings.reviews_per_day,
            new_today: d.new_today,
            reviews_today: d.reviews_today,
        })
        .collect();
    let answered_today: Vec<Sibling<'_>> = decks
        .iter()
        .flat_map(|d| &d.answered_today)
        .map(|(id, fact)| Sibling {
            id,
            fact: fact.as_deref(),
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut session = session::build(
        &plans,
        &states,
        &answered_today,
        start,
        &config.clock.days,
        config.limit,
        &mut rng,
    );
    drop(states);
    let mut prompter = prompter(config.json, config.answers.is_some());
    if prompter.is_interactive() && config.clock.fixed.is_none() {
        // On a live clock, learning steps due within 20 minutes come back at the end.
        session = session.with_learn_ahead(SignedDuration::from_mins(20));
    }
    if session.is_empty() && config.limit == Some(0) {
        prompter.print("nothing asked: --limit 0\n")?;
    } else if session.is_empty() {
        let names: Vec<&str> = decks.iter().map(|d| d.loaded.deck.id.as_str()).collect();
        prompter.print(&format!(
            "nothing to study now in {}\n",
            if names.is_empty() {
                "these decks".to_string()
            } else {
                names.join(", ")
            }
        ))?;
    }
    let mut asked_from_file: HashSet<String> = HashSet::new();
    // Whether the session ran out of questions (rather than being quit).
    let mut finished = false;
    loop {
        let now = config.clock.now();
        let Some(index) = session.next(now) else {
            finished = true;
            break;
        };
        let card = session.card(index).clone();
        let q = &card.question;
        let deck = &decks[card.deck];
        let scripted = match &config.answers {
            Some(map) => match map.get(&q.id) {
                // Each question once: a fixed answer would repeat forever in learning steps.
                Some(typed) if asked_from_file.insert(q.id.clone()) => Some(typed.clone()),
                _ => continue,
            },
            None => None,
        };
        let remaining = session.remaining(now);
        let done = session.answers().len();
        prompter.print(&terminal::render_question(
            &QuestionView {
                deck_title: &deck.loaded.deck.title,
                position: done + 1,
                total: done + 1 + remaining,
                minutes_left: session
                    .average_ms()
                    .filter(|&avg| remaining > 0 && avg >= 1000)
                    .map(|avg| session::minutes_left(remaining + 1, avg)),
                question: q,
                plain: !prompter.is_interactive(),
            },
            prompter.color(),
        ))?;
        let started = Instant::now();
        let Some(typed) = prompter.answer(q, scripted)? else {
            break;
        };
        let duration_ms = started.elapsed().as_millis() as u64;
        let verdict = grade::grade(q, &typed);
        prompter.print(&feedback(
            &verdict,
            &typed,
            q,
            &deck.loaded,
            Some(verdict.rating),
            prompter
                .is_interactive()
                .then_some(terminal::Keys::Study.legend()),
            prompter.color(),
        ))?;
        let choice = prompter.choose(terminal::Keys::Study)?;
        if choice == Choice::Undo {
            session.put_back(index);
            match session.answers().last().filter(|_| session.can_undo()) {
                Some(last) => {
                    let last_card = session.card(last.card);
                    let deck_id = &decks[last_card.deck].loaded.deck.id;
                    store.undo_last(Some(deck_id))?;
                    let id = last_card.question.id.clone();
                    let was_suspended = last.suspended;
                    session.undo();
                    prompter.print(&if was_suspended {
                        format!("undone: {id} is no longer suspended and is asked again\n")
                    } else {
                        format!("undone: {id} is asked again\n")
                    })?;
                }
                None => prompter.print("nothing to undo: this question is asked again\n")?,
            }
            continue;
        }
        let rating = match choice {
            Choice::Rate(rating) => rating,
            _ => verdict.rating,
        };
        let now = config.clock.now();
        let answer = session
            .answer(
                index,
                &typed,
                verdict.outcome,
                rating,
                duration_ms,
                now,
                &deck.scheduler,
            )
            .clone();
        store.record(&Answered {
            question: q.id.clone(),
            deck: deck.loaded.deck.id.clone(),
            fact: q.fact.clone(),
            at: now,
            rating,
            outcome: Some(verdict.outcome),
            typed: Some(typed.clone()),
            duration_ms,
            state: answer.after.clone(),
            info: answer.info.clone(),
        })?;
        if prompter.is_interactive() && rating != verdict.rating {
            prompter.print(&format!("rated {}\n", rating.name()))?;
        }
        if choice == Choice::Suspend {
            store.suspend(&q.id, now)?;
            session.suspend_last();
            prompter.print(&format!("suspended: {}\n", q.id))?;
        }
        if config.json {
            write_json(&AnswerLine {
                id: &q.id,
                answer: &typed,
                outcome: verdict.outcome.name(),
                rating: rating.name(),
                due: answer.after.due.map(|d| d.to_string()),
            })?;
        }
        if choice == Choice::Quit {
            break;
        }
    }
    prompter.finish();
    let end = config.clock.now();
    // The questions the decks have now, as `stats` counts them.
    let after: Vec<_> = store
        .cards(None)?
        .into_iter()
        .filter(|c| current.get(&c.deck).is_some_and(|ids| ids.contains(&c.id)))
        .map(|c| c.state)
        .collect();
    let held_back = finished && config.limit.is_none();
    let summary = session::summarize(
        session.answers(),
        &after,
        end,
        &config.clock.days,
        held_back,
    );
    if config.json {
        write_json(&SummaryLine {
            summary: true,
            answered: summary.answered,
            correct: summary.correct,
            close: summary.close,
            wrong: summary.wrong,
            again: summary.ratings[0],
            hard: summary.ratings[1],
            good: summary.ratings[2],
            easy: summary.ratings[3],
            time_ms: summary.time_ms,
            average_ms: summary.average_ms(),
            new_leeches: summary.new_leeches,
            due_tomorrow: summary.due_tomorrow,
            next_due: summary.next_due.map(|d| d.to_string()),
        })?;
    } else {
        let color = super::use_color(&std::io::stdout());
        let summary = terminal::render_summary(&summary, end, &config.clock.days, color);
        let text = terminal::fit_to_stdout(&summary);
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("<stdout>", e))?;
    }
    Ok(Status::Clean)
}

/// The feedback screen of an answer to `q` of deck `loaded`.
pub(super) fn feedback(
    verdict: &Verdict,
    typed: &str,
    q: &Question,
    loaded: &Loaded,
    rating: Option<Rating>,
    keys: Option<&str>,
    color: bool,
) -> String {
    let source = &loaded.deck.source;
    terminal::render_feedback(
        &FeedbackView {
            typed,
            verdict,
            evidence: &q.evidence,
            source_title: &source.title,
            credit: source.credit.as_deref(),
            rating,
            keys,
        },
        color,
    )
}
