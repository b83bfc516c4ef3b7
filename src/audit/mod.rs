//! The auditors' tools: `verify` (a report recomputed from what it recorded), `audit` (payments
//! against entitlements) and `diff` (two reports figure by figure), reading reports as
//! untrusted input.

pub mod diff;
pub mod error_words;
pub mod payments;
pub mod recorded;
pub mod untrusted;
pub mod verify;
