//! The terminal: everything recall prints for people goes through here, so deck text can
//! never smuggle escape sequences or control characters onto a learner's screen.
//!
//! Besides [`sanitize`], this holds the screens of a study session — the question
//! ([`render_question`]), the answer feedback with its coloured diff ([`render_feedback`]),
//! the summary ([`render_summary`]) and the quiz score ([`render_score`]); they are pure
//! functions of their data — and the [`Prompter`] that reads answers: on a terminal, a line
//! reader, lettered menus that take a typed line or the arrows, and a true/false key, drawn
//! with dialoguer's themes; plain lines otherwise.

use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use dialoguer::console::{Key, Term, measure_text_width};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use jiff::Timestamp;

use crate::error::Error;
use crate::grade::{self, DiffPart, Outcome, Verdict};
use crate::question::{Answer, Question, option_letter};
use crate::schedule::{DayClock, Rating};
use crate::session::{Score, Summary};

/// Deck text made safe to print: control characters (including ESC, so no ANSI sequences)
/// become visible `\u{..}` escapes; tabs become spaces; newlines are kept.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";

/// `text` in `style` when colouring, else as it is.
fn paint(text: &str, style: &str, color: bool) -> String {
    if color && !text.is_empty() {
        format!("{style}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// What the question screen shows.
#[derive(Clone, Debug)]
pub struct QuestionView<'a> {
    pub deck_title: &'a str,
    /// 1-based position of this question and how many there are in all (so far).
    pub position: usize,
    pub total: usize,
    /// Estimated minutes left, once an answer time is known.
    pub minutes_left: Option<u64>,
    pub question: &'a Question,
    /// List the options and how to answer (plain-line input; dialoguer shows its own).
    pub plain: bool,
}

/// The question screen: deck, progress, prompt (and, for plain input, the options).
pub fn render_question(view: &QuestionView<'_>, color: bool) -> String {
    let mut s = String::new();
    let mut header = format!(
        "{} · {}/{}",
        sanitize(view.deck_title),
        view.position,
        view.total
    );
    if let Some(minutes) = view.minutes_left {
        let _ = write!(header, " · ~{minutes} min left");
    }
    let _ = writeln!(s, "\n{}", paint(&header, DIM, color));
    let _ = writeln!(
        s,
        "{}",
        paint(&sanitize(&view.question.prompt), BOLD, color)
    );
    if view.plain {
        match &view.question.answer {
            Answer::Choice {
                options, correct, ..
            } => {
                for (i, option) in options.iter().enumerate() {
                    let _ = writeln!(s, "  {}) {}", option_letter(i), sanitize(option));
                }
                if correct.len() > 1 {
                    let _ = writeln!(s, "(pick every right one: letters separated by commas)");
                }
            }
            Answer::TrueFalse { .. } => {
                let _ = writeln!(s, "(true or false)");
            }
            Answer::List { .. } => {
                let _ = writeln!(s, "(items separated by commas)");
            }
            _ => {}
        }
    }
    s
}

/// What the feedback screen shows after an answer.
#[derive(Clone, Debug)]
pub struct FeedbackView<'a> {
    pub typed: &'a str,
    pub verdict: &'a Verdict,
    pub evidence: &'a [String],
    pub source_title: &'a str,
    pub credit: Option<&'a str>,
    /// The rating suggested by the grading (none in a quiz).
    pub rating: Option<Rating>,
    /// The keys to show (interactive sessions).
    pub keys: Option<&'a str>,
}

/// The keys of the study feedback screen.
pub const STUDY_KEYS: &str =
    "Enter accept · 1-4 or a/h/g/e again/hard/good/easy · u undo · s suspend · q quit";

/// The keys of the quiz feedback screen.
pub const QUIZ_KEYS: &str = "Enter next · q quit";

/// The feedback screen: verdict, typed ↓ expected with a character diff, note, evidence and
/// the suggested rating.
pub fn render_feedback(view: &FeedbackView<'_>, color: bool) -> String {
    let v = view.verdict;
    let mut s = String::new();
    let (mark, style) = match v.outcome {
        Outcome::Correct => ("✓ correct", GREEN),
        Outcome::Close => ("~ close", YELLOW),
        Outcome::Wrong => ("✗ wrong", RED),
    };
    let mut head = paint(mark, &format!("{BOLD}{style}"), color);
    if let Some((right, total)) = v.partial {
        let _ = write!(head, " ({right} of {total})");
    }
    let _ = writeln!(s, "{head}");
    let typed = sanitize(view.typed);
    let expected = sanitize(&v.expected);
    let show_diff = diff_helps(v);
    if show_diff && color {
        // The typed line is what was typed, its extra characters red; the answer line is the
        // answer, its missing characters green.
        let trimmed = view.typed.trim();
        let lead = &view.typed[..view.typed.len() - view.typed.trim_start().len()];
        let mut top = sanitize(lead);
        for part in grade::typed_parts(&v.diff, view.typed) {
            match part {
                DiffPart::Same(t) => top.push_str(&sanitize(&t)),
                DiffPart::Extra(t) => top.push_str(&paint(&sanitize(&t), RED, true)),
                DiffPart::Missing(_) => {}
            }
        }
        top.push_str(&sanitize(&view.typed[lead.len() + trimmed.len()..]));
        let mut bottom = String::new();
        for part in &v.diff {
            match part {
                DiffPart::Same(t) => bottom.push_str(&sanitize(t)),
                DiffPart::Extra(_) => {}
                DiffPart::Missing(t) => bottom.push_str(&paint(&sanitize(t), GREEN, true)),
            }
        }
        let _ = writeln!(
            s,
            "  you typed  {top}\n             ↓\n  answer     {bottom}"
        );
    } else {
        let _ = writeln!(s, "  you typed  {typed}");
        if show_diff {
            let _ = writeln!(s, "             ↓");
        }
        let _ = writeln!(s, "  answer     {expected}");
        if show_diff {
            // Without colour the changes are marked in wdiff style: [-typed-] {+missing+}.
            let mut line = String::new();
            for part in &v.diff {
                match part {
                    DiffPart::Same(t) => line.push_str(&sanitize(t)),
                    DiffPart::Extra(t) => {
                        let _ = write!(line, "[-{}-]", sanitize(t));
                    }
                    DiffPart::Missing(t) => {
                        let _ = write!(line, "{{+{}+}}", sanitize(t));
                    }
                }
            }
            let _ = writeln!(s, "  diff       {line}");
        }
    }
    if let Some(note) = &v.note {
        let _ = writeln!(s, "  note       {}", sanitize(note));
    }
    for (i, excerpt) in view.evidence.iter().enumerate() {
        let label = if i == 0 { "source" } else { "" };
        // An excerpt quoted across a line break of its source reads as one line (the screen
        // wraps it under its label).
        let excerpt: Vec<&str> = excerpt.split_whitespace().collect();
        let _ = writeln!(s, "  {label:<9}  “{}”", sanitize(&excerpt.join(" ")));
    }
    if !view.evidence.is_empty() || !view.source_title.is_empty() {
        let mut from = format!("— {}", sanitize(view.source_title));
        if let Some(credit) = view.credit {
            let _ = write!(from, " ({})", sanitize(credit));
        }
        let _ = writeln!(s, "             {}", paint(&from, DIM, color));
    }
    if let Some(rating) = view.rating {
        let _ = writeln!(s, "  rating     {}", paint(rating.name(), BOLD, color));
    }
    if let Some(keys) = view.keys {
        let _ = writeln!(s, "{}", paint(keys, DIM, color));
    }
    s
}

/// Whether the character diff of a verdict helps the learner: for a near miss (a typo, a
/// letter or two) it shows what to fix; for an answer that shares little with the expected
/// one, or a list typed in another order, it is noise and is left out.
fn diff_helps(v: &Verdict) -> bool {
    if v.diff.is_empty() || v.outcome == Outcome::Correct {
        return false;
    }
    // A typo of a text answer (close, not a list): always worth showing.
    if v.outcome == Outcome::Close && v.partial.is_none() {
        return true;
    }
    let (likeness, places) = grade::diff_likeness(&v.diff);
    likeness >= 0.75 && places <= 3
}

/// `4m 12s`, `21s`, `1h 03m`.
pub fn duration(ms: u64) -> String {
    let secs = (ms + 500) / 1000;
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// When `at` is, in the clock's time zone, and how far from `now` (`now` for a time already
/// past: a question due then is due now). A day or more ahead counts study days, as the
/// schedule does (due at the start of the day after tomorrow is "in 2 days", however many
/// hours that is).
fn when(at: Timestamp, now: Timestamp, clock: &DayClock) -> String {
    let local = at.to_zoned(clock.tz.clone()).strftime("%Y-%m-%d %H:%M");
    let secs = at.duration_since(now).as_secs();
    let rel = match secs {
        ..0 => return format!("now (due since {local})"),
        0 => "now".to_string(),
        1..3600 => format!("in {} min", (secs + 59) / 60),
        3600..86_400 => format!("in {} h", secs / 3600),
        _ => match clock.day(at) - clock.day(now) {
            // A day of 25 hours (the clocks going back) may hold a day ahead of now.
            ..=0 => format!("in {} h", secs / 3600),
            1 => "tomorrow".to_string(),
            days => format!("in {days} days"),
        },
    };
    format!("{local} ({rel})")
}

/// The end-of-session summary.
pub fn render_summary(summary: &Summary, now: Timestamp, clock: &DayClock, color: bool) -> String {
    let s = summary;
    let mut out = String::new();
    let _ = writeln!(out, "\n{}", paint("session summary", BOLD, color));
    let _ = writeln!(
        out,
        "  answered      {} — {} correct ({:.0}%), {} close ({:.0}%), {} wrong ({:.0}%)",
        s.answered,
        s.correct,
        s.percent(s.correct),
        s.close,
        s.percent(s.close),
        s.wrong,
        s.percent(s.wrong)
    );
    let _ = writeln!(
        out,
        "  ratings       again {} · hard {} · good {} · easy {}",
        s.ratings[0], s.ratings[1], s.ratings[2], s.ratings[3]
    );
    let _ = writeln!(
        out,
        "  time          {}, {} per question",
        duration(s.time_ms),
        duration(s.average_ms())
    );
    let _ = writeln!(out, "  new leeches   {}", s.new_leeches);
    let _ = writeln!(out, "  due tomorrow  {}", s.due_tomorrow);
    let next = match s.next_due {
        Some(at) => when(at, now, clock),
        None => "nothing scheduled".into(),
    };
    let _ = writeln!(out, "  next due      {next}");
    out
}

/// The quiz score report.
pub fn render_score(score: &Score, min_score: Option<f64>, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{} {:.1}/{} ({:.1}%)",
        paint("score", BOLD, color),
        score.points,
        score.total,
        score.percent
    );
    let _ = writeln!(
        out,
        "  {} correct, {} close, {} wrong, {} not answered",
        score.correct,
        score.close,
        score.wrong,
        score.total - score.answered
    );
    if let Some(min) = min_score {
        let pass = score.percent >= min;
        let verdict = if pass {
            paint("pass", GREEN, color)
        } else {
            paint("fail", RED, color)
        };
        let _ = writeln!(out, "  {verdict}: the minimum is {min}%");
    }
    out
}

/// What a learner answered to a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Answer(String),
    /// Stop the session (Ctrl-C, Ctrl-D, end of input, Esc in a menu).
    Quit,
}

/// The key pressed on the feedback screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Enter: keep the suggested rating.
    Accept,
    Rate(Rating),
    Undo,
    Suspend,
    Quit,
}

impl Choice {
    /// The choice of a key: Enter, `1`–`4`, `a/h/g/e`, `u`, `s`, `q`, Esc, Ctrl-C, Ctrl-D;
    /// `None` for any other key. Letters are lowercase only: someone typing the next answer
    /// ("Saturday") must not suspend the question with its capital.
    pub fn from_key(key: &Key) -> Option<Choice> {
        Some(match key {
            Key::Enter => Choice::Accept,
            Key::Escape | Key::CtrlC => Choice::Quit,
            Key::Char(c) => match c {
                '1' | 'a' => Choice::Rate(Rating::Again),
                '2' | 'h' => Choice::Rate(Rating::Hard),
                '3' | 'g' => Choice::Rate(Rating::Good),
                '4' | 'e' => Choice::Rate(Rating::Easy),
                'u' => Choice::Undo,
                's' => Choice::Suspend,
                'q' | '\u{4}' | '\u{3}' => Choice::Quit,
                '\r' | '\n' => Choice::Accept,
                _ => return None,
            },
            _ => return None,
        })
    }
}

/// Which feedback screen keys are read for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// [`STUDY_KEYS`]: every [`Choice`].
    Study,
    /// [`QUIZ_KEYS`]: Enter and the quit keys only.
    Quiz,
}

impl Keys {
    /// The legend shown under the feedback screen.
    pub fn legend(self) -> &'static str {
        match self {
            Keys::Study => STUDY_KEYS,
            Keys::Quiz => QUIZ_KEYS,
        }
    }

    /// The choice of `key` on this screen; `None` when the key does nothing here.
    pub fn choice(self, key: &Key) -> Option<Choice> {
        let choice = Choice::from_key(key)?;
        match self {
            Keys::Study => Some(choice),
            Keys::Quiz => matches!(choice, Choice::Accept | Choice::Quit).then_some(choice),
        }
    }
}

/// Printed once on a feedback screen when a key that does nothing there is pressed.
pub const IGNORED_KEY_HINT: &str = "(that key does nothing here: use the keys above, lowercase)";

/// Drops keys typed ahead: someone typing the next answer ("saturday") before the feedback
/// screen appears must not suspend (`s`) or rate (`a`) the question on screen, and keys
/// pressed before a question's prompt shows must not answer it.
fn discard_typeahead() {
    #[cfg(unix)]
    // SAFETY: tcflush only discards the terminal's pending input; stdin is a terminal here.
    unsafe {
        libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_interrupt(_signal: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Turns Ctrl-C into a flag instead of death, so an interactive session can restore the
/// cursor and end cleanly, keeping the answer on the feedback screen as `q` does. So too the
/// signals of a closed terminal window (`SIGHUP`) and of `kill` or a shutdown (`SIGTERM`). No
/// `SA_RESTART`: a blocked read returns at once (console's key reader then reports the
/// interruption, which the prompts treat as quitting).
fn catch_interrupt() {
    #[cfg(unix)]
    // SAFETY: installs a handler that only stores to an atomic (async-signal-safe).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_interrupt as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = 0;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Whether Ctrl-C was pressed, or the session was told to stop (interactive sessions).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

enum Source {
    /// dialoguer prompts and single keys on the terminal.
    Terminal(Term),
    /// One answer per line.
    Lines(Box<dyn BufRead>),
    /// Answers come from elsewhere (`--answers`): never asked.
    None,
}

/// The width of the terminal stdout is, when it is one.
pub fn stdout_columns() -> Option<usize> {
    let term = Term::stdout();
    term.is_term().then(|| usize::from(term.size().1))
}

/// A report for stdout (summary, score, stats): wrapped at spaces to the terminal's width when
/// stdout is one, as it is otherwise.
pub fn fit_to_stdout(text: &str) -> std::borrow::Cow<'_, str> {
    match stdout_columns() {
        Some(width) => wrap(text, width),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// `text` with each line longer than `width` columns wrapped at spaces (a word longer than a
/// line is split). Continuation lines are indented like the line, and a `  label   value`
/// line (feedback) continues under its value. Colour codes take no columns.
fn wrap(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    use dialoguer::console::{measure_text_width, strip_ansi_codes};
    if width < 20 || text.lines().all(|line| measure_text_width(line) <= width) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if measure_text_width(line) <= width {
            out.push_str(line);
            continue;
        }
        let plain = strip_ansi_codes(line);
        let lead = plain.len() - plain.trim_start().len();
        // The value column of `  label   value`: after the first gap of two spaces or more.
        let value = plain[lead..]
            .find("  ")
            .map(|gap| lead + gap)
            .map(|gap| gap + (plain[gap..].len() - plain[gap..].trim_start().len()))
            .filter(|&at| at <= 24 && plain.is_char_boundary(at) && plain[..at].is_ascii());
        let indent = " ".repeat(value.unwrap_or(lead).min(width / 2));
        let options = textwrap::Options::new(width).subsequent_indent(&indent);
        out.push_str(&textwrap::wrap(line, options).join("\n"));
    }
    std::borrow::Cow::Owned(out)
}

/// Asks questions and reads keys: dialoguer prompts on a terminal, plain lines otherwise.
pub struct Prompter {
    source: Source,
    out: Box<dyn Write>,
    color: bool,
}

fn term_error(e: impl std::fmt::Display) -> Error {
    Error::Terminal(format!("terminal: {e}"))
}

impl Prompter {
    /// Prompts on the terminal (stdout). Catches Ctrl-C from now on.
    pub fn terminal(color: bool) -> Prompter {
        catch_interrupt();
        dialoguer::console::set_colors_enabled(color);
        Prompter {
            source: Source::Terminal(Term::stdout()),
            out: Box::new(std::io::stdout()),
            color,
        }
    }

    /// Reads one answer per line from `input`, printing screens and prompts to `out`.
    pub fn lines(input: Box<dyn BufRead>, out: Box<dyn Write>, color: bool) -> Prompter {
        Prompter {
            source: Source::Lines(input),
            out,
            color,
        }
    }

    /// Prints screens to `out` and asks nothing.
    pub fn silent(out: Box<dyn Write>, color: bool) -> Prompter {
        Prompter {
            source: Source::None,
            out,
            color,
        }
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether keys are read on the feedback screen.
    pub fn is_interactive(&self) -> bool {
        matches!(self.source, Source::Terminal(_))
    }

    /// Prints a screen; on a terminal, long lines are wrapped at spaces to its width.
    pub fn print(&mut self, text: &str) -> Result<(), Error> {
        let text = match &self.source {
            Source::Terminal(term) => wrap(text, usize::from(term.size().1)),
            _ => std::borrow::Cow::Borrowed(text),
        };
        match self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
        {
            // The reader of scripted output went away: the session goes on (its answers are
            // saved and its exit code is the same), unseen.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| Error::io("<stdout>", e)),
        }
    }

    /// The answer to `question` (its screen is already printed): `scripted` (from `--answers`,
    /// echoed) when given, else asked. `None` when the learner stops.
    pub fn answer(
        &mut self,
        question: &Question,
        scripted: Option<String>,
    ) -> Result<Option<String>, Error> {
        match scripted {
            Some(typed) => {
                self.print(&format!("> {}\n", sanitize(&typed)))?;
                Ok(Some(typed))
            }
            None => Ok(match self.ask(question)? {
                Reply::Answer(typed) => Some(typed),
                Reply::Quit => None,
            }),
        }
    }

    /// Reads the answer to `question` (its screen is already printed).
    pub fn ask(&mut self, question: &Question) -> Result<Reply, Error> {
        if interrupted() {
            return Ok(Reply::Quit);
        }
        match &mut self.source {
            Source::None => Ok(Reply::Quit),
            Source::Lines(input) => {
                self.out
                    .write_all(b"> ")
                    .and_then(|()| self.out.flush())
                    .map_err(|e| Error::io("<stdout>", e))?;
                // Bytes, not UTF-8 only: a line in another encoding is an answer (with U+FFFD
                // for what does not read) rather than the end of the session.
                let mut bytes = Vec::new();
                let n = input
                    .read_until(b'\n', &mut bytes)
                    .map_err(|e| Error::io("<stdin>", e))?;
                let line = String::from_utf8_lossy(&bytes);
                if n == 0 {
                    // End of input: end the session cleanly.
                    let _ = self.out.write_all(b"\n");
                    return Ok(Reply::Quit);
                }
                let answer = line.trim_end_matches(['\n', '\r']).to_string();
                // Input that is not a terminal is not echoed: show it, for a readable transcript.
                writeln!(self.out, "{}", sanitize(&answer))
                    .map_err(|e| Error::io("<stdout>", e))?;
                Ok(Reply::Answer(answer))
            }
            Source::Terminal(term) => {
                let term = term.clone();
                // Keys typed before this prompt shows (a second Enter on the feedback screen,
                // the rest of a word typed ahead) are not an answer to a question not yet seen.
                discard_typeahead();
                let result = ask_on_terminal(&term, question, self.color);
                // Keys typed after Enter, before the feedback screen shows, are for the next
                // question, not for the feedback keys.
                discard_typeahead();
                match result {
                    Ok(reply) if !interrupted() => Ok(reply),
                    Ok(_) => {
                        let _ = term.show_cursor();
                        Ok(Reply::Quit)
                    }
                    Err(dialoguer::Error::IO(e))
                        if interrupted()
                            || matches!(
                                e.kind(),
                                std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof
                            ) =>
                    {
                        let _ = term.show_cursor();
                        let _ = term.write_line("");
                        Ok(Reply::Quit)
                    }
                    Err(e) => {
                        let _ = term.show_cursor();
                        Err(term_error(e))
                    }
                }
            }
        }
    }

    /// Reads the key of the feedback screen (plain input: always [`Choice::Accept`]). Keys
    /// that do nothing on this screen are ignored; the first one prints a one-line hint.
    pub fn choose(&mut self, keys: Keys) -> Result<Choice, Error> {
        let Source::Terminal(term) = &self.source else {
            return Ok(Choice::Accept);
        };
        let term = term.clone();
        let mut hinted = false;
        loop {
            if interrupted() {
                return Ok(Choice::Quit);
            }
            match term.read_key_raw() {
                // Back after Ctrl-Z, below the shell's lines: the keys again.
                Ok(key) if stopped_by(&term, &key) => {
                    let legend = paint(keys.legend(), DIM, self.color);
                    self.print(&format!("{legend}\n"))?;
                }
                Ok(key) => {
                    if let Some(choice) = keys.choice(&key) {
                        return Ok(choice);
                    }
                    if !hinted {
                        hinted = true;
                        let hint = paint(IGNORED_KEY_HINT, DIM, self.color);
                        self.print(&format!("{hint}\n"))?;
                    }
                }
                // The terminal went away or the read was interrupted: stop, keeping answers.
                Err(_) => return Ok(Choice::Quit),
            }
        }
    }

    /// Leaves the terminal as it was found (cursor shown).
    pub fn finish(&mut self) {
        if let Source::Terminal(term) = &self.source {
            let _ = term.show_cursor();
        }
        let _ = self.out.flush();
    }
}

impl Drop for Prompter {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Shown on an answer line left empty by Enter.
const EMPTY_ANSWER_HINT: &str = "(type an answer, or ? if you do not know it)";

/// Shown on a menu after Enter with nothing typed and nothing chosen yet.
const EMPTY_MENU_HINT: &str = "(type a letter or text, or choose with the arrows)";

/// The prompt of a one-pick menu.
const MENU_PROMPT: &str = "answer (arrows and Enter, or type its letter or text)";
/// The prompt of a several-pick menu.
const MULTI_MENU_PROMPT: &str =
    "pick every right one (arrows and Space to mark, or type their letters; Enter)";
/// The prompt of a true/false question.
const TRUE_FALSE_PROMPT: &str = "true or false? (t/f)";

/// The colourful theme, its completion mark and answer neutral: the answer is not graded yet,
/// so no green tick for what may be wrong.
fn colorful_theme() -> ColorfulTheme {
    use dialoguer::console::{Style, style};
    ColorfulTheme {
        success_prefix: style("›".to_string()).for_stderr().black().bright(),
        values_style: Style::new().for_stderr().bold(),
        ..ColorfulTheme::default()
    }
}

fn ask_on_terminal(
    term: &Term,
    question: &Question,
    color: bool,
) -> Result<Reply, dialoguer::Error> {
    let colorful = colorful_theme();
    let simple = SimpleTheme;
    let theme: &dyn Theme = if color { &colorful } else { &simple };
    let reply = match &question.answer {
        Answer::Choice {
            options, correct, ..
        } => {
            let items: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{}) {}", option_letter(i), sanitize(o)))
                .collect();
            let multi = correct.len() > 1;
            let prompt = if multi {
                MULTI_MENU_PROMPT
            } else {
                MENU_PROMPT
            };
            read_menu(term, theme, prompt, &items, multi, color)?.map(|reply| match reply {
                MenuReply::Typed(line) => line,
                MenuReply::Picked(picked) => picked
                    .iter()
                    .map(|&i| option_letter(i).to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
        Answer::TrueFalse { .. } => read_true_false(term, theme, TRUE_FALSE_PROMPT)?
            .map(|b| if b { "true" } else { "false" }.to_string()),
        Answer::List { .. } => {
            read_answer(term, theme, "answer (items separated by commas)", color)?
        }
        _ => read_answer(term, theme, "answer", color)?,
    };
    Ok(reply.map_or(Reply::Quit, Reply::Answer))
}

/// A key read on the terminal; an interrupted read is Ctrl-C, and so is a Ctrl-C that came
/// while no key was being read (while a menu was drawn: the terminal was not raw, so it came
/// as a signal, and no read would ever return it).
fn read_key(term: &Term) -> std::io::Result<Key> {
    if interrupted() {
        return Ok(Key::CtrlC);
    }
    match term.read_key() {
        Ok(key) if stopped_by(term, &key) => Ok(resumed()),
        Ok(key) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(Key::CtrlC),
        Err(e) => Err(e),
    }
}

/// What [`read_key`] gives after Ctrl-Z once the session goes on: the screen has the shell's
/// lines on it, so what was drawn is drawn again below them. (Escape then Ctrl-Z, the only
/// keys `console` reads as this, is typed by no one.)
fn resumed() -> Key {
    Key::UnknownEscSeq(vec!['\u{1a}'])
}

/// Ctrl-Z: stops the session as job control does (keys are read raw, so the terminal sent
/// no signal), the answer being typed kept; after `fg` it goes on where it was. Whether
/// `key` was it (the caller then redraws, or reads the next key).
fn stopped_by(term: &Term, key: &Key) -> bool {
    if *key != Key::Char('\u{1a}') {
        return false;
    }
    let _ = term.show_cursor();
    let _ = term.write_line("");
    // SAFETY: raising a signal has no memory effects; SIGTSTP's default action stops the
    // process until SIGCONT.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    true
}

/// How many rows `text` takes on a terminal `width` columns wide.
fn rows(text: &str, width: usize) -> usize {
    text.split('\n')
        .map(|line| {
            dialoguer::console::measure_text_width(line)
                .max(1)
                .div_ceil(width.max(1))
        })
        .sum()
}

/// What a learner answered on a menu.
enum MenuReply {
    /// Options picked with the arrows (and Space, when several may be).
    Picked(Vec<usize>),
    /// A line typed and graded as typed: a label (`b`, `2`, `a c`), an option's text, its
    /// amount or date written otherwise.
    Typed(String),
}

/// A menu of lettered options; `None` when the learner quits (Ctrl-C, Ctrl-D, Esc).
///
/// Hand-written because dialoguer's menus only take the arrows. Keys typed make a line after
/// the prompt, as on any answer, and Enter answers with it: no key picks on its own, so an
/// answer typed out (`2027`, `Marta Quist`) is read whole, not its first character as a
/// label and the rest as keys of the next screen. With nothing typed, the arrows move, Space
/// marks (when several may be picked) and Enter answers with the option shown, as in
/// dialoguer; the same theme draws it. A label typed shows its option.
fn read_menu(
    term: &Term,
    theme: &dyn Theme,
    prompt: &str,
    items: &[String],
    multi: bool,
    color: bool,
) -> std::io::Result<Option<MenuReply>> {
    let fmt = |r: std::fmt::Result| r.map_err(std::io::Error::other);
    let width = usize::from(term.size().1);
    let mut active = 0;
    let mut marked = vec![false; items.len()];
    let mut typed: Vec<char> = Vec::new();
    let mut cursor = 0;
    let mut drawn = 0;
    // Enter with nothing typed answers with the option shown only once one was chosen (an
    // arrow, Space): a key pressed twice on the screen before must not answer.
    let mut chosen = false;
    // Why Enter answered nothing: nothing typed or chosen, or a label of no option.
    let mut hint: Option<String> = None;
    term.hide_cursor()?;
    let reply = loop {
        let line: String = typed.iter().collect();
        let mut screen = String::new();
        if multi {
            fmt(theme.format_multi_select_prompt(&mut screen, prompt))?;
        } else {
            fmt(theme.format_select_prompt(&mut screen, prompt))?;
        }
        // The terminal's cursor is below the menu: a caret shows where typing goes.
        let (before, after): (String, String) = (
            typed[..cursor].iter().collect(),
            typed[cursor..].iter().collect(),
        );
        screen.push(' ');
        screen.push_str(&sanitize(&before));
        screen.push('▏');
        screen.push_str(&sanitize(&after));
        if let Some(hint) = &hint {
            screen.push(' ');
            screen.push_str(&paint(hint, DIM, color));
        }
        for (i, item) in items.iter().enumerate() {
            screen.push('\n');
            if multi {
                fmt(theme.format_multi_select_prompt_item(
                    &mut screen,
                    item,
                    marked[i],
                    i == active,
                ))?;
            } else {
                fmt(theme.format_select_prompt_item(&mut screen, item, i == active))?;
            }
        }
        term.clear_last_lines(drawn)?;
        term.write_line(&screen)?;
        term.flush()?;
        drawn = rows(&screen, width);
        let key = read_key(term)?;
        match key {
            // Drawn again below what the shell printed, the old menu left above it.
            key if key == resumed() => drawn = 0,
            Key::CtrlC | Key::Char('\u{4}') | Key::Escape => break None,
            // A letter or number that labels no option is a slip, not an answer (QA: `q` on a
            // three-option menu was graded wrong and rated again).
            Key::Enter if no_such_label(line.trim(), items) => {
                let last = option_letter(items.len().saturating_sub(1));
                hint = Some(format!(
                    "(no option {}: a to {last}, 1 to {}, or an option's text)",
                    sanitize(line.trim()),
                    items.len()
                ));
            }
            Key::Enter if !line.trim().is_empty() => break Some(MenuReply::Typed(line)),
            Key::Enter if !chosen => hint = Some(EMPTY_MENU_HINT.to_string()),
            Key::Enter if multi => {
                break Some(MenuReply::Picked(
                    (0..items.len()).filter(|&i| marked[i]).collect(),
                ));
            }
            Key::Enter if !items.is_empty() => break Some(MenuReply::Picked(vec![active])),
            // Choosing with the arrows drops a line typed (Enter answers with one or the other).
            Key::ArrowUp | Key::BackTab | Key::ArrowDown | Key::Tab => {
                let step = match key {
                    Key::ArrowUp | Key::BackTab => items.len().saturating_sub(1),
                    _ => 1,
                };
                active = (active + step) % items.len().max(1);
                (typed, cursor, chosen, hint) = (Vec::new(), 0, true, None);
            }
            Key::Char(' ') if multi && typed.is_empty() && !items.is_empty() => {
                marked[active] = !marked[active];
                chosen = true;
            }
            Key::Home | Key::End if typed.is_empty() => {
                active = match key {
                    Key::Home => 0,
                    _ => items.len().saturating_sub(1),
                };
                chosen = true;
            }
            key => {
                edit(&mut typed, &mut cursor, &key);
                hint = None;
                // The option a line names shows: its text, else its label.
                let line: String = typed.iter().collect();
                let line = line.trim();
                if let Some(i) = option_by_text(line, items).or_else(|| label_of(line, items.len()))
                {
                    active = i;
                }
            }
        }
    };
    term.clear_last_lines(drawn)?;
    if let Some(reply) = &reply {
        let mut done = String::new();
        match reply {
            MenuReply::Typed(line) => {
                fmt(theme.format_input_prompt_selection(&mut done, prompt, &sanitize(line)))?
            }
            MenuReply::Picked(picked) if multi => {
                let names: Vec<&str> = picked.iter().map(|&i| items[i].as_str()).collect();
                fmt(theme.format_multi_select_prompt_selection(&mut done, prompt, &names))?;
            }
            MenuReply::Picked(picked) => {
                fmt(theme.format_select_prompt_selection(&mut done, prompt, &items[picked[0]]))?;
            }
        }
        term.write_line(&wrap(&done, width))?;
    }
    term.show_cursor()?;
    Ok(reply)
}

/// Whether `line` reads as an option's label (one letter, or a number of two digits at most)
/// but names none of `items` (`a) …` lines), by label or text.
fn no_such_label(line: &str, items: &[String]) -> bool {
    let mut chars = line.chars();
    let label = match (chars.next(), chars.as_str()) {
        (Some(c), "") if c.is_ascii_alphabetic() => true,
        _ => (1..=2).contains(&line.len()) && line.bytes().all(|b| b.is_ascii_digit()),
    };
    label && label_of(line, items.len()).is_none() && option_by_text(line, items).is_none()
}

/// The option of `items` (`a) …` lines) whose text `line` is, as the grader keys texts.
fn option_by_text(line: &str, items: &[String]) -> Option<usize> {
    let key = crate::grade::text::key(line);
    (items.iter()).position(|item| {
        (item.split_once(") ")).is_some_and(|(_, text)| crate::grade::text::key(text) == key)
    })
}

/// The option a label typed alone names, among `count`: its letter (`b`, either case) or its
/// number (`2`).
fn label_of(typed: &str, count: usize) -> Option<usize> {
    let mut chars = typed.chars();
    let (first, rest) = (chars.next()?, chars.as_str());
    let index = match first.to_ascii_lowercase() {
        c @ 'a'..='z' if rest.is_empty() => c as usize - 'a' as usize,
        '0'..='9' => typed.parse::<usize>().ok()?.checked_sub(1)?,
        _ => return None,
    };
    (index < count).then_some(index)
}

/// The line of a typed prompt as the theme draws it before the answer (`? answer ›`).
fn input_head(theme: &dyn Theme, prompt: &str) -> std::io::Result<String> {
    let mut head = String::new();
    theme
        .format_input_prompt(&mut head, prompt, None)
        .map_err(std::io::Error::other)?;
    Ok(head)
}

/// The line of a typed prompt once answered with `value` (`› answer · Saturday`).
fn input_done(theme: &dyn Theme, prompt: &str, value: &str) -> std::io::Result<String> {
    let mut done = String::new();
    theme
        .format_input_prompt_selection(&mut done, prompt, value)
        .map_err(std::io::Error::other)?;
    Ok(done)
}

/// A true/false answer: `t` or `f` (also `y`/`n`, `1`/`0`, either case); `None` when the
/// learner quits (Ctrl-C, Ctrl-D, Esc, `q`).
fn read_true_false(term: &Term, theme: &dyn Theme, prompt: &str) -> std::io::Result<Option<bool>> {
    term.write_str(&input_head(theme, prompt)?)?;
    term.flush()?;
    let value = loop {
        match read_key(term)? {
            key if key == resumed() => {
                term.write_str(&input_head(theme, prompt)?)?;
                term.flush()?;
            }
            Key::CtrlC | Key::Char('\u{4}') | Key::Escape | Key::Char('q' | 'Q') => break None,
            Key::Char('t' | 'T' | 'y' | 'Y' | '1') => break Some(true),
            Key::Char('f' | 'F' | 'n' | 'N' | '0') => break Some(false),
            _ => {}
        }
    };
    term.clear_line()?;
    match value {
        Some(b) => term.write_line(&input_done(
            theme,
            prompt,
            if b { "true" } else { "false" },
        )?)?,
        None => term.write_line("")?,
    }
    Ok(value)
}

/// Reads a typed answer on the terminal; `None` when the learner quits (Ctrl-C, Ctrl-D).
///
/// Hand-written because dialoguer's `Input` swallows Ctrl-D, which must end a session like
/// Ctrl-C: a one-line editor with just what an answer needs ([`edit`]), drawn with the same
/// theme as the other prompts.
fn read_answer(
    term: &Term,
    theme: &dyn Theme,
    prompt: &str,
    color: bool,
) -> std::io::Result<Option<String>> {
    let head = input_head(theme, prompt)?;
    let mut line: Vec<char> = Vec::new();
    let mut cursor = 0;
    let mut view = Window::default();
    // Enter on an empty line (a key pressed twice, or one meant for the screen before) answers
    // nothing: it says how to give up instead, until a key is typed.
    let mut hint = false;
    loop {
        // One row however long the answer: the part around the cursor that fits after the
        // prompt (an answer wrapping onto more rows could not be redrawn in place).
        let width = usize::from(term.size().1);
        let room = width.saturating_sub(measure_text_width(&head) + 1);
        let (shown_head, room) = if room >= 10 {
            (head.as_str(), room)
        } else {
            ("› ", width.saturating_sub(3).max(1))
        };
        let (shown, right) = view.show(&line, cursor, room);
        term.clear_line()?;
        term.write_str(&format!("{shown_head}{shown}"))?;
        if hint && line.iter().all(|c| c.is_whitespace()) {
            let text = EMPTY_ANSWER_HINT.chars().take(room).collect::<String>();
            term.write_str(&paint(&text, DIM, color))?;
            term.move_cursor_left(text.chars().count())?;
        }
        term.move_cursor_left(right)?;
        term.flush()?;
        let key = read_key(term)?;
        match key {
            Key::CtrlC | Key::Char('\u{4}') => {
                term.write_line("")?;
                return Ok(None);
            }
            Key::Enter if line.iter().all(|c| c.is_whitespace()) => hint = true,
            Key::Enter => {
                let text: String = line.iter().collect();
                let done = input_done(theme, prompt, &text)?;
                term.clear_line()?;
                term.write_line(&wrap(&done, width))?;
                return Ok(Some(text));
            }
            key => edit(&mut line, &mut cursor, &key),
        }
    }
}

/// One editing key on the answer being typed, the cursor before `line[cursor]`: typing,
/// Backspace, Delete, arrows, Home and End, and the shell's Ctrl-A/E (start, end), Ctrl-U/K
/// (clear before, after the cursor) and Ctrl-W (the word before it). Other keys do nothing.
fn edit(line: &mut Vec<char>, cursor: &mut usize, key: &Key) {
    match key {
        Key::Backspace if *cursor > 0 => {
            *cursor -= 1;
            line.remove(*cursor);
        }
        Key::Del if *cursor < line.len() => {
            line.remove(*cursor);
        }
        Key::ArrowLeft if *cursor > 0 => *cursor -= 1,
        Key::ArrowRight if *cursor < line.len() => *cursor += 1,
        Key::Home | Key::Char('\u{1}') => *cursor = 0,
        Key::End | Key::Char('\u{5}') => *cursor = line.len(),
        Key::Char('\u{15}') => {
            line.drain(..*cursor);
            *cursor = 0;
        }
        Key::Char('\u{b}') => line.truncate(*cursor),
        Key::Char('\u{17}') => {
            let spaces = line[..*cursor]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace());
            let end = *cursor - spaces.count();
            let word = line[..end].iter().rev().take_while(|c| !c.is_whitespace());
            let start = end - word.count();
            line.drain(start..*cursor);
            *cursor = start;
        }
        Key::Char(c) if !c.is_control() => {
            line.insert(*cursor, *c);
            *cursor += 1;
        }
        _ => {}
    }
}

/// The part of a line being typed that is shown when all of it does not fit: it scrolls
/// sideways to keep the cursor in view, with `…` where text is hidden.
#[derive(Default)]
struct Window {
    /// The first character shown.
    start: usize,
}

impl Window {
    /// What to draw of `line` in `room` columns with the cursor before `line[cursor]`, and
    /// how many columns the cursor then moves back from the end of it.
    fn show(&mut self, line: &[char], cursor: usize, room: usize) -> (String, usize) {
        // `at[i]`: the columns of `line[..i]`, so that any stretch is measured at once.
        let mut at = Vec::with_capacity(line.len() + 1);
        at.push(0);
        for c in line {
            let last = at[at.len() - 1];
            at.push(last + measure_text_width(c.encode_utf8(&mut [0; 4])));
        }
        let width = |from: usize, to: usize| at[to] - at[from];
        if width(0, line.len()) <= room {
            self.start = 0;
            return (line.iter().collect(), width(cursor, line.len()));
        }
        // Room for the text: less a column for each `…` when there is room for them (the
        // cursor needs one too at the end).
        let marks = room >= 3;
        let inner = if marks { room - 2 } else { room.max(1) };
        self.start = self.start.min(cursor);
        while self.start < cursor && width(self.start, cursor) + 1 > inner {
            self.start += 1;
        }
        let mut end = cursor;
        while end < line.len() && width(self.start, end + 1) < inner {
            end += 1;
        }
        let mut shown = String::new();
        if marks && self.start > 0 {
            shown.push('…');
        }
        shown.extend(&line[self.start..end]);
        let mut right = width(cursor, end);
        if marks && end < line.len() {
            shown.push('…');
            right += 1;
        }
        (shown, right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    /// Types `keys` into an answer line: the text, with `|` where the cursor ends.
    fn typed(keys: &[Key]) -> String {
        let (mut line, mut cursor) = (Vec::new(), 0);
        for key in keys {
            edit(&mut line, &mut cursor, key);
        }
        let mut shown: String = line[..cursor].iter().collect();
        shown.push('|');
        shown.extend(&line[cursor..]);
        shown
    }

    #[test]
    fn answers_are_edited_with_the_shells_keys() {
        let text = |t: &str| t.chars().map(Key::Char).collect::<Vec<_>>();
        let with = |before: &str, keys: &[Key]| {
            let mut all = text(before);
            all.extend_from_slice(keys);
            typed(&all)
        };
        assert_eq!(
            with("Lloyd Austn", &[Key::ArrowLeft, Key::Char('i')]),
            "Lloyd Austi|n"
        );
        assert_eq!(
            with("Lloyd", &[Key::Backspace, Key::Home, Key::Del]),
            "|loy"
        );
        // Ctrl-U, Ctrl-K, Ctrl-W, Ctrl-A, Ctrl-E.
        assert_eq!(with("wrong answer", &[Key::Char('\u{15}')]), "|");
        assert_eq!(
            with(
                "ab cd",
                &[Key::ArrowLeft, Key::ArrowLeft, Key::Char('\u{15}')]
            ),
            "|cd"
        );
        assert_eq!(
            with("ab cd", &[Key::Char('\u{1}'), Key::Char('\u{b}')]),
            "|"
        );
        assert_eq!(with("Lloyd Austin  ", &[Key::Char('\u{17}')]), "Lloyd |");
        assert_eq!(with("x", &[Key::Char('\u{1}'), Key::Char('\u{5}')]), "x|");
        // Other control keys do nothing.
        assert_eq!(with("a", &[Key::Char('\u{7}'), Key::Tab]), "a|");
    }

    #[test]
    fn control_characters_are_neutralised() {
        check("plain", "plain");
        check("red \x1b[31mtext", "red \\u{1b}[31mtext");
        check("bell\x07", "bell\\u{7}");
        check("a\tb\nc", "a b\nc");
        check("rtl \u{202e}evil", "rtl \\u{202e}evil");
        check("Ünal – “quoted”", "Ünal – “quoted”");
    }

    #[test]
    fn a_long_answer_scrolls_sideways_on_one_row() {
        let line: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
        let mut view = Window::default();
        // It fits: all of it, the cursor at its place.
        assert_eq!(view.show(&line, 3, 40), (line.iter().collect(), 23));
        // Typing at the end: the end is shown, the start hidden.
        assert_eq!(view.show(&line, 26, 12), ("…rstuvwxyz".into(), 0));
        // Back to the start (Home): the start is shown, the end hidden, the cursor on `a`.
        assert_eq!(view.show(&line, 0, 12), ("abcdefghi…".into(), 10));
        // Moving right within the view does not scroll it.
        assert_eq!(view.show(&line, 4, 12), ("abcdefghi…".into(), 6));
        // Every view fits its room, with the cursor inside it.
        for room in 1..30 {
            for cursor in (0..=26).chain((0..=26).rev()) {
                let (shown, right) = view.show(&line, cursor, room);
                let width = measure_text_width(&shown);
                assert!(width <= room, "{shown:?} in {room}");
                assert!(right <= width, "{shown:?} back {right}");
            }
        }
        // Wide characters count two columns.
        let wide: Vec<char> = "日本語のテキストです".chars().collect();
        let (shown, _) = Window::default().show(&wide, wide.len(), 12);
        assert!(measure_text_width(&shown) <= 12, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('す'), "{shown}");
    }

    #[test]
    fn long_lines_wrap_at_spaces_under_their_value() {
        let short = "✓ correct\n  answer     Rajnath Singh\n";
        assert!(matches!(wrap(short, 40), std::borrow::Cow::Borrowed(_)));

        let prompt = "True or false: Blinken's talks with high-level Chinese officials in Alaska thawed relations.";
        let screen = format!("{}\n", paint(prompt, BOLD, true));
        let wrapped = wrap(&screen, 40);
        let plain = dialoguer::console::strip_ansi_codes(&wrapped).into_owned();
        assert_eq!(
            plain,
            "True or false: Blinken's talks with\n\
             high-level Chinese officials in Alaska\n\
             thawed relations.\n"
        );

        let feedback = "  source     “failed to thaw the frosty relations between the two countries”\n\
                        Enter next · q quit";
        assert_eq!(
            wrap(feedback, 40),
            "  source     “failed to thaw the frosty\n\
             \x20            relations between the two\n\
             \x20            countries”\n\
             Enter next · q quit"
        );
        // A word longer than the line is split; every line fits.
        let long = format!("  you typed  {}", "x".repeat(70));
        assert!(wrap(&long, 30).lines().all(|l| l.chars().count() <= 30));
    }

    fn question(answer: Answer) -> Question {
        Question {
            id: "austin-meets-singh/cloze/3".into(),
            deck: "us-india-security-2021".into(),
            fact: Some("austin-meets-singh".into()),
            origin: crate::question::Origin::Cloze,
            prompt: "On Saturday Lloyd Austin held talks with his Indian counterpart, _____."
                .into(),
            answer,
            evidence: vec![
                "US Defense Secretary Lloyd Austin told his Indian counterpart Rajnath Singh"
                    .into(),
                "said after talks with \u{1b}[31mSingh".into(),
            ],
            tags: vec![],
            span_answers: Vec::new(),
        }
    }

    fn text_answer() -> Answer {
        Answer::Text {
            accepted: vec!["Rajnath Singh".into(), "Singh".into()],
            rivals: std::sync::Arc::new(crate::question::Rivals::new(["Lloyd Austin"])),
        }
    }

    fn feedback(q: &Question, typed: &str, keys: Option<&str>, color: bool) -> String {
        let verdict = crate::grade::grade(q, typed);
        render_feedback(
            &FeedbackView {
                typed,
                verdict: &verdict,
                evidence: &q.evidence,
                source_title: "US seeks to strengthen security ties with India",
                credit: Some("Reuters, dpa, AP"),
                rating: Some(verdict.rating),
                keys,
            },
            color,
        )
    }

    #[test]
    fn an_excerpt_across_a_line_break_reads_as_one_line() {
        let mut q = question(text_answer());
        q.evidence = vec!["Rajnath Singh said\n   after the talks".into()];
        let screen = feedback(&q, "Rajnath Singh", None, false);
        assert!(
            screen.contains("  source     “Rajnath Singh said after the talks”\n"),
            "{screen}"
        );
    }

    #[test]
    fn feedback_screens() {
        let q = question(text_answer());
        insta::assert_snapshot!(
            "feedback_close",
            feedback(&q, "Rajnat Sing", Some(STUDY_KEYS), false)
        );
        insta::assert_snapshot!("feedback_correct_alias", feedback(&q, "singh", None, false));
        insta::assert_snapshot!("feedback_rival", feedback(&q, "Lloyd Austin", None, false));
        let choice = question(Answer::Choice {
            options: vec![
                "Blinken".into(),
                "Rajnath Singh".into(),
                "Narendra Modi".into(),
            ],
            correct: vec![1],
            aliases: Vec::new(),
        });
        insta::assert_snapshot!("feedback_choice", feedback(&choice, "c", None, false));
        // Colour: extra typed letters red on the typed line, missing ones green below.
        let colored = feedback(&q, "Rajnat Sing", None, true);
        assert!(
            colored.contains(&format!("Rajnat{GREEN}h{RESET} Sing{GREEN}h{RESET}")),
            "{colored:?}"
        );
        assert!(!feedback(&q, "Rajnat Sing", None, false).contains('\x1b'));
    }

    /// `text` without its colour sequences.
    fn strip_colour(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The `you typed` line of a feedback screen, without colour.
    fn typed_line(screen: &str) -> String {
        let plain = strip_colour(screen);
        let line = plain
            .lines()
            .find(|l| l.starts_with("  you typed  "))
            .unwrap_or_else(|| panic!("no typed line: {plain}"));
        line["  you typed  ".len()..].to_string()
    }

    #[test]
    fn a_label_of_no_option_is_a_slip() {
        let items: Vec<String> = ["a) Paris", "b) 12", "c) Rome"].map(String::from).into();
        for line in ["q", "d", "Z", "4", "13", "0"] {
            assert!(no_such_label(line, &items), "{line}");
        }
        // Labels, options by text, and answers that are no label are answers.
        for line in ["a", "C", "3", "12", "rome", "Oslo", "2027", "a c", ""] {
            assert!(!no_such_label(line, &items), "{line}");
        }
    }

    #[test]
    fn the_typed_line_is_what_was_typed() {
        let q = question(text_answer());
        let quad = question(Answer::Text {
            accepted: vec!["Quadrilateral Security Dialogue".into(), "Quad".into()],
            rivals: std::sync::Arc::new(crate::question::Rivals::new(["Lloyd Austin"])),
        });
        let list = question(Answer::List {
            items: vec![
                "Australia".into(),
                "India".into(),
                "Japan".into(),
                "United States".into(),
            ],
            ordered: false,
            aliases: vec![vec![], vec![], vec![], vec!["USA".into(), "US".into()]],
        });
        for (q, typed) in [
            (&q, "rajnat sing"),
            (&q, "  RAJNATH  singh!"),
            (&quad, "Quadrilateral security Dialogu"),
            (&list, "USA, japan, Australlia"),
            (&list, "australia, india, japan, united stats"),
        ] {
            for color in [false, true] {
                let screen = feedback(q, typed, None, color);
                assert_eq!(typed_line(&screen), sanitize(typed), "{screen}");
            }
        }
        // The differing parts are still marked: the typed extra red, the missing green.
        let screen = feedback(&quad, "Quadrilateral security Dialogu", None, true);
        assert!(
            screen.contains(&format!(
                "answer     Quadrilateral Security Dialogu{GREEN}e{RESET}"
            )),
            "{screen:?}"
        );
        let screen = feedback(&q, "Rajnath Singhh", None, true);
        assert!(
            screen.contains(&format!("you typed  Rajnath Singh{RED}h{RESET}")),
            "{screen:?}"
        );
    }

    #[test]
    fn diffs_only_for_near_misses() {
        let q = question(text_answer());
        let list = question(Answer::List {
            items: vec![
                "Australia".into(),
                "India".into(),
                "Japan".into(),
                "United States".into(),
            ],
            ordered: false,
            aliases: vec![vec![], vec![], vec![], vec!["USA".into()]],
        });
        let info = question(Answer::Text {
            accepted: vec!["information sharing, mutual logistics support".into()],
            rivals: std::sync::Arc::new(crate::question::Rivals::new(["Lloyd Austin"])),
        });
        // A typo, in a name or in one item of a list in order: the diff shows what to fix.
        for (q, typed) in [
            (&q, "Rajnat Sing"),
            (&list, "Australia, India, Japan, United Stats"),
        ] {
            let screen = feedback(q, typed, None, false);
            assert!(screen.contains("  diff  "), "{screen}");
        }
        // A wrong answer sharing little with the answer, or a list in another order: no diff.
        for (q, typed) in [
            (&q, "Lloyd Austin"),
            (&q, "Modi"),
            (&list, "USA, japan, Australlia"),
            (&info, "military cooperation"),
        ] {
            for color in [false, true] {
                let screen = feedback(q, typed, None, color);
                assert!(!screen.contains("  diff  "), "{screen}");
                assert!(!screen.contains('↓'), "{screen}");
            }
        }
    }

    #[test]
    fn menus_and_marks() {
        // A label typed alone shows its option; anything longer is an answer typed out.
        assert_eq!(label_of("b", 4), Some(1));
        assert_eq!(label_of("B", 4), Some(1));
        assert_eq!(label_of("3", 4), Some(2));
        assert_eq!(label_of("e", 4), None);
        assert_eq!(label_of("0", 4), None);
        assert_eq!(label_of("2027", 4), None);
        assert_eq!(label_of("be", 4), None);
        // The answer is not graded when the prompt line is completed: no green tick.
        let mut done = String::new();
        colorful_theme()
            .format_input_prompt_selection(&mut done, "answer", "Sunday")
            .unwrap();
        assert!(!done.contains('✔'), "{done}");
    }

    #[test]
    fn question_screen() {
        let choice = question(Answer::Choice {
            options: vec!["Blinken".into(), "Rajnath Singh".into()],
            correct: vec![1],
            aliases: Vec::new(),
        });
        let view = QuestionView {
            deck_title: "US–India security ties, March 2021",
            position: 12,
            total: 40,
            minutes_left: Some(5),
            question: &choice,
            plain: true,
        };
        insta::assert_snapshot!("question_plain_choice", render_question(&view, false));
    }

    #[test]
    fn summary_and_score() {
        let now: Timestamp = "2024-05-01T09:00:00Z".parse().unwrap();
        let summary = Summary {
            answered: 12,
            correct: 8,
            close: 1,
            wrong: 3,
            ratings: [3, 1, 7, 1],
            time_ms: 252_000,
            new_leeches: 1,
            due_tomorrow: 5,
            next_due: Some("2024-05-01T09:10:00Z".parse().unwrap()),
        };
        insta::assert_snapshot!(
            "summary",
            render_summary(&summary, now, &DayClock::default(), false)
        );
        let empty = render_summary(&Summary::default(), now, &DayClock::default(), false);
        assert!(
            empty.contains("answered      0 — 0 correct (0%)"),
            "{empty}"
        );
        assert!(empty.contains("next due      nothing scheduled"), "{empty}");
        // A time already past (an overdue question kept for later) is due now.
        let clock = DayClock::default();
        let past: Timestamp = "2024-04-28T09:01:00Z".parse().unwrap();
        assert_eq!(when(past, now, &clock), "now (due since 2024-04-28 09:01)");
        assert_eq!(when(now, now, &clock), "2024-05-01 09:00 (now)");
        // A day or more ahead counts study days (which start at 4 am), not 24-hour spans.
        let at = |t: &str| when(t.parse().unwrap(), now, &clock);
        assert_eq!(at("2024-05-01T13:30:00Z"), "2024-05-01 13:30 (in 4 h)");
        assert_eq!(at("2024-05-02T10:00:00Z"), "2024-05-02 10:00 (tomorrow)");
        assert_eq!(at("2024-05-03T04:00:00Z"), "2024-05-03 04:00 (in 2 days)");
        assert_eq!(at("2024-05-11T04:00:00Z"), "2024-05-11 04:00 (in 10 days)");
        let score = crate::session::score(&[Outcome::Correct, Outcome::Close, Outcome::Wrong], 4);
        insta::assert_snapshot!("score", render_score(&score, Some(50.0), false));
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(61_000), "1m 01s");
        assert_eq!(duration(3_900_000), "1h 05m");
    }

    #[test]
    fn keys_of_the_feedback_screen() {
        assert_eq!(Choice::from_key(&Key::Enter), Some(Choice::Accept));
        assert_eq!(
            Choice::from_key(&Key::Char('2')),
            Some(Choice::Rate(Rating::Hard))
        );
        assert_eq!(
            Choice::from_key(&Key::Char('e')),
            Some(Choice::Rate(Rating::Easy))
        );
        // Capitals are someone typing ahead ("Saturday"), not commands.
        for c in "AHGEUSQ".chars() {
            assert_eq!(Choice::from_key(&Key::Char(c)), None, "{c}");
        }
        assert_eq!(Keys::Quiz.choice(&Key::Char('s')), None);
        assert_eq!(Keys::Quiz.choice(&Key::Char('a')), None);
        assert_eq!(Keys::Quiz.choice(&Key::Enter), Some(Choice::Accept));
        assert_eq!(Keys::Quiz.choice(&Key::Char('q')), Some(Choice::Quit));
        assert_eq!(Keys::Study.choice(&Key::Char('s')), Some(Choice::Suspend));
        assert_eq!(Choice::from_key(&Key::Char('u')), Some(Choice::Undo));
        assert_eq!(Choice::from_key(&Key::Char('s')), Some(Choice::Suspend));
        assert_eq!(Choice::from_key(&Key::CtrlC), Some(Choice::Quit));
        assert_eq!(Choice::from_key(&Key::Char('\u{4}')), Some(Choice::Quit));
        assert_eq!(Choice::from_key(&Key::Char('x')), None);
    }
}
