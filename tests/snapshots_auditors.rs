//! Snapshots of what auditors read, in Chinese (the default): `verify` (reproduced, and a
//! figure edited), `audit` of the shipped payments, `diff` of two reports under two readings,
//! `policy show` and `policy diff`. The figures are those of tests/audit_trail.rs and the
//! guide (GUIDE.md §6): here the words, the grouping and the layout are checked.

mod common;

use std::path::PathBuf;

use common::{run, tempdir};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/auditors");
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(r"/[^\s：:（]*cixi-parks-auditors-[0-9a-z-]+", "[dir]");
    s.add_filter(r"[0-9a-f]{12}", "[digest]");
    s.add_filter(r"0\.\d+\.\d+ \(commit [0-9a-z-]+\)", "[version]");
    s
}

fn stdout(o: &std::process::Output) -> String {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn guide_batch() -> PathBuf {
    let out = tempdir("auditors").join("guide");
    let o = run(&[
        "batch",
        "fixtures/batch/guide",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn report(fixture: &str, policy: Option<&str>) -> PathBuf {
    let mut args = vec!["calc", fixture, "--format", "json"];
    if let Some(p) = policy {
        args.extend(["--policy", p]);
    }
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0));
    let file = tempdir("auditors").join("report.json");
    std::fs::write(&file, &o.stdout).unwrap();
    file
}

const LADDER: &str = "fixtures/calc/overlay-cumulative-ladder-pays-both-rungs.yaml";

#[test]
fn verify_in_chinese() {
    let guide = guide_batch();
    let reproduced = stdout(&run(&["verify", guide.to_str().unwrap()]));
    let r = report(LADDER, None);
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&r).unwrap()).unwrap();
    v["items"][1]["amount"] = serde_json::Value::String("1300000.00".into());
    std::fs::write(&r, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let edited = stdout(&run(&["verify", r.to_str().unwrap()]));
    settings().bind(|| {
        insta::assert_snapshot!("verify_guide_batch_zh", reproduced);
        insta::assert_snapshot!("verify_edited_report_zh", edited);
    });
}

#[test]
fn audit_in_chinese() {
    let guide = guide_batch();
    let text = stdout(&run(&[
        "audit",
        "fixtures/audit/payments.csv",
        "--entitlements",
        guide.to_str().unwrap(),
    ]));
    settings().bind(|| insta::assert_snapshot!("audit_payments_zh", text));
}

#[test]
fn diff_in_chinese() {
    let old = report(LADDER, None);
    let new = report(LADDER, Some("fixtures/policy/reading-cumulative-ladder.yaml"));
    let text = stdout(&run(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]));
    settings().bind(|| insta::assert_snapshot!("diff_cumulative_ladder_zh", text));
}

/// A report against a folder: one message in Chinese, naming both and the fix.
#[test]
fn diff_of_a_report_and_a_folder_says_why_in_chinese() {
    let (report, folder) = (report(LADDER, None), guide_batch());
    let o = run(&["diff", report.to_str().unwrap(), folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("一个是 calc 报告，一个是批量输出文件夹"), "{err}");
    assert!(!err.contains("compare two"), "{err}");
}

#[test]
fn policy_in_chinese() {
    let show = stdout(&run(&["policy", "show"]));
    let diff = stdout(&run(&[
        "policy",
        "diff",
        "embedded",
        "fixtures/policy/renewal-2024-2026.yaml",
    ]));
    settings().bind(|| {
        insta::assert_snapshot!("policy_show_zh", show);
        insta::assert_snapshot!("policy_diff_renewal_zh", diff);
    });
}
