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
    (common::batch(input, &out, extra), out)
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
        ("enc-gb18030", "gb18030", |t: &str| {
            encoding_rs::GB18030.encode(t).0.into_owned()
        }),
        ("enc-utf8", "utf-8", |t: &str| {
            [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()
        }),
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
        assert!(
            std::fs::read(out.join("ledger.csv")).unwrap() == expected,
            "{name}: a different ledger"
        );
        // The manifest says how the tables were read, and `verify` reproduces the run from
        // the copies (the UTF-8 text read).
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["encoding"], name, "{name}");
        let v = std::process::Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
            .args(["verify", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(v.status.code(), Some(0), "{name}: {}", text(&v));
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
        let mut args = vec![
            "batch",
            problems.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--keep-going",
        ];
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
        for english in [
            "park ",
            "not computed",
            "listed twice",
            "no park",
            "second override",
            "decimals",
        ] {
            assert!(
                !reason.contains(english),
                "English `{english}` in a Chinese reason: {reason}"
            );
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/chinese_first");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("problems_rejects_zh", zh));
    let en = reasons(&["--lang", "en"]);
    assert!(
        en.contains("not computed") && en.contains("no park CX-9999 in parks.csv"),
        "{en}"
    );
}

/// Every command's path: `[]`, `["calc"]`, `["policy", "show"]` …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for c in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(c.get_name().to_string());
            walk(c, p, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &<cixi_parks::cli::Args as clap::CommandFactory>::command(),
        Vec::new(),
        &mut out,
    );
    out
}

fn help(path: &[String], lang: Option<&str>) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cixi-parks"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .env_remove("CIXI_LANG");
    if let Some(l) = lang {
        cmd.env("CIXI_LANG", l);
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn every_commands_help_is_chinese_by_default_and_english_when_asked() {
    let paths = command_paths();
    assert!(paths.len() > 15, "{paths:?}");
    // Words a Chinese help may hold in ASCII: commands, flags' values, formats and file kinds.
    let mut allowed: Vec<String> = [
        "cixi",
        "parks",
        "BOM",
        "CSV",
        "JSON",
        "YAML",
        "HTTP",
        "SHA",
        "Excel",
        "Schema",
        "draft",
        "roff",
        "json",
        "yaml",
        "table",
        "zh",
        "en",
        "kind",
        "overlay",
        "policy",
        "embedded",
        "gbk",
        "gb",
        "utf",
        "xlsx",
        "csv",
        "yaml",
        "man",
        "bash",
        "zsh",
        "fish",
        "powershell",
        "application",
        "profile",
        "tables",
        "star_rating",
        "provincial_listing",
        "performance_grade",
        "completion_accepted_on",
        "digital_investments",
        "digital_subsidy",
        "park_id",
        "year",
        "item",
        "amount",
        "paid_on",
        "voucher",
        "inputs",
        "ledger",
        "rejects",
        "summary",
        "parks",
        "enterprises",
        "investments",
        "grants",
        "overrides",
        "payments",
        "CIXI_LANG",
        "ROUND",
        "true",
        "false",
        "shell",
        "elvish",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for p in &paths {
        allowed.extend(p.iter().cloned());
    }
    for path in &paths {
        let zh = help(path, None);
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print help",
            "Print version",
            "Possible values",
            "default:",
            "[env:",
        ] {
            assert!(
                !zh.contains(english),
                "{path:?}: `{english}` in the Chinese help:\n{zh}"
            );
        }
        assert!(zh.contains("用法："), "{path:?}:\n{zh}");
        assert!(zh.contains("显示帮助"), "{path:?}:\n{zh}");
        for line in zh.lines() {
            for word in line.split(|c: char| {
                !(c.is_ascii_alphanumeric()
                    || c == '_'
                    || c == '-'
                    || c == '.'
                    || c == '/'
                    || c == '<'
                    || c == '>'
                    || c == '['
                    || c == ']'
                    || c == '`')
            }) {
                let bare = word.trim_matches(|c: char| "`.".contains(c));
                // Flags, placeholders, file names and paths, numbers are not words.
                if bare.is_empty()
                    || word.starts_with('.')
                    || bare.starts_with('-')
                    || bare.starts_with('<')
                    || bare.starts_with('[')
                    || bare.contains('.')
                    || bare.contains('/')
                    || !bare.chars().any(|c| c.is_ascii_alphabetic())
                    || bare.chars().all(|c| !c.is_ascii_lowercase())
                {
                    continue;
                }
                for part in bare.split('-') {
                    if part.is_empty() || !part.chars().any(|c| c.is_ascii_alphabetic()) {
                        continue;
                    }
                    let stem = part.trim_end_matches(|c: char| c.is_ascii_digit());
                    assert!(
                        allowed.iter().any(|a| a == part || a == stem),
                        "{path:?}: English `{part}` in the Chinese help:\n{line}"
                    );
                }
            }
        }
        let en = help(path, Some("en"));
        assert!(en.contains("Usage: "), "{path:?}:\n{en}");
        assert!(en.contains("Print help"), "{path:?}:\n{en}");
        assert!(!en.contains("用法"), "{path:?}:\n{en}");
        let about = en.lines().next().unwrap_or_default();
        let letters = about.chars().filter(char::is_ascii_alphabetic).count();
        assert!(
            letters * 2 > about.chars().count(),
            "{path:?}: the English about is not English: {about}"
        );
    }
    // `--lang en` on a command asks for its help in English too.
    let o = run(&["calc", "--lang", "en", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Usage: cixi-parks calc"));
    let o = run(&["--lang", "en", "--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Usage: cixi-parks"));
}

#[test]
fn a_batch_that_writes_nothing_lists_every_problem_in_chinese() {
    let out = tempdir("zh-problems").join("out");
    let o = run(&["batch", "fixtures/batch/problems", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(err.starts_with("错误：发现 5 个问题，未写出任何文件"), "{err}");
    for line in err.lines().skip(1) {
        for english in ["column", "listed twice", "no park", "second override", "decimals"] {
            assert!(!line.contains(english), "English `{english}` in\n{line}");
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/chinese_first");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("problems_batch_error_zh", err));
    // A header without a column it needs: named with its Chinese header and the fix.
    let dir = tempdir("zh-header");
    std::fs::write(dir.join("parks.csv"), "园区,年度\nCX-1,2022\n").unwrap();
    let o = run(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("表头没有 `park_id`（园区编号） 列") && err.contains("提示："),
        "{err}"
    );
}

#[test]
fn usage_errors_are_chinese_by_default() {
    let said = |args: &[&str]| {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let e = said(&["calc"]);
    assert!(
        e.starts_with("错误：缺少必填参数：<APPLICATION>") && e.contains("用法："),
        "{e}"
    );
    let e = said(&["calc", "--frmat", "json", "x.yaml"]);
    assert!(
        e.contains("无法识别的参数 `--frmat`") && e.contains("是否应为 `--format`"),
        "{e}"
    );
    let e = said(&["clac"]);
    assert!(e.contains("无法识别的命令 `clac`") && e.contains("`calc`"), "{e}");
    let e = said(&["calc", "x.yaml", "--format", "xml"]);
    assert!(e.contains("取值 `xml` 无效") && e.contains("table"), "{e}");
    let e = said(&["calc", "--lang", "en"]);
    assert!(e.contains("required arguments were not provided"), "{e}");
}

/// A folder of application files: each file's problems in Chinese, with their field, and the
/// same in English with `--lang en` (issue 9: typed reasons, no English read back).
#[test]
fn the_problems_of_application_files_read_in_chinese_with_their_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempdir("yaml-folder");
    for (from, to) in [
        ("fixtures/calc/guide-6-1-listing-and-2-star-same-year.yaml", "a.yaml"),
        ("fixtures/errors/control-characters-in-names.yaml", "c.yaml"),
        ("fixtures/errors/amount-with-three-decimals.yaml", "d.yaml"),
    ] {
        std::fs::copy(root.join(from), dir.join(to)).unwrap();
    }
    let (o, out) = batch(&dir, &["--keep-going", "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "rows were rejected: {}", text(&o));
    let zh = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(zh.contains("park.name：第10个字符是控制字符（U+0009）"), "{zh}");
    assert!(
        zh.contains("digital_investments[2].amount：`100.005` 超过两位小数"),
        "{zh}"
    );
    assert!(!zh.contains("a control character"), "{zh}");
    let (_, out) = batch(&dir, &["--keep-going", "--quiet", "--lang", "en"]);
    let en = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(
        en.contains("park.name: a control character (U+0009) at character 10"),
        "{en}"
    );
}
