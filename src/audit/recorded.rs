//! The one reader of what this program recorded, for the auditors' tools: a calc report
//! (JSON or YAML), a batch folder's `summary.json`, its input copies and its `ledger.csv`, each
//! read as untrusted input (inside its folder, a regular file, within a size) and checked
//! (digests are digests, file names are plain) before any of it is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::untrusted::{self, Refused};
use crate::report::recorded::{RecordedReport, RecordedSummary};

use crate::report::recorded::INPUTS_DIR;

/// Why a recorded report or folder cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// Not a report this program writes.
    #[error("{file}: not a calc report or batch summary: {message}")]
    Malformed { file: PathBuf, message: String },
    /// Not what is read here: a ledger on its own, or a folder that is not a batch's.
    #[error("{file}: {what}")]
    NotAReport { file: PathBuf, what: NotAReport },
    /// A file a report names, or its folder holds, that is not read: outside the folder, not
    /// a regular file, or too large.
    #[error("{file}: not read: {reason}")]
    Refused { file: PathBuf, reason: Refused },
}

/// What was given instead of a report or a batch folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotAReport {
    /// A folder without `summary.json`.
    #[error(
        "no summary.json here: give the folder that `batch --out` wrote (it holds summary.json, ledger.csv and inputs/)"
    )]
    NoSummary,
    /// A batch folder without its input copies.
    #[error(
        "no inputs/ here, so the figures cannot be recomputed: give the whole folder that `batch --out` wrote, inputs/ included"
    )]
    NoInputs,
    /// A ledger on its own.
    #[error(
        "a ledger alone cannot be checked: give the batch folder that holds it (with summary.json and inputs/), or a calc report (.json or .yaml)"
    )]
    LedgerAlone,
}

pub(crate) fn refused(file: &Path, reason: Refused) -> ReadError {
    match reason {
        Refused::Io(source) => ReadError::Unreadable {
            file: file.to_path_buf(),
            source,
        },
        Refused::Missing => ReadError::Unreadable {
            file: file.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        },
        reason => ReadError::Refused {
            file: file.to_path_buf(),
            reason,
        },
    }
}

/// Every digest a report records must be one: 64 hex digits.
pub(crate) fn check_digests<'a>(
    file: &Path,
    digests: impl IntoIterator<Item = (String, &'a str)>,
) -> Result<(), ReadError> {
    for (field, digest) in digests {
        if !untrusted::is_digest(digest) {
            return Err(ReadError::Malformed {
                file: file.to_path_buf(),
                message: format!("{field}: not a SHA-256 digest (64 hex digits)"),
            });
        }
    }
    Ok(())
}

/// Every file a summary names must be a plain file name.
fn check_names<'a>(file: &Path, names: impl IntoIterator<Item = (String, &'a str)>) -> Result<(), ReadError> {
    for (field, name) in names {
        if !untrusted::is_plain_name(name) {
            return Err(ReadError::Malformed {
                file: file.to_path_buf(),
                message: format!("{field}: `{}` is not a plain file name", name.escape_debug()),
            });
        }
    }
    Ok(())
}

/// Checks what a summary records before any of it is used.
pub(crate) fn check_summary(file: &Path, s: &RecordedSummary) -> Result<(), ReadError> {
    check_digests(
        file,
        std::iter::once(("policy.digest".to_string(), s.policy.digest.as_str()))
            .chain(
                s.inputs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("inputs[{i}].sha256"), x.sha256.as_str())),
            )
            .chain(
                s.outputs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("outputs[{i}].sha256"), x.sha256.as_str())),
            ),
    )?;
    check_names(
        file,
        s.inputs
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("inputs[{i}].file"), x.file.as_str()))
            .chain(
                s.outputs
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("outputs[{i}].file"), x.file.as_str())),
            ),
    )
}

/// Checks what a calc report records before any of it is used.
pub(crate) fn check_report(file: &Path, r: &RecordedReport) -> Result<(), ReadError> {
    check_digests(
        file,
        [
            ("policy.digest".to_string(), r.policy.digest.as_str()),
            ("facts_sha256".to_string(), r.facts_sha256.as_str()),
        ]
        .into_iter()
        .chain(
            r.inputs
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("inputs[{i}].sha256"), x.sha256.as_str())),
        ),
    )
}

/// A batch folder's summary, read and checked.
pub(crate) fn read_summary(dir: &Path) -> Result<RecordedSummary, ReadError> {
    let file = dir.join("summary.json");
    let bytes = untrusted::read_inside(dir, Path::new("summary.json"), untrusted::MAX_REPORT_BYTES)
        .map_err(|r| refused(&file, r))?;
    let summary: RecordedSummary = serde_json::from_slice(&bytes).map_err(|e| ReadError::Malformed {
        file: file.clone(),
        message: e.to_string(),
    })?;
    check_summary(&file, &summary)?;
    Ok(summary)
}

/// A batch folder's input copies, checked to be regular files inside it before they are read.
pub(crate) fn checked_inputs(dir: &Path) -> Result<PathBuf, ReadError> {
    let inputs = dir.join(INPUTS_DIR);
    untrusted::check_folder(&inputs, dir).map_err(|(file, reason)| refused(&file, reason))?;
    Ok(inputs)
}

/// A recorded report, JSON or YAML (as `calc --format json|yaml` writes it).
pub(crate) fn parse_report<T: serde::de::DeserializeOwned>(bytes: &[u8], file: &Path) -> Result<T, ReadError> {
    let malformed = |message: String| ReadError::Malformed {
        file: file.to_path_buf(),
        message,
    };
    let yaml = matches!(file.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    if yaml {
        let text = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8 text".into()))?;
        crate::facts::yaml::from_str(text).map_err(|f| {
            malformed(format!(
                "{}{}: {}",
                f.path,
                f.line.map_or(String::new(), |l| format!(" (line {l})")),
                f.message
            ))
        })
    } else {
        serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))
    }
}

/// A report named on the command line: a regular file, up to [`untrusted::MAX_REPORT_BYTES`].
pub(crate) fn read(file: &Path) -> Result<Vec<u8>, ReadError> {
    untrusted::read_regular(file, untrusted::MAX_REPORT_BYTES).map_err(|r| refused(file, r))
}

/// A ledger's rows: (park, year, item) → (amount, status).
pub(crate) type LedgerRows = BTreeMap<(String, String, String), (String, String)>;

/// Reads a ledger.csv.
pub(crate) fn ledger_rows(file: &Path) -> Result<LedgerRows, ReadError> {
    let folder = file.parent().unwrap_or(Path::new("."));
    let name = Path::new(file.file_name().unwrap_or_default());
    let bytes = untrusted::read_inside(folder, name, untrusted::MAX_LEDGER_BYTES).map_err(|r| refused(file, r))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(body);
    let malformed = |message: String| ReadError::Malformed {
        file: file.to_path_buf(),
        message,
    };
    // Columns by their names, so that a ledger whose columns were moved still reads.
    let header = reader.headers().map_err(|e| malformed(e.to_string()))?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| malformed(format!("no column `{name}` in the ledger's header")))
    };
    let at = [
        column("park_id")?,
        column("year")?,
        column("item")?,
        column("amount")?,
        column("status")?,
    ];
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let r = record.map_err(|e| malformed(e.to_string()))?;
        // Text cells were neutralised for spreadsheets (a leading `'`): read back as given.
        let cell = |k: usize| crate::report::safe_cell::restore(r.get(at[k]).unwrap_or_default()).to_string();
        rows.insert((cell(0), cell(1), cell(2)), (cell(3), cell(4)));
    }
    Ok(rows)
}
