//! `explain`: the derivation of each figure, step by step, for a person who wants to redo
//! the arithmetic by hand: the facts (and where each was read), every condition and its
//! outcome, the formula with its numbers, caps, top-ups, the one rounding, the clause in the
//! policy's own words, and the readings of GUIDE.md that bear on the figure.

use std::fmt::Write as _;
use std::path::Path;

use crate::engine::ENGINE;
use crate::engine::assessment::{Assessment, ItemResult};
use crate::engine::trace::Field;
use crate::facts::application::Application;
use crate::policy::LoadedPolicy;
use crate::report::glossary::{field_words, param, reading_choice, row_words};
use crate::report::layout::{WIDTH, wrap};
use crate::report::trace_words::fact_text;
use crate::report::trace_words::item_full_name;
use crate::report::trace_words::item_name;
use crate::report::trace_words::status_name;
use crate::report::trace_words::step_text;
use crate::report::trace_words::test_text;
use crate::values::capital::in_capitals;
use crate::values::item::ItemId;
use crate::values::lang::Lang;

/// The line a fact was read from, where the file gives one (rows of lists).
fn line_of(app: &Application, field: &Field) -> Option<u32> {
    let Field::Row(list, i) = field else { return None };
    let i = *i;
    match *list {
        "resident_enterprises" => app.resident_enterprises.get(i).and_then(|r| r.line),
        "digital_investments" => app.digital_investments.get(i).and_then(|r| r.line),
        "prior_grants" => app.prior_grants.get(i).and_then(|r| r.line),
        "other_grants" => app.other_grants.get(i).and_then(|r| r.line),
        "overrides" => app.overrides.get(i).and_then(|r| r.line),
        "decided_amounts" => app.decided_amounts.get(i).and_then(|r| r.line),
        _ => None,
    }
}

struct Words {
    facts: &'static str,
    conditions: &'static str,
    arithmetic: &'static str,
    readings: &'static str,
    params: &'static str,
    result: &'static str,
    clause: &'static str,
    to: &'static str,
    none: &'static str,
    computed: &'static str,
}

const EN: Words = Words {
    facts: "Facts used",
    conditions: "Conditions tested",
    arithmetic: "Arithmetic",
    readings: "Readings of GUIDE.md applied",
    params: "Parameters of the policy used",
    result: "Result",
    clause: "Clause",
    to: "to",
    none: "none",
    computed: "computed before any override or decided amount",
};

const ZH: Words = Words {
    facts: "所用事实",
    conditions: "条件核验",
    arithmetic: "计算过程",
    readings: "适用的解读（GUIDE.md）",
    params: "所用政策参数",
    result: "结果",
    clause: "依据条款",
    to: "受益方",
    none: "无",
    computed: "计算所得（一事一议或核定之前）",
};

/// The explanation of `item` (or of every item) of an assessment.
pub fn explain(
    assessment: &Assessment<'_>,
    app: &Application,
    file: &Path,
    policy: &LoadedPolicy,
    item: Option<ItemId>,
    lang: Lang,
) -> String {
    let w = if lang == Lang::En { &EN } else { &ZH };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}) · {} · {}",
        app.park.name,
        app.park.id,
        app.year,
        file.display()
    );
    let _ = writeln!(
        s,
        "{} {} sha256 {} · {} {} {}",
        if lang == Lang::En { "policy" } else { "政策" },
        policy.policy.policy.id,
        policy.digest,
        if lang == Lang::En { "engine" } else { "引擎" },
        ENGINE.name,
        ENGINE.version
    );
    let mut n = 0;
    for r in assessment.items.iter().filter(|r| item.is_none_or(|i| i == r.item)) {
        n += 1;
        let _ = writeln!(s);
        item_section(&mut s, n, r, app, file, policy, w, lang);
    }
    if item.is_none() {
        let _ = writeln!(s);
        let terms: Vec<String> = assessment.items.iter().map(|r| r.amount.to_string()).collect();
        let label = if lang == Lang::En { "Total" } else { "合计" };
        let said = format!(
            "{label}: {} = {} ({})",
            terms.join(" + "),
            assessment.total,
            in_capitals(assessment.total)
        );
        let _ = writeln!(s, "{}", wrap(&said, "", "  ", WIDTH));
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn item_section(
    s: &mut String,
    n: usize,
    r: &ItemResult<'_>,
    app: &Application,
    file: &Path,
    policy: &LoadedPolicy,
    w: &Words,
    lang: Lang,
) {
    match lang {
        Lang::En => {
            let head = format!(
                "{n}. {} ({}) · {} {}: {} ({})",
                item_name(r.item, lang),
                item_full_name(r.item, Lang::Zh),
                w.to,
                r.recipient,
                r.amount,
                status_name(r.status, lang)
            );
            let _ = writeln!(s, "{}", wrap(&head, "", "   ", WIDTH));
        }
        Lang::Zh => {
            let head = format!(
                "{n}. {} · {} {}：{} 元（{}）",
                item_full_name(r.item, lang),
                w.to,
                r.recipient,
                r.amount.grouped(),
                status_name(r.status, lang)
            );
            let _ = writeln!(s, "{}", wrap(&head, "", "   ", WIDTH));
        }
    }
    let _ = writeln!(
        s,
        "{}",
        wrap(
            &format!("{}: {} 「{}」", w.clause, r.clause, r.words),
            "   ",
            "     ",
            WIDTH
        )
    );
    let _ = writeln!(s, "   {}:", w.facts);
    if r.trace.facts.is_empty() {
        let _ = writeln!(s, "     {}", w.none);
    }
    for f in r.trace.facts.iter() {
        let line = line_of(app, &f.field);
        let (name, place) = match lang {
            Lang::En => (
                f.field.to_string(),
                match line {
                    Some(line) => format!("{}:{line}: {}", file.display(), f.field),
                    None => format!("{}: {}", file.display(), f.field),
                },
            ),
            Lang::Zh => (
                match f.field {
                    Field::Path(p) => field_words(p, lang),
                    Field::Row(list, i) => row_words(list, i, lang),
                },
                match line {
                    Some(line) => format!("{}:{line}", file.display()),
                    None => file.display().to_string(),
                },
            ),
        };
        let fact = format!("{name} = {}", fact_text(&f.value, lang));
        let _ = writeln!(s, "{}   [{place}]", wrap(&fact, "     - ", "       ", WIDTH));
    }
    let _ = writeln!(s, "   {}:", w.conditions);
    for c in &r.trace.conditions {
        let mark = if c.holds { "     ✓ " } else { "     ✗ " };
        let _ = writeln!(
            s,
            "{}",
            wrap(&test_text(&c.test, c.holds, lang), mark, "       ", WIDTH)
        );
    }
    let _ = writeln!(s, "   {}:", w.arithmetic);
    if r.trace.steps.is_empty() {
        let _ = writeln!(s, "     {}", w.none);
    }
    for (k, step) in r.trace.steps.iter().enumerate() {
        let mark = format!("     {}. ", (b'a' + (k % 26) as u8) as char);
        let _ = writeln!(s, "{}", wrap(&step_text(step, lang), &mark, "        ", WIDTH));
    }
    let params = r.trace.params();
    if !params.is_empty() {
        let _ = writeln!(s, "   {}:", w.params);
        for p in params {
            let clause = p.path.clause(&policy.policy);
            let said = match lang {
                Lang::En => format!("{clause} {}: the value in force from {}", p.path, p.from),
                Lang::Zh => format!("{clause}{}：{}起施行的值", param(&p.path, lang), p.from),
            };
            let _ = writeln!(s, "{}", wrap(&said, "     - ", "       ", WIDTH));
        }
    }
    if !r.trace.readings.is_empty() {
        let _ = writeln!(s, "   {}:", w.readings);
        let all = policy.policy.readings_in_force(app.year.last_day());
        for used in &r.trace.readings {
            let meta = all.iter().find(|m| m.reading == used.reading);
            let (guide, summary) = meta.map_or(("", ""), |m| {
                (
                    m.guide,
                    if lang == Lang::Zh && !m.summary_zh.is_empty() {
                        m.summary_zh
                    } else {
                        m.summary
                    },
                )
            });
            match lang {
                Lang::En => {
                    let said = format!("{} = {} ({guide}): {summary}", used.reading.as_str(), used.choice);
                    let _ = writeln!(s, "{}", wrap(&said, "     - ", "       ", WIDTH));
                }
                Lang::Zh => {
                    let said = format!(
                        "{}（{guide}）：{summary}",
                        reading_choice(used.reading, used.choice, lang)
                    );
                    let _ = writeln!(s, "{}", wrap(&said, "     - ", "       ", WIDTH));
                }
            }
        }
    }
    if r.computed != r.amount {
        let _ = writeln!(s, "   {}: {}", w.computed, r.computed);
    }
    let said = format!("{}: {} = {}", w.result, r.amount, in_capitals(r.amount));
    let _ = writeln!(s, "{}", wrap(&said, "   ", "     ", WIDTH));
}
