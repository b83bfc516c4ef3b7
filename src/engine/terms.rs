//! The policy's terms in force for one calculation year: every dated value looked up once.

use std::sync::Arc;

use jiff::civil::Date;

use crate::engine::trace::ReadingUse;
use crate::facts::application::Year;
use crate::policy::{Policy, PolicyError, ReadingChoices, ReadingId, value_at};
use crate::values::item::ItemId;
use crate::values::money::Money;
use crate::values::rate::Rate;
use crate::values::rating::Grade;

/// One rung of the rating ladder, as in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RungTerms {
    /// The rung's id, e.g. `star_2`.
    pub id: Arc<str>,
    /// Its position on the ladder.
    pub level: u8,
    /// The item it is paid as.
    pub item: ItemId,
    /// For a star rung, its stars.
    pub stars: Option<u8>,
    /// Its amount.
    pub amount: Money,
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
    pub rungs: Vec<RungTerms>,
    /// Grades that may apply for stars.
    pub eligible_grades: Vec<Grade>,
    /// Least stars for the fiscal rebate.
    pub rebate_min_stars: u8,
    /// Share of contributions rewarded.
    pub rebate_share: Rate,
    /// Rebate cap per park per year.
    pub rebate_cap: Money,
    /// Soft-investment rate.
    pub soft_rate: Rate,
    /// Hardware rate.
    pub hardware_rate: Rate,
    /// Digital-subsidy cap.
    pub digital_cap: Money,
    /// The readings.
    pub readings: ReadingChoices,
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
            rungs.push(RungTerms {
                id: Arc::from(id.as_str()),
                level: rung.level.expect("validated on loading: every rung has a level"),
                item: rung.item.expect("validated on loading: every rung names its item"),
                stars: rung.stars,
                amount: value_at(&rung.amount, &format!("rating_ladder.rungs.{id}.amount"), as_of)?,
            });
        }
        rungs.sort_by_key(|r| r.level);
        Ok(Terms {
            policy,
            year,
            as_of,
            rungs,
            eligible_grades: value_at(
                &items.star_award.gate.eligible_grades,
                "items.star_award.gate.eligible_grades",
                as_of,
            )?,
            rebate_min_stars: value_at(&items.fiscal_rebate.min_stars, "items.fiscal_rebate.min_stars", as_of)?,
            rebate_share: value_at(&items.fiscal_rebate.share, "items.fiscal_rebate.share", as_of)?,
            rebate_cap: value_at(&items.fiscal_rebate.cap, "items.fiscal_rebate.cap", as_of)?,
            soft_rate: value_at(
                &items.digital_subsidy.soft_rate,
                "items.digital_subsidy.soft_rate",
                as_of,
            )?,
            hardware_rate: value_at(
                &items.digital_subsidy.hardware_rate,
                "items.digital_subsidy.hardware_rate",
                as_of,
            )?,
            digital_cap: value_at(&items.digital_subsidy.cap, "items.digital_subsidy.cap", as_of)?,
            readings: ReadingChoices::at(&policy.readings, as_of)?,
        })
    }

    /// The listing rung.
    pub fn listing_rung(&self) -> Option<&RungTerms> {
        self.rungs.iter().find(|r| r.item == ItemId::ProvincialListing)
    }

    /// The star rung for a level, if the ladder has one.
    pub fn star_rung(&self, stars: u8) -> Option<&RungTerms> {
        self.rungs.iter().find(|r| r.stars == Some(stars))
    }

    /// The highest star rung.
    pub fn top_star_rung(&self) -> Option<&RungTerms> {
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
