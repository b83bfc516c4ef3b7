//! `batch` does not depend on the order of `enterprises.csv`: the same tables with their
//! enterprise rows shuffled give the same ledger, rejects and summary, byte for byte, but for
//! the digest of the shuffled table (and of the workbook, whose manifest sheet shows it).

mod common;

use common::{batch, tempdir};

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
    copy_tables(&grouped, &shuffled);
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
        let o = batch(input, output, &["-q"]);
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

/// A copy of the tables in `from`, in `to`.
fn copy_tables(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// Rewrites `table` in `dir`, each data row (numbered from 0) as `f` makes it.
fn rewrite_rows(dir: &Path, table: &str, f: impl Fn(usize, Vec<String>) -> Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir.join(table)).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for (k, line) in lines.enumerate() {
        for cells in f(k, line.split(',').map(str::to_string).collect()) {
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    std::fs::write(dir.join(table), out).unwrap();
}

/// A table usually lists a park's rows together, and a row naming the park in the same bytes as
/// the row before it is not read again. Names written with spaces around them (ASCII, a tab, the
/// ideographic space) are still the same park, and a bad row among a park's rows is still found:
/// the ledger is that of the plain tables, and the rejects name exactly the bad rows.
#[test]
fn a_park_written_with_spaces_is_the_same_park_and_a_bad_row_among_its_rows_is_found() {
    let dir = tempdir("spaced");
    let (plain, spaced) = (dir.join("plain"), dir.join("spaced"));
    common::synthetic::generate(&plain, None, 60, 5, 2022).unwrap();
    copy_tables(&plain, &spaced);
    let pad = |k: usize, cell: &str| match k % 4 {
        1 => format!(" {cell} "),
        2 => format!("\u{3000}{cell}"),
        3 => format!("{cell}\t"),
        _ => cell.to_string(),
    };
    // enterprises.csv: park_id, year, …; after its row 5, a copy of it whose year is not a
    // year (full-width digits), at line 8 of the file.
    rewrite_rows(&spaced, "enterprises.csv", |k, mut cells| {
        cells[0] = pad(k, &cells[0]);
        cells[1] = pad(k + 1, &cells[1]);
        let mut rows = vec![cells.clone()];
        if k == 5 {
            cells[1] = "２０２２".to_string();
            rows.push(cells);
        }
        rows
    });
    // investments.csv: park_id, …; after its row 2, a copy of it naming no park, at line 5.
    rewrite_rows(&spaced, "investments.csv", |k, mut cells| {
        cells[0] = pad(k, &cells[0]);
        let mut rows = vec![cells.clone()];
        if k == 2 {
            cells[0] = "CX-999999".to_string();
            rows.push(cells);
        }
        rows
    });
    let (a, b) = (dir.join("out-plain"), dir.join("out-spaced"));
    // The spaced tables' run has rejects (exit 1); the plain tables' has none.
    for (input, output, code) in [(&plain, &a, 0), (&spaced, &b, 1)] {
        let o = batch(input, output, &["--keep-going", "-q"]);
        assert_eq!(o.status.code(), Some(code), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        std::fs::read_to_string(a.join("ledger.csv")).unwrap(),
        std::fs::read_to_string(b.join("ledger.csv")).unwrap()
    );
    let rejects = std::fs::read_to_string(b.join("rejects.csv")).unwrap();
    let rows: Vec<(&str, &str)> = rejects
        .lines()
        .skip(1)
        .map(|l| {
            let mut c = l.trim_start_matches('\u{feff}').split(',');
            (c.next().unwrap(), c.next().unwrap())
        })
        .collect();
    assert_eq!(rows, [("enterprises.csv", "8"), ("investments.csv", "5")], "{rejects}");
}

/// A park that cannot be computed says the first reason found, in the order the tables are
/// read: a bad `investments.csv` row before an enterprise also counted under another park
/// (不重复, looked for while the small tables are read, and put in after them).
#[test]
fn a_park_not_computed_names_its_first_problem_in_the_order_the_tables_are_read() {
    let dir = tempdir("first-reason");
    let tables = dir.join("tables");
    common::synthetic::generate(&tables, None, 40, 9, 2022).unwrap();
    // The park of the first investment: its amount has three decimals.
    rewrite_rows(&tables, "investments.csv", |k, mut cells| {
        if k == 0 {
            cells[3] = "12.345".to_string();
        }
        vec![cells]
    });
    let park = {
        let text = std::fs::read_to_string(tables.join("investments.csv")).unwrap();
        text.lines().nth(1).unwrap().split(',').next().unwrap().to_string()
    };
    // One of its enterprises also counted, at the end of the table, under another park.
    let text = std::fs::read_to_string(tables.join("enterprises.csv")).unwrap();
    let row = text
        .lines()
        .skip(1)
        .find(|l| l.starts_with(&format!("{park},")))
        .unwrap();
    let other = text
        .lines()
        .skip(1)
        .find(|l| !l.starts_with(&format!("{park},")))
        .unwrap();
    let moved = format!("{}{}", other.split(',').next().unwrap(), &row[park.len()..]);
    std::fs::write(tables.join("enterprises.csv"), format!("{text}{moved}\n")).unwrap();

    let out = dir.join("out");
    let o = batch(&tables, &out, &["--keep-going", "--lang", "en", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    let park_row = rejects
        .lines()
        .find(|l| l.starts_with("parks.csv,") && l.contains(&format!(",{park},")))
        .unwrap();
    assert!(park_row.contains("investments.csv:2"), "{park_row}");
    assert!(rejects.contains("(不重复)"), "{rejects}");
}

/// `enterprises.csv` is read in parts, several a core: the problems found in every part are
/// said in the order of the file, and of two lines the CSV reader cannot read (one near the
/// start, one near the end, in different parts) the first is the one said.
#[test]
fn problems_in_a_table_read_in_parts_are_said_in_file_order_and_the_first_unreadable_line_stops_the_run() {
    let dir = tempdir("parts");
    let tables = dir.join("tables");
    common::synthetic::generate(&tables, None, 400, 23, 2022).unwrap();
    let rows = std::fs::read_to_string(tables.join("enterprises.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(rows > 15_000, "{rows} rows: too few to be read in parts");
    // A contribution with three decimals every 1,500 rows, in every part.
    let bad: Vec<usize> = (7..rows).step_by(1_500).collect();
    rewrite_rows(&tables, "enterprises.csv", |k, mut cells| {
        if bad.contains(&k) {
            cells[4] = "12.345".to_string();
        }
        vec![cells]
    });
    let out = dir.join("out");
    let o = batch(&tables, &out, &["--lang", "en", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let said: Vec<usize> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("enterprises.csv:"))
        .map(|l| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    // A data row k (from 0) is the file's line k + 2.
    let expected: Vec<usize> = bad.iter().map(|k| k + 2).collect();
    assert_eq!(said, expected, "{stderr}");

    // Two rows with a cell too many: the run stops at the first.
    rewrite_rows(&tables, "enterprises.csv", |k, mut cells| {
        if k == 1_000 || k == rows - 1_000 {
            cells.push("extra".to_string());
        }
        vec![cells]
    });
    let o = batch(&tables, &dir.join("out2"), &["--lang", "en", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("enterprises.csv:1002"), "{stderr}");
    assert!(
        !stderr.contains(&format!("enterprises.csv:{}", rows - 1_000 + 2)),
        "{stderr}"
    );
    assert!(!dir.join("out2").exists(), "nothing is written");

    // Enterprises counted again, under another park, an eighth of the table further on: one
    // pair across each part's end. The later row of each is the one named, after the earlier
    // (不重复), as one sequential read names them: parts joined in any other order would swap
    // some pair.
    let tables = dir.join("tables3");
    common::synthetic::generate(&tables, None, 400, 23, 2022).unwrap();
    let text = std::fs::read_to_string(tables.join("enterprises.csv")).unwrap();
    let cells: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let eighth = rows / 8;
    let pairs: Vec<(usize, usize)> = (0..7)
        .map(|j| (j * eighth + eighth / 2, (j + 1) * eighth + eighth / 2 + 10))
        .collect();
    rewrite_rows(&tables, "enterprises.csv", |k, mut row| {
        if let Some(&(a, _)) = pairs.iter().find(|(_, b)| *b == k) {
            assert_ne!(row[0], cells[a][0], "another park");
            row[2] = cells[a][2].to_string();
        }
        vec![row]
    });
    let o = batch(&tables, &dir.join("out3"), &["--lang", "en", "-q"]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let said: Vec<&str> = stderr.lines().filter(|l| l.starts_with("enterprises.csv:")).collect();
    assert_eq!(said.len(), pairs.len(), "{stderr}");
    for (line, (a, b)) in said.iter().zip(&pairs) {
        assert!(line.starts_with(&format!("enterprises.csv:{}:", b + 2)), "{line}");
        assert!(line.contains(&format!("enterprises.csv:{}", a + 2)), "{line}");
    }
}
