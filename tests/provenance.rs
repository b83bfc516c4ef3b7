//! Parameters know where they came from: every trace step that uses a parameter cites its path
//! and the day its value took effect, and `diff` and `policy diff` name, for a changed
//! parameter, every item whose trace cites it, read from a probe of the rules (issue 9).

mod common;

use std::path::Path;

use cixi_parks::ItemId::{self, *};
use cixi_parks::engine::reach::Reach;
use cixi_parks::facts::input::read_application;
use cixi_parks::{LoadedPolicy, assess};

fn each_fixture(mut check: impl FnMut(&str, &LoadedPolicy, &cixi_parks::Assessment<'_>)) {
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
        check(&path.file_name().unwrap().to_string_lossy(), &policy, &a);
    }
}

/// The probe reaches every branch the hand-worked fixtures reach: whatever a fixture's figure
/// cites (parameter, reading, period in force), the probe of its policy says a change to it can
/// move that figure.
#[test]
fn the_probe_finds_every_citation_of_every_fixture() {
    let mut cited = 0;
    let mut probes: Vec<(String, Reach)> = Vec::new();
    each_fixture(|name, policy, a| {
        if !probes.iter().any(|(digest, _)| *digest == policy.digest) {
            probes.push((policy.digest.clone(), Reach::probe(&[policy])));
        }
        let reach = &probes.iter().find(|(d, _)| *d == policy.digest).unwrap().1;
        for r in &a.items {
            for c in r.trace.citations() {
                cited += 1;
                let path = c.to_string();
                assert!(
                    reach.items_moved(&path).contains(&r.item),
                    "{name}: {} cites {path}, but the probe does not say a change to it moves {}",
                    r.item,
                    r.item
                );
            }
        }
    });
    assert!(cited > 200, "the fixtures cite parameters ({cited})");
}

fn moved(reach: &Reach, path: &str) -> Vec<ItemId> {
    reach.items_moved(path)
}

/// What a change to each field of the policy can move, as the probe reads it: checked by hand
/// against GUIDE.md (§1.2: the listing and the star award are one exclusivity group, so what
/// decides one can move the other).
#[test]
fn what_each_change_to_the_policy_can_move() {
    let policy = LoadedPolicy::from_texts(&[]).unwrap();
    let reach = Reach::probe(&[&policy]);
    let ladder = vec![ProvincialListing, StarAward];
    for (path, items) in [
        ("in_force.windows[0].to", ItemId::ALL.to_vec()),
        ("in_force.words", vec![]),
        ("items.provincial_listing.clause", vec![]),
        ("items.star_award.beneficiary", vec![]),
        ("items.star_award.gate.eligible_grades.2021-08-20[2]", ladder.clone()),
        ("items.fiscal_rebate.min_stars.2021-08-20", vec![FiscalRebate]),
        ("items.fiscal_rebate.share.2021-08-20", vec![FiscalRebate]),
        ("items.fiscal_rebate.cap.2021-08-20", vec![FiscalRebate]),
        ("items.digital_subsidy.soft_rate.2021-08-20", vec![DigitalSubsidy]),
        ("items.digital_subsidy.hardware_rate.2021-08-20", vec![DigitalSubsidy]),
        ("items.digital_subsidy.cap.2021-08-20", vec![DigitalSubsidy]),
        (
            "rating_ladder.rungs.provincial_listing.amount.2021-08-20",
            ladder.clone(),
        ),
        ("rating_ladder.rungs.star_2.amount.2021-08-20", ladder.clone()),
        ("rating_ladder.rungs.star_2.level", ladder.clone()),
        ("rating_ladder.words", vec![]),
        ("readings.rating_ladder.choice.2021-08-20", ladder.clone()),
        ("readings.high_star_award.choice.2021-08-20", ladder.clone()),
        ("readings.acceptance_day.choice.2021-08-20", vec![DigitalSubsidy]),
        ("readings.digital_cap.choice.2021-08-20", vec![DigitalSubsidy]),
        ("readings.digital_cap.summary_zh", vec![]),
        ("readings.digital_cap.alternatives[1]", vec![]),
        ("readings.other_policy_grants.choice.2021-08-20", ItemId::ALL.to_vec()),
        ("readings.first_year_rebate.choice.2021-08-20", vec![FiscalRebate]),
        ("targets.high_star_parks_at_least", vec![]),
        ("standards.plot_ratio.at_least", vec![]),
        ("fees.maintenance_fund_per_m2", vec![]),
        ("policy.title", vec![]),
    ] {
        assert_eq!(moved(&reach, path), items, "{path}");
    }
}

/// A renewal that adds a rung and a period is reached without a line of code: the new rung's
/// amount is cited by the figures that reach it.
#[test]
fn a_new_rung_is_reached_by_the_probe_of_the_policy_that_has_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let overlay = "kind: overlay\nrating_ladder:\n  rungs:\n    star_4: { level: 4, item: star_award, stars: 4, amount: { 2021-08-20: \"800000.00\" } }\n";
    let old = LoadedPolicy::from_texts(&[]).unwrap();
    let new = LoadedPolicy::from_texts(&[(root.join("star-4.yaml"), overlay.to_string())]).unwrap();
    let cites = |reach: &Reach| {
        reach
            .cited()
            .find(|(path, _)| *path == "rating_ladder.rungs.star_4.amount")
            .map(|(_, items)| items.iter().copied().collect::<Vec<_>>())
    };
    assert_eq!(cites(&Reach::probe(&[&old])), None);
    assert_eq!(
        cites(&Reach::probe(&[&old, &new])),
        Some(vec![ProvincialListing, StarAward])
    );
    // A change to a rung's structure moves what the rungs beside it move.
    let reach = Reach::probe(&[&old, &new]);
    assert_eq!(
        moved(&reach, "rating_ladder.rungs.star_4.level"),
        vec![ProvincialListing, StarAward]
    );
}

#[test]
fn a_renewal_is_cited_by_the_day_its_value_took_effect() {
    let mut seen = false;
    each_fixture(|name, _, a| {
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
