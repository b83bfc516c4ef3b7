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
    out.extend(auditors_tables(lang));
    out
}

/// `verify`, `audit`, `diff`, `policy show` and `policy diff` over the shipped fixtures: every
/// calc fixture's report verified (and one edited, and one under another policy), each batch
/// folder verified and diffed, the payments audited, every policy fixture shown and diffed.
fn auditors_tables(lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |what: String, args: &[&str]| {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--lang", lang]);
        let o = common::run(&a);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{what}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        out.push((what, String::from_utf8_lossy(&o.stdout).into_owned()));
    };
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let scratch = std::env::temp_dir().join(format!(
        "cixi-words-audit-{}-{lang}-{}",
        std::process::id(),
        RUN.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let mut reports = Vec::new();
    for (k, f) in fixtures("fixtures/calc").iter().enumerate() {
        let policies = common::fixture_policies(&Path::new(env!("CARGO_MANIFEST_DIR")).join(f));
        let mut args = vec!["calc".to_string(), f.clone(), "--format".into(), "json".into()];
        for p in &policies {
            args.push("--policy".into());
            args.push(p.display().to_string());
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = common::run(&refs);
        if o.status.code() != Some(0) {
            continue;
        }
        let report = scratch.join(format!("report-{k}.json"));
        std::fs::write(&report, &o.stdout).unwrap();
        push(format!("verify {f}"), &["verify", report.to_str().unwrap()]);
        reports.push(report);
    }
    // An edited figure, and a report checked under another policy: the differences and causes.
    let first = &reports[0];
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(first).unwrap()).unwrap();
    v["items"][0]["amount"] = serde_json::Value::String("1234567.89".into());
    v["total"] = serde_json::Value::String("9876543.21".into());
    let edited = scratch.join("edited.json");
    std::fs::write(&edited, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    push("verify edited".into(), &["verify", edited.to_str().unwrap()]);
    for policy in fixtures("fixtures/policy") {
        for r in reports.iter().take(3) {
            push(
                format!("verify {} --policy {policy}", r.display()),
                &["verify", r.to_str().unwrap(), "--policy", &policy],
            );
        }
        push(
            format!("policy show {policy}"),
            &["policy", "show", "--policy", &policy],
        );
        push(
            format!("policy diff {policy}"),
            &["policy", "diff", "embedded", &policy],
        );
    }
    push("policy show".into(), &["policy", "show"]);
    for pair in reports.windows(2) {
        push(
            format!("diff {} {}", pair[0].display(), pair[1].display()),
            &["diff", pair[0].to_str().unwrap(), pair[1].to_str().unwrap()],
        );
    }
    push(
        "diff edited".into(),
        &["diff", first.to_str().unwrap(), edited.to_str().unwrap()],
    );
    let mut folders = Vec::new();
    for input in ["fixtures/batch/guide", "fixtures/batch/problems"] {
        let dir = scratch.join(input.rsplit('/').next().unwrap());
        let o = common::run(&[
            "batch",
            input,
            "--out",
            dir.to_str().unwrap(),
            "--keep-going",
            "--quiet",
        ]);
        assert!(matches!(o.status.code(), Some(0 | 1)));
        push(format!("verify {input}"), &["verify", dir.to_str().unwrap()]);
        folders.push(dir);
    }
    push(
        "diff batches".into(),
        &["diff", folders[0].to_str().unwrap(), folders[1].to_str().unwrap()],
    );
    push(
        "audit fixtures/audit/payments.csv".into(),
        &[
            "audit",
            "fixtures/audit/payments.csv",
            "--entitlements",
            folders[0].to_str().unwrap(),
        ],
    );
    let _ = std::fs::remove_dir_all(&scratch);
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
                .filter(|w| !w.contains("fixtures/") && !w.contains("cixi-words-"))
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
                if line.contains("fixtures/") || line.contains("sha256") || line.contains("cixi-words-") {
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
