//! Which items a change to the policy can move, read from what the figures cite: the rules
//! are run over a probe of applications (every rung, grade, history and reading), and each
//! item is said to rest on every parameter, reading and period in force its traces cite.
//!
//! Nothing here lists which parameter feeds which item: a new parameter, rung or reading is
//! reached as soon as a rule cites it. `policy diff` and `diff` name, for a changed field,
//! the items whose traces cite it (issue 9).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::engine::assessment::assess_with_terms;
use crate::engine::terms::Terms;
use crate::facts::application::{
    Application, DigitalInvestment, InvestmentKind, OtherGrant, Park, PriorGrant, ResidentEnterprise, StarRating, Year,
};
use crate::facts::yaml::Located;
use crate::policy::{LoadedPolicy, ReadingChoices};
use crate::values::item::ItemId;
use crate::values::money::Money;
use crate::values::rating::{Grade, Stars};
use crate::values::uscc::Uscc;

/// Fields that enter no figure: the policy's words, and who is paid (the recipient, not the
/// amount).
const NOT_IN_FIGURES: &[&str] = &[
    "clause",
    "words",
    "summary",
    "summary_zh",
    "guide",
    "alternatives",
    "beneficiary",
];

/// For each path the rules cite (`items.digital_subsidy.cap`, `readings.digital_cap`,
/// `in_force.windows`, `rating_ladder.rungs.star_2.amount`), the items whose traces cite it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    cited: BTreeMap<String, BTreeSet<ItemId>>,
}

impl Reach {
    /// What the rules cite under each policy, over a probe of applications for every year in
    /// force, under every combination of the readings' choices.
    pub fn probe(policies: &[&LoadedPolicy]) -> Reach {
        let mut reach = Reach::default();
        for loaded in policies {
            for year in years_in_force(loaded) {
                let Ok(mut terms) = Terms::for_year(&loaded.policy, year) else {
                    continue;
                };
                let apps = probe_applications(loaded, year);
                // The rungs' items are decided together, one exclusivity group (GUIDE.md §1.2):
                // what one of them rests on can move the others (a higher rung supersedes).
                let ladder: BTreeSet<ItemId> = terms.rungs.iter().map(|r| r.item).collect();
                for choices in ReadingChoices::every() {
                    terms.readings = choices;
                    for app in &apps {
                        let Ok(a) = assess_with_terms(app, loaded, &terms) else {
                            continue;
                        };
                        for r in &a.items {
                            if ladder.contains(&r.item) {
                                reach.cite(&ladder, &r.trace);
                            } else {
                                reach.cite(&BTreeSet::from([r.item]), &r.trace);
                            }
                        }
                    }
                }
            }
        }
        reach
    }

    /// Records that `items` rest on what one trace cites.
    pub fn cite(&mut self, items: &BTreeSet<ItemId>, trace: &crate::engine::trace::Trace) {
        for c in trace.citations() {
            self.cited.entry(c.to_string()).or_default().extend(items);
        }
    }

    /// Every path cited, with the items that cite it.
    pub fn cited(&self) -> impl Iterator<Item = (&str, &BTreeSet<ItemId>)> {
        self.cited.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The items a change at `path` (a leaf of the policy, e.g.
    /// `items.digital_subsidy.cap.2021-08-20`) can move: those citing the parameter it belongs
    /// to, or, for a change to an entry's structure (a rung's level), those citing a parameter
    /// within the nearest entry above it. None for the policy's words, or for a section no rule
    /// cites (targets, standards, fees).
    pub fn items_moved(&self, path: &str) -> Vec<ItemId> {
        if segments(path).any(|s| NOT_IN_FIGURES.contains(&s)) {
            return Vec::new();
        }
        let mut at = path;
        loop {
            let items: BTreeSet<ItemId> = self
                .cited
                .iter()
                .filter(|(k, _)| *k == at || is_under(k, at))
                .flat_map(|(_, items)| items.iter().copied())
                .collect();
            if !items.is_empty() {
                return ItemId::ALL.into_iter().filter(|i| items.contains(i)).collect();
            }
            // Up to an entry of a section (`items.star_award`), never the whole section.
            match parent(at) {
                Some(p) if p.contains('.') => at = p,
                _ => return Vec::new(),
            }
        }
    }
}

/// The names along a path, without list indices: `readings.x.alternatives[1]` →
/// `readings`, `x`, `alternatives`.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('.').map(|s| s.split('[').next().unwrap_or(s))
}

fn is_under(key: &str, at: &str) -> bool {
    key.strip_prefix(at)
        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn parent(path: &str) -> Option<&str> {
    if path.ends_with(']') {
        return path.rfind('[').map(|i| &path[..i]);
    }
    path.rfind('.').map(|i| &path[..i])
}

/// Every calendar year a period in force touches.
fn years_in_force(loaded: &LoadedPolicy) -> BTreeSet<Year> {
    loaded
        .policy
        .in_force
        .windows
        .iter()
        .flat_map(|w| w.from.year()..=w.to.year())
        .filter_map(|y| Year::new(i64::from(y)).ok())
        .collect()
}

/// The first and the last day in force within `year`.
fn days_in_force(loaded: &LoadedPolicy, year: Year) -> Option<(Date, Date)> {
    let (jan1, dec31) = (Date::new(year.get(), 1, 1).ok()?, year.last_day());
    let days: Vec<(Date, Date)> = loaded
        .policy
        .in_force
        .windows
        .iter()
        .filter(|w| w.from <= dec31 && w.to >= jan1)
        .map(|w| (w.from.max(jan1), w.to.min(dec31)))
        .collect();
    Some((days.iter().map(|d| d.0).min()?, days.iter().map(|d| d.1).max()?))
}

/// Applications that reach every branch of the rules in `year`: with and without a listing;
/// every grade and none; no stars and each of 1★ to 5★; with no history, and with grants of
/// this policy (the year before and the same year) and of another for every item; and
/// contributions and investments above every cap, one paid on the acceptance day.
fn probe_applications(loaded: &LoadedPolicy, year: Year) -> Vec<Application> {
    let Some((first, last)) = days_in_force(loaded, year) else {
        return Vec::new();
    };
    let year_before = Year::new(i64::from(year.get()) - 1).unwrap_or(year);
    let amount = Money::from_yuan;
    let base = Application {
        park: Park {
            id: "PROBE".into(),
            name: "PROBE".into(),
            town: "PROBE".into(),
            operator: "PROBE".into(),
        },
        year,
        provincial_listing: None,
        performance_grade: None,
        star_rating: None,
        completion_accepted_on: Some(first),
        resident_enterprises: ["914403001922038216", "9144030071526726XG"]
            .iter()
            .zip([100_000_000, -100])
            .filter_map(|(code, yuan)| {
                let uscc = Uscc::parse(code).ok()?;
                let e = ResidentEnterprise {
                    uscc,
                    name: "PROBE".into(),
                    city_fiscal_contribution: amount(yuan),
                };
                Some(Located::new(e, None))
            })
            .collect(),
        digital_investments: [(InvestmentKind::Soft, first), (InvestmentKind::Hardware, last)]
            .into_iter()
            .map(|(kind, paid_on)| {
                let i = DigitalInvestment {
                    item: "PROBE".into(),
                    kind,
                    amount: amount(100_000_000),
                    paid_on,
                };
                Located::new(i, None)
            })
            .collect(),
        prior_grants: Vec::new(),
        other_grants: Vec::new(),
        overrides: Vec::new(),
        decided_amounts: Vec::new(),
    };
    let history = |app: &mut Application| {
        for item in ItemId::ALL {
            for (y, yuan) in [(year_before, 100_000), (year, 1_000)] {
                let g = PriorGrant {
                    item,
                    year: y,
                    amount: amount(yuan),
                };
                app.prior_grants.push(Located::new(g, None));
            }
            let g = OtherGrant {
                item,
                source: "PROBE".into(),
                amount: amount(1_000),
            };
            app.other_grants.push(Located::new(g, None));
        }
    };
    let grades = [None, Some(Grade::A), Some(Grade::B), Some(Grade::C), Some(Grade::D)];
    let stars = std::iter::once(None).chain((1..=5).filter_map(|s| Stars::new(s).ok()).map(Some));
    let mut out = Vec::new();
    for star in stars {
        for grade in grades {
            for listing in [None, Some(first)] {
                for with_history in [false, true] {
                    let mut app = base.clone();
                    app.star_rating = star.map(|stars| StarRating {
                        stars,
                        recognized_on: first,
                    });
                    app.performance_grade = grade;
                    app.provincial_listing = listing;
                    if with_history {
                        history(&mut app);
                    }
                    out.push(app);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_walk_up_to_their_parameter() {
        assert_eq!(parent("a.b.c"), Some("a.b"));
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert!(is_under("a.b.c", "a.b") && is_under("a.b[0]", "a.b") && !is_under("a.bc", "a.b"));
        assert_eq!(
            segments("r.x.alternatives[1]").collect::<Vec<_>>(),
            ["r", "x", "alternatives"]
        );
    }
}
