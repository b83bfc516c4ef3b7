//! A batch folder is replaced whole, or not at all.
//!
//! A run builds its new folder beside the old one (`.NAME.new-PID`), writes and syncs every
//! file there, and swaps it in with one rename at the end (on Linux an atomic exchange, so that
//! the old folder stays in place until the new one is); the old one is then removed. A lock
//! beside the folder (`.NAME.lock`, held with `flock`, so that it dies with its process)
//! refuses a second run into the same folder while one is running. Whatever an interrupted
//! run left beside the folder is removed by the next run. A run that fails leaves the previous
//! folder exactly as it was.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::batch::BatchError;

/// What an existing `--out` folder may hold for a run to replace it: a batch's files (and
/// the files other output formats add beside them: `ledger.xlsx`, …), `inputs/`, and hidden
/// files. Anything else means the folder is not a batch's, and it is left alone.
const REPLACEABLE: &[&str] = &["ledger.", "rejects.", "summary.", "inputs"];

fn output_error(path: &Path, source: std::io::Error) -> BatchError {
    BatchError::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// A new batch folder being built beside `--out`, under the folder's lock.
#[derive(Debug)]
pub struct Staging {
    /// `--out`, absolute.
    target: PathBuf,
    /// Where the new folder is built.
    dir: PathBuf,
    /// Folders made for `--out`'s parent, removed again if the run fails.
    made: Vec<PathBuf>,
    lock: Option<Lock>,
    committed: bool,
}

impl Staging {
    /// Locks `out`, removes what interrupted runs left beside it, and makes the folder the new
    /// one is built in.
    ///
    /// # Errors
    /// Another run holds the lock; `out` is a file, or a folder that is not a batch's; a folder
    /// cannot be made.
    pub fn begin(out: &Path) -> Result<Staging, BatchError> {
        let target = std::path::absolute(out).map_err(|e| output_error(out, e))?;
        let target = normalise(&target);
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(output_error(
                out,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a batch cannot be written over the root folder: name a folder for --out",
                ),
            ));
        };
        let name = name.to_string_lossy().into_owned();
        let made = make_dirs(parent)?;
        let mut staging = Staging {
            dir: parent.join(format!(".{name}.new-{}", std::process::id())),
            target: target.clone(),
            made,
            lock: None,
            committed: false,
        };
        staging.lock = Some(Lock::take(&parent.join(format!(".{name}.lock")), &target)?);
        staging.clean_leftovers(parent, &name)?;
        if let Ok(meta) = std::fs::symlink_metadata(&target) {
            if !meta.is_dir() {
                return Err(output_error(
                    &target,
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "exists and is not a folder: name a folder for --out",
                    ),
                ));
            }
            check_replaceable(&target)?;
        }
        std::fs::create_dir(&staging.dir).map_err(|e| output_error(&staging.dir, e))?;
        Ok(staging)
    }

    /// The folder the new outputs are written to.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Removes the new folders and partial copies of runs that died, and puts back a previous
    /// folder that a run had moved aside (where the swap is two renames) when it died.
    fn clean_leftovers(&self, parent: &Path, name: &str) -> Result<(), BatchError> {
        let Ok(entries) = std::fs::read_dir(parent) else {
            return Ok(());
        };
        let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if file.starts_with(&old) && !self.target.exists() {
                std::fs::rename(&path, &self.target).map_err(|e| output_error(&path, e))?;
            } else if file.starts_with(&new) || file.starts_with(&old) {
                remove_all(&path).map_err(|e| output_error(&path, e))?;
            }
        }
        Ok(())
    }

    /// Syncs every file of the new folder, swaps it in for the old one (or renames it into
    /// place), removes the old one, and syncs the parent folder.
    ///
    /// # Errors
    /// A file that cannot be synced or a folder that cannot be renamed: the old folder is then
    /// as it was.
    pub fn commit(mut self) -> Result<(), BatchError> {
        sync_tree(&self.dir)?;
        let parent = self.target.parent().expect("checked in begin").to_path_buf();
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // The old folder now has the new one's name.
                self.committed = true;
                let _ = remove_all(&self.dir);
            } else {
                let aside = parent.join(format!(
                    ".{}.old-{}",
                    self.target.file_name().expect("checked").to_string_lossy(),
                    std::process::id()
                ));
                std::fs::rename(&self.target, &aside).map_err(|e| output_error(&self.target, e))?;
                if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                    let _ = std::fs::rename(&aside, &self.target);
                    return Err(output_error(&self.target, e));
                }
                self.committed = true;
                let _ = remove_all(&aside);
            }
        } else {
            std::fs::rename(&self.dir, &self.target).map_err(|e| output_error(&self.target, e))?;
            self.committed = true;
        }
        sync_dir(&parent)?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_all(&self.dir);
        }
        // The lock goes before the folders made for it.
        drop(self.lock.take());
        if !self.committed {
            for dir in &self.made {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

/// `a/./b/../c` as `a/c`, without touching the disk (so that `--out run/..` names a folder).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Makes `dir` and its missing parents; returns those it made, deepest first.
fn make_dirs(dir: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let mut made = Vec::new();
    let mut p = Some(dir);
    while let Some(d) = p {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        made.push(d.to_path_buf());
        p = d.parent();
    }
    std::fs::create_dir_all(dir).map_err(|e| output_error(dir, e))?;
    Ok(made)
}

/// Refuses to replace a folder holding anything but a batch's files.
fn check_replaceable(dir: &Path) -> Result<(), BatchError> {
    let entries = std::fs::read_dir(dir).map_err(|e| output_error(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || REPLACEABLE.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        return Err(output_error(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "holds `{name}`, which is not a batch's output: a batch replaces its --out folder whole, so name a new folder or one a batch wrote"
                ),
            ),
        ));
    }
    Ok(())
}

fn remove_all(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Syncs every file under `dir`, then the folders, deepest first.
fn sync_tree(dir: &Path) -> Result<(), BatchError> {
    let entries = std::fs::read_dir(dir).map_err(|e| output_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| output_error(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| output_error(&path, e))?;
        if kind.is_dir() {
            sync_tree(&path)?;
        } else if kind.is_file() {
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| output_error(&path, e))?;
        }
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<(), BatchError> {
    // A folder is synced through a handle opened for reading; where a platform refuses that,
    // the rename is still atomic, only not yet durable.
    match File::open(dir).and_then(|f| f.sync_all()) {
        Ok(()) => Ok(()),
        Err(e) if cfg!(unix) => Err(output_error(dir, e)),
        Err(_) => Ok(()),
    }
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// The lock on a batch folder: an exclusive `flock` on `.NAME.lock` beside it, holding the
/// process id of its run. The system releases it when the process ends, however it ends.
#[derive(Debug)]
struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    fn take(path: &Path, target: &Path) -> Result<Lock, BatchError> {
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| output_error(path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    return Err(BatchError::Busy {
                        out: target.to_path_buf(),
                        holder: holder.trim().to_string(),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(output_error(path, e)),
            }
            // A run that finished between our open and our lock removed the file we hold:
            // lock the one at the path now.
            if !same_file(&file, path) {
                continue;
            }
            let note = format!(
                "process {}, started {}",
                std::process::id(),
                jiff::Timestamp::now()
                    .round(jiff::Unit::Second)
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            );
            file.set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| file.write_all(note.as_bytes()))
                .map_err(|e| output_error(path, e))?;
            return Ok(Lock {
                file,
                path: path.to_path_buf(),
            });
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so that no other run can be holding a lock on it.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}
