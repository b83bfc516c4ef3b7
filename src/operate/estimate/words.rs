//! `estimate`'s results in words: the reasons and the conditions that block, as
//! `estimate --format json` and the web API show them, and the table people read.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{CapGap, Estimate, ItemEstimate};
use crate::engine::assessment::Status;
use crate::report::layout::{WIDTH, pad_left, pad_right, wrap};
use crate::report::trace_words::item_name;
use crate::report::trace_words::reason_words;
use crate::report::trace_words::status_name;
use crate::report::trace_words::test_text;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// The estimate with its reasons and conditions in words, as `estimate --format json` and
/// the web API show it.
pub type EstimateWords = Estimate<String, String>;

impl Estimate {
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
        let en = lang == Lang::En;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} · {}",
            self.park_id,
            if en {
                format!("year {}", self.year)
            } else {
                format!("{}年度", self.year)
            }
        );
        let change = self.total_planned.checked_sub(self.total_now).unwrap_or(Money::ZERO);
        let header = if en {
            ["item", "now", "with plan", "change"]
        } else {
            ["项目", "现状（元）", "按计划（元）", "变化（元）"]
        };
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
            (if en { "total" } else { "合计" }).to_string(),
            self.total_now.grouped(),
            self.total_planned.grouped(),
            change.grouped(),
        ]);
        let mut widths = [0usize; 4];
        for row in rows.iter().chain(std::iter::once(&header.map(String::from))) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let line = |cells: &[String; 4]| {
            format!(
                "{}  {}  {}  {}",
                pad_right(&cells[0], widths[0]),
                pad_left(&cells[1], widths[1]),
                pad_left(&cells[2], widths[2]),
                pad_left(&cells[3], widths[3])
            )
        };
        let _ = writeln!(s, "{}", line(&header.map(String::from)).trim_end());
        let (now, planned) = if en {
            ("now", "with plan")
        } else {
            ("现状", "按计划")
        };
        for (row, i) in rows.iter().zip(&w.items) {
            let _ = writeln!(s, "{}", line(row).trim_end());
            let (colon, comma) = if en { (": ", ", ") } else { ("：", "，") };
            // A payable item's reason says it all; any other status is named before its reason.
            let say = |when: &str, status: Status, why: &str| {
                let said = match (status, why.is_empty()) {
                    (Status::Payable, false) => why.to_string(),
                    (_, true) => status_name(status, lang).to_string(),
                    (_, false) => format!("{}{comma}{why}", status_name(status, lang)),
                };
                wrap(&format!("{when}{colon}{said}"), "    ", "      ", WIDTH)
            };
            let _ = writeln!(s, "{}", say(now, i.status_now, &i.reason_now));
            if i.status_planned != i.status_now || i.reason_planned != i.reason_now {
                let _ = writeln!(s, "{}", say(planned, i.status_planned, &i.reason_planned));
            }
        }
        if let Some(total) = rows.last() {
            let _ = writeln!(s, "{}", line(total).trim_end());
        }
        if !w.star_prerequisites_missing.is_empty() {
            let _ = writeln!(
                s,
                "\n{}",
                if en {
                    "the planned star level cannot be reached; it lacks:"
                } else {
                    "计划星级无法获得星级奖励，尚缺："
                }
            );
            for m in &w.star_prerequisites_missing {
                let _ = writeln!(s, "{}", wrap(m, "  - ", "    ", WIDTH));
            }
        }
        let g = &w.digital_cap;
        let _ = writeln!(s);
        let said = match (&g.blocked_by, g.reached, g.cap, g.computed) {
            (Some(why), _, _, _) => Some(if en {
                format!("digital subsidy cap: out of reach: {why}")
            } else {
                format!("数字化建设补助上限：暂不可及：{why}")
            }),
            (None, true, Some(cap), Some(computed)) => {
                let (paid, cap) = (g.paid.unwrap_or_default().grouped(), cap.round_half_up().grouped());
                Some(if en {
                    format!("digital subsidy: {computed} pays {paid}, which reaches the cap {cap}")
                } else {
                    format!("数字化建设补助：计算所得 {computed}，应付 {paid} 元，已达上限 {cap} 元")
                })
            }
            (None, false, Some(cap), Some(computed)) => {
                let (soft, hard) = (
                    g.soft_needed.unwrap_or_default().grouped(),
                    g.hardware_needed.unwrap_or_default().grouped(),
                );
                let (paid, cap) = (g.paid.unwrap_or_default().grouped(), cap.round_half_up().grouped());
                Some(if en {
                    format!(
                        "digital subsidy: {computed} pays {paid} of the cap {cap}; to reach it, at least {soft} more soft investment, or {hard} more hardware, paid in {} after completion acceptance",
                        self.year
                    )
                } else {
                    format!(
                        "数字化建设补助：计算所得 {computed}，应付 {paid} 元，上限 {cap} 元；达到上限还需软性投入至少 {soft} 元，或支撑硬件投入至少 {hard} 元（{}年度内、竣工验收后支付）",
                        self.year
                    )
                })
            }
            _ => None,
        };
        if let Some(said) = said {
            let _ = writeln!(s, "{}", wrap(&said, "", "    ", WIDTH));
        }
        s
    }
}
