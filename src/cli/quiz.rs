//! `recall quiz DECK [--count N] [--tag T] [--kinds K,...] [--seed N] [--min-score P]
//! [--answers FILE] [--now TIME] [--json] [--db PATH]`: a seeded sample of questions, scored.
//!
//! A quiz never changes the schedule. With `--db`, each answer is logged as kind `cram`
//! (the card's state is written back unchanged; replaying the log skips cram answers), so
//! `recall stats` and `optimize` see it for what it is; without `--db` nothing is stored.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::decks;
use super::study::{self, AnswerLine, Clock};
use crate::error::{Error, Status};
use crate::grade;
use crate::question::Origin;
use crate::session::{self, Card, Class, Session};
use crate::store::{Answered, Store};
use crate::terminal::{self, Choice, QuestionView};

const KINDS: [Origin; 5] = [
    Origin::Cloze,
    Origin::Choice,
    Origin::TrueFalse,
    Origin::Reverse,
    Origin::Card,
];

/// Arguments of `recall quiz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The deck file.
    #[arg(value_name = "DECK")]
    deck: PathBuf,
    /// How many questions to ask.
    #[arg(long, value_name = "N", default_value_t = 10)]
    count: usize,
    /// Only questions with this tag.
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
    /// Only these kinds of question: cloze, choice, true-false, reverse, card.
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    kinds: Vec<String>,
    /// Seed for the sample, its order and the options (same seed, same quiz).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Exit 1 when the score is below P percent.
    #[arg(long, value_name = "P")]
    min_score: Option<f64>,
    /// Answer from a RON map of question id to typed answer; other questions are skipped.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Time of the answers in the log (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// One JSON object per answered question, then a summary object.
    #[arg(long)]
    json: bool,
    /// Log the answers (as `cram`, schedule unchanged) in this state file.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Config {
    deck: PathBuf,
    count: usize,
    tag: Option<String>,
    kinds: Option<HashSet<Origin>>,
    seed: u64,
    min_score: Option<f64>,
    answers: Option<BTreeMap<String, String>>,
    /// The file `answers` were read from.
    answers_file: Option<PathBuf>,
    clock: Clock,
    json: bool,
    db: Option<PathBuf>,
}

impl Config {
    pub(super) fn new(args: Args) -> Result<Config, Error> {
        let kinds = if args.kinds.is_empty() {
            None
        } else {
            let mut set = HashSet::new();
            for name in &args.kinds {
                let kind = KINDS
                    .into_iter()
                    // `true_false` as `cards --json` spells the answer kind works too.
                    .find(|k| k.name() == name.trim().replace('_', "-"))
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "--kinds: unknown kind `{name}`; kinds are cloze, choice, true-false, reverse, card"
                        ))
                    })?;
                set.insert(kind);
            }
            Some(set)
        };
        if let Some(p) = args.min_score
            && !(0.0..=100.0).contains(&p)
        {
            return Err(Error::Usage(format!(
                "--min-score {p} is not a percentage from 0 to 100"
            )));
        }
        // An empty quiz would score 100% and let a `--min-score` gate pass on a typo.
        if args.count == 0 {
            return Err(Error::Usage("--count must be at least 1".into()));
        }
        Ok(Config {
            deck: args.deck,
            count: args.count,
            tag: args.tag,
            kinds,
            seed: args.seed,
            min_score: args.min_score,
            answers: args
                .answers
                .as_deref()
                .map(study::read_answers)
                .transpose()?,
            answers_file: args.answers,
            clock: Clock::new(args.now.as_deref())?,
            json: args.json,
            db: args.db,
        })
    }
}

/// The final `--json` object of a quiz.
#[derive(Serialize)]
struct ScoreLine {
    summary: bool,
    total: usize,
    answered: usize,
    correct: usize,
    close: usize,
    wrong: usize,
    points: f64,
    percent: f64,
    passed: Option<bool>,
}

pub fn run(config: &Config) -> Result<Status, Error> {
    let Some(loaded) = decks::load_or_report(&config.deck)? else {
        return Ok(Status::Findings);
    };
    let questions: Vec<_> = crate::generate::generate(&loaded, config.seed)
        .into_iter()
        .filter(|q| config.tag.as_ref().is_none_or(|t| q.tags.contains(t)))
        .filter(|q| config.kinds.as_ref().is_none_or(|k| k.contains(&q.origin)))
        .collect();
    if questions.is_empty() {
        return Err(Error::Usage(format!(
            "no questions to ask: {} yields none{}",
            crate::diagnostic::display_path(&config.deck),
            config
                .tag
                .as_ref()
                .map(|t| format!(" with tag `{t}`"))
                .unwrap_or_default(),
        )));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let picked = session::sample(&questions, config.count, &mut rng);
    if let (Some(map), Some(file)) = (&config.answers, &config.answers_file) {
        // An answer file for another deck, or with a typo in an id, would only show as a
        // low score: say what it does not cover.
        let ids: std::collections::HashSet<&str> =
            questions.iter().map(|q| q.id.as_str()).collect();
        super::warn_unknown_ids(file, map, &ids, "this quiz");
        let file = crate::diagnostic::display_path(file);
        let unanswered = picked.iter().filter(|q| !map.contains_key(&q.id)).count();
        if unanswered > 0 {
            eprintln!(
                "warning: {file} answers {} of the {} questions picked; the others score 0",
                picked.len() - unanswered,
                picked.len()
            );
        }
    }
    let mut store = config.db.as_deref().map(Store::open).transpose()?;
    if let Some(store) = &mut store {
        // A question id of another deck's is refused, as `study` refuses it: the answers
        // would be logged under the wrong deck.
        let id = &loaded.deck.id;
        let owners: HashMap<String, String> = (store.cards(None)?.into_iter())
            .map(|card| (card.id, card.deck))
            .collect();
        if let Some((question, other)) = (questions.iter())
            .find_map(|q| Some((&q.id, owners.get(&q.id).filter(|deck| *deck != id)?)))
        {
            let shared = (questions.iter())
                .filter(|q| owners.get(&q.id) == Some(other))
                .count();
            let theirs = owners.values().filter(|deck| *deck == other).count();
            let counts = (shared, questions.len(), theirs);
            let decks = (id.as_str(), other.as_str());
            return Err(crate::store::taken_ids(
                decks,
                question,
                counts,
                store.path(),
            ));
        }
        // The state file knows the deck from now on, as after a study session: `stats` and
        // `study` with this file alone find it. One it knows as another file is not moved.
        if !store
            .known_decks()?
            .into_iter()
            .any(|(known, _)| known == *id)
        {
            let absolute =
                std::path::absolute(&config.deck).unwrap_or_else(|_| config.deck.clone());
            store.remember_deck(id, &absolute, config.clock.now())?;
        }
    }
    let states = match &store {
        Some(store) => store.states(Some(&loaded.deck.id))?,
        None => Default::default(),
    };
    let total = picked.len();
    let mut session = Session::from_cards(
        picked
            .into_iter()
            .map(|q| Card {
                state: states.get(&q.id).cloned().unwrap_or_default(),
                question: q,
                deck: 0,
                class: Class::Review,
            })
            .collect(),
    );
    let mut prompter = study::prompter(config.json, config.answers.is_some());
    let mut position = 0;
    while let Some(index) = session.next(config.clock.now()) {
        position += 1;
        let q = session.card(index).question.clone();
        let typed = match &config.answers {
            Some(map) => match map.get(&q.id) {
                Some(typed) => Some(typed.clone()),
                None => continue,
            },
            None => None,
        };
        prompter.print(&terminal::render_question(
            &QuestionView {
                deck_title: &loaded.deck.title,
                position,
                total,
                minutes_left: None,
                question: &q,
                plain: !prompter.is_interactive(),
            },
            prompter.color(),
        ))?;
        let started = Instant::now();
        let Some(typed) = prompter.answer(&q, typed)? else {
            break;
        };
        let duration_ms = started.elapsed().as_millis() as u64;
        let verdict = grade::grade(&q, &typed);
        prompter.print(&study::feedback(
            &verdict,
            &typed,
            &q,
            &loaded,
            None,
            prompter
                .is_interactive()
                .then_some(terminal::Keys::Quiz.legend()),
            prompter.color(),
        ))?;
        let choice = prompter.choose(terminal::Keys::Quiz)?;
        let answer = session
            .answer_unscheduled(index, &typed, verdict.outcome, duration_ms)
            .clone();
        if let Some(store) = &mut store {
            store.record(&Answered {
                question: q.id.clone(),
                deck: loaded.deck.id.clone(),
                fact: q.fact.clone(),
                at: config.clock.now(),
                rating: answer.rating,
                outcome: Some(verdict.outcome),
                typed: Some(typed.clone()),
                duration_ms,
                state: answer.after.clone(),
                info: answer.info.clone(),
            })?;
        }
        if config.json {
            study::write_json(&AnswerLine {
                id: &q.id,
                answer: &typed,
                outcome: verdict.outcome.name(),
                rating: answer.rating.name(),
                due: None,
            })?;
        }
        if choice == Choice::Quit {
            break;
        }
    }
    prompter.finish();
    let outcomes: Vec<_> = session.answers().iter().map(|a| a.outcome).collect();
    let score = session::score(&outcomes, total);
    let passed = config.min_score.map(|min| score.percent >= min);
    if config.json {
        study::write_json(&ScoreLine {
            summary: true,
            total: score.total,
            answered: score.answered,
            correct: score.correct,
            close: score.close,
            wrong: score.wrong,
            points: score.points,
            percent: score.percent,
            passed,
        })?;
    } else {
        let color = super::use_color(&std::io::stdout());
        let score = terminal::render_score(&score, config.min_score, color);
        super::write_stdout(&terminal::fit_to_stdout(&score))?;
    }
    Ok(if passed == Some(false) {
        Status::Findings
    } else {
        Status::Clean
    })
}
