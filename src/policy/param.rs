//! A parameter's provenance: which parameter of `policy.yaml` a rule read, and the day the
//! value used took effect, as every trace step that uses a parameter cites it.

use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::Policy;

/// Where a parameter's value came from: its path in `policy.yaml` and the day the value in
/// force took effect. Every trace step that uses a parameter cites it, so an auditor sees which
/// dated value was used, and `diff` and `policy diff` know which items a parameter can move.
///
/// It borrows a rung's id from the policy (`'p`), so a trace cites it at no cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Param<'p> {
    /// Its path, e.g. `items.digital_subsidy.cap`.
    pub path: ParamPath<'p>,
    /// The day the value used took effect.
    pub from: Date,
}

/// One line a parameter the rules read: its id, its path in `policy.yaml`, its dated values
/// and its clause, as fields of `items`. A new parameter is one more line here (and its value
/// in `Terms`); every match on the ids is exhaustive, so its clause, its check on loading and
/// its Chinese name are never missed.
macro_rules! params {
    ($( $(#[$doc:meta])* $id:ident = $path:literal,
        values: $($value:ident).+, clause: $($clause:ident).+; )+) => {
        /// A parameter of the rules with a fixed path in `policy.yaml` (a rung's amount is
        /// [`ParamPath::RungAmount`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ParamId {
            $( $(#[$doc])* $id, )+
        }

        impl ParamId {
            /// Every parameter, in `policy.yaml` order.
            pub const ALL: &'static [ParamId] = &[$(ParamId::$id),+];

            /// Its path in `policy.yaml`.
            pub fn path(self) -> &'static str {
                match self {
                    $( ParamId::$id => $path, )+
                }
            }

            /// The clause it rests on, as `policy` states it.
            pub fn clause(self, policy: &Policy) -> &str {
                match self {
                    $( ParamId::$id => &policy.items.$($clause).+, )+
                }
            }

            /// How many dated values `policy` gives it.
            pub fn dated_values(self, policy: &Policy) -> usize {
                match self {
                    $( ParamId::$id => policy.items.$($value).+.0.len(), )+
                }
            }
        }
    };
}

params! {
    /// Grades that may apply for stars （十三）.
    EligibleGrades = "items.star_award.gate.eligible_grades",
        values: star_award.gate.eligible_grades, clause: star_award.gate.clause;
    /// Least stars for the fiscal rebate （十四）「四星级及以上」.
    RebateMinStars = "items.fiscal_rebate.min_stars",
        values: fiscal_rebate.min_stars, clause: fiscal_rebate.clause;
    /// Share of contributions rewarded （十四）「全额奖励」.
    RebateShare = "items.fiscal_rebate.share",
        values: fiscal_rebate.share, clause: fiscal_rebate.clause;
    /// Rebate cap per park per year （十四）「最高不超过300万元」.
    RebateCap = "items.fiscal_rebate.cap",
        values: fiscal_rebate.cap, clause: fiscal_rebate.clause;
    /// Soft-investment rate （十四）「软性投入的20%」.
    SoftRate = "items.digital_subsidy.soft_rate",
        values: digital_subsidy.soft_rate, clause: digital_subsidy.clause;
    /// Hardware rate （十四）「支撑硬件投入的10%」.
    HardwareRate = "items.digital_subsidy.hardware_rate",
        values: digital_subsidy.hardware_rate, clause: digital_subsidy.clause;
    /// Digital-subsidy cap （十四）「不超过100万元」.
    DigitalCap = "items.digital_subsidy.cap",
        values: digital_subsidy.cap, clause: digital_subsidy.clause;
}

/// The periods in force （十八）, which every figure is tested against: not a dated value,
/// but cited all the same, since a change to them moves every item.
pub const PERIOD_IN_FORCE: &str = "in_force.windows";

/// A parameter's path in `policy.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPath<'p> {
    /// A fixed path, e.g. `items.fiscal_rebate.share`.
    Fixed(ParamId),
    /// A rung's amount, `rating_ladder.rungs.<id>.amount` (the id borrowed from the policy).
    RungAmount(&'p str),
}

impl ParamPath<'_> {
    /// The clause it rests on: its own, or the rating ladder's for a rung.
    pub fn clause<'p>(&self, policy: &'p Policy) -> &'p str {
        match self {
            ParamPath::Fixed(id) => id.clause(policy),
            ParamPath::RungAmount(_) => &policy.rating_ladder.clause,
        }
    }
}

impl fmt::Display for ParamPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamPath::Fixed(id) => f.write_str(id.path()),
            ParamPath::RungAmount(id) => write!(f, "rating_ladder.rungs.{id}.amount"),
        }
    }
}

impl Serialize for ParamPath<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_a_clause_in_the_policy_and_a_path_of_its_own() {
        let policy = crate::policy::LoadedPolicy::from_texts(&[]).unwrap().policy;
        let mut paths: Vec<&str> = ParamId::ALL.iter().map(|id| id.path()).collect();
        for id in ParamId::ALL {
            assert!(!id.clause(&policy).is_empty(), "{id:?}");
        }
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), ParamId::ALL.len());
    }
}
