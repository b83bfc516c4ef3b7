//! The trace every figure carries: facts used, conditions tested, the formula's steps with
//! their numbers, and the readings applied. It is data; `render` puts it into words.

use jiff::civil::Date;
use serde::Serialize;

use crate::item::ItemId;
use crate::money::{Money, Unrounded};
use crate::rate::Rate;

/// A fact read from the application, with the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The field's path in the application, e.g. `star_rating.recognized_on`.
    pub field: String,
    /// Its value as text; `absent` when the application does not give it.
    pub value: String,
}

/// A condition of the policy, tested against the facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "test", rename_all = "snake_case")]
pub enum Test {
    /// The calculation year lies within a period in force （十八）.
    YearInForce { year: i16 },
    /// A fact needed by the rule is given.
    Given { field: String },
    /// The event falls within the calculation year.
    InYear { field: String, date: Date, year: i16 },
    /// The event falls within a period in force （十八）.
    EventInForce { field: String, date: Date },
    /// Provincial recognition dated on or before the year's end （十三）.
    ProvinciallyRecognised { listed_on: Option<Date>, year_end: Date },
    /// The performance grade is one that may apply for stars （十三）.
    GradeEligible {
        grade: Option<String>,
        eligible: Vec<String>,
    },
    /// The star level has a rung on the ladder.
    StarsHaveRung { stars: u8 },
    /// The rating is high enough （十四）「四星级及以上」.
    StarsAtLeast { stars: u8, min: u8 },
    /// The rating was recognised by the year's end.
    RecognisedByYearEnd { date: Date, year_end: Date },
    /// Completion acceptance took place by the year's end.
    AcceptedByYearEnd { date: Date, year_end: Date },
    /// One investment counts toward the year's digital subsidy.
    InvestmentCounts {
        index: usize,
        paid_on: Date,
        year: i16,
        accepted_on: Date,
        in_force: bool,
        on_acceptance_day: bool,
    },
}

/// A test and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// What was tested.
    #[serde(flatten)]
    pub test: Test,
    /// Whether it holds.
    pub holds: bool,
}

/// One step of the arithmetic, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The rung a rule reaches.
    Rung { rung: String, amount: Money },
    /// The ladder: highest rung less what the group already paid (补差).
    LadderTopUp {
        rung: String,
        rung_amount: Money,
        paid_before: Money,
        result: Unrounded,
    },
    /// Superseded by a higher rung of the same group.
    Superseded {
        by_rung: String,
        by_item: ItemId,
        by_amount: Money,
    },
    /// A sum of amounts.
    Sum {
        of: String,
        terms: Vec<Money>,
        result: Unrounded,
    },
    /// A negative sum floors at zero.
    FloorAtZero { before: Unrounded },
    /// Amount × rate.
    Rate {
        of: String,
        base: Unrounded,
        rate: Rate,
        result: Unrounded,
    },
    /// Two partial results added.
    Add {
        left: Unrounded,
        right: Unrounded,
        result: Unrounded,
    },
    /// A pro-rated part of a year.
    Prorate {
        before: Unrounded,
        days: i32,
        days_in_year: i32,
        result: Unrounded,
    },
    /// The cap: the smaller of the two.
    Cap {
        before: Unrounded,
        cap: Unrounded,
        result: Unrounded,
    },
    /// A lifetime cap less what was paid before.
    LifetimeCap {
        cap: Money,
        paid_before: Money,
        remaining: Unrounded,
    },
    /// Another policy's grant for the same purpose: the top-up to the higher.
    OtherPolicyTopUp {
        before: Unrounded,
        other: Money,
        sources: Vec<String>,
        result: Unrounded,
    },
    /// Another policy paid for the same purpose: nothing more is paid.
    OtherPolicyExclusive {
        before: Unrounded,
        other: Money,
        sources: Vec<String>,
    },
    /// Rounded once to the fen, half up.
    Round { exact: Unrounded, result: Money },
    /// A case-by-case amount replaces the computed one （十七）.
    Override {
        computed: Money,
        amount: Money,
        approval: String,
    },
    /// A decided amount, within the entitlement.
    Decided { entitlement: Money, amount: Money },
}

/// A reading of GUIDE.md that this figure depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadingUse {
    /// The reading's id in `policy.yaml`, e.g. `rating_ladder`.
    pub reading: String,
    /// The choice in force, e.g. `exclusive`.
    pub choice: String,
    /// Where GUIDE.md states it.
    pub guide: String,
}

/// Everything an auditor needs to redo one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// Facts used.
    pub facts: Vec<Fact>,
    /// Conditions tested, in order.
    pub conditions: Vec<Condition>,
    /// The arithmetic, in order.
    pub steps: Vec<Step>,
    /// Readings that changed or could change this figure.
    pub readings: Vec<ReadingUse>,
}

impl Trace {
    /// Records a fact.
    pub fn fact(&mut self, field: impl Into<String>, value: impl ToString) {
        self.facts.push(Fact {
            field: field.into(),
            value: value.to_string(),
        });
    }

    /// Records an optional fact, `absent` when missing.
    pub fn fact_opt<T: ToString>(&mut self, field: &str, value: Option<T>) {
        let value = value.map_or_else(|| "absent".to_string(), |v| v.to_string());
        self.facts.push(Fact {
            field: field.to_string(),
            value,
        });
    }

    /// Records a test and returns whether it holds.
    pub fn test(&mut self, test: Test, holds: bool) -> bool {
        self.conditions.push(Condition { test, holds });
        holds
    }

    /// Records a step.
    pub fn step(&mut self, step: Step) {
        self.steps.push(step);
    }

    /// The first condition that failed, if any.
    pub fn first_failure(&self) -> Option<&Test> {
        self.conditions.iter().find(|c| !c.holds).map(|c| &c.test)
    }
}
