//! Operators' tools: `check` of a profile against （二）（四） with its fees, and `estimate`.

mod common;

use common::run;

fn check(fixture: &str) -> (i32, serde_json::Value) {
    let o = run(&[
        "check",
        &format!("fixtures/profile/{fixture}.yaml"),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    (
        o.status.code().unwrap(),
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr))),
    )
}

/// Each failing fixture fails exactly its own standard, by the shortfall worked by hand.
#[test]
fn each_failing_rule_fails_alone_with_its_shortfall() {
    for (fixture, standard, shortfall) in [
        ("fail-size", "size", "10 mu more land, or 5,000 m² more floor area"),
        ("fail-plot-ratio", "plot_ratio", "18,000 m² more floor area needed"),
        ("fail-green-ratio", "green_ratio", "1,000 m² more green area needed"),
        (
            "fail-leading-industries",
            "leading_industries",
            "1 fewer leading industries",
        ),
        (
            "fail-industry-concentration",
            "industry_concentration",
            "20 more enterprises in the leading industries (or 9 fewer other enterprises)",
        ),
        (
            "fail-small-micro-share",
            "small_micro_share",
            "7 more small and micro enterprises (or 3 fewer other enterprises)",
        ),
        (
            "fail-non-production-land",
            "non_production_land",
            "1 mu too much (at most 14 mu)",
        ),
        (
            "fail-non-production-floor",
            "non_production_floor",
            "1,000 m² too much (at most 24,000 m²)",
        ),
        ("fail-parking", "parking", "20 more spaces needed"),
        (
            "fail-self-held-non-production",
            "self_held_non_production",
            "1,200 m² more self-held non-production floor area",
        ),
        (
            "fail-self-held-production",
            "self_held_production",
            "hold 1 more years after opening",
        ),
        (
            "fail-unit-division",
            "unit_division",
            "divisible units 50 m² larger; non-production floor may not be divided or sold on its own",
        ),
        (
            "fail-investment-intensity",
            "investment_intensity",
            "¥15,000,000 more fixed-asset investment",
        ),
        ("fail-land-tax", "land_tax", "¥1,500,000 more tax"),
        (
            "fail-emission-value-added",
            "emission_value_added",
            "¥37,600,000 more value added, or at most 130.2083 t of emissions",
        ),
        (
            "fail-energy-value-added",
            "energy_value_added",
            "¥25,000,000 more value added, or at most 20,000 tce of energy",
        ),
    ] {
        let (code, v) = check(fixture);
        assert_eq!(code, 1, "{fixture}: exit 1 when a standard fails");
        let failing: Vec<(&str, &str)> = v["standards"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["outcome"] != "pass")
            .map(|s| (s["standard"].as_str().unwrap(), s["shortfall"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(failing, [(standard, shortfall)], "{fixture}");
    }
}

#[test]
fn a_compliant_park_passes_and_its_fees_are_computed() {
    let (code, v) = check("compliant");
    assert_eq!(code, 0);
    assert_eq!(v["all_passed"], true);
    // 180,000 m² × ¥12 and × ¥6 （十一）
    assert_eq!(v["fees"]["fees"][0]["amount"], "2160000.00");
    assert_eq!(v["fees"]["fees"][1]["amount"], "1080000.00");
    assert_eq!(v["fees"]["total"], "3240000.00");
    assert_eq!(v["fees"]["collected_by"], "市住建局");
}

#[test]
fn a_special_industry_is_exempt_from_the_plot_ratio() {
    let (code, v) = check("exempt-plot-ratio-special-industry");
    assert_eq!(code, 0);
    assert_eq!(v["standards"][1]["outcome"], "exempt");
}

#[test]
fn missing_facts_are_not_enough_data_and_fail_the_exit_status() {
    let (code, v) = check("not-enough-data");
    assert_eq!(code, 1);
    let outcomes: Vec<&str> = v["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes[0], "pass", "120 mu ≥ 100 mu suffices for size");
    assert!(outcomes[1..].iter().all(|o| *o == "not_enough_data"), "{outcomes:?}");
    assert!(v["fees"]["fees"].as_array().unwrap().is_empty());
}

#[test]
fn bad_profiles_get_clear_errors() {
    for (fixture, expected) in [
        (
            "negative-area",
            "negative-area.yaml:8: floor_area.total_m2: `-180000` cannot be negative",
        ),
        (
            "green-area-larger-than-land",
            "green_area_m2: the green area (120,000 m²) is larger than the land (150 mu = 100,000 m²)",
        ),
        (
            "small-micro-share-over-100-percent",
            "enterprises.small_micro: a share over 100%: 75 small and micro enterprises of 60 resident",
        ),
        (
            "industry-code-not-three-digits",
            "enterprises.leading_industries[0].code: `38` is not a GB/T 4754 middle category",
        ),
        (
            "leading-enterprises-over-resident",
            "a share over 100%: 66 enterprises in the leading industries of 60 resident",
        ),
        ("unknown-field", "unknown field `value_add`"),
    ] {
        let o = run(&[
            "check",
            &format!("fixtures/profile-errors/{fixture}.yaml"),
            "--lang",
            "en",
        ]);
        assert_eq!(o.status.code(), Some(2), "{fixture}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expected), "{fixture}: {err}");
    }
}

#[test]
fn estimate_prices_a_plan_and_the_way_to_the_digital_cap() {
    let o = run(&[
        "estimate",
        "fixtures/plan/base-2023.yaml",
        "--plan",
        "fixtures/plan/three-stars-and-a-platform.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Now: the listing was 2021; no star. Digital: 20% × 1,234,567.89 = 246,913.578 → 246,913.58.
    assert_eq!(v["items"][1]["now"], "0.00");
    assert_eq!(v["items"][3]["now"], "246913.58");
    // With the plan: 3★ pays 500,000 − 100,000 already paid in the ladder = 400,000;
    // digital 20% × (1,234,567.89 + 800,000) = 406,913.578 → 406,913.58.
    assert_eq!(v["items"][1]["planned"], "400000.00");
    assert_eq!(v["items"][3]["planned"], "406913.58");
    assert_eq!(v["total_planned"], "806913.58");
    // To the cap, decided on the paid figure (issue 8, ruling 8): 406,913.578 reaches a paid
    // 1,000,000.00 from 999,999.995, i.e. 593,086.417 more: soft ÷ 20% = 2,965,432.085 →
    // 2,965,432.09 (pays 999,999.996); hardware ÷ 10% = 5,930,864.17 (pays 999,999.995).
    assert_eq!(v["digital_cap"]["soft_needed"], "2965432.09");
    assert_eq!(v["digital_cap"]["hardware_needed"], "5930864.17");
    assert_eq!(v["digital_cap"]["paid"], "406913.58");
    // Each item says why, now and with the plan (the reasons calc gives).
    assert_eq!(
        v["items"][1]["reason_planned"],
        "应付400000.00元，受益方某运营管理有限公司"
    );
    assert_eq!(v["items"][2]["reason_now"], "未提供星级认定");

    // The same plan from flags.
    let o = run(&[
        "estimate",
        "fixtures/plan/base-2023.yaml",
        "--stars",
        "3",
        "--recognized-on",
        "2023-11-20",
        "--soft",
        "800000",
        "--paid-on",
        "2023-06-01",
        "--format",
        "json",
    ]);
    let w: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(w["total_planned"], v["total_planned"]);
    assert_eq!(w["digital_cap"]["soft_needed"], v["digital_cap"]["soft_needed"]);
}

#[test]
fn estimate_says_why_the_cap_is_out_of_reach() {
    let o = run(&[
        "estimate",
        "fixtures/calc/minimal-application-nothing-qualifies.yaml",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("digital subsidy cap: out of reach: completion_accepted_on not given"),
        "{text}"
    );
}

fn outcomes(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["standard"].as_str().unwrap().to_string(),
                s["outcome"].as_str().unwrap().to_string(),
                s["shortfall"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn outcome_of<'a>(all: &'a [(String, String, String)], standard: &str) -> (&'a str, &'a str) {
    let (_, o, s) = all.iter().find(|(id, _, _)| id == standard).unwrap();
    (o.as_str(), s.as_str())
}

/// Issue 8, ruling 4 (GUIDE.md §2): nothing cannot meet a standard.
#[test]
fn a_zero_whole_is_not_enough_data_but_zero_emissions_still_pass() {
    let (code, v) = check("not-enough-data-nothing-cannot-meet-a-standard");
    assert_eq!(code, 1);
    let all = outcomes(&v);
    for standard in [
        "plot_ratio",
        "non_production_land",
        "non_production_floor",
        "parking",
        "investment_intensity",
        "land_tax",
    ] {
        assert_eq!(outcome_of(&all, standard).0, "not_enough_data", "{standard}");
    }
    // ¥1,000,000 of value added over 0 t and 0 tce: met.
    assert_eq!(outcome_of(&all, "emission_value_added").0, "pass");
    assert_eq!(outcome_of(&all, "energy_value_added").0, "pass");
    // 0 mu and 0 m² are below 100 mu and 100,000 m²: size is measured, not a share.
    assert_eq!(outcome_of(&all, "size").0, "fail");
}

/// Issue 8, ruling 5 (GUIDE.md §2): a part larger than its whole is an error in the profile.
#[test]
fn a_part_larger_than_its_whole_is_an_error_naming_both_fields() {
    for (fixture, en, zh) in [
        (
            "non-production-land-above-the-industrial-land",
            "land.non_production_mu (12 mu) is above land.industrial_mu (10 mu)",
            "非生产性用房用地 12 亩，超过工业用地 10 亩",
        ),
        (
            "self-held-production-above-the-production-floor",
            "self_held.production_m2 (75,000 m²) is above the production floor area, floor_area.total_m2 − floor_area.non_production_m2 (100,000 − 30,000 = 70,000 m²)",
            "自持生产性用房 75,000 平方米，超过生产性用房面积：建筑总面积 100,000 − 非生产性用房 30,000 = 70,000 平方米",
        ),
    ] {
        for (lang, expected) in [("en", en), ("zh", zh)] {
            let o = run(&[
                "check",
                &format!("fixtures/profile-errors/{fixture}.yaml"),
                "--lang",
                lang,
            ]);
            assert_eq!(o.status.code(), Some(2), "{fixture}");
            assert!(o.stdout.is_empty());
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains(expected), "{fixture}: {err}");
        }
    }
}

/// Issue 8, rulings 6 and 7 (GUIDE.md §2): a part that fails decides a standard of several
/// parts; the land-use term is a part of self_held_non_production.
#[test]
fn a_failing_part_decides_and_a_missing_part_is_not_enough_data() {
    let (_, v) = check("fail-self-held-production-years-decide-without-the-area");
    let all = outcomes(&v);
    assert_eq!(
        outcome_of(&all, "self_held_production"),
        ("fail", "hold 1 more years after opening")
    );
    let (_, v) = check("fail-unit-division-small-unit-decides-without-the-rest");
    let all = outcomes(&v);
    assert_eq!(
        outcome_of(&all, "unit_division"),
        ("fail", "divisible units 100 m² larger")
    );
    let (code, v) = check("fail-self-held-non-production-shorter-than-the-land-use-term");
    assert_eq!(code, 1);
    let all = outcomes(&v);
    assert_eq!(
        outcome_of(&all, "self_held_non_production"),
        ("fail", "hold it 30 more years, for the whole land-use term")
    );
    assert!(
        all.iter()
            .filter(|(id, _, _)| id != "self_held_non_production")
            .all(|(_, o, _)| o == "pass"),
        "{all:?}"
    );
    let (code, v) = check("not-enough-data-land-use-term-not-given");
    assert_eq!(code, 1);
    let s = &v["standards"].as_array().unwrap()[9];
    assert_eq!(s["standard"], "self_held_non_production");
    assert_eq!(s["outcome"], "not_enough_data");
    assert_eq!(s["missing"], serde_json::json!(["land.use_term_years"]));
}

/// Issue 8, ruling 9: `--recognized-on` needs `--stars`; a star level the park cannot reach
/// names each missing prerequisite （十三）.
#[test]
fn estimate_names_what_a_planned_star_level_lacks() {
    let o = run(&[
        "estimate",
        "fixtures/plan/base-2023.yaml",
        "--recognized-on",
        "2023-11-20",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--stars"));

    let o = run(&[
        "estimate",
        "fixtures/calc/minimal-application-nothing-qualifies.yaml",
        "--stars",
        "2",
        "--recognized-on",
        "2023-01-05",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let missing: Vec<&str> = v["star_prerequisites_missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing[0].contains("is not in"), "{missing:?}");
    assert!(missing[1].contains("no provincial recognition"), "{missing:?}");
    assert!(missing[2].contains("no performance grade"), "{missing:?}");
}

/// Issue 10: the checks' ratios and products of two inputs never overflow or lose the fen:
/// quantities are bounded on reading, and a fee beyond 10^15 yuan is said, not computed.
#[test]
fn extreme_profiles_are_checked_without_a_panic_or_a_wrong_fee() {
    let dir = std::env::temp_dir().join(format!("cixi-extreme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("huge.yaml");
    std::fs::write(
        &profile,
        "park: { id: CX-0001, name: 园 }\nland: { total_mu: 0.000001 }\nfloor_area: { total_m2: 999999999999.999999, plot_ratio_m2: 999999999999.999999 }\ninvestor_developed: true\neconomics: { value_added: 999999999999999.99, emissions_tonnes: 0.000001, energy_tce: 0.000001, fixed_asset_investment: 999999999999999.99, tax: 1 }\n",
    )
    .unwrap();
    let o = run(&["check", profile.to_str().unwrap(), "--format", "json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 12.00 × 999,999,999,999.999999 = 11,999,999,999,999.999988 → 12,000,000,000,000.00.
    assert_eq!(v["fees"]["fees"][0]["amount"], "12000000000000.00");
    let fee = dir.join("fee.yaml");
    std::fs::write(
        &fee,
        "kind: overlay\nfees:\n  maintenance_fund_per_m2: \"999999999999999.99\"\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        profile.to_str().unwrap(),
        "--policy",
        fee.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["fees"]["fees"].as_array().unwrap().is_empty());
    assert!(v["fees"]["beyond"].as_str().unwrap().contains("beyond 10^15 yuan"));
    let o = run(&[
        "check",
        "fixtures/profile-errors/area-beyond-what-a-park-can-measure.yaml",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at most 12 digits before the point"));
    let _ = std::fs::remove_dir_all(&dir);
}
