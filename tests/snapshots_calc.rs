//! Snapshots of every `calc` fixture: JSON, and the table in both languages.
//! Kept in its own file: insta's glob collector is process-global.

mod common;

use cixi_parks::report::render::Format;
use cixi_parks::values::lang::Lang;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/calc");
    s.set_prepend_module_to_snapshot(false);
    // The policy digest and file digests are checked in tests/cli.rs; here they would make
    // every snapshot change with any edit to policy.yaml's comments.
    s.add_filter(r"sha256 [0-9a-f]{12}", "sha256 [digest]");
    s.add_filter(r#""(digest|sha256)": "[0-9a-f]{64}""#, r#""$1": "[digest]""#);
    s.add_filter(r#""version": "[0-9.]+""#, r#""version": "[version]""#);
    s
}

/// One test, three globs in turn: insta's glob collector is process-global, so globs running
/// side by side in threads would mis-attribute each other's failures.
#[test]
fn calc_snapshots() {
    settings().bind(|| {
        insta::glob!("../fixtures/calc", "*.yaml", |path| {
            let out = common::calc_fixture(path, Format::Json, Lang::En).unwrap();
            insta::assert_snapshot!("calc_json", common::without_policy_document(&out));
        });
        insta::glob!("../fixtures/calc", "*.yaml", |path| {
            let out = common::calc_fixture(path, Format::Table, Lang::En).unwrap();
            insta::assert_snapshot!("calc_table_en", out);
        });
        insta::glob!("../fixtures/calc", "*.yaml", |path| {
            let out = common::calc_fixture(path, Format::Table, Lang::Zh).unwrap();
            insta::assert_snapshot!("calc_table_zh", out);
        });
    });
}
