//! Snapshots of a small ledger, its rejects and its summary (GUIDE.md §6 examples as tables,
//! and the problem tables with --keep-going). The figures are checked in tests/batch.rs.

use std::path::Path;
use std::process::Command;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/batch");
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(r#""(digest|sha256)": "[0-9a-f]{64}""#, r#""$1": "[digest]""#);
    s.add_filter(r#""version": "[0-9.]+""#, r#""version": "[version]""#);
    s
}

/// Runs a batch; `--keep-going` over problem tables exits 1 (rows rejected), a clean run 0.
fn batch(input: &str, out: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["batch", input, "--out", out.to_str().unwrap(), "--lang", "en"])
        .args(extra)
        .output()
        .unwrap();
    let expected = if extra.contains(&"--keep-going") { 1 } else { 0 };
    assert_eq!(
        o.status.code(),
        Some(expected),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn guide_tables() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    batch("fixtures/batch/guide", &out, &[]);
    settings().bind(|| {
        insta::assert_snapshot!("guide_ledger", std::fs::read_to_string(out.join("ledger.csv")).unwrap());
        // The policy document is checked by verify's tests; here it would churn with policy.yaml.
        let mut summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        summary["policy"]["document"] = serde_json::Value::String("[the policy in force, as policy.yaml]".into());
        insta::assert_snapshot!("guide_summary", serde_json::to_string_pretty(&summary).unwrap());
    });
}

#[test]
fn problem_tables_kept_going() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    batch("fixtures/batch/problems", &out, &["--keep-going"]);
    settings().bind(|| {
        insta::assert_snapshot!(
            "problems_ledger",
            std::fs::read_to_string(out.join("ledger.csv")).unwrap()
        );
        insta::assert_snapshot!(
            "problems_rejects",
            std::fs::read_to_string(out.join("rejects.csv")).unwrap()
        );
    });
}
