//! A batch's summary for people: what was computed and rejected, each item's payable count and
//! sum, the fiscal rebate by town, and the 2023 targets; each phrase's Chinese and English side
//! by side.

use std::fmt::Write as _;

use crate::batch::portfolio::{Portfolio, TargetOutcome};
use crate::batch::summary::Summary;
use crate::report::glossary::{Phrase, target};
use crate::report::layout::{WIDTH, column_widths, pad_left, pad_right, wrap_joined};
use crate::report::trace_words::item_name;
use crate::values::item::ItemId;
use crate::values::lang::{Lang, say};

impl TargetOutcome {
    /// Its words.
    pub fn words(self) -> Phrase {
        match self {
            TargetOutcome::Met => Phrase::new("已达成", "met"),
            TargetOutcome::NotMet => Phrase::new("未达成", "not met"),
            TargetOutcome::NotInTables => Phrase::new("表中无此数据", "not in the tables"),
        }
    }
}

impl Summary {
    /// The summary for people.
    pub fn to_table(&self, lang: Lang) -> String {
        let mut s = String::new();
        let years = self.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ");
        let id = &self.policy.id;
        let head = [
            say!(lang, zh: "批量计算 {years}"; en: "batch {years}"),
            say!(lang, zh: "政策 {id}"; en: "policy {id}"),
            format!("sha256 {}", &self.policy.digest[..12]),
        ];
        let _ = writeln!(s, "{}", wrap_joined(&head, " · ", "", "", WIDTH));
        let (computed, rejected) = (self.parks.computed, self.parks.rejected);
        let _ = writeln!(
            s,
            "{}",
            say!(lang,
                zh: "园区：已计算 {computed} 个，未计入 {rejected} 个（见 rejects.csv）";
                en: "parks: {computed} computed, {rejected} rejected (see rejects.csv)")
        );
        let _ = writeln!(s);
        let items = [
            (ItemId::ProvincialListing, self.by_item.provincial_listing),
            (ItemId::StarAward, self.by_item.star_award),
            (ItemId::FiscalRebate, self.by_item.fiscal_rebate),
            (ItemId::DigitalSubsidy, self.by_item.digital_subsidy),
        ];
        let header = [
            Phrase::new("项目", "item"),
            Phrase::new("应付笔数", "payable"),
            Phrase::new("金额（元）", "amount"),
        ]
        .map(|p| p.pick(lang).to_string());
        let mut rows: Vec<[String; 3]> = items
            .iter()
            .map(|(item, c)| {
                [
                    item_name(*item, lang).to_string(),
                    c.payable.to_string(),
                    c.sum.grouped(),
                ]
            })
            .collect();
        rows.push([
            crate::report::report_words::TOTAL.pick(lang).to_string(),
            String::new(),
            self.grand_total.grouped(),
        ]);
        let widths = column_widths(rows.iter().chain(std::iter::once(&header)));
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
        let by_town = Phrase::new("各属地财力贡献奖励：", "fiscal rebate by town:");
        let _ = writeln!(s, "{}", by_town.pick(lang));
        let towns: Vec<[String; 2]> = self
            .by_recipient
            .local_government
            .iter()
            .map(|(town, m)| [town.clone(), m.grouped()])
            .collect();
        let [wt, wm] = column_widths(&towns);
        for [town, m] in &towns {
            let _ = writeln!(s, "  {}  {}", pad_right(town, wt), pad_left(m, wm));
        }
        let _ = writeln!(s);
        s.push_str(&self.portfolio.to_table(lang));
        s
    }
}

impl Portfolio {
    /// The targets for people.
    pub fn to_table(&self, lang: Lang) -> String {
        let mut s = String::new();
        let year = self
            .by_year
            .keys()
            .next_back()
            .map(|y| y.to_string())
            .unwrap_or_default();
        let clause = &self.clause;
        let _ = writeln!(
            s,
            "{}",
            say!(lang,
                zh: "2023年目标 {clause} （按{year}年度）";
                en: "2023 targets {clause} (measured on {year})")
        );
        let header = [
            Phrase::new("目标", "target"),
            Phrase::new("要求", "goal"),
            Phrase::new("实际", "measured"),
            Phrase::new("结果", "outcome"),
        ]
        .map(|p| p.pick(lang).to_string());
        let rows: Vec<[String; 4]> = self
            .targets
            .iter()
            .map(|t| {
                let name = target(t.target).map_or(t.target, |p| p.pick(lang));
                let measured = t.measured.map_or_else(|| "—".to_string(), |m| m.to_string());
                [
                    name.to_string(),
                    t.target_value.clone(),
                    measured,
                    t.outcome.words().pick(lang).to_string(),
                ]
            })
            .collect();
        let widths = column_widths(rows.iter().chain(std::iter::once(&header)));
        for row in std::iter::once(&header).chain(rows.iter()) {
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
