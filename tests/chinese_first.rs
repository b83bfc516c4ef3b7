//! Issue 11, what a clerk meets beyond the tables: `--encoding` as told, help in Chinese by
//! default (English with `--lang en`), and the reasons in `rejects.csv` in the run's language.

mod common;

use std::path::{Path, PathBuf};

use common::{run, tempdir};

const TABLES: [&str; 5] = ["parks", "enterprises", "investments", "grants", "overrides"];

fn guide_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/guide")
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The guide's tables, each encoded by `encode`, in a fresh folder.
fn encoded_guide(tag: &str, encode: fn(&str) -> Vec<u8>) -> PathBuf {
    let dir = tempdir(tag);
    for t in TABLES {
        let text = std::fs::read_to_string(guide_dir().join(format!("{t}.csv"))).unwrap();
        std::fs::write(dir.join(format!("{t}.csv")), encode(&text)).unwrap();
    }
    dir
}

fn batch(input: &Path, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = tempdir("out").join("out");
    let mut args = vec!["batch", input.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    (run(&args), out)
}

fn gbk(t: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(t).0.into_owned()
}

#[test]
fn a_gbk_table_read_with_encoding_gbk_gives_the_same_ledger() {
    let (plain, plain_out) = batch(&guide_dir(), &[]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    let expected = std::fs::read(plain_out.join("ledger.csv")).unwrap();
    let _ = std::fs::remove_dir_all(&plain_out);
    for (tag, name, encode) in [
        ("enc-gbk", "gbk", gbk as fn(&str) -> Vec<u8>),
        ("enc-gb18030", "gb18030", |t: &str| encoding_rs::GB18030.encode(t).0.into_owned()),
        ("enc-utf8", "utf-8", |t: &str| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()),
        ("enc-utf16", "utf-16", |t: &str| {
            let mut b = vec![0xFF, 0xFE];
            for u in t.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }),
    ] {
        let dir = encoded_guide(tag, encode);
        let (o, out) = batch(&dir, &["--encoding", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o));
        assert!(std::fs::read(out.join("ledger.csv")).unwrap() == expected, "{name}: a different ledger");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&out);
    }
}

#[test]
fn a_table_not_in_the_encoding_given_is_one_clear_message() {
    // GBK bytes said to be UTF-8: refused with the file, the line and what to do.
    let dir = encoded_guide("enc-wrong", gbk);
    let (o, out) = batch(&dir, &["--encoding", "utf-8"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let said = text(&o);
    assert!(said.contains("parks.csv:2"), "{said}");
    assert!(said.contains("utf-8") && said.contains("--encoding"), "{said}");
    assert!(!out.exists());
    // UTF-8 said to be GBK decodes (every byte sequence of Chinese UTF-8 is not GBK text, so it
    // is refused the same way, never read as other words).
    let (o, out) = batch(&guide_dir(), &["--encoding", "gbk"]);
    let said = text(&o);
    assert_ne!(o.status.code(), Some(0), "{said}");
    assert!(said.contains("gbk") && said.contains("--encoding"), "{said}");
    assert!(!out.exists() || !out.join("ledger.csv").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rejects_give_their_reasons_in_chinese_by_default_and_english_with_lang_en() {
    let problems = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/problems");
    let reasons = |extra: &[&str]| {
        let out = tempdir("rejects").join("out");
        let mut args = vec!["batch", problems.to_str().unwrap(), "--out", out.to_str().unwrap(), "--keep-going"];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
        // The rejects still belong to the run: verify reproduces the folder.
        let v = run(&["verify", out.to_str().unwrap()]);
        assert_eq!(v.status.code(), Some(0), "{}", text(&v));
        rejects
    };
    let zh = reasons(&[]);
    // The header stays ids, as ledger.csv's does; the reasons are words.
    assert!(zh.starts_with("\u{feff}table,line,park_id,year,reason\n"), "{zh}");
    let mut r = csv::Reader::from_reader(zh.trim_start_matches('\u{feff}').as_bytes());
    for row in r.records() {
        let row = row.unwrap();
        let reason = &row[4];
        for english in ["park ", "not computed", "listed twice", "no park", "second override", "decimals"] {
            assert!(!reason.contains(english), "English `{english}` in a Chinese reason: {reason}");
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/chinese_first");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("problems_rejects_zh", zh));
    let en = reasons(&["--lang", "en"]);
    assert!(en.contains("not computed") && en.contains("no park CX-9999 in parks.csv"), "{en}");
}
