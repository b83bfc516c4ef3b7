//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod synthetic;

use std::path::{Path, PathBuf};

use cixi_parks::report::calc::{CalcError, CalcRequest, calc};
use cixi_parks::report::render::Format;
use cixi_parks::values::lang::Lang;

/// The `# policy:` lines of a fixture: overlays it is computed under.
pub fn fixture_policies(path: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("# policy: "))
        .map(|p| PathBuf::from(p.trim()))
        .collect()
}

/// A fixture's path relative to the crate root, as a user would type it.
pub fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Runs `calc` on a fixture, with its overlays.
pub fn calc_fixture(path: &Path, format: Format, lang: Lang) -> Result<String, CalcError> {
    let application = relative(path);
    let policies = fixture_policies(&application);
    calc(&CalcRequest {
        application,
        policies,
        format,
        lang,
    })
}

/// A calc JSON report with the policy document (checked in tests/cli.rs and by `verify`)
/// replaced by a placeholder, so that snapshots show the figures and their trace.
pub fn without_policy_document(json: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["policy"]["document"] = serde_json::Value::String("[the policy in force, as policy.yaml]".into());
    let mut s = serde_json::to_string_pretty(&v).unwrap();
    s.push('\n');
    s
}

/// The figures of a fixture: the four amounts in report order, then the total.
pub fn figures(name: &str) -> (Vec<(String, String)>, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/calc")
        .join(format!("{name}.yaml"));
    let json = calc_fixture(&path, Format::Json, Lang::En).unwrap_or_else(|e| panic!("{name}: {e}"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["amount"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (items, v["total"].as_str().unwrap().to_string())
}

/// Runs the binary from the crate root.
pub fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `batch` of the tables (or applications) in `input` into `out`, with `extra` arguments.
pub fn batch(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["batch", input.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// A fresh, empty folder of its own for a test, under the folder cargo gives integration
/// tests for their files (`target/tmp`), not in the system's temporary folder.
pub fn tempdir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cixi-parks-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
