//! Which digital investments count toward the year's subsidy （十四）「当年度」「竣工验收后」 and
//! （十八）: the test the digital subsidy's rule records for each investment, and by which its
//! sums read their terms.

use std::fmt;

use jiff::civil::Date;

use crate::facts::application::Year;
use crate::policy::{AcceptanceDayReading, Policy};

/// Which digital investments count toward the year's subsidy （十四）（十八）: paid within the
/// calculation year, on a day in force, and after the park's completion acceptance (on its day
/// too, unless `readings.acceptance_day` excludes it). The rule tests each investment by it,
/// and its sums read their terms by it.
#[derive(Clone, Copy)]
pub struct Counting<'a> {
    /// The calculation year.
    pub year: Year,
    /// The day the park's completion was accepted.
    pub accepted_on: Date,
    /// Whether that day itself counts.
    pub acceptance_day: AcceptanceDayReading,
    /// The policy, for its periods in force.
    pub policy: &'a Policy,
}

impl Counting<'_> {
    /// Whether an investment paid on `paid_on` counts.
    pub fn counts(&self, paid_on: Date) -> bool {
        let after_acceptance = match self.acceptance_day {
            AcceptanceDayReading::Counts => paid_on >= self.accepted_on,
            AcceptanceDayReading::Excluded => paid_on > self.accepted_on,
        };
        self.year.contains(paid_on) && self.in_force(paid_on) && after_acceptance
    }

    /// Whether `paid_on` lies within a period in force （十八）.
    pub fn in_force(&self, paid_on: Date) -> bool {
        self.policy.in_force_on(paid_on)
    }
}

impl fmt::Debug for Counting<'_> {
    /// Without the policy it reads from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Counting")
            .field("year", &self.year)
            .field("accepted_on", &self.accepted_on)
            .field("acceptance_day", &self.acceptance_day)
            .finish_non_exhaustive()
    }
}
