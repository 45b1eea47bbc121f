//! Finding deck files on disk, reading them, and resolving their source documents.
//!
//! This is where decks meet the file system: the [`crate::deck`] loader itself is pure.
//! Source files are confined: a deck may only name a file inside its own folder or a sources
//! directory, so a hostile deck cannot make recall read (and print excerpts of) other files.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::check::SourceDoc;
use crate::deck::{self, Loaded};
use crate::diagnostic::{Code, Diagnostic, ReadProblem, SourceFile};
use crate::error::Error;

/// The `.ron` files named by `paths`, in the order given (a folder's files sorted, searched
/// recursively), each once.
pub fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let mut inside = Vec::new();
            walk(path, &mut inside)?;
            if inside.is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no `.ron` deck files in this folder",
                    crate::diagnostic::display_path(path)
                )));
            }
            inside.sort();
            found.extend(inside);
        } else {
            found.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "ron") {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads a deck file as text (a deck that is not UTF-8 is an I/O-level error).
pub fn read(path: &Path) -> Result<Arc<SourceFile>, Error> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if size > deck::load::MAX_DECK_BYTES as u64 {
        // Refuse before reading a gigabyte into memory: keep the beginning for the snippet.
        let mut head = Vec::new();
        file.take(4096)
            .read_to_end(&mut head)
            .map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8_lossy(&head).into_owned();
        return Ok(SourceFile::with_problem(
            path,
            text,
            Some(ReadProblem::TooLarge(size)),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(SourceFile::from_bytes(path, bytes))
}

/// Where to look for source documents.
#[derive(Clone, Debug, Default)]
pub struct SourceDirs {
    pub dirs: Vec<PathBuf>,
}

impl SourceDirs {
    /// `--sources` directories, then those of `RECALL_SOURCES`. A `--sources` that is not a
    /// folder is a usage error (a typo would otherwise only show as "source not found").
    pub fn new(flags: Vec<PathBuf>) -> Result<SourceDirs, Error> {
        if let Some(bad) = flags.iter().find(|dir| !dir.is_dir()) {
            let what = if bad.exists() {
                "not a folder"
            } else {
                "no such folder"
            };
            return Err(Error::Usage(format!(
                "--sources {}: {what}",
                crate::diagnostic::display_path(bad)
            )));
        }
        let mut dirs = flags;
        if let Some(list) = std::env::var_os("RECALL_SOURCES") {
            dirs.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
        }
        Ok(SourceDirs { dirs })
    }
}

/// Finds, reads and hashes the source of `loaded`. A missing, escaping or mismatched source
/// is a diagnostic pointing at the deck's `source` field.
pub fn resolve_source(loaded: &Loaded, dirs: &SourceDirs) -> Result<SourceDoc, Box<Diagnostic>> {
    let name = &loaded.deck.source.file;
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(loaded
            .diagnostic(
                Code::SourceNotFound,
                "source.file",
                format!("source file `{name}` must be a plain relative path"),
            )
            .help("name a file inside the deck's folder or a `--sources` directory; absolute paths and `..` are refused")
            .into());
    }
    let deck_dir = loaded
        .file
        .path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or(Path::new("."));
    let mut looked = Vec::new();
    let mut folders = Vec::new();
    for dir in std::iter::once(deck_dir).chain(dirs.dirs.iter().map(PathBuf::as_path)) {
        let candidate = dir.join(relative);
        let shown = crate::diagnostic::display_path(dir);
        if !looked.contains(&shown) {
            looked.push(shown);
        }
        match confined(dir, &candidate) {
            Some(Ok(path)) => {
                let bytes = std::fs::read(&path)
                    .map_err(|e| {
                        loaded.diagnostic(
                            Code::SourceNotFound,
                            "source.file",
                            format!(
                                "cannot read source `{}`: {e}",
                                crate::diagnostic::display_path(&path)
                            ),
                        )
                    })
                    .map_err(Box::new)?;
                let sha256 = hex(&Sha256::digest(&bytes));
                // Evidence is compared as text: a source in another encoding would only show
                // as excerpts "not found" around every accented letter.
                let text = String::from_utf8(bytes).map_err(|e| {
                    Box::new(
                        loaded
                            .diagnostic(
                                Code::SourceNotFound,
                                "source.file",
                                format!(
                                    "source `{}` is not UTF-8 text (invalid byte at offset {})",
                                    crate::diagnostic::display_path(&candidate),
                                    e.utf8_error().valid_up_to()
                                ),
                            )
                            .help("convert it to UTF-8 (for example `iconv -f latin1 -t utf-8`), then set the deck's `sha256` to the new file's"),
                    )
                })?;
                return Ok(SourceDoc {
                    file: SourceFile::new(candidate, text),
                    sha256,
                });
            }
            Some(Err(())) => {
                return Err(loaded
                    .diagnostic(
                        Code::SourceNotFound,
                        "source.file",
                        format!(
                            "source `{}` leads outside `{}`",
                            crate::diagnostic::display_path(&candidate),
                            crate::diagnostic::display_path(dir)
                        ),
                    )
                    .help("a source may not be a link to a file outside its folder")
                    .into());
            }
            None if candidate.is_dir() => folders.push(crate::diagnostic::display_path(&candidate)),
            None => {}
        }
    }
    if let Some(folder) = folders.first() {
        return Err(loaded
            .diagnostic(
                Code::SourceNotFound,
                "source.file",
                format!("source `{name}` is a folder (`{folder}`), not a file"),
            )
            .label("named here")
            .help("name the source document itself, relative to the deck's folder or a `--sources` directory")
            .into());
    }
    Err(loaded
        .diagnostic(
            Code::SourceNotFound,
            "source.file",
            format!("source file `{name}` not found"),
        )
        .label("named here")
        .help(format!(
            "looked in: {}; pass `--sources DIR` or set `RECALL_SOURCES`",
            looked.join(", ")
        ))
        .into())
}

/// `Some(Ok(path))` when `candidate` is a file inside `dir` (after resolving links),
/// `Some(Err(()))` when it exists but resolves outside, `None` when it does not exist.
fn confined(dir: &Path, candidate: &Path) -> Option<Result<PathBuf, ()>> {
    let real = std::fs::canonicalize(candidate).ok()?;
    if !real.is_file() {
        return None;
    }
    let root = std::fs::canonicalize(dir).ok()?;
    Some(if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(())
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and loads one deck for a command that needs it whole (`cards`, `study`, `quiz`).
/// Deck errors are printed (as `check` would) and give `None`.
pub fn load_or_report(path: &Path) -> Result<Option<Loaded>, Error> {
    let file = read(path)?;
    match deck::load(file) {
        Ok(loaded) => Ok(Some(loaded)),
        Err(found) => {
            let color = super::use_color(&std::io::stderr());
            for diagnostic in &found {
                eprintln!(
                    "{}
",
                    diagnostic.render(color)
                );
            }
            eprintln!(
                "{}: {} {}; fix {} first (`recall check` lists them)",
                crate::diagnostic::display_path(path),
                found.len(),
                crate::check::report::plural(found.len(), "error"),
                if found.len() == 1 { "it" } else { "them" }
            );
            Ok(None)
        }
    }
}
