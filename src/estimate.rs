//! `estimate`: what an operator's plans would pay. The facts so far, plus planned investments
//! or a planned star level, computed by the same engine; and the least additional soft or
//! hardware investment that reaches the digital-subsidy cap.

use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::application::{Application, DigitalInvestment, InvestmentKind, StarRating};
use crate::assessment::{EngineError, Status, assess};
use crate::item::ItemId;
use crate::money::{Money, Unrounded};
use crate::policy::LoadedPolicy;
use crate::rating::Grade;
use crate::render::{Lang, item_name, status_name, test_text};
use crate::trace::Step;
use crate::yaml::Located;

/// What the operator plans for the calculation year (a `--plan` file, or flags).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Plan {
    /// A star rating expected.
    pub star_rating: Option<StarRating>,
    /// A provincial listing expected.
    pub provincial_listing: Option<Date>,
    /// A performance grade expected.
    pub performance_grade: Option<Grade>,
    /// Completion acceptance expected.
    pub completion_accepted_on: Option<Date>,
    /// Digital investments planned (added to those already made).
    pub digital_investments: Vec<Located<DigitalInvestment>>,
}

impl Plan {
    /// The application as it would be with the plan carried out.
    pub fn apply(&self, app: &Application) -> Application {
        let mut planned = app.clone();
        if self.star_rating.is_some() {
            planned.star_rating = self.star_rating.clone();
        }
        planned.provincial_listing = self.provincial_listing.or(planned.provincial_listing);
        planned.performance_grade = self.performance_grade.or(planned.performance_grade);
        planned.completion_accepted_on = self.completion_accepted_on.or(planned.completion_accepted_on);
        planned
            .digital_investments
            .extend(self.digital_investments.iter().cloned());
        planned
    }
}

/// One item, now and with the plan.
#[derive(Debug, Clone, Serialize)]
pub struct ItemEstimate {
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
}

/// How far the digital subsidy is from its cap, with the plan.
#[derive(Debug, Clone, Serialize)]
pub struct CapGap {
    /// The cap in force (per year, or what remains of the lifetime cap).
    pub cap: Option<Unrounded>,
    /// 20% × soft + 10% × hardware with the plan, before the cap.
    pub computed: Option<Unrounded>,
    /// Already at or above the cap.
    pub reached: bool,
    /// The least more soft investment (paid within the year, on or after acceptance) that
    /// reaches the cap alone.
    pub soft_needed: Option<Money>,
    /// The least more hardware investment that reaches it alone.
    pub hardware_needed: Option<Money>,
    /// Why none can be computed, where none can.
    pub blocked_by: Option<String>,
}

/// The estimate.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// The park.
    pub park_id: String,
    /// The year.
    pub year: i16,
    /// The plan.
    pub plan: Plan,
    /// Each item.
    pub items: Vec<ItemEstimate>,
    /// Total now.
    pub total_now: Money,
    /// Total with the plan.
    pub total_planned: Money,
    /// The way to the digital-subsidy cap.
    pub digital_cap: CapGap,
}

fn ceil_fen(d: Decimal) -> Money {
    let fen = d.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
    Unrounded::from_decimal(fen).round_half_up()
}

/// Computes the items now and with the plan, and the way to the digital cap.
///
/// # Errors
/// As [`assess`].
pub fn estimate(app: &Application, plan: &Plan, policy: &LoadedPolicy, lang: Lang) -> Result<Estimate, EngineError> {
    let planned_app = plan.apply(app);
    let now = assess(app, policy)?;
    let planned = assess(&planned_app, policy)?;
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
        })
        .collect();
    let digital = &planned.items[ItemId::DigitalSubsidy.index()];
    let mut gap = CapGap {
        cap: None,
        computed: None,
        reached: false,
        soft_needed: None,
        hardware_needed: None,
        blocked_by: None,
    };
    let terms = policy
        .policy
        .covers_year(planned_app.year.get())
        .then(|| crate::terms::Terms::for_year(&policy.policy, planned_app.year))
        .transpose()?;
    match (&terms, digital.status) {
        (None, _) => {
            gap.blocked_by = Some(test_text(
                &crate::trace::Test::YearInForce {
                    year: planned_app.year.get(),
                },
                false,
                lang,
            ))
        }
        (Some(_), Status::Ineligible) => {
            gap.blocked_by = digital.trace.first_failure().map(|t| test_text(t, false, lang))
        }
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
                gap.computed = Some(computed);
                gap.cap = Some(cap);
                gap.reached = computed >= cap;
                if !gap.reached {
                    let missing = cap.as_decimal() - computed.as_decimal();
                    gap.soft_needed = Some(ceil_fen(missing / terms.soft_rate.as_fraction()));
                    gap.hardware_needed = Some(ceil_fen(missing / terms.hardware_rate.as_fraction()));
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

impl Estimate {
    /// For people.
    pub fn to_table(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut s = String::new();
        let _ = writeln!(s, "{} · {}", self.park_id, self.year);
        let _ = writeln!(
            s,
            "{:<22} {:>14} {:>14} {:>14}",
            if en { "item" } else { "项目" },
            if en { "now" } else { "现状" },
            if en { "with plan" } else { "按计划" },
            if en { "change" } else { "变化" }
        );
        for i in &self.items {
            let _ = writeln!(
                s,
                "{:<22} {:>14} {:>14} {:>14}   {} → {}",
                item_name(i.item, lang),
                i.now.to_string(),
                i.planned.to_string(),
                i.change.to_string(),
                status_name(i.status_now, lang),
                status_name(i.status_planned, lang)
            );
        }
        let change = self.total_planned.checked_sub(self.total_now).unwrap_or(Money::ZERO);
        let _ = writeln!(
            s,
            "{:<22} {:>14} {:>14} {:>14}",
            if en { "total" } else { "合计" },
            self.total_now.to_string(),
            self.total_planned.to_string(),
            change.to_string()
        );
        let g = &self.digital_cap;
        let _ = writeln!(s);
        match (&g.blocked_by, g.reached, g.cap, g.computed) {
            (Some(why), _, _, _) => {
                let _ = writeln!(
                    s,
                    "{}: {why}",
                    if en {
                        "digital subsidy cap: out of reach"
                    } else {
                        "数字化建设补助上限：暂不可及"
                    }
                );
            }
            (None, true, Some(cap), Some(computed)) => {
                let _ = writeln!(
                    s,
                    "{}",
                    if en {
                        format!("digital subsidy: {computed} already reaches the cap {cap}")
                    } else {
                        format!("数字化建设补助：{computed} 已达上限 {cap}")
                    }
                );
            }
            (None, false, Some(cap), Some(computed)) => {
                let (soft, hard) = (g.soft_needed.unwrap_or_default(), g.hardware_needed.unwrap_or_default());
                let _ = writeln!(
                    s,
                    "{}",
                    if en {
                        format!(
                            "digital subsidy: {computed} of the cap {cap}; to reach it, at least {soft} more soft investment, or {hard} more hardware, paid in {} after completion acceptance",
                            self.year
                        )
                    } else {
                        format!(
                            "数字化建设补助：{computed}，上限 {cap}；达到上限还需软性投入至少 {soft} 元，或支撑硬件投入至少 {hard} 元（{}年度内、竣工验收后支付）",
                            self.year
                        )
                    }
                );
            }
            _ => {}
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{app, policy};

    #[test]
    fn the_least_investment_that_reaches_the_cap() {
        let a = app(
            2022,
            "completion_accepted_on: 2021-06-30\ndigital_investments:\n  - { item: a, kind: soft, amount: 1234567.89, paid_on: 2022-03-01 }",
        );
        let e = estimate(&a, &Plan::default(), &policy(None), Lang::En).unwrap();
        // 20% × 1,234,567.89 = 246,913.578; 1,000,000 − 246,913.578 = 753,086.422
        assert_eq!(
            e.digital_cap.soft_needed.unwrap().to_string(),
            "3765432.11",
            "753086.422 / 20% = 3765432.11"
        );
        assert_eq!(
            e.digital_cap.hardware_needed.unwrap().to_string(),
            "7530864.22",
            "753086.422 / 10% = 7530864.22"
        );
        // The least: a fen less falls short.
        let short = Decimal::from_str_exact("3765432.10").unwrap() * Decimal::new(2, 1);
        assert!(short < Decimal::from_str_exact("753086.422").unwrap());
    }

    #[test]
    fn a_planned_star_level_is_priced() {
        let a = app(2022, "provincial_listing: 2021-09-01\nperformance_grade: B");
        let plan = Plan {
            star_rating: Some(StarRating {
                stars: crate::rating::Stars::new(2).unwrap(),
                recognized_on: Date::constant(2022, 11, 1),
            }),
            ..Plan::default()
        };
        let e = estimate(&a, &plan, &policy(None), Lang::En).unwrap();
        assert_eq!(e.items[1].now, Money::ZERO);
        assert_eq!(e.items[1].planned.to_string(), "300000.00");
        assert_eq!(e.total_planned.to_string(), "300000.00");
    }
}
