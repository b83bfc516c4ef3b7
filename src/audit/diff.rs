//! `diff OLD NEW`: two reports (calc JSON) or two batch outputs compared figure by figure, each
//! changed figure with its causes: a policy parameter (name, old, new), an input fact (field,
//! old, new), or the engine version; and the change in totals.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::audit::recorded::{ReadError, check_report, checked_inputs, ledger_rows, parse_report, read, read_summary};
use crate::batch::BatchError;
use crate::engine::reach::Reach;
use crate::policy::LoadedPolicy;
use crate::policy::compare::{Change, changes, flatten, items_moved_by_fact};
use crate::report::recorded::{RecordedReport, RecordedSummary};
use crate::report::report_words::{self as words, Said};
use crate::values::item::ItemId;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// One figure that changed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct FigureChange {
    /// The park.
    pub park_id: String,
    /// The year.
    pub year: String,
    /// The item.
    pub item: String,
    /// Before: amount and status.
    pub old: String,
    /// After.
    pub new: String,
    /// Causes found, e.g. `policy items.digital_subsidy.cap.2021-08-20: 1000000.00 → 1200000.00`.
    pub causes: Vec<Said>,
}

/// Everything that differs between two reports.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDiff {
    /// The old report.
    pub old: String,
    /// The new one.
    pub new: String,
    /// Engine versions, if they differ.
    pub engine: Option<(String, String)>,
    /// Policy parameters that differ.
    pub policy: Vec<Change>,
    /// Figures that changed.
    pub figures: Vec<FigureChange>,
    /// Totals: old, new, change.
    pub total: (Money, Money, Money),
}

/// Why two reports could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A report or folder cannot be read, or the two are of different kinds.
    #[error(transparent)]
    Recorded(#[from] ReadError),
    /// The facts of a batch's changed parks could not be read back from its input copies.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// A report and a folder: nothing to compare figure by figure.
    #[error("{}: compare two calc reports or two batch folders, not one of each", new.display())]
    MixedKinds {
        /// The old one.
        old: std::path::PathBuf,
        /// The new one.
        new: std::path::PathBuf,
    },
}

/// Compares two calc reports, or two batch output folders.
///
/// # Errors
/// A report that cannot be read, or two of different kinds.
pub fn diff(old: &Path, new: &Path) -> Result<ReportDiff, DiffError> {
    match (old.is_dir(), new.is_dir()) {
        (false, false) => diff_reports(old, new),
        (true, true) => diff_batches(old, new),
        _ => Err(DiffError::MixedKinds {
            old: old.to_path_buf(),
            new: new.to_path_buf(),
        }),
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &Path) -> Result<T, ReadError> {
    parse_report(&read(file)?, file)
}

/// What the figures of two recorded policies cite (a policy that no longer loads cites
/// nothing; the other still does).
fn reach_of(old: &crate::policy::Policy, new: &crate::policy::Policy) -> Reach {
    let load = |p: &crate::policy::Policy| LoadedPolicy::from_document(p.clone(), Vec::new()).ok();
    let loaded: Vec<LoadedPolicy> = [load(old), load(new)].into_iter().flatten().collect();
    Reach::probe(&loaded.iter().collect::<Vec<_>>())
}

fn causes_for(
    item: &str,
    engine: &Option<(String, String)>,
    policy: &[Change],
    reach: &Reach,
    facts: &[Change],
) -> Vec<Said> {
    let id: Option<ItemId> = item.parse().ok();
    let moves = |items: Vec<ItemId>| id.is_none_or(|i| items.contains(&i));
    let mut out = Vec::new();
    for c in policy.iter().filter(|c| moves(reach.items_moved(&c.path))) {
        out.push(words::policy_cause(&c.path, &c.old, &c.new));
    }
    for c in facts.iter().filter(|c| moves(items_moved_by_fact(&c.path))) {
        out.push(words::input_cause(&c.path, &c.old, &c.new));
    }
    if let Some((o, n)) = engine {
        out.push(words::engine_cause(o, n));
    }
    if out.is_empty() {
        out.push(words::no_cause());
    }
    out
}

fn diff_reports(old_file: &Path, new_file: &Path) -> Result<ReportDiff, DiffError> {
    let old: RecordedReport = parse(old_file)?;
    check_report(old_file, &old)?;
    let new: RecordedReport = parse(new_file)?;
    check_report(new_file, &new)?;
    let engine =
        (old.engine.version != new.engine.version).then(|| (old.engine.version.clone(), new.engine.version.clone()));
    let policy = changes(&flatten(&old.policy.document), &flatten(&new.policy.document));
    let reach = if policy.is_empty() {
        Reach::default()
    } else {
        reach_of(&old.policy.document, &new.policy.document)
    };
    let facts = changes(&flatten(&old.facts), &flatten(&new.facts));
    let mut figures = Vec::new();
    for o in &old.items {
        let n = new.items.iter().find(|n| n.item == o.item);
        let (old_fig, new_fig) = (
            format!("{} {}", o.amount, o.status),
            n.map_or("absent".into(), |n| format!("{} {}", n.amount, n.status)),
        );
        if old_fig != new_fig {
            figures.push(FigureChange {
                park_id: new.facts.park.id.clone(),
                year: new.facts.year.to_string(),
                item: o.item.to_string(),
                old: old_fig,
                new: new_fig,
                causes: causes_for(o.item.as_str(), &engine, &policy, &reach, &facts),
            });
        }
    }
    let change = new.total.checked_sub(old.total).unwrap_or(Money::ZERO);
    Ok(ReportDiff {
        old: old_file.display().to_string(),
        new: new_file.display().to_string(),
        engine,
        policy,
        figures,
        total: (old.total, new.total, change),
    })
}

fn diff_batches(old_dir: &Path, new_dir: &Path) -> Result<ReportDiff, DiffError> {
    let old: RecordedSummary = read_summary(old_dir)?;
    let new: RecordedSummary = read_summary(new_dir)?;
    let engine =
        (old.engine.version != new.engine.version).then(|| (old.engine.version.clone(), new.engine.version.clone()));
    let policy = changes(&flatten(&old.policy.document), &flatten(&new.policy.document));
    let reach = if policy.is_empty() {
        Reach::default()
    } else {
        reach_of(&old.policy.document, &new.policy.document)
    };
    let (old_rows, new_rows) = (
        ledger_rows(&old_dir.join("ledger.csv"))?,
        ledger_rows(&new_dir.join("ledger.csv"))?,
    );
    let keys: BTreeSet<_> = old_rows.keys().chain(new_rows.keys()).cloned().collect();
    let show = |row: Option<&(String, String)>| row.map_or_else(|| "absent".to_string(), |(a, s)| format!("{a} {s}"));
    let changed: Vec<_> = keys
        .into_iter()
        .filter(|k| old_rows.get(k) != new_rows.get(k))
        .collect();
    // The facts of the parks whose figures changed, from each run's copies of its inputs.
    let parks: BTreeSet<(String, i16)> = changed
        .iter()
        .filter_map(|(p, y, _)| y.parse().ok().map(|y| (p.clone(), y)))
        .collect();
    let apps_old = crate::batch::applications(&checked_inputs(old_dir)?, &parks)?;
    let apps_new = crate::batch::applications(&checked_inputs(new_dir)?, &parks)?;
    let mut facts_of: BTreeMap<(String, i16), Vec<Change>> = BTreeMap::new();
    for key in &parks {
        let (o, n) = (
            apps_old.get(key).map(flatten).unwrap_or_default(),
            apps_new.get(key).map(flatten).unwrap_or_default(),
        );
        facts_of.insert(key.clone(), changes(&o, &n));
    }
    let figures = changed
        .into_iter()
        .map(|(park, year, item)| {
            let facts = year
                .parse()
                .ok()
                .and_then(|y: i16| facts_of.get(&(park.clone(), y)))
                .cloned()
                .unwrap_or_default();
            let key = (park.clone(), year.clone(), item.clone());
            FigureChange {
                causes: causes_for(&item, &engine, &policy, &reach, &facts),
                old: show(old_rows.get(&key)),
                new: show(new_rows.get(&key)),
                park_id: park,
                year,
                item,
            }
        })
        .collect();
    let change = new.grand_total.checked_sub(old.grand_total).unwrap_or(Money::ZERO);
    Ok(ReportDiff {
        old: old_dir.display().to_string(),
        new: new_dir.display().to_string(),
        engine,
        policy,
        figures,
        total: (old.grand_total, new.grand_total, change),
    })
}

impl ReportDiff {
    /// For people, in `lang`: what changed in the engine and the policy, each changed figure
    /// with its causes, and the totals; amounts grouped, no line wider than the terminal.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{WIDTH, wrap};
        let colon = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let mut s = String::new();
        let _ = writeln!(s, "{}", wrap(&format!("{} → {}", self.old, self.new), "", "  ", WIDTH));
        if let Some((o, n)) = &self.engine {
            let _ = writeln!(s, "{}{colon}{o} → {n}", words::ENGINE.pick(lang));
        }
        if !self.policy.is_empty() {
            let _ = writeln!(s, "{}", words::POLICY_CHANGED.pick(lang));
            for c in &self.policy {
                let line = format!(
                    "{}{colon}{} → {}",
                    words::parameter_words(&c.path, lang),
                    words::value_words(&c.path, &c.old, lang),
                    words::value_words(&c.path, &c.new, lang)
                );
                let _ = writeln!(s, "{}", wrap(&line, "  ", "    ", WIDTH));
            }
        }
        if self.figures.is_empty() {
            let _ = writeln!(s, "{}", words::NO_FIGURE_CHANGED.pick(lang));
        }
        for f in &self.figures {
            let line = format!(
                "{} {} {}{colon}{} → {}",
                f.park_id,
                f.year,
                words::item_words(&f.item, lang),
                words::figure_words(&f.old, lang),
                words::figure_words(&f.new, lang)
            );
            let _ = writeln!(s, "{}", wrap(&line, "", "    ", WIDTH));
            for c in &f.causes {
                let because = format!("{}{}", words::BECAUSE.pick(lang), c.pick(lang));
                let _ = writeln!(s, "{}", wrap(&because, "    ", "      ", WIDTH));
            }
        }
        let (o, n, d) = &self.total;
        let change = format!("{} {}", words::CHANGE.pick(lang), d.grouped());
        let change = match lang {
            Lang::Zh => format!("（{change}）"),
            Lang::En => format!(" ({change})"),
        };
        let _ = writeln!(
            s,
            "{}{colon}{} → {}{change}",
            words::TOTAL.pick(lang),
            o.grouped(),
            n.grouped()
        );
        s
    }
}
