//! Snapshots of `check` for the compliant park and each failing rule, in both languages.
//! Each shortfall was worked by hand (see tests/check_estimate.rs).

use std::process::Command;

#[test]
fn check_reports() {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/check");
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| {
        for lang in ["en", "zh"] {
            insta::glob!("../fixtures/profile", "*.yaml", |path| {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                let o = Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
                    .current_dir(root)
                    .args([
                        "check",
                        path.strip_prefix(root).unwrap().to_str().unwrap(),
                        "--lang",
                        lang,
                    ])
                    .output()
                    .unwrap();
                insta::assert_snapshot!(format!("check_{lang}"), String::from_utf8(o.stdout).unwrap());
            });
        }
    });
}
