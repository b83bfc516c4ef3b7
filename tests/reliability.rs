//! Issue 10: nothing lost, nothing wrong, nothing trusted. A batch folder is replaced whole or
//! not at all; reports are untrusted input; no input makes the program panic; what goes out is
//! safe to open.

mod common;

use common::{run, tempdir};

use std::path::{Path, PathBuf};
use std::process::Output;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn batch(input: &Path, out: &Path) -> Output {
    // The messages asserted below are the English ones.
    common::batch(input, out, &["--lang", "en"])
}

fn verify(dir: &Path) -> Output {
    run(&["verify", dir.to_str().unwrap()])
}

/// The guide's tables copied to a folder of the test's own.
fn guide_tables(tag: &str) -> PathBuf {
    let dir = tempdir(tag).join("tables");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(root().join("fixtures/batch/guide")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

/// Every file under a folder, with its bytes, and the hidden names beside it.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Names beside `out` in its parent (the lock and any new or old folders).
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_rerun_leaves_the_previous_folder_exactly_as_it_was() {
    let tables = guide_tables("failed-rerun");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    let before = snapshot(&out);
    // A table with a problem: the run writes nothing (without --keep-going).
    let parks = std::fs::read_to_string(tables.join("parks.csv")).unwrap();
    std::fs::write(tables.join("parks.csv"), parks.replacen(",2022,", ",20x2,", 1)).unwrap();
    std::fs::remove_file(tables.join("grants.csv")).unwrap();
    let o = batch(&tables, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(snapshot(&out), before, "the old folder is untouched");
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
    assert_eq!(verify(&out).status.code(), Some(0));
}

#[test]
fn a_rerun_with_fewer_tables_leaves_no_old_copy_behind() {
    let tables = guide_tables("fewer");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    assert!(out.join("inputs/grants.csv").exists());
    std::fs::remove_file(tables.join("grants.csv")).unwrap();
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    assert!(!out.join("inputs/grants.csv").exists(), "the old copy is gone");
    let o = verify(&out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

#[test]
fn leftovers_of_interrupted_runs_are_removed_by_the_next_run() {
    let tables = guide_tables("leftovers");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    // What a killed run of an older version, and of this one, leaves.
    std::fs::write(out.join("inputs/.enterprises.csv.Ab12Cd"), "partial").unwrap();
    let dead = tables.parent().unwrap().join(".run.new-4000000");
    std::fs::create_dir_all(dead.join("inputs")).unwrap();
    std::fs::write(dead.join("inputs/.enterprises.csv.Xy34Zw"), "partial").unwrap();
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    assert!(!dead.exists());
    assert!(!out.join("inputs/.enterprises.csv.Ab12Cd").exists());
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

#[test]
fn a_folder_that_is_not_a_batchs_is_never_replaced() {
    let tables = guide_tables("foreign");
    let out = tables.parent().unwrap().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "years of work").unwrap();
    let o = batch(&tables, &out);
    assert_eq!(
        o.status.code(),
        Some(3),
        "exit 3: the folder cannot be written: {}",
        text(&o)
    );
    assert!(text(&o).contains("thesis.docx"), "{}", text(&o));
    assert_eq!(std::fs::read(out.join("thesis.docx")).unwrap(), b"years of work");
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_run_into_the_same_folder_is_refused_and_names_the_first() {
    let tables = guide_tables("locked");
    let out = tables.parent().unwrap().join("run");
    // The lock as a running batch holds it.
    let lock_path = tables.parent().unwrap().join(".run.lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    std::fs::write(&lock_path, "process 4242, started 2026-11-26T10:00:00Z").unwrap();
    lock.lock().unwrap();
    let o = batch(&tables, &out);
    assert_eq!(
        o.status.code(),
        Some(3),
        "exit 3: the folder cannot be written now: {}",
        text(&o)
    );
    assert!(
        text(&o).contains("another batch is writing this folder (process 4242"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
    drop(lock);
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

#[cfg(unix)]
#[test]
fn outputs_follow_the_umask_not_0600() {
    use std::os::unix::fs::PermissionsExt;
    let tables = guide_tables("umask");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    // A file this process makes follows the same umask as the batch's.
    let probe = tables.parent().unwrap().join("probe");
    std::fs::write(&probe, "").unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for file in ["ledger.csv", "rejects.csv", "summary.json", "inputs/parks.csv"] {
        let mode = std::fs::metadata(out.join(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{file}: {mode:o}");
    }
}

#[cfg(unix)]
#[test]
fn killing_a_batch_at_any_moment_leaves_a_verifiable_folder() {
    let tables = guide_tables("kill");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    // A second version of the tables, so that old and new folders differ.
    let investments = std::fs::read_to_string(tables.join("investments.csv")).unwrap();
    for delay_ms in (0..60).step_by(4) {
        let edited = if delay_ms % 8 == 0 {
            investments.clone()
        } else {
            investments.replacen("500000.00", "400000.00", 1)
        };
        std::fs::write(tables.join("investments.csv"), edited).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
            .args(["batch", tables.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let o = verify(&out);
        assert_eq!(o.status.code(), Some(0), "killed after {delay_ms} ms: {}", text(&o));
    }
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    assert!(beside(&out).is_empty(), "{:?}", beside(&out));
}

const EX4: &str = "fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml";

/// A calc report of EX4, edited by `edit`, in a folder of its own.
fn calc_report(tag: &str, edit: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let o = run(&["calc", EX4, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    edit(&mut v);
    let report = tempdir(tag).join("r.json");
    std::fs::write(&report, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    report
}

/// Runs the program with a time limit: a report must never make it wait.
fn run_within(args: &[&str], seconds: u64) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
        .current_dir(root())
        .args(args)
        .stdin(std::process::Stdio::piped()) // never written: a read of it would wait
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= seconds {
            let _ = child.kill();
            panic!("{args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_report_naming_a_device_is_not_read() {
    for device in ["/dev/zero", "/dev/stdin", "../../../../dev/zero"] {
        let report = calc_report("device", |v| v["inputs"][0]["file"] = device.into());
        let o = run_within(&["verify", report.to_str().unwrap(), "--format", "json"], 60);
        assert_eq!(o.status.code(), Some(0), "{device}: {}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let detail = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == format!("input {device}"))
            .unwrap()["detail"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(detail.contains("recomputed from the facts recorded"), "{detail}");
    }
}

#[cfg(unix)]
#[test]
fn a_summary_naming_a_path_outside_its_folder_is_refused() {
    let tables = guide_tables("summary-outside");
    let out = tables.parent().unwrap().join("run");
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    std::fs::write(
        out.join("summary.json"),
        summary.replacen("\"file\": \"parks.csv\"", "\"file\": \"../../../../dev/zero\"", 1),
    )
    .unwrap();
    let o = run_within(&["verify", out.to_str().unwrap()], 60);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not a plain file name"), "{}", text(&o));
    // A copy replaced by a link to a device is not read either.
    assert_eq!(batch(&tables, &out).status.code(), Some(0));
    std::fs::remove_file(out.join("inputs/grants.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", out.join("inputs/grants.csv")).unwrap();
    let o = run_within(&["verify", out.to_str().unwrap()], 60);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("grants.csv"), "{}", text(&o));
    let o = run_within(&["diff", out.to_str().unwrap(), out.to_str().unwrap()], 60);
    assert!(o.status.code().is_some(), "{}", text(&o));
}

#[test]
fn a_digest_that_is_not_hex_is_an_error_not_a_panic() {
    // Its 12th byte falls inside a character: slicing it once panicked (exit 101).
    let report = calc_report("digest", |v| v["facts_sha256"] = "abcdefghijk慈慈慈".into());
    let o = run_within(&["verify", report.to_str().unwrap()], 60);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("facts_sha256: not a SHA-256 digest"), "{}", text(&o));
    let o = run_within(&["diff", report.to_str().unwrap(), report.to_str().unwrap()], 60);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn an_overlong_cell_or_column_name_is_an_error_naming_line_and_column() {
    let tables = guide_tables("long-cell");
    let parks = std::fs::read_to_string(tables.join("parks.csv")).unwrap();
    let long = "园".repeat(400_000); // 1.2 MB
    let mut lines: Vec<String> = parks.lines().map(str::to_string).collect();
    lines[2] = lines[2].replacen(",", &format!(",{long}"), 1);
    std::fs::write(tables.join("parks.csv"), lines.join("\n") + "\n").unwrap();
    let out = tables.parent().unwrap().join("run");
    let o = batch(&tables, &out);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("parks.csv:3: column `name`: a cell longer than 1 MiB"),
        "{}",
        &text(&o)[..300.min(text(&o).len())]
    );
    // A row that never ends (an open quote) stops at 16 MiB, not at the end of the file.
    let mut open = parks.clone();
    open.push_str("CX-9,\"");
    open.push_str(&"x".repeat(40 << 20));
    std::fs::write(tables.join("parks.csv"), open).unwrap();
    let o = batch(&tables, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("a row longer than 16 MiB"),
        "{}",
        &text(&o)[..300.min(text(&o).len())]
    );
    // A header with a column name of 2 MiB.
    std::fs::write(tables.join("parks.csv"), format!("park_id,{}\n", "n".repeat(2 << 20))).unwrap();
    let o = batch(&tables, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("parks.csv:1: column 2: a column name longer than 1 MiB"),
        "{}",
        text(&o)
    );
}

#[test]
fn text_cells_are_neutralised_for_spreadsheets_and_control_characters_refused() {
    let tables = guide_tables("formula");
    let parks = std::fs::read_to_string(tables.join("parks.csv")).unwrap();
    let mut lines: Vec<String> = parks.lines().map(str::to_string).collect();
    let cells: Vec<&str> = lines[1].split(',').collect();
    let (name, operator) = (cells[1].to_string(), cells[3].to_string());
    lines[1] = lines[1].replacen(&operator, "=HYPERLINK(\"http://example.invalid\")", 1);
    lines[2] = lines[2].replacen(",", "\u{0}X,", 1);
    std::fs::write(tables.join("parks.csv"), lines.join("\n") + "\n").unwrap();
    let out = tables.parent().unwrap().join("run");
    let o = run(&[
        "batch",
        tables.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--keep-going",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(1), "exit 1: a row was rejected: {}", text(&o));
    let ledger = std::fs::read_to_string(out.join("ledger.csv")).unwrap();
    assert!(
        ledger.contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\")\","),
        "{ledger}"
    );
    assert!(!ledger.contains('\0'));
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(rejects.contains("a control character (U+0000)"), "{rejects}");
    assert!(!rejects.contains('\0'), "{rejects}");
    assert!(!name.is_empty());
    // The ledger still reads back as written: verify reproduces it.
    let o = verify(&out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn an_application_with_thirty_thousand_investments_is_read() {
    let base = std::fs::read_to_string(root().join(EX4)).unwrap();
    let start = base.find("digital_investments:").unwrap();
    let mut app = base[..start].to_string();
    app.push_str("digital_investments:\n");
    for i in 0..30_000 {
        app.push_str(&format!(
            "  - {{ item: 平台{i}, kind: soft, amount: 1.00, paid_on: 2022-03-01 }}\n"
        ));
    }
    let dir = tempdir("many");
    let file = dir.join("app.yaml");
    std::fs::write(&file, &app).unwrap();
    let o = run(&["calc", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", &text(&o)[..300.min(text(&o).len())]);
    assert!(
        !text(&o).contains("budget breached"),
        "{}",
        &text(&o)[..300.min(text(&o).len())]
    );
    assert!(!text(&o).contains("Nodes"), "{}", &text(&o)[..300.min(text(&o).len())]);
}
