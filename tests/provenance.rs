//! Parameters know where they came from: every trace step that uses a parameter cites its path
//! and the day its value took effect, and `diff` and `policy diff` name, for a changed
//! parameter, every item whose trace cites it (issue 9).

mod common;

use std::path::Path;

use cixi_parks::facts::input::read_application;
use cixi_parks::policy::compare::items_moved_by_policy;
use cixi_parks::{LoadedPolicy, assess};

fn each_fixture(mut check: impl FnMut(&str, &cixi_parks::Assessment<'_>)) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("fixtures/calc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let policies: Vec<_> = common::fixture_policies(&path)
            .into_iter()
            .map(|p| root.join(p))
            .collect();
        let policy = LoadedPolicy::load(&policies).unwrap();
        let app = read_application(&path).unwrap().application;
        let Ok(a) = assess(&app, &policy) else { continue };
        check(&path.file_name().unwrap().to_string_lossy(), &a);
    }
}

#[test]
fn every_parameter_and_reading_a_figure_uses_is_known_to_move_that_figure() {
    let mut cited = 0;
    each_fixture(|name, a| {
        for r in &a.items {
            for p in r.trace.params() {
                cited += 1;
                let path = p.path.to_string();
                assert!(
                    items_moved_by_policy(&path).contains(&r.item),
                    "{name}: {} cites {path}, but a change to it is not said to move {}",
                    r.item,
                    r.item
                );
            }
            for used in &r.trace.readings {
                let path = format!("readings.{}.choice", used.reading.as_str());
                assert!(
                    items_moved_by_policy(&path).contains(&r.item),
                    "{name}: {} applies {path}, but a change to it is not said to move {}",
                    r.item,
                    r.item
                );
            }
        }
    });
    assert!(cited > 100, "the fixtures cite parameters ({cited})");
}

#[test]
fn a_renewal_is_cited_by_the_day_its_value_took_effect() {
    let mut seen = false;
    each_fixture(|name, a| {
        if name != "overlay-renewal-covers-2024.yaml" {
            return;
        }
        let digital = a
            .items
            .iter()
            .find(|r| r.item == cixi_parks::ItemId::DigitalSubsidy)
            .unwrap();
        let cap = digital
            .trace
            .params()
            .into_iter()
            .find(|p| p.path.to_string() == "items.digital_subsidy.cap")
            .expect("the cap is cited");
        assert_eq!(cap.from.to_string(), "2024-01-01");
        seen = true;
    });
    assert!(seen);
}
