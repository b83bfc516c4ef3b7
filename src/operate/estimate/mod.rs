//! `estimate`: what an operator's plans would pay. The facts so far, plus planned investments
//! or a planned star level, computed by the same engine; and the least additional soft or
//! hardware investment that reaches the digital-subsidy cap.

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
mod words;
pub use words::EstimateWords;

use crate::engine::assessment::{EngineError, Status, assess};
use crate::facts::application::{Application, DigitalInvestment, InvestmentKind};
use crate::policy::LoadedPolicy;
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};

use crate::engine::reason::Reason;
use crate::engine::trace::Step;
use crate::engine::trace::Test;
use crate::facts::plan::{Plan, Planned};
use crate::facts::yaml::Located;

/// One item, now and with the plan; its reasons typed (`R` = [`Reason`]) or in words
/// (`String`, which serializes).
#[derive(Debug, Clone, Serialize)]
pub struct ItemEstimate<R> {
    /// The item.
    pub item: ItemId,
    /// With the facts so far.
    pub now: Money,
    /// Its status now.
    pub status_now: Status,
    /// With the plan.
    pub planned: Money,
    /// Its status with the plan.
    pub status_planned: Status,
    /// The difference.
    pub change: Money,
    /// Why it stands as it does now (the reason `calc` gives).
    pub reason_now: R,
    /// Why it would stand as it does with the plan.
    pub reason_planned: R,
}

/// How far the digital subsidy is from its cap, with the plan; the blocking condition typed
/// (`C` = [`Test`]) or in words.
#[derive(Debug, Clone, Serialize)]
pub struct CapGap<C> {
    /// The cap in force (per year, or what remains of the lifetime cap).
    pub cap: Option<Unrounded>,
    /// 20% × soft + 10% × hardware with the plan, before the cap.
    pub computed: Option<Unrounded>,
    /// What that pays, capped and rounded once, half up, to the fen.
    pub paid: Option<Money>,
    /// The paid figure reaches the cap (999,999.996 pays 1,000,000.00: reached).
    pub reached: bool,
    /// The least more soft investment, to the fen (paid within the year, on or after
    /// acceptance), whose rounded subsidy reaches the cap alone.
    pub soft_needed: Option<Money>,
    /// The least more hardware investment, to the fen, whose rounded subsidy reaches it alone.
    pub hardware_needed: Option<Money>,
    /// Why none can be computed, where none can: the condition that fails.
    pub blocked_by: Option<C>,
}

/// The estimate: reasons and conditions typed ([`TypedEstimate`]), or in words
/// ([`EstimateWords`]).
#[derive(Debug, Clone, Serialize)]
pub struct Estimate<R, C> {
    /// The park.
    pub park_id: String,
    /// The year.
    pub year: i16,
    /// The plan.
    pub plan: Plan,
    /// Each item.
    pub items: Vec<ItemEstimate<R>>,
    /// Total now.
    pub total_now: Money,
    /// Total with the plan.
    pub total_planned: Money,
    /// The way to the digital-subsidy cap.
    pub digital_cap: CapGap<C>,
    /// Where the plan asks for a star level the park cannot reach: each prerequisite it lacks
    /// （十三）(provincial listing by the year's end, a grade of A–C, recognition in the year).
    pub star_prerequisites_missing: Vec<C>,
}

/// The estimate with its reasons and conditions typed, borrowed from the application, the
/// planned application and the policy.
pub type TypedEstimate<'a> = Estimate<Reason<'a>, Test<'a>>;

fn ceil_fen(d: Decimal) -> Money {
    let fen = d.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
    Unrounded::from_decimal(fen).round_half_up()
}

/// The least amount, to the fen, whose share at `rate` added to `computed` pays at least `cap`
/// once rounded half up to the fen (GUIDE.md §1: each item rounded once). A figure `v` pays
/// the cap when `v ≥ cap − 0.005`; the candidate from that bound is checked, and moved by a fen
/// if the division left it one off.
fn least_to_reach(computed: Unrounded, cap: Unrounded, rate: crate::values::rate::Rate) -> Option<Money> {
    let fraction = rate.as_fraction();
    if fraction <= Decimal::ZERO {
        return None;
    }
    let cap_paid = cap.round_half_up();
    let pays = |x: Money| -> Option<bool> {
        let more = Unrounded::of_rate(x, rate)?;
        Some(computed.checked_add(more)?.round_half_up() >= cap_paid)
    };
    let bound = cap
        .as_decimal()
        .checked_sub(Decimal::new(5, 3))?
        .checked_sub(computed.as_decimal())?;
    let mut x = ceil_fen(bound.checked_div(fraction)?.max(Decimal::ZERO));
    let fen = Money::parse("0.01").ok()?;
    while !pays(x)? {
        x = x.checked_add(fen)?;
    }
    while x > Money::ZERO && pays(x.checked_sub(fen)?)? {
        x = x.checked_sub(fen)?;
    }
    Some(x)
}

/// Each prerequisite of a star award that the planned application lacks （十三）「当年认定」.
fn star_prerequisites<'a>(trace: &crate::engine::trace::Trace<'a>) -> Vec<Test<'a>> {
    trace
        .conditions
        .iter()
        .filter(|c| !c.holds)
        .filter(|c| {
            matches!(
                c.test,
                Test::Given { .. }
                    | Test::InYear { .. }
                    | Test::EventInForce { .. }
                    | Test::ProvinciallyRecognised { .. }
                    | Test::GradeEligible { .. }
                    | Test::StarsHaveRung { .. }
            )
        })
        .map(|c| c.test)
        .collect()
}

/// Computes the items now and with the plan, and the way to the digital cap. `planned` is
/// `plan.carried_out(app)`, kept by the caller while the estimate is read: its reasons borrow
/// from both applications and the policy.
///
/// # Errors
/// As [`assess`].
pub fn estimate<'a>(
    app: &'a Application,
    planned: &'a Planned,
    policy: &'a LoadedPolicy,
) -> Result<TypedEstimate<'a>, EngineError> {
    let (plan, planned_app) = (&planned.plan, &planned.application);
    let now = assess(app, policy)?;
    let planned = assess(planned_app, policy)?;
    let items = now
        .items
        .iter()
        .zip(&planned.items)
        .map(|(n, p)| ItemEstimate {
            item: n.item,
            now: n.amount,
            status_now: n.status,
            planned: p.amount,
            status_planned: p.status,
            change: p.amount.checked_sub(n.amount).unwrap_or(Money::ZERO),
            reason_now: Reason::of(n),
            reason_planned: Reason::of(p),
        })
        .collect();
    let star = &planned.items[ItemId::StarAward.index()];
    let star_prerequisites_missing = if plan.star_rating.is_some() && star.status == Status::Ineligible {
        star_prerequisites(&star.trace)
    } else {
        Vec::new()
    };
    let digital = &planned.items[ItemId::DigitalSubsidy.index()];
    let mut gap = CapGap {
        cap: None,
        computed: None,
        paid: None,
        reached: false,
        soft_needed: None,
        hardware_needed: None,
        blocked_by: None,
    };
    let terms = policy
        .policy
        .covers_year(planned_app.year.get())
        .then(|| crate::engine::terms::Terms::for_year(&policy.policy, planned_app.year))
        .transpose()?;
    match (&terms, digital.status) {
        (None, _) => {
            gap.blocked_by = Some(Test::YearInForce {
                year: planned_app.year.get(),
            })
        }
        (Some(_), Status::Ineligible) => gap.blocked_by = digital.trace.first_failure().copied(),
        (Some(terms), _) => {
            let computed = digital.trace.steps.iter().find_map(|s| match s {
                Step::Add { result, .. } => Some(*result),
                _ => None,
            });
            let cap = digital.trace.steps.iter().find_map(|s| match s {
                Step::Cap { cap, .. } => Some(*cap),
                _ => None,
            });
            if let (Some(computed), Some(cap)) = (computed, cap) {
                let paid = computed.min(cap).round_half_up();
                gap.computed = Some(computed);
                gap.cap = Some(cap);
                gap.paid = Some(paid);
                gap.reached = paid >= cap.round_half_up();
                if !gap.reached {
                    gap.soft_needed = least_to_reach(computed, cap, terms.soft_rate.value);
                    gap.hardware_needed = least_to_reach(computed, cap, terms.hardware_rate.value);
                }
            }
        }
    }
    Ok(Estimate {
        park_id: app.park.id.clone(),
        year: app.year.get(),
        plan: plan.clone(),
        items,
        total_now: now.total,
        total_planned: planned.total,
        digital_cap: gap,
        star_prerequisites_missing,
    })
}

/// A planned investment from `--soft`/`--hardware` flags.
pub fn planned_investment(kind: InvestmentKind, amount: Money, paid_on: Date) -> Located<DigitalInvestment> {
    Located::new(
        DigitalInvestment {
            item: format!("planned {}", kind.as_str()),
            kind,
            amount,
            paid_on,
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::{app, policy};
    use crate::facts::application::StarRating;

    #[test]
    fn the_least_investment_that_reaches_the_cap() {
        let a = app(
            2022,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 1234567.89, paid_on: 2022-03-01 }",
        );
        let (p, plan) = (policy(None), Plan::default());
        let planned = plan.carried_out(&a);
        let e = estimate(&a, &planned, &p).unwrap();
        // 20% × 1,234,567.89 = 246,913.578; the rounded figure reaches 1,000,000.00 from
        // 999,999.995: 753,086.417 more, ÷ 20% = 3,765,432.085 → 3,765,432.09 (pays
        // 246,913.578 + 753,086.418 = 999,999.996 → 1,000,000.00; a fen less: 999,999.994).
        assert_eq!(e.digital_cap.soft_needed.unwrap().to_string(), "3765432.09");
        // ÷ 10% = 7,530,864.17: 246,913.578 + 753,086.417 = 999,999.995 → 1,000,000.00.
        assert_eq!(e.digital_cap.hardware_needed.unwrap().to_string(), "7530864.17");
        assert!(!e.digital_cap.reached);
    }

    #[test]
    fn from_nothing_the_least_is_to_the_fen_of_the_paid_figure() {
        let a = app(2022, "completion_accepted_on: 2021-06-30");
        let (p, plan) = (policy(None), Plan::default());
        let planned = plan.carried_out(&a);
        let e = estimate(&a, &planned, &p).unwrap();
        assert_eq!(e.digital_cap.soft_needed.unwrap().to_string(), "4999999.98");
        assert_eq!(e.digital_cap.hardware_needed.unwrap().to_string(), "9999999.95");
    }

    #[test]
    fn the_cap_is_reached_when_the_paid_figure_reaches_it() {
        // 20% × 4,999,999.98 = 999,999.996: calc pays 1,000,000.00, so nothing more is needed.
        let a = app(
            2022,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 4999999.98, paid_on: 2022-03-01 }",
        );
        let (p, plan) = (policy(None), Plan::default());
        let planned = plan.carried_out(&a);
        let e = estimate(&a, &planned, &p).unwrap();
        assert!(e.digital_cap.reached);
        assert_eq!(e.digital_cap.paid.unwrap().to_string(), "1000000.00");
        assert_eq!(e.digital_cap.computed.unwrap().to_string(), "999999.996");
        assert!(e.digital_cap.soft_needed.is_none());
        // A fen less pays 999,999.99: not reached, and a fen more soft reaches it.
        let a = app(
            2022,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 4999999.97, paid_on: 2022-03-01 }",
        );
        let (p, plan) = (policy(None), Plan::default());
        let planned = plan.carried_out(&a);
        let e = estimate(&a, &planned, &p).unwrap();
        assert!(!e.digital_cap.reached);
        assert_eq!(e.digital_cap.soft_needed.unwrap().to_string(), "0.01");
        assert_eq!(e.digital_cap.hardware_needed.unwrap().to_string(), "0.01");
    }

    #[test]
    fn a_planned_star_level_is_priced() {
        let a = app(2022, "provincial_listing: 2021-09-01\nperformance_grade: B");
        let plan = Plan {
            star_rating: Some(StarRating {
                stars: crate::values::rating::Stars::new(2).unwrap(),
                recognized_on: Date::constant(2022, 11, 1),
            }),
            ..Plan::default()
        };
        let p = policy(None);
        let planned = plan.carried_out(&a);
        let e = estimate(&a, &planned, &p).unwrap();
        assert_eq!(e.items[1].now, Money::ZERO);
        assert_eq!(e.items[1].planned.to_string(), "300000.00");
        assert_eq!(e.total_planned.to_string(), "300000.00");
    }
}
