//! `check`: a park's profile against the construction standards and development norms of
//! clauses （二）（四） (GUIDE.md §2), and the fees of （十一） (GUIDE.md §3), as typed results.
//!
//! Each standard passes, fails (its parts carry the numbers measured and how far they fall
//! short), is exempt, or lacks data. Comparisons are exact: land in mu is compared with areas
//! in m² by cross-multiplying with 1 mu = 2000/3 m² (policy data), never through a rounded
//! conversion. A boundary value passes: a plot ratio of exactly 1.5, a green ratio of exactly
//! 10%, a share of exactly 70%. Words are put on the results by [`words`] alone.

mod fees;
mod part;
mod rules;
pub mod words;

pub use fees::{Beyond, Fee, Fees};
pub use part::{EnterpriseGroup, HeldFor, Measure, NonProduction, Part, PerMuOf, SelfHeldUse, UnitKind, ValueAddedPer};

use serde::Serialize;

use crate::facts::profile::Profile;
use crate::policy::Policy;

/// Where a standard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met.
    Pass,
    /// Not met; the failing parts say by how much.
    Fail,
    /// Does not apply (特殊行业 for the plot ratio).
    Exempt,
    /// The profile lacks a fact it needs.
    NotEnoughData,
}

/// One standard checked.
#[derive(Debug, Clone)]
pub struct StandardCheck {
    /// Its id in `policy.yaml`, e.g. `plot_ratio`.
    pub standard: &'static str,
    /// Clause.
    pub clause: String,
    /// The policy's words.
    pub words: String,
    /// Where it stands.
    pub outcome: Outcome,
    /// What was measured, part by part, each met or not (empty when nothing could be
    /// measured, or the standard is exempt).
    pub parts: Vec<Part>,
    /// Facts it needs that the profile lacks (a field, or a field ` (above 0)` when a whole
    /// to divide by is zero).
    pub missing: Vec<&'static str>,
}

impl StandardCheck {
    /// The parts that fall short, when the standard fails.
    pub fn shortfalls(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(move |p| self.outcome == Outcome::Fail && !p.holds)
    }
}

/// A profile checked.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The park.
    pub park_id: String,
    /// Its name.
    pub park_name: String,
    /// True only when every standard passes (or is exempt).
    pub all_passed: bool,
    /// Each standard, in GUIDE.md §2's order.
    pub standards: Vec<StandardCheck>,
    /// The fees.
    pub fees: Fees,
}

/// Checks every standard of GUIDE.md §2 and works out the fees of §3.
pub fn check(profile: &Profile, policy: &Policy) -> CheckReport {
    let standards = rules::every_standard(profile, policy);
    let all_passed = standards
        .iter()
        .all(|s| matches!(s.outcome, Outcome::Pass | Outcome::Exempt));
    CheckReport {
        park_id: profile.park.id.clone(),
        park_name: profile.park.name.clone(),
        all_passed,
        standards,
        fees: fees::fees(profile, policy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::profile::{Enterprises, LeadingIndustry};
    use crate::policy::LoadedPolicy;
    use crate::values::lang::Lang;
    use crate::values::measure::Quantity;

    /// A standard's outcome and its shortfall in English.
    fn outcome(profile: &Profile, id: &str) -> (Outcome, Option<String>) {
        let policy = LoadedPolicy::from_texts(&[]).unwrap();
        let report = check(profile, &policy.policy).in_words(Lang::En);
        let c = report.standards.into_iter().find(|c| c.standard == id).unwrap();
        (c.outcome, c.shortfall)
    }

    fn qty(s: &str) -> Option<Quantity> {
        Some(Quantity::parse(s).unwrap())
    }

    #[test]
    fn a_plot_ratio_of_exactly_one_and_a_half_passes() {
        let mut p = Profile::default();
        p.land.total_mu = qty("150"); // 100,000 m²
        p.floor_area.plot_ratio_m2 = qty("150000");
        assert_eq!(outcome(&p, "plot_ratio").0, Outcome::Pass);
        p.floor_area.plot_ratio_m2 = qty("149999.99");
        assert_eq!(
            outcome(&p, "plot_ratio"),
            (Outcome::Fail, Some("0.01 m² more floor area needed".into()))
        );
        // 100 mu is 66,666.66… m²: 1.5 × that is exactly 100,000 m², with no rounding on the way.
        p.land.total_mu = qty("100");
        p.floor_area.plot_ratio_m2 = qty("100000");
        assert_eq!(outcome(&p, "plot_ratio").0, Outcome::Pass);
        p.floor_area.plot_ratio_m2 = qty("99999.999");
        assert_eq!(
            outcome(&p, "plot_ratio"),
            (Outcome::Fail, Some("0.01 m² more floor area needed".into()))
        );
    }

    #[test]
    fn a_green_ratio_of_exactly_ten_percent_passes() {
        let mut p = Profile::default();
        p.land.total_mu = qty("150");
        p.green_area_m2 = qty("10000");
        assert_eq!(outcome(&p, "green_ratio").0, Outcome::Pass);
        p.green_area_m2 = qty("9999.5");
        assert_eq!(
            outcome(&p, "green_ratio"),
            (Outcome::Fail, Some("0.5 m² more green area needed".into()))
        );
    }

    #[test]
    fn shares_of_exactly_seventy_percent_pass() {
        let industry = |n| {
            crate::facts::yaml::Located::new(
                LeadingIndustry {
                    code: "383".into(),
                    name: String::new(),
                    enterprises: n,
                },
                None,
            )
        };
        let mut p = Profile {
            enterprises: Enterprises {
                resident: Some(60),
                small_micro: Some(42),
                leading_industries: Some(vec![industry(42)]),
            },
            ..Profile::default()
        };
        assert_eq!(outcome(&p, "industry_concentration").0, Outcome::Pass);
        assert_eq!(outcome(&p, "small_micro_share").0, Outcome::Pass);
        p.enterprises.small_micro = Some(41);
        p.enterprises.leading_industries = Some(vec![industry(41)]);
        // (41 + x) / (60 + x) ≥ 0.7 → x ≥ 3.33 → 4; 41 / (60 − y) ≥ 0.7 → y ≥ 1.43 → 2.
        let expected = Some("4 more small and micro enterprises (or 2 fewer other enterprises)".to_string());
        assert_eq!(outcome(&p, "small_micro_share"), (Outcome::Fail, expected));
        assert_eq!(outcome(&p, "industry_concentration").0, Outcome::Fail);
    }

    #[test]
    fn upper_bounds_of_exactly_ten_and_fifteen_percent_pass() {
        let mut p = Profile::default();
        p.land.industrial_mu = qty("140");
        p.land.non_production_mu = qty("14");
        p.floor_area.plot_ratio_m2 = qty("160000");
        p.floor_area.non_production_plot_ratio_m2 = qty("24000");
        assert_eq!(outcome(&p, "non_production_land").0, Outcome::Pass);
        assert_eq!(outcome(&p, "non_production_floor").0, Outcome::Pass);
        p.land.non_production_mu = qty("14.01");
        p.floor_area.non_production_plot_ratio_m2 = qty("24000.01");
        assert_eq!(
            outcome(&p, "non_production_land"),
            (Outcome::Fail, Some("0.01 mu too much (at most 14 mu)".into()))
        );
        assert_eq!(
            outcome(&p, "non_production_floor"),
            (Outcome::Fail, Some("0.01 m² too much (at most 24,000 m²)".into()))
        );
    }

    #[test]
    fn parking_of_exactly_point_four_per_hundred_square_metres_passes() {
        let mut p = Profile {
            parking_spaces: Some(720),
            ..Profile::default()
        };
        p.floor_area.total_m2 = qty("180000");
        assert_eq!(outcome(&p, "parking").0, Outcome::Pass);
        p.floor_area.total_m2 = qty("180001");
        assert_eq!(
            outcome(&p, "parking"),
            (Outcome::Fail, Some("1 more spaces needed".into()))
        );
    }

    #[test]
    fn a_missing_fact_is_never_a_pass() {
        let p = Profile::default();
        let policy = LoadedPolicy::from_texts(&[]).unwrap();
        let report = check(&p, &policy.policy);
        assert!(report.standards.iter().all(|c| c.outcome == Outcome::NotEnoughData));
        assert!(
            report
                .standards
                .iter()
                .all(|c| c.parts.is_empty() && !c.missing.is_empty())
        );
        assert!(!report.all_passed);
    }

    #[test]
    fn a_failing_part_decides_a_standard_of_several_parts_and_carries_its_numbers() {
        let mut p = Profile::default();
        p.self_held.production_years = Some(1);
        let policy = LoadedPolicy::from_texts(&[]).unwrap();
        let report = check(&p, &policy.policy);
        let c = report
            .standards
            .iter()
            .find(|c| c.standard == "self_held_production")
            .unwrap();
        assert_eq!(c.outcome, Outcome::Fail);
        assert!(c.missing.is_empty(), "a failing part decides, whatever the area's data");
        assert_eq!(
            c.shortfalls().map(|p| p.measure.clone()).collect::<Vec<_>>(),
            vec![Measure::HeldYears {
                basis: HeldFor::AfterOpening,
                years: 1,
                min_years: 3,
                more: 2
            }]
        );
    }
}
