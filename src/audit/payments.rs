//! `audit`: amounts actually paid, checked against the entitlements a batch or `calc`
//! computed. Lists every payment over its entitlement, paid twice, paid to an item with no
//! entitlement, or paid outside the policy's period, with its row; and checks the rating
//! ladder's invariant (never more than the highest rung) across years.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::audit::recorded::{ReadError, check_report, ledger_rows, parse_report, read};
use crate::batch::row_fault::RowFault;
use crate::batch::table_error::TableError;
use crate::batch::tables::{RowProblem, TableFile, parse_date};
use crate::facts::application::Year;
use crate::policy::{LoadedPolicy, PolicyError};
use crate::report::recorded::RecordedReport;
use crate::report::report_words::{self as words, Said};
use crate::values::item::ItemId;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// Why an audit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The payments file could not be read as a table.
    #[error(transparent)]
    Table(#[from] TableError),
    /// Rows of the payments file that cannot be read, all of them.
    #[error("{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Rows { problems: Vec<RowProblem> },
    /// An entitlement source could not be read.
    #[error(transparent)]
    Entitlements(#[from] ReadError),
    /// The policy could not be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

/// One payment as recorded.
#[derive(Debug, Clone)]
struct Payment {
    line: u64,
    park_id: String,
    year: Year,
    item: ItemId,
    amount: Money,
    paid_on: Date,
    voucher: String,
}

/// Something an auditor must look at.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `over_entitlement`, `paid_twice`, `voucher_reused`, `no_entitlement`, `outside_period`
    /// or `ladder_over_highest_rung`.
    pub kind: &'static str,
    /// The park.
    pub park_id: String,
    /// The year (empty for a finding across years).
    pub year: String,
    /// The item (or the ladder's items).
    pub item: String,
    /// The payment rows involved (lines of the payments file).
    pub rows: Vec<u64>,
    /// The figures.
    pub detail: Said,
}

/// The audit's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// The payments file.
    pub payments: String,
    /// Payment rows read.
    pub rows: u64,
    /// Their sum.
    pub paid_total: Money,
    /// Entitlement sources used.
    pub entitlements: Vec<String>,
    /// Findings, by kind then park.
    pub findings: Vec<Finding>,
}

type Key = (String, i16, ItemId);

/// Entitlements from batch folders (their ledgers) and calc reports.
fn entitlements(sources: &[PathBuf]) -> Result<BTreeMap<Key, Money>, ReadError> {
    let mut out = BTreeMap::new();
    for source in sources {
        if source.is_dir() {
            for ((park, year, item), (amount, _)) in ledger_rows(&source.join("ledger.csv"))? {
                let bad = |m: String| ReadError::Malformed {
                    file: source.join("ledger.csv"),
                    message: m,
                };
                let year: i16 = year.parse().map_err(|_| bad(format!("year `{year}`")))?;
                let item: ItemId = item.parse().map_err(bad)?;
                let amount = Money::parse(&amount).map_err(|e| bad(e.to_string()))?;
                out.insert((park, year, item), amount);
            }
        } else {
            let report: RecordedReport = parse_report(&read(source)?, source)?;
            check_report(source, &report)?;
            for item in report.items {
                out.insert(
                    (report.facts.park.id.clone(), report.facts.year.get(), item.item),
                    item.amount,
                );
            }
        }
    }
    Ok(out)
}

const PAYMENT_COLUMNS: &[&str] = &["park_id", "year", "item", "amount", "paid_on", "voucher"];

/// Reads the payments with the batch's table reader: BOM, exact cells, problems by row and
/// column, every one of them.
fn read_payments(file: &Path) -> Result<Vec<Payment>, AuditError> {
    let table = TableFile::open_file(file, PAYMENT_COLUMNS)?;
    let mut rows = table.parts(1)?.pop().expect("one part");
    let (mut payments, mut problems) = (Vec::new(), Vec::new());
    while let Some(row) = rows.next_row()? {
        let payment = (|| -> Result<Payment, RowProblem> {
            let amount = row.parse("amount", Money::parse)?;
            if amount.is_negative() {
                return Err(row.problem("amount", RowFault::NegativePayment(amount)));
            }
            Ok(Payment {
                line: row.line,
                park_id: row.required("park_id")?.to_string(),
                year: row.parse("year", |t| {
                    t.parse::<i64>()
                        .map_err(|_| format!("`{t}` is not a year"))
                        .and_then(Year::new)
                })?,
                item: row.parse("item", str::parse::<ItemId>)?,
                amount,
                paid_on: row.parse("paid_on", parse_date)?,
                voucher: row.cell("voucher")?.unwrap_or_default().to_string(),
            })
        })();
        match payment {
            Ok(p) => payments.push(p),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(payments)
    } else {
        Err(AuditError::Rows { problems })
    }
}

/// Audits the payments against the entitlements, under the policy given.
///
/// # Errors
/// An unreadable payments file or entitlement source, or rows that cannot be read.
pub fn audit(payments_file: &Path, sources: &[PathBuf], policy: &LoadedPolicy) -> Result<Audit, AuditError> {
    let payments = read_payments(payments_file)?;
    let entitled = entitlements(sources)?;
    let mut findings = Vec::new();
    let mut by_key: BTreeMap<Key, Vec<&Payment>> = BTreeMap::new();
    for p in &payments {
        by_key
            .entry((p.park_id.clone(), p.year.get(), p.item))
            .or_default()
            .push(p);
    }
    let lines = |ps: &[&Payment]| ps.iter().map(|p| p.line).collect::<Vec<_>>();
    let sum = |ps: &[&Payment]| {
        ps.iter().fold(Money::ZERO, |s, p| {
            s.checked_add(p.amount).expect("payments within range")
        })
    };
    for ((park, year, item), ps) in &by_key {
        let paid = sum(ps);
        let finding = |kind, detail: Said| Finding {
            kind,
            park_id: park.clone(),
            year: year.to_string(),
            item: item.to_string(),
            rows: lines(ps),
            detail,
        };
        if ps.len() > 1 {
            let each: Vec<Said> = ps
                .iter()
                .map(|p| words::one_payment(p.amount, &p.paid_on.to_string(), &p.voucher))
                .collect();
            findings.push(finding("paid_twice", words::paid_twice(&each)));
        }
        match entitled.get(&(park.clone(), *year, *item)) {
            None => findings.push(finding("no_entitlement", words::no_entitlement(paid))),
            Some(e) if e.is_zero() && !paid.is_zero() => {
                findings.push(finding("no_entitlement", words::entitlement_zero(paid)));
            }
            Some(e) if paid > *e => findings.push(finding(
                "over_entitlement",
                words::over_entitlement(paid, *e, paid.checked_sub(*e).unwrap_or(Money::ZERO)),
            )),
            Some(_) => {}
        }
    }
    let mut vouchers: BTreeMap<&str, Vec<&Payment>> = BTreeMap::new();
    for p in payments.iter().filter(|p| !p.voucher.is_empty()) {
        vouchers.entry(&p.voucher).or_default().push(p);
    }
    for (voucher, ps) in vouchers.into_iter().filter(|(_, ps)| ps.len() > 1) {
        findings.push(Finding {
            kind: "voucher_reused",
            park_id: ps[0].park_id.clone(),
            year: String::new(),
            item: String::new(),
            rows: lines(&ps),
            detail: words::voucher_reused(voucher, ps.len()),
        });
    }
    let windows: Vec<String> = policy
        .policy
        .in_force
        .windows
        .iter()
        .map(|w| format!("{} … {}", w.from, w.to))
        .collect();
    for p in &payments {
        let paid_in = policy.policy.in_force_on(p.paid_on);
        let year_in = policy.policy.covers_year(p.year.get());
        if !paid_in || !year_in {
            let paid_on = p.paid_on.to_string();
            findings.push(Finding {
                kind: "outside_period",
                park_id: p.park_id.clone(),
                year: p.year.to_string(),
                item: p.item.to_string(),
                rows: vec![p.line],
                detail: words::outside_period(
                    p.amount,
                    year_in.then_some(paid_on.as_str()),
                    &p.year.to_string(),
                    &windows.join(", "),
                ),
            });
        }
    }
    // The ladder: over all years, never more than its highest rung （十四）（十八）「从高、不重复」.
    let highest = policy
        .policy
        .rating_ladder
        .rungs
        .values()
        .flat_map(|r| r.amount.0.values().copied())
        .max()
        .unwrap_or(Money::ZERO);
    let mut ladder: BTreeMap<&str, Vec<&Payment>> = BTreeMap::new();
    for p in payments
        .iter()
        .filter(|p| matches!(p.item, ItemId::ProvincialListing | ItemId::StarAward))
    {
        ladder.entry(&p.park_id).or_default().push(p);
    }
    for (park, ps) in ladder {
        let paid = sum(&ps);
        if paid > highest {
            findings.push(Finding {
                kind: "ladder_over_highest_rung",
                park_id: park.to_string(),
                year: String::new(),
                item: "provincial_listing+star_award".into(),
                rows: lines(&ps),
                detail: words::ladder_over(paid, highest),
            });
        }
    }
    findings.sort_by(|a, b| (a.kind, &a.park_id, &a.year, &a.rows).cmp(&(b.kind, &b.park_id, &b.year, &b.rows)));
    Ok(Audit {
        payments: payments_file.display().to_string(),
        rows: payments.len() as u64,
        paid_total: payments
            .iter()
            .fold(Money::ZERO, |s, p| s.checked_add(p.amount).expect("in range")),
        entitlements: sources.iter().map(|s| s.display().to_string()).collect(),
        findings,
    })
}

impl Audit {
    /// For people, in `lang`: the payments read, then each finding with its rows and figures,
    /// wrapped to the terminal.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{WIDTH, wrap};
        let mut s = String::new();
        let heading = words::audit_heading(&self.payments, self.rows, self.paid_total, &self.entitlements, lang);
        let _ = writeln!(s, "{}", wrap(&heading, "", "  ", WIDTH));
        if self.findings.is_empty() {
            let _ = writeln!(s, "{}", words::NO_FINDINGS.pick(lang));
        }
        for f in &self.findings {
            let rows: Vec<String> = f.rows.iter().map(|r| r.to_string()).collect();
            let place = format!("{} {} {}", f.park_id, f.year, words::item_words(&f.item, lang));
            let place = place.split_whitespace().collect::<Vec<_>>().join(" ");
            let line = match lang {
                Lang::Zh => format!(
                    "{} · {place} · 第 {} 行：{}",
                    words::finding_kind(f.kind, lang),
                    rows.join("、"),
                    f.detail.pick(lang)
                ),
                Lang::En => format!(
                    "{} · {place} · {} {}: {}",
                    words::finding_kind(f.kind, lang),
                    words::ROWS.pick(lang),
                    rows.join(","),
                    f.detail.pick(lang)
                ),
            };
            let _ = writeln!(s, "{}", wrap(&line, "", "    ", WIDTH));
        }
        s
    }
}
