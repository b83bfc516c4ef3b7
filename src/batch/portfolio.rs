//! The portfolio against the 2023 targets of clause （一）, as far as the tables carry what
//! each target needs (GUIDE.md §4).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::facts::application::Application;
use crate::policy::Policy;
use crate::values::lang::Lang;

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

/// One target and where the portfolio stands.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCheck {
    /// The target's id in `policy.yaml`.
    pub target: &'static str,
    /// The target figure, as the policy says it.
    pub target_value: String,
    /// The portfolio's figure, if the tables carry it.
    pub measured: Option<u64>,
    /// `met`, `not_met` or `not_in_tables`.
    pub outcome: &'static str,
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
                Some(g) if measured >= u64::from(g) => "met",
                Some(_) => "not_met",
                None => "not_in_tables",
            },
        };
        let absent = |target: &'static str, value: String| TargetCheck {
            target,
            target_value: value,
            measured: None,
            outcome: "not_in_tables",
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

    /// The targets for people.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{pad_left, pad_right};
        use std::fmt::Write as _;
        use unicode_width::UnicodeWidthStr;
        let en = lang == Lang::En;
        let mut s = String::new();
        let year = self
            .by_year
            .keys()
            .next_back()
            .map(|y| y.to_string())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{} {} {}",
            if en { "2023 targets" } else { "2023年目标" },
            self.clause,
            if en {
                format!("(measured on {year})")
            } else {
                format!("（按{year}年度）")
            }
        );
        let header = if en {
            ["target", "goal", "measured", "outcome"]
        } else {
            ["目标", "要求", "实际", "结果"]
        };
        let rows: Vec<[String; 4]> = self
            .targets
            .iter()
            .map(|t| {
                let name = crate::report::glossary::target(t.target).map_or(t.target, |p| p.pick(lang));
                let measured = t.measured.map_or_else(|| "—".to_string(), |m| m.to_string());
                let outcome = match (t.outcome, en) {
                    ("met", true) => "met",
                    ("not_met", true) => "not met",
                    (_, true) => "not in the tables",
                    ("met", false) => "已达成",
                    ("not_met", false) => "未达成",
                    _ => "表中无此数据",
                };
                [name.to_string(), t.target_value.clone(), measured, outcome.to_string()]
            })
            .collect();
        let mut widths = [0usize; 4];
        for row in rows.iter().chain(std::iter::once(&header.map(String::from))) {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.width());
            }
        }
        for row in std::iter::once(&header.map(String::from)).chain(rows.iter()) {
            let line = format!(
                "  {}  {}  {}  {}",
                pad_right(&row[0], widths[0]),
                pad_left(&row[1], widths[1]),
                pad_left(&row[2], widths[2]),
                row[3]
            );
            let _ = writeln!(s, "{}", line.trim_end());
        }
        s
    }
}
