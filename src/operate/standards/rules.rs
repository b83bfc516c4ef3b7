//! The standards of （二）（四） (GUIDE.md §2), each one of a few kinds of check: a figure at
//! least or at most its threshold, either of two figures, or several parts that must all hold.

use rust_decimal::Decimal;

use super::part::{
    EnterpriseGroup, HeldFor, Measure, NonProduction, Part, PerMuOf, SelfHeldUse, UnitKind, ValueAddedPer,
};
use super::{Outcome, StandardCheck};
use crate::facts::profile::Profile;
use crate::policy::{Policy, Standard, Threshold};
use crate::values::measure::Quantity;
use crate::values::money::Money;
use crate::values::rate::Rate;

fn q(d: Decimal) -> Quantity {
    Quantity::from_decimal(d)
}

/// A measured share as a percentage, rounded down to 0.1%, so that a failing share never
/// reads as its threshold.
fn percent(d: Decimal) -> Quantity {
    q(d * Decimal::ONE_HUNDRED).floor_dp(1)
}

fn need_count(d: Decimal) -> u64 {
    let c = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    u64::try_from(c.mantissa() / 10i128.pow(c.scale())).unwrap_or(u64::MAX)
}

fn share(t: &Option<Threshold>) -> Rate {
    match t {
        Some(Threshold::Share(r)) => *r,
        _ => unreachable!("validated on loading: a share"),
    }
}

fn number(t: &Option<Threshold>) -> Quantity {
    match t {
        Some(Threshold::Number(n)) => *n,
        _ => unreachable!("validated on loading: a number"),
    }
}

/// A part not yet decidable: the facts it lacks (or a whole that is zero).
enum Checked {
    Decided(Part),
    Lacks(Vec<&'static str>),
}

fn decided(holds: bool, measure: Measure) -> Checked {
    Checked::Decided(Part { holds, measure })
}

/// The facts among `fields` that are not given (`false`).
fn lacks(fields: &[(&'static str, bool)]) -> Checked {
    Checked::Lacks(fields.iter().filter(|(_, given)| !given).map(|(f, _)| *f).collect())
}

/// A standard of several parts (GUIDE.md §2): a part that fails decides it, whatever the
/// other parts' data; it passes only when every part passes; otherwise the facts that the
/// undecided parts lack are listed, beside the parts that were measured. A standard of one
/// part is the same rule.
fn judge(start: StandardCheck, checked: Vec<Checked>) -> StandardCheck {
    let mut r = start;
    let mut missing: Vec<&'static str> = Vec::new();
    for c in checked {
        match c {
            Checked::Decided(p) => r.parts.push(p),
            Checked::Lacks(fields) => {
                for f in fields {
                    if !missing.contains(&f) {
                        missing.push(f);
                    }
                }
            }
        }
    }
    r.outcome = if r.parts.iter().any(|p| !p.holds) {
        Outcome::Fail
    } else if missing.is_empty() {
        Outcome::Pass
    } else {
        r.missing = missing;
        Outcome::NotEnoughData
    };
    r
}

struct Checker<'a> {
    profile: &'a Profile,
    per_mu: Decimal,
}

impl Checker<'_> {
    fn land_m2(&self, mu: Quantity) -> Decimal {
        mu.get() * self.per_mu
    }
}

fn start(id: &'static str, rule: &Standard) -> StandardCheck {
    StandardCheck {
        standard: id,
        clause: rule.clause.clone(),
        words: rule.words.clone(),
        outcome: Outcome::NotEnoughData,
        parts: Vec::new(),
        missing: Vec::new(),
    }
}

/// Every standard of GUIDE.md §2, in its order.
pub(super) fn every_standard(profile: &Profile, policy: &Policy) -> Vec<StandardCheck> {
    let st = &policy.standards;
    let (numerator, denominator) = policy.m2_per_mu();
    let c = Checker {
        profile,
        per_mu: Decimal::from(numerator) / Decimal::from(denominator),
    };
    let e = &profile.economics;
    let one = |id: &'static str, rule: &Standard, part: Checked| judge(start(id, rule), vec![part]);
    vec![
        one("size", &st.size, size(&c, &st.size)),
        plot_ratio(&c, &st.plot_ratio),
        one("green_ratio", &st.green_ratio, green_ratio(&c, &st.green_ratio)),
        one(
            "leading_industries",
            &st.leading_industries,
            leading_industries(&c, &st.leading_industries),
        ),
        one(
            "industry_concentration",
            &st.industry_concentration,
            enterprise_share(&c, EnterpriseGroup::LeadingIndustries, &st.industry_concentration),
        ),
        one(
            "small_micro_share",
            &st.small_micro_share,
            enterprise_share(&c, EnterpriseGroup::SmallMicro, &st.small_micro_share),
        ),
        one(
            "non_production_land",
            &st.non_production_land,
            non_production(&c, NonProduction::Land, &st.non_production_land),
        ),
        one(
            "non_production_floor",
            &st.non_production_floor,
            non_production(&c, NonProduction::Floor, &st.non_production_floor),
        ),
        one("parking", &st.parking, parking(&c, &st.parking)),
        self_held_non_production(&c, &st.self_held_non_production),
        self_held_production(&c, &st.self_held_production),
        unit_division(&c, &st.unit_division),
        one(
            "investment_intensity",
            &st.investment_intensity,
            per_mu(
                &c,
                PerMuOf::FixedAssetInvestment,
                &st.investment_intensity,
                e.fixed_asset_investment,
            ),
        ),
        one("land_tax", &st.land_tax, per_mu(&c, PerMuOf::Tax, &st.land_tax, e.tax)),
        one(
            "emission_value_added",
            &st.emission_value_added,
            value_added(
                &c,
                ValueAddedPer::Emissions,
                e.emissions_tonnes,
                st.emission_value_added.yuan_per_tonne_at_least,
            ),
        ),
        one(
            "energy_value_added",
            &st.energy_value_added,
            value_added(
                &c,
                ValueAddedPer::Energy,
                e.energy_tce,
                st.energy_value_added.yuan_per_tce_at_least,
            ),
        ),
    ]
}

/// Either the land or the floor area suffices.
fn size(c: &Checker<'_>, rule: &Standard) -> Checked {
    let (min_mu, min_m2) = (
        rule.land_mu_at_least.expect("validated"),
        rule.floor_area_m2_at_least.expect("validated"),
    );
    let (mu, m2) = (c.profile.land.total_mu, c.profile.floor_area.total_m2);
    let holds = match (mu.map(|v| v >= min_mu), m2.map(|v| v >= min_m2)) {
        (Some(true), _) | (_, Some(true)) => true,
        (Some(false), Some(false)) => false,
        _ => return lacks(&[("land.total_mu", mu.is_some()), ("floor_area.total_m2", m2.is_some())]),
    };
    decided(
        holds,
        Measure::Size {
            land_mu: mu,
            min_mu,
            floor_m2: m2,
            min_m2,
            more_mu: q(min_mu.get() - mu.unwrap_or_default().get()),
            more_m2: q(min_m2.get() - m2.unwrap_or_default().get()),
        },
    )
}

/// The land in m², when given and above zero.
fn land(c: &Checker<'_>, with: (&'static str, bool)) -> Result<(Quantity, Decimal), Checked> {
    let Some(mu) = c.profile.land.total_mu else {
        return Err(lacks(&[("land.total_mu", false), with]));
    };
    if !with.1 {
        return Err(lacks(&[with]));
    }
    let land = c.land_m2(mu);
    if land.is_zero() {
        return Err(lacks(&[("land.total_mu (above 0)", false)]));
    }
    Ok((mu, land))
}

fn plot_ratio(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let mut r = start("plot_ratio", rule);
    if c.profile.special_industry_exemption == Some(true) {
        r.outcome = Outcome::Exempt;
        return r;
    }
    let min = number(&rule.at_least);
    let floor = c.profile.floor_area.plot_ratio_m2;
    let part = match land(c, ("floor_area.plot_ratio_m2", floor.is_some())) {
        Err(lacking) => lacking,
        Ok((mu, land)) => {
            let floor = floor.expect("given");
            decided(
                floor.get() >= min.get() * land,
                Measure::PlotRatio {
                    ratio: q(floor.get() / land).floor_dp(2),
                    floor_m2: floor,
                    land_mu: mu,
                    land_m2: q(land).floor_dp(2),
                    min,
                    more_m2: q(min.get() * land - floor.get()).ceil_dp(2),
                },
            )
        }
    };
    judge(r, vec![part])
}

fn green_ratio(c: &Checker<'_>, rule: &Standard) -> Checked {
    let min = share(&rule.at_least);
    let green = c.profile.green_area_m2;
    match land(c, ("green_area_m2", green.is_some())) {
        Err(lacking) => lacking,
        Ok((_, land)) => {
            let green = green.expect("given");
            decided(
                green.get() >= min.as_fraction() * land,
                Measure::GreenRatio {
                    percent: percent(green.get() / land),
                    green_m2: green,
                    land_m2: q(land).floor_dp(2),
                    min,
                    more_m2: q(min.as_fraction() * land - green.get()).ceil_dp(2),
                },
            )
        }
    }
}

fn leading_industries(c: &Checker<'_>, rule: &Standard) -> Checked {
    let max = number(&rule.at_most);
    let Some(list) = &c.profile.enterprises.leading_industries else {
        return lacks(&[("enterprises.leading_industries", false)]);
    };
    let n = Decimal::from(list.len() as u64);
    decided(
        n <= max.get(),
        Measure::LeadingIndustries {
            codes: list.iter().map(|i| i.code.clone()).collect(),
            max,
            fewer: q(n - max.get()),
        },
    )
}

/// `part` of `whole` at least `min`: the least to add to both, or to take from the rest.
fn share_shortfall(part: u64, whole: u64, min: Rate) -> (u64, u64) {
    let (p, w, t) = (Decimal::from(part), Decimal::from(whole), min.as_fraction());
    let add = if t >= Decimal::ONE {
        u64::MAX
    } else {
        need_count((t * w - p) / (Decimal::ONE - t))
    };
    let remove = if t.is_zero() { 0 } else { need_count(w - p / t) };
    (add, remove)
}

fn enterprise_share(c: &Checker<'_>, group: EnterpriseGroup, rule: &Standard) -> Checked {
    let e = &c.profile.enterprises;
    let (part, part_field) = match group {
        EnterpriseGroup::LeadingIndustries => (
            e.leading_industries
                .as_ref()
                .map(|l| l.iter().map(|i| i.enterprises).sum()),
            "enterprises.leading_industries",
        ),
        EnterpriseGroup::SmallMicro => (e.small_micro, "enterprises.small_micro"),
    };
    let min = share(&rule.at_least);
    let (Some(part), Some(whole)) = (part, e.resident) else {
        return lacks(&[
            (part_field, part.is_some()),
            ("enterprises.resident", e.resident.is_some()),
        ]);
    };
    if whole == 0 {
        return lacks(&[("enterprises.resident (above 0)", false)]);
    }
    let (add, remove) = share_shortfall(part, whole, min);
    decided(
        Decimal::from(part) >= min.as_fraction() * Decimal::from(whole),
        Measure::EnterpriseShare {
            group,
            part,
            whole,
            percent: percent(Decimal::from(part) / Decimal::from(whole)),
            min,
            add,
            remove,
        },
    )
}

fn non_production(c: &Checker<'_>, of: NonProduction, rule: &Standard) -> Checked {
    let max = share(&rule.at_most);
    let (l, f) = (&c.profile.land, &c.profile.floor_area);
    let (part, whole, excess_dp) = match of {
        NonProduction::Land => (
            ("land.non_production_mu", l.non_production_mu),
            ("land.industrial_mu", l.industrial_mu, "land.industrial_mu (above 0)"),
            4,
        ),
        NonProduction::Floor => (
            (
                "floor_area.non_production_plot_ratio_m2",
                f.non_production_plot_ratio_m2,
            ),
            (
                "floor_area.plot_ratio_m2",
                f.plot_ratio_m2,
                "floor_area.plot_ratio_m2 (above 0)",
            ),
            2,
        ),
    };
    let (Some(non), Some(all)) = (part.1, whole.1) else {
        return lacks(&[(part.0, part.1.is_some()), (whole.0, whole.1.is_some())]);
    };
    if all.get().is_zero() {
        return lacks(&[(whole.2, false)]);
    }
    let limit = max.as_fraction() * all.get();
    decided(
        non.get() <= limit,
        Measure::NonProductionShare {
            of,
            part: non,
            whole: all,
            percent: percent(non.get() / all.get()),
            max,
            excess: q(non.get() - limit).ceil_dp(excess_dp),
            limit: q(limit),
        },
    )
}

fn parking(c: &Checker<'_>, rule: &Standard) -> Checked {
    let min = rule.spaces_per_100_m2_at_least.expect("validated");
    let (spaces, floor) = (c.profile.parking_spaces, c.profile.floor_area.total_m2);
    let (Some(spaces), Some(floor)) = (spaces, floor) else {
        return lacks(&[
            ("parking_spaces", spaces.is_some()),
            ("floor_area.total_m2", floor.is_some()),
        ]);
    };
    if floor.get().is_zero() {
        return lacks(&[("floor_area.total_m2 (above 0)", false)]);
    }
    let needed = min.get() * floor.get() / Decimal::ONE_HUNDRED;
    decided(
        Decimal::from(spaces) >= needed,
        Measure::Parking {
            spaces,
            floor_m2: floor,
            per_100_m2: q(Decimal::from(spaces) * Decimal::ONE_HUNDRED / floor.get()).floor_dp(3),
            min,
            more: need_count(needed).saturating_sub(spaces),
        },
    )
}

/// A self-held floor area at least a share of a whole.
fn self_held_share(
    held: SelfHeldUse,
    area: (&'static str, Option<Quantity>),
    whole: (&'static str, Option<Quantity>, &'static str),
    min: Rate,
) -> Checked {
    let (Some(held_m2), Some(whole_m2)) = (area.1, whole.1) else {
        return lacks(&[(area.0, area.1.is_some()), (whole.0, whole.1.is_some())]);
    };
    if whole_m2.get().is_zero() {
        return lacks(&[(whole.2, false)]);
    }
    let need = min.as_fraction() * whole_m2.get();
    decided(
        held_m2.get() >= need,
        Measure::SelfHeldShare {
            held,
            held_m2,
            percent: percent(held_m2.get() / whole_m2.get()),
            whole_m2,
            min,
            more_m2: q(need - held_m2.get()).ceil_dp(2),
        },
    )
}

/// Years held at least a number of years.
fn held_years(basis: HeldFor, years: (&'static str, Option<u32>), min: (&'static str, Option<u32>)) -> Checked {
    let (Some(y), Some(m)) = (years.1, min.1) else {
        return lacks(&[(years.0, years.1.is_some()), (min.0, min.1.is_some())]);
    };
    decided(
        y >= m,
        Measure::HeldYears {
            basis,
            years: y,
            min_years: m,
            more: m - y.min(m),
        },
    )
}

fn self_held_non_production(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let (of_non, of_total) = (
        rule.share_of_non_production_at_least.expect("validated"),
        rule.share_of_total_at_least.expect("validated"),
    );
    let (sh, f) = (&c.profile.self_held, &c.profile.floor_area);
    let held = ("self_held.non_production_m2", sh.non_production_m2);
    let mut parts = vec![
        self_held_share(
            SelfHeldUse::NonProductionOfNonProduction,
            held,
            (
                "floor_area.non_production_m2",
                f.non_production_m2,
                "floor_area.non_production_m2 (above 0)",
            ),
            of_non,
        ),
        self_held_share(
            SelfHeldUse::NonProductionOfTotal,
            held,
            ("floor_area.total_m2", f.total_m2, "floor_area.total_m2 (above 0)"),
            of_total,
        ),
    ];
    if rule.held_for_land_use_term == Some(true) {
        parts.push(held_years(
            HeldFor::LandUseTerm,
            ("self_held.non_production_years", sh.non_production_years),
            ("land.use_term_years", c.profile.land.use_term_years),
        ));
    }
    judge(start("self_held_non_production", rule), parts)
}

fn self_held_production(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let sh = &c.profile.self_held;
    let parts = vec![
        self_held_share(
            SelfHeldUse::ProductionOfTotal,
            ("self_held.production_m2", sh.production_m2),
            (
                "floor_area.total_m2",
                c.profile.floor_area.total_m2,
                "floor_area.total_m2 (above 0)",
            ),
            rule.share_of_total_at_least.expect("validated"),
        ),
        held_years(
            HeldFor::AfterOpening,
            ("self_held.production_years", sh.production_years),
            ("", rule.years_at_least),
        ),
    ];
    judge(start("self_held_production", rule), parts)
}

fn unit_division(c: &Checker<'_>, rule: &Standard) -> StandardCheck {
    let u = &c.profile.units;
    let least = |unit: UnitKind, value: Option<Quantity>, min: Option<Quantity>, field: &'static str| {
        let min = min.expect("validated");
        match value {
            Some(m2) => decided(
                m2 >= min,
                Measure::SmallestUnit {
                    unit,
                    m2,
                    min,
                    larger: q(min.get() - m2.get()),
                },
            ),
            None => lacks(&[(field, false)]),
        }
    };
    let separately = match u.non_production_sold_separately {
        Some(sold) => decided(!sold, Measure::SoldSeparately { sold }),
        None => lacks(&[("units.non_production_sold_separately", false)]),
    };
    let parts = vec![
        least(
            UnitKind::Divisible,
            u.smallest_divisible_m2,
            rule.divisible_m2_at_least,
            "units.smallest_divisible_m2",
        ),
        least(
            UnitKind::Saleable,
            u.smallest_saleable_m2,
            rule.saleable_m2_at_least,
            "units.smallest_saleable_m2",
        ),
        separately,
    ];
    judge(start("unit_division", rule), parts)
}

fn per_mu(c: &Checker<'_>, of: PerMuOf, rule: &Standard, amount: Option<Money>) -> Checked {
    let min = rule.yuan_per_mu_at_least.expect("validated");
    let field = match of {
        PerMuOf::FixedAssetInvestment => "economics.fixed_asset_investment",
        PerMuOf::Tax => "economics.tax",
    };
    let mu = c.profile.land.total_mu;
    let (Some(amount), Some(mu)) = (amount, mu) else {
        return lacks(&[(field, amount.is_some()), ("land.total_mu", mu.is_some())]);
    };
    if mu.get().is_zero() {
        return lacks(&[("land.total_mu (above 0)", false)]);
    }
    let needed = min.as_decimal() * mu.get();
    decided(
        amount.as_decimal() >= needed,
        Measure::PerMu {
            of,
            amount: q(amount.as_decimal()),
            land_mu: mu,
            per_mu: q(amount.as_decimal() / mu.get()).floor_dp(2),
            min: q(min.as_decimal()),
            more: q(needed - amount.as_decimal()).ceil_dp(2),
        },
    )
}

fn value_added(c: &Checker<'_>, per: ValueAddedPer, units: Option<Quantity>, min: Option<Money>) -> Checked {
    let min = min.expect("validated");
    let field = match per {
        ValueAddedPer::Emissions => "economics.emissions_tonnes",
        ValueAddedPer::Energy => "economics.energy_tce",
    };
    let va = c.profile.economics.value_added;
    let (Some(va), Some(units)) = (va, units) else {
        return lacks(&[("economics.value_added", va.is_some()), (field, units.is_some())]);
    };
    let needed = min.as_decimal() * units.get();
    decided(
        va.as_decimal() >= needed,
        Measure::ValueAdded {
            per,
            value_added: q(va.as_decimal()),
            units,
            each: (!units.get().is_zero()).then(|| q(va.as_decimal() / units.get()).floor_dp(2)),
            min: q(min.as_decimal()),
            more: q(needed - va.as_decimal()).ceil_dp(2),
            at_most: q(va.as_decimal() / min.as_decimal()).floor_dp(4),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_shortfalls_add_to_both_or_take_from_the_rest() {
        let seventy = Rate::parse("70%").unwrap();
        // 60 of 100: (60 + x) / (100 + x) ≥ 0.7 → x ≥ 33.33 → 34; 60 / (100 − y) ≥ 0.7 → y ≥ 14.29 → 15.
        assert_eq!(share_shortfall(60, 100, seventy), (34, 15));
        // Exactly 70%: nothing more.
        assert_eq!(share_shortfall(70, 100, seventy), (0, 0));
    }
}
