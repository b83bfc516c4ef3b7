//! Cixi's small and micro enterprise park incentives (慈溪市小微企业园, 2021–2023), as code.
//!
//! A library that turns one park's facts into what it is owed under the policy, to the fen,
//! with a trace an auditor can redo by hand; and a thin CLI over it (`src/main.rs`).
//! The policy itself is data (`policy.yaml`); this crate holds the kinds of rule.

// The layers, from the ground up: values → policy → facts → engine → report, and beside the
// report the three users' tools (batch for the bureau, audit for auditors, operate for park
// operators); the command line and the web page sit on top. DESIGN.md has the map.
pub mod values;

pub mod policy;

pub mod facts;

pub mod engine;

pub mod report;

pub mod audit;
pub mod batch;
pub mod operate;

pub mod cli;
pub mod web;

#[doc(hidden)]
pub mod fuzzing;

pub use engine::assessment::{Assessment, EngineError, ItemResult, Status, assess};
pub use facts::application::Application;
pub use policy::LoadedPolicy;
pub use values::item::{Beneficiary, ItemId};
pub use values::money::{Money, Unrounded};
