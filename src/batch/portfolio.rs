//! The portfolio against the 2023 targets of clause （一）, as far as the tables carry what
//! each target needs (GUIDE.md §4).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::facts::application::Application;
use crate::policy::Policy;

/// Counts for one calculation year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PortfolioYear {
    /// Parks computed.
    pub parks: u64,
    /// Parks rated at or above the high-star level, recognised by the year's end.
    pub high_star_parks: u64,
    /// 5★ parks, recognised by the year's end.
    pub five_star_parks: u64,
    /// Resident enterprises in the parks.
    pub enterprises_in_parks: u64,
}

impl PortfolioYear {
    /// Counts one park-year.
    pub fn add(&mut self, app: &Application, enterprises: usize, policy: &Policy) {
        self.parks += 1;
        self.enterprises_in_parks += enterprises as u64;
        let min = policy.targets.high_star_min_stars.expect("validated on loading");
        if let Some(r) = &app.star_rating
            && r.recognized_on <= app.year.last_day()
        {
            if r.stars.get() >= min {
                self.high_star_parks += 1;
            }
            if r.stars.get() == 5 {
                self.five_star_parks += 1;
            }
        }
    }

    /// Adds another run's counts.
    pub fn merge(&mut self, o: PortfolioYear) {
        self.parks += o.parks;
        self.high_star_parks += o.high_star_parks;
        self.five_star_parks += o.five_star_parks;
        self.enterprises_in_parks += o.enterprises_in_parks;
    }
}

/// Where the portfolio stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetOutcome {
    /// Reached.
    Met,
    /// Not reached.
    NotMet,
    /// The tables do not carry the figure.
    NotInTables,
}

/// One target and where the portfolio stands.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCheck {
    /// The target's id in `policy.yaml`.
    pub target: &'static str,
    /// The target figure, as the policy says it.
    pub target_value: String,
    /// The portfolio's figure, if the tables carry it.
    pub measured: Option<u64>,
    /// Where it stands.
    pub outcome: TargetOutcome,
}

/// The portfolio for each year, and the targets against the latest.
#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// Clause.
    pub clause: String,
    /// Words.
    pub words: String,
    /// Counts per year.
    pub by_year: BTreeMap<i16, PortfolioYear>,
    /// The targets, measured on the latest year.
    pub targets: Vec<TargetCheck>,
}

impl Portfolio {
    /// Measures the latest year against the policy's targets.
    pub fn new(policy: &Policy, by_year: BTreeMap<i16, PortfolioYear>) -> Portfolio {
        let t = &policy.targets;
        let latest = by_year.values().next_back().copied().unwrap_or_default();
        let at_least = |target: &'static str, goal: Option<u32>, measured: u64| TargetCheck {
            target,
            target_value: goal.map_or_else(|| "—".into(), |g| format!("≥ {g}")),
            measured: Some(measured),
            outcome: match goal {
                Some(g) if measured >= u64::from(g) => TargetOutcome::Met,
                Some(_) => TargetOutcome::NotMet,
                None => TargetOutcome::NotInTables,
            },
        };
        let absent = |target: &'static str, value: String| TargetCheck {
            target,
            target_value: value,
            measured: None,
            outcome: TargetOutcome::NotInTables,
        };
        let targets = vec![
            at_least(
                "high_star_parks_at_least",
                t.high_star_parks_at_least,
                latest.high_star_parks,
            ),
            at_least(
                "five_star_parks_at_least",
                t.five_star_parks_at_least,
                latest.five_star_parks,
            ),
            at_least(
                "enterprises_in_parks_at_least",
                t.enterprises_in_parks_at_least,
                latest.enterprises_in_parks,
            ),
            absent(
                "new_digital_demonstration_parks_at_least",
                t.new_digital_demonstration_parks_at_least
                    .map_or_else(|| "—".into(), |g| format!("≥ {g}")),
            ),
            absent(
                "manufacturing_parks_over_100_mu_share_more_than",
                t.manufacturing_parks_over_100_mu_share_more_than
                    .map_or_else(|| "—".into(), |r| format!("> {r}")),
            ),
            absent(
                "manufacturing_share_at_least",
                t.manufacturing_share_at_least
                    .map_or_else(|| "—".into(), |r| format!("≥ {r}")),
            ),
        ];
        Portfolio {
            clause: t.clause.clone(),
            words: t.words.clone(),
            by_year,
            targets,
        }
    }
}
