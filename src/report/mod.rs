//! Words at the edge: the `calc` use case; an assessment as a table, JSON or YAML; its
//! derivation (`explain`); the policy for reading (`policy show`); problems in the reader's
//! language; the glossary's words; the fields of a recorded report read back; and the ledger's
//! text cells made safe for spreadsheets.

pub mod calc;
pub mod explain;
pub mod glossary;
pub mod layout;
pub mod policy_view;
pub mod problem_words;
pub mod recorded;
pub mod render;
pub mod report_words;
pub mod safe_cell;
pub mod trace_words;
