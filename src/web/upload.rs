//! Uploads into a private temporary folder, removed when dropped: file names reduced to a
//! plain name, zip entries kept inside the folder (no zip-slip) and bounded (no zip bomb).

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// Entries a zip may hold.
pub const MAX_ENTRIES: usize = 1_000;
/// Bytes a zip may expand to, in all.
pub const MAX_EXPANDED: u64 = 256 * 1024 * 1024;

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// Not a zip, or a damaged one.
    #[error("{name}: not a readable zip: {message}")]
    BadZip { name: String, message: String },
    /// A path that leaves the folder, or an absolute one.
    #[error("{name}: entry `{entry}` would be written outside its folder: refused")]
    Escapes { name: String, entry: String },
    /// Too many entries or too many bytes.
    #[error("{name}: expands past the limit ({MAX_ENTRIES} entries, {MAX_EXPANDED} bytes)")]
    TooBig { name: String },
    /// A name that is not a plain file name.
    #[error("`{0}`: not a plain file name (letters, digits, - _ . only)")]
    BadName(String),
    /// The temporary folder.
    #[error("cannot write the upload: {0}")]
    Io(#[from] std::io::Error),
}

impl UploadError {
    /// Why the upload was refused, in `lang`.
    pub fn words(&self, lang: crate::values::lang::Lang) -> String {
        use crate::values::lang::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            UploadError::BadZip { name, message } => format!("{name}：不是可读的 zip 文件：{message}"),
            UploadError::Escapes { name, entry } => {
                format!("{name}：条目 `{entry}` 会写到其文件夹之外：已拒绝")
            }
            UploadError::TooBig { name } => format!(
                "{name}：解压后超过上限（{MAX_ENTRIES} 个条目，{} MiB）",
                MAX_EXPANDED / (1024 * 1024)
            ),
            UploadError::BadName(name) => format!("`{name}`：不是简单文件名（只能用字母、数字、- _ .）"),
            UploadError::Io(e) => format!("无法保存上传的文件：{}", crate::batch::error_words::io_zh(e)),
        }
    }
}

/// A plain file name: no folders, no leading dot, a short ASCII name.
pub fn plain_name(name: &str) -> Result<String, UploadError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let ok = !base.is_empty()
        && base.len() <= 100
        && !base.starts_with('.')
        && base
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(base.to_string())
    } else {
        Err(UploadError::BadName(name.to_string()))
    }
}

/// Writes a file into `dir` under its plain name.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, UploadError> {
    let path = dir.join(plain_name(name)?);
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// Expands a zip into `dir`, each entry inside it, within the limits. With `flatten`, every
/// entry goes to `dir` by its own file name (a zip of tables in a folder).
pub fn unzip(dir: &Path, name: &str, bytes: &[u8], flatten: bool) -> Result<(), UploadError> {
    unzip_within(dir, name, bytes, flatten, MAX_EXPANDED)
}

/// As [`unzip`], with a limit of `max_bytes` expanded.
pub fn unzip_within(dir: &Path, name: &str, bytes: &[u8], flatten: bool, max_bytes: u64) -> Result<(), UploadError> {
    let bad = |e: zip::result::ZipError| UploadError::BadZip {
        name: name.to_string(),
        message: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    if archive.len() > MAX_ENTRIES {
        return Err(UploadError::TooBig { name: name.to_string() });
    }
    let mut budget = max_bytes;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(bad)?;
        let raw = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let absolute = raw.starts_with(['/', '\\']) || raw.contains(':');
        let Some(relative) = entry.enclosed_name().filter(|_| !absolute) else {
            return Err(UploadError::Escapes {
                name: name.to_string(),
                entry: raw,
            });
        };
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(UploadError::Escapes {
                name: name.to_string(),
                entry: raw,
            });
        }
        if entry.is_dir() {
            if !flatten {
                std::fs::create_dir_all(dir.join(&relative))?;
            }
            continue;
        }
        // Folders' metadata (e.g. __MACOSX) and hidden files are not inputs.
        if relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']))
        {
            continue;
        }
        let target = if flatten {
            let file = relative
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            dir.join(plain_name(&file)?)
        } else {
            dir.join(&relative)
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = std::fs::File::create(&target)?;
        // Read at most one byte past the budget: the declared size is not trusted.
        let mut limited = (&mut entry).take(budget + 1);
        let copied = std::io::copy(&mut limited, &mut out)?;
        if copied > budget {
            return Err(UploadError::TooBig { name: name.to_string() });
        }
        budget -= copied;
    }
    Ok(())
}

/// A folder's files as a zip, names relative to it, in name order (same folder, same bytes).
pub fn zip_dir(dir: &Path) -> Result<Vec<u8>, std::io::Error> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for relative in files {
            let name = relative.to_string_lossy().replace('\\', "/");
            zip.start_file(name, options).map_err(std::io::Error::other)?;
            zip.write_all(&std::fs::read(dir.join(&relative))?)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
    }
    Ok(buffer.into_inner())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), std::io::Error> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_path_buf());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default();
            for (name, bytes) in entries {
                zip.start_file(*name, options).unwrap();
                zip.write_all(bytes).unwrap();
            }
            zip.finish().unwrap();
        }
        buffer.into_inner()
    }

    #[test]
    fn a_zip_cannot_write_outside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("in");
        std::fs::create_dir(&inner).unwrap();
        let z = zip_of(&[("../evil.csv", b"x")]);
        assert!(matches!(
            unzip(&inner, "a.zip", &z, false),
            Err(UploadError::Escapes { .. })
        ));
        assert!(!dir.path().join("evil.csv").exists());
        let z = zip_of(&[("/etc/evil.csv", b"x")]);
        assert!(unzip(&inner, "a.zip", &z, false).is_err());
    }

    #[test]
    fn a_zip_cannot_expand_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![0u8; 600_000];
        let z = {
            let mut buffer = std::io::Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for name in ["a.csv", "b.csv"] {
                zip.start_file(name, options).unwrap();
                zip.write_all(&big).unwrap();
            }
            zip.finish().unwrap();
            buffer.into_inner()
        };
        assert!(z.len() < 10_000, "compresses well: {}", z.len());
        let r = unzip_within(dir.path(), "bomb.zip", &z, true, 1_000_000);
        assert!(matches!(r, Err(UploadError::TooBig { .. })), "{r:?}");
    }

    #[test]
    fn names_are_plain() {
        assert_eq!(plain_name("C:\\x\\parks.csv").unwrap(), "parks.csv");
        assert_eq!(plain_name("园区台账.xlsx").unwrap(), "园区台账.xlsx");
        assert!(plain_name("..").is_err());
        assert!(plain_name(".env").is_err());
        assert!(plain_name("a b.csv").is_err());
    }
}
