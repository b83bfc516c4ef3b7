//! Tables as Excel writes them: GBK, GB18030, UTF-16 and UTF-8-with-BOM CSV, Chinese headers
//! and values, and `.xlsx` workbooks, each giving the same ledger as the plain CSV; and the
//! workbook problems a clerk meets, each named by sheet and cell with nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::{run, tempdir};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const GUIDE: &str = "fixtures/batch/guide";
const TABLES: [&str; 5] = ["parks", "enterprises", "investments", "grants", "overrides"];

fn guide_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(GUIDE)
}

fn batch(input: &Path, tag: &str) -> (std::process::Output, PathBuf) {
    let out = tempdir(tag).join("out");
    // The messages asserted below are the English ones.
    (common::batch(input, &out, &["--lang", "en"]), out)
}

fn ledger_of(input: &Path, tag: &str) -> Vec<u8> {
    let (o, out) = batch(input, tag);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out.join("ledger.csv")).unwrap()
}

fn guide_ledger() -> Vec<u8> {
    ledger_of(&guide_dir(), "guide")
}

fn read_csv(table: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(guide_dir().join(format!("{table}.csv")))
        .unwrap();
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn every_encoding_excel_saves_gives_the_same_ledger() {
    let expected = guide_ledger();
    for (tag, encode) in [
        (
            "gbk",
            (|t: &str| encoding_rs::GBK.encode(t).0.into_owned()) as fn(&str) -> Vec<u8>,
        ),
        ("gb18030", |t: &str| encoding_rs::GB18030.encode(t).0.into_owned()),
        ("utf16le", |t: &str| {
            let mut b = vec![0xFF, 0xFE];
            for u in t.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }),
        ("utf16be", |t: &str| {
            let mut b = vec![0xFE, 0xFF];
            for u in t.encode_utf16() {
                b.extend_from_slice(&u.to_be_bytes());
            }
            b
        }),
        ("utf8bom", |t: &str| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()),
    ] {
        let dir = tempdir(tag);
        for t in TABLES {
            let text = std::fs::read_to_string(guide_dir().join(format!("{t}.csv"))).unwrap();
            std::fs::write(dir.join(format!("{t}.csv")), encode(&text)).unwrap();
        }
        assert!(ledger_of(&dir, tag) == expected, "{tag}: a different ledger");
    }
}

#[test]
fn chinese_headers_and_typed_words_give_the_same_ledger() {
    let expected = guide_ledger();
    let dir = tempdir("zh-headers");
    for t in TABLES {
        let words = cixi_parks::batch::headers::table(t).unwrap();
        let mut rows = read_csv(t);
        let header = rows[0].clone();
        rows[0] = header
            .iter()
            .map(|h| words.columns.iter().find(|(id, _)| id == h).unwrap().1.to_string())
            .collect();
        for row in rows.iter_mut().skip(1) {
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = match (header[i].as_str(), cell.as_str()) {
                    ("kind", "soft") => "软性投入".into(),
                    ("kind", "hardware") => "支撑硬件投入".into(),
                    ("kind", "prior") => "本政策已拨付".into(),
                    ("kind", "other") => "其他政策".into(),
                    ("stars", "2") => "二星级".into(),
                    ("item", "star_award") => "星级奖励".into(),
                    ("item", "provincial_listing") => "入选省级小微企业园奖励".into(),
                    ("provincial_listing" | "star_recognized_on", d) if !d.is_empty() => {
                        let (y, rest) = d.split_once('-').unwrap();
                        let (m, day) = rest.split_once('-').unwrap();
                        format!("{y}年{}月{}日", m.trim_start_matches('0'), day.trim_start_matches('0'))
                    }
                    ("paid_on", d) => d.replace('-', "/"),
                    (_, other) => other.to_string(),
                };
            }
        }
        write_csv(&dir.join(format!("{t}.csv")), &rows);
    }
    assert!(ledger_of(&dir, "zh-headers-run") == expected);
}

/// A workbook of the guide's tables as a clerk keeps them: numbers as numbers, dates as date
/// cells, serials and text, one amount from a formula with float noise, codes as text.
fn guide_workbook(path: &Path, only: &[&str], chinese_sheets: bool) {
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let text_format = Format::new().set_num_format("@");
    for t in TABLES.iter().filter(|t| only.contains(t)) {
        let words = cixi_parks::batch::headers::table(t).unwrap();
        let ws = book.add_worksheet();
        ws.set_name(if chinese_sheets { words.zh } else { words.sheet })
            .unwrap();
        let rows = read_csv(t);
        let header = rows[0].clone();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        for (r, row) in rows.iter().enumerate().skip(1) {
            let r = r as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                if cell.is_empty() {
                    continue;
                }
                match header[c].as_str() {
                    "amount" | "city_fiscal_contribution" => {
                        if cell == "1234567.89" {
                            // Excel's 1234567.8+0.09 is 1234567.8900000001: read as displayed.
                            ws.write_formula(r, col, Formula::new("=1234567.8+0.09").set_result("1234567.8900000001"))
                                .unwrap();
                        } else {
                            ws.write_number(r, col, cell.parse::<f64>().unwrap()).unwrap();
                        }
                    }
                    "year" | "stars" => {
                        ws.write_number(r, col, cell.parse::<f64>().unwrap()).unwrap();
                    }
                    "provincial_listing" | "star_recognized_on" | "completion_accepted_on" | "paid_on" => {
                        let d: Vec<u16> = cell.split('-').map(|p| p.parse().unwrap()).collect();
                        let dt = ExcelDateTime::from_ymd(d[0], d[1] as u8, d[2] as u8).unwrap();
                        match r % 3 {
                            0 => {
                                ws.write_datetime_with_format(r, col, &dt, &date_format).unwrap();
                            }
                            1 => {
                                ws.write_number(r, col, dt.to_excel()).unwrap();
                            }
                            _ => {
                                ws.write_string(r, col, format!("{}/{}/{}", d[0], d[1], d[2])).unwrap();
                            }
                        }
                    }
                    _ => {
                        ws.write_string_with_format(r, col, cell, &text_format).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_workbook_gives_the_same_ledger_as_its_csv() {
    let expected = guide_ledger();
    // One workbook, a sheet per table (English sheet names), and again with Chinese names.
    for (tag, chinese) in [("book-en", false), ("book-zh", true)] {
        let dir = tempdir(tag);
        guide_workbook(&dir.join("tables.xlsx"), &TABLES, chinese);
        let (o, out) = batch(&dir, tag);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::read(out.join("ledger.csv")).unwrap() == expected, "{tag}");
        let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
        let sheet = if chinese { "数字化投入" } else { "investments" };
        assert!(
            summary.contains(&format!("{sheet}!D2: 1234567.8900000001 read as 1234567.89")),
            "{summary}"
        );
        assert!(summary.contains("\"file\": \"ledger.xlsx\""));
        // The recorded batch reproduces from its copies.
        let v = run(&["verify", out.to_str().unwrap()]);
        assert_eq!(v.status.code(), Some(0), "{}", String::from_utf8_lossy(&v.stdout));
    }
    // Mixed: parks and investments as workbooks of their own, the rest CSV.
    let dir = tempdir("mixed");
    guide_workbook(&dir.join("parks.xlsx"), &["parks"], false);
    guide_workbook(&dir.join("数字化投入.xlsx"), &["investments"], true);
    for t in ["enterprises", "grants", "overrides"] {
        std::fs::copy(guide_dir().join(format!("{t}.csv")), dir.join(format!("{t}.csv"))).unwrap();
    }
    assert!(ledger_of(&dir, "mixed-run") == expected);
    // The same inputs give the same workbook bytes.
    let (_, a) = batch(&dir, "mixed-a");
    let (_, b) = batch(&dir, "mixed-b");
    assert!(std::fs::read(a.join("ledger.xlsx")).unwrap() == std::fs::read(b.join("ledger.xlsx")).unwrap());
}

/// A one-sheet workbook `parks.xlsx` built by `fill`, beside the guide's other CSV tables.
fn folder_with_parks_sheet(tag: &str, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> PathBuf {
    let dir = tempdir(tag);
    for t in ["enterprises", "investments", "grants", "overrides"] {
        std::fs::copy(guide_dir().join(format!("{t}.csv")), dir.join(format!("{t}.csv"))).unwrap();
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("parks").unwrap();
    fill(ws);
    book.save(dir.join("parks.xlsx")).unwrap();
    dir
}

fn parks_rows(ws: &mut rust_xlsxwriter::Worksheet) {
    for (r, row) in read_csv("parks").iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
}

fn fails_naming(dir: &Path, tag: &str, needles: &[&str]) {
    let (o, out) = batch(dir, tag);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{tag}: {err}");
    for n in needles {
        assert!(err.contains(n), "{tag}: `{n}` not in: {err}");
    }
    assert!(!out.join("ledger.csv").exists(), "{tag}: something was written");
    assert!(!out.join("ledger.xlsx").exists(), "{tag}: something was written");
}

#[test]
fn workbook_problems_name_the_sheet_and_cell_and_write_nothing() {
    // Not a workbook at all.
    let dir = tempdir("not-a-book");
    std::fs::write(dir.join("parks.xlsx"), "park_id,name\n").unwrap();
    fails_naming(&dir, "not-a-book", &["parks.xlsx", "not an Excel workbook"]);

    // A password-protected workbook is an OLE compound file.
    let dir = tempdir("password");
    std::fs::write(dir.join("parks.xlsx"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
    fails_naming(&dir, "password", &["parks.xlsx", "password-protected"]);

    // An empty sheet.
    let dir = folder_with_parks_sheet("empty-sheet", |_| {});
    fails_naming(&dir, "empty-sheet", &["parks!A1", "empty"]);

    // A merged header cell.
    let dir = folder_with_parks_sheet("merged", |ws| {
        parks_rows(ws);
        ws.merge_range(0, 1, 0, 2, "园区名称", &Format::new()).unwrap();
    });
    fails_naming(&dir, "merged", &["parks!B1", "merged"]);
    // In Chinese (the default), the same place and the fix in Chinese.
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        tempdir("merged-zh").join("out").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("parks!B1：合并单元格：请取消合并"), "{err}");

    // A required column missing.
    let dir = folder_with_parks_sheet("missing-column", |ws| {
        ws.write_string(0, 0, "园区编号").unwrap();
        ws.write_string(1, 0, "CX-0101").unwrap();
    });
    fails_naming(&dir, "missing-column", &["parks!A1", "no column name (园区名称)"]);

    // A formula error cell, a code Excel turned into a number, an amount with three decimals.
    let dir = folder_with_parks_sheet("cells", |ws| {
        parks_rows(ws);
        ws.write_formula(2, 4, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
    });
    fails_naming(&dir, "cells", &["parks!E3", "#DIV/0!"]);

    let dir = tempdir("cells2");
    guide_workbook(&dir.join("tables.xlsx"), &TABLES, false);
    {
        // Rebuild enterprises with a numeric code and a three-decimal amount.
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("入驻企业").unwrap();
        for (r, row) in read_csv("enterprises").iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        ws.write_number(1, 2, 914403001922038216.0).unwrap();
        ws.write_number(2, 4, 246913.578).unwrap();
        book.save(dir.join("enterprises.xlsx")).unwrap();
        // The tables workbook must not hold enterprises too: rebuild it without.
        guide_workbook(
            &dir.join("tables.xlsx"),
            &["parks", "investments", "grants", "overrides"],
            false,
        );
    }
    fails_naming(
        &dir,
        "cells2",
        &[
            "入驻企业!C2",
            "format the column as text",
            "入驻企业!E3",
            "246913.578 has more than two decimals",
            "ROUND(…,2)",
        ],
    );
    // With --keep-going the rows are rejected, naming the cells.
    let out = tempdir("cells2-keep").join("out");
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--keep-going",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit 1: rows rejected: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(rejects.contains("入驻企业!E3"), "{rejects}");
}

#[test]
fn audit_reads_payments_from_a_workbook_as_from_csv() {
    let (o, out) = batch(&guide_dir(), "audit-book");
    assert_eq!(o.status.code(), Some(0));
    let dir = tempdir("audit-book-payments");
    let book_path = dir.join("拨付.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("拨付记录").unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/audit/payments.csv"))
        .unwrap();
    for (i, rec) in r.records().enumerate() {
        for (c, cell) in rec.unwrap().iter().enumerate() {
            if i > 0 && (c == 1 || c == 3) {
                ws.write_number(i as u32, c as u16, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                ws.write_string(i as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(&book_path).unwrap();
    let audit = |payments: &str| {
        let o = run(&[
            "audit",
            payments,
            "--entitlements",
            out.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (o.status.code(), v["findings"].clone())
    };
    assert_eq!(audit(book_path.to_str().unwrap()), audit("fixtures/audit/payments.csv"));
}

#[test]
fn init_writes_blank_tables_that_batch_reads() {
    let dir = tempdir("init");
    let o = run(&["init", "tables", dir.to_str().unwrap(), "--xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.join("tables.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "园区",
            "入驻企业",
            "数字化投入",
            "已获奖励",
            "一事一议",
            "拨付记录",
            "说明"
        ]
    );
    let parks = book.worksheet_range("园区").unwrap();
    assert_eq!(
        parks.get_value((0, 0)),
        Some(&calamine::Data::String("园区编号".into()))
    );
    // Never overwritten.
    let again = run(&["init", "tables", dir.to_str().unwrap(), "--xlsx"]);
    assert_ne!(again.status.code(), Some(0));
    // A blank workbook is a valid, empty year.
    let (o, _) = batch(&dir, "init-run");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // The CSV form: header rows with the ids.
    let csv_dir = tempdir("init-csv");
    assert_eq!(
        run(&["init", "tables", csv_dir.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert!(
        std::fs::read_to_string(csv_dir.join("enterprises.csv"))
            .unwrap()
            .starts_with("park_id,year,uscc,name,city_fiscal_contribution\n")
    );
}

/// A number cell of `ledger.xlsx` (a formula's cached result too) as money, by its shortest
/// round-trip text.
fn money_cell(cell: &calamine::Data) -> cixi_parks::values::money::Money {
    match cell {
        calamine::Data::Float(x) => cixi_parks::values::money::Money::parse(&x.to_string()).unwrap(),
        calamine::Data::Int(x) => cixi_parks::values::money::Money::parse(&x.to_string()).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

fn text_cell(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::String(s) => s.clone(),
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The summary sheets' totals are gathered as the ledger is written, a chunk of parks at a time
/// on every core, and merged: over parks in several chunks, with an operator shared by parks
/// in different chunks and one whose name must be neutralised, each cached total is the sum of
/// the ledger's rows.
#[test]
fn the_summary_sheets_total_the_ledger_rows_gathered_across_chunks() {
    use calamine::Reader;
    use cixi_parks::values::money::Money;
    use std::collections::BTreeMap;
    let tables = tempdir("totals-tables");
    // 1,300 parks: three chunks of parks computed at a time.
    common::synthetic::generate(&tables, None, 1_300, 5, 2022).unwrap();
    let parks = tables.join("parks.csv");
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&parks)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for (i, row) in rows.iter_mut().enumerate().skip(1) {
        if i % 97 == 0 {
            row[3] = "=共同运营公司".into();
        } else if i % 89 == 0 {
            row[3] = "共同运营公司".into();
        }
    }
    write_csv(&parks, &rows);
    let out = tempdir("totals").join("out");
    let o = common::batch(&tables, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("ledger.xlsx")).unwrap();
    let ledger = book.worksheet_range("台账").unwrap();
    let mut total = Money::ZERO;
    let (mut by_item, mut by_town, mut by_recipient) =
        (BTreeMap::<Vec<String>, Money>::new(), BTreeMap::new(), BTreeMap::new());
    let add = |map: &mut BTreeMap<Vec<String>, Money>, key: Vec<String>, m: Money| {
        let slot = map.entry(key).or_insert(Money::ZERO);
        *slot = slot.checked_add(m).unwrap();
    };
    let mut count = 0usize;
    for row in ledger.rows().skip(1) {
        let m = money_cell(&row[7]);
        total = total.checked_add(m).unwrap();
        add(&mut by_item, vec![text_cell(&row[4])], m);
        add(&mut by_town, vec![text_cell(&row[2])], m);
        add(&mut by_recipient, vec![text_cell(&row[5]), text_cell(&row[6])], m);
        count += 1;
    }
    assert_eq!(count, 5_200, "four rows a park");
    let shared = by_recipient.keys().filter(|k| k[1] == "共同运营公司").count();
    let neutralised = by_recipient.keys().filter(|k| k[1] == "'=共同运营公司").count();
    assert!(shared > 0 && neutralised > 0, "the shared operators are recipients");
    let csv_total = csv::Reader::from_path(out.join("ledger.csv"))
        .unwrap()
        .records()
        .map(|r| Money::parse(&r.unwrap()[5]).unwrap())
        .fold(Money::ZERO, |a, b| a.checked_add(b).unwrap());
    assert_eq!(total, csv_total, "the ledger sheet holds the CSV's amounts");

    for (sheet, keys, expected) in [
        ("按项目汇总", 1, &by_item),
        ("按镇汇总", 1, &by_town),
        ("按受益方汇总", 2, &by_recipient),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        let rows: Vec<&[calamine::Data]> = range.rows().collect();
        let (body, last) = (&rows[1..rows.len() - 1], rows[rows.len() - 1]);
        assert_eq!(text_cell(&last[0]), "合计", "{sheet}");
        assert_eq!(money_cell(&last[keys]), total, "{sheet}: total");
        let listed: BTreeMap<Vec<String>, Money> = body
            .iter()
            .map(|row| (row[..keys].iter().map(text_cell).collect(), money_cell(&row[keys])))
            .collect();
        assert_eq!(&listed, expected, "{sheet}");
    }
}
