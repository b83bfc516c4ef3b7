//! Overlays: a `--policy` file of changes merged over the policy before it.

use std::collections::BTreeMap;

use super::*;

/// Overlaying: dated values are added (a same-dated value replaced), maps merged by key,
/// and any other value given replaces the one before.
pub(crate) trait Merge {
    fn overlay_with(&mut self, overlay: Self);
}

impl Merge for String {
    fn overlay_with(&mut self, overlay: Self) {
        if !overlay.is_empty() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Option<T> {
    fn overlay_with(&mut self, overlay: Self) {
        if overlay.is_some() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Vec<T> {
    fn overlay_with(&mut self, overlay: Self) {
        if !overlay.is_empty() {
            *self = overlay;
        }
    }
}

impl<T> Merge for Dated<T> {
    fn overlay_with(&mut self, overlay: Self) {
        self.0.extend(overlay.0);
    }
}

impl<V: Merge> Merge for BTreeMap<String, V> {
    fn overlay_with(&mut self, overlay: Self) {
        for (key, value) in overlay {
            match self.get_mut(&key) {
                Some(existing) => existing.overlay_with(value),
                None => {
                    self.insert(key, value);
                }
            }
        }
    }
}

macro_rules! merge_by_field {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl Merge for $ty {
            fn overlay_with(&mut self, overlay: Self) {
                $( self.$field.overlay_with(overlay.$field); )*
            }
        }
    )*};
}

merge_by_field! {
    PolicyMeta { id, title, issuer, issued_on, guide }
    Source { clause, words }
    InForce { clause, words, windows }
    StarGate { clause, words, eligible_grades }
    ItemRule { clause, words, beneficiary }
    StarAwardRule { clause, words, beneficiary, gate }
    FiscalRebateRule { clause, words, beneficiary, min_stars, share, cap }
    DigitalSubsidyRule { clause, words, beneficiary, soft_rate, hardware_rate, cap }
    Items { provincial_listing, star_award, fiscal_rebate, digital_subsidy }
    Rung { level, item, stars, amount }
    Ladder { clause, words, rungs }
    Targets {
        clause, words, by, high_star_min_stars, high_star_parks_at_least, five_star_parks_at_least,
        enterprises_in_parks_at_least, new_digital_demonstration_parks_at_least,
        manufacturing_parks_over_100_mu_share_more_than, manufacturing_share_at_least
    }
    Standard {
        clause, words, land_mu_at_least, floor_area_m2_at_least, at_least, at_most, spaces_per_100_m2_at_least,
        share_of_non_production_at_least, share_of_total_at_least, years_at_least, divisible_m2_at_least,
        saleable_m2_at_least, yuan_per_mu_at_least, yuan_per_tonne_at_least, yuan_per_tce_at_least
    }
    Standards {
        clause, words, square_metres_per_mu, size, plot_ratio, green_ratio, leading_industries, industry_concentration,
        small_micro_share, non_production_land, non_production_floor, parking, self_held_non_production,
        self_held_production, unit_division, investment_intensity, land_tax, emission_value_added, energy_value_added
    }
    Fees { clause, words, collected_by, maintenance_fund_per_m2, warranty_deposit_per_m2 }
    Policy {
        policy, in_force, items, rating_ladder, no_duplication, case_by_case, readings, targets, standards, fees
    }
}
