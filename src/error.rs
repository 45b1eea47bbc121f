//! The errors that stop a command (usage and I/O, exit code 2) and the outcome of one that ran
//! (clean: 0, findings: 1). Findings in decks are not errors: they are [`Diagnostic`]s.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

use std::fmt;
use std::path::PathBuf;

/// How a command that ran to the end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report.
    Clean,
    /// Findings (deck errors, a failed check, a score under `--min-score`).
    Findings,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
        }
    }
}

/// A command could not run. Displayed after `recall: `, lowercase, no trailing period.
#[derive(Debug)]
pub enum Error {
    /// Bad arguments; the message says what is valid.
    Usage(String),
    /// Help or version was asked for: print it as it is and exit 0.
    Clap(clap::Error),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A problem with the review-state database.
    State(String),
    /// A problem with the terminal session.
    Terminal(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Clap(e) if !e.use_stderr() => 0,
            _ => 2,
        }
    }
}

/// Whether clap's error is output clap prints itself (help, version, the help shown when the
/// command is missing) rather than a usage error to report.
pub(crate) fn clap_prints(error: &clap::Error) -> bool {
    !error.use_stderr()
        || error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::State(message) | Error::Terminal(message) => {
                f.write_str(message)
            }
            // Help and version are printed by `run` (to stdout); a usage error is clap's text,
            // with its own `error: ` left to main's `recall: `.
            Error::Clap(e) if clap_prints(e) => Ok(()),
            Error::Clap(e) => {
                let text = e.render().to_string();
                f.write_str(text.strip_prefix("error: ").unwrap_or(&text).trim_end())
            }
            Error::Io { path, source } => {
                let reason = match source.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => {
                        let text = source.to_string();
                        let text = text.split(" (os error").next().unwrap_or(&text);
                        crate::deck::load::lowercase_first(text)
                    }
                };
                write!(f, "{}: {reason}", crate::diagnostic::display_path(path))
            }
        }
    }
}

impl std::error::Error for Error {}
