//! `estimate`'s results in words: the reasons and the conditions that block, as
//! `estimate --format json` and the web API show them, and the table people read.

use std::fmt::Write as _;

use super::{CapGap, Estimate, ItemEstimate, TypedEstimate};
use crate::engine::assessment::Status;
use crate::report::glossary::Phrase;
use crate::report::layout::{WIDTH, column_widths, pad_left, pad_right, wrap};
use crate::report::trace_words::item_name;
use crate::report::trace_words::reason_words;
use crate::report::trace_words::status_name;
use crate::report::trace_words::test_text;
use crate::values::lang::{Lang, say};
use crate::values::money::Money;

/// The estimate with its reasons and conditions in words, as `estimate --format json` and
/// the web API show it.
pub type EstimateWords = Estimate<String, String>;

impl TypedEstimate<'_> {
    /// The estimate with its reasons in words, as `estimate --format json` and the web API
    /// show it.
    pub fn in_words(&self, lang: Lang) -> EstimateWords {
        EstimateWords {
            park_id: self.park_id.clone(),
            year: self.year,
            plan: self.plan.clone(),
            items: self
                .items
                .iter()
                .map(|i| ItemEstimate {
                    item: i.item,
                    now: i.now,
                    status_now: i.status_now,
                    planned: i.planned,
                    status_planned: i.status_planned,
                    change: i.change,
                    reason_now: reason_words(&i.reason_now, lang),
                    reason_planned: reason_words(&i.reason_planned, lang),
                })
                .collect(),
            total_now: self.total_now,
            total_planned: self.total_planned,
            digital_cap: CapGap {
                cap: self.digital_cap.cap,
                computed: self.digital_cap.computed,
                paid: self.digital_cap.paid,
                reached: self.digital_cap.reached,
                soft_needed: self.digital_cap.soft_needed,
                hardware_needed: self.digital_cap.hardware_needed,
                blocked_by: self.digital_cap.blocked_by.as_ref().map(|t| test_text(t, false, lang)),
            },
            star_prerequisites_missing: self
                .star_prerequisites_missing
                .iter()
                .map(|t| test_text(t, false, lang))
                .collect(),
        }
    }

    /// For people: a headed table, amounts right-aligned with thousands separators, each
    /// item's status and reason now and with the plan, wrapped at 80 columns.
    pub fn to_table(&self, lang: Lang) -> String {
        let w = self.in_words(lang);
        let mut s = String::new();
        let year = self.year;
        let _ = writeln!(
            s,
            "{} · {}",
            self.park_id,
            say!(lang, zh: "{year}年度"; en: "year {year}")
        );
        let change = self.total_planned.checked_sub(self.total_now).unwrap_or(Money::ZERO);
        let header = [
            Phrase::new("项目", "item"),
            Phrase::new("现状（元）", "now"),
            Phrase::new("按计划（元）", "with plan"),
            Phrase::new("变化（元）", "change"),
        ]
        .map(|p| p.pick(lang).to_string());
        let mut rows: Vec<[String; 4]> = self
            .items
            .iter()
            .map(|i| {
                [
                    item_name(i.item, lang).to_string(),
                    i.now.grouped(),
                    i.planned.grouped(),
                    i.change.grouped(),
                ]
            })
            .collect();
        rows.push([
            crate::report::report_words::TOTAL.pick(lang).to_string(),
            self.total_now.grouped(),
            self.total_planned.grouped(),
            change.grouped(),
        ]);
        let widths = column_widths(rows.iter().chain(std::iter::once(&header)));
        let line = |cells: &[String; 4]| {
            format!(
                "{}  {}  {}  {}",
                pad_right(&cells[0], widths[0]),
                pad_left(&cells[1], widths[1]),
                pad_left(&cells[2], widths[2]),
                pad_left(&cells[3], widths[3])
            )
        };
        let _ = writeln!(s, "{}", line(&header).trim_end());
        let (now, planned) = (
            Phrase::new("现状", "now").pick(lang),
            Phrase::new("按计划", "with plan").pick(lang),
        );
        let (colon, comma) = (Phrase::new("：", ": ").pick(lang), Phrase::new("，", ", ").pick(lang));
        for (row, i) in rows.iter().zip(&w.items) {
            let _ = writeln!(s, "{}", line(row).trim_end());
            // A payable item's reason says it all; any other status is named before its reason.
            let said = |when: &str, status: Status, why: &str| {
                let said = match (status, why.is_empty()) {
                    (Status::Payable, false) => why.to_string(),
                    (_, true) => status_name(status, lang).to_string(),
                    (_, false) => format!("{}{comma}{why}", status_name(status, lang)),
                };
                wrap(&format!("{when}{colon}{said}"), "    ", "      ", WIDTH)
            };
            let _ = writeln!(s, "{}", said(now, i.status_now, &i.reason_now));
            if i.status_planned != i.status_now || i.reason_planned != i.reason_now {
                let _ = writeln!(s, "{}", said(planned, i.status_planned, &i.reason_planned));
            }
        }
        if let Some(total) = rows.last() {
            let _ = writeln!(s, "{}", line(total).trim_end());
        }
        if !w.star_prerequisites_missing.is_empty() {
            let lacks = Phrase::new(
                "计划星级无法获得星级奖励，尚缺：",
                "the planned star level cannot be reached; it lacks:",
            );
            let _ = writeln!(s, "\n{}", lacks.pick(lang));
            for m in &w.star_prerequisites_missing {
                let _ = writeln!(s, "{}", wrap(m, "  - ", "    ", WIDTH));
            }
        }
        let g = &w.digital_cap;
        let _ = writeln!(s);
        let said = match (&g.blocked_by, g.reached, g.cap, g.computed) {
            (Some(why), _, _, _) => Some(say!(lang,
                zh: "数字化建设补助上限：暂不可及：{why}";
                en: "digital subsidy cap: out of reach: {why}")),
            (None, true, Some(cap), Some(computed)) => {
                let (paid, cap) = (g.paid.unwrap_or_default().grouped(), cap.round_half_up().grouped());
                Some(say!(lang,
                    zh: "数字化建设补助：计算所得 {computed}，应付 {paid} 元，已达上限 {cap} 元";
                    en: "digital subsidy: {computed} pays {paid}, which reaches the cap {cap}"))
            }
            (None, false, Some(cap), Some(computed)) => {
                let (soft, hard) = (
                    g.soft_needed.unwrap_or_default().grouped(),
                    g.hardware_needed.unwrap_or_default().grouped(),
                );
                let (paid, cap) = (g.paid.unwrap_or_default().grouped(), cap.round_half_up().grouped());
                Some(say!(lang,
                    zh: "数字化建设补助：计算所得 {computed}，应付 {paid} 元，上限 {cap} 元；达到上限还需软性投入至少 {soft} 元，或支撑硬件投入至少 {hard} 元（{year}年度内、竣工验收后支付）";
                    en: "digital subsidy: {computed} pays {paid} of the cap {cap}; to reach it, at least {soft} more soft investment, or {hard} more hardware, paid in {year} after completion acceptance"))
            }
            _ => None,
        };
        if let Some(said) = said {
            let _ = writeln!(s, "{}", wrap(&said, "", "    ", WIDTH));
        }
        s
    }
}
