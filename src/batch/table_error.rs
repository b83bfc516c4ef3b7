//! Why a file could not be read as a table at all: each variant names the file, and the line
//! or the sheet and cell.

use std::path::PathBuf;

use crate::batch::row_fault::RowFault;
use crate::batch::sheet_fault::SheetFault;

/// A file that could not be read as a table at all.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Cannot open or read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// Not CSV, or a row with the wrong number of cells.
    #[error("{file}:{line}: {fault}")]
    Malformed {
        file: PathBuf,
        line: u64,
        fault: Box<RowFault>,
    },
    /// The copy kept beside the outputs could not be written.
    #[error("{file}: cannot copy beside the outputs: {source}")]
    Copy { file: PathBuf, source: std::io::Error },
    /// A workbook, or a sheet of one, that cannot be read as a table (named by sheet and cell).
    #[error("{file}: {place}{}{fault}", if place.is_empty() { "" } else { ": " })]
    Sheet {
        file: PathBuf,
        place: String,
        fault: Box<SheetFault>,
    },
    /// Text that is not in the encoding it was read as.
    #[error("{file}:{line}: not {encoding} text either: save the table as CSV UTF-8 (Excel: Save As, CSV UTF-8)")]
    Encoding {
        file: PathBuf,
        line: u64,
        encoding: &'static str,
    },
    /// Text that is not in the encoding named with `--encoding`.
    #[error(
        "{file}:{line}: not {encoding} text (as --encoding said): leave --encoding out to detect the encoding, name another (utf-8, gbk, gb18030, utf-16), or save the table as CSV UTF-8"
    )]
    NotGiven {
        file: PathBuf,
        line: u64,
        encoding: &'static str,
    },
    /// A required column is missing from the header.
    #[error("{file}:1: no column `{column}` in the header (it has: {found})")]
    MissingColumn {
        file: PathBuf,
        column: &'static str,
        found: String,
    },
}
