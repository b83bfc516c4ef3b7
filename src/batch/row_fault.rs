//! What is wrong with one row of a table (or one application file of a folder), as a typed
//! value with its numbers. Its English is the `Display` below, as programs and the English
//! `rejects.csv` read it; its Chinese is put on it by `reject_words.rs`.

use std::fmt;

use crate::facts::fault::Fault;
use crate::values::item::ItemId;
use crate::values::money::Money;

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowFault {
    /// A cell that is not UTF-8.
    #[error("not UTF-8 text")]
    NotUtf8,
    /// A required cell left empty.
    #[error("must not be empty")]
    Empty,
    /// A row with more or fewer cells than the header.
    #[error("this row has {cells} cells, the header {header}")]
    CellCount { cells: u64, header: u64 },
    /// A cell longer than any of these tables has.
    #[error("column {column}: a cell longer than 1 MiB ({bytes} bytes): no cell of these tables is that long")]
    CellTooLong { column: String, bytes: usize },
    /// A header with no row.
    #[error("empty: a table needs a header row")]
    NoHeader,
    /// A column name longer than any of these tables has.
    #[error("column {index}: a column name longer than 1 MiB")]
    ColumnNameTooLong { index: usize },
    /// Why a row could not be read: the file failed, or the row is longer than 16 MiB.
    #[error("{0}")]
    Csv(String),
    /// A value's own words (an amount, a code, a star level …), shared with application files
    /// and put into Chinese as theirs are.
    #[error("{0}")]
    Said(String),
    /// A workbook's cell that could not be read exactly.
    #[error(transparent)]
    Cell(#[from] CellFault),
    /// A control character in an id or a name.
    #[error(
        "a control character (U+{:04X}) at character {at}: ids and names are plain text on one line",
        u32::from(*character)
    )]
    ControlCharacter { at: usize, character: char },
    /// Stars without the day they were recognised.
    #[error("a star rating needs the day it was recognised")]
    StarDayMissing,
    /// A recognition day without its stars.
    #[error("a recognition day needs its star level")]
    StarLevelMissing,
    /// Not a year.
    #[error("`{0}` is not a year such as 2022")]
    NotAYear(String),
    /// Not a grade of （十三）.
    #[error("unknown grade `{0}`: expected one of A, B, C, D")]
    UnknownGrade(String),
    /// Not a date in any form people write one.
    #[error("`{text}` is not a date (write 2022-12-05, 2022/12/5 or 2022年12月5日){}", detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    NotADate { text: String, detail: Option<String> },
    /// A row naming a park `parks.csv` does not have.
    #[error("no park {park_id} in parks.csv")]
    NoPark { park_id: String },
    /// A row naming a year `parks.csv` does not have for its park.
    #[error("park {park_id} has no row for {year} in parks.csv")]
    NoParkYear { park_id: String, year: i16 },
    /// More rows than a line number can count.
    #[error("the table is too long")]
    TableTooLong,
    /// A grant neither of this policy nor of another.
    #[error("unknown kind `{0}`: expected prior or other")]
    UnknownGrantKind(String),
    /// A park listed twice for a year in `parks.csv`.
    #[error("park {park_id} is listed twice for {year} (first at {first})")]
    ParkTwice { park_id: String, year: i16, first: String },
    /// 不重复: an enterprise under two parks (or twice under one) in a year.
    #[error(
        "enterprise {uscc} is counted under park {park_a} ({at_a}) and park {park_b} ({at_b}) in {year}: it would be rebated twice (不重复)"
    )]
    EnterpriseTwice {
        uscc: String,
        park_a: String,
        at_a: String,
        park_b: String,
        at_b: String,
        year: i16,
    },
    /// Two approvals （十七） for one item of a park-year.
    #[error("a second override for {item} of park {park_id} in {year} (first at {first})")]
    SecondOverride {
        item: ItemId,
        park_id: String,
        year: i16,
        first: String,
    },
    /// A problem of an application file, at its field.
    #[error("{}{fault}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
    Application { path: String, fault: Fault },
    /// An application file that could not be read at all.
    #[error("{0}")]
    Unreadable(String),
    /// A park listed for the same year in two application files.
    #[error("park {park_id} is listed twice for {year} (also in {other})")]
    ParkInTwoFiles { park_id: String, year: i16, other: String },
    /// 不重复 across application files.
    #[error(
        "resident_enterprises[{index}].uscc: enterprise {uscc} is also counted under {other} resident_enterprises[{other_index}] in {year}: it would be rebated twice (不重复)"
    )]
    EnterpriseInTwoFiles {
        index: usize,
        uscc: String,
        other: String,
        other_index: usize,
        year: i16,
    },
    /// A negative payment in the payments table.
    #[error("a payment cannot be negative ({0})")]
    NegativePayment(Money),
}

impl From<String> for RowFault {
    fn from(said: String) -> RowFault {
        RowFault::Said(said)
    }
}

impl From<crate::values::money::MoneyError> for RowFault {
    fn from(e: crate::values::money::MoneyError) -> RowFault {
        RowFault::Said(e.to_string())
    }
}

/// Why a workbook's cell could not be read exactly: its kind, and the value it names (the
/// number, TRUE/FALSE, the formula's error; empty for a kind that names none). The converted
/// sheet carries it in the cell itself (after [`crate::batch::workbook::CELL_PROBLEM`]), in its
/// English words, so that the copy kept in `inputs/` reads the same to `verify` as it did to
/// `batch`: [`CellFault::read`] reads them back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellFault {
    /// What is wrong.
    pub kind: CellKind,
    /// The value it names.
    pub part: String,
}

/// The kinds of cell that cannot be read exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A code Excel turned into a number.
    CodeAsNumber,
    /// Not a finite number.
    NotANumber,
    /// An amount a double cannot hold to the fen.
    TooLarge,
    /// An amount with fractions of a fen.
    BeyondFen,
    /// A line break in a cell.
    LineBreak,
    /// TRUE or FALSE where a value belongs.
    Boolean,
    /// A formula's error, `#DIV/0!`.
    ErrorShown,
    /// A number that is no date.
    NotADate,
    /// A date where a number or code belongs.
    DateWhereNumber,
}

impl CellKind {
    /// Every kind.
    pub const ALL: [CellKind; 9] = [
        CellKind::CodeAsNumber,
        CellKind::NotANumber,
        CellKind::TooLarge,
        CellKind::BeyondFen,
        CellKind::LineBreak,
        CellKind::Boolean,
        CellKind::ErrorShown,
        CellKind::NotADate,
        CellKind::DateWhereNumber,
    ];

    /// Its English: the words before and after the value it names, and whether it names one.
    fn sentence(self) -> (&'static str, bool, &'static str) {
        use CellKind::*;
        match self {
            CodeAsNumber => (
                "Excel turned this code into the number ",
                true,
                ": format the column as text and type the code again",
            ),
            NotANumber => ("`", true, "` is not a number: type the value"),
            TooLarge => (
                "",
                true,
                " is too large for a number cell to hold the fen exactly: format the column as text and type the amount",
            ),
            BeyondFen => (
                "",
                true,
                " has more than two decimals (fen): round it with ROUND(…,2), or format the column as text and type the amount",
            ),
            LineBreak => ("a line break inside the cell: remove it", false, ""),
            Boolean => ("TRUE/FALSE (", true, ") where a value belongs: type the value"),
            ErrorShown => (
                "the cell shows the error ",
                true,
                ": correct the formula or type the value",
            ),
            NotADate => ("", true, " is not a date: type it as 2022-12-05"),
            DateWhereNumber => (
                "formatted as a date where a number or code belongs: format the column as text or number",
                false,
                "",
            ),
        }
    }
}

impl CellFault {
    /// A cell of `kind` naming `part`.
    pub fn new(kind: CellKind, part: impl fmt::Display) -> CellFault {
        CellFault {
            kind,
            part: part.to_string(),
        }
    }

    /// A cell of a `kind` that names no value.
    pub fn bare(kind: CellKind) -> CellFault {
        CellFault::new(kind, "")
    }

    /// The fault a converted cell carries, from its words; `None` for words no fault has.
    pub fn read(words: &str) -> Option<CellFault> {
        CellKind::ALL.into_iter().find_map(|kind| {
            let (before, names, after) = kind.sentence();
            let part = words.strip_prefix(before)?.strip_suffix(after)?;
            (names != part.is_empty()).then(|| CellFault::new(kind, part))
        })
    }
}

impl fmt::Display for CellFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (before, _, after) = self.kind.sentence();
        write!(f, "{before}{}{after}", self.part)
    }
}

impl std::error::Error for CellFault {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_fault_reads_back_from_its_words() {
        for kind in CellKind::ALL {
            let parts = if kind.sentence().1 {
                &["1234567.891", "TRUE", "#DIV/0!", "9.144030071526727e17"][..]
            } else {
                &[""][..]
            };
            for part in parts {
                let fault = CellFault::new(kind, part);
                assert_eq!(CellFault::read(&fault.to_string()), Some(fault.clone()), "{fault}");
            }
        }
        assert_eq!(CellFault::read("something else"), None);
    }
}
