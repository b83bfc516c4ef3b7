//! `batch` does not depend on the order of `enterprises.csv`: the same tables with their
//! enterprise rows shuffled give the same ledger, rejects and summary, byte for byte, but for
//! the digest of the shuffled table (and of the workbook, whose manifest sheet shows it).

mod common;

use common::{run, tempdir};

use std::path::Path;

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

/// The summary less what names the bytes of the inputs' enterprise table and of the workbook.
fn summary_less_digests(dir: &Path) -> serde_json::Value {
    let mut s = summary(dir);
    for input in s["inputs"].as_array_mut().unwrap() {
        if input["file"] == "enterprises.csv" {
            input["sha256"] = serde_json::Value::Null;
        }
    }
    for output in s["outputs"].as_array_mut().unwrap() {
        if output["file"] == "ledger.xlsx" {
            output["sha256"] = serde_json::Value::Null;
        }
    }
    s
}

#[test]
fn shuffled_enterprise_rows_give_the_same_outputs_as_grouped_ones() {
    let dir = tempdir("order");
    let (grouped, shuffled) = (dir.join("grouped"), dir.join("shuffled"));
    // Enough rows for the big table to be read in parts.
    common::synthetic::generate(&grouped, None, 400, 17, 2022).unwrap();
    std::fs::create_dir_all(&shuffled).unwrap();
    for entry in std::fs::read_dir(&grouped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, shuffled.join(path.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(grouped.join("enterprises.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 10_000, "{} rows", rows.len());
    // A fixed permutation that scatters every park's rows across the table.
    let n = rows.len();
    let step = (1..n).rev().find(|s| gcd(*s, n) == 1 && *s < n / 3).unwrap();
    let mut out = String::from(header);
    out.push('\n');
    for k in 0..n {
        out.push_str(rows[(k * step) % n]);
        out.push('\n');
    }
    std::fs::write(shuffled.join("enterprises.csv"), out).unwrap();

    let (a, b) = (dir.join("out-grouped"), dir.join("out-shuffled"));
    for (input, output) in [(&grouped, &a), (&shuffled, &b)] {
        let o = run(&[
            "batch",
            input.to_str().unwrap(),
            "--out",
            output.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in [
        "ledger.csv",
        "rejects.csv",
        "inputs/parks.csv",
        "inputs/investments.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_ne!(
        std::fs::read(a.join("inputs/enterprises.csv")).unwrap(),
        std::fs::read(b.join("inputs/enterprises.csv")).unwrap(),
        "the shuffled table is copied as it was given"
    );
    assert_eq!(summary_less_digests(&a), summary_less_digests(&b));
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}
