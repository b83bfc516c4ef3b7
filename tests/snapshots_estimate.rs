//! Snapshots of `estimate` in both languages: a plan priced, the cap reached by the paid
//! figure, a star level the park cannot reach. Figures worked by hand in tests/check_estimate.rs
//! and src/estimate.rs.

use std::process::Command;

fn estimate(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("estimate")
        .args(args)
        .output()
        .unwrap();
    format!(
        "exit: {}\n{}{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn estimate_tables() {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/estimate");
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| {
        for lang in ["zh", "en"] {
            insta::assert_snapshot!(
                format!("plan-three-stars-and-a-platform_{lang}"),
                estimate(&[
                    "fixtures/plan/base-2023.yaml",
                    "--plan",
                    "fixtures/plan/three-stars-and-a-platform.yaml",
                    "--lang",
                    lang
                ])
            );
            insta::assert_snapshot!(
                format!("cap-reached-by-the-paid-figure_{lang}"),
                estimate(&[
                    "fixtures/plan/soft-paid-one-fen-short-of-five-million-pays-the-cap.yaml",
                    "--lang",
                    lang
                ])
            );
            insta::assert_snapshot!(
                format!("star-level-out-of-reach_{lang}"),
                estimate(&[
                    "fixtures/calc/minimal-application-nothing-qualifies.yaml",
                    "--stars",
                    "2",
                    "--recognized-on",
                    "2023-01-05",
                    "--lang",
                    lang
                ])
            );
        }
    });
}
