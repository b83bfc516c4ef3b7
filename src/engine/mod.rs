//! The engine: the policy's terms in force for a year, the rules of clause （十四） that turn
//! facts into the four items, the trace each figure carries, and the assessment that holds them.

pub mod assessment;
pub mod counting;
pub mod reach;
pub mod reason;
pub mod rules;
pub mod terms;
pub mod trace;

use serde::Serialize;

/// The engine that produced a report.
#[derive(Debug, Clone, Serialize)]
pub struct Engine {
    /// Crate name.
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
}

/// This engine.
pub const ENGINE: Engine = Engine {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};
