//! What a batch writes: `ledger.csv` (one row per park and item), `rejects.csv` (every row not
//! in the ledger, and why), and `summary.json` (totals, control totals, the manifest), each
//! written to a temporary file and renamed into place.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::batch::load::Reject;
use crate::batch::portfolio::{Portfolio, PortfolioYear};
use crate::batch::safe_cell::neutralise;
use crate::batch::tables::TableDigest;
use crate::batch::{BatchError, BatchOutcome, BatchRequest};
use crate::engine::ENGINE;
use crate::engine::Engine;
use crate::engine::assessment::Assessment;
use crate::facts::application::Application;
use crate::policy::{LoadedPolicy, Policy, PolicySource, ReadingInForce};
use crate::report::render::reason;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::lang::Lang;
use crate::values::money::Money;

/// The ledger's columns.
pub const LEDGER_HEADER: [&str; 10] = [
    "park_id",
    "year",
    "item",
    "beneficiary",
    "recipient",
    "amount",
    "status",
    "clause",
    "reason",
    "amount_in_words",
];
/// The rejects' columns.
pub const REJECTS_HEADER: [&str; 5] = ["table", "line", "park_id", "year", "reason"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Ledger rows of a run of parks, as CSV bytes.
#[derive(Debug, Default)]
pub struct LedgerChunk {
    bytes: Vec<u8>,
    /// Each park-year's name, town and rows, for `ledger.xlsx`.
    places: Vec<(String, String, usize)>,
}

impl LedgerChunk {
    /// Appends the four rows of one park-year.
    pub fn push(&mut self, a: &Assessment<'_>, lang: Lang) {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut self.bytes);
        let year = a.year.to_string();
        self.places
            .push((a.park.name.clone(), a.park.town.clone(), a.items.len()));
        for r in &a.items {
            let amount = r.amount.to_string();
            let why = reason(r, lang);
            let words = crate::values::capital::in_capitals(r.amount);
            // Text cells are neutralised for spreadsheets; amounts and enums are not text.
            let _ = w.write_record([
                neutralise(&a.park.id).as_ref(),
                &year,
                r.item.as_str(),
                r.beneficiary.as_str(),
                neutralise(r.recipient).as_ref(),
                &amount,
                r.status.as_str(),
                neutralise(r.clause).as_ref(),
                neutralise(&why).as_ref(),
                &words,
            ]);
        }
        let _ = w.flush();
    }
}

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
    by_item: [Control; 4],
    by_year: BTreeMap<i16, Control>,
    by_town: BTreeMap<String, Control>,
    by_operator: BTreeMap<String, Money>,
    by_town_rebate: BTreeMap<String, Money>,
    portfolio: BTreeMap<i16, PortfolioYear>,
    parks_computed: u64,
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
        for (k, v) in other.by_operator {
            add_to(&mut self.by_operator, &k, v);
        }
        for (k, v) in other.by_town_rebate {
            add_to(&mut self.by_town_rebate, &k, v);
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

/// A hidden temporary file in `dir` for `name` (`.name.XXXXXX`), made with the permissions
/// of any file the user creates (read-write for all, less the umask), not 0600: a colleague on
/// a shared folder can read what a batch writes if the user's umask lets them.
///
/// # Errors
/// The file cannot be made.
pub fn temp_file_in(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Writes `parts` to `dir/name` atomically: a temporary file in the same folder, renamed over
/// the old one, so that a crash or Ctrl-C leaves the old file or the new one, never half of
/// one. (No fsync: on ext4 it would also flush the 400 MB of input copies, doubling the run.)
/// Returns the path and the SHA-256 of what was written.
fn write_atomically(dir: &Path, name: &str, parts: &[&[u8]]) -> Result<(PathBuf, String), BatchError> {
    use sha2::Digest;
    let path = dir.join(name);
    let fail = |source| BatchError::Output {
        path: path.clone(),
        source,
    };
    let tmp = temp_file_in(dir, name).map_err(fail)?;
    let mut hasher = sha2::Sha256::new();
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        for part in parts {
            hasher.update(part);
            w.write_all(part).map_err(fail)?;
        }
        w.flush().map_err(fail)?;
    }
    tmp.persist(&path).map_err(|e| fail(e.error))?;
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((path, sha256))
}

/// Syncs the plain files directly in `dir` (not its folders), so that their data reaches the
/// disk while other work goes on; the folder's commit syncs the whole tree again.
fn sync_files(dir: &Path) -> Result<(), BatchError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|source| BatchError::Output { path, source })?;
        }
    }
    Ok(())
}

fn csv_bytes<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> (Vec<u8>, u64) {
    let mut bytes = BOM.to_vec();
    let mut n = 0;
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut bytes);
        let _ = w.write_record(header);
        for row in rows {
            let _ = w.write_record(&row);
            n += 1;
        }
        let _ = w.flush();
    }
    (bytes, n)
}

/// The folder beside the outputs that holds copies of the inputs.
pub const INPUTS_DIR: &str = "inputs";

/// How the inputs come to be copied beside the outputs.
pub enum Copies {
    /// Already written while the tables were hashed: renamed into place.
    Made(Vec<(&'static str, tempfile::NamedTempFile)>),
    /// Copied now from the input folder (application files, which are small).
    FromInput,
}

/// Puts the copies of the inputs into `out/inputs/`, each renamed into place whole.
fn place_copies(request: &BatchRequest, inputs: &[InputManifest], copies: Copies) -> Result<(), BatchError> {
    let dir = request.out.join(INPUTS_DIR);
    match copies {
        Copies::Made(made) => {
            for (name, tmp) in made {
                let path = dir.join(name);
                tmp.persist(&path)
                    .map_err(|e| BatchError::Output { path, source: e.error })?;
            }
        }
        Copies::FromInput => {
            for input in inputs {
                let path = dir.join(&input.file);
                let fail = |source| BatchError::Output {
                    path: path.clone(),
                    source,
                };
                let tmp = temp_file_in(&dir, &input.file).map_err(fail)?;
                std::fs::copy(request.input.join(&input.file), tmp.path()).map_err(fail)?;
                tmp.persist(&path).map_err(|e| fail(e.error))?;
            }
        }
    }
    Ok(())
}

/// Writes the three outputs and the copies of the inputs, summary last.
#[allow(clippy::too_many_arguments)]
pub fn write(
    request: &BatchRequest,
    policy: &LoadedPolicy,
    kind: &'static str,
    inputs: Vec<InputManifest>,
    copies: Copies,
    chunks: Vec<LedgerChunk>,
    totals: Totals,
    rejects: Vec<Reject>,
) -> Result<BatchOutcome, BatchError> {
    let out = &request.out;
    std::fs::create_dir_all(out).map_err(|source| BatchError::Output {
        path: out.clone(),
        source,
    })?;

    let mut ledger_head = BOM.to_vec();
    {
        let mut w = csv::WriterBuilder::new().from_writer(&mut ledger_head);
        let _ = w.write_record(LEDGER_HEADER);
        let _ = w.flush();
    }
    let mut ledger: Vec<&[u8]> = vec![&ledger_head];
    ledger.extend(chunks.iter().map(|c| c.bytes.as_slice()));
    let ledger_rows: u64 = totals.by_item.iter().map(|c| c.rows).sum();
    let (rejects_bytes, reject_rows) = csv_bytes(
        REJECTS_HEADER,
        rejects.iter().map(|r| {
            [
                neutralise(&r.table).into_owned(),
                r.line.to_string(),
                neutralise(&r.park_id).into_owned(),
                neutralise(&r.year).into_owned(),
                neutralise(&crate::batch::reject_words::reason_words(&r.reason, request.lang)).into_owned(),
            ]
        }),
    );

    let grand_total = totals
        .by_item
        .iter()
        .fold(Money::ZERO, |s, c| s.checked_add(c.sum).expect("in range"));
    let sum_of = |b: Beneficiary| {
        ItemId::ALL
            .into_iter()
            .filter(|i| policy.policy.beneficiary(*i) == b)
            .fold(Money::ZERO, |s, i| {
                s.checked_add(totals.by_item[i.index()].sum).expect("in range")
            })
    };
    let years: Vec<i16> = totals.by_year.keys().copied().collect();
    let as_of = years
        .last()
        .and_then(|y| crate::facts::application::Year::new(i64::from(*y)).ok())
        .map(|y| y.last_day())
        .unwrap_or(jiff::civil::Date::constant(2023, 12, 31));
    let mut summary = Summary {
        engine: ENGINE,
        policy: SummaryPolicy {
            id: policy.policy.policy.id.clone(),
            digest: policy.digest.clone(),
            sources: policy.sources.clone(),
            document: policy.policy.clone(),
        },
        input_kind: kind,
        keep_going: request.keep_going,
        inputs_copied_to: INPUTS_DIR,
        inputs,
        // Filled in below, in this order: ledger.csv, rejects.csv, ledger.xlsx.
        outputs: Vec::with_capacity(3),
        years,
        parks: ParkCounts {
            computed: totals.parks_computed,
            rejected: totals.parks_rejected,
        },
        by_item: ByItem {
            provincial_listing: totals.by_item[0],
            star_award: totals.by_item[1],
            fiscal_rebate: totals.by_item[2],
            digital_subsidy: totals.by_item[3],
        },
        by_beneficiary: BTreeMap::from([
            ("local_government", sum_of(Beneficiary::LocalGovernment)),
            ("operator", sum_of(Beneficiary::Operator)),
        ]),
        by_recipient: ByRecipient {
            operator: totals.by_operator,
            local_government: totals.by_town_rebate,
        },
        by_town: totals.by_town,
        by_year: totals.by_year,
        grand_total,
        readings: policy
            .policy
            .readings_in_force(as_of)
            .into_iter()
            .map(Into::into)
            .collect(),
        portfolio: Portfolio::new(&policy.policy, totals.portfolio),
    };
    // ledger.xlsx, for people: from the same rows, its digest in the manifest. It is most of a
    // large batch's work (millions of cells, then their compression), so it is built on its own
    // thread while this one writes the CSV ledger and the rejects, puts the copies of the
    // inputs in place and syncs them (the folder's commit syncs everything again, and finds
    // these files clean). Same bytes as one after the other: each file is written by one thread.
    let (xlsx, csvs) = std::thread::scope(|s| {
        let xlsx = s.spawn(|| {
            request.xlsx.then(|| {
                crate::batch::ledger_xlsx::for_batch(
                    chunks.iter().map(|c| (c.bytes.as_slice(), c.places.as_slice())),
                    &rejects,
                    &summary,
                    policy,
                    request.lang,
                )
                .map_err(|source| BatchError::Output {
                    path: out.join("ledger.xlsx"),
                    source,
                })
            })
        });
        let csvs = (|| -> Result<_, BatchError> {
            place_copies(request, &summary.inputs, copies)?;
            let ledger = write_atomically(out, "ledger.csv", &ledger)?;
            let rejects = write_atomically(out, "rejects.csv", &[&rejects_bytes])?;
            sync_files(&request.out.join(INPUTS_DIR))?;
            sync_files(out)?;
            Ok((ledger, rejects))
        })();
        (xlsx.join().expect("the workbook thread does not panic"), csvs)
    });
    let ((ledger_path, ledger_sha256), (rejects_path, rejects_sha256)) = csvs?;
    let xlsx = xlsx.transpose()?;
    drop(chunks);
    summary.outputs.push(OutputManifest {
        file: "ledger.csv",
        sha256: ledger_sha256,
        rows: ledger_rows,
    });
    summary.outputs.push(OutputManifest {
        file: "rejects.csv",
        sha256: rejects_sha256,
        rows: reject_rows,
    });
    let mut written = vec![ledger_path, rejects_path];
    if let Some(xlsx) = xlsx {
        let (xlsx_path, xlsx_sha256) = write_atomically(out, "ledger.xlsx", &[&xlsx])?;
        summary.outputs.push(OutputManifest {
            file: "ledger.xlsx",
            sha256: xlsx_sha256,
            rows: ledger_rows,
        });
        written.push(xlsx_path);
    }
    let mut json = serde_json::to_vec_pretty(&summary).expect("a summary always serializes");
    json.push(b'\n');
    written.push(write_atomically(out, "summary.json", &[&json])?.0);
    Ok(BatchOutcome { summary, written })
}

impl Summary {
    /// The summary for people.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{WIDTH, pad_left, pad_right, wrap_joined};
        use std::fmt::Write as _;
        use unicode_width::UnicodeWidthStr;
        let en = lang == Lang::En;
        let mut s = String::new();
        let head = [
            format!(
                "{} {}",
                if en { "batch" } else { "批量计算" },
                self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
            ),
            format!("{} {}", if en { "policy" } else { "政策" }, self.policy.id),
            format!("sha256 {}", &self.policy.digest[..12]),
        ];
        let _ = writeln!(s, "{}", wrap_joined(&head, " · ", "", "", WIDTH));
        let _ = writeln!(
            s,
            "{}",
            if en {
                format!(
                    "parks: {} computed, {} rejected (see rejects.csv)",
                    self.parks.computed, self.parks.rejected
                )
            } else {
                format!(
                    "园区：已计算 {} 个，未计入 {} 个（见 rejects.csv）",
                    self.parks.computed, self.parks.rejected
                )
            }
        );
        let _ = writeln!(s);
        let items = [
            (ItemId::ProvincialListing, self.by_item.provincial_listing),
            (ItemId::StarAward, self.by_item.star_award),
            (ItemId::FiscalRebate, self.by_item.fiscal_rebate),
            (ItemId::DigitalSubsidy, self.by_item.digital_subsidy),
        ];
        let header = if en {
            ["item", "payable", "amount"]
        } else {
            ["项目", "应付笔数", "金额（元）"]
        }
        .map(String::from);
        let mut rows: Vec<[String; 3]> = items
            .iter()
            .map(|(item, c)| {
                [
                    crate::report::render::item_name(*item, lang).to_string(),
                    c.payable.to_string(),
                    c.sum.grouped(),
                ]
            })
            .collect();
        rows.push([
            (if en { "total" } else { "合计" }).to_string(),
            String::new(),
            self.grand_total.grouped(),
        ]);
        let mut widths = [0usize; 3];
        for row in rows.iter().chain(std::iter::once(&header)) {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.width());
            }
        }
        for row in std::iter::once(&header).chain(rows.iter()) {
            let line = format!(
                "{}  {}  {}",
                pad_right(&row[0], widths[0]),
                pad_left(&row[1], widths[1]),
                pad_left(&row[2], widths[2])
            );
            let _ = writeln!(s, "{}", line.trim_end());
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{}",
            if en {
                "fiscal rebate by town:"
            } else {
                "各属地财力贡献奖励："
            }
        );
        let towns: Vec<(String, String)> = self
            .by_recipient
            .local_government
            .iter()
            .map(|(town, m)| (town.clone(), m.grouped()))
            .collect();
        let (wt, wm) = towns
            .iter()
            .fold((0, 0), |(a, b), (t, m)| (a.max(t.width()), b.max(m.width())));
        for (town, m) in &towns {
            let _ = writeln!(s, "  {}  {}", pad_right(town, wt), pad_left(m, wm));
        }
        let _ = writeln!(s);
        s.push_str(&self.portfolio.to_table(lang));
        s
    }
}
