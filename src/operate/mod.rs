//! The park operators' tools: `check` (a profile against the standards of clauses （二）（四）,
//! and the fees of （十一）) and `estimate` (what a plan would pay).

pub mod estimate;
pub mod standards;
