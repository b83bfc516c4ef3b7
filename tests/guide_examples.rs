//! Every worked example of GUIDE.md §6, and every reading and edge, with its figures asserted:
//! the four items (provincial_listing, star_award, fiscal_rebate, digital_subsidy) and total.

mod common;

use common::figures;

fn check(name: &str, expected: [(&str, &str); 4], total: &str) {
    let (items, got_total) = figures(name);
    let items: Vec<(&str, &str)> = items.iter().map(|(a, s)| (a.as_str(), s.as_str())).collect();
    assert_eq!(items, expected, "{name}");
    assert_eq!(got_total, total, "{name}: total");
}

const NONE: (&str, &str) = ("0.00", "ineligible");
const OFF: (&str, &str) = ("0.00", "not_in_force");

#[test]
fn guide_6_1_listing_and_two_stars_in_one_year_pay_only_the_higher_rung() {
    check(
        "guide-6-1-listing-and-2-star-same-year",
        [("0.00", "superseded"), ("300000.00", "payable"), NONE, NONE],
        "300000.00",
    );
}

#[test]
fn guide_6_2_climbing_to_three_stars_pays_the_difference() {
    check(
        "guide-6-2-three-star-climb-pays-the-difference",
        [NONE, ("300000.00", "payable"), NONE, NONE],
        "300000.00",
    );
}

#[test]
fn guide_6_3_rebate_is_capped_and_four_stars_earn_no_star_award() {
    check(
        "guide-6-3-four-star-rebate-capped-no-star-award",
        [NONE, NONE, ("3000000.00", "payable"), NONE],
        "3000000.00",
    );
}

#[test]
fn guide_6_4_only_this_years_investment_after_acceptance_counts() {
    check(
        "guide-6-4-digital-counts-only-this-years-investment",
        [NONE, NONE, NONE, ("486913.58", "payable")],
        "486913.58",
    );
}

#[test]
fn guide_6_5_cap_then_top_up_against_ningbo() {
    check(
        "guide-6-5-digital-cap-then-ningbo-top-up",
        [NONE, NONE, NONE, ("600000.00", "payable")],
        "600000.00",
    );
}

#[test]
fn guide_6_6_rounds_half_up_not_bankers() {
    check(
        "guide-6-6-half-up-rounding",
        [NONE, NONE, NONE, ("10.03", "payable")],
        "10.03",
    );
}

#[test]
fn the_acceptance_day_itself_counts() {
    check(
        "reading-acceptance-day-counts",
        [NONE, NONE, NONE, ("20000.00", "payable")],
        "20000.00",
    );
}

#[test]
fn policy_boundaries_are_inclusive_and_the_day_before_earns_nothing() {
    check(
        "edge-listing-the-day-before-the-policy",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check(
        "edge-listing-on-the-first-day-of-the-policy",
        [("100000.00", "payable"), NONE, NONE, NONE],
        "100000.00",
    );
    check(
        "edge-listing-on-the-last-day-of-the-policy",
        [("100000.00", "payable"), NONE, NONE, NONE],
        "100000.00",
    );
}

#[test]
fn years_outside_the_policy_give_zero_overrides_included() {
    check(
        "edge-year-2024-outside-the-policy-override-included",
        [OFF, OFF, OFF, OFF],
        "0.00",
    );
    check("edge-year-2020-before-the-policy", [OFF, OFF, OFF, OFF], "0.00");
}

#[test]
fn star_award_gates() {
    check(
        "star-grade-d-is-ineligible",
        [("100000.00", "payable"), NONE, NONE, NONE],
        "100000.00",
    );
    check("star-without-a-grade-is-ineligible", [NONE, NONE, NONE, NONE], "0.00");
    check(
        "star-without-provincial-recognition-is-ineligible",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check(
        "star-listed-after-the-years-end-is-ineligible",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check(
        "star-recognised-the-year-before-earns-nothing-this-year",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
}

#[test]
fn five_stars_newly_listed_reach_the_listing_rung_and_the_rebate() {
    check(
        "star-five-stars-newly-listed-reaches-the-listing-rung",
        [("100000.00", "payable"), NONE, ("880000.00", "payable"), NONE],
        "980000.00",
    );
}

#[test]
fn the_ladder_never_pays_beyond_what_was_paid() {
    check(
        "ladder-already-paid-the-rung-pays-nothing",
        [NONE, ("0.00", "nil"), NONE, NONE],
        "0.00",
    );
}

#[test]
fn fiscal_rebate_conditions() {
    check(
        "fiscal-negative-sum-gives-zero",
        [NONE, NONE, ("0.00", "nil"), NONE],
        "0.00",
    );
    check(
        "fiscal-rating-after-the-years-end-is-ineligible",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check("fiscal-three-stars-is-ineligible", [NONE, NONE, NONE, NONE], "0.00");
    check(
        "reading-2021-rebate-uses-the-whole-year",
        [NONE, NONE, ("730000.00", "payable"), NONE],
        "730000.00",
    );
}

#[test]
fn digital_subsidy_conditions() {
    check(
        "digital-without-acceptance-is-ineligible",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check(
        "digital-accepted-after-the-years-end-is-ineligible",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
    check(
        "digital-paid-before-the-policy-does-not-count",
        [NONE, NONE, NONE, ("8000.00", "payable")],
        "8000.00",
    );
    check(
        "other-grant-larger-than-entitlement-leaves-nothing",
        [NONE, NONE, NONE, ("0.00", "nil")],
        "0.00",
    );
}

#[test]
fn overrides_and_decided_amounts() {
    check(
        "override-replaces-the-computed-amount",
        [NONE, NONE, NONE, ("1500000.00", "overridden")],
        "1500000.00",
    );
    check(
        "decided-amount-within-entitlement",
        [NONE, ("150000.00", "decided"), NONE, NONE],
        "150000.00",
    );
}

#[test]
fn missing_facts_qualify_for_nothing() {
    check(
        "minimal-application-nothing-qualifies",
        [NONE, NONE, NONE, NONE],
        "0.00",
    );
}

#[test]
fn alternative_readings_switch_from_policy_overlays() {
    check(
        "overlay-cumulative-ladder-pays-both-rungs",
        [("100000.00", "payable"), ("300000.00", "payable"), NONE, NONE],
        "400000.00",
    );
    check(
        "overlay-lifetime-digital-cap-less-prior-grants",
        [NONE, NONE, NONE, ("300000.00", "payable")],
        "300000.00",
    );
    check(
        "overlay-prorated-2021-rebate",
        [NONE, NONE, ("268000.00", "payable"), NONE],
        "268000.00",
    );
    check(
        "overlay-acceptance-day-excluded",
        [NONE, NONE, NONE, ("10000.00", "payable")],
        "10000.00",
    );
}

#[test]
fn a_renewal_overlay_brings_a_later_year_into_force() {
    check(
        "overlay-renewal-covers-2024",
        [NONE, NONE, NONE, ("1200000.00", "payable")],
        "1200000.00",
    );
}

#[test]
fn every_calc_fixture_is_asserted_here() {
    let source = std::fs::read_to_string(file!()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calc");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let stem = name.trim_end_matches(".yaml");
        assert!(
            source.contains(&format!("\"{stem}\"")),
            "fixtures/calc/{name} has no figures asserted here"
        );
    }
}

#[test]
fn every_snapshot_belongs_to_a_fixture() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (snapshots, fixtures) in [
        ("tests/snapshots/calc", &["fixtures/calc"][..]),
        (
            "tests/snapshots/errors",
            &["fixtures/errors", "fixtures/profile-errors"][..],
        ),
        ("tests/snapshots/explain", &["fixtures/calc"][..]),
        ("tests/snapshots/check", &["fixtures/profile"][..]),
    ] {
        for entry in std::fs::read_dir(root.join(snapshots)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                name.ends_with(".snap"),
                "{snapshots}/{name}: a pending snapshot; review it, never commit it"
            );
            let fixture = name.split_once('@').map(|(_, f)| f.trim_end_matches(".snap")).unwrap();
            assert!(
                fixtures.iter().any(|dir| root.join(dir).join(fixture).exists()),
                "{snapshots}/{name} has no fixture: delete it"
            );
        }
    }
}

#[test]
fn the_policys_first_day_counts_and_the_day_before_does_not() {
    check(
        "edge-star-recognised-the-day-before-the-policy",
        [("100000.00", "payable"), NONE, NONE, NONE],
        "100000.00",
    );
    // 20% × 250,000.05 + 10% × 99,999.95 = 50,000.01 + 9,999.995 = 60,000.005 → 60,000.01 half up
    // (banker's rounding would give 60,000.00); the 2022 payment does not count in 2021.
    check(
        "edge-digital-accepted-and-paid-on-the-policys-first-day",
        [NONE, NONE, NONE, ("60000.01", "payable")],
        "60000.01",
    );
}

/// Issue 8, ruling 1 (GUIDE.md §1.6): a per-year cap covers everything paid for that item and
/// that year; grants for other years do not touch it.
#[test]
fn a_per_year_cap_nets_what_was_paid_for_the_same_year() {
    // 20% × 6,000,000.00 = 1,200,000.00 → cap 1,000,000.00 − 600,000.00 paid for 2022.
    check(
        "cap-digital-net-of-a-grant-paid-for-the-same-year",
        [NONE, NONE, NONE, ("400000.00", "payable")],
        "400000.00",
    );
    // 3,500,000.00 → cap 3,000,000.00 − 1,000,000.00 paid for 2022.
    check(
        "cap-rebate-net-of-a-grant-paid-for-the-same-year",
        [NONE, NONE, ("2000000.00", "payable"), NONE],
        "2000000.00",
    );
    // 3,000,000.00 paid for 2021 changes nothing in 2022.
    check(
        "cap-rebate-grant-for-the-year-before-changes-nothing",
        [NONE, NONE, ("3000000.00", "payable"), NONE],
        "3000000.00",
    );
    // 1,100,000.00 → 1,000,000.00 − 300,000.00 (2022; the 2021 grant does not count) = 700,000.00,
    // then the top-up over Ningbo's 400,000.00 = 300,000.00.
    check(
        "cap-digital-paid-this-year-then-ningbo-top-up",
        [NONE, NONE, NONE, ("300000.00", "payable")],
        "300000.00",
    );
    // 50,000.00 − 80,000.00 floors at 0.00: nothing is clawed back here.
    check(
        "cap-digital-paid-this-year-above-the-figure-leaves-nothing",
        [NONE, NONE, NONE, ("0.00", "nil")],
        "0.00",
    );
}

/// Issue 8, ruling 2 (GUIDE.md §1.2): the cumulative reading pays each award once.
#[test]
fn the_cumulative_ladder_never_pays_the_same_award_twice() {
    check(
        "overlay-cumulative-ladder-listing-already-paid",
        [("0.00", "nil"), ("200000.00", "payable"), NONE, NONE],
        "200000.00",
    );
}

/// Issue 8, ruling 3 (GUIDE.md §1.1): outside the policy every entitlement is 0.00, so a
/// decided amount above it is an error, exactly as in a year in force.
#[test]
fn a_decided_amount_in_a_year_outside_the_policy_is_an_error() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/errors/decided-amount-in-a-year-outside-the-policy.yaml");
    let err = common::calc_fixture(
        &path,
        cixi_parks::report::render::Format::Json,
        cixi_parks::values::lang::Lang::En,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains(":6:"), "{text}");
    assert!(text.contains("decided_amounts[0].amount"), "{text}");
    assert!(text.contains("entitlement of 0.00"), "{text}");
}
