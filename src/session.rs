//! The study session engine: which questions to ask and in what order, what each answer does
//! to a question's state, and the end-of-session summary.
//!
//! Pure: no clock, terminal or disk. The caller passes `now`, the stored states, what was
//! answered today and a seeded RNG; it asks the questions, records each answer in the store
//! and draws the screens ([`crate::terminal`]).
//!
//! The queue of a session ([`build`]):
//!
//! 1. questions in their (re)learning steps that are due now, earliest first;
//! 2. reviews due today (before the next day rollover), overdue days first, shuffled within a
//!    day, decks interleaved, up to each deck's `reviews_per_day` minus the reviews already
//!    done today;
//! 3. new questions in deck order, decks interleaved, up to each deck's `new_per_day` minus
//!    the new questions already introduced today.
//!
//! Questions of one fact are not asked on the same day ([`schedule::bury_siblings`]);
//! suspended ones never. Questions in their learning steps but due later today wait aside and
//! come back within the session once their step is due ([`Session::next`]), or earlier when
//! nothing else is left and they are due within the session's learn-ahead window.

use std::collections::{HashMap, VecDeque};

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand::seq::SliceRandom;

use crate::grade::Outcome;
use crate::question::Question;
use crate::schedule::{self, CardState, DayClock, Phase, Rating, ReviewInfo, Scheduler, Sibling};

/// One deck's part in a session.
#[derive(Clone, Debug)]
pub struct DeckPlan<'a> {
    /// The questions that may be asked (already filtered, e.g. by tag), in deck order.
    pub questions: &'a [Question],
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// New questions already introduced today.
    pub new_today: u32,
    /// Reviews already done today.
    pub reviews_today: u32,
}

/// Why a question is in the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Learning,
    Review,
    New,
}

/// A question of the session and its current state.
#[derive(Clone, Debug)]
pub struct Card {
    pub question: Question,
    /// Index of its deck in the plans given to [`build`].
    pub deck: usize,
    pub state: CardState,
    pub class: Class,
}

/// One answer given in the session.
#[derive(Clone, Debug)]
pub struct Answer {
    /// Index of the card in the session.
    pub card: usize,
    pub typed: String,
    pub outcome: Outcome,
    pub rating: Rating,
    pub duration_ms: u64,
    pub before: CardState,
    pub after: CardState,
    pub info: ReviewInfo,
    /// Suspended right after answering.
    pub suspended: bool,
}

/// A study session in progress.
#[derive(Clone, Debug)]
pub struct Session {
    cards: Vec<Card>,
    queue: VecDeque<usize>,
    /// In their learning steps, due later: `(card)`, come back when due.
    waiting: Vec<usize>,
    learn_ahead: SignedDuration,
    answers: Vec<Answer>,
}

/// Builds the queue of a session (see the module docs). `answered_today` are the questions
/// answered earlier today (for burying); `limit` caps the questions queued at the start.
pub fn build(
    decks: &[DeckPlan<'_>],
    states: &HashMap<String, CardState>,
    answered_today: &[Sibling<'_>],
    now: Timestamp,
    clock: &DayClock,
    limit: Option<usize>,
    rng: &mut impl Rng,
) -> Session {
    let rollover = clock.next_rollover(now);
    let mut learning_now = Vec::new();
    let mut learning_later = Vec::new();
    let mut reviews: Vec<Vec<Card>> = vec![Vec::new(); decks.len()];
    let mut news: Vec<Vec<Card>> = vec![Vec::new(); decks.len()];
    for (d, plan) in decks.iter().enumerate() {
        for q in plan.questions {
            let state = states.get(&q.id).cloned().unwrap_or_default();
            if state.suspended {
                continue;
            }
            let card = |class| Card {
                question: q.clone(),
                deck: d,
                state: state.clone(),
                class,
            };
            match (state.phase, state.due) {
                (Phase::New, _) => news[d].push(card(Class::New)),
                (Phase::Learning(_) | Phase::Relearning(_), Some(due)) if due <= now => {
                    learning_now.push(card(Class::Learning))
                }
                (Phase::Learning(_) | Phase::Relearning(_), Some(due)) if due < rollover => {
                    learning_later.push(card(Class::Learning))
                }
                (Phase::Review, Some(due)) if due < rollover => {
                    reviews[d].push(card(Class::Review))
                }
                _ => {}
            }
        }
    }
    let by_due = |c: &Card| c.state.due.unwrap_or(Timestamp::MIN);
    learning_now.sort_by_key(by_due);
    learning_later.sort_by_key(by_due);
    for list in &mut reviews {
        list.shuffle(rng);
        list.sort_by_key(|c| clock.day(by_due(c)));
    }
    let mut candidates: Vec<Card> = learning_now;
    candidates.extend(learning_later);
    candidates.extend(interleave(reviews));
    candidates.extend(interleave(news));
    // Waiting learners take their fact for the day too.
    let candidates = schedule::bury_siblings(
        candidates,
        |c| Sibling {
            id: &c.question.id,
            fact: c.question.fact.as_deref(),
        },
        answered_today,
    );
    let mut cards = Vec::new();
    let mut queue = VecDeque::new();
    let mut waiting = Vec::new();
    let mut new_left: Vec<u32> = decks
        .iter()
        .map(|p| p.new_per_day.saturating_sub(p.new_today))
        .collect();
    let mut reviews_left: Vec<u32> = decks
        .iter()
        .map(|p| p.reviews_per_day.saturating_sub(p.reviews_today))
        .collect();
    let limit = limit.unwrap_or(usize::MAX);
    for card in candidates {
        let waits = card.class == Class::Learning && card.state.due.is_some_and(|d| d > now);
        if !waits {
            if queue.len() >= limit {
                continue;
            }
            let left = match card.class {
                Class::Learning => None,
                Class::Review => Some(&mut reviews_left[card.deck]),
                Class::New => Some(&mut new_left[card.deck]),
            };
            if let Some(left) = left {
                if *left == 0 {
                    continue;
                }
                *left -= 1;
            }
        }
        let index = cards.len();
        cards.push(card);
        if waits {
            waiting.push(index);
        } else {
            queue.push_back(index);
        }
    }
    Session {
        cards,
        queue,
        waiting,
        learn_ahead: SignedDuration::ZERO,
        answers: Vec::new(),
    }
}

/// Round-robin over the lists: first of each, then second of each, ...
fn interleave<T>(lists: Vec<Vec<T>>) -> Vec<T> {
    let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::new();
    loop {
        let before = out.len();
        for it in &mut iters {
            out.extend(it.next());
        }
        if out.len() == before {
            return out;
        }
    }
}

impl Session {
    /// A session over cards asked in the given order (no scheduling; e.g. a quiz sample).
    pub fn from_cards(cards: Vec<Card>) -> Session {
        Session {
            queue: (0..cards.len()).collect(),
            cards,
            waiting: Vec::new(),
            learn_ahead: SignedDuration::ZERO,
            answers: Vec::new(),
        }
    }

    /// Lets questions in their learning steps come back up to `window` early when nothing
    /// else is left to ask (Anki's learn-ahead). Zero (the default) waits for the step.
    pub fn with_learn_ahead(mut self, window: SignedDuration) -> Session {
        self.learn_ahead = window;
        self
    }

    pub fn card(&self, index: usize) -> &Card {
        &self.cards[index]
    }

    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// The answers given so far, in order (undone ones removed).
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// Whether nothing at all is queued or waiting.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty() && self.waiting.is_empty()
    }

    fn earliest_waiting(&self, by: Timestamp) -> Option<usize> {
        self.waiting
            .iter()
            .enumerate()
            .filter_map(|(pos, &i)| {
                let due = self.cards[i].state.due?;
                (due <= by).then_some((due, pos))
            })
            .min()
            .map(|(_, pos)| pos)
    }

    /// The question to ask at `now`: a learning step that has come due, else the next in the
    /// queue, else a learning step due within the learn-ahead window. `None`: done.
    pub fn next(&mut self, now: Timestamp) -> Option<usize> {
        if let Some(pos) = self.earliest_waiting(now) {
            return Some(self.waiting.remove(pos));
        }
        if let Some(i) = self.queue.pop_front() {
            return Some(i);
        }
        let pos = self.earliest_waiting(now + self.learn_ahead)?;
        Some(self.waiting.remove(pos))
    }

    /// Questions still to ask at `now` (queued, and waiting ones that will come due).
    pub fn remaining(&self, now: Timestamp) -> usize {
        let by = now + self.learn_ahead;
        self.queue.len()
            + self
                .waiting
                .iter()
                .filter(|&&i| self.cards[i].state.due.is_some_and(|d| d <= by))
                .count()
    }

    /// Puts a question taken with [`Session::next`] back at the front of the queue (its
    /// answer was not kept).
    pub fn put_back(&mut self, index: usize) {
        self.waiting.retain(|&i| i != index);
        self.queue.retain(|&i| i != index);
        self.queue.push_front(index);
    }

    /// Answers card `index` with `rating` at `now`: the new state (a learning step due today
    /// makes it come back in this session). Returns the answer to record.
    #[allow(clippy::too_many_arguments)]
    pub fn answer(
        &mut self,
        index: usize,
        typed: &str,
        outcome: Outcome,
        rating: Rating,
        duration_ms: u64,
        now: Timestamp,
        scheduler: &Scheduler,
    ) -> &Answer {
        let card = &mut self.cards[index];
        let (after, info) = scheduler.answer(&card.state, rating, now, &card.question.id);
        let before = std::mem::replace(&mut card.state, after.clone());
        if matches!(after.phase, Phase::Learning(_) | Phase::Relearning(_))
            && scheduler.due_today(&after, now)
        {
            self.waiting.push(index);
        }
        self.answers.push(Answer {
            card: index,
            typed: typed.to_string(),
            outcome,
            rating,
            duration_ms,
            before,
            after,
            info,
            suspended: false,
        });
        self.answers.last().expect("just pushed")
    }

    /// Logs an answer that does not change the schedule (a quiz): the state stays.
    pub fn answer_unscheduled(
        &mut self,
        index: usize,
        typed: &str,
        outcome: Outcome,
        duration_ms: u64,
    ) -> &Answer {
        let state = self.cards[index].state.clone();
        self.answers.push(Answer {
            card: index,
            typed: typed.to_string(),
            outcome,
            rating: outcome.rating(),
            duration_ms,
            before: state.clone(),
            after: state,
            info: ReviewInfo {
                kind: schedule::ReviewKind::Cram,
                elapsed_days: 0,
                interval_before: 0.0,
                interval_after: 0.0,
                fsrs_interval: 0.0,
                became_leech: false,
            },
            suspended: false,
        });
        self.answers.last().expect("just pushed")
    }

    /// Whether there is an answer to undo (a suspend that followed it is undone with it).
    pub fn can_undo(&self) -> bool {
        !self.answers.is_empty()
    }

    /// Undoes the last answer: the card gets its state back and is asked next. Returns the
    /// card index, or `None` when [`Session::can_undo`] is false.
    pub fn undo(&mut self) -> Option<usize> {
        if !self.can_undo() {
            return None;
        }
        let answer = self.answers.pop()?;
        self.cards[answer.card].state = answer.before;
        self.put_back(answer.card);
        Some(answer.card)
    }

    /// Suspends the card of the last answer: it is not asked again.
    pub fn suspend_last(&mut self) -> Option<usize> {
        let answer = self.answers.last_mut()?;
        answer.suspended = true;
        let index = answer.card;
        self.cards[index].state.suspended = true;
        self.waiting.retain(|&i| i != index);
        self.queue.retain(|&i| i != index);
        Some(index)
    }

    /// Mean answer time so far, in milliseconds.
    pub fn average_ms(&self) -> Option<u64> {
        let n = self.answers.len() as u64;
        (n > 0).then(|| self.answers.iter().map(|a| a.duration_ms).sum::<u64>() / n)
    }
}

/// The end-of-session numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub answered: usize,
    pub correct: usize,
    pub close: usize,
    pub wrong: usize,
    /// Answers by button: again, hard, good, easy.
    pub ratings: [usize; 4],
    pub time_ms: u64,
    /// Questions that became leeches in this session.
    pub new_leeches: usize,
    /// Questions (of the studied decks) due tomorrow.
    pub due_tomorrow: usize,
    /// When the next question is due (the earliest due time of the studied decks' questions;
    /// `None` when nothing is scheduled).
    pub next_due: Option<Timestamp>,
}

impl Summary {
    /// `part` of the answers in percent (0 when nothing was answered).
    pub fn percent(&self, part: usize) -> f64 {
        if self.answered == 0 {
            0.0
        } else {
            part as f64 * 100.0 / self.answered as f64
        }
    }

    /// Mean time per answer in milliseconds.
    pub fn average_ms(&self) -> u64 {
        self.time_ms / (self.answered.max(1) as u64)
    }
}

/// Sums up `answers`; `states` are the states of the studied decks' questions after the
/// session (for what is due tomorrow and next).
///
/// `held_back`: the session asked everything it could today (it was not quit, and had no
/// `--limit`). A question still due then waits for tomorrow — for the daily limits or a sibling
/// answered today — so it counts as due tomorrow, at the start of tomorrow.
pub fn summarize<'a>(
    answers: &[Answer],
    states: impl IntoIterator<Item = &'a CardState>,
    now: Timestamp,
    clock: &DayClock,
    held_back: bool,
) -> Summary {
    let mut s = Summary {
        answered: answers.len(),
        ..Summary::default()
    };
    for a in answers {
        match a.outcome {
            Outcome::Correct => s.correct += 1,
            Outcome::Close => s.close += 1,
            Outcome::Wrong => s.wrong += 1,
        }
        s.ratings[a.rating.number() as usize - 1] += 1;
        s.time_ms += a.duration_ms;
        s.new_leeches += usize::from(a.info.became_leech);
    }
    let today = clock.day(now);
    for state in states {
        if state.suspended {
            continue;
        }
        let Some(mut due) = state.due else { continue };
        if held_back && due <= now {
            due = clock.next_rollover(now);
        }
        if (clock.day(due) - today).max(0) == 1 {
            s.due_tomorrow += 1;
        }
        s.next_due = Some(s.next_due.map_or(due, |d: Timestamp| d.min(due)));
    }
    s
}

/// The score of a quiz: correct answers count 1, close ones ½, wrong and skipped ones 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Questions in the sample.
    pub total: usize,
    pub answered: usize,
    pub correct: usize,
    pub close: usize,
    pub wrong: usize,
    pub points: f64,
    /// `points` over `total`, in percent (100 for an empty sample).
    pub percent: f64,
}

/// Scores a quiz of `total` questions from the outcomes of those answered.
pub fn score(outcomes: &[Outcome], total: usize) -> Score {
    let mut s = Score {
        total,
        answered: outcomes.len(),
        ..Score::default()
    };
    for o in outcomes {
        match o {
            Outcome::Correct => s.correct += 1,
            Outcome::Close => s.close += 1,
            Outcome::Wrong => s.wrong += 1,
        }
    }
    s.points = s.correct as f64 + s.close as f64 / 2.0;
    s.percent = if total == 0 {
        100.0
    } else {
        s.points * 100.0 / total as f64
    };
    s
}

/// A quiz sample: up to `count` questions drawn at random, in random order.
pub fn sample(questions: &[Question], count: usize, rng: &mut impl Rng) -> Vec<Question> {
    let mut picked: Vec<Question> = questions.to_vec();
    picked.shuffle(rng);
    picked.truncate(count);
    picked
}

/// Whole minutes left at `average_ms` per answer for `remaining` questions (at least 1).
pub fn minutes_left(remaining: usize, average_ms: u64) -> u64 {
    (remaining as u64 * average_ms).div_ceil(60_000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::{Answer as Key, Origin, Rivals};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::sync::Arc;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn q(id: &str, fact: Option<&str>) -> Question {
        Question {
            id: id.into(),
            deck: "d".into(),
            fact: fact.map(Into::into),
            origin: Origin::Cloze,
            prompt: format!("prompt of {id}"),
            answer: Key::Text {
                accepted: vec!["x".into()],
                rivals: Arc::new(Rivals::default()),
            },
            evidence: vec![],
            tags: vec![],
            span_answers: Vec::new(),
        }
    }

    fn plan(questions: &[Question]) -> DeckPlan<'_> {
        DeckPlan {
            questions,
            new_per_day: 20,
            reviews_per_day: 200,
            new_today: 0,
            reviews_today: 0,
        }
    }

    fn due(phase: Phase, at: &str) -> CardState {
        CardState {
            phase,
            due: Some(ts(at)),
            memory: Some(schedule::Memory {
                stability: 3.0,
                difficulty: 5.0,
            }),
            last_review: Some(ts("2024-04-20T10:00:00Z")),
            ..CardState::new()
        }
    }

    fn ids(session: &mut Session, now: Timestamp) -> Vec<String> {
        let mut out = vec![];
        while let Some(i) = session.next(now) {
            out.push(session.card(i).question.id.clone());
        }
        out
    }

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(1)
    }

    const NOW: &str = "2024-05-01T09:00:00Z";

    #[test]
    fn order_learning_reviews_new_with_limits_burying_and_suspension() {
        let qs: Vec<Question> = vec![
            q("new1", Some("f1")),
            q("new1b", Some("f1")), // sibling of new1: buried
            q("new2", Some("f2")),
            q("new3", None),
            q("rev1", Some("f3")),
            q("learn1", Some("f4")),
            q("rev-tomorrow", Some("f5")),
            q("suspended", Some("f6")),
            q("learn-later", Some("f7")),
            q("sib-answered", Some("f8")),
        ];
        let mut states = HashMap::new();
        states.insert("rev1".into(), due(Phase::Review, "2024-04-30T04:00:00Z"));
        states.insert(
            "learn1".into(),
            due(Phase::Learning(1), "2024-05-01T08:59:00Z"),
        );
        states.insert(
            "rev-tomorrow".into(),
            due(Phase::Review, "2024-05-02T04:00:00Z"),
        );
        let mut s = due(Phase::Review, "2024-04-30T04:00:00Z");
        s.suspended = true;
        states.insert("suspended".into(), s);
        states.insert(
            "learn-later".into(),
            due(Phase::Learning(0), "2024-05-01T09:05:00Z"),
        );
        let answered = [Sibling {
            id: "other",
            fact: Some("f8"),
        }];
        let mut p = plan(&qs);
        p.new_per_day = 5;
        p.new_today = 3; // two new left
        let mut session = build(
            &[p],
            &states,
            &answered,
            ts(NOW),
            &DayClock::default(),
            None,
            &mut rng(),
        );
        assert_eq!(session.remaining(ts(NOW)), 4);
        assert_eq!(
            ids(&mut session, ts(NOW)),
            ["learn1", "rev1", "new1", "new2"]
        );
        // The waiting learner comes when due.
        assert_eq!(
            ids(&mut session, ts("2024-05-01T09:05:00Z")),
            ["learn-later"]
        );
    }

    #[test]
    fn decks_interleave_and_limit_caps() {
        let a: Vec<Question> = (1..=3).map(|n| q(&format!("a{n}"), None)).collect();
        let b: Vec<Question> = (1..=3).map(|n| q(&format!("b{n}"), None)).collect();
        let states = HashMap::new();
        let mut session = build(
            &[plan(&a), plan(&b)],
            &states,
            &[],
            ts(NOW),
            &DayClock::default(),
            Some(5),
            &mut rng(),
        );
        assert_eq!(ids(&mut session, ts(NOW)), ["a1", "b1", "a2", "b2", "a3"]);
    }

    #[test]
    fn learning_steps_requeue_within_the_session() {
        let qs = vec![q("a", None), q("b", None)];
        let sched = Scheduler::with_defaults();
        let mut session = build(
            &[plan(&qs)],
            &HashMap::new(),
            &[],
            ts(NOW),
            &DayClock::default(),
            None,
            &mut rng(),
        );
        let now = ts(NOW);
        let a = session.next(now).unwrap();
        // Again: back after one minute (the 1m step).
        session.answer(a, "?", Outcome::Wrong, Rating::Again, 5000, now, &sched);
        let b = session.next(now).unwrap();
        assert_eq!(session.card(b).question.id, "b");
        session.answer(b, "x", Outcome::Correct, Rating::Good, 3000, now, &sched);
        assert_eq!(session.next(now), None, "nothing due yet, no learn-ahead");
        let later = now + SignedDuration::from_mins(1);
        assert_eq!(session.next(later), Some(a));
        session.answer(a, "x", Outcome::Correct, Rating::Good, 4000, later, &sched);
        // With learn-ahead, the 10m steps come back now, earliest first.
        let mut session = session.with_learn_ahead(SignedDuration::from_mins(20));
        assert_eq!(session.remaining(later), 2);
        assert_eq!(session.next(later), Some(b));
        session.answer(b, "x", Outcome::Correct, Rating::Good, 3000, later, &sched);
        assert_eq!(session.card(b).state.phase, Phase::Review);
        assert_eq!(session.next(later), Some(a));
        assert_eq!(session.average_ms(), Some(3750));
    }

    #[test]
    fn undo_and_suspend() {
        let qs = vec![q("a", None), q("b", None)];
        let sched = Scheduler::with_defaults();
        let mut session = build(
            &[plan(&qs)],
            &HashMap::new(),
            &[],
            ts(NOW),
            &DayClock::default(),
            None,
            &mut rng(),
        );
        let now = ts(NOW);
        let a = session.next(now).unwrap();
        session.answer(a, "?", Outcome::Wrong, Rating::Again, 0, now, &sched);
        let b = session.next(now).unwrap();
        // Undo while b is on screen: b goes back, then a is asked again with its old state.
        session.put_back(b);
        assert_eq!(session.undo(), Some(a));
        assert_eq!(session.card(a).state, CardState::new());
        assert!(session.answers().is_empty());
        assert_eq!(session.next(now), Some(a));
        session.answer(a, "x", Outcome::Correct, Rating::Good, 0, now, &sched);
        session.suspend_last();
        assert!(session.card(a).state.suspended);
        // Undo takes back the suspend with the answer: a is asked again, unsuspended.
        assert_eq!(session.undo(), Some(a));
        assert!(!session.card(a).state.suspended);
        assert_eq!(session.next(now), Some(a));
        session.answer(a, "x", Outcome::Correct, Rating::Good, 0, now, &sched);
        session.suspend_last();
        assert_eq!(session.next(now + SignedDuration::from_hours(1)), Some(b));
        assert_eq!(session.next(now + SignedDuration::from_hours(1)), None);
    }

    #[test]
    fn summary_numbers() {
        let qs = [q("a", None), q("b", None), q("c", None)];
        let sched = Scheduler::with_defaults();
        let now = ts(NOW);
        let mut session = Session::from_cards(
            qs.iter()
                .map(|q| Card {
                    question: q.clone(),
                    deck: 0,
                    state: CardState::new(),
                    class: Class::New,
                })
                .collect(),
        );
        let outcomes = [
            (Outcome::Correct, Rating::Easy),
            (Outcome::Close, Rating::Hard),
            (Outcome::Wrong, Rating::Again),
        ];
        for (o, r) in outcomes {
            let i = session.next(now).unwrap();
            session.answer(i, "t", o, r, 2000, now, &sched);
        }
        let states: Vec<CardState> = session.cards().iter().map(|c| c.state.clone()).collect();
        let clock = DayClock::default();
        let s = summarize(session.answers(), &states, now, &clock, false);
        assert_eq!((s.answered, s.correct, s.close, s.wrong), (3, 1, 1, 1));
        assert_eq!(s.ratings, [1, 1, 0, 1]);
        assert_eq!((s.time_ms, s.average_ms()), (6000, 2000));
        assert_eq!(s.next_due, Some(now + SignedDuration::from_mins(1)));
        assert!((s.percent(1) - 33.33).abs() < 0.01);
        // Easy on a new question graduates it: due in days, maybe tomorrow.
        assert!(s.due_tomorrow <= 1);
        // Still due at the end of a session that asked all it could: held back for tomorrow.
        let overdue = CardState {
            due: Some(now - SignedDuration::from_hours(30)),
            ..states[0].clone()
        };
        let quit = summarize(&[], [&overdue], now, &clock, false);
        assert_eq!((quit.due_tomorrow, quit.next_due), (0, overdue.due));
        let done = summarize(&[], [&overdue], now, &clock, true);
        assert_eq!(
            (done.due_tomorrow, done.next_due),
            (1, Some(clock.next_rollover(now)))
        );
        assert_eq!(minutes_left(10, 2000), 1);
        assert_eq!(minutes_left(100, 2000), 4);
    }

    #[test]
    fn quiz_score_and_sample() {
        let s = score(&[Outcome::Correct, Outcome::Close, Outcome::Wrong], 4);
        assert_eq!(s.points, 1.5);
        assert_eq!(s.percent, 37.5);
        assert_eq!(score(&[], 0).percent, 100.0);
        let qs: Vec<Question> = (0..10).map(|n| q(&format!("q{n}"), None)).collect();
        let a = sample(&qs, 4, &mut ChaCha8Rng::seed_from_u64(7));
        let b = sample(&qs, 4, &mut ChaCha8Rng::seed_from_u64(7));
        assert_eq!(a, b);
        assert_eq!(a.len(), 4);
        assert_eq!(sample(&qs, 40, &mut rng()).len(), 10);
    }
}
