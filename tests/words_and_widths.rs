//! Chinese first (issue 11): every people's table of every shipped fixture, in Chinese, shows
//! no program id (only file names, USCCs, dates, digests and numbers are ASCII), and no line of
//! any table, in either language, is wider than 80 display columns.

mod common;

use std::path::Path;

use unicode_width::UnicodeWidthStr;

/// The ids a program reads, which a person must never see in a Chinese table.
const IDS: &[&str] = &[
    "provincial_listing",
    "star_award",
    "fiscal_rebate",
    "digital_subsidy",
    "payable",
    "ineligible",
    "superseded",
    "not_in_force",
    "overridden",
    "star_1",
    "star_2",
    "star_3",
    "rating_ladder",
    "high_star_award",
    "acceptance_day",
    "digital_cap",
    "other_policy_grants",
    "first_year_rebate",
    "completion_accepted_on",
    "performance_grade",
    "star_rating",
    "recognized_on",
    "digital_investments",
    "prior_grants",
    "other_grants",
    "resident_enterprises",
    "plot_ratio",
    "green_ratio",
    "self_held",
    "unit_division",
    "total_mu",
    "total_m2",
    "not enough data",
    "high_star_parks_at_least",
    "manufacturing_share_at_least",
];

fn fixtures(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().into_string().unwrap()))
        .filter(|f| f.ends_with(".yaml"))
        .collect();
    out.sort();
    out
}

/// Every table a person reads, for each shipped fixture, in `lang`.
fn tables(lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in fixtures("fixtures/calc") {
        let mut args = vec!["calc".to_string(), f.clone(), "--lang".into(), lang.into()];
        let mut explain = vec!["explain".to_string(), f.clone(), "--lang".into(), lang.into()];
        for p in common::fixture_policies(&Path::new(env!("CARGO_MANIFEST_DIR")).join(&f)) {
            for a in [&mut args, &mut explain] {
                a.push("--policy".into());
                a.push(p.display().to_string());
            }
        }
        for a in [args, explain] {
            let refs: Vec<&str> = a.iter().map(String::as_str).collect();
            let o = common::run(&refs);
            out.push((a.join(" "), String::from_utf8_lossy(&o.stdout).into_owned()));
        }
        let o = common::run(&["estimate", &f, "--stars", "2", "--soft", "100000", "--lang", lang]);
        out.push((format!("estimate {f}"), String::from_utf8_lossy(&o.stdout).into_owned()));
    }
    for input in ["fixtures/batch/guide", "fixtures/batch/problems"] {
        // Each call its own folder: the two tests run at once, and a batch folder is locked.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cixi-words-{}-{lang}-{}-{}",
            std::process::id(),
            input.rsplit('/').next().unwrap(),
            CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let o = common::run(&[
            "batch",
            input,
            "--out",
            dir.to_str().unwrap(),
            "--keep-going",
            "--no-progress",
            "--lang",
            lang,
        ]);
        out.push((
            format!("batch {input}"),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
    for f in fixtures("fixtures/profile") {
        let o = common::run(&["check", &f, "--lang", lang]);
        out.push((format!("check {f}"), String::from_utf8_lossy(&o.stdout).into_owned()));
    }
    out
}

#[test]
fn chinese_tables_show_words_not_ids() {
    for (command, text) in tables("zh") {
        assert!(!text.is_empty(), "{command}: printed nothing");
        for line in text.lines() {
            // File names are the user's own words; they may appear as they are.
            let line: String = line
                .split(' ')
                .filter(|w| !w.contains("fixtures/"))
                .collect::<Vec<_>>()
                .join(" ");
            for id in IDS {
                assert!(!line.contains(id), "{command}: `{id}` shown to a person in\n{line}");
            }
        }
    }
}

#[test]
fn no_table_line_is_wider_than_80_columns() {
    for lang in ["zh", "en"] {
        for (command, text) in tables(lang) {
            for line in text.lines() {
                // A file path or a digest is one word: it may not be broken, and the
                // explanation's header names the file and the policy's whole digest.
                if line.contains("fixtures/") || line.contains("sha256") {
                    continue;
                }
                assert!(
                    line.width() <= 80,
                    "{command}: a line of {} columns:\n{line}",
                    line.width()
                );
            }
        }
    }
}
