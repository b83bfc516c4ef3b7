//! `ledger.xlsx` opened by a real office suite: LibreOffice, headless, converts every sheet to
//! CSV, and every amount and every total it reads back equals `ledger.csv` to the fen.
//!
//! LibreOffice is installed by `.ci/run` when `soffice` is absent; under CI a missing
//! `soffice` fails this test, elsewhere it is skipped with a note.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cixi_parks::values::money::Money;
use common::{run, tempdir};

fn soffice() -> Option<PathBuf> {
    let found = ["soffice", "libreoffice"].iter().find_map(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| PathBuf::from(name))
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "soffice is missing: .ci/run installs libreoffice-calc (apt-get install -y --no-install-recommends libreoffice-calc)"
        );
        eprintln!("skipped: soffice (LibreOffice) is not installed; see README");
    }
    found
}

/// Every sheet of `book` as CSV (cells as shown), by sheet name.
fn convert(soffice: &Path, book: &Path, dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let profile = dir.join("profile");
    let out = dir.join("csv");
    std::fs::create_dir_all(&out).unwrap();
    let o = Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        // UTF-8, first line 1, cells as shown, every sheet to its own file.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
        .arg("--outdir")
        .arg(&out)
        .arg(book)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stem = book.file_stem().unwrap().to_string_lossy().into_owned();
    let mut sheets = BTreeMap::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let sheet = name.strip_prefix(&format!("{stem}-")).unwrap_or(&name).to_string();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .unwrap();
        let rows = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        sheets.insert(sheet, rows);
    }
    sheets
}

/// An amount as LibreOffice shows it under `#,##0.00`: two decimals, thousands separated.
fn shown(text: &str) -> Money {
    let (_, decimals) = text
        .split_once('.')
        .unwrap_or_else(|| panic!("`{text}` is not shown with two decimals"));
    assert_eq!(decimals.len(), 2, "`{text}` is not shown with two decimals");
    Money::parse(&text.replace(',', "")).unwrap()
}

fn add(a: &mut Money, b: Money) {
    *a = a.checked_add(b).unwrap();
}

fn check(input: &str, tag: &str, extra: &[&str]) {
    let Some(soffice) = soffice() else { return };
    let dir = tempdir(tag);
    let out = dir.join("out");
    let mut args = vec!["batch", input, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));

    // ledger.csv: park, year, item, beneficiary, recipient, amount.
    let mut r = csv::Reader::from_path(out.join("ledger.csv")).unwrap();
    let ledger: Vec<Vec<String>> = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let sheets = convert(&soffice, &out.join("ledger.xlsx"), &dir);
    let rows = &sheets["台账"];
    assert_eq!(rows.len(), ledger.len() + 1, "one row per ledger row, under a header");
    let mut total = Money::ZERO;
    let mut by_item: BTreeMap<String, Money> = BTreeMap::new();
    let mut by_town: BTreeMap<String, Money> = BTreeMap::new();
    let mut by_recipient: BTreeMap<(String, String), Money> = BTreeMap::new();
    for (csv_row, sheet_row) in ledger.iter().zip(&rows[1..]) {
        assert_eq!(sheet_row[0], csv_row[0], "park");
        assert_eq!(sheet_row[3], csv_row[1], "year");
        assert_eq!(sheet_row[6], csv_row[4], "recipient");
        let amount = Money::parse(&csv_row[5]).unwrap();
        assert_eq!(
            shown(&sheet_row[7]),
            amount,
            "{} {} {}",
            csv_row[0],
            csv_row[1],
            csv_row[2]
        );
        assert_eq!(sheet_row[11], csv_row[9], "大写");
        add(&mut total, amount);
        add(by_item.entry(sheet_row[4].clone()).or_insert(Money::ZERO), amount);
        add(by_town.entry(sheet_row[2].clone()).or_insert(Money::ZERO), amount);
        add(
            by_recipient
                .entry((sheet_row[5].clone(), sheet_row[6].clone()))
                .or_insert(Money::ZERO),
            amount,
        );
    }
    let check_sheet = |name: &str, keys: usize, expected: &BTreeMap<Vec<String>, Money>| {
        let rows = &sheets[name];
        let (body, last) = (&rows[1..rows.len() - 1], &rows[rows.len() - 1]);
        assert_eq!(last[0], "合计", "{name}");
        assert_eq!(shown(&last[keys]), total, "{name}: total");
        let mut seen = 0;
        for row in body {
            let key: Vec<String> = row[..keys].to_vec();
            let want = expected.get(&key).copied().unwrap_or(Money::ZERO);
            assert_eq!(shown(&row[keys]), want, "{name}: {key:?}");
            seen += usize::from(expected.contains_key(&key));
        }
        assert_eq!(seen, expected.len(), "{name}: every key listed");
    };
    check_sheet(
        "按项目汇总",
        1,
        &by_item.into_iter().map(|(k, v)| (vec![k], v)).collect(),
    );
    check_sheet("按镇汇总", 1, &by_town.into_iter().map(|(k, v)| (vec![k], v)).collect());
    check_sheet(
        "按受益方汇总",
        2,
        &by_recipient.into_iter().map(|((b, r), v)| (vec![b, r], v)).collect(),
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(Money::parse(summary["grand_total"].as_str().unwrap()).unwrap(), total);
    assert!(sheets.contains_key("未计入") && sheets.contains_key("说明"));
}

#[test]
fn libreoffice_reads_the_guide_ledger_to_the_fen() {
    check("fixtures/batch/guide", "lo-guide", &[]);
}

#[test]
fn libreoffice_reads_a_synthetic_years_ledger_to_the_fen() {
    let tables = tempdir("lo-synthetic-tables");
    common::synthetic::generate(&tables, None, 300, 11, 2022).unwrap();
    check(tables.to_str().unwrap(), "lo-synthetic", &["--keep-going"]);
}
