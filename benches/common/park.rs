//! The bench's park as YAML: listing, a star rating, 50 resident enterprises, 4 digital
//! investments, prior and other grants. Shared by `benches/engine.rs`, `examples/engine_count.rs`,
//! `examples/engine_allocs.rs` and `examples/engine_without_frees.rs`.

use cixi_parks::LoadedPolicy;
use cixi_parks::facts::application::Application;

/// The embedded policy and the bench's park with `stars`, read.
pub fn policy_and_park(stars: u8) -> (LoadedPolicy, Application) {
    let policy = LoadedPolicy::from_texts(&[]).expect("the embedded policy loads");
    let app = cixi_parks::facts::input::parse_application(&park_yaml(stars), std::path::Path::new("bench.yaml"))
        .expect("the bench's park parses");
    (policy, app)
}

/// The park with a star rating of `stars`.
pub fn park_yaml(stars: u8) -> String {
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
