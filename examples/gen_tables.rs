//! Writes a realistic, seeded, valid year of tables for `batch` (see `tests/common/synthetic.rs`).
//!
//! `cargo run --release --example gen_tables -- --parks 100000 --seed 7 --year 2022 --out DIR
//! [--applications DIR] [--xlsx]`
//!
//! With `--xlsx` the tables are written as one workbook, `tables.xlsx`, a sheet per table
//! (amounts, years and stars as number cells, dates as date cells), instead of CSV; a table
//! beyond a sheet's 1,048,575 data rows is cut there.

use std::path::PathBuf;

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

fn main() -> std::io::Result<()> {
    let (mut parks, mut seed, mut year) = (1_000u64, 7u64, 2022i64);
    let (mut out, mut applications) = (PathBuf::from("tables"), None);
    let mut xlsx = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--xlsx" {
            xlsx = true;
            continue;
        }
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--parks" => parks = value.parse().expect("--parks N"),
            "--seed" => seed = value.parse().expect("--seed N"),
            "--year" => year = value.parse().expect("--year YYYY"),
            "--out" => out = PathBuf::from(value),
            "--applications" => applications = Some(PathBuf::from(value)),
            _ => panic!("usage: gen_tables --parks N --seed S --year YYYY --out DIR [--applications DIR] [--xlsx]"),
        }
    }
    let made = synthetic::generate(&out, applications.as_deref(), parks, seed, year)?;
    eprintln!(
        "wrote {} parks, {} enterprises to {}",
        made.parks,
        made.enterprises,
        out.display()
    );
    if xlsx {
        to_workbook(&out)?;
        eprintln!("and converted them to {}", out.join("tables.xlsx").display());
    }
    Ok(())
}

/// Replaces the CSV tables in `dir` by one workbook with a sheet per table.
fn to_workbook(dir: &std::path::Path) -> std::io::Result<()> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for table in ["parks", "enterprises", "investments", "grants", "overrides"] {
        let path = dir.join(format!("{table}.csv"));
        let ws = book.add_worksheet_with_constant_memory().map_err(err)?;
        ws.set_name(table).map_err(err)?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&path)?;
        let mut header: Vec<String> = Vec::new();
        for (r, record) in reader.records().enumerate().take(1_048_576) {
            let record = record?;
            if r == 0 {
                header = record.iter().map(str::to_string).collect();
            }
            for (c, cell) in record.iter().enumerate() {
                let (row, col) = (r as u32, c as u16);
                if r == 0 || cell.is_empty() {
                    ws.write_string(row, col, cell).map_err(err)?;
                    continue;
                }
                match header[c].as_str() {
                    "amount" | "city_fiscal_contribution" | "year" | "stars" => {
                        ws.write_number(row, col, cell.parse::<f64>().unwrap_or_default())
                            .map_err(err)?;
                    }
                    "provincial_listing" | "star_recognized_on" | "completion_accepted_on" | "paid_on" => {
                        let d: Vec<u16> = cell.split('-').map(|p| p.parse().unwrap_or(1)).collect();
                        let dt = ExcelDateTime::from_ymd(d[0], d[1] as u8, d[2] as u8).map_err(err)?;
                        ws.write_datetime_with_format(row, col, &dt, &date).map_err(err)?;
                    }
                    _ => {
                        ws.write_string(row, col, cell).map_err(err)?;
                    }
                }
            }
        }
        std::fs::remove_file(&path)?;
    }
    book.save(dir.join("tables.xlsx")).map_err(err)?;
    Ok(())
}
