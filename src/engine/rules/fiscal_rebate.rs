//! The fiscal rebate （十四）: 「对四星级及以上小微企业园入驻企业的市本级财力贡献全额奖励属地
//! 政府，最高不超过300万元」. Paid to the local government (属地政府).

use crate::engine::rules::{Outcome, Overflow, Standing, checked};
use crate::engine::terms::Terms;
use crate::engine::trace::{Step, SumTerms, Test, Trace};
use crate::facts::application::Application;
use crate::policy::FirstYearRebateReading;
use crate::policy::ReadingId;
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};

const ITEM: ItemId = ItemId::FiscalRebate;

/// The rebate for the year: the contributions' sum (a negative sum gives 0) × share, capped.
///
/// # Errors
/// Overflow while summing.
pub fn assess<'a>(app: &'a Application, terms: &Terms<'a>) -> Result<Outcome<'a>, Overflow> {
    // Sized once for what the rule will record: the rating's two facts, the enterprises as one
    // borrowed entry, the grants the adjustments record, and the steps only where the gates
    // below hold (a park below the stars records two facts, no steps).
    let gates_hold = app
        .star_rating
        .as_ref()
        .is_some_and(|r| r.stars.get() >= terms.rebate_min_stars.value && r.recognized_on <= terms.as_of);
    let (facts, steps) = if gates_hold {
        (3 + app.prior_grants.len() + app.other_grants.len(), 8)
    } else {
        (2, 0)
    };
    let mut trace = Trace::for_rule(terms.year.get(), facts, 2, steps);
    crate::engine::rules::rating_facts(app, &mut trace);
    let Some(rating) = &app.star_rating else {
        trace.test(Test::Given { field: "star_rating" }, false);
        return Ok(Outcome::nothing(ITEM, Standing::Ineligible, trace));
    };
    let high_enough = trace.test(
        Test::StarsAtLeast {
            stars: rating.stars.get(),
            min: terms.rebate_min_stars.value,
            param: terms.rebate_min_stars.param,
        },
        rating.stars.get() >= terms.rebate_min_stars.value,
    );
    let in_time = trace.test(
        Test::RecognisedByYearEnd {
            date: rating.recognized_on,
            year_end: terms.as_of,
        },
        rating.recognized_on <= terms.as_of,
    );
    if !(high_enough && in_time) {
        return Ok(Outcome::nothing(ITEM, Standing::Ineligible, trace));
    }

    // The enterprises are borrowed from the application, as facts and as the sum's terms.
    let enterprises = &app.resident_enterprises[..];
    trace.facts.push_enterprises(enterprises);
    let sum = checked(
        Money::checked_sum(enterprises.iter().map(|e| e.city_fiscal_contribution)),
        ITEM,
        "sum of contributions",
    )?;
    trace.step(Step::Sum {
        of: "city_fiscal_contribution",
        terms: SumTerms::Contributions(enterprises),
        result: sum.exact(),
    });
    let mut amount = sum.exact();
    if sum.is_negative() {
        trace.step(Step::FloorAtZero { before: amount });
        amount = Unrounded::ZERO;
    }
    let shared = checked(amount.times(terms.rebate_share.value), ITEM, "share")?;
    trace.step(Step::Rate {
        of: "contributions",
        base: amount,
        rate: terms.rebate_share.value,
        result: shared,
        param: terms.rebate_share.param,
    });
    amount = shared;

    let (days, days_in_year) = (terms.days_in_force, terms.days_in_year);
    if days < days_in_year {
        trace.readings.push(terms.reading_use(ReadingId::FirstYearRebate));
        if terms.readings.first_year_rebate == FirstYearRebateReading::Prorated {
            let prorated = checked(
                amount.times_ratio(i64::from(days), i64::from(days_in_year)),
                ITEM,
                "pro-rating",
            )?;
            trace.step(Step::Prorate {
                before: amount,
                days,
                days_in_year,
                result: prorated,
            });
            amount = prorated;
        }
    }

    let cap = &terms.rebate_cap;
    let mut outcome = Outcome::capped(ITEM, amount, cap.value.exact(), cap.param, trace);
    crate::engine::rules::net_paid_this_year(app, terms, &mut outcome)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::{app, kept_policy};

    fn run(a: &Application) -> Outcome<'_> {
        let p = kept_policy(None);
        assess(a, &Terms::for_year(&p.policy, a.year).unwrap()).unwrap()
    }

    const ENTERPRISES: &str = "resident_enterprises:\n  - { uscc: 914403001922038216, name: 甲, city_fiscal_contribution: 1250000.50 }\n  - { uscc: 9144030071526726XG, name: 乙, city_fiscal_contribution: 2000000.25 }\n  - { uscc: 91330100716105852F, name: 丙, city_fiscal_contribution: -150000.00 }";

    #[test]
    fn sums_refunds_and_caps() {
        let a = app(
            2022,
            &format!("star_rating: {{ stars: 4, recognized_on: 2021-12-01 }}\n{ENTERPRISES}"),
        );
        let o = run(&a);
        assert_eq!(o.exact.round_half_up().to_string(), "3000000.00");
        assert!(
            o.trace
                .steps
                .iter()
                .any(|s| matches!(s, Step::Sum { result, .. } if result.to_string() == "3100000.75"))
        );
    }

    #[test]
    fn needs_four_stars_by_the_years_end() {
        let a = app(
            2022,
            &format!("star_rating: {{ stars: 3, recognized_on: 2021-12-01 }}\n{ENTERPRISES}"),
        );
        assert_eq!(run(&a).standing, Standing::Ineligible);
        let a = app(
            2022,
            &format!("star_rating: {{ stars: 5, recognized_on: 2023-01-01 }}\n{ENTERPRISES}"),
        );
        assert_eq!(run(&a).standing, Standing::Ineligible);
        let a = app(
            2022,
            &format!("star_rating: {{ stars: 5, recognized_on: 2022-12-31 }}\n{ENTERPRISES}"),
        );
        assert_eq!(run(&a).standing, Standing::Eligible);
    }

    #[test]
    fn a_negative_sum_gives_zero() {
        let a = app(
            2022,
            "star_rating: { stars: 4, recognized_on: 2021-12-01 }\nresident_enterprises:\n  - { uscc: 914403001922038216, name: 甲, city_fiscal_contribution: -0.01 }",
        );
        let o = run(&a);
        assert_eq!(o.standing, Standing::Eligible);
        assert_eq!(o.exact, Unrounded::ZERO);
    }
}
