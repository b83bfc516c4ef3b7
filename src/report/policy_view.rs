//! `policy show` (the policy in force, readable, clause by clause) and `policy diff` (what a
//! renewal or an overlay changes, and which items each change can move).

use std::fmt::{Display, Write as _};

use serde::Serialize;

use crate::engine::reach::Reach;
use crate::policy::compare::{Change, changes, flatten};
use crate::policy::{Dated, LoadedPolicy};
use crate::report::trace_words::item_name;
use crate::values::item::ItemId;
use crate::values::lang::Lang;

/// The words of `policy show`, Chinese and English side by side.
type Words = (&'static str, &'static str);
const FROM: Words = ("起", "from");
const SOURCE: Words = ("来源", "from");
const KIND_POLICY: Words = ("政策", "policy");
const KIND_OVERLAY: Words = ("叠加", "overlay");
const IN_FORCE: Words = ("施行期", "in_force");
const RUNG: Words = ("档次", "rung");
const LEVEL: Words = ("级别", "level");
const GATE: Words = ("申报条件", "gate");
const GRADES: Words = ("可申报的绩效评价档次", "eligible grades");
const MIN_STARS: Words = ("最低星级", "min stars");
const SHARE: Words = ("比例", "share");
const CAP: Words = ("上限", "cap");
const SOFT_RATE: Words = ("软性投入比例", "soft rate");
const HARDWARE_RATE: Words = ("支撑硬件投入比例", "hardware rate");
const RATING_LADDER: Words = ("星级阶梯", "rating_ladder");
const NO_DUPLICATION: Words = ("从高不重复", "no_duplication");
const CASE_BY_CASE: Words = ("一事一议", "case_by_case");
const READINGS: Words = ("解读：", "readings:");
const ALTERNATIVES: Words = ("可选", "alternatives");
const STANDARDS: Words = ("建设标准", "standards");
const MU: Words = ("1 亩 = {} 平方米", "1 mu = {} m²");
const FEES: Words = ("收费", "fees");
const TARGETS: Words = ("目标", "targets");

fn pick(w: Words, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => w.0,
        Lang::En => w.1,
    }
}

/// A threshold of a standard by its key in `policy.yaml`.
fn threshold(key: &str, lang: Lang) -> String {
    let zh = match key {
        "floor_area_m2_at_least" => "建筑面积不低于（平方米）",
        "land_mu_at_least" => "占地面积不低于（亩）",
        "at_least" => "不低于",
        "at_most" => "不超过",
        "spaces_per_100_m2_at_least" => "每100平方米车位不低于",
        "held_for_land_use_term" => "自持年限与土地使用年限一致",
        "share_of_non_production_at_least" => "占非生产性用房不低于",
        "share_of_total_at_least" => "占建筑总面积不低于",
        "years_at_least" => "自持年限不低于（年）",
        "divisible_m2_at_least" => "最小分割单元不低于（平方米）",
        "saleable_m2_at_least" => "最小出售套型不低于（平方米）",
        "yuan_per_mu_at_least" => "每亩不低于（元）",
        "yuan_per_tonne_at_least" => "每吨排放不低于（元）",
        "yuan_per_tce_at_least" => "每吨标准煤不低于（元）",
        _ => "",
    };
    match lang {
        Lang::Zh if !zh.is_empty() => zh.to_string(),
        _ => key.to_string(),
    }
}

fn value_text(v: &str, lang: Lang) -> String {
    match (lang, v) {
        (Lang::Zh, "true") => "是".into(),
        (Lang::Zh, "false") => "否".into(),
        (Lang::Zh, v) => crate::report::report_words::amount_words(v),
        (Lang::En, v) => v.to_string(),
    }
}

fn dated<T: Display>(values: &Dated<T>, lang: Lang) -> String {
    values
        .0
        .iter()
        .map(|(d, v)| match lang {
            Lang::Zh => format!("{d} {} {}", pick(FROM, lang), value_text(&v.to_string(), lang)),
            Lang::En => format!("{v} from {d}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn dated_list<T: Display>(values: &Dated<Vec<T>>, lang: Lang) -> String {
    values
        .0
        .iter()
        .map(|(d, v)| {
            let list = v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
            match lang {
                Lang::Zh => format!("{d} 起 {list}"),
                Lang::En => format!("{list} from {d}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The policy in force, for people, in `lang`; every line within the terminal's width.
pub fn show(loaded: &LoadedPolicy, lang: Lang) -> String {
    let text = show_lines(loaded, lang);
    let mut s = String::new();
    for line in text.lines() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        // A digest stays whole on its line.
        if body.starts_with("sha256 ") {
            s.push_str(line);
        } else {
            s.push_str(&crate::report::layout::wrap(
                body,
                indent,
                &format!("{indent}    "),
                crate::report::layout::WIDTH,
            ));
        }
        s.push('\n');
    }
    s
}

fn show_lines(loaded: &LoadedPolicy, lang: Lang) -> String {
    let colon = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
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
        let kind = if src.kind == crate::policy::FileKind::Policy {
            KIND_POLICY
        } else {
            KIND_OVERLAY
        };
        let _ = match lang {
            Lang::Zh => writeln!(
                s,
                "  {} {}（{}，sha256 {}）",
                pick(SOURCE, lang),
                src.file,
                pick(kind, lang),
                &src.sha256[..12]
            ),
            Lang::En => writeln!(
                s,
                "  from {} ({}, sha256 {})",
                src.file,
                pick(kind, lang),
                &src.sha256[..12]
            ),
        };
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
        "{} {} 「{}」\n  {}",
        pick(IN_FORCE, lang),
        p.in_force.clause,
        p.in_force.words,
        windows.join(", ")
    );
    for item in ItemId::ALL {
        let (clause, words) = p.item_source(item);
        let _ = match lang {
            Lang::Zh => writeln!(
                s,
                "\n{} → {} {} 「{}」",
                crate::report::glossary::item(item).zh,
                crate::report::glossary::beneficiary(p.beneficiary(item)).zh,
                clause,
                words
            ),
            Lang::En => writeln!(
                s,
                "\n{} ({}) → {} {} 「{}」",
                item,
                item_name(item, Lang::Zh),
                p.beneficiary(item).as_str(),
                clause,
                words
            ),
        };
        match item {
            ItemId::ProvincialListing | ItemId::StarAward => {
                for (id, rung) in p.rating_ladder.rungs.iter().filter(|(_, r)| r.item == Some(item)) {
                    let level = rung.level.expect("validated on loading");
                    let _ = match lang {
                        Lang::Zh => writeln!(
                            s,
                            "  {} {}（{} {level}）{colon}{}",
                            pick(RUNG, lang),
                            crate::report::glossary::rung(id, lang),
                            pick(LEVEL, lang),
                            dated(&rung.amount, lang)
                        ),
                        Lang::En => {
                            let stars = rung.stars.map(|n| format!(", {n}★")).unwrap_or_default();
                            writeln!(s, "  rung {id} (level {level}{stars}): {}", dated(&rung.amount, lang))
                        }
                    };
                }
                if item == ItemId::StarAward {
                    let g = &p.items.star_award.gate;
                    let _ = writeln!(
                        s,
                        "  {} {} 「{}」\n    {}{colon}{}",
                        pick(GATE, lang),
                        g.clause,
                        g.words,
                        pick(GRADES, lang),
                        dated_list(&g.eligible_grades, lang)
                    );
                }
            }
            ItemId::FiscalRebate => {
                let r = &p.items.fiscal_rebate;
                let _ = writeln!(
                    s,
                    "  {}{colon}{}\n  {}{colon}{}\n  {}{colon}{}",
                    pick(MIN_STARS, lang),
                    dated(&r.min_stars, lang),
                    pick(SHARE, lang),
                    dated(&r.share, lang),
                    pick(CAP, lang),
                    dated(&r.cap, lang)
                );
            }
            ItemId::DigitalSubsidy => {
                let r = &p.items.digital_subsidy;
                let _ = writeln!(
                    s,
                    "  {}{colon}{}\n  {}{colon}{}\n  {}{colon}{}",
                    pick(SOFT_RATE, lang),
                    dated(&r.soft_rate, lang),
                    pick(HARDWARE_RATE, lang),
                    dated(&r.hardware_rate, lang),
                    pick(CAP, lang),
                    dated(&r.cap, lang)
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "\n{} {} 「{}」",
        pick(RATING_LADDER, lang),
        p.rating_ladder.clause,
        p.rating_ladder.words
    );
    let _ = writeln!(
        s,
        "{} {} 「{}」",
        pick(NO_DUPLICATION, lang),
        p.no_duplication.clause,
        p.no_duplication.words
    );
    let _ = writeln!(
        s,
        "{} {} 「{}」",
        pick(CASE_BY_CASE, lang),
        p.case_by_case.clause,
        p.case_by_case.words
    );
    let _ = writeln!(s, "\n{}", pick(READINGS, lang));
    for e in p.reading_entries() {
        let choices: Vec<String> = e
            .choices
            .iter()
            .map(|(d, c)| match lang {
                Lang::Zh => format!("{d} 起 {}", crate::report::glossary::reading_choice(e.reading, c, lang)),
                Lang::En => format!("{c} from {d}"),
            })
            .collect();
        let alternatives: Vec<String> = e
            .alternatives
            .iter()
            .map(|a| match lang {
                Lang::Zh => crate::report::glossary::reading_choice(e.reading, a, lang),
                Lang::En => a.to_string(),
            })
            .collect();
        let name = match lang {
            Lang::Zh => crate::report::report_words::parameter_words(&format!("readings.{}", e.reading.as_str()), lang),
            Lang::En => e.reading.as_str().to_string(),
        };
        let _ = match lang {
            Lang::Zh => writeln!(
                s,
                "  {name}：{} — {} {} 「{}」\n    {}（{}：{}）",
                choices.join("；"),
                e.meta.guide,
                e.meta.clause,
                e.meta.words,
                if e.meta.summary_zh.is_empty() {
                    e.meta.summary
                } else {
                    e.meta.summary_zh
                },
                pick(ALTERNATIVES, lang),
                alternatives.join("、")
            ),
            Lang::En => writeln!(
                s,
                "  {name}: {} — {} {} 「{}」\n    {} (alternatives: {})",
                choices.join("; "),
                e.meta.guide,
                e.meta.clause,
                e.meta.words,
                e.meta.summary,
                alternatives.join(", ")
            ),
        };
    }
    let _ = writeln!(
        s,
        "\n{} {} 「{}」",
        pick(STANDARDS, lang),
        p.standards.clause,
        p.standards.words
    );
    if let Some(f) = p.standards.square_metres_per_mu {
        let _ = writeln!(
            s,
            "  {}",
            pick(MU, lang).replace("{}", &format!("{}/{}", f.numerator, f.denominator))
        );
    }
    for (id, rule) in p.standards.each() {
        let thresholds: Vec<String> = flatten(rule)
            .into_iter()
            .filter(|(k, _)| k != "clause" && k != "words")
            .map(|(k, v)| format!("{} {}", threshold(&k, lang), value_text(&v, lang)))
            .collect();
        let id = id.trim_start_matches("standards.");
        let name = match (lang, crate::report::glossary::standard(id)) {
            (Lang::Zh, Some(w)) => w.zh,
            _ => id,
        };
        let sep = match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        let _ = writeln!(
            s,
            "  {name} {} 「{}」\n    {}",
            rule.clause,
            rule.words,
            thresholds.join(sep)
        );
    }
    let fees = &p.fees;
    let money = |m: Option<crate::values::money::Money>| {
        m.map(|m| match lang {
            Lang::Zh => m.grouped(),
            Lang::En => m.to_string(),
        })
        .unwrap_or_default()
    };
    let _ = match lang {
        Lang::Zh => writeln!(
            s,
            "\n{} {} 「{}」\n  物业专项维修资金每平方米 {} 元；物业保修金每平方米 {} 元；由{}收取",
            pick(FEES, lang),
            fees.clause,
            fees.words,
            money(fees.maintenance_fund_per_m2),
            money(fees.warranty_deposit_per_m2),
            fees.collected_by
        ),
        Lang::En => writeln!(
            s,
            "\nfees {} 「{}」\n  maintenance fund {} per m²; warranty deposit {} per m²; collected by {}",
            fees.clause,
            fees.words,
            money(fees.maintenance_fund_per_m2),
            money(fees.warranty_deposit_per_m2),
            fees.collected_by
        ),
    };
    let t = &p.targets;
    let _ = writeln!(s, "\n{} {} 「{}」", pick(TARGETS, lang), t.clause, t.words);
    let opt = |v: Option<u32>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let high = t.high_star_min_stars.expect("validated on loading");
    let _ = match lang {
        Lang::Zh => writeln!(
            s,
            "  高星级（{}及以上）小微企业园不少于 {} 个；五星级小微企业园不少于 {} 个；入园小微企业不少于 {} 家；新增省级数字化示范园区不少于 {} 个",
            crate::report::glossary::stars(high, lang),
            opt(t.high_star_parks_at_least),
            opt(t.five_star_parks_at_least),
            opt(t.enterprises_in_parks_at_least),
            opt(t.new_digital_demonstration_parks_at_least)
        ),
        Lang::En => writeln!(
            s,
            "  high-star parks (≥{high}★) ≥ {}; 5★ parks ≥ {}; enterprises in parks ≥ {}; new digital demonstration parks ≥ {}",
            opt(t.high_star_parks_at_least),
            opt(t.five_star_parks_at_least),
            opt(t.enterprises_in_parks_at_least),
            opt(t.new_digital_demonstration_parks_at_least)
        ),
    };
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

/// Compares two policies parameter by parameter; the items each change can move are those
/// whose figures cite it under either policy.
pub fn diff(old_label: &str, old: &LoadedPolicy, new_label: &str, new: &LoadedPolicy) -> PolicyDiff {
    let reach = Reach::probe(&[old, new]);
    let changes = changes(&flatten(&old.policy), &flatten(&new.policy))
        .into_iter()
        .map(|change| PolicyChange {
            moves: reach.items_moved(&change.path),
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
    /// For people, in `lang`: each parameter by its name, old and new, and the items it moves.
    pub fn to_table(&self, lang: Lang) -> String {
        use crate::report::layout::{WIDTH, wrap};
        use crate::report::report_words as words;
        let colon = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        let mut s = String::new();
        let heading = format!(
            "{} (sha256 {}) → {} (sha256 {})",
            self.old.0,
            &self.old.1[..12.min(self.old.1.len())],
            self.new.0,
            &self.new.1[..12.min(self.new.1.len())]
        );
        let _ = writeln!(s, "{}", wrap(&heading, "", "  ", WIDTH));
        if self.changes.is_empty() {
            let _ = writeln!(s, "{}", words::NO_PARAMETER_DIFFERS.pick(lang));
        }
        for c in &self.changes {
            let moves = if c.moves.is_empty() {
                words::MOVES_NO_FIGURE.pick(lang).to_string()
            } else {
                format!("{} {}", words::MOVES.pick(lang), words::items_words(&c.moves, lang))
            };
            let moves = match lang {
                Lang::Zh => format!("（{moves}）"),
                Lang::En => format!("   ({moves})"),
            };
            let line = format!(
                "{}{colon}{} → {}{moves}",
                words::parameter_words(&c.change.path, lang),
                words::value_words(&c.change.path, &c.change.old, lang),
                words::value_words(&c.change.path, &c.change.new, lang)
            );
            let _ = writeln!(s, "{}", wrap(&line, "  ", "    ", WIDTH));
        }
        s
    }
}
