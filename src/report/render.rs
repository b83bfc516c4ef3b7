//! Reports for people (a table, in Chinese or English) and for programs (JSON, YAML).
//!
//! The trace's words come from `trace_words.rs`. JSON and YAML carry the same report: amounts
//! as strings with exactly two decimals, items always in the same order.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::engine::{ENGINE, Engine};
use crate::report::layout::{WIDTH, column_widths, pad_left, pad_right, wrap, wrap_joined};
use crate::values::lang::Lang;

use crate::engine::assessment::{Assessment, ItemResult, Status};
use crate::engine::trace::Trace;
use crate::facts::application::{Application, Park, Year};
use crate::policy::{LoadedPolicy, Policy, PolicySource, ReadingInForce};
use crate::report::trace_words::{item_name, reason, status_name, step_text, test_text};
use crate::values::capital::in_capitals;
use crate::values::item::{Beneficiary, ItemId};
use crate::values::money::Money;

/// The form of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
    /// YAML for programs.
    Yaml,
}

/// The policy a report was computed under.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyRef<'a> {
    /// The policy's id.
    pub id: &'a str,
    /// SHA-256 of the canonical policy in force, after overlays.
    pub digest: &'a str,
    /// The files it was built from.
    pub sources: &'a [PolicySource],
    /// The whole policy in force, so that the report can be checked without those files.
    pub document: &'a Policy,
}

/// An input file and its digest.
#[derive(Debug, Clone, Serialize)]
pub struct InputRef {
    /// The file as given.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// One item, for a report.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    /// Item id.
    pub item: ItemId,
    /// Operator or local government.
    pub beneficiary: Beneficiary,
    /// Who is paid.
    pub recipient: &'a str,
    /// What is owed.
    pub amount: Money,
    /// The same in capital numerals (大写金额).
    pub amount_in_words: String,
    /// Where it stands.
    pub status: Status,
    /// Entitlement before override or decided amount.
    pub computed: Money,
    /// Clause.
    pub clause: &'a str,
    /// The policy's words.
    pub words: &'a str,
    /// Why, in one line.
    pub reason: String,
    /// The arithmetic, one line a step.
    pub formula: Vec<String>,
    /// Conditions tested, one line each, with their outcome.
    pub conditions: Vec<String>,
    /// The structured trace.
    pub trace: &'a Trace<'a>,
}

/// A whole report of one calculation.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// Engine name and version.
    pub engine: Engine,
    /// Policy id, digest and files.
    pub policy: PolicyRef<'a>,
    /// Input files and digests.
    pub inputs: Vec<InputRef>,
    /// The facts the figures were computed from, as read (the application).
    pub facts: &'a Application,
    /// SHA-256 of the facts' canonical JSON (as above, compact).
    pub facts_sha256: String,
    /// The park.
    pub park: &'a Park,
    /// The calculation year.
    pub year: Year,
    /// Whether the year is in force.
    pub in_force: bool,
    /// The readings of GUIDE.md in force for the year, with their sources.
    pub readings: Vec<ReadingInForce<'a>>,
    /// The four items.
    pub items: Vec<ItemView<'a>>,
    /// Their sum.
    pub total: Money,
    /// The same in capital numerals (大写金额).
    pub total_in_words: String,
}

impl<'a> Report<'a> {
    /// Builds the report of an assessment.
    pub fn new(
        assessment: &'a Assessment<'a>,
        facts: &'a Application,
        policy: &'a LoadedPolicy,
        inputs: Vec<InputRef>,
        lang: Lang,
    ) -> Report<'a> {
        Report {
            engine: ENGINE,
            policy: PolicyRef {
                id: &policy.policy.policy.id,
                digest: &policy.digest,
                sources: &policy.sources,
                document: &policy.policy,
            },
            inputs,
            facts,
            facts_sha256: facts_sha256(facts),
            park: assessment.park,
            year: assessment.year,
            in_force: assessment.in_force,
            readings: policy.policy.readings_in_force(assessment.year.last_day()),
            items: assessment.items.iter().map(|r| item_view(r, lang)).collect(),
            total: assessment.total,
            total_in_words: in_capitals(assessment.total),
        }
    }

    /// Pretty JSON, newline-terminated.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a report always serializes");
        s.push('\n');
        s
    }

    /// YAML.
    pub fn to_yaml(&self) -> String {
        serde_saphyr::to_string(self).expect("a report always serializes")
    }

    /// The report in the form asked.
    pub fn render(&self, format: Format, lang: Lang) -> String {
        match format {
            Format::Table => self.to_table(lang),
            Format::Json => self.to_json(),
            Format::Yaml => self.to_yaml(),
        }
    }

    /// A table for people.
    pub fn to_table(&self, lang: Lang) -> String {
        let mut out = String::new();
        let (h_item, h_recipient, h_amount, h_status, h_total, h_policy, h_year) = match lang {
            Lang::En => ("item", "recipient", "amount", "status", "total", "policy", "year"),
            Lang::Zh => ("项目", "受益方", "金额（元）", "状态", "合计", "政策", "年度"),
        };
        let head = [
            format!("{} ({})", self.park.name, self.park.id),
            format!("{h_year} {}", self.year),
            format!("{h_policy} {}", self.policy.id),
            format!("sha256 {}", &self.policy.digest[..12]),
        ];
        let _ = writeln!(out, "{}", wrap_joined(&head, " · ", "", "", WIDTH));
        let rows: Vec<[String; 4]> = self
            .items
            .iter()
            .map(|i| {
                [
                    item_name(i.item, lang).to_string(),
                    i.recipient.to_string(),
                    i.amount.grouped(),
                    status_name(i.status, lang).to_string(),
                ]
            })
            .collect();
        let header = [
            h_item.to_string(),
            h_recipient.to_string(),
            h_amount.to_string(),
            h_status.to_string(),
        ];
        let mut widths = column_widths(rows.iter().chain(std::iter::once(&header)));
        widths[2] = widths[2].max(self.total.grouped().width());
        let line = |cells: &[String; 4]| {
            format!(
                "{}  {}  {}  {}",
                pad_right(&cells[0], widths[0]),
                pad_right(&cells[1], widths[1]),
                pad_left(&cells[2], widths[2]),
                cells[3]
            )
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", line(&header).trim_end());
        for (row, item) in rows.iter().zip(&self.items) {
            let _ = writeln!(out, "{}", line(row).trim_end());
            let _ = writeln!(out, "{}", wrap(&item.reason, "    ", "    ", WIDTH));
            if matches!(
                item.status,
                Status::Payable | Status::Nil | Status::Overridden | Status::Decided
            ) {
                if !item.formula.is_empty() {
                    let _ = writeln!(out, "{}", wrap_joined(&item.formula, " → ", "    ", "      ", WIDTH));
                }
                for c in item.trace.conditions.iter().filter(|c| !c.holds) {
                    let _ = writeln!(
                        out,
                        "{}",
                        wrap(&test_text(&c.test, false, lang), "    ✗ ", "      ", WIDTH)
                    );
                }
            }
            let mut cite = format!("{} {}", item.clause, item.words);
            let readings: Vec<String> = item
                .trace
                .readings
                .iter()
                .map(|r| crate::report::glossary::reading_choice(r.reading, r.choice, lang))
                .collect();
            if !readings.is_empty() {
                let _ = match lang {
                    Lang::En => write!(cite, " · reading: {}", readings.join(", ")),
                    Lang::Zh => write!(cite, " · 解读：{}", readings.join("；")),
                };
            }
            let _ = writeln!(out, "{}", wrap(&cite, "    ", "    ", WIDTH));
        }
        let blank = String::new();
        let total_row = [h_total.to_string(), blank.clone(), self.total.grouped(), blank];
        let _ = writeln!(out, "{}", line(&total_row).trim_end());
        let _ = writeln!(out, "    {}", self.total_in_words);
        out
    }
}

/// SHA-256 of the facts' canonical JSON: what `verify` checks the recorded facts against.
pub fn facts_sha256(facts: &Application) -> String {
    crate::values::digest::sha256_hex(&serde_json::to_vec(facts).expect("facts always serialize"))
}

fn item_view<'a>(r: &'a ItemResult<'a>, lang: Lang) -> ItemView<'a> {
    ItemView {
        item: r.item,
        beneficiary: r.beneficiary,
        recipient: r.recipient,
        amount: r.amount,
        amount_in_words: in_capitals(r.amount),
        status: r.status,
        computed: r.computed,
        clause: r.clause,
        words: r.words,
        reason: reason(r, lang),
        formula: r.trace.steps.iter().map(|s| step_text(s, lang)).collect(),
        conditions: r
            .trace
            .conditions
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    if c.holds { "✓" } else { "✗" },
                    test_text(&c.test, c.holds, lang)
                )
            })
            .collect(),
        trace: &r.trace,
    }
}
