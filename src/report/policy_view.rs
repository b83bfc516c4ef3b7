//! `policy show` (the policy in force, readable, clause by clause) and `policy diff` (what a
//! renewal or an overlay changes, and which items each change can move).

use std::fmt::{Display, Write as _};

use serde::Serialize;

use crate::policy::compare::{Change, changes, flatten, items_moved_by_policy};
use crate::policy::{Dated, LoadedPolicy};
use crate::report::render::item_name;
use crate::values::item::ItemId;
use crate::values::lang::Lang;

fn dated<T: Display>(values: &Dated<T>) -> String {
    values
        .0
        .iter()
        .map(|(d, v)| format!("{v} from {d}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn dated_list<T: Display>(values: &Dated<Vec<T>>) -> String {
    values
        .0
        .iter()
        .map(|(d, v)| {
            format!(
                "{} from {d}",
                v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The policy in force, for people.
pub fn show(loaded: &LoadedPolicy, lang: Lang) -> String {
    let p = &loaded.policy;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} 《{}》 {} {}",
        p.policy.id,
        p.policy.title,
        p.policy.issuer,
        p.policy.issued_on.map(|d| d.to_string()).unwrap_or_default()
    );
    let _ = writeln!(s, "sha256 {}", loaded.digest);
    for src in &loaded.sources {
        let _ = writeln!(
            s,
            "  from {} ({}, sha256 {})",
            src.file,
            if src.kind == crate::policy::FileKind::Policy {
                "policy"
            } else {
                "overlay"
            },
            &src.sha256[..12]
        );
    }
    let _ = writeln!(s);
    let windows: Vec<String> = p
        .in_force
        .windows
        .iter()
        .map(|w| format!("{} … {}", w.from, w.to))
        .collect();
    let _ = writeln!(
        s,
        "in_force {} 「{}」\n  {}",
        p.in_force.clause,
        p.in_force.words,
        windows.join(", ")
    );
    for item in ItemId::ALL {
        let (clause, words) = p.item_source(item);
        let _ = writeln!(
            s,
            "\n{} ({}) → {} {} 「{}」",
            item,
            item_name(item, Lang::Zh),
            p.beneficiary(item).as_str(),
            clause,
            words
        );
        match item {
            ItemId::ProvincialListing | ItemId::StarAward => {
                for (id, rung) in p.rating_ladder.rungs.iter().filter(|(_, r)| r.item == Some(item)) {
                    let stars = rung.stars.map(|n| format!(", {n}★")).unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "  rung {id} (level {}{stars}): {}",
                        rung.level.expect("validated on loading"),
                        dated(&rung.amount)
                    );
                }
                if item == ItemId::StarAward {
                    let g = &p.items.star_award.gate;
                    let _ = writeln!(
                        s,
                        "  gate {} 「{}」\n    eligible grades: {}",
                        g.clause,
                        g.words,
                        dated_list(&g.eligible_grades)
                    );
                }
            }
            ItemId::FiscalRebate => {
                let r = &p.items.fiscal_rebate;
                let _ = writeln!(
                    s,
                    "  min stars: {}\n  share: {}\n  cap: {}",
                    dated(&r.min_stars),
                    dated(&r.share),
                    dated(&r.cap)
                );
            }
            ItemId::DigitalSubsidy => {
                let r = &p.items.digital_subsidy;
                let _ = writeln!(
                    s,
                    "  soft rate: {}\n  hardware rate: {}\n  cap: {}",
                    dated(&r.soft_rate),
                    dated(&r.hardware_rate),
                    dated(&r.cap)
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "\nrating_ladder {} 「{}」",
        p.rating_ladder.clause, p.rating_ladder.words
    );
    let _ = writeln!(
        s,
        "no_duplication {} 「{}」",
        p.no_duplication.clause, p.no_duplication.words
    );
    let _ = writeln!(s, "case_by_case {} 「{}」", p.case_by_case.clause, p.case_by_case.words);
    let _ = writeln!(s, "\nreadings:");
    for e in p.reading_entries() {
        let choices: Vec<String> = e.choices.iter().map(|(d, c)| format!("{c} from {d}")).collect();
        let _ = writeln!(
            s,
            "  {}: {} — {} {} 「{}」\n    {} (alternatives: {})",
            e.reading.as_str(),
            choices.join("; "),
            e.meta.guide,
            e.meta.clause,
            e.meta.words,
            if lang == Lang::Zh && !e.meta.summary_zh.is_empty() {
                e.meta.summary_zh
            } else {
                e.meta.summary
            },
            e.alternatives.join(", ")
        );
    }
    let _ = writeln!(s, "\nstandards {} 「{}」", p.standards.clause, p.standards.words);
    if let Some(f) = p.standards.square_metres_per_mu {
        let _ = writeln!(s, "  1 mu = {}/{} m²", f.numerator, f.denominator);
    }
    for (id, rule) in p.standards.each() {
        let thresholds: Vec<String> = flatten(rule)
            .into_iter()
            .filter(|(k, _)| k != "clause" && k != "words")
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let id = id.trim_start_matches("standards.");
        let _ = writeln!(
            s,
            "  {id} {} 「{}」\n    {}",
            rule.clause,
            rule.words,
            thresholds.join("; ")
        );
    }
    let fees = &p.fees;
    let _ = writeln!(
        s,
        "\nfees {} 「{}」\n  maintenance fund {} per m²; warranty deposit {} per m²; collected by {}",
        fees.clause,
        fees.words,
        fees.maintenance_fund_per_m2.map(|m| m.to_string()).unwrap_or_default(),
        fees.warranty_deposit_per_m2.map(|m| m.to_string()).unwrap_or_default(),
        fees.collected_by
    );
    let t = &p.targets;
    let _ = writeln!(s, "\ntargets {} 「{}」", t.clause, t.words);
    let opt = |v: Option<u32>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let _ = writeln!(
        s,
        "  high-star parks (≥{}★) ≥ {}; 5★ parks ≥ {}; enterprises in parks ≥ {}; new digital demonstration parks ≥ {}",
        t.high_star_min_stars.expect("validated on loading"),
        opt(t.high_star_parks_at_least),
        opt(t.five_star_parks_at_least),
        opt(t.enterprises_in_parks_at_least),
        opt(t.new_digital_demonstration_parks_at_least)
    );
    s
}

/// One change between two policies, with the items it can move.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyChange {
    /// The parameter and its old and new values.
    #[serde(flatten)]
    pub change: Change,
    /// The items whose figures it can move.
    pub moves: Vec<ItemId>,
}

/// What changes from policy A to policy B.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyDiff {
    /// A's label and digest.
    pub old: (String, String),
    /// B's label and digest.
    pub new: (String, String),
    /// Each parameter that differs.
    pub changes: Vec<PolicyChange>,
}

/// Compares two policies parameter by parameter.
pub fn diff(old_label: &str, old: &LoadedPolicy, new_label: &str, new: &LoadedPolicy) -> PolicyDiff {
    let changes = changes(&flatten(&old.policy), &flatten(&new.policy))
        .into_iter()
        .map(|change| PolicyChange {
            moves: items_moved_by_policy(&change.path),
            change,
        })
        .collect();
    PolicyDiff {
        old: (old_label.to_string(), old.digest.clone()),
        new: (new_label.to_string(), new.digest.clone()),
        changes,
    }
}

impl PolicyDiff {
    /// For people.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} (sha256 {}) → {} (sha256 {})",
            self.old.0,
            &self.old.1[..12],
            self.new.0,
            &self.new.1[..12]
        );
        if self.changes.is_empty() {
            let _ = writeln!(s, "no parameter differs");
        }
        for c in &self.changes {
            let moves = if c.moves.is_empty() {
                "moves no figure".to_string()
            } else {
                format!(
                    "moves {}",
                    c.moves.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
                )
            };
            let _ = writeln!(
                s,
                "  {}: {} → {}   ({moves})",
                c.change.path, c.change.old, c.change.new
            );
        }
        s
    }
}
