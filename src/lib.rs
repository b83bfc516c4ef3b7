//! Cixi's small and micro enterprise park incentives (慈溪市小微企业园, 2021–2023), as code.
//!
//! A library that turns one park's facts into what it is owed under the policy, to the fen,
//! with a trace an auditor can redo by hand; and a thin CLI over it (`src/main.rs`).
//! The policy itself is data (`policy.yaml`); this crate holds the kinds of rule.

pub mod application;
pub mod assessment;
pub mod audit;
pub mod batch;
pub mod capital;
pub mod cli;
pub mod compare;
pub mod diff;
pub mod error_words;
pub mod estimate;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod help_words;
pub mod input;
pub mod item;
pub mod layout;
pub mod measure;
pub mod money;
pub mod policy;
pub mod policy_view;
pub mod problem_words;
pub mod profile;
pub mod rate;
pub mod rating;
pub mod recorded;
pub mod render;
pub mod report_words;
pub mod rules;
pub mod schema;
pub mod standards;
pub mod starter;
pub mod terms;
pub mod trace;
pub mod untrusted;
pub mod uscc;
pub mod verify;
pub mod web;
pub mod yaml;

mod text;

pub use application::Application;
pub use assessment::{Assessment, EngineError, ItemResult, Status, assess};
pub use item::{Beneficiary, ItemId};
pub use money::{Money, Unrounded};
pub use policy::LoadedPolicy;
