//! `batch` end to end: ledgers that tie out, agree with `calc`, catch every cross-row
//! problem, and are written whole or not at all.

mod common;

use common::{run, tempdir};

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The ledger's rows as (park_id, year, item, amount, status).
fn ledger(dir: &Path) -> Vec<[String; 5]> {
    let bytes = std::fs::read(dir.join("ledger.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "ledger.csv starts with a BOM for Excel"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "park_id",
            "year",
            "item",
            "beneficiary",
            "recipient",
            "amount",
            "status",
            "clause",
            "reason",
            "amount_in_words"
        ]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            [
                rec[0].into(),
                rec[1].into(),
                rec[2].into(),
                rec[5].into(),
                rec[6].into(),
            ]
        })
        .collect()
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

fn fen(text: &str) -> i128 {
    let (yuan, fen) = text.split_once('.').unwrap();
    let sign = if yuan.starts_with('-') { -1 } else { 1 };
    sign * (yuan.trim_start_matches('-').parse::<i128>().unwrap() * 100 + fen.parse::<i128>().unwrap())
}

/// Asserts that `files` hold the same bytes in folders `a` and `b`.
fn assert_same_files(a: &Path, b: &Path, files: &[&str]) {
    for f in files {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn the_guide_examples_as_tables_give_the_guides_figures() {
    let out = tempdir("guide");
    let o = run(&[
        "batch",
        "fixtures/batch/guide",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = ledger(&out);
    assert_eq!(rows.len(), 20);
    for (park, item, amount, status) in [
        ("CX-0101", "star_award", "300000.00", "payable"),
        ("CX-0101", "provincial_listing", "0.00", "superseded"),
        ("CX-0102", "fiscal_rebate", "3000000.00", "payable"),
        ("CX-0102", "star_award", "0.00", "ineligible"),
        ("CX-0103", "digital_subsidy", "486913.58", "payable"),
        ("CX-0104", "digital_subsidy", "600000.00", "payable"),
        ("CX-0105", "star_award", "300000.00", "payable"),
    ] {
        let row = rows.iter().find(|r| r[0] == park && r[2] == item).unwrap();
        assert_eq!((row[3].as_str(), row[4].as_str()), (amount, status), "{park} {item}");
    }

    let s = summary(&out);
    assert_eq!(s["grand_total"], "4686913.58");
    assert_eq!(s["by_beneficiary"]["operator"], "1686913.58");
    assert_eq!(s["by_beneficiary"]["local_government"], "3000000.00");
    assert_eq!(s["by_recipient"]["local_government"]["周巷镇"], "3000000.00");
    assert_eq!(s["by_recipient"]["operator"]["丙运营管理有限公司"], "486913.58");
    assert_eq!(s["parks"]["computed"], 5);
    // stdout carries the same summary as summary.json
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, s);
}

#[test]
fn totals_tie_out_to_the_ledger_rows_and_every_row_is_accounted_for() {
    let tables = tempdir("gen-tables");
    common::synthetic::generate(&tables, None, 300, 11, 2022).unwrap();
    let out = tempdir("gen-out");
    let o = run(&["batch", tables.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = ledger(&out);
    let s = summary(&out);
    assert_eq!(rows.len(), 300 * 4);
    let total: i128 = rows.iter().map(|r| fen(&r[3])).sum();
    assert_eq!(total, fen(s["grand_total"].as_str().unwrap()));
    for item in ["provincial_listing", "star_award", "fiscal_rebate", "digital_subsidy"] {
        let sum: i128 = rows.iter().filter(|r| r[2] == item).map(|r| fen(&r[3])).sum();
        assert_eq!(sum, fen(s["by_item"][item]["sum"].as_str().unwrap()), "{item}");
        assert_eq!(s["by_item"][item]["rows"], 300);
    }
    let towns: i128 = s["by_town"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| fen(c["sum"].as_str().unwrap()))
        .sum();
    assert_eq!(towns, total);
    let beneficiaries: i128 = s["by_beneficiary"]
        .as_object()
        .unwrap()
        .values()
        .map(|m| fen(m.as_str().unwrap()))
        .sum();
    assert_eq!(beneficiaries, total);
    for input in s["inputs"].as_array().unwrap() {
        let (read, used, rejected) = (
            input["rows_read"].as_u64().unwrap(),
            input["rows_used"].as_u64().unwrap(),
            input["rows_rejected"].as_u64().unwrap(),
        );
        assert_eq!(read, used + rejected, "{}", input["file"]);
        let file = tables.join(input["file"].as_str().unwrap());
        let lines = std::fs::read_to_string(&file).unwrap().lines().count() as u64 - 1;
        assert_eq!(read, lines, "{}: every data row is read", input["file"]);
        assert_eq!(
            input["sha256"],
            cixi_parks::values::digest::sha256_hex(&std::fs::read(&file).unwrap())
        );
    }
    let ledger_bytes = std::fs::read(out.join("ledger.csv")).unwrap();
    assert_eq!(
        s["outputs"][0]["sha256"],
        cixi_parks::values::digest::sha256_hex(&ledger_bytes)
    );
}

#[test]
fn a_parks_figures_are_exactly_what_calc_gives() {
    let tables = tempdir("same-tables");
    let apps = tempdir("same-apps");
    common::synthetic::generate(&tables, Some(&apps), 120, 5, 2022).unwrap();
    let (out_t, out_a) = (tempdir("same-out-t"), tempdir("same-out-a"));
    for (input, out) in [(&tables, &out_t), (&apps, &out_a)] {
        let o = run(&["batch", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // Tables and application files with the same facts give the same ledger, byte for byte.
    assert_eq!(
        std::fs::read(out_t.join("ledger.csv")).unwrap(),
        std::fs::read(out_a.join("ledger.csv")).unwrap()
    );
    // And each park's rows are what `calc` says for its application.
    let rows = ledger(&out_t);
    for n in [1, 2, 3, 17, 60, 119] {
        let id = format!("CX-{n:06}");
        let o = run(&[
            "calc",
            apps.join(format!("{id}.yaml")).to_str().unwrap(),
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        for item in v["items"].as_array().unwrap() {
            let row = rows
                .iter()
                .find(|r| r[0] == id && r[2] == item["item"].as_str().unwrap())
                .unwrap();
            assert_eq!(row[3], item["amount"].as_str().unwrap(), "{id} {}", item["item"]);
            assert_eq!(row[4], item["status"].as_str().unwrap(), "{id} {}", item["item"]);
        }
    }
}

#[test]
fn same_tables_same_bytes() {
    let (a, b) = (tempdir("det-a"), tempdir("det-b"));
    for out in [&a, &b] {
        assert_eq!(
            run(&["batch", "fixtures/batch/guide", "--out", out.to_str().unwrap()])
                .status
                .code(),
            Some(0)
        );
    }
    assert_same_files(&a, &b, &["ledger.csv", "rejects.csv", "summary.json"]);
}

#[test]
fn no_xlsx_writes_the_same_files_less_the_workbook_and_verifies() {
    let (a, b) = (tempdir("xlsx-on"), tempdir("xlsx-off"));
    let out = |d: &Path| d.join("out").to_str().unwrap().to_string();
    let (a_out, b_out) = (out(&a), out(&b));
    assert_eq!(
        run(&["batch", "fixtures/batch/guide", "--out", &a_out]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["batch", "fixtures/batch/guide", "--out", &b_out, "--no-xlsx"])
            .status
            .code(),
        Some(0)
    );
    let (a, b) = (Path::new(&a_out), Path::new(&b_out));
    assert!(a.join("ledger.xlsx").exists());
    assert!(!b.join("ledger.xlsx").exists(), "--no-xlsx writes no workbook");
    assert_same_files(
        a,
        b,
        &[
            "ledger.csv",
            "rejects.csv",
            "inputs/parks.csv",
            "inputs/enterprises.csv",
        ],
    );
    let (mut sa, sb) = (summary(a), summary(b));
    let outputs = sa["outputs"].as_array_mut().unwrap();
    assert_eq!(outputs.pop().unwrap()["file"], "ledger.xlsx");
    assert_eq!(sa, sb, "the same summary, less the workbook's line in the manifest");
    assert_eq!(run(&["verify", &b_out, "-q"]).status.code(), Some(0), "reproduced");
}

#[test]
fn every_cross_row_problem_is_listed_and_nothing_is_written() {
    let out = tempdir("problems").join("out");
    let o = run(&[
        "batch",
        "fixtures/batch/problems",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "parks.csv:4: column park_id: park CX-0202 is listed twice for 2022 (first at parks.csv:3)",
        "enterprises.csv:3: column uscc: enterprise 914403001922038216 is counted under park CX-0201 (enterprises.csv:2) and park CX-0203 (enterprises.csv:3) in 2022",
        "enterprises.csv:4: column park_id: no park CX-9999 in parks.csv",
        "enterprises.csv:5: column city_fiscal_contribution: `12.345` has more than two decimals",
        "overrides.csv:3: column item: a second override for digital_subsidy of park CX-0204 in 2022",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert!(!out.exists(), "nothing is written when the batch fails");
}

#[test]
fn keep_going_writes_the_clean_parks_and_rejects_every_other_row() {
    let out = tempdir("keep-going");
    let o = run(&[
        "batch",
        "fixtures/batch/problems",
        "--out",
        out.to_str().unwrap(),
        "--keep-going",
        "--lang",
        "en",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit 1 with rejected rows: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = ledger(&out);
    assert!(rows.iter().all(|r| r[0] == "CX-0205"), "{rows:?}");
    assert_eq!(rows.len(), 4);
    let rejects = std::fs::read(out.join("rejects.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&rejects[3..]);
    let rejected: Vec<(String, u64)> = r
        .records()
        .map(|x| x.unwrap())
        .map(|x| (x[0].to_string(), x[1].parse().unwrap()))
        .collect();
    // Every input row is in the ledger's sums or in the rejects.
    let s = summary(&out);
    for input in s["inputs"].as_array().unwrap() {
        let file = input["file"].as_str().unwrap();
        let text = std::fs::read_to_string(root().join("fixtures/batch/problems").join(file)).unwrap();
        let data_rows = text.lines().count() as u64 - 1;
        let in_rejects = rejected.iter().filter(|(t, _)| t == file).count() as u64;
        assert_eq!(input["rows_read"].as_u64().unwrap(), data_rows, "{file}");
        assert_eq!(input["rows_rejected"].as_u64().unwrap(), in_rejects, "{file}");
        let used = data_rows - in_rejects;
        assert_eq!(input["rows_used"].as_u64().unwrap(), used, "{file}");
    }
    // parks.csv: all but CX-0205 (line 7) rejected.
    let parks: Vec<u64> = rejected
        .iter()
        .filter(|(t, _)| t == "parks.csv")
        .map(|(_, l)| *l)
        .collect();
    assert_eq!(parks, [2, 3, 4, 5, 6, 8]);
    assert_eq!(s["parks"]["computed"], 1);
    assert_eq!(s["parks"]["rejected"], 6);
}

#[test]
fn bom_and_crlf_tables_read_the_same() {
    let dir = tempdir("bom");
    for f in [
        "parks.csv",
        "enterprises.csv",
        "investments.csv",
        "grants.csv",
        "overrides.csv",
    ] {
        let text = std::fs::read_to_string(root().join("fixtures/batch/guide").join(f)).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        std::fs::write(dir.join(f), bytes).unwrap();
    }
    assert_reads_as_the_guide(&dir, "bom", &["ledger.csv"]);
}

/// `batch` of the tables in `dir` writes the same `files` as `batch` of the guide's tables.
fn assert_reads_as_the_guide(dir: &Path, label: &str, files: &[&str]) {
    let (plain, other) = (tempdir(&format!("{label}-guide-out")), tempdir(&format!("{label}-out")));
    assert_eq!(
        run(&["batch", "fixtures/batch/guide", "--out", plain.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let o = run(&["batch", dir.to_str().unwrap(), "--out", other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_same_files(&plain, &other, files);
}

#[test]
fn enterprises_columns_in_any_order_read_the_same() {
    // A table whose columns stand in another order gives the same ledger, to the byte: each
    // cell is read by its column's name wherever the column stands (the fast reads of a row's
    // cells by column are held to the named ones in `tables.rs`).
    let dir = tempdir("reordered");
    for f in ["parks.csv", "investments.csv", "grants.csv", "overrides.csv"] {
        std::fs::copy(root().join("fixtures/batch/guide").join(f), dir.join(f)).unwrap();
    }
    let bytes = std::fs::read(root().join("fixtures/batch/guide/enterprises.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    // `year` last: a cell taken from the column where the standard order has it would read a
    // year as an amount, and change the ledger.
    let order = [4, 2, 3, 0, 1];
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["park_id", "year", "uscc", "name", "city_fiscal_contribution"]
    );
    writer.write_record(order.map(|i| &header[i])).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer.write_record(order.map(|i| &record[i])).unwrap();
    }
    std::fs::write(dir.join("enterprises.csv"), writer.into_inner().unwrap()).unwrap();
    assert_reads_as_the_guide(&dir, "reordered", &["ledger.csv", "rejects.csv"]);
}

#[test]
fn a_malformed_cell_names_table_row_and_column() {
    let dir = tempdir("malformed");
    for f in ["parks.csv", "enterprises.csv"] {
        std::fs::copy(root().join("fixtures/batch/guide").join(f), dir.join(f)).unwrap();
    }
    let parks = std::fs::read_to_string(dir.join("parks.csv"))
        .unwrap()
        .replace("2022-04-10,B,2", "2022-04-10,B,6");
    std::fs::write(dir.join("parks.csv"), parks).unwrap();
    std::fs::write(
        dir.join("enterprises.csv"),
        "park_id,year,uscc,name,city_fiscal_contribution\nCX-0102,2022,914403001922038217,x,1.00\nCX-0102,2022,9144030071526726XG,y,1e3\nCX-0102,2022,91330100716105852F\n",
    )
    .unwrap();
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("enterprises.csv:4: this row has 3 cells, the header 5"),
        "{err}"
    );

    // With the short row mended, each bad cell is named.
    std::fs::write(
        dir.join("enterprises.csv"),
        "park_id,year,uscc,name,city_fiscal_contribution\nCX-0102,2022,914403001922038217,x,1.00\nCX-0102,2022,9144030071526726XG,y,1e3\n",
    )
    .unwrap();
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("parks.csv:2: column stars: a star level is 1 to 5, not 6"),
        "{err}"
    );
    assert!(
        err.contains("enterprises.csv:2: column uscc: `914403001922038217` is not a valid 统一社会信用代码"),
        "{err}"
    );
    assert!(
        err.contains("enterprises.csv:3: column city_fiscal_contribution: `1e3` is not an amount in yuan"),
        "{err}"
    );
}

#[test]
fn a_folder_of_applications_catches_an_enterprise_in_two_parks() {
    let dir = tempdir("apps-dup");
    let a = "park: { id: CX-A, name: 甲, town: 周巷镇, operator: 甲运营 }\nyear: 2022\nstar_rating: { stars: 4, recognized_on: 2021-05-01 }\nresident_enterprises:\n  - { uscc: 914403001922038216, name: 某, city_fiscal_contribution: 10.00 }\n";
    std::fs::write(dir.join("a.yaml"), a).unwrap();
    std::fs::write(dir.join("b.yaml"), a.replace("CX-A", "CX-B")).unwrap();
    std::fs::write(
        dir.join("c.yaml"),
        a.replace("CX-A", "CX-C")
            .replace("914403001922038216", "9144030071526726XG"),
    )
    .unwrap();
    let out = tempdir("apps-dup-out");
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "b.yaml:5: resident_enterprises[0].uscc: enterprise 914403001922038216 is also counted under a.yaml"
        ),
        "{err}"
    );
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--keep-going",
    ]);
    assert_eq!(o.status.code(), Some(1), "exit 1: rows were rejected");
    let rows = ledger(&out);
    assert!(rows.iter().all(|r| r[0] == "CX-C"));
}

#[test]
fn outputs_are_replaced_whole_and_leave_no_temporary_files() {
    let out = tempdir("atomic");
    std::fs::write(out.join("ledger.csv"), "old").unwrap();
    assert_eq!(
        run(&["batch", "fixtures/batch/guide", "--out", out.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["inputs", "ledger.csv", "ledger.xlsx", "rejects.csv", "summary.json"]
    );
    let mut copies: Vec<String> = std::fs::read_dir(out.join("inputs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    copies.sort();
    assert_eq!(
        copies,
        [
            "enterprises.csv",
            "grants.csv",
            "investments.csv",
            "overrides.csv",
            "parks.csv"
        ]
    );
    for f in &copies {
        assert_eq!(
            std::fs::read(out.join("inputs").join(f)).unwrap(),
            std::fs::read(root().join("fixtures/batch/guide").join(f)).unwrap()
        );
    }
    // A failing run leaves the previous outputs as they were.
    let before = std::fs::read(out.join("ledger.csv")).unwrap();
    assert_eq!(
        run(&["batch", "fixtures/batch/problems", "--out", out.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(std::fs::read(out.join("ledger.csv")).unwrap(), before);
}

#[test]
fn rows_are_named_by_their_true_line_with_crlf_and_in_every_part() {
    for crlf in [false, true] {
        let dir = tempdir(if crlf { "lines-crlf" } else { "lines-lf" });
        common::synthetic::generate(&dir, None, 300, 13, 2022).unwrap();
        let path = dir.join("enterprises.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Break one row early and one late (the late one in the second part, where the file
        // is read in parts), and name both by their line in the file.
        for n in [5, lines.len() - 3] {
            let (head, _) = lines[n - 1].rsplit_once(',').unwrap();
            lines[n - 1] = format!("{head},1.005");
        }
        let ending = if crlf { "\r\n" } else { "\n" };
        std::fs::write(&path, lines.join(ending) + ending).unwrap();
        let o = run(&[
            "batch",
            dir.to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
            "--lang",
            "en",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        for n in [5, lines.len() - 3] {
            let expected = format!("enterprises.csv:{n}: column city_fiscal_contribution: `1.005`");
            assert!(err.contains(&expected), "crlf={crlf}: {expected} not in {err}");
        }
    }
}
