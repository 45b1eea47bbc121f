//! The command line: clap parses raw arguments ([`Cli`]), which are then validated into a
//! [`Command`] config before anything runs. Each command lives in its own file.

mod cards;
mod check;
pub mod decks;
mod import;
mod optimize;
mod quiz;
mod stats;
mod study;
mod suspend;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{Error, Status};

/// recall — a quiz and flashcard trainer for facts taken from a source document.
#[derive(Debug, Parser)]
#[command(name = "recall", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: RawCommand,
}

#[derive(Debug, Subcommand)]
enum RawCommand {
    /// Validate decks and check every fact against its source (the CI gate).
    Check(CheckArgs),
    /// List every question a deck yields (the authors' preview).
    Cards(CardsArgs),
    /// What is due, a 30-day forecast, true retention, counts by state and the streak.
    Stats(stats::Args),
    /// Fit FSRS parameters to your own review log.
    Optimize(optimize::Args),
    /// Take questions out of the schedule by id.
    Suspend(suspend::Args),
    /// Put suspended questions back into the schedule.
    Unsuspend(suspend::Args),
    /// Import an Anki review-log CSV as review history.
    ImportRevlog(import::Args),
    /// A study session: what is due, then new questions; every answer is saved at once.
    Study(study::Args),
    /// A scored quiz on a seeded sample; does not change the schedule.
    Quiz(quiz::Args),
}

#[derive(Debug, clap::Args)]
struct CardsArgs {
    /// The deck file.
    #[arg(value_name = "DECK")]
    deck: PathBuf,
    /// Seed for option order and true/false variants (same seed, same questions).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// One JSON object per question per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct SourcesArg {
    /// Directory to look for source documents in (after the deck's own folder); repeatable.
    /// `RECALL_SOURCES` adds a path list.
    #[arg(long = "sources", value_name = "DIR")]
    sources: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Deck files, or folders searched for `.ron` decks.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    sources: SourcesArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    warnings_as_errors: bool,
    /// Also check this state file (opened read-only) for review history of questions that no
    /// longer exist. Only when given: no fallback to `RECALL_DB`.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated snippets for people.
    Human,
    /// One JSON object per finding per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
    /// A JUnit XML report: one test case per deck and check.
    Junit,
}

/// A validated command, ready to run.
#[derive(Debug)]
pub enum Command {
    Check(check::Config),
    Cards(cards::Config),
    Stats(stats::Config),
    Optimize(optimize::Config),
    Suspend(suspend::Config),
    ImportRevlog(import::Config),
    Study(study::Config),
    Quiz(quiz::Config),
}

impl Command {
    fn from_raw(cli: Cli) -> Result<Command, Error> {
        Ok(match cli.command {
            RawCommand::Check(args) => Command::Check(check::Config::new(args)?),
            RawCommand::Cards(args) => Command::Cards(cards::Config {
                deck: args.deck,
                seed: args.seed,
                json: args.json,
            }),
            RawCommand::Stats(args) => Command::Stats(stats::Config::new(args)?),
            RawCommand::Optimize(args) => Command::Optimize(optimize::Config::new(args)?),
            RawCommand::Suspend(args) => Command::Suspend(suspend::Config::new(args, true)?),
            RawCommand::Unsuspend(args) => Command::Suspend(suspend::Config::new(args, false)?),
            RawCommand::ImportRevlog(args) => Command::ImportRevlog(import::Config::new(args)?),
            RawCommand::Study(args) => Command::Study(study::Config::new(args)?),
            RawCommand::Quiz(args) => Command::Quiz(quiz::Config::new(args)?),
        })
    }
}

/// Runs recall with the process's arguments (the first is the program name).
pub fn run<I, T>(args: I) -> Result<Status, Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version (and help for a missing command) are printed as clap lays
            // them out; main reports usage errors.
            if crate::error::clap_prints(&error) {
                let _ = error.print();
            }
            return Err(Error::Clap(error));
        }
    };
    let result = match Command::from_raw(cli)? {
        Command::Check(config) => check::run(&config),
        Command::Cards(config) => cards::run(&config),
        Command::Stats(config) => stats::run(&config),
        Command::Optimize(config) => optimize::run(&config),
        Command::Suspend(config) => suspend::run(&config),
        Command::ImportRevlog(config) => import::run(&config),
        Command::Study(config) => study::run(&config),
        Command::Quiz(config) => quiz::run(&config),
    };
    match result {
        // The reader went away (`recall cards ... | head`): not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(Status::Clean)
        }
        other => other,
    }
}

/// Writes `text` to stdout. A reader that went away (`recall quiz … --json | head -1`) is no
/// error: the command goes on without printing and exits as it would have, so that a CI step
/// with `pipefail` still fails on a failed quiz.
fn write_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::io("<stdout>", e)),
    }
}

/// Warns when an `--answers` file answers ids that name no question of `what` (`known`): an
/// answer file for another deck, or a typo in an id, would only show as questions not asked
/// or scored 0.
fn warn_unknown_ids(
    file: &std::path::Path,
    answers: &std::collections::BTreeMap<String, String>,
    known: &std::collections::HashSet<&str>,
    what: &str,
) {
    let unknown: Vec<&str> = (answers.keys().map(String::as_str))
        .filter(|id| !known.contains(id))
        .collect();
    if unknown.is_empty() {
        return;
    }
    let shown: Vec<String> = (unknown.iter().take(3))
        .map(|id| format!("`{}`", crate::terminal::sanitize(id)))
        .collect();
    let more = match unknown.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    eprintln!(
        "warning: {}: {} {} no question of {what}: {}{more}",
        crate::diagnostic::display_path(file),
        unknown.len(),
        if unknown.len() == 1 {
            "id names"
        } else {
            "ids name"
        },
        shown.join(", "),
    );
}

/// Whether to colour output: a terminal, and `NO_COLOR` unset or empty.
pub fn use_color(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
    use clap::{CommandFactory, Parser};

    use super::Cli;

    /// The `recall` command lines of the README's shell examples, continuation lines joined,
    /// comments dropped, and what a shell pipes into recall left out.
    fn readme_examples() -> Vec<Vec<String>> {
        let readme = include_str!("../../README.md");
        let mut examples = Vec::new();
        let mut in_shell = false;
        let mut line = String::new();
        for raw in readme.lines() {
            match raw.trim() {
                "```sh" => in_shell = true,
                "```" => in_shell = false,
                text if in_shell => {
                    line.push_str(text.trim_end_matches('\\'));
                    if text.ends_with('\\') {
                        continue;
                    }
                    let command = std::mem::take(&mut line);
                    let command = command.split(" # ").next().unwrap_or_default();
                    let command = command.rsplit("| ").next().unwrap_or_default();
                    let mut words = command.split_whitespace().map(String::from);
                    if words.next().as_deref() == Some("recall") {
                        examples.push(std::iter::once("recall".into()).chain(words).collect());
                    }
                }
                _ => {}
            }
        }
        examples
    }

    /// Every example in the README parses, and every command and flag has one.
    #[test]
    fn the_readme_shows_every_command_and_flag_in_examples_that_parse() {
        let examples = readme_examples();
        assert!(examples.len() > 20, "{examples:?}");
        for example in &examples {
            match Cli::try_parse_from(example) {
                Ok(_) => {}
                Err(e) if matches!(e.kind(), DisplayHelp | DisplayVersion) => {}
                Err(error) => panic!("README example `{}`: {error}", example.join(" ")),
            }
        }
        for command in Cli::command().get_subcommands() {
            let name = command.get_name();
            let used: Vec<&Vec<String>> = (examples.iter())
                .filter(|e| e.get(1).map(String::as_str) == Some(name))
                .collect();
            assert!(!used.is_empty(), "no README example of `recall {name}`");
            for arg in command.get_arguments() {
                let Some(long) = arg.get_long() else { continue };
                let flag = format!("--{long}");
                assert!(
                    long == "help" || used.iter().any(|e| e.contains(&flag)),
                    "no README example of `recall {name} {flag}`"
                );
            }
        }
    }
}
