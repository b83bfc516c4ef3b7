//! Starter files with Chinese comments (`cixi-parks init application|profile DIR`): a filled-in
//! example that loads as it is, for an operator to overwrite with the park's own facts.

use std::io::Write;
use std::path::{Path, PathBuf};

/// An application, with a comment on every field.
pub const APPLICATION: &str = include_str!("../../starters/application.yaml");
/// A park profile, with a comment on every field.
pub const PROFILE: &str = include_str!("../../starters/profile.yaml");

/// Writes `text` as `dir/name`, creating `dir`; an existing file is never overwritten.
///
/// # Errors
/// The folder cannot be made, the file exists already, or it cannot be written.
pub fn write_new(dir: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => std::io::Error::new(
                e.kind(),
                format!(
                    "{} exists already (已存在): init never overwrites a file; name another folder",
                    path.display()
                ),
            ),
            _ => std::io::Error::new(e.kind(), format!("{}: {e}", path.display())),
        })?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}
