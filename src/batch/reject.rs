//! A row that will not be in the ledger, and why: what `rejects.csv` lists.

/// A row that will not be in the ledger, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
    pub reason: String,
}
