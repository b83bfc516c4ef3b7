//! A plan (`estimate --plan`): what an operator expects for the calculation year, added to
//! the facts so far.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::facts::application::{Application, DigitalInvestment, StarRating};
use crate::facts::yaml::Located;
use crate::values::rating::Grade;

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

/// A plan and the application as it would be with the plan carried out: what `estimate`
/// computes the planned figures from. Its reasons borrow from it, so the caller keeps it
/// while they are read.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The plan.
    pub plan: Plan,
    /// The application with the plan carried out.
    pub application: Application,
}

impl Plan {
    /// The plan carried out on `app`, kept with the plan.
    pub fn carried_out(&self, app: &Application) -> Planned {
        Planned {
            plan: self.clone(),
            application: self.apply(app),
        }
    }

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
