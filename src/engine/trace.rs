//! The trace every figure carries: facts used, conditions tested, the formula's steps with
//! their numbers, and the readings applied. It is data, cheap to build (no text is formatted
//! while computing); `render` puts it into words.

use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};
use smallvec::SmallVec;

use crate::engine::counting::Counting;
use crate::facts::application::{DigitalInvestment, InvestmentKind, OtherGrant, ResidentEnterprise};
use crate::facts::yaml::Located;
use crate::policy::{PERIOD_IN_FORCE, Param, ParamPath, ReadingId};
use crate::values::item::ItemId;
use crate::values::money::{Money, Unrounded};
use crate::values::rate::Rate;
use crate::values::rating::Grade;
use crate::values::uscc::Uscc;

/// Where in the application a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A field, e.g. `star_rating.recognized_on`.
    Path(&'static str),
    /// A row of a list, e.g. `resident_enterprises[3]`.
    Row(&'static str, usize),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Path(p) => f.write_str(p),
            Field::Row(list, i) => write!(f, "{list}[{i}]"),
        }
    }
}

/// A fact's value, as read; its texts are the application's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactValue<'a> {
    /// Not given in the application.
    Absent,
    /// A date.
    Date(Date),
    /// A whole number (a year, a star level).
    Number(i64),
    /// A performance grade.
    Grade(Grade),
    /// A resident enterprise's contribution.
    Enterprise { uscc: Uscc, contribution: Money },
    /// A digital investment.
    Investment {
        kind: InvestmentKind,
        amount: Money,
        paid_on: Date,
    },
    /// A grant paid earlier under this policy.
    PriorGrant { item: ItemId, year: i16, amount: Money },
    /// Another policy's grant.
    OtherGrant {
        item: ItemId,
        amount: Money,
        source: &'a str,
    },
    /// A case-by-case approval.
    Override {
        item: ItemId,
        amount: Money,
        approval: &'a str,
        applied: bool,
    },
    /// A decided amount.
    Decided { item: ItemId, amount: Money },
}

impl<'a> FactValue<'a> {
    /// A case-by-case override as a fact; `applied` is false where the year is not in force.
    pub fn from_override(o: &'a crate::facts::application::Override, applied: bool) -> FactValue<'a> {
        FactValue::Override {
            item: o.item,
            amount: o.amount,
            approval: &o.approval,
            applied,
        }
    }
}

impl fmt::Display for FactValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Absent => f.write_str("absent"),
            FactValue::Date(d) => write!(f, "{d}"),
            FactValue::Number(n) => write!(f, "{n}"),
            FactValue::Grade(g) => write!(f, "{g}"),
            FactValue::Enterprise { uscc, contribution } => write!(f, "{uscc} {contribution}"),
            FactValue::Investment { kind, amount, paid_on } => write!(f, "{} {amount} paid {paid_on}", kind.as_str()),
            FactValue::PriorGrant { item, year, amount } => write!(f, "{item} {year} {amount}"),
            FactValue::OtherGrant { item, amount, source } => write!(f, "{item} {amount} {source}"),
            FactValue::Override {
                item,
                amount,
                approval,
                applied,
            } => {
                write!(
                    f,
                    "{item} {amount} {approval}{}",
                    if *applied { "" } else { " (not applied)" }
                )
            }
            FactValue::Decided { item, amount } => write!(f, "{item} {amount}"),
        }
    }
}

/// A fact read from the application, with the field it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fact<'a> {
    /// The field's path in the application, e.g. `star_rating.recognized_on`.
    #[serde(serialize_with = "as_text")]
    pub field: Field,
    /// Its value; `absent` when the application does not give it.
    #[serde(serialize_with = "as_text")]
    pub value: FactValue<'a>,
}

/// The facts a figure used, in the order read. A list the application already holds (the
/// resident enterprises, whose contributions the rebate sums) is borrowed, not copied: the
/// rebate of a park with thousands of enterprises records them at the cost of one.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a>(Vec<Read<'a>>);

/// One entry of [`Facts`]: a fact, or every row of the resident enterprises.
#[derive(Debug, Clone, Copy)]
enum Read<'a> {
    One(Fact<'a>),
    Enterprises(&'a [Located<ResidentEnterprise>]),
}

impl<'a> Facts<'a> {
    /// Room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        Facts(Vec::with_capacity(n))
    }

    /// Records a fact.
    #[inline]
    pub fn push(&mut self, fact: Fact<'a>) {
        self.0.push(Read::One(fact));
    }

    /// Records every resident enterprise, each as `resident_enterprises[i]`.
    pub fn push_enterprises(&mut self, rows: &'a [Located<ResidentEnterprise>]) {
        self.0.push(Read::Enterprises(rows));
    }

    /// The facts, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = Fact<'a>> + '_ {
        self.0.iter().flat_map(|read| {
            let (one, rows) = match *read {
                Read::One(fact) => (Some(fact), &[][..]),
                Read::Enterprises(rows) => (None, rows),
            };
            one.into_iter().chain(rows.iter().enumerate().map(|(i, e)| Fact {
                field: Field::Row("resident_enterprises", i),
                value: FactValue::Enterprise {
                    uscc: e.uscc,
                    contribution: e.city_fiscal_contribution,
                },
            }))
        })
    }

    /// True when no fact was used.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The terms of a sum, borrowed from the application: the resident enterprises'
/// contributions, or the digital investments of one kind that count.
#[derive(Debug, Clone, Copy)]
pub enum SumTerms<'a> {
    /// Every resident enterprise's `city_fiscal_contribution`, in order.
    Contributions(&'a [Located<ResidentEnterprise>]),
    /// The amounts of the investments of `kind` that count, in order.
    Counted {
        /// The application's digital investments.
        investments: &'a [Located<DigitalInvestment>],
        /// Soft or hardware.
        kind: InvestmentKind,
        /// Which of them count.
        counting: Counting<'a>,
    },
}

impl SumTerms<'_> {
    /// The terms, in order.
    pub fn iter(&self) -> impl Iterator<Item = Money> + '_ {
        let (rows, investments, counted) = match *self {
            SumTerms::Contributions(rows) => (rows, &[][..], None),
            SumTerms::Counted {
                investments,
                kind,
                counting,
            } => (&[][..], investments, Some((kind, counting))),
        };
        rows.iter().map(|e| e.city_fiscal_contribution).chain(
            investments
                .iter()
                .filter(move |inv| counted.is_some_and(|(kind, c)| inv.kind == kind && c.counts(inv.paid_on)))
                .map(|inv| inv.amount),
        )
    }
}

/// The sources of the other policies' grants for an item's purpose, read in place from the
/// application.
#[derive(Debug, Clone, Copy)]
pub struct OtherSources<'a> {
    /// The application's other grants.
    pub grants: &'a [Located<OtherGrant>],
    /// The item whose purpose they share.
    pub item: ItemId,
}

impl<'a> OtherSources<'a> {
    /// The sources, e.g. 宁波市数字化示范园区奖励, in the order listed.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let item = self.item;
        self.grants
            .iter()
            .filter(move |g| g.item == item)
            .map(|g| g.source.as_str())
    }

    /// The sources joined by `sep`.
    pub fn join(&self, sep: &str) -> String {
        self.iter().collect::<Vec<_>>().join(sep)
    }
}

fn as_text<T: fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// The lists a trace reads out by their `iter()` ([`Facts`], [`SumTerms`], [`OtherSources`]):
/// equal when they read out the same, however each is held, and serialized as what they read
/// out.
macro_rules! read_out_by_iter {
    ($($list:ident),*) => {$(
        impl PartialEq for $list<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.iter().eq(other.iter())
            }
        }

        impl Eq for $list<'_> {}

        impl Serialize for $list<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.iter())
            }
        }
    )*};
}

read_out_by_iter!(Facts, SumTerms, OtherSources);

/// A condition of the policy, tested against the facts; what it cites of the policy is
/// borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "test", rename_all = "snake_case")]
pub enum Test<'a> {
    /// The calculation year lies within a period in force （十八）.
    YearInForce { year: i16 },
    /// A fact needed by the rule is given.
    Given { field: &'static str },
    /// The event falls within the calculation year.
    InYear { field: &'static str, date: Date, year: i16 },
    /// The event falls within a period in force （十八）.
    EventInForce { field: &'static str, date: Date },
    /// Provincial recognition dated on or before the year's end （十三）.
    ProvinciallyRecognised { listed_on: Option<Date>, year_end: Date },
    /// The performance grade is one that may apply for stars （十三）.
    GradeEligible {
        grade: Option<Grade>,
        eligible: &'a [Grade],
        param: Param<'a>,
    },
    /// The star level has a rung on the ladder.
    StarsHaveRung { stars: u8 },
    /// The rating is high enough （十四）「四星级及以上」.
    StarsAtLeast { stars: u8, min: u8, param: Param<'a> },
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Condition<'a> {
    /// What was tested.
    #[serde(flatten)]
    pub test: Test<'a>,
    /// Whether it holds.
    pub holds: bool,
}

/// One step of the arithmetic, with its numbers. It borrows what it names (a rung's id, a
/// parameter's path, the enterprises of a sum, another policy's sources) from the policy and
/// the application, so it is `Copy`: a trace's steps are dropped with one free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step<'a> {
    /// The rung a rule reaches.
    Rung {
        rung: &'a str,
        amount: Money,
        param: Param<'a>,
    },
    /// The ladder: highest rung less what the group already paid (补差).
    LadderTopUp {
        rung: &'a str,
        rung_amount: Money,
        paid_before: Money,
        result: Unrounded,
        param: Param<'a>,
    },
    /// Superseded by a higher rung of the same group.
    Superseded {
        by_rung: &'a str,
        by_item: ItemId,
        by_amount: Money,
        param: Param<'a>,
    },
    /// A sum of amounts.
    Sum {
        of: &'static str,
        terms: SumTerms<'a>,
        result: Unrounded,
    },
    /// A negative sum floors at zero.
    FloorAtZero { before: Unrounded },
    /// Amount × rate.
    Rate {
        of: &'static str,
        base: Unrounded,
        rate: Rate,
        result: Unrounded,
        param: Param<'a>,
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
        param: Param<'a>,
    },
    /// A per-year cap covers everything paid for the item and year (GUIDE.md §1.6): what this
    /// policy already paid for the same item and year is netted against the capped figure.
    PaidThisYear {
        before: Unrounded,
        year: i16,
        paid: Money,
        result: Unrounded,
    },
    /// The cumulative ladder reading: the same award already paid is netted against
    /// its rung, so it is never paid twice (GUIDE.md §1.2, 不重复).
    SameAwardPaid {
        rung: &'a str,
        rung_amount: Money,
        paid_before: Money,
        result: Unrounded,
        param: Param<'a>,
    },
    /// A lifetime cap less what was paid before.
    LifetimeCap {
        cap: Money,
        paid_before: Money,
        remaining: Unrounded,
        param: Param<'a>,
    },
    /// Another policy's grant for the same purpose: the top-up to the higher.
    OtherPolicyTopUp {
        before: Unrounded,
        other: Money,
        sources: OtherSources<'a>,
        result: Unrounded,
    },
    /// Another policy paid for the same purpose: nothing more is paid.
    OtherPolicyExclusive {
        before: Unrounded,
        other: Money,
        sources: OtherSources<'a>,
    },
    /// Rounded once to the fen, half up.
    Round { exact: Unrounded, result: Money },
    /// A case-by-case amount replaces the computed one （十七）.
    Override {
        computed: Money,
        amount: Money,
        approval: &'a str,
    },
    /// A decided amount, within the entitlement.
    Decided { entitlement: Money, amount: Money },
}

impl<'a> Step<'a> {
    /// The parameter this step used, if any.
    pub fn param(&self) -> Option<Param<'a>> {
        match self {
            Step::Rung { param, .. }
            | Step::LadderTopUp { param, .. }
            | Step::Superseded { param, .. }
            | Step::Rate { param, .. }
            | Step::Cap { param, .. }
            | Step::SameAwardPaid { param, .. }
            | Step::LifetimeCap { param, .. } => Some(*param),
            _ => None,
        }
    }
}

/// One thing in the policy that a figure rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Citation<'t> {
    /// A parameter whose value it used.
    Param(ParamPath<'t>),
    /// A reading applied.
    Reading(ReadingId),
    /// The periods in force （十八）.
    PeriodInForce,
}

impl fmt::Display for Citation<'_> {
    /// Its path in `policy.yaml`: `items.digital_subsidy.cap`, `readings.digital_cap`,
    /// `in_force.windows`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Citation::Param(path) => write!(f, "{path}"),
            Citation::Reading(id) => write!(f, "readings.{}", id.as_str()),
            Citation::PeriodInForce => f.write_str(PERIOD_IN_FORCE),
        }
    }
}

/// A reading of GUIDE.md that this figure depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReadingUse {
    /// The reading's id in `policy.yaml`, e.g. `rating_ladder`.
    pub reading: ReadingId,
    /// The choice in force, e.g. `exclusive`.
    pub choice: &'static str,
}

/// Everything an auditor needs to redo one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trace<'a> {
    /// Facts used.
    pub facts: Facts<'a>,
    /// Conditions tested, in order.
    pub conditions: Vec<Condition<'a>>,
    /// The arithmetic, in order.
    pub steps: Vec<Step<'a>>,
    /// Readings that changed or could change this figure (one held in place: most figures
    /// apply none or one, so a trace seldom allocates for them).
    pub readings: SmallVec<[ReadingUse; 1]>,
}

impl<'a> Trace<'a> {
    /// A trace for a rule of the calculation year, which opens with the test that the year
    /// is in force （十八）, sized for the facts, conditions and steps the rule records.
    pub fn for_rule(year: i16, facts: usize, conditions: usize, steps: usize) -> Trace<'a> {
        let mut trace = Trace {
            facts: Facts::with_capacity(facts),
            conditions: Vec::with_capacity(conditions + 1),
            steps: Vec::with_capacity(steps),
            readings: SmallVec::new(),
        };
        trace.test(Test::YearInForce { year }, true);
        trace
    }

    /// Records a fact.
    #[inline]
    pub fn fact(&mut self, field: Field, value: FactValue<'a>) {
        self.facts.push(Fact { field, value });
    }

    /// Records an optional fact, `absent` when missing.
    pub fn fact_opt<T>(&mut self, field: &'static str, value: Option<T>, make: impl FnOnce(T) -> FactValue<'a>) {
        let value = value.map_or(FactValue::Absent, make);
        self.facts.push(Fact {
            field: Field::Path(field),
            value,
        });
    }

    /// Records a test and returns whether it holds.
    #[inline]
    pub fn test(&mut self, test: Test<'a>, holds: bool) -> bool {
        self.conditions.push(Condition { test, holds });
        holds
    }

    /// Records a step.
    #[inline]
    pub fn step(&mut self, step: Step<'a>) {
        self.steps.push(step);
    }

    /// Every parameter this figure used, in the order first used.
    pub fn params(&self) -> Vec<Param<'a>> {
        let from_tests = self.conditions.iter().filter_map(|c| match c.test {
            Test::GradeEligible { param, .. } | Test::StarsAtLeast { param, .. } => Some(param),
            _ => None,
        });
        let from_steps = self.steps.iter().filter_map(Step::param);
        let mut out: Vec<Param<'a>> = Vec::new();
        for p in from_tests.chain(from_steps) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// What this figure rests on in the policy: every parameter it used, the readings applied,
    /// and the periods in force it was tested against. `diff` and `policy diff` read from these
    /// which items a change to the policy can move ([`crate::engine::reach`]).
    pub fn citations(&self) -> impl Iterator<Item = Citation<'_>> {
        let in_force = self.conditions.iter().any(|c| {
            matches!(
                c.test,
                Test::YearInForce { .. } | Test::EventInForce { .. } | Test::InvestmentCounts { .. }
            )
        }) || self.steps.iter().any(|s| matches!(s, Step::Prorate { .. }));
        self.params()
            .into_iter()
            .map(|p| Citation::Param(p.path))
            .chain(self.readings.iter().map(|r| Citation::Reading(r.reading)))
            .chain(in_force.then_some(Citation::PeriodInForce))
    }

    /// The first condition that failed, if any.
    pub fn first_failure(&self) -> Option<&Test<'a>> {
        self.conditions.iter().find(|c| !c.holds).map(|c| &c.test)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::testing::app;
    use crate::policy::AcceptanceDayReading;

    const PARK: &str = "resident_enterprises:\n  - { uscc: 914403001922038216, name: 甲, city_fiscal_contribution: 1250000.50 }\n  - { uscc: 9144030071526726XG, name: 乙, city_fiscal_contribution: -150000.00 }\nother_grants:\n  - { item: digital_subsidy, source: 甲政策, amount: 10 }\n  - { item: fiscal_rebate, source: 乙政策, amount: 20 }\n  - { item: digital_subsidy, source: 丙政策, amount: 30 }\ndigital_investments:\n  - { item: a, kind: soft, amount: 100.10, paid_on: 2022-03-01 }\n  - { item: b, kind: hardware, amount: 200.20, paid_on: 2022-03-01 }\n  - { item: c, kind: soft, amount: 300.30, paid_on: 2022-03-01 }";

    #[test]
    fn borrowed_enterprises_read_as_one_fact_each_in_order() {
        let a = app(2022, PARK);
        let mut facts = Facts::default();
        facts.push(Fact {
            field: Field::Path("year"),
            value: FactValue::Number(2022),
        });
        facts.push_enterprises(&a.resident_enterprises);
        let listed: Vec<String> = facts.iter().map(|f| format!("{} {}", f.field, f.value)).collect();
        assert_eq!(
            listed,
            [
                "year 2022",
                "resident_enterprises[0] 914403001922038216 1250000.50",
                "resident_enterprises[1] 9144030071526726XG -150000.00"
            ]
        );
        assert!(Facts::default().is_empty());
        let mut none = Facts::default();
        none.push_enterprises(&[]);
        assert!(none.is_empty());
    }

    #[test]
    fn borrowed_terms_and_sources_read_out_and_serialize_as_lists() {
        let a = app(2022, PARK);
        let loaded = crate::engine::rules::testing::policy(None);
        let counting = Counting {
            year: a.year,
            accepted_on: jiff::civil::date(2022, 3, 1),
            acceptance_day: AcceptanceDayReading::Counts,
            policy: &loaded.policy,
        };
        let steps = [
            Step::Sum {
                of: "soft",
                terms: SumTerms::Counted {
                    investments: &a.digital_investments,
                    kind: InvestmentKind::Soft,
                    counting,
                },
                result: Unrounded::ZERO,
            },
            Step::OtherPolicyExclusive {
                before: Unrounded::ZERO,
                other: Money::ZERO,
                sources: OtherSources {
                    grants: &a.other_grants,
                    item: ItemId::DigitalSubsidy,
                },
            },
        ];
        let Step::Sum { terms, .. } = &steps[0] else {
            unreachable!()
        };
        assert_eq!(
            terms.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            ["100.10", "300.30"]
        );
        let json = serde_json::to_value(steps).unwrap();
        assert_eq!(
            json[0]["terms"],
            serde_json::to_value(terms.iter().collect::<Vec<_>>()).unwrap()
        );
        assert_eq!(json[1]["sources"], serde_json::json!(["甲政策", "丙政策"]));
        let Step::OtherPolicyExclusive { sources, .. } = &steps[1] else {
            unreachable!()
        };
        assert_eq!(sources.join("、"), "甲政策、丙政策");
        // Paid on the acceptance day: counted unless the reading excludes that day.
        let excluded = Counting {
            acceptance_day: AcceptanceDayReading::Excluded,
            ..counting
        };
        assert!(counting.counts(jiff::civil::date(2022, 3, 1)));
        assert!(!excluded.counts(jiff::civil::date(2022, 3, 1)));
        assert!(!counting.counts(jiff::civil::date(2023, 1, 1)));
    }
}
