//! The policy as data: its shape (`schema.rs`), the overlays merged over it (`overlay.rs`),
//! loading and the digest (`load.rs`), the checks that refuse a policy missing a value, a
//! clause or its words (`validate.rs`), the readings (`readings.rs`), parameters with their
//! provenance (`param.rs`); here, the error and the questions asked of a loaded policy.
//!
//! Every amount, rate, cap, date and reading lives in the policy file with its clause and the
//! policy's own words （十八）「如上级对小微企业园区相关政策作出调整，按上级政策执行」: an
//! overlay may change any of them without a code change. Values are keyed by the date they
//! take effect and looked up as in force on 31 December of the calculation year.

pub mod compare;
mod load;
mod overlay;
pub mod param;
pub mod readings;
mod schema;
mod validate;

pub use load::{LoadedPolicy, PolicySource, embedded_policy_json};
pub(crate) use overlay::Merge;
pub use schema::*;

pub use param::{PERIOD_IN_FORCE, Param, ParamId, ParamPath};

pub use readings::{
    AcceptanceDayReading, DigitalCapReading, FirstYearRebateReading, HighStarReading, LadderReading,
    OtherGrantsReading, Reading, ReadingChoices, ReadingEntry, ReadingId, ReadingInForce, Readings,
};

use std::path::PathBuf;

use jiff::civil::Date;

use crate::facts::yaml::YamlFault;
use crate::values::item::{Beneficiary, ItemId};

/// The policy embedded in the binary: this repository's `policy.yaml`.
pub const EMBEDDED_POLICY: &str = include_str!("../../policy.yaml");

/// The same policy as parsed, as JSON with the digest of the `policy.yaml` it was made from:
/// read at start instead of the YAML when that digest is this `policy.yaml`'s (JSON reads in a
/// fraction of the time; `calc` is mostly start-up). After an edit of `policy.yaml`, rewrite it
/// with `CIXI_WRITE_POLICY_JSON=1 cargo test --test embedded_policy` (until then the YAML is
/// read, and that test fails).
pub const EMBEDDED_POLICY_JSON: &str = include_str!("../../policy.json");

/// What went wrong while loading or using a policy.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// The YAML is malformed or does not fit the policy's shape.
    #[error("{file}:{}: {}{}", fault.line.map_or(String::from("?"), |l| l.to_string()), if fault.path.is_empty() { String::new() } else { format!("{}: ", fault.path) }, fault.message)]
    Malformed { file: PathBuf, fault: YamlFault },
    /// A rule lacks its clause or the words it rests on.
    #[error("{file}: rule `{rule}` has no `{field}`: every rule must cite its clause and the policy's words")]
    Unsourced {
        file: PathBuf,
        rule: String,
        field: &'static str,
    },
    /// A required value is missing or inconsistent.
    #[error("{file}: `{path}`: {message}")]
    Invalid {
        file: PathBuf,
        path: String,
        message: String,
    },
    /// No value of a parameter is in force on the date asked.
    #[error("policy parameter `{path}` has no value in force on {date}")]
    NoValueInForce { path: String, date: Date },
}

impl Policy {
    /// Square metres per mu as a fraction (numerator, denominator), e.g. (2000, 3): how a
    /// profile's land is compared with its areas (GUIDE.md §2). Validated on loading.
    pub fn m2_per_mu(&self) -> (u32, u32) {
        let f = self
            .standards
            .square_metres_per_mu
            .expect("validated on loading: standards.square_metres_per_mu");
        (f.numerator, f.denominator)
    }

    /// True when any period in force touches the calendar year.
    pub fn covers_year(&self, year: i16) -> bool {
        self.in_force
            .windows
            .iter()
            .any(|w| w.from.year() <= year && year <= w.to.year())
    }

    /// True when `date` lies within a period in force.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.in_force.windows.iter().any(|w| w.contains(date))
    }

    /// The number of days of `year` within a period in force.
    pub fn days_in_force(&self, year: i16) -> i32 {
        let Ok(first) = Date::new(year, 1, 1) else {
            return 0;
        };
        let Ok(last) = Date::new(year, 12, 31) else {
            return 0;
        };
        let mut days = 0;
        for w in &self.in_force.windows {
            let from = w.from.max(first);
            let to = w.to.min(last);
            if from <= to {
                days += from.until(to).map(|s| s.get_days()).unwrap_or(0) + 1;
            }
        }
        days
    }

    /// The rule text for an item.
    pub fn item_source(&self, item: ItemId) -> (&str, &str) {
        let i = &self.items;
        match item {
            ItemId::ProvincialListing => (&i.provincial_listing.clause, &i.provincial_listing.words),
            ItemId::StarAward => (&i.star_award.clause, &i.star_award.words),
            ItemId::FiscalRebate => (&i.fiscal_rebate.clause, &i.fiscal_rebate.words),
            ItemId::DigitalSubsidy => (&i.digital_subsidy.clause, &i.digital_subsidy.words),
        }
    }

    /// Who receives an item (validated present).
    pub fn beneficiary(&self, item: ItemId) -> Beneficiary {
        let i = &self.items;
        match item {
            ItemId::ProvincialListing => i.provincial_listing.beneficiary,
            ItemId::StarAward => i.star_award.beneficiary,
            ItemId::FiscalRebate => i.fiscal_rebate.beneficiary,
            ItemId::DigitalSubsidy => i.digital_subsidy.beneficiary,
        }
        .expect("validated on loading: every item names its beneficiary")
    }
}

impl Policy {
    /// Every reading as in force on `date`.
    pub fn readings_in_force(&self, date: Date) -> Vec<ReadingInForce<'_>> {
        self.readings.in_force(date)
    }

    /// Every reading, with all its dated choices.
    pub fn reading_entries(&self) -> Vec<ReadingEntry<'_>> {
        self.readings.entries()
    }
}

/// Looks up the value in force, or says which parameter has none.
pub fn value_at<T: Clone>(dated: &Dated<T>, path: &str, date: Date) -> Result<T, PolicyError> {
    dated.at(date).cloned().ok_or_else(|| PolicyError::NoValueInForce {
        path: path.to_string(),
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_policy_loads_and_cites_every_rule() {
        let loaded = LoadedPolicy::from_texts(&[]).unwrap();
        assert_eq!(loaded.policy.policy.id, "cixi-2021-small-micro-parks");
        assert_eq!(loaded.digest.len(), 64);
    }

    #[test]
    fn an_overlay_adds_a_dated_value_and_keeps_the_rest() {
        let overlay = "kind: overlay\nitems:\n  digital_subsidy:\n    cap: { 2023-01-01: \"1200000.00\" }\n";
        let loaded = LoadedPolicy::from_texts(&[(PathBuf::from("o.yaml"), overlay.into())]).unwrap();
        let cap = &loaded.policy.items.digital_subsidy.cap;
        assert_eq!(cap.at(Date::constant(2022, 12, 31)).unwrap().to_string(), "1000000.00");
        assert_eq!(cap.at(Date::constant(2023, 12, 31)).unwrap().to_string(), "1200000.00");
        assert_eq!(loaded.policy.items.digital_subsidy.clause, "（十四）");
    }

    #[test]
    fn a_rule_without_its_words_is_refused() {
        let overlay = "kind: policy\npolicy: { id: x }\n";
        let err = LoadedPolicy::from_texts(&[(PathBuf::from("bare.yaml"), overlay.into())]).unwrap_err();
        assert!(matches!(err, PolicyError::Unsourced { .. }), "{err}");
    }

    #[test]
    fn days_in_force_of_the_first_year() {
        let loaded = LoadedPolicy::from_texts(&[]).unwrap();
        assert_eq!(loaded.policy.days_in_force(2021), 134);
        assert_eq!(loaded.policy.days_in_force(2022), 365);
        assert_eq!(loaded.policy.days_in_force(2024), 0);
    }
}
