//! The engine alone, in process: park evaluations per second on one core, with the full trace.
//!
//! `cargo bench --bench engine`. Each evaluation is a realistic park: listing, a star rating,
//! 50 resident enterprises, 4 digital investments, prior and other grants.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cixi_parks::engine::terms::Terms;
use cixi_parks::facts::input::parse_application;
use cixi_parks::{LoadedPolicy, engine::assessment};

fn park_yaml(stars: u8) -> String {
    let mut s = String::from(
        "park: { id: CX-0001, name: 慈溪市某小微企业园, town: 周巷镇, operator: 某运营管理有限公司 }\nyear: 2022\nprovincial_listing: 2021-09-10\nperformance_grade: B\n",
    );
    s.push_str(&format!(
        "star_rating: {{ stars: {stars}, recognized_on: 2022-06-30 }}\ncompletion_accepted_on: 2021-06-30\n"
    ));
    s.push_str("resident_enterprises:\n");
    for i in 0..50u64 {
        let code =
            cixi_parks::values::uscc::Uscc::with_check_character(&format!("91330282{:09}", 100_000 + i)).unwrap();
        s.push_str(&format!(
            "  - {{ uscc: {code}, name: 企业{i}, city_fiscal_contribution: {}.{:02} }}\n",
            10_000 + i * 1_337,
            i % 100
        ));
    }
    s.push_str("digital_investments:\n");
    for (i, kind) in ["soft", "hardware", "soft", "hardware"].iter().enumerate() {
        s.push_str(&format!(
            "  - {{ item: 项目{i}, kind: {kind}, amount: {}.25, paid_on: 2022-0{}-15 }}\n",
            120_000 * (i + 1),
            i + 2
        ));
    }
    s.push_str("prior_grants:\n  - { item: provincial_listing, year: 2021, amount: 100000 }\n");
    s.push_str("other_grants:\n  - { item: digital_subsidy, source: 宁波市数字化示范园区奖励, amount: 50000 }\n");
    s
}

fn main() {
    let policy = LoadedPolicy::from_texts(&[]).unwrap();
    let apps: Vec<_> = [2u8, 4]
        .iter()
        .map(|s| parse_application(&park_yaml(*s), std::path::Path::new("bench.yaml")).unwrap())
        .collect();
    let terms = Terms::for_year(&policy.policy, apps[0].year).unwrap();
    for (label, app) in ["2★ park", "4★ park"].iter().zip(&apps) {
        // Warm up, then run for about two seconds.
        for _ in 0..10_000 {
            black_box(assessment::assess_with_terms(black_box(app), &policy, &terms).unwrap());
        }
        let mut n = 0u64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            for _ in 0..1_000 {
                black_box(assessment::assess_with_terms(black_box(app), &policy, &terms).unwrap());
            }
            n += 1_000;
        }
        // Whole numbers only: no binary float anywhere in this project.
        let nanos = start.elapsed().as_nanos().max(1);
        let per_second = u128::from(n) * 1_000_000_000 / nanos;
        let nanos_each = nanos / u128::from(n);
        println!(
            "engine: {label}, 50 enterprises, full trace: {per_second} evaluations/s on one core ({}.{:02} µs each)",
            nanos_each / 1000,
            nanos_each % 1000 / 10
        );
    }
}
