//! The policy's terms in force for one calculation year: every dated value looked up once.

use jiff::civil::Date;

use crate::engine::trace::ReadingUse;
use crate::facts::application::Year;
use crate::policy::{Dated, Param, ParamId, ParamPath, Policy, PolicyError, ReadingChoices, ReadingId};
use crate::values::item::ItemId;
use crate::values::money::Money;
use crate::values::rate::Rate;
use crate::values::rating::Grade;

/// A value in force, with where it came from and the clause it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited<'p, T> {
    /// The value.
    pub value: T,
    /// Its path and the day it took effect.
    pub param: Param<'p>,
    /// The clause it rests on, e.g. `（十四）`.
    pub clause: &'p str,
}

/// The value of `dated` in force on `date`, cited, borrowed from the policy.
fn cited<'p, T>(
    policy: &'p Policy,
    dated: &'p Dated<T>,
    id: ParamId,
    date: Date,
) -> Result<Cited<'p, &'p T>, PolicyError> {
    let (from, value) = dated.in_force(date).ok_or_else(|| PolicyError::NoValueInForce {
        path: id.path().to_string(),
        date,
    })?;
    Ok(Cited {
        value,
        param: Param {
            path: ParamPath::Fixed(id),
            from,
        },
        clause: id.clause(policy),
    })
}

impl<'p, T: Copy> Cited<'p, &'p T> {
    /// The same, with the value copied (a number, a rate, an amount).
    fn copied(self) -> Cited<'p, T> {
        Cited {
            value: *self.value,
            param: self.param,
            clause: self.clause,
        }
    }
}

/// One rung of the rating ladder, as in force; its id borrowed from the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RungTerms<'p> {
    /// The rung's id, e.g. `star_2`.
    pub id: &'p str,
    /// Its position on the ladder.
    pub level: u8,
    /// The item it is paid as.
    pub item: ItemId,
    /// For a star rung, its stars.
    pub stars: Option<u8>,
    /// Its amount.
    pub amount: Money,
    /// Where the amount came from.
    pub param: Param<'p>,
}

/// Every value the rules need for one year.
#[derive(Debug, Clone)]
pub struct Terms<'p> {
    /// The policy the terms come from (for clauses and words).
    pub policy: &'p Policy,
    /// The calculation year.
    pub year: Year,
    /// The day values are looked up on: 31 December of the year.
    pub as_of: Date,
    /// The rating ladder, lowest level first.
    pub rungs: Vec<RungTerms<'p>>,
    /// Grades that may apply for stars, borrowed from the policy (every trace that cites them
    /// borrows them too: no copy per evaluation).
    pub eligible_grades: Cited<'p, &'p [Grade]>,
    /// Least stars for the fiscal rebate.
    pub rebate_min_stars: Cited<'p, u8>,
    /// Share of contributions rewarded.
    pub rebate_share: Cited<'p, Rate>,
    /// Rebate cap per park per year.
    pub rebate_cap: Cited<'p, Money>,
    /// Soft-investment rate.
    pub soft_rate: Cited<'p, Rate>,
    /// Hardware rate.
    pub hardware_rate: Cited<'p, Rate>,
    /// Digital-subsidy cap.
    pub digital_cap: Cited<'p, Money>,
    /// The readings.
    pub readings: ReadingChoices,
    /// The days of the year within a period in force （十八）, counted once a year.
    pub days_in_force: i32,
    /// The days of the year (365 or 366).
    pub days_in_year: i32,
}

impl<'p> Terms<'p> {
    /// Looks up every value in force on 31 December of `year`.
    ///
    /// # Errors
    /// A parameter with no value in force on that day.
    pub fn for_year(policy: &'p Policy, year: Year) -> Result<Terms<'p>, PolicyError> {
        let as_of = year.last_day();
        let items = &policy.items;
        let mut rungs = Vec::with_capacity(policy.rating_ladder.rungs.len());
        for (id, rung) in &policy.rating_ladder.rungs {
            let id = id.as_str();
            let (from, amount) = rung.amount.in_force(as_of).ok_or_else(|| PolicyError::NoValueInForce {
                path: format!("rating_ladder.rungs.{id}.amount"),
                date: as_of,
            })?;
            rungs.push(RungTerms {
                level: rung.level.expect("validated on loading: every rung has a level"),
                item: rung.item.expect("validated on loading: every rung names its item"),
                stars: rung.stars,
                amount: *amount,
                param: Param {
                    path: ParamPath::RungAmount(id),
                    from,
                },
                id,
            });
        }
        rungs.sort_by_key(|r| r.level);
        let (star, rebate, digital) = (&items.star_award, &items.fiscal_rebate, &items.digital_subsidy);
        Ok(Terms {
            policy,
            year,
            as_of,
            rungs,
            eligible_grades: {
                let c = cited(policy, &star.gate.eligible_grades, ParamId::EligibleGrades, as_of)?;
                Cited {
                    value: c.value.as_slice(),
                    param: c.param,
                    clause: c.clause,
                }
            },
            rebate_min_stars: cited(policy, &rebate.min_stars, ParamId::RebateMinStars, as_of)?.copied(),
            rebate_share: cited(policy, &rebate.share, ParamId::RebateShare, as_of)?.copied(),
            rebate_cap: cited(policy, &rebate.cap, ParamId::RebateCap, as_of)?.copied(),
            soft_rate: cited(policy, &digital.soft_rate, ParamId::SoftRate, as_of)?.copied(),
            hardware_rate: cited(policy, &digital.hardware_rate, ParamId::HardwareRate, as_of)?.copied(),
            digital_cap: cited(policy, &digital.cap, ParamId::DigitalCap, as_of)?.copied(),
            readings: ReadingChoices::at(&policy.readings, as_of)?,
            days_in_force: policy.days_in_force(year.get()),
            days_in_year: i32::from(as_of.days_in_year()),
        })
    }

    /// The listing rung.
    pub fn listing_rung(&self) -> Option<&RungTerms<'p>> {
        self.rungs.iter().find(|r| r.item == ItemId::ProvincialListing)
    }

    /// The star rung for a level, if the ladder has one.
    pub fn star_rung(&self, stars: u8) -> Option<&RungTerms<'p>> {
        self.rungs.iter().find(|r| r.stars == Some(stars))
    }

    /// The highest star rung.
    pub fn top_star_rung(&self) -> Option<&RungTerms<'p>> {
        self.rungs
            .iter()
            .filter(|r| r.item == ItemId::StarAward)
            .max_by_key(|r| r.level)
    }

    /// Names a reading for the trace, with the choice in force.
    pub fn reading_use(&self, id: ReadingId) -> ReadingUse {
        ReadingUse {
            reading: id,
            choice: self.readings.choice(id),
        }
    }
}
