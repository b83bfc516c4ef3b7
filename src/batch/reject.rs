//! A row that will not be in the ledger, and why: what `rejects.csv` lists.

use std::fmt;

use crate::batch::tables::RowProblem;

/// A row that will not be in the ledger, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The table.
    pub table: String,
    /// Its line.
    pub line: u64,
    /// The park it names, as written.
    pub park_id: String,
    /// The year it names, as written (empty where the table has none).
    pub year: String,
    /// Why.
    pub reason: RejectReason,
}

/// Why a row is not in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// What is wrong with the row itself (for an application file, each of its problems).
    Own(Vec<RowProblem>),
    /// Its park-year was not computed, because of a problem found elsewhere.
    ParkNotComputed {
        /// The park.
        park_id: String,
        /// The year.
        year: String,
        /// The problem.
        because: Box<Because>,
    },
}

/// The problem that kept a park-year from being computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Because {
    /// A problem at its place: `parks.csv:4: column park_id: …`.
    At(RowProblem),
    /// A fault that names its places itself (an enterprise under two parks, 不重复).
    Named(crate::batch::row_fault::RowFault),
}

impl fmt::Display for Because {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Because::At(p) => write!(f, "{p}"),
            Because::Named(fault) => write!(f, "{fault}"),
        }
    }
}

impl fmt::Display for RejectReason {
    /// In English, as programs read `rejects.csv`: `park CX-0202 2022 not computed:
    /// parks.csv:4: column park_id: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::Own(problems) => {
                for (k, p) in problems.iter().enumerate() {
                    if k > 0 {
                        f.write_str("; ")?;
                    }
                    f.write_str(&p.message())?;
                }
                Ok(())
            }
            RejectReason::ParkNotComputed { park_id, year, because } => {
                write!(f, "park {park_id} {year} not computed: {because}")
            }
        }
    }
}
