//! The checks that refuse a policy missing a value, a clause or its words, or whose values
//! do not fit together.

use std::path::Path;

use super::*;
use crate::values::item::ItemId;

impl Policy {
    /// Checks that every rule cites its clause and words, and that the values needed are there.
    ///
    /// # Errors
    /// The first rule without a source, or a missing or inconsistent value.
    pub fn validate(&self, file: &Path) -> Result<(), PolicyError> {
        let unsourced = |rule: &str, field: &'static str| PolicyError::Unsourced {
            file: file.to_path_buf(),
            rule: rule.to_string(),
            field,
        };
        let invalid = |path: &str, message: &str| PolicyError::Invalid {
            file: file.to_path_buf(),
            path: path.to_string(),
            message: message.to_string(),
        };
        let mut sourced: Vec<(&str, &str, &str)> = vec![
            ("in_force", &self.in_force.clause, &self.in_force.words),
            (
                "items.provincial_listing",
                &self.items.provincial_listing.clause,
                &self.items.provincial_listing.words,
            ),
            (
                "items.star_award",
                &self.items.star_award.clause,
                &self.items.star_award.words,
            ),
            (
                "items.star_award.gate",
                &self.items.star_award.gate.clause,
                &self.items.star_award.gate.words,
            ),
            (
                "items.fiscal_rebate",
                &self.items.fiscal_rebate.clause,
                &self.items.fiscal_rebate.words,
            ),
            (
                "items.digital_subsidy",
                &self.items.digital_subsidy.clause,
                &self.items.digital_subsidy.words,
            ),
            ("rating_ladder", &self.rating_ladder.clause, &self.rating_ladder.words),
            (
                "no_duplication",
                &self.no_duplication.clause,
                &self.no_duplication.words,
            ),
            ("case_by_case", &self.case_by_case.clause, &self.case_by_case.words),
            ("targets", &self.targets.clause, &self.targets.words),
            ("standards", &self.standards.clause, &self.standards.words),
            ("fees", &self.fees.clause, &self.fees.words),
        ];
        for (id, rule) in self.standards.each() {
            sourced.push((id, &rule.clause, &rule.words));
        }
        for (rule, clause, words) in sourced {
            if clause.trim().is_empty() {
                return Err(unsourced(rule, "clause"));
            }
            if words.trim().is_empty() {
                return Err(unsourced(rule, "words"));
            }
        }
        for reading in self.readings.entries() {
            let rule = format!("readings.{}", reading.reading.as_str());
            if reading.meta.clause.trim().is_empty() {
                return Err(unsourced(&rule, "clause"));
            }
            if reading.meta.words.trim().is_empty() {
                return Err(unsourced(&rule, "words"));
            }
        }
        let st = &self.standards;
        let needs = [
            (
                "standards.square_metres_per_mu",
                st.square_metres_per_mu
                    .is_some_and(|f| f.numerator > 0 && f.denominator > 0),
            ),
            (
                "standards.size",
                st.size.land_mu_at_least.is_some() && st.size.floor_area_m2_at_least.is_some(),
            ),
            (
                "standards.plot_ratio.at_least",
                matches!(st.plot_ratio.at_least, Some(Threshold::Number(_))),
            ),
            (
                "standards.green_ratio.at_least",
                matches!(st.green_ratio.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.leading_industries.at_most",
                matches!(st.leading_industries.at_most, Some(Threshold::Number(_))),
            ),
            (
                "standards.industry_concentration.at_least",
                matches!(st.industry_concentration.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.small_micro_share.at_least",
                matches!(st.small_micro_share.at_least, Some(Threshold::Share(_))),
            ),
            (
                "standards.non_production_land.at_most",
                matches!(st.non_production_land.at_most, Some(Threshold::Share(_))),
            ),
            (
                "standards.non_production_floor.at_most",
                matches!(st.non_production_floor.at_most, Some(Threshold::Share(_))),
            ),
            (
                "standards.parking.spaces_per_100_m2_at_least",
                st.parking.spaces_per_100_m2_at_least.is_some(),
            ),
            (
                "standards.self_held_non_production",
                st.self_held_non_production.share_of_non_production_at_least.is_some()
                    && st.self_held_non_production.share_of_total_at_least.is_some(),
            ),
            (
                "standards.self_held_production",
                st.self_held_production.share_of_total_at_least.is_some()
                    && st.self_held_production.years_at_least.is_some(),
            ),
            (
                "standards.unit_division",
                st.unit_division.divisible_m2_at_least.is_some() && st.unit_division.saleable_m2_at_least.is_some(),
            ),
            (
                "standards.investment_intensity.yuan_per_mu_at_least",
                st.investment_intensity.yuan_per_mu_at_least.is_some(),
            ),
            (
                "standards.land_tax.yuan_per_mu_at_least",
                st.land_tax.yuan_per_mu_at_least.is_some(),
            ),
            (
                "standards.emission_value_added.yuan_per_tonne_at_least",
                st.emission_value_added.yuan_per_tonne_at_least.is_some(),
            ),
            (
                "standards.energy_value_added.yuan_per_tce_at_least",
                st.energy_value_added.yuan_per_tce_at_least.is_some(),
            ),
            (
                "fees",
                self.fees.maintenance_fund_per_m2.is_some() && self.fees.warranty_deposit_per_m2.is_some(),
            ),
            (
                "targets",
                self.targets.high_star_min_stars.is_some()
                    && self.targets.high_star_parks_at_least.is_some()
                    && self.targets.five_star_parks_at_least.is_some()
                    && self.targets.enterprises_in_parks_at_least.is_some(),
            ),
        ];
        if let Some((path, _)) = needs.iter().find(|(_, ok)| !ok) {
            return Err(invalid(
                path,
                "is missing its threshold (or has one of the wrong kind: a percentage or a number)",
            ));
        }
        if self.in_force.windows.is_empty() {
            return Err(invalid(
                "in_force.windows",
                "the policy needs at least one period in force",
            ));
        }
        for (i, w) in self.in_force.windows.iter().enumerate() {
            if w.from > w.to {
                return Err(invalid(&format!("in_force.windows[{i}]"), "`from` is after `to`"));
            }
        }
        let items = &self.items;
        for (path, beneficiary) in [
            (
                "items.provincial_listing.beneficiary",
                items.provincial_listing.beneficiary,
            ),
            ("items.star_award.beneficiary", items.star_award.beneficiary),
            ("items.fiscal_rebate.beneficiary", items.fiscal_rebate.beneficiary),
            ("items.digital_subsidy.beneficiary", items.digital_subsidy.beneficiary),
        ] {
            if beneficiary.is_none() {
                return Err(invalid(path, "say who receives it: operator or local_government"));
            }
        }
        let empty = ParamId::ALL
            .iter()
            .find(|id| id.dated_values(self) == 0)
            .map(|id| id.path().to_string());
        let empty_choice = self.readings.entries().into_iter().find(|r| r.choices.is_empty());
        let empty_choice = empty_choice.map(|r| format!("readings.{}.choice", r.reading.as_str()));
        if let Some(path) = empty.or(empty_choice) {
            return Err(invalid(
                &path,
                "needs at least one dated value, e.g. { 2021-08-20: ... }",
            ));
        }
        for (path, dated) in [
            ("items.fiscal_rebate.cap", &items.fiscal_rebate.cap),
            ("items.digital_subsidy.cap", &items.digital_subsidy.cap),
        ] {
            if dated.0.values().any(|m| m.is_negative()) {
                return Err(invalid(path, "a cap cannot be negative"));
            }
        }
        if items.fiscal_rebate.min_stars.0.values().any(|s| !(1..=5).contains(s)) {
            return Err(invalid("items.fiscal_rebate.min_stars", "a star level is 1 to 5"));
        }
        let mut listing_rungs = 0;
        for (id, rung) in &self.rating_ladder.rungs {
            let path = format!("rating_ladder.rungs.{id}");
            if rung.level.is_none() {
                return Err(invalid(&path, "needs `level` (0 for the listing, then the star level)"));
            }
            if rung.amount.0.is_empty() || rung.amount.0.values().any(|m| m.is_negative()) {
                return Err(invalid(&path, "needs a dated, non-negative `amount`"));
            }
            match (rung.item, rung.stars) {
                (Some(ItemId::ProvincialListing), None) => listing_rungs += 1,
                (Some(ItemId::StarAward), Some(s)) if (1..=5).contains(&s) => {}
                _ => {
                    return Err(invalid(
                        &path,
                        "a rung is either `item: provincial_listing` (no stars) or `item: star_award` with `stars` 1 to 5",
                    ));
                }
            }
        }
        if listing_rungs != 1 {
            return Err(invalid(
                "rating_ladder.rungs",
                "the ladder needs exactly one provincial_listing rung",
            ));
        }
        Ok(())
    }
}
