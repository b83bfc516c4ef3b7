//! Reading files that a report names, or a folder holds, as untrusted input: only regular files,
//! only inside the folder given (after symlinks are followed), each up to a size limit. A
//! report made elsewhere may name `/dev/zero`, `/dev/stdin`, a FIFO or `../../etc/passwd`;
//! none of them is opened.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest calc report or batch summary read: 256 MiB (a summary of 100,000 parks is
/// about 30 MB).
pub const MAX_REPORT_BYTES: u64 = 256 << 20;
/// The largest application file read back: 64 MiB, as for any YAML file.
pub const MAX_APPLICATION_BYTES: u64 = 64 << 20;
/// The largest ledger read back whole: 8 GiB.
pub const MAX_LEDGER_BYTES: u64 = 8 << 30;
/// The largest input copy hashed: 64 GiB (tables are read as streams; this only stops a
/// file that never ends).
pub const MAX_TABLE_BYTES: u64 = 64 << 30;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Not there.
    #[error("not found")]
    Missing,
    /// Outside the folder it must be in.
    #[error("outside {root}: a report may only name files inside its own folder")]
    Outside {
        /// The folder.
        root: PathBuf,
    },
    /// A device, FIFO, socket or folder.
    #[error("not a regular file (a device, FIFO, socket or folder is never read)")]
    NotAFile,
    /// Larger than the limit.
    #[error("larger than {limit} bytes: not a file this program wrote")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// A read failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// True when `name` is a plain file name: one component, no `/`, `..`, or NUL.
pub fn is_plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    !name.is_empty()
        && !name.contains('\0')
        && !name.contains('\\')
        && matches!(components.next(), Some(Component::Normal(_)))
        && components.next().is_none()
}

/// Where `path` (relative to `root`, or absolute) really is, if that is inside `root` and a
/// regular file.
///
/// # Errors
/// Missing, outside `root` once symlinks are followed, or not a regular file.
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Refused> {
    if path.as_os_str().is_empty() || path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(Refused::Missing);
    }
    let root = root.canonicalize().map_err(|_| Refused::Missing)?;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let real = match joined.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Io(e)),
    };
    if !real.starts_with(&root) {
        return Err(Refused::Outside { root });
    }
    if !std::fs::metadata(&real)?.is_file() {
        return Err(Refused::NotAFile);
    }
    Ok(real)
}

/// The bytes of `path` inside `root`, up to `limit`.
///
/// # Errors
/// As [`resolve_inside`] and [`read_regular`].
pub fn read_inside(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    read_regular(&resolve_inside(root, path)?, limit)
}

/// The bytes of a regular file, up to `limit`; a device, FIFO or folder is refused without
/// being read (opened without waiting for a writer, and checked on the open handle).
///
/// # Errors
/// Missing, not a regular file, larger than `limit`, or unreadable.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(Refused::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge { limit });
    }
    Ok(bytes)
}

/// SHA-256 of a regular file inside `root`, read as a stream, up to `limit` bytes.
///
/// # Errors
/// As [`read_inside`].
pub fn sha256_inside(root: &Path, path: &Path, limit: u64) -> Result<String, Refused> {
    let file = open_regular(&resolve_inside(root, path)?)?;
    let mut hasher = crate::values::digest::Sha256::new();
    let mut reader = file.take(limit + 1);
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > limit {
            return Err(Refused::TooLarge { limit });
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.hex())
}

/// True when `text` is a SHA-256 digest as this program writes it: 64 lowercase hex digits.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Opens a regular file for reading; refuses anything else.
///
/// # Errors
/// Missing, not a regular file, or unreadable.
pub fn open_regular(path: &Path) -> Result<File, Refused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        // Opening a FIFO does not wait for a writer.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Io(e)),
    };
    if !file.metadata()?.is_file() {
        return Err(Refused::NotAFile);
    }
    Ok(file)
}

/// Checks that every entry of `dir` is a regular file inside `root` (or a folder, checked the
/// same way), so that reading the folder opens nothing else.
///
/// # Errors
/// The first entry that is not, with its path.
pub fn check_folder(dir: &Path, root: &Path) -> Result<(), (PathBuf, Refused)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), Refused::Io(e)))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), Refused::Io(e)))?;
        let path = entry.path();
        match resolve_inside(root, &path) {
            Ok(_) => {}
            Err(Refused::NotAFile) if path.is_dir() && !entry.file_type().is_ok_and(|t| t.is_symlink()) => {
                check_folder(&path, root)?;
            }
            Err(e) => return Err((path, e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names() {
        for ok in ["parks.csv", "a b.yaml", "园区.csv"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", "..", ".", "../x", "a/b", "/dev/zero", "a\\b", "a\0b"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_paths_outside_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.json"), "{}").unwrap();
        assert_eq!(read_inside(dir.path(), Path::new("ok.json"), 10).unwrap(), b"{}");
        assert!(matches!(
            read_inside(dir.path(), Path::new("ok.json"), 1),
            Err(Refused::TooLarge { .. })
        ));
        assert!(matches!(
            read_inside(dir.path(), Path::new("../../../../dev/zero"), 10),
            Err(Refused::Outside { .. })
        ));
        assert!(matches!(
            read_inside(dir.path(), Path::new("/dev/zero"), 10),
            Err(Refused::Outside { .. })
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(Refused::NotAFile)
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/null"), 10),
            Err(Refused::NotAFile)
        ));
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero")).unwrap();
        assert!(read_inside(dir.path(), Path::new("zero"), 10).is_err());
        assert!(check_folder(dir.path(), dir.path()).is_err());
        assert!(matches!(
            read_inside(dir.path(), Path::new("missing"), 10),
            Err(Refused::Missing)
        ));
    }
}
