//! The command line as a user meets it: exit codes, stdout/stderr, overlays, determinism.

mod common;

use common::{run, tempdir};

use std::path::Path;
use std::process::Output;

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const EXAMPLE: &str = "fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml";

#[test]
fn calc_json_has_the_four_items_in_order_with_two_decimal_amounts() {
    let v = json(&run(&["calc", EXAMPLE, "--format", "json"]));
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["provincial_listing", "star_award", "fiscal_rebate", "digital_subsidy"]
    );
    for i in v["items"].as_array().unwrap() {
        let a = i["amount"].as_str().unwrap();
        assert_eq!(a.split('.').nth(1).map(str::len), Some(2), "{a}");
        assert!(i["beneficiary"] == "operator" || i["beneficiary"] == "local_government");
        assert!(i["recipient"].is_string() && i["status"].is_string() && i["trace"].is_object());
    }
    assert_eq!(v["items"][3]["amount"], "486913.58");
    assert_eq!(v["total"], "486913.58");
    assert_eq!(v["park"]["id"], "CX-0001");
    assert_eq!(v["year"], 2022);
}

#[test]
fn same_input_same_bytes() {
    for format in ["json", "yaml", "table"] {
        let a = run(&["calc", EXAMPLE, "--format", format]);
        let b = run(&["calc", EXAMPLE, "--format", format]);
        assert_eq!(a.status.code(), Some(0));
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn the_report_records_the_policy_digest_and_the_input_digest() {
    let v = json(&run(&["calc", EXAMPLE, "--format", "json"]));
    let digest = v["policy"]["digest"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE)).unwrap();
    assert_eq!(v["inputs"][0]["sha256"], cixi_parks::values::digest::sha256_hex(&bytes));
    assert_eq!(v["policy"]["sources"][0]["file"], "embedded:policy.yaml");

    let overlaid = json(&run(&[
        "calc",
        EXAMPLE,
        "--format",
        "json",
        "--policy",
        "fixtures/policy/reading-lifetime-digital-cap.yaml",
    ]));
    assert_ne!(overlaid["policy"]["digest"], v["policy"]["digest"]);
    assert_eq!(overlaid["policy"]["sources"][1]["kind"], "overlay");
}

#[test]
fn a_whole_policy_file_replaces_the_embedded_one() {
    let out = run(&["calc", EXAMPLE, "--format", "json", "--policy", "policy.yaml"]);
    let v = json(&out);
    assert_eq!(v["policy"]["sources"][1]["kind"], "policy");
    assert_eq!(v["total"], "486913.58");
}

#[test]
fn overlays_apply_in_order_later_over_earlier() {
    let dir = tempdir("cli");
    let a = dir.join("a.yaml");
    let b = dir.join("b.yaml");
    std::fs::write(
        &a,
        "kind: overlay\nitems:\n  digital_subsidy:\n    hardware_rate: { 2021-08-20: \"50%\" }\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "kind: overlay\nitems:\n  digital_subsidy:\n    hardware_rate: { 2021-08-20: \"20%\" }\n",
    )
    .unwrap();
    let v = json(&run(&[
        "calc",
        "fixtures/calc/guide-6-6-half-up-rounding.yaml",
        "--format",
        "json",
        "--policy",
        a.to_str().unwrap(),
        "--policy",
        b.to_str().unwrap(),
    ]));
    assert_eq!(v["total"], "20.05");
}

#[test]
fn a_policy_file_must_say_its_kind_and_cite_its_rules() {
    let dir = tempdir("cli");
    let no_kind = dir.join("no-kind.yaml");
    std::fs::write(
        &no_kind,
        "items:\n  digital_subsidy:\n    cap: { 2021-08-20: \"1.00\" }\n",
    )
    .unwrap();
    let out = run(&["calc", EXAMPLE, "--policy", no_kind.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kind"));

    let bare = dir.join("bare.yaml");
    std::fs::write(&bare, "kind: overlay\nitems:\n  fiscal_rebate:\n    clause: \" \"\n").unwrap();
    let out = run(&["calc", EXAMPLE, "--policy", bare.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an overlay cannot blank a rule's clause");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("items.fiscal_rebate") && err.contains("clause"), "{err}");

    let replaced = dir.join("replaced.yaml");
    std::fs::write(&replaced, "kind: policy\npolicy: { id: x }\n").unwrap();
    let out = run(&["calc", EXAMPLE, "--policy", replaced.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("clause"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_amount_in_a_policy_is_read_exactly_too() {
    let dir = tempdir("cli");
    let f = dir.join("float.yaml");
    std::fs::write(
        &f,
        "kind: overlay\nitems:\n  digital_subsidy:\n    cap: { 2021-08-20: 1000000.005 }\n",
    )
    .unwrap();
    let out = run(&["calc", EXAMPLE, "--policy", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("items.digital_subsidy.cap") && err.contains("two decimals"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_named() {
    let out = run(&["calc", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(3), "exit 3: a file that cannot be read");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.yaml"));
}

#[test]
fn help_lists_calc() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("calc"));
}
