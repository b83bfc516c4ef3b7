//! A parameter's provenance: its path in `policy.yaml` and the day the value used took
//! effect, as every trace step that uses a parameter cites it.

use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// Where a parameter's value came from: its path in `policy.yaml` and the day the value in
/// force took effect. Every trace step that uses a parameter cites it, so an auditor sees which
/// dated value was used, and `diff` and `policy diff` know which items a parameter can move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Param {
    /// Its path, e.g. `items.digital_subsidy.cap`.
    pub path: ParamPath,
    /// The day the value used took effect.
    pub from: Date,
}

/// A parameter's path in `policy.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamPath {
    /// A fixed path, e.g. `items.fiscal_rebate.share`.
    Fixed(&'static str),
    /// A rung's amount, `rating_ladder.rungs.<id>.amount`.
    RungAmount(Arc<str>),
}

impl fmt::Display for ParamPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamPath::Fixed(p) => f.write_str(p),
            ParamPath::RungAmount(id) => write!(f, "rating_ladder.rungs.{id}.amount"),
        }
    }
}

impl Serialize for ParamPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
