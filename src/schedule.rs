//! Scheduling: FSRS-6 memory states (through the `fsrs` crate) plus what an app adds around the
//! model — learning steps, fuzz, maximum interval, burying and leeches. Pure: `now` is passed in.
//!
//! The model itself (stability, difficulty, the forgetting curve, the interval for a desired
//! retention) is the `fsrs` crate's. This module decides *when* a question comes back:
//!
//! - New questions go through same-day learning steps (`1m`, `10m` by default) and questions
//!   forgotten in review through relearning steps (`10m`), as in Anki: Again → first step,
//!   Hard → the same step again (the average of the first two when on the first step), Good →
//!   the next step or graduate, Easy → graduate at once. A step that ends on a later study
//!   day (`1d`; `12h` in the evening) is counted in days, as in Anki: due from that day's start
//!   ([`Scheduler::step_due`]).
//! - Review intervals are FSRS's, rounded to whole days, kept in order (Hard ≤ Good < Easy),
//!   fuzzed deterministically (seeded by question id and review count) and capped.
//! - Days roll over at a configurable local hour (4 am by default) in a given time zone
//!   ([`DayClock`]); a review is due "today" when it is due before the next rollover.
//! - A question lapsing `leech_threshold` times is tagged a leech ([`ReviewInfo::became_leech`]).
//! - [`bury_siblings`] keeps questions of one fact apart: at most one per day.
//!
//! [`dataset`] turns review logs into the crate's training items; [`metrics`] measures how
//! well a model predicts recall.

pub mod dataset;
pub mod metrics;

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::deck::Settings;
use crate::error::Error;

/// The four answer buttons of FSRS / Anki.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// The lowercase name used in JSON output and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// The rating of a button number 1–4.
    pub fn from_number(n: u32) -> Option<Rating> {
        Some(match n {
            1 => Rating::Again,
            2 => Rating::Hard,
            3 => Rating::Good,
            4 => Rating::Easy,
            _ => return None,
        })
    }

    /// The button number 1–4.
    pub fn number(self) -> u32 {
        self as u32
    }
}

/// Where a question is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "phase", content = "step")]
pub enum Phase {
    /// Never answered.
    New,
    /// In the same-day learning steps; the index of the current step.
    Learning(u32),
    /// Graduated: scheduled in days.
    Review,
    /// Forgotten in review, going through the relearning steps.
    Relearning(u32),
}

impl Phase {
    /// `new`, `learning`, `review` or `relearning`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning(_) => "learning",
            Phase::Review => "review",
            Phase::Relearning(_) => "relearning",
        }
    }

    /// The step index of the learning phases, 0 otherwise.
    pub fn step(self) -> u32 {
        match self {
            Phase::Learning(s) | Phase::Relearning(s) => s,
            _ => 0,
        }
    }

    /// Builds a phase from its [`name`](Phase::name) and step.
    pub fn from_parts(name: &str, step: u32) -> Option<Phase> {
        Some(match name {
            "new" => Phase::New,
            "learning" => Phase::Learning(step),
            "review" => Phase::Review,
            "relearning" => Phase::Relearning(step),
            _ => return None,
        })
    }
}

/// FSRS memory: stability in days and difficulty 1–10.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

impl From<fsrs::MemoryState> for Memory {
    fn from(m: fsrs::MemoryState) -> Memory {
        Memory {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<Memory> for fsrs::MemoryState {
    fn from(m: Memory) -> fsrs::MemoryState {
        fsrs::MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

/// Everything the scheduler knows about one question.
#[derive(Clone, Debug, PartialEq)]
pub struct CardState {
    pub phase: Phase,
    /// `None` until the first answer.
    pub memory: Option<Memory>,
    /// When it is next due; `None` for a new question.
    pub due: Option<Timestamp>,
    pub last_review: Option<Timestamp>,
    /// The last scheduled interval in days (0 in the learning phases).
    pub interval_days: u32,
    /// Answers given.
    pub reps: u32,
    /// Times forgotten in review.
    pub lapses: u32,
    pub leech: bool,
    /// Suspended questions are never due.
    pub suspended: bool,
}

impl Default for CardState {
    fn default() -> Self {
        CardState::new()
    }
}

impl CardState {
    /// A question never answered.
    pub fn new() -> CardState {
        CardState {
            phase: Phase::New,
            memory: None,
            due: None,
            last_review: None,
            interval_days: 0,
            reps: 0,
            lapses: 0,
            leech: false,
            suspended: false,
        }
    }

    /// Due at or before `at` (new and suspended questions are never "due").
    pub fn is_due_by(&self, at: Timestamp) -> bool {
        !self.suspended && self.due.is_some_and(|due| due <= at)
    }

    /// The state after the question's accepted answers changed: what was learnt is another
    /// answer, whose memory says nothing of the new one, so a studied question is learnt again
    /// from the start (the learning steps, no memory), due now. Its counts of answers and
    /// lapses stay. New questions stay new.
    pub fn answer_changed(&self, now: Timestamp) -> CardState {
        if self.phase == Phase::New {
            return self.clone();
        }
        CardState {
            phase: Phase::Learning(0),
            memory: None,
            due: Some(now),
            interval_days: 0,
            ..self.clone()
        }
    }
}

/// What kind of answer this was, as kept in the review log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    Learn,
    Review,
    Relearn,
    /// Studied outside the schedule (does not change the state).
    Cram,
    /// A state change made by hand (suspend, reset).
    Manual,
}

impl ReviewKind {
    pub fn name(self) -> &'static str {
        match self {
            ReviewKind::Learn => "learn",
            ReviewKind::Review => "review",
            ReviewKind::Relearn => "relearn",
            ReviewKind::Cram => "cram",
            ReviewKind::Manual => "manual",
        }
    }

    pub fn from_name(name: &str) -> Option<ReviewKind> {
        Some(match name {
            "learn" => ReviewKind::Learn,
            "review" => ReviewKind::Review,
            "relearn" => ReviewKind::Relearn,
            "cram" => ReviewKind::Cram,
            "manual" => ReviewKind::Manual,
            _ => return None,
        })
    }
}

/// What happened in one answer, for the review log.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewInfo {
    pub kind: ReviewKind,
    /// Whole days (by the day clock) since the last answer; 0 for the first.
    pub elapsed_days: u32,
    /// Time until due before and after the answer, in days (fractional for steps).
    pub interval_before: f64,
    pub interval_after: f64,
    /// FSRS's raw interval for the chosen rating, before rounding and fuzz.
    pub fsrs_interval: f32,
    /// This answer made the question a leech.
    pub became_leech: bool,
}

/// Where days begin: at `rollover_hour` o'clock local time in `tz` (4 am by default, as in
/// Anki, so a late-night session counts for the day before).
#[derive(Clone, Debug, PartialEq)]
pub struct DayClock {
    pub tz: TimeZone,
    pub rollover_hour: i8,
}

impl Default for DayClock {
    fn default() -> Self {
        DayClock {
            tz: TimeZone::UTC,
            rollover_hour: 4,
        }
    }
}

impl DayClock {
    pub fn new(tz: TimeZone, rollover_hour: i8) -> Result<DayClock, Error> {
        if !(0..24).contains(&rollover_hour) {
            return Err(Error::Usage(format!(
                "day rollover hour must be 0 to 23, not {rollover_hour}"
            )));
        }
        Ok(DayClock { tz, rollover_hour })
    }

    /// The day number of `at` (days since 1970-01-01, counted from the rollover hour).
    pub fn day(&self, at: Timestamp) -> i64 {
        let offset = i64::from(self.tz.to_offset(at).seconds());
        (at.as_second() + offset - i64::from(self.rollover_hour) * 3600).div_euclid(86_400)
    }

    /// When day number `day` begins.
    pub fn day_start(&self, day: i64) -> Timestamp {
        let date = jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(day.clamp(-3_000_000, 3_000_000)))
            .unwrap_or(jiff::civil::Date::MAX);
        date.at(self.rollover_hour, 0, 0, 0)
            .to_zoned(self.tz.clone())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MAX)
    }

    /// The next rollover after `now`: anything due before it is due today.
    pub fn next_rollover(&self, now: Timestamp) -> Timestamp {
        self.day_start(self.day(now) + 1)
    }

    /// Whole days between two instants by this clock.
    pub fn days_between(&self, earlier: Timestamp, later: Timestamp) -> i64 {
        self.day(later) - self.day(earlier)
    }
}

/// How to schedule, from a deck's [`Settings`] plus model parameters and the day clock.
#[derive(Clone, Debug)]
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    params: Vec<f32>,
    pub retention: f32,
    /// Learning and relearning steps in seconds.
    pub learning_steps: Vec<u64>,
    pub relearning_steps: Vec<u64>,
    pub maximum_interval_days: u32,
    pub leech_threshold: u32,
    pub clock: DayClock,
    /// Whether to fuzz review intervals (on by default).
    pub fuzz: bool,
}

impl Scheduler {
    /// A scheduler for a deck's settings. `params` are optimised FSRS parameters (the
    /// defaults when `None`).
    pub fn new(
        settings: &Settings,
        params: Option<&[f32]>,
        clock: DayClock,
    ) -> Result<Scheduler, Error> {
        let params = params.unwrap_or(&fsrs::DEFAULT_PARAMETERS);
        let fsrs = fsrs::FSRS::new(params)
            .map_err(|e| Error::State(format!("invalid fsrs parameters: {e}")))?;
        let steps = |list: &[String], what: &str| -> Result<Vec<u64>, Error> {
            list.iter()
                .map(|s| {
                    crate::deck::load::parse_step(s)
                        .ok_or_else(|| Error::Usage(format!("invalid {what} step `{s}`")))
                })
                .collect()
        };
        if !(0.5..=0.999).contains(&settings.retention) {
            return Err(Error::Usage(format!(
                "desired retention must be between 0.5 and 0.999, not {}",
                settings.retention
            )));
        }
        Ok(Scheduler {
            fsrs,
            params: fsrs::check_and_fill_parameters(params)
                .map_err(|e| Error::State(format!("invalid fsrs parameters: {e}")))?,
            retention: settings.retention,
            learning_steps: steps(&settings.learning_steps, "learning")?,
            relearning_steps: steps(&settings.relearning_steps, "relearning")?,
            maximum_interval_days: settings.maximum_interval_days.max(1),
            leech_threshold: settings.leech_threshold,
            clock,
            fuzz: true,
        })
    }

    /// Default settings and parameters, days rolling over at 4 am UTC.
    pub fn with_defaults() -> Scheduler {
        Scheduler::new(&Settings::default(), None, DayClock::default())
            .expect("default settings are valid")
    }

    /// The FSRS parameters in use (21 values).
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// The FSRS model.
    pub fn fsrs(&self) -> &fsrs::FSRS {
        &self.fsrs
    }

    /// The probability of recalling a question at `now` (None for new ones).
    pub fn retrievability(&self, state: &CardState, now: Timestamp) -> Option<f32> {
        let memory = state.memory?;
        let last = state.last_review?;
        let days = self.clock.days_between(last, now).max(0) as f32;
        Some(fsrs::current_retrievability(
            memory.into(),
            days,
            self.params[20],
        ))
    }

    /// The state after answering `rating` at `now`, and what to log. `id` seeds the fuzz.
    pub fn answer(
        &self,
        state: &CardState,
        rating: Rating,
        now: Timestamp,
        id: &str,
    ) -> (CardState, ReviewInfo) {
        let elapsed = match state.last_review {
            Some(last) => self.clock.days_between(last, now).max(0) as u32,
            None => 0,
        };
        let next = self
            .fsrs
            .next_states(state.memory.map(Into::into), self.retention, elapsed)
            .or_else(|_| {
                // A state the model cannot continue from (never seen in practice): start over.
                self.fsrs.next_states(None, self.retention, 0)
            })
            .expect("fsrs accepts a new card");
        let chosen = match rating {
            Rating::Again => &next.again,
            Rating::Hard => &next.hard,
            Rating::Good => &next.good,
            Rating::Easy => &next.easy,
        };
        let interval_before = match state.due {
            Some(due) => {
                let from = state.last_review.unwrap_or(now);
                due.duration_since(from).as_secs_f64() / 86_400.0
            }
            None => 0.0,
        };
        let mut after = CardState {
            memory: Some(chosen.memory.into()),
            last_review: Some(now),
            reps: state.reps + 1,
            ..state.clone()
        };
        let mut became_leech = false;
        let kind = match state.phase {
            Phase::New | Phase::Learning(_) => ReviewKind::Learn,
            Phase::Review => ReviewKind::Review,
            Phase::Relearning(_) => ReviewKind::Relearn,
        };
        // Rounded FSRS intervals for the three passing buttons, kept in order.
        let days = |x: f32| -> u32 { (x.round().max(1.0) as u32).min(self.maximum_interval_days) };
        let (hard, good, easy) = {
            let mut hard = days(next.hard.interval);
            let mut good = days(next.good.interval);
            let mut easy = days(next.easy.interval);
            if state.phase == Phase::Review {
                // Passing a review never schedules sooner than today + 1 and keeps the buttons
                // ordered, as Anki does.
                hard = hard.min(good);
                good = good.max(hard + 1);
                easy = easy.max(good + 1);
            } else {
                easy = easy.max(good);
            }
            let cap = self.maximum_interval_days;
            (hard.min(cap), good.min(cap), easy.min(cap))
        };
        let graduate = |after: &mut CardState, ivl: u32| {
            let ivl = self.fuzzed(ivl, id, state.reps);
            after.phase = Phase::Review;
            after.interval_days = ivl;
            after.due = Some(self.clock.day_start(self.clock.day(now) + i64::from(ivl)));
        };
        let stepping = |after: &mut CardState, steps: &[u64], step: u32, relearn: bool| {
            let step = step.min(steps.len().saturating_sub(1) as u32);
            let delay = match rating {
                Rating::Hard if step == 0 && steps.len() >= 2 => (steps[0] + steps[1]) / 2,
                // One step only: Hard waits half as long again, at most a day more.
                Rating::Hard if step == 0 => (steps[0] * 3 / 2).min(steps[0] + 86_400),
                _ => steps[step as usize],
            };
            after.phase = if relearn {
                Phase::Relearning(step)
            } else {
                Phase::Learning(step)
            };
            after.interval_days = 0;
            after.due = Some(self.step_due(now, delay));
        };
        match (state.phase, rating) {
            (Phase::Review, Rating::Again) => {
                after.lapses += 1;
                if self.leech_threshold > 0 && after.lapses >= self.leech_threshold {
                    became_leech = !state.leech;
                    after.leech = true;
                }
                if self.relearning_steps.is_empty() {
                    graduate(&mut after, days(next.again.interval));
                } else {
                    stepping(&mut after, &self.relearning_steps, 0, true);
                }
            }
            (Phase::Review, Rating::Hard) => graduate(&mut after, hard),
            (Phase::Review, Rating::Good) => graduate(&mut after, good),
            (Phase::Review, Rating::Easy) => graduate(&mut after, easy),
            (phase, rating) => {
                let (steps, relearn) = match phase {
                    Phase::Relearning(_) => (&self.relearning_steps, true),
                    _ => (&self.learning_steps, false),
                };
                let step = phase.step();
                let graduated = match rating {
                    Rating::Easy => Some(easy),
                    _ if steps.is_empty() => Some(match rating {
                        Rating::Again => days(next.again.interval),
                        Rating::Hard => hard,
                        _ => good,
                    }),
                    Rating::Good if step as usize + 1 >= steps.len() => Some(good),
                    _ => None,
                };
                match (graduated, rating) {
                    (Some(ivl), _) => graduate(&mut after, ivl),
                    (None, Rating::Again) => stepping(&mut after, steps, 0, relearn),
                    // Repeat the current step (on the first, see `stepping`).
                    (None, Rating::Hard) => stepping(&mut after, steps, step, relearn),
                    (None, _) => stepping(&mut after, steps, step + 1, relearn),
                }
            }
        }
        let interval_after = match after.due {
            Some(due) => due.duration_since(now).as_secs_f64() / 86_400.0,
            None => 0.0,
        };
        (
            after,
            ReviewInfo {
                kind,
                elapsed_days: elapsed,
                interval_before,
                interval_after,
                fsrs_interval: chosen.interval,
                became_leech,
            },
        )
    }

    /// When a learning step of `delay` seconds taken at `now` is due. A step that ends on a
    /// later study day (`1d`, or `12h` taken in the evening) is counted in days, as Anki
    /// counts it: due from the start of that day (the rollover), as a review is, so that it is
    /// due "today" all that day rather than from the time of day it was taken at. A shorter
    /// one is due `delay` after `now`.
    pub fn step_due(&self, now: Timestamp, delay: u64) -> Timestamp {
        // Steps are at most 100 years (deck validation), and answer times end before 9999;
        // past the last time there is, the step ends there.
        let delay = i64::try_from(delay).unwrap_or(i64::MAX);
        let rollover = self.clock.next_rollover(now);
        let until_rollover = rollover.duration_since(now).as_secs();
        if delay < until_rollover {
            return now
                .checked_add(SignedDuration::from_secs(delay))
                .unwrap_or(Timestamp::MAX);
        }
        let days = (delay - until_rollover) / 86_400 + 1;
        self.clock
            .day_start(self.clock.day(now).saturating_add(days))
    }

    /// `interval` days with fuzz applied: the same `id` and `reps` always give the same result.
    pub fn fuzzed(&self, interval: u32, id: &str, reps: u32) -> u32 {
        if !self.fuzz {
            return interval.min(self.maximum_interval_days);
        }
        let (lo, hi) = fuzz_range(interval, self.maximum_interval_days);
        if lo >= hi {
            return lo;
        }
        let unit = fuzz_unit(id, reps);
        let span = f64::from(hi - lo + 1);
        (lo + (unit * span) as u32).min(hi)
    }

    /// Whether `state` is due today (before the next rollover after `now`).
    pub fn due_today(&self, state: &CardState, now: Timestamp) -> bool {
        !state.suspended
            && state
                .due
                .is_some_and(|due| due < self.clock.next_rollover(now))
    }
}

/// The range a fuzzed `interval` falls in: none under 2.5 days; otherwise ±(1 day plus 15% of
/// the part between 2.5 and 7 days, 10% of 7–20 days and 5% beyond 20), at least 2 days and at
/// most `maximum`.
pub fn fuzz_range(interval: u32, maximum: u32) -> (u32, u32) {
    let ivl = f64::from(interval);
    if ivl < 2.5 {
        return (interval.min(maximum), interval.min(maximum));
    }
    let bands = [
        (2.5, 7.0, 0.15),
        (7.0, 20.0, 0.10),
        (20.0, f64::INFINITY, 0.05),
    ];
    let delta = 1.0
        + bands
            .iter()
            .map(|&(from, to, factor)| factor * (ivl.min(to) - from).max(0.0))
            .sum::<f64>();
    let lo = ((ivl - delta).round() as u32).max(2).min(maximum);
    let hi = ((ivl + delta).round() as u32).min(maximum);
    (lo.min(hi), hi)
}

/// A number in [0, 1) from a question id and its review count (FNV-1a, then a mixer; stable
/// across platforms and releases, unlike the std hasher).
fn fuzz_unit(id: &str, reps: u32) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(reps.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A question offered to [`bury_siblings`]: its id and the fact it was generated from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sibling<'a> {
    pub id: &'a str,
    pub fact: Option<&'a str>,
}

/// Filters a due list so that questions of one fact are not asked on the same day: a
/// question is dropped when another question of its fact was answered today (`answered_today`)
/// or comes earlier in `due`. Questions without a fact, and the answered question itself (in
/// its learning steps), are kept. Order is preserved.
pub fn bury_siblings<T>(
    due: Vec<T>,
    sibling: impl Fn(&T) -> Sibling<'_>,
    answered_today: &[Sibling<'_>],
) -> Vec<T> {
    let mut answered: std::collections::HashMap<&str, HashSet<&str>> = Default::default();
    for s in answered_today {
        if let Some(fact) = s.fact {
            answered.entry(fact).or_default().insert(s.id);
        }
    }
    let mut taken: HashSet<String> = HashSet::new();
    due.into_iter()
        .filter(|item| {
            let s = sibling(item);
            let Some(fact) = s.fact else { return true };
            if let Some(ids) = answered.get(fact)
                && ids.iter().any(|id| *id != s.id)
            {
                return false;
            }
            taken.insert(fact.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn review_card(s: f32, d: f32, last: Timestamp, ivl: u32) -> CardState {
        let clock = DayClock::default();
        CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: s,
                difficulty: d,
            }),
            due: Some(clock.day_start(clock.day(last) + i64::from(ivl))),
            last_review: Some(last),
            interval_days: ivl,
            reps: 5,
            lapses: 0,
            leech: false,
            suspended: false,
        }
    }

    /// Answers `rating` and checks the phase and, for step phases, the delay in seconds.
    fn check(
        sched: &Scheduler,
        state: &CardState,
        rating: Rating,
        now: Timestamp,
        phase: Phase,
        delay_secs: Option<i64>,
    ) -> CardState {
        let (after, _) = sched.answer(state, rating, now, "q");
        assert_eq!(after.phase, phase, "{rating:?} from {:?}", state.phase);
        if let Some(secs) = delay_secs {
            assert_eq!(after.due.unwrap().duration_since(now).as_secs(), secs);
        }
        after
    }

    #[test]
    fn fsrs_reference_intervals() {
        // The crate's own numbers for S=10, D=5 after 10 days at 90%.
        let f = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
        let m = fsrs::MemoryState {
            stability: 10.0,
            difficulty: 5.0,
        };
        let n = f.next_states(Some(m), 0.9, 10).unwrap();
        let approx = |a: f32, b: f32| assert!((a - b).abs() < 0.1, "{a} vs {b}");
        approx(n.again.interval, 1.39);
        approx(n.hard.interval, 23.2);
        approx(n.good.interval, 32.0);
        approx(n.easy.interval, 51.3);

        // Our scheduler: same memory states, intervals within the fuzz range of the crate's.
        let sched = Scheduler::with_defaults();
        let last = ts("2024-01-01T12:00:00Z");
        let now = ts("2024-01-11T12:00:00Z");
        let card = review_card(10.0, 5.0, last, 10);
        for (rating, item) in [
            (Rating::Hard, &n.hard),
            (Rating::Good, &n.good),
            (Rating::Easy, &n.easy),
        ] {
            let (after, info) = sched.answer(&card, rating, now, "fact/cloze/1");
            assert_eq!(after.memory, Some(item.memory.into()));
            assert_eq!(info.fsrs_interval, item.interval);
            let (lo, hi) = fuzz_range(item.interval.round() as u32, 36500);
            assert!(
                (lo..=hi).contains(&after.interval_days),
                "{rating:?}: {}",
                after.interval_days
            );
            assert_eq!(info.kind, ReviewKind::Review);
            // Due at the rollover of the day `interval` days on.
            let due = after.due.unwrap();
            assert_eq!(
                sched.clock.day(due) - sched.clock.day(now),
                i64::from(after.interval_days)
            );
            assert_eq!(due, sched.clock.day_start(sched.clock.day(due)));
        }
        // Again: memory from the crate, into relearning for 10 minutes, one lapse.
        let (after, _) = sched.answer(&card, Rating::Again, now, "x");
        assert_eq!(after.memory, Some(n.again.memory.into()));
        assert_eq!(after.phase, Phase::Relearning(0));
        assert_eq!(after.lapses, 1);
        assert_eq!(after.due.unwrap().duration_since(now).as_secs(), 600);
    }

    #[test]
    fn new_card_memory_matches_the_crate() {
        let f = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
        let n = f.next_states(None, 0.9, 0).unwrap();
        let sched = Scheduler::with_defaults();
        let now = ts("2024-03-01T10:00:00Z");
        let (after, _) = sched.answer(&CardState::new(), Rating::Good, now, "a");
        assert_eq!(after.memory, Some(n.good.memory.into()));
    }

    #[test]
    fn the_longest_step_from_the_latest_time_ends_at_the_last_time_there_is() {
        let settings = Settings {
            learning_steps: vec!["36500d".into(), "36500d".into()],
            ..Settings::default()
        };
        let sched = Scheduler::new(&settings, None, DayClock::default()).unwrap();
        let now = ts("9998-12-31T23:00:00Z");
        let (after, _) = sched.answer(&CardState::new(), Rating::Again, now, "q");
        assert_eq!(after.phase, Phase::Learning(0));
        assert_eq!(after.due, Some(Timestamp::MAX));
    }

    #[test]
    fn learning_steps() {
        let sched = Scheduler::with_defaults();
        let now = ts("2024-03-01T10:00:00Z");
        let new = CardState::new();
        // Again → first step (1m); Hard on the first step → average of 1m and 10m.
        check(
            &sched,
            &new,
            Rating::Again,
            now,
            Phase::Learning(0),
            Some(60),
        );
        check(
            &sched,
            &new,
            Rating::Hard,
            now,
            Phase::Learning(0),
            Some(330),
        );
        // Good → next step (10m), then Good again graduates to a day-based review.
        let s1 = check(
            &sched,
            &new,
            Rating::Good,
            now,
            Phase::Learning(1),
            Some(600),
        );
        let later = now + SignedDuration::from_mins(10);
        check(
            &sched,
            &s1,
            Rating::Hard,
            later,
            Phase::Learning(1),
            Some(600),
        );
        check(
            &sched,
            &s1,
            Rating::Again,
            later,
            Phase::Learning(0),
            Some(60),
        );
        let grad = check(&sched, &s1, Rating::Good, later, Phase::Review, None);
        assert!(grad.interval_days >= 1);
        assert_eq!(grad.reps, 2);
        // Easy graduates at once.
        let easy = check(&sched, &new, Rating::Easy, now, Phase::Review, None);
        assert!(easy.interval_days >= grad.interval_days);
        // Relearning: Good on the only step graduates back to review; Again repeats it.
        let card = review_card(10.0, 5.0, ts("2024-02-20T10:00:00Z"), 10);
        let lapsed = check(
            &sched,
            &card,
            Rating::Again,
            now,
            Phase::Relearning(0),
            Some(600),
        );
        check(
            &sched,
            &lapsed,
            Rating::Again,
            later,
            Phase::Relearning(0),
            Some(600),
        );
        check(
            &sched,
            &lapsed,
            Rating::Hard,
            later,
            Phase::Relearning(0),
            Some(900),
        );
        let back = check(&sched, &lapsed, Rating::Good, later, Phase::Review, None);
        assert_eq!(back.lapses, 1);
    }

    #[test]
    fn no_steps_graduates_at_once() {
        let settings = Settings {
            learning_steps: vec![],
            relearning_steps: vec![],
            ..Settings::default()
        };
        let sched = Scheduler::new(&settings, None, DayClock::default()).unwrap();
        let now = ts("2024-03-01T10:00:00Z");
        for rating in [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy] {
            check(&sched, &CardState::new(), rating, now, Phase::Review, None);
        }
    }

    #[test]
    fn fuzz_is_deterministic_and_in_range() {
        let sched = Scheduler::with_defaults();
        assert_eq!(fuzz_range(2, 36500), (2, 2));
        assert_eq!(fuzz_range(1, 36500), (1, 1));
        assert_eq!(fuzz_range(3, 36500), (2, 4));
        assert_eq!(fuzz_range(10, 36500), (8, 12));
        // 1 + 15% of 4.5 + 10% of 13 + 5% of 80 = 6.975 days either side.
        assert_eq!(fuzz_range(100, 36500), (93, 107));
        assert_eq!(fuzz_range(100, 100), (93, 100));
        for ivl in [3u32, 7, 10, 30, 100, 1000] {
            let (lo, hi) = fuzz_range(ivl, 36500);
            let mut seen = HashSet::new();
            for n in 0..3000 {
                let id = format!("fact-{n}/cloze/1");
                let got = sched.fuzzed(ivl, &id, 4);
                assert_eq!(got, sched.fuzzed(ivl, &id, 4), "deterministic");
                assert!((lo..=hi).contains(&got), "{ivl}: {got} not in {lo}..={hi}");
                seen.insert(got);
            }
            // Spread over the whole range.
            assert_eq!(seen.len() as u32, hi - lo + 1, "{ivl}");
        }
        assert_ne!(
            (0..20)
                .map(|r| sched.fuzzed(100, "a", r))
                .collect::<Vec<_>>(),
            vec![sched.fuzzed(100, "a", 0); 20]
        );
    }

    #[test]
    fn maximum_interval() {
        let settings = Settings {
            maximum_interval_days: 30,
            ..Settings::default()
        };
        let sched = Scheduler::new(&settings, None, DayClock::default()).unwrap();
        let card = review_card(400.0, 3.0, ts("2023-01-01T12:00:00Z"), 300);
        let (after, _) = sched.answer(&card, Rating::Easy, ts("2024-01-01T12:00:00Z"), "q");
        assert!((fuzz_range(30, 30).0..=30).contains(&after.interval_days));
        let (after, _) = sched.answer(&card, Rating::Hard, ts("2024-01-01T12:00:00Z"), "q");
        assert!(after.interval_days <= 30);
    }

    #[test]
    fn leech_after_threshold_lapses() {
        let sched = Scheduler::with_defaults();
        let mut now = ts("2024-01-01T12:00:00Z");
        let mut card = review_card(5.0, 7.0, now, 1);
        let mut leeched_at = vec![];
        for n in 1..=10 {
            now += SignedDuration::from_hours(48);
            let (lapsed, info) = sched.answer(&card, Rating::Again, now, "q");
            assert_eq!(lapsed.lapses, n);
            if info.became_leech {
                leeched_at.push(n);
            }
            assert_eq!(lapsed.leech, n >= 8);
            // Still scheduled: relearn and graduate again.
            now += SignedDuration::from_mins(10);
            let (back, _) = sched.answer(&lapsed, Rating::Good, now, "q");
            assert_eq!(back.phase, Phase::Review);
            assert!(back.due.is_some());
            card = back;
        }
        assert_eq!(leeched_at, vec![8]);
        // Failing in learning is not a lapse.
        let (l, _) = sched.answer(&CardState::new(), Rating::Again, now, "n");
        assert_eq!(l.lapses, 0);
    }

    /// A step that ends on a later study day is due from that day's start, as Anki counts
    /// it (QA: with `["10m", "1d"]`, `stats` said 2 due today at 07:00 and `study` asked
    /// nothing until 09:00, when they were answered the day before).
    #[test]
    fn steps_into_a_later_day_are_due_from_its_start() {
        let settings = Settings {
            learning_steps: vec!["10m".into(), "1d".into()],
            relearning_steps: vec!["12h".into()],
            ..Settings::default()
        };
        let paris = DayClock::new(TimeZone::get("Europe/Paris").unwrap(), 4).unwrap();
        for (clock, day_start) in [
            (DayClock::default(), "2024-03-02T04:00:00Z"),
            (paris, "2024-03-02T03:00:00Z"),
        ] {
            let sched = Scheduler::new(&settings, None, clock).unwrap();
            let new = CardState::new();
            // Good at 09:00: the 1d step is due from the next study day's start.
            let morning = ts("2024-03-01T09:00:00Z");
            let (day, _) = sched.answer(&new, Rating::Good, morning, "q");
            assert_eq!(day.phase, Phase::Learning(1));
            assert_eq!(day.due, Some(ts(day_start)));
            assert!(sched.due_today(&day, ts(day_start) + SignedDuration::from_hours(3)));
            // Again: 10 minutes, within the day.
            let (again, _) = sched.answer(&day, Rating::Again, ts(day_start), "q");
            assert_eq!(
                again.due,
                Some(ts(day_start) + SignedDuration::from_mins(10))
            );
            // Ten minutes past the day's end, and 12 hours from the evening: the next day.
            let late = ts(day_start) - SignedDuration::from_mins(5);
            let (soon, _) = sched.answer(&new, Rating::Again, late, "q");
            assert_eq!(soon.due, Some(ts(day_start)));
            let lapsed = review_card(10.0, 5.0, ts("2024-02-20T12:00:00Z"), 10);
            let evening = ts("2024-03-01T20:00:00Z");
            let (relearning, _) = sched.answer(&lapsed, Rating::Again, evening, "q");
            assert_eq!(relearning.phase, Phase::Relearning(0));
            assert_eq!(relearning.due, Some(ts(day_start)));
            // 12 hours from the morning: the same day.
            let (relearning, _) = sched.answer(&lapsed, Rating::Again, morning, "q");
            assert_eq!(
                relearning.due,
                Some(morning + SignedDuration::from_hours(12))
            );
        }
    }

    #[test]
    fn day_rollover_at_4am() {
        let clock = DayClock::default();
        let a = ts("2024-03-01T03:59:00Z");
        let b = ts("2024-03-01T04:00:00Z");
        assert_eq!(clock.day(b) - clock.day(a), 1);
        assert_eq!(clock.next_rollover(a), b);
        assert_eq!(clock.next_rollover(b), ts("2024-03-02T04:00:00Z"));
        assert_eq!(clock.day_start(clock.day(b)), b);
        let paris = DayClock::new(TimeZone::get("Europe/Paris").unwrap(), 4).unwrap();
        assert_eq!(
            paris.next_rollover(ts("2024-07-01T12:00:00Z")),
            ts("2024-07-02T02:00:00Z")
        );
        // Due today = before the next rollover.
        let sched = Scheduler::with_defaults();
        let mut card = review_card(10.0, 5.0, ts("2024-02-01T12:00:00Z"), 1);
        card.due = Some(ts("2024-03-02T03:00:00Z"));
        assert!(sched.due_today(&card, ts("2024-03-01T23:00:00Z")));
        card.due = Some(ts("2024-03-02T04:00:00Z"));
        assert!(!sched.due_today(&card, ts("2024-03-01T23:00:00Z")));
        card.suspended = true;
        assert!(!sched.due_today(&card, ts("2024-03-05T00:00:00Z")));
    }

    #[test]
    fn burying_siblings() {
        let due = vec![
            ("f1/cloze/1", Some("f1")),
            ("f1/choice/1", Some("f1")),
            ("f2/cloze/1", Some("f2")),
            ("card-1", None),
            ("f3/cloze/1", Some("f3")),
            ("f2/reverse/1", Some("f2")),
            ("card-2", None),
        ];
        fn key<'a>(t: &'a (&'static str, Option<&'static str>)) -> Sibling<'a> {
            Sibling { id: t.0, fact: t.1 }
        }
        // Nothing answered yet: the first of each fact stays.
        let kept: Vec<_> = bury_siblings(due.clone(), key, &[])
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            kept,
            ["f1/cloze/1", "f2/cloze/1", "card-1", "f3/cloze/1", "card-2"]
        );
        // f1/cloze/1 answered today (still in its steps): it stays, its siblings go.
        let answered = [Sibling {
            id: "f1/cloze/1",
            fact: Some("f1"),
        }];
        let kept: Vec<_> = bury_siblings(due[1..].to_vec(), key, &answered)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(kept, ["f2/cloze/1", "card-1", "f3/cloze/1", "card-2"]);
        let kept: Vec<_> = bury_siblings(due.clone(), key, &answered)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(kept[0], "f1/cloze/1");
    }

    #[test]
    fn answer_change_learns_again_from_the_start() {
        let now = ts("2024-03-01T10:00:00Z");
        let card = review_card(54.8, 5.0, ts("2024-02-20T10:00:00Z"), 60);
        let changed = card.answer_changed(now);
        assert_eq!(changed.phase, Phase::Learning(0));
        assert_eq!(changed.due, Some(now));
        assert_eq!(changed.memory, None);
        assert_eq!((changed.reps, changed.lapses), (card.reps, card.lapses));
        assert_eq!(CardState::new().answer_changed(now), CardState::new());
        // The new answer is not a review of the old memory: a Good goes through the learning
        // steps, and graduating takes days, not the old 60.
        let scheduler = Scheduler::new(&Settings::default(), None, DayClock::default()).unwrap();
        let (step, info) = scheduler.answer(&changed, Rating::Good, now, "q");
        assert_eq!(info.kind, ReviewKind::Learn);
        assert_eq!(step.phase, Phase::Learning(1));
        let later = step.due.unwrap();
        let (graduated, _) = scheduler.answer(&step, Rating::Good, later, "q");
        assert_eq!(graduated.phase, Phase::Review);
        assert!(graduated.interval_days <= 5, "{}", graduated.interval_days);
    }

    #[test]
    fn invalid_settings_are_refused() {
        let bad = Settings {
            learning_steps: vec!["soon".into()],
            ..Settings::default()
        };
        assert!(Scheduler::new(&bad, None, DayClock::default()).is_err());
        assert!(DayClock::new(TimeZone::UTC, 24).is_err());
    }
}
