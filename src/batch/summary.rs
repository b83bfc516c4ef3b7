//! `summary.json`: the run's totals and control totals (by item, recipient, town and year),
//! the counts of parks, the readings in force, the 2023 targets and the manifest of every input
//! and output with its digest; and the same summary as a table for people.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::batch::portfolio::{Portfolio, PortfolioYear};
use crate::batch::reject::Reject;
use crate::batch::tables::TableDigest;
use crate::engine::Engine;
use crate::engine::assessment::Assessment;
use crate::facts::application::Application;
use crate::policy::{Policy, PolicySource, ReadingInForce};
use crate::values::item::Beneficiary;
use crate::values::money::Money;

/// Count and sum of ledger rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Control {
    /// Ledger rows.
    pub rows: u64,
    /// Rows with an amount above zero.
    pub payable: u64,
    /// Their sum.
    pub sum: Money,
}

impl Control {
    fn add(&mut self, amount: Money) {
        self.rows += 1;
        if !amount.is_zero() {
            self.payable += 1;
        }
        self.sum = self
            .sum
            .checked_add(amount)
            .expect("a ledger sum within Decimal's range");
    }

    fn merge(&mut self, other: Control) {
        self.rows += other.rows;
        self.payable += other.payable;
        self.sum = self
            .sum
            .checked_add(other.sum)
            .expect("a ledger sum within Decimal's range");
    }
}

/// Totals gathered while computing, merged across threads in order.
#[derive(Debug, Default)]
pub struct Totals {
    pub(crate) by_item: [Control; 4],
    pub(crate) by_year: BTreeMap<i16, Control>,
    pub(crate) by_town: BTreeMap<String, Control>,
    pub(crate) by_operator: BTreeMap<String, Money>,
    pub(crate) by_town_rebate: BTreeMap<String, Money>,
    pub(crate) portfolio: BTreeMap<i16, PortfolioYear>,
    pub(crate) parks_computed: u64,
    /// Park-years not computed.
    pub parks_rejected: u64,
}

fn add_to(map: &mut BTreeMap<String, Money>, key: &str, amount: Money) {
    match map.get_mut(key) {
        Some(m) => *m = m.checked_add(amount).expect("a total within Decimal's range"),
        None => {
            map.insert(key.to_string(), amount);
        }
    }
}

impl Totals {
    /// Adds one park-year's figures.
    pub fn add(&mut self, a: &Assessment<'_>, app: &Application, enterprises: usize, policy: &Policy) {
        self.parks_computed += 1;
        let mut park_sum = Control::default();
        let mut operator = Money::ZERO;
        let mut town = Money::ZERO;
        for r in &a.items {
            self.by_item[r.item.index()].add(r.amount);
            self.by_year.entry(a.year.get()).or_default().add(r.amount);
            park_sum.add(r.amount);
            match r.beneficiary {
                Beneficiary::Operator => operator = operator.checked_add(r.amount).expect("in range"),
                Beneficiary::LocalGovernment => town = town.checked_add(r.amount).expect("in range"),
            }
        }
        match self.by_town.get_mut(&a.park.town) {
            Some(c) => c.merge(park_sum),
            None => {
                self.by_town.insert(a.park.town.clone(), park_sum);
            }
        }
        add_to(&mut self.by_operator, &a.park.operator, operator);
        add_to(&mut self.by_town_rebate, &a.park.town, town);
        self.portfolio
            .entry(a.year.get())
            .or_default()
            .add(app, enterprises, policy);
    }

    /// Adds another run's totals.
    pub fn merge(&mut self, other: Totals) {
        for (mine, theirs) in self.by_item.iter_mut().zip(other.by_item) {
            mine.merge(theirs);
        }
        for (k, v) in other.by_year {
            self.by_year.entry(k).or_default().merge(v);
        }
        for (k, v) in other.by_town {
            self.by_town.entry(k).or_default().merge(v);
        }
        for (map, theirs) in [
            (&mut self.by_operator, other.by_operator),
            (&mut self.by_town_rebate, other.by_town_rebate),
        ] {
            for (k, v) in theirs {
                // The key moved in, not copied: most of a chunk's operators are new to the run.
                map.entry(k)
                    .and_modify(|m| *m = m.checked_add(v).expect("a total within Decimal's range"))
                    .or_insert(v);
            }
        }
        for (k, v) in other.portfolio {
            self.portfolio.entry(k).or_default().merge(v);
        }
        self.parks_computed += other.parks_computed;
    }
}

/// One input file in the manifest: its digest and what became of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputManifest {
    /// File name.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows in the ledger's sums.
    pub rows_used: u64,
    /// Rows in `rejects.csv`.
    pub rows_rejected: u64,
    /// The workbook sheet the table was read from (the copy beside the outputs is its text).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub workbook: Option<crate::batch::workbook::WorkbookManifest>,
}

impl InputManifest {
    /// A table's manifest entry; its rejected rows counted from the rejects.
    pub fn new(d: &TableDigest, rejects: &[Reject]) -> InputManifest {
        let rejected = rejects.iter().filter(|r| r.table == d.table).count() as u64;
        InputManifest {
            file: d.table.to_string(),
            sha256: d.sha256.clone(),
            rows_read: d.rows,
            rows_used: d.rows.saturating_sub(rejected),
            rows_rejected: rejected,
            workbook: d.source.as_ref().map(crate::batch::workbook::WorkbookManifest::from),
        }
    }
}

/// An output file and its digest.
#[derive(Debug, Clone, Serialize)]
pub struct OutputManifest {
    /// File name.
    pub file: &'static str,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Data rows.
    pub rows: u64,
}

/// Per-item totals, by id.
#[derive(Debug, Clone, Serialize)]
pub struct ByItem {
    /// 入选省级园奖励
    pub provincial_listing: Control,
    /// 星级园奖励
    pub star_award: Control,
    /// 财力贡献奖励
    pub fiscal_rebate: Control,
    /// 数字化建设补助
    pub digital_subsidy: Control,
}

/// Totals by who is paid.
#[derive(Debug, Clone, Serialize)]
pub struct ByRecipient {
    /// Each operator's total (listing, star award, digital subsidy).
    pub operator: BTreeMap<String, Money>,
    /// Each town's fiscal rebate total.
    pub local_government: BTreeMap<String, Money>,
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Engine name and version.
    pub engine: Engine,
    /// The policy in force: id, digest, files.
    pub policy: SummaryPolicy,
    /// `tables` or `applications`.
    pub input_kind: &'static str,
    /// Whether the run wrote the clean parks past problems (`--keep-going`).
    pub keep_going: bool,
    /// The encoding the CSV tables were read in, when `--encoding` named one (detected
    /// otherwise). The copies beside the outputs are the UTF-8 text read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Copies of the inputs, beside the outputs, as read: `verify` recomputes from them.
    pub inputs_copied_to: &'static str,
    /// Each input file: digest, rows read, used, rejected.
    pub inputs: Vec<InputManifest>,
    /// The outputs beside this summary, with their digests.
    pub outputs: Vec<OutputManifest>,
    /// Calculation years computed.
    pub years: Vec<i16>,
    /// Park-years computed and rejected.
    pub parks: ParkCounts,
    /// Totals per item.
    pub by_item: ByItem,
    /// Totals per beneficiary.
    pub by_beneficiary: BTreeMap<&'static str, Money>,
    /// Totals per recipient.
    pub by_recipient: ByRecipient,
    /// Control totals per town: ledger rows of its parks, and their sum.
    pub by_town: BTreeMap<String, Control>,
    /// Control totals per year.
    pub by_year: BTreeMap<i16, Control>,
    /// The sum of every ledger row.
    pub grand_total: Money,
    /// The readings in force (as of the last year computed).
    pub readings: Vec<ReadingInForceOwned>,
    /// The portfolio against the 2023 targets （一）.
    pub portfolio: Portfolio,
}

/// The policy, in a summary.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SummaryPolicy {
    /// Id.
    pub id: String,
    /// SHA-256 of the canonical policy after overlays.
    pub digest: String,
    /// Its files.
    pub sources: Vec<PolicySource>,
    /// The whole policy in force, so that the run can be checked without those files.
    pub document: Policy,
}

/// Park-years computed and not.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ParkCounts {
    /// In the ledger.
    pub computed: u64,
    /// In the rejects.
    pub rejected: u64,
}

/// A reading in force, owned (the summary outlives the policy borrow).
#[derive(Debug, Clone, Serialize)]
pub struct ReadingInForceOwned {
    /// Id.
    pub reading: &'static str,
    /// Choice.
    pub choice: Option<&'static str>,
    /// GUIDE.md section.
    pub guide: String,
}

impl From<ReadingInForce<'_>> for ReadingInForceOwned {
    fn from(r: ReadingInForce<'_>) -> Self {
        ReadingInForceOwned {
            reading: r.reading.as_str(),
            choice: r.choice,
            guide: r.guide.to_string(),
        }
    }
}
