//! Auditors' tools: `verify` names every tampering, `audit` catches every kind of
//! over-payment, `diff` names causes, `policy show` and `policy diff` read the policy.

mod common;

use common::{run, tempdir};

use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn calc_json(fixture: &str, extra: &[&str], to: &Path) {
    let mut args = vec!["calc", fixture, "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(to, &o.stdout).unwrap();
}

fn verify_json(report: &Path) -> (i32, serde_json::Value) {
    let o = run(&["verify", report.to_str().unwrap(), "--format", "json"]);
    (
        o.status.code().unwrap(),
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr))),
    )
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Runs `batch` on the GUIDE.md tables into `out`.
fn guide_batch(out: &Path) {
    let o = run(&["batch", "fixtures/batch/guide", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

const EX4: &str = "fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml";

#[test]
fn an_untouched_report_is_reproduced() {
    let dir = tempdir("ok");
    let report = dir.join("r.json");
    calc_json(EX4, &[], &report);
    let (code, v) = verify_json(&report);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["reproduced"], true);
    assert!(v["differences"].as_array().unwrap().is_empty());
}

#[test]
fn a_tampered_amount_is_named() {
    let dir = tempdir("amount");
    let report = dir.join("r.json");
    calc_json(EX4, &[], &report);
    edit(&report, "\"amount\": \"486913.58\"", "\"amount\": \"496913.58\"");
    let (code, v) = verify_json(&report);
    assert_eq!(code, 1);
    let d = &v["differences"][0];
    assert_eq!(d["item"], "digital_subsidy");
    assert_eq!(d["expected"], "496913.58 payable");
    assert_eq!(d["found"], "486913.58 payable");
    assert!(d["why"][0].as_str().unwrap().contains("edited"), "{d}");
}

#[test]
fn a_tampered_input_digest_is_named() {
    let dir = tempdir("input");
    let report = dir.join("r.json");
    calc_json(EX4, &[], &report);
    // Inputs are looked for in the report's own folder, at the path recorded.
    std::fs::create_dir_all(dir.join(EX4).parent().unwrap()).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(EX4), dir.join(EX4)).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let digest = v["inputs"][0]["sha256"].as_str().unwrap().to_string();
    edit(&report, &digest, &"0".repeat(64));
    let (code, v) = verify_json(&report);
    assert_eq!(code, 1);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, [format!("input {EX4} unchanged").as_str()]);
}

#[test]
fn a_changed_input_file_is_named_with_what_it_moves() {
    let dir = tempdir("changed");
    let app = dir.join("app.yaml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(EX4), &app).unwrap();
    let report = dir.join("r.json");
    calc_json(app.to_str().unwrap(), &[], &report);
    edit(&app, "amount: 200000.00", "amount: 300000.00");
    let (code, v) = verify_json(&report);
    assert_eq!(code, 1);
    let d = &v["differences"][0];
    assert_eq!(d["item"], "digital_subsidy");
    assert_eq!(d["found"], "506913.58 payable");
    assert!(d["why"][0].as_str().unwrap().contains("a changed input"), "{d}");
}

#[test]
fn a_tampered_policy_is_named() {
    let dir = tempdir("policy");
    let report = dir.join("r.json");
    calc_json(EX4, &[], &report);
    edit(&report, "\"2021-08-20\": \"20%\"", "\"2021-08-20\": \"25%\"");
    let (code, v) = verify_json(&report);
    assert_eq!(code, 1);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["recorded policy matches its digest"]);
    let d = &v["differences"][0];
    assert_eq!(
        d["found"], "558641.97 payable",
        "25% × 1434567.89 + 10% × 2000000.01 = 358641.9725 + 200000.001"
    );
    assert!(
        d["why"][0].as_str().unwrap().contains("recorded policy was edited"),
        "{d}"
    );
}

#[test]
fn tampered_facts_are_named() {
    let dir = tempdir("facts");
    let report = dir.join("r.json");
    calc_json(EX4, &[], &report);
    edit(&report, "\"amount\": \"2000000.01\"", "\"amount\": \"3000000.01\"");
    let (code, v) = verify_json(&report);
    assert_eq!(code, 1);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["recorded facts match their digest"]);
}

#[test]
fn a_report_made_with_an_overlay_is_reproduced_without_the_overlay_file() {
    let dir = tempdir("overlay");
    let overlay = dir.join("cap.yaml");
    std::fs::write(
        &overlay,
        "kind: overlay\nitems:\n  digital_subsidy:\n    cap: { 2022-01-01: \"400000.00\" }\n",
    )
    .unwrap();
    let report = dir.join("r.json");
    calc_json(EX4, &["--policy", overlay.to_str().unwrap()], &report);
    std::fs::remove_file(&overlay).unwrap();
    let (code, v) = verify_json(&report);
    assert_eq!(code, 0, "{v}");
    // Verified against the embedded policy instead, the difference is the policy's.
    let o = run(&[
        "verify",
        report.to_str().unwrap(),
        "--policy",
        "policy.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["differences"][0]["expected"], "400000.00 payable");
    assert_eq!(v["differences"][0]["found"], "486913.58 payable");
    assert!(
        v["differences"][0]["why"][0]
            .as_str()
            .unwrap()
            .starts_with("a different policy")
    );
}

#[test]
fn a_batch_folder_is_reproduced_and_its_tampering_named() {
    let out = tempdir("batch").join("run");
    guide_batch(&out);
    let (code, v) = verify_json(&out);
    assert_eq!(code, 0, "{v}");

    edit(
        &out.join("ledger.csv"),
        "丁运营管理有限公司,600000.00",
        "丁运营管理有限公司,650000.00",
    );
    let (code, v) = verify_json(&out);
    assert_eq!(code, 1);
    assert_eq!(v["differences"][0]["park_id"], "CX-0104");
    assert_eq!(v["differences"][0]["expected"], "650000.00 payable");
    assert_eq!(v["differences"][0]["found"], "600000.00 payable");

    // A changed input copy: the recomputation follows it and names it.
    let out2 = tempdir("batch2").join("run");
    guide_batch(&out2);
    edit(
        &out2.join("inputs/investments.csv"),
        "CX-0103,机房服务器,hardware,500000.00,2021-12-20",
        "CX-0103,机房服务器,hardware,500000.00,2022-12-20",
    );
    let (code, v) = verify_json(&out2);
    assert_eq!(code, 1);
    assert_eq!(v["differences"][0]["found"], "536913.58 payable");
    assert!(
        v["differences"][0]["why"][0]
            .as_str()
            .unwrap()
            .contains("a changed input (investments.csv)")
    );
}

#[test]
fn audit_catches_each_kind_of_over_payment() {
    let out = tempdir("audit").join("run");
    guide_batch(&out);
    let o = run(&[
        "audit",
        "fixtures/audit/payments.csv",
        "--entitlements",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(String, String, Vec<u64>)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["park_id"].as_str().unwrap().to_string(),
                f["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    let expect = |kind: &str, park: &str, rows: &[u64]| (kind.to_string(), park.to_string(), rows.to_vec());
    assert_eq!(
        found,
        [
            expect("no_entitlement", "CX-0101", &[7]),
            expect("outside_period", "CX-0105", &[8]),
            expect("over_entitlement", "CX-0103", &[4, 5]),
            expect("over_entitlement", "CX-0104", &[6]),
            expect("paid_twice", "CX-0103", &[4, 5]),
            expect("voucher_reused", "CX-0105", &[8, 9]),
        ]
    );
    assert_eq!(v["rows"], 8);
}

#[test]
fn audit_checks_the_ladder_across_years_and_reads_calc_reports() {
    let dir = tempdir("ladder");
    let report = dir.join("r.json");
    calc_json(
        "fixtures/calc/guide-6-2-three-star-climb-pays-the-difference.yaml",
        &[],
        &report,
    );
    let payments = dir.join("payments.csv");
    std::fs::write(
        &payments,
        "park_id,year,item,amount,paid_on,voucher\nCX-0001,2023,star_award,300000.00,2023-12-20,v1\nCX-0001,2022,star_award,200000.00,2022-12-20,v2\nCX-0001,2021,provincial_listing,100000.00,2021-12-20,v3\n",
    )
    .unwrap();
    let o = run(&[
        "audit",
        payments.to_str().unwrap(),
        "--entitlements",
        report.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ladder: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "ladder_over_highest_rung")
        .collect();
    assert_eq!(ladder.len(), 1, "{v}");
    assert!(ladder[0]["detail"].as_str().unwrap().contains("paid 600000.00"));
    // Payments within the entitlement and the ladder: clean.
    std::fs::write(
        &payments,
        "park_id,year,item,amount,paid_on,voucher\nCX-0001,2023,star_award,300000.00,2023-12-20,v1\n",
    )
    .unwrap();
    let o = run(&[
        "audit",
        payments.to_str().unwrap(),
        "--entitlements",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn audit_names_a_bad_payment_row() {
    let dir = tempdir("bad");
    let payments = dir.join("payments.csv");
    std::fs::write(&payments, "park_id,year,item,amount,paid_on,voucher\nCX-1,2022,star_award,1.005,2022-01-01,v\nCX-1,2022,star_awrd,1.00,2022-01-01,v\n").unwrap();
    let o = run(&[
        "audit",
        payments.to_str().unwrap(),
        "--entitlements",
        "fixtures/batch/guide",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("payments.csv:2: column amount: `1.005` has more than two decimals"),
        "{err}"
    );
    assert!(
        err.contains("payments.csv:3: column item: unknown item `star_awrd`"),
        "{err}"
    );
}

#[test]
fn diff_names_the_fact_and_the_policy_behind_each_change() {
    let dir = tempdir("diff");
    let app = dir.join("app.yaml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(EX4), &app).unwrap();
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    calc_json(app.to_str().unwrap(), &[], &old);
    edit(&app, "amount: 200000.00", "amount: 300000.00");
    let overlay = dir.join("rate.yaml");
    std::fs::write(
        &overlay,
        "kind: overlay\nitems:\n  digital_subsidy:\n    hardware_rate: { 2022-01-01: \"15%\" }\n",
    )
    .unwrap();
    calc_json(app.to_str().unwrap(), &["--policy", overlay.to_str().unwrap()], &new);
    let o = run(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "exit 1: the figures differ");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["figures"][0];
    assert_eq!(f["item"], "digital_subsidy");
    assert_eq!(f["old"], "486913.58 payable");
    // 20% × 1,534,567.89 + 15% × 2,000,000.01 = 306,913.578 + 300,000.0015 = 606,913.5795
    assert_eq!(f["new"], "606913.58 payable");
    let causes: Vec<&str> = f["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        causes.contains(&"policy items.digital_subsidy.hardware_rate.2022-01-01: absent → 15%"),
        "{causes:?}"
    );
    assert!(
        causes.contains(&"input digital_investments[1].amount: 200000.00 → 300000.00"),
        "{causes:?}"
    );
    assert_eq!(v["total"], serde_json::json!(["486913.58", "606913.58", "120000.00"]));
}

#[test]
fn policy_show_and_diff() {
    // Chinese by default: the parameters by their words, amounts grouped.
    let o = run(&["policy", "show"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for expected in [
        "上限：2021-08-20 起 1,000,000.00",
        "星级阶梯的解读：2021-08-20 起 从高不重复、升档补差",
        "容积率 （二） 「建筑容积率一般不低于1.5（特殊行业除外）」",
        "物业专项维修资金每平方米 12.00 元；物业保修金每平方米 6.00 元",
    ] {
        assert!(text.contains(expected), "{expected} not in policy show");
    }
    let o = run(&["policy", "show", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for expected in [
        "（十四）",
        "（十三）",
        "（十八）",
        "（十七）",
        "cap: 1000000.00 from 2021-08-20",
        "rating_ladder: exclusive from 2021-08-20",
        "plot_ratio （二） 「建筑容积率一般不低于1.5（特殊行业除外）」",
        "maintenance fund 12.00 per m²; warranty deposit 6.00 per m²",
    ] {
        assert!(text.contains(expected), "{expected} not in policy show");
    }
    let o = run(&["policy", "show", "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["items"]["fiscal_rebate"]["cap"]["2021-08-20"], "3000000.00");

    let o = run(&[
        "policy",
        "diff",
        "embedded",
        "fixtures/policy/renewal-2024-2026.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let cap = changes
        .iter()
        .find(|c| c["path"] == "items.digital_subsidy.cap.2024-01-01")
        .unwrap();
    assert_eq!(cap["old"], "absent");
    assert_eq!(cap["new"], "1200000.00");
    assert_eq!(cap["moves"], serde_json::json!(["digital_subsidy"]));
    let window = changes.iter().find(|c| c["path"] == "in_force.windows[1].to").unwrap();
    assert_eq!(window["moves"].as_array().unwrap().len(), 4);
    let words = changes.iter().find(|c| c["path"] == "in_force.words").unwrap();
    assert_eq!(words["moves"], serde_json::json!([]));
}

#[test]
fn a_yaml_report_is_verified_too() {
    let dir = tempdir("yaml");
    let report = dir.join("r.yaml");
    let o = run(&["calc", EX4, "--format", "yaml"]);
    std::fs::write(&report, &o.stdout).unwrap();
    let o = run(&["verify", report.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    edit(&report, "amount: \"486913.58\"", "amount: \"486913.59\"");
    assert_eq!(run(&["verify", report.to_str().unwrap()]).status.code(), Some(1));
}

/// Issue 11: verify compares figures, not bytes; and says what to give instead of a lone
/// ledger or a folder without its inputs.
#[test]
fn verify_compares_figures_not_bytes_and_says_what_to_give() {
    let out = tempdir("resaved").join("run");
    guide_batch(&out);
    // Re-saved as a spreadsheet would: CRLF line ends, the columns in another order.
    let ledger = std::fs::read_to_string(out.join("ledger.csv")).unwrap();
    let body = ledger.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().rev().map(str::to_string).collect();
    let mut resaved = header.join(",") + "\r\n";
    for r in reader.records() {
        let r = r.unwrap();
        let cells: Vec<String> = r
            .iter()
            .rev()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        resaved.push_str(&(cells.join(",") + "\r\n"));
    }
    std::fs::write(out.join("ledger.csv"), resaved).unwrap();
    let (code, v) = verify_json(&out);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["reproduced"], true);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("all figures match; the file's bytes differ"),
        "{v}"
    );
    // A figure changed in the re-saved ledger is still caught.
    edit(&out.join("ledger.csv"), "\"300000.00\"", "\"300000.01\"");
    let (code, v) = verify_json(&out);
    assert_eq!(code, 1, "{v}");

    // A lone ledger, and a folder without its inputs, get a sentence saying what to give.
    let o = run(&["verify", out.join("ledger.csv").to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give the batch folder"));
    // In Chinese by default.
    let o = run(&["verify", out.join("ledger.csv").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("请给出台账所在的批量输出文件夹"));
    std::fs::remove_dir_all(out.join("inputs")).unwrap();
    let o = run(&["verify", out.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no inputs/ here"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["verify", out.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("这里没有 inputs/"));
}
