//! Entry points for the fuzzers in `fuzz/` and for `tests/fuzz_regressions.rs`, which replays
//! every input a fuzzer once crashed on: each takes any bytes and must return without
//! panicking; the engine's also checks its invariants (and panics when one fails, which is a
//! finding). Not part of the program's interface.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::batch::{BatchRequest, load};
use crate::engine::assessment::assess;
use crate::policy::LoadedPolicy;
use crate::values::lang::Lang;
use crate::values::money::Money;

/// The fuzz targets, by name: `fuzz/fuzz_targets/<name>.rs` and
/// `fixtures/fuzz-regressions/<name>/`.
pub const TARGETS: &[&str] = &[
    "application",
    "policy",
    "profile",
    "parks",
    "enterprises",
    "investments",
    "grants",
    "overrides",
    "payments",
    "calc_report",
    "batch_summary",
    "engine",
];

/// Runs the target `name` on `data`.
///
/// # Panics
/// On an unknown target name; and wherever the code under test panics (a finding).
pub fn run(name: &str, data: &[u8]) {
    match name {
        "application" => application(data),
        "policy" => policy(data),
        "profile" => profile(data),
        "parks" => table(load::PARKS, data),
        "enterprises" => table(load::ENTERPRISES, data),
        "investments" => table(load::INVESTMENTS, data),
        "grants" => table(load::GRANTS, data),
        "overrides" => table(load::OVERRIDES, data),
        "payments" => payments(data),
        "calc_report" => calc_report(data),
        "batch_summary" => batch_summary(data),
        "engine" => engine(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

fn embedded() -> &'static LoadedPolicy {
    static POLICY: OnceLock<LoadedPolicy> = OnceLock::new();
    POLICY.get_or_init(|| LoadedPolicy::load(&[]).expect("the embedded policy loads"))
}

/// A folder for this process's scratch files, made once.
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a scratch folder"))
        .path()
}

/// An application file's text, read and checked.
pub fn application(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::facts::input::parse_application(text, Path::new("fuzz.yaml"));
    }
}

/// A policy or overlay file, over the embedded policy.
pub fn policy(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = LoadedPolicy::from_texts(&[(PathBuf::from("fuzz.yaml"), text.to_string())]);
    }
}

/// A park profile, read and checked for contradictions (the standards' check itself is not
/// run here: its arithmetic is fuzzed once it refuses overflow by itself).
pub fn profile(data: &[u8]) {
    let path = scratch().join("profile.yaml");
    if std::fs::write(&path, data).is_ok() {
        let m2_per_mu = embedded().policy.m2_per_mu();
        let _ = crate::facts::input::read_profile(&path, m2_per_mu);
    }
}

const PARKS_HEADER: &str = "park_id,name,town,operator,year,provincial_listing,performance_grade,stars,star_recognized_on,completion_accepted_on\n";
const PARKS: &str = "CX-0001,甲园,周巷镇,甲运营,2022,2021-09-01,A,3,2022-03-01,2021-06-01\nCX-0002,乙园,观海卫镇,乙运营,2023,,B,2,2022-01-01,\n";

/// One table, in a folder with a small `parks.csv` (or as `parks.csv`), read as a batch
/// reads it.
pub fn table(name: &str, data: &[u8]) {
    let dir = scratch().join("tables");
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    if name != load::PARKS && std::fs::write(dir.join(load::PARKS), format!("{PARKS_HEADER}{PARKS}")).is_err() {
        return;
    }
    if std::fs::write(dir.join(name), data).is_ok()
        && let Ok(tables) = load::read_tables(&dir, None, None, &|_, _| {})
    {
        let _ = tables.problems.len();
    }
}

/// A payments file for `audit`, against no entitlements.
pub fn payments(data: &[u8]) {
    let path = scratch().join("payments.csv");
    if std::fs::write(&path, data).is_ok() {
        let _ = crate::audit::payments::audit(&path, &[], embedded());
    }
}

/// A calc report for `verify` and `diff`.
pub fn calc_report(data: &[u8]) {
    let dir = scratch().join("report");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("report.json");
    if std::fs::write(&path, data).is_ok() {
        let _ = crate::audit::verify::verify(&path, &[]);
        let _ = crate::audit::diff::diff(&path, &path);
        let _ = crate::audit::payments::audit(&dir.join("none.csv"), std::slice::from_ref(&path), embedded());
    }
}

/// A batch folder made once from small tables; each input replaces its `summary.json`.
fn batch_folder() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let input = scratch().join("batch-input");
        std::fs::create_dir_all(&input).ok()?;
        std::fs::write(input.join(load::PARKS), format!("{PARKS_HEADER}{PARKS}")).ok()?;
        let request = BatchRequest {
            input,
            out: scratch().join("batch-out"),
            policies: Vec::new(),
            keep_going: true,
            lang: Lang::En,
            progress: false,
            xlsx: true,
            encoding: None,
        };
        crate::batch::run_with_policy(&request, embedded(), &crate::batch::progress::Unwatched).ok()?;
        Some(request.out)
    })
    .as_deref()
}

/// A batch summary for `verify` and `diff`.
pub fn batch_summary(data: &[u8]) {
    let Some(dir) = batch_folder() else { return };
    if std::fs::write(dir.join("summary.json"), data).is_ok() {
        let _ = crate::audit::verify::verify(dir, &[]);
        let _ = crate::audit::diff::diff(dir, dir);
    }
}

/// An application computed under the embedded policy, with the engine's invariants checked.
///
/// # Panics
/// When an invariant fails: the total is not the sum of the items; an amount is negative; an
/// item not overridden is above its cap or the highest rung; two runs give different bytes.
pub fn engine(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(app) = crate::facts::input::parse_application(text, Path::new("fuzz.yaml")) else {
        return;
    };
    let policy = embedded();
    let Ok(a) = assess(&app, policy) else { return };
    let sum = Money::checked_sum(a.items.iter().map(|r| r.amount)).expect("four items sum");
    assert_eq!(a.total, sum, "the total is the sum of the items");
    for r in &a.items {
        assert!(!r.amount.is_negative(), "{}: a negative amount {}", r.item, r.amount);
    }
    // No item above its cap, or above the highest rung, unless a case-by-case override says so.
    if policy.policy.covers_year(app.year.get())
        && let Ok(terms) = crate::engine::terms::Terms::for_year(&policy.policy, app.year)
    {
        let top_rung = |item| {
            terms
                .rungs
                .iter()
                .filter(|r| r.item == item)
                .map(|r| r.amount)
                .max()
                .unwrap_or(Money::ZERO)
        };
        for r in a
            .items
            .iter()
            .filter(|r| r.status != crate::engine::assessment::Status::Overridden)
        {
            let cap = match r.item {
                crate::values::item::ItemId::FiscalRebate => terms.rebate_cap.value,
                crate::values::item::ItemId::DigitalSubsidy => terms.digital_cap.value,
                item => top_rung(item),
            };
            assert!(r.amount <= cap, "{}: {} above its cap {cap}", r.item, r.amount);
        }
    }
    let once = crate::report::render::Report::new(&a, &app, policy, Vec::new(), Lang::En).to_json();
    let b = assess(&app, policy).expect("it computed once");
    let twice = crate::report::render::Report::new(&b, &app, policy, Vec::new(), Lang::En).to_json();
    assert_eq!(once, twice, "the same application gives the same bytes");
}
