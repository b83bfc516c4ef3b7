//! Snapshots of `explain` for every GUIDE.md worked example, in both languages. Each was read
//! as a reviewer would: the arithmetic can be redone by hand from the explanation alone.

use std::process::Command;

#[test]
fn explain_guide_examples() {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/explain");
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(r"sha256 [0-9a-f]{64}", "sha256 [digest]");
    s.add_filter(r"engine cixi-parks [0-9.]+", "engine cixi-parks [version]");
    s.add_filter(r"引擎 cixi-parks [0-9.]+", "引擎 cixi-parks [version]");
    s.bind(|| {
        for lang in ["en", "zh"] {
            insta::glob!("../fixtures/calc", "guide-*.yaml", |path| {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                let o = Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
                    .current_dir(root)
                    .args([
                        "explain",
                        path.strip_prefix(root).unwrap().to_str().unwrap(),
                        "--lang",
                        lang,
                    ])
                    .output()
                    .unwrap();
                assert_eq!(o.status.code(), Some(0));
                insta::assert_snapshot!(format!("explain_{lang}"), String::from_utf8(o.stdout).unwrap());
            });
        }
    });
}
