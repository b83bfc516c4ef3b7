//! The digital subsidy （十四）: 「对小微企业园竣工验收后开展数字化建设的，按当年度软性投入的20%
//! 及支撑硬件投入的10%给予不超过100万元的补助」.

use crate::engine::counting::Counting;
use crate::engine::rules::{Outcome, Overflow, Standing, checked};
use crate::engine::terms::Terms;
use crate::engine::trace::{FactValue, Field, Step, SumTerms, Test, Trace};
use crate::facts::application::{Application, InvestmentKind};
use crate::policy::DigitalCapReading;
use crate::policy::ReadingId;
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};

const ITEM: ItemId = ItemId::DigitalSubsidy;

/// The subsidy for the year: soft × rate + hardware × rate over the investments that count,
/// capped per year (or per park over the policy's life, by reading).
///
/// # Errors
/// Overflow while summing.
pub fn assess<'a>(app: &'a Application, terms: &Terms<'a>) -> Result<Outcome<'a>, Overflow> {
    let n = app.digital_investments.len();
    // Room for the investments and the steps only where the park's completion was accepted by
    // the year's end (otherwise the rule records one fact and one failed test).
    let accepted_in_time = app.completion_accepted_on.is_some_and(|d| d <= terms.as_of);
    let mut trace = if accepted_in_time {
        // The other policies' grants are recorded as facts too, by the shared adjustments.
        // Nine steps: the two sums, rates and their addition, the cap, one adjustment and the
        // rounding; a park with more (a lifetime cap, an override) grows the list once.
        Trace::for_rule(terms.year.get(), n + 1 + app.other_grants.len(), n + 1, 9)
    } else {
        Trace::for_rule(terms.year.get(), 1, 1, 0)
    };
    let year = terms.year;
    trace.fact_opt("completion_accepted_on", app.completion_accepted_on, FactValue::Date);
    let Some(accepted) = app.completion_accepted_on else {
        trace.test(
            Test::Given {
                field: "completion_accepted_on",
            },
            false,
        );
        return Ok(Outcome::nothing(ITEM, Standing::Ineligible, trace));
    };
    if !trace.test(
        Test::AcceptedByYearEnd {
            date: accepted,
            year_end: terms.as_of,
        },
        accepted <= terms.as_of,
    ) {
        return Ok(Outcome::nothing(ITEM, Standing::Ineligible, trace));
    }

    // Which investments count: the rule tests each by it, and the sums read their terms by it.
    let counting = Counting {
        year,
        accepted_on: accepted,
        acceptance_day: terms.readings.acceptance_day,
        policy: terms.policy,
    };
    let (mut soft_sum, mut hardware_sum) = (Money::ZERO, Money::ZERO);
    let mut acceptance_day_matters = false;
    for (i, inv) in app.digital_investments.iter().enumerate() {
        trace.fact(
            Field::Row("digital_investments", i),
            FactValue::Investment {
                kind: inv.kind,
                amount: inv.amount,
                paid_on: inv.paid_on,
            },
        );
        let on_day = inv.paid_on == accepted;
        acceptance_day_matters |= on_day && year.contains(inv.paid_on);
        let counts = trace.test(
            Test::InvestmentCounts {
                index: i,
                paid_on: inv.paid_on,
                year: year.get(),
                accepted_on: accepted,
                in_force: counting.in_force(inv.paid_on),
                on_acceptance_day: on_day,
            },
            counting.counts(inv.paid_on),
        );
        if counts {
            let (sum, what) = match inv.kind {
                InvestmentKind::Soft => (&mut soft_sum, "soft investment"),
                InvestmentKind::Hardware => (&mut hardware_sum, "hardware investment"),
            };
            *sum = checked(sum.checked_add(inv.amount), ITEM, what)?;
        }
    }
    if acceptance_day_matters {
        trace.readings.push(terms.reading_use(ReadingId::AcceptanceDay));
    }
    let terms_of = |kind| SumTerms::Counted {
        investments: &app.digital_investments,
        kind,
        counting,
    };
    trace.step(Step::Sum {
        of: "soft",
        terms: terms_of(InvestmentKind::Soft),
        result: soft_sum.exact(),
    });
    trace.step(Step::Sum {
        of: "hardware",
        terms: terms_of(InvestmentKind::Hardware),
        result: hardware_sum.exact(),
    });
    let soft_part = checked(Unrounded::of_rate(soft_sum, terms.soft_rate.value), ITEM, "soft rate")?;
    trace.step(Step::Rate {
        of: "soft",
        base: soft_sum.exact(),
        rate: terms.soft_rate.value,
        result: soft_part,
        param: terms.soft_rate.param,
    });
    let hardware_part = checked(
        Unrounded::of_rate(hardware_sum, terms.hardware_rate.value),
        ITEM,
        "hardware rate",
    )?;
    trace.step(Step::Rate {
        of: "hardware",
        base: hardware_sum.exact(),
        rate: terms.hardware_rate.value,
        result: hardware_part,
        param: terms.hardware_rate.param,
    });
    let total = checked(soft_part.checked_add(hardware_part), ITEM, "sum of parts")?;
    trace.step(Step::Add {
        left: soft_part,
        right: hardware_part,
        result: total,
    });

    let cap = match terms.readings.digital_cap {
        DigitalCapReading::PerYear => {
            if total > terms.digital_cap.value.exact() {
                trace.readings.push(terms.reading_use(ReadingId::DigitalCap));
            }
            terms.digital_cap.value.exact()
        }
        DigitalCapReading::PerParkLifetime => {
            let (paid, _) = crate::engine::rules::prior_grants_paid(app, &mut trace, ITEM, |g| g.item == ITEM)?;
            let remaining = checked(
                terms.digital_cap.value.exact().checked_sub(paid.exact()),
                ITEM,
                "lifetime cap",
            )?
            .max(Unrounded::ZERO);
            trace.step(Step::LifetimeCap {
                cap: terms.digital_cap.value,
                paid_before: paid,
                remaining,
                param: terms.digital_cap.param,
            });
            trace.readings.push(terms.reading_use(ReadingId::DigitalCap));
            remaining
        }
    };
    let mut outcome = Outcome::capped(ITEM, total, cap, terms.digital_cap.param, trace);
    if terms.readings.digital_cap == DigitalCapReading::PerYear {
        crate::engine::rules::net_paid_this_year(app, terms, &mut outcome)?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::{app, kept_policy};

    fn run<'a>(a: &'a Application, overlay: Option<&str>) -> Outcome<'a> {
        let p = kept_policy(overlay);
        assess(a, &Terms::for_year(&p.policy, a.year).unwrap()).unwrap()
    }

    #[test]
    fn rates_apply_to_this_years_investment_after_acceptance() {
        let a = app(
            2022,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 1234567.89, paid_on: 2022-03-01 }\n  - { item: b, kind: soft, amount: 200000.00, paid_on: 2022-07-15 }\n  - { item: c, kind: hardware, amount: 2000000.01, paid_on: 2022-09-30 }\n  - { item: d, kind: hardware, amount: 500000.00, paid_on: 2021-12-20 }",
        );
        let o = run(&a, None);
        assert_eq!(o.exact.to_string(), "486913.579");
        assert_eq!(o.exact.round_half_up().to_string(), "486913.58");
    }

    #[test]
    fn the_acceptance_day_counts_unless_the_reading_excludes_it() {
        let a = app(
            2022,
            "completion_accepted_on: 2022-05-10\ndigital_investments:\n  - { item: a, kind: soft, amount: 100000.00, paid_on: 2022-05-10 }",
        );
        assert_eq!(run(&a, None).exact.round_half_up().to_string(), "20000.00");
        let overlay = "kind: overlay\nreadings:\n  acceptance_day:\n    choice: { 2021-08-20: excluded }\n";
        assert_eq!(run(&a, Some(overlay)).exact, Unrounded::ZERO);
    }

    #[test]
    fn capped_per_year_or_per_park_lifetime() {
        let a = app(
            2023,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 6000000, paid_on: 2023-03-01 }\nprior_grants:\n  - { item: digital_subsidy, year: 2022, amount: 1000000 }",
        );
        assert_eq!(run(&a, None).exact.round_half_up().to_string(), "1000000.00");
        let overlay = "kind: overlay\nreadings:\n  digital_cap:\n    choice: { 2021-08-20: per_park_lifetime }\n";
        assert_eq!(run(&a, Some(overlay)).exact, Unrounded::ZERO);
    }

    /// The sums' terms: the investments of each kind that count, in order, read in place from
    /// the application by the same test the rule records, however many there are.
    #[test]
    fn the_sums_list_the_investments_that_count_however_many() {
        let terms_of = |o: &Outcome| -> Vec<(&'static str, Vec<String>)> {
            o.trace
                .steps
                .iter()
                .filter_map(|s| match s {
                    Step::Sum { of, terms, .. } => Some((*of, terms.iter().map(|m| m.to_string()).collect())),
                    _ => None,
                })
                .collect()
        };
        let rows = |n: usize| {
            let mut s = String::from("completion_accepted_on: 2021-06-30\ndigital_investments:\n");
            for i in 0..n {
                // Every third investment was paid in 2021 and does not count in 2022; the
                // acceptance day itself counts (the reading in force).
                let (kind, paid_on) = match i % 3 {
                    0 => ("soft", "2022-03-01"),
                    1 => ("hardware", "2022-04-01"),
                    _ => ("soft", "2021-06-30"),
                };
                s.push_str(&format!(
                    "  - {{ item: i{i}, kind: {kind}, amount: {i}.01, paid_on: {paid_on} }}\n"
                ));
            }
            s
        };
        let few = app(2022, &rows(5));
        assert_eq!(
            terms_of(&run(&few, None)),
            [
                ("soft", vec!["0.01".to_string(), "3.01".to_string()]),
                ("hardware", vec!["1.01".to_string(), "4.01".to_string()]),
            ]
        );
        for n in [64, 65, 500] {
            let many = app(2022, &rows(n));
            let outcome = run(&many, None);
            let expected = |r: usize| {
                (0..n)
                    .filter(|i| i % 3 == r)
                    .map(|i| format!("{i}.01"))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                terms_of(&outcome),
                [("soft", expected(0)), ("hardware", expected(1))],
                "{n} investments"
            );
            // The terms are those whose test holds, and they add up to the sums recorded.
            let held: Vec<usize> = outcome
                .trace
                .conditions
                .iter()
                .filter_map(|c| match c.test {
                    Test::InvestmentCounts { index, .. } if c.holds => Some(index),
                    _ => None,
                })
                .collect();
            assert_eq!(held, (0..n).filter(|i| i % 3 != 2).collect::<Vec<_>>());
            for step in &outcome.trace.steps {
                if let Step::Sum { terms, result, .. } = step {
                    let total = terms.iter().fold(Money::ZERO, |a, m| a.checked_add(m).unwrap());
                    assert_eq!(total.exact(), *result);
                }
            }
        }
        // In 2021 the acceptance-day investments are in the year but before the policy took
        // effect (2021-08-20), and the others are not in the year: no term at all.
        let in_2021 = app(2021, &rows(6));
        assert_eq!(terms_of(&run(&in_2021, None)), [("soft", vec![]), ("hardware", vec![])]);
    }

    #[test]
    fn no_acceptance_no_subsidy() {
        let a = app(
            2022,
            "digital_investments:\n  - { item: a, kind: soft, amount: 100000.00, paid_on: 2022-05-10 }",
        );
        assert_eq!(run(&a, None).standing, Standing::Ineligible);
    }
}
