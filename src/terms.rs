//! The policy's terms in force for one calculation year: every dated value looked up once.

use std::sync::Arc;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::application::Year;
use crate::item::ItemId;
use crate::money::Money;
use crate::policy::{
    AcceptanceDayReading, DigitalCapReading, FirstYearRebateReading, HighStarReading, LadderReading,
    OtherGrantsReading, Policy, PolicyError, Reading, value_at,
};
use crate::rate::Rate;
use crate::rating::Grade;
use crate::trace::ReadingUse;

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

/// The readings in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingChoices {
    /// §1.2
    pub rating_ladder: LadderReading,
    /// §1.3
    pub high_star_award: HighStarReading,
    /// §1.6
    pub acceptance_day: AcceptanceDayReading,
    /// §1.6
    pub digital_cap: DigitalCapReading,
    /// §1.7
    pub other_policy_grants: OtherGrantsReading,
    /// §1.8
    pub first_year_rebate: FirstYearRebateReading,
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

fn choice<T: Copy>(reading: &Reading<T>, path: &str, date: Date) -> Result<T, PolicyError> {
    value_at(&reading.choice, path, date)
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
        let r = &policy.readings;
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
            readings: ReadingChoices {
                rating_ladder: choice(&r.rating_ladder, "readings.rating_ladder.choice", as_of)?,
                high_star_award: choice(&r.high_star_award, "readings.high_star_award.choice", as_of)?,
                acceptance_day: choice(&r.acceptance_day, "readings.acceptance_day.choice", as_of)?,
                digital_cap: choice(&r.digital_cap, "readings.digital_cap.choice", as_of)?,
                other_policy_grants: choice(&r.other_policy_grants, "readings.other_policy_grants.choice", as_of)?,
                first_year_rebate: choice(&r.first_year_rebate, "readings.first_year_rebate.choice", as_of)?,
            },
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
        let c = &self.readings;
        let choice = match id {
            ReadingId::RatingLadder => c.rating_ladder.as_str(),
            ReadingId::HighStarAward => c.high_star_award.as_str(),
            ReadingId::AcceptanceDay => c.acceptance_day.as_str(),
            ReadingId::DigitalCap => c.digital_cap.as_str(),
            ReadingId::OtherPolicyGrants => c.other_policy_grants.as_str(),
            ReadingId::FirstYearRebate => c.first_year_rebate.as_str(),
        };
        ReadingUse { reading: id, choice }
    }
}

/// The readings of GUIDE.md §1, by their ids in `policy.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingId {
    /// §1.2 从高、不重复 on the rating ladder.
    RatingLadder,
    /// §1.3 no star award for 4★/5★.
    HighStarAward,
    /// §1.6 the acceptance day counts.
    AcceptanceDay,
    /// §1.6 the cap is per year.
    DigitalCap,
    /// §1.7 top-up against other policies.
    OtherPolicyGrants,
    /// §1.8 a whole first year.
    FirstYearRebate,
}

impl ReadingId {
    /// The id in `policy.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingId::RatingLadder => "rating_ladder",
            ReadingId::HighStarAward => "high_star_award",
            ReadingId::AcceptanceDay => "acceptance_day",
            ReadingId::DigitalCap => "digital_cap",
            ReadingId::OtherPolicyGrants => "other_policy_grants",
            ReadingId::FirstYearRebate => "first_year_rebate",
        }
    }
}

impl Serialize for ReadingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl ReadingId {
    /// All readings, in `policy.yaml` order.
    pub const ALL: [ReadingId; 6] = [
        ReadingId::RatingLadder,
        ReadingId::HighStarAward,
        ReadingId::AcceptanceDay,
        ReadingId::DigitalCap,
        ReadingId::OtherPolicyGrants,
        ReadingId::FirstYearRebate,
    ];
}
