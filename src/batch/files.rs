//! Writing a batch's files safely: hidden temporary files made with the user's umask, renamed
//! into place whole, and synced.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::batch::BatchError;
use crate::values::digest::Sha256;

/// A hidden temporary file in `dir` for `name` (`.name.XXXXXX`), made with the permissions
/// of any file the user creates (read-write for all, less the umask), not 0600: a colleague on
/// a shared folder can read what a batch writes if the user's umask lets them.
///
/// # Errors
/// The file cannot be made.
pub fn temp_file_in(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `parts` to `dir/name` atomically: a temporary file in the same folder, renamed over
/// the old one, so that a crash or Ctrl-C leaves the old file or the new one, never half of
/// one. (No fsync: on ext4 it would also flush the 400 MB of input copies, doubling the run.)
/// Returns the path and the SHA-256 of what was written.
pub(crate) fn write_atomically(dir: &Path, name: &str, parts: &[&[u8]]) -> Result<(PathBuf, String), BatchError> {
    let path = dir.join(name);
    let fail = |source| BatchError::Output {
        path: path.clone(),
        source,
    };
    let tmp = temp_file_in(dir, name).map_err(fail)?;
    let mut hasher = Sha256::new();
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        for part in parts {
            hasher.update(part);
            w.write_all(part).map_err(fail)?;
        }
        w.flush().map_err(fail)?;
    }
    tmp.persist(&path).map_err(|e| fail(e.error))?;
    Ok((path, hasher.hex()))
}

/// Syncs the plain files directly in `dir` (not its folders), so that their data reaches the
/// disk while other work goes on; the folder's commit syncs the whole tree again.
pub(crate) fn sync_files(dir: &Path) -> Result<(), BatchError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|source| BatchError::Output { path, source })?;
        }
    }
    Ok(())
}

/// A writer that hashes what passes through it (SHA-256), for a file written as a stream.
pub(crate) struct Hashing<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Hashing<W> {
    pub(crate) fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// Flushes the writer; returns the SHA-256 of everything written, in hex.
    pub(crate) fn finish(mut self) -> std::io::Result<String> {
        self.inner.flush()?;
        Ok(self.hasher.hex())
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
