//! The rating ladder （十四）（十八）: provincial listing < 1★ < 2★ < 3★, one exclusivity group.
//!
//! 「对入选省级小微企业园和当年认定为一星级、二星级、三星级小微企业园的，对运营管理机构分别给予
//! 不超过10万元、20万元、30万元和50万元奖励」 with 「从高、从优、不重复」.
//! Reading (GUIDE.md §1.2, `readings.rating_ladder`): a park receives at most the highest rung it
//! reaches; climbing pays the difference to what the group has already paid (补差).

use crate::engine::rules::{Outcome, Overflow, Standing, checked};
use crate::engine::terms::{RungTerms, Terms};
use crate::engine::trace::{FactValue, Step, Test, Trace};
use crate::facts::application::Application;
use crate::policy::ReadingId;
use crate::policy::{HighStarReading, LadderReading};
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};

/// The listing and star-award outcomes, decided together.
///
/// # Errors
/// Overflow while adding prior grants.
pub fn assess<'a>(app: &'a Application, terms: &Terms<'a>) -> Result<(Outcome<'a>, Outcome<'a>), Overflow> {
    let (listing_trace, listing_rung) = listing(app, terms);
    let (star_trace, star_rung) = star(app, terms);
    let mut listing = reached(ItemId::ProvincialListing, listing_trace, listing_rung);
    let mut star = reached(ItemId::StarAward, star_trace, star_rung);
    let paid_before = paid_in_group(app, terms)?;
    // The reading changes a figure only where two rungs meet: both reached this year, or one
    // reached after the group has paid before.
    let reading_matters = (listing_rung.is_some() && star_rung.is_some()) || !paid_before.is_zero();

    match terms.readings.rating_ladder {
        LadderReading::Cumulative => {
            for (outcome, rung) in [(&mut listing, listing_rung), (&mut star, star_rung)] {
                if let Some(rung) = rung {
                    outcome.exact = rung.amount.exact();
                    let paid = paid_same_award(app, terms, rung, &mut outcome.trace)?;
                    if !paid.is_zero() {
                        let result = checked(rung.amount.checked_sub(paid), rung.item, "ladder: the same award")?
                            .exact()
                            .max(Unrounded::ZERO);
                        outcome.trace.step(Step::SameAwardPaid {
                            rung: rung.id,
                            rung_amount: rung.amount,
                            paid_before: paid,
                            result,
                            param: rung.param,
                        });
                        outcome.exact = result;
                    }
                    if reading_matters {
                        outcome.trace.readings.push(terms.reading_use(ReadingId::RatingLadder));
                    }
                }
            }
        }
        LadderReading::Exclusive => {
            let highest = [listing_rung, star_rung]
                .into_iter()
                .flatten()
                .max_by_key(|r| (r.amount, r.level));
            if let Some(top) = highest {
                let remaining = checked(top.amount.checked_sub(paid_before), top.item, "ladder top-up")?
                    .exact()
                    .max(Unrounded::ZERO);
                let (winner, loser) = if top.item == ItemId::StarAward {
                    (&mut star, &mut listing)
                } else {
                    (&mut listing, &mut star)
                };
                // The group's grants, as facts; their sum is `paid_before`, over the rungs' items.
                crate::engine::rules::prior_grants_paid(app, &mut winner.trace, top.item, |g| {
                    matches!(g.item, ItemId::ProvincialListing | ItemId::StarAward)
                })?;
                winner.trace.step(Step::LadderTopUp {
                    rung: top.id,
                    rung_amount: top.amount,
                    paid_before,
                    result: remaining,
                    param: top.param,
                });
                winner.exact = remaining;
                if reading_matters {
                    winner.trace.readings.push(terms.reading_use(ReadingId::RatingLadder));
                }
                if loser.standing == Standing::Eligible {
                    loser.standing = Standing::Superseded;
                    loser.exact = Unrounded::ZERO;
                    loser.trace.step(Step::Superseded {
                        by_rung: top.id,
                        by_item: top.item,
                        by_amount: top.amount,
                        param: top.param,
                    });
                    loser.trace.readings.push(terms.reading_use(ReadingId::RatingLadder));
                }
            }
        }
    }
    Ok((listing, star))
}

fn reached<'a>(item: ItemId, trace: Trace<'a>, rung: Option<&RungTerms>) -> Outcome<'a> {
    let standing = if rung.is_some() {
        Standing::Eligible
    } else {
        Standing::Ineligible
    };
    Outcome::nothing(item, standing, trace)
}

/// What the group has paid before, from the application's prior grants, whatever year.
fn paid_in_group(app: &Application, terms: &Terms) -> Result<Money, Overflow> {
    let mut paid = Money::ZERO;
    for g in app.prior_grants.iter() {
        if terms.rungs.iter().any(|r| r.item == g.item) {
            paid = checked(paid.checked_add(g.amount), g.item, "prior grants")?;
        }
    }
    Ok(paid)
}

/// Under the cumulative reading, what was already paid as the same award (GUIDE.md §1.2:
/// each award in full, once). A prior grant names its item and year, not its rung: the listing
/// has one rung, so every listing grant is the same award; a star award is the same award when
/// it was paid for the calculation year (the recognition of 「当年认定」) or for the same
/// amount as the rung reached (the same rung paid in full before).
fn paid_same_award<'a>(
    app: &'a Application,
    terms: &Terms,
    rung: &RungTerms,
    trace: &mut Trace<'a>,
) -> Result<Money, Overflow> {
    let same = |g: &crate::facts::application::PriorGrant| {
        g.item == rung.item
            && (rung.item == ItemId::ProvincialListing || g.year == terms.year || g.amount == rung.amount)
    };
    Ok(crate::engine::rules::prior_grants_paid(app, trace, rung.item, same)?.0)
}

/// 入选省级小微企业园: newly selected in the calculation year, within the period in force.
fn listing<'a, 't>(app: &'a Application, terms: &'t Terms<'a>) -> (Trace<'a>, Option<&'t RungTerms<'a>>) {
    // No room for steps until a rung is reached: an item that reaches none records none.
    let mut trace = Trace::for_rule(
        terms.year.get(),
        1 + app.prior_grants.len() + app.other_grants.len(),
        2,
        0,
    );
    trace.fact_opt("provincial_listing", app.provincial_listing, FactValue::Date);
    let field = "provincial_listing";
    let Some(date) = app.provincial_listing else {
        trace.test(Test::Given { field }, false);
        return (trace, None);
    };
    let year = terms.year;
    let ok = trace.test(
        Test::InYear {
            field,
            date,
            year: year.get(),
        },
        year.contains(date),
    ) && trace.test(Test::EventInForce { field, date }, terms.policy.in_force_on(date));
    let rung = terms.listing_rung().filter(|_| ok);
    if let Some(r) = rung {
        trace.step(Step::Rung {
            rung: r.id,
            amount: r.amount,
            param: r.param,
        });
    }
    (trace, rung)
}

/// 当年认定为一星级、二星级、三星级: recognised in the year, with the gates of （十三）.
fn star<'a, 't>(app: &'a Application, terms: &'t Terms<'a>) -> (Trace<'a>, Option<&'t RungTerms<'a>>) {
    let mut trace = Trace::for_rule(
        terms.year.get(),
        4 + app.prior_grants.len() + app.other_grants.len(),
        6,
        0,
    );
    let year = terms.year;
    crate::engine::rules::rating_facts(app, &mut trace);
    trace.fact_opt("provincial_listing", app.provincial_listing, FactValue::Date);
    trace.fact_opt("performance_grade", app.performance_grade, FactValue::Grade);
    let Some(rating) = &app.star_rating else {
        trace.test(Test::Given { field: "star_rating" }, false);
        return (trace, None);
    };
    let field = "star_rating.recognized_on";
    let date = rating.recognized_on;
    let in_year = trace.test(
        Test::InYear {
            field,
            date,
            year: year.get(),
        },
        year.contains(date),
    );
    let in_force = trace.test(Test::EventInForce { field, date }, terms.policy.in_force_on(date));
    let recognised = trace.test(
        Test::ProvinciallyRecognised {
            listed_on: app.provincial_listing,
            year_end: terms.as_of,
        },
        app.provincial_listing.is_some_and(|d| d <= terms.as_of),
    );
    let grade_ok = trace.test(
        Test::GradeEligible {
            grade: app.performance_grade,
            eligible: terms.eligible_grades.value,
            param: terms.eligible_grades.param,
        },
        app.performance_grade
            .is_some_and(|g| terms.eligible_grades.value.contains(&g)),
    );
    let stars = rating.stars.get();
    let rung = match terms.star_rung(stars) {
        Some(r) => Some(r),
        None => match terms.readings.high_star_award {
            HighStarReading::Literal => None,
            HighStarReading::TopRung => terms.top_star_rung().filter(|top| top.stars < Some(stars)),
        },
    };
    if terms.star_rung(stars).is_none() {
        trace.readings.push(terms.reading_use(ReadingId::HighStarAward));
    }
    let has_rung = trace.test(Test::StarsHaveRung { stars }, rung.is_some());
    let rung = rung.filter(|_| in_year && in_force && recognised && grade_ok && has_rung);
    if let Some(r) = rung {
        trace.step(Step::Rung {
            rung: r.id,
            amount: r.amount,
            param: r.param,
        });
    }
    (trace, rung)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::{app, kept_policy};

    fn run<'a>(a: &'a Application, overlay: Option<&str>) -> (Outcome<'a>, Outcome<'a>) {
        let p = kept_policy(overlay);
        let terms = Terms::for_year(&p.policy, a.year).unwrap();
        assess(a, &terms).unwrap()
    }

    #[test]
    fn listing_and_star_in_one_year_pay_only_the_higher_rung() {
        let a = app(
            2022,
            "provincial_listing: 2022-04-10\nperformance_grade: B\nstar_rating: { stars: 2, recognized_on: 2022-12-05 }",
        );
        let (listing, star) = run(&a, None);
        assert_eq!(listing.standing, Standing::Superseded);
        assert_eq!(listing.exact, Unrounded::ZERO);
        assert_eq!(star.exact.round_half_up().to_string(), "300000.00");
    }

    #[test]
    fn climbing_pays_the_difference_to_the_group() {
        let a = app(
            2023,
            "provincial_listing: 2021-09-01\nperformance_grade: A\nstar_rating: { stars: 3, recognized_on: 2023-11-20 }\nprior_grants:\n  - { item: provincial_listing, year: 2021, amount: 100000 }\n  - { item: star_award, year: 2022, amount: 100000 }\n  - { item: digital_subsidy, year: 2022, amount: 999999 }",
        );
        let (_, star) = run(&a, None);
        assert_eq!(star.exact.round_half_up().to_string(), "300000.00");
    }

    #[test]
    fn cumulative_reading_pays_each_rung_in_full() {
        let overlay = "kind: overlay\nreadings:\n  rating_ladder:\n    choice: { 2021-08-20: cumulative }\n";
        let a = app(
            2022,
            "provincial_listing: 2022-04-10\nperformance_grade: B\nstar_rating: { stars: 2, recognized_on: 2022-12-05 }\nprior_grants:\n  - { item: star_award, year: 2021, amount: 200000 }",
        );
        let (listing, star) = run(&a, Some(overlay));
        assert_eq!(listing.exact.round_half_up().to_string(), "100000.00");
        assert_eq!(star.exact.round_half_up().to_string(), "300000.00");
    }

    #[test]
    fn cumulative_reading_pays_an_award_once() {
        let overlay = "kind: overlay\nreadings:\n  rating_ladder:\n    choice: { 2021-08-20: cumulative }\n";
        // The listing paid before is not paid again; the 1★ of the same year is paid in full.
        let a = app(
            2022,
            "provincial_listing: 2022-03-01\nperformance_grade: B\nstar_rating: { stars: 1, recognized_on: 2022-11-15 }\nprior_grants:\n  - { item: provincial_listing, year: 2022, amount: 100000 }",
        );
        let (listing, star) = run(&a, Some(overlay));
        assert_eq!(listing.exact, Unrounded::ZERO);
        assert_eq!(star.exact.round_half_up().to_string(), "200000.00");
        // The same 2★ paid in full before, recognised again: nothing more.
        let a = app(
            2023,
            "provincial_listing: 2021-09-01\nperformance_grade: B\nstar_rating: { stars: 2, recognized_on: 2023-05-01 }\nprior_grants:\n  - { item: star_award, year: 2022, amount: 300000 }",
        );
        let (_, star) = run(&a, Some(overlay));
        assert_eq!(star.exact, Unrounded::ZERO);
        // A part of this year's star award already paid: the rest.
        let a = app(
            2023,
            "provincial_listing: 2021-09-01\nperformance_grade: B\nstar_rating: { stars: 2, recognized_on: 2023-05-01 }\nprior_grants:\n  - { item: star_award, year: 2023, amount: 120000 }",
        );
        let (_, star) = run(&a, Some(overlay));
        assert_eq!(star.exact.round_half_up().to_string(), "180000.00");
    }

    #[test]
    fn four_stars_earn_no_star_award_literally_but_the_top_rung_by_the_alternative() {
        let a = app(
            2022,
            "provincial_listing: 2021-09-01\nperformance_grade: A\nstar_rating: { stars: 4, recognized_on: 2022-06-30 }",
        );
        let (_, star) = run(&a, None);
        assert_eq!(star.standing, Standing::Ineligible);
        assert!(
            star.trace
                .readings
                .iter()
                .any(|r| r.reading == ReadingId::HighStarAward && r.choice == "literal")
        );
        let overlay = "kind: overlay\nreadings:\n  high_star_award:\n    choice: { 2021-08-20: top_rung }\n";
        let (_, star) = run(&a, Some(overlay));
        assert_eq!(star.exact.round_half_up().to_string(), "500000.00");
    }

    #[test]
    fn star_gates_of_clause_13() {
        for (rest, why) in [
            ("performance_grade: D\nprovincial_listing: 2021-09-01", "grade D"),
            ("provincial_listing: 2021-09-01", "no grade"),
            ("performance_grade: A", "no listing"),
            (
                "performance_grade: A\nprovincial_listing: 2023-01-01",
                "listed after the year",
            ),
        ] {
            let a = app(
                2022,
                &format!("{rest}\nstar_rating: {{ stars: 1, recognized_on: 2022-05-01 }}"),
            );
            let (_, star) = run(&a, None);
            assert_eq!(star.standing, Standing::Ineligible, "{why}");
        }
        let a = app(
            2022,
            "performance_grade: C\nprovincial_listing: 2022-12-31\nstar_rating: { stars: 1, recognized_on: 2022-05-01 }",
        );
        let (_, star) = run(&a, None);
        assert_eq!(
            star.standing,
            Standing::Eligible,
            "grade C and a listing on the year's last day"
        );
    }
}
