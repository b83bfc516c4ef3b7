//! Realistic, seeded, valid tables for trying and measuring `batch`: N parks, about 50
//! resident enterprises each with valid 统一社会信用代码, a few investments and grants each.
//! The same seed gives the same bytes on every machine. Each park can also be written as an
//! application file, so that a test can check that `batch` on tables and `calc` on the same
//! facts agree.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use cixi_parks::values::uscc::Uscc;

/// splitmix64: a small, seeded, portable generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An amount between `low` and `high` yuan, as text with two decimals.
    fn yuan(&mut self, low: i64, high: i64) -> String {
        let fen = low * 100 + self.below(((high - low) * 100) as u64) as i64;
        let sign = if fen < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
    }

    /// A date in `year` or up to `back` years before it.
    fn date(&mut self, year: i64, back: u64) -> String {
        let y = year - self.below(back + 1) as i64;
        format!("{y}-{:02}-{:02}", 1 + self.below(12), 1 + self.below(28))
    }
}

const TOWNS: [&str; 20] = [
    "周巷镇",
    "逍林镇",
    "新浦镇",
    "胜山镇",
    "横河镇",
    "掌起镇",
    "观海卫镇",
    "长河镇",
    "崇寿镇",
    "庵东镇",
    "附海镇",
    "桥头镇",
    "匡堰镇",
    "龙山镇",
    "坎墩街道",
    "宗汉街道",
    "古塘街道",
    "白沙路街道",
    "浒山街道",
    "慈东滨海区",
];

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Parks.
    pub parks: u64,
    /// Enterprise rows.
    pub enterprises: u64,
}

/// Writes `parks.csv`, `enterprises.csv`, `investments.csv`, `grants.csv` and
/// `overrides.csv` to `tables`, and, when `applications` is given, one application file per
/// park there with the same facts.
///
/// # Errors
/// A file that cannot be written.
pub fn generate(
    tables: &Path,
    applications: Option<&Path>,
    parks: u64,
    seed: u64,
    year: i64,
) -> std::io::Result<Generated> {
    std::fs::create_dir_all(tables)?;
    if let Some(dir) = applications {
        std::fs::create_dir_all(dir)?;
    }
    let mut rng = Rng(seed);
    let open = |name: &str, header: &str| -> std::io::Result<BufWriter<File>> {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(tables.join(name))?);
        writeln!(w, "{header}")?;
        Ok(w)
    };
    let mut p = open(
        "parks.csv",
        "park_id,name,town,operator,year,provincial_listing,performance_grade,stars,star_recognized_on,completion_accepted_on",
    )?;
    let mut e = open("enterprises.csv", "park_id,year,uscc,name,city_fiscal_contribution")?;
    let mut i = open("investments.csv", "park_id,item,kind,amount,paid_on")?;
    let mut g = open("grants.csv", "park_id,year,item,amount,kind,source")?;
    let mut o = open("overrides.csv", "park_id,year,item,amount,approval")?;
    let mut enterprise = 0u64;
    for n in 1..=parks {
        let id = format!("CX-{n:06}");
        let name = format!("慈溪市第{n}号小微企业园");
        let operator = format!("慈溪{n}号园区运营管理有限公司");
        let town = TOWNS[rng.below(TOWNS.len() as u64) as usize];
        let listing = if rng.chance(60) {
            rng.date(year, 1)
        } else {
            String::new()
        };
        let grade = ["A", "B", "B", "C", "C", "D", ""][rng.below(7) as usize];
        let stars = [0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 5][rng.below(11) as usize];
        let (stars, recognized) = if stars == 0 {
            (String::new(), String::new())
        } else {
            (stars.to_string(), rng.date(year, 1))
        };
        let accepted = if rng.chance(70) {
            rng.date(year - 1, 1)
        } else {
            String::new()
        };
        writeln!(
            p,
            "{id},{name},{town},{operator},{year},{listing},{grade},{stars},{recognized},{accepted}"
        )?;

        let mut yaml = String::new();
        let _ = writeln!(
            yaml,
            "park: {{ id: {id}, name: {name}, town: {town}, operator: {operator} }}\nyear: {year}"
        );
        for (key, value) in [
            ("provincial_listing", &listing),
            ("performance_grade", &grade.to_string()),
            ("completion_accepted_on", &accepted),
        ] {
            if !value.is_empty() {
                let _ = writeln!(yaml, "{key}: {value}");
            }
        }
        if !stars.is_empty() {
            let _ = writeln!(yaml, "star_rating: {{ stars: {stars}, recognized_on: {recognized} }}");
        }
        let mut list: Vec<String> = Vec::new();
        for _ in 0..(30 + rng.below(41)) {
            enterprise += 1;
            let code = Uscc::with_check_character(&format!("91330282{enterprise:09}")).expect("17 valid characters");
            let amount = if rng.chance(5) {
                rng.yuan(-50_000, 0)
            } else {
                rng.yuan(0, 120_000)
            };
            writeln!(e, "{id},{year},{code},慈溪市某某电器有限公司{enterprise},{amount}")?;
            list.push(format!(
                "{{ uscc: {code}, name: 慈溪市某某电器有限公司{enterprise}, city_fiscal_contribution: {amount} }}"
            ));
        }
        yaml_list(&mut yaml, "resident_enterprises", &mut list);
        for k in 0..rng.below(5) {
            let kind = if rng.chance(50) { "soft" } else { "hardware" };
            let amount = rng.yuan(10_000, 2_500_000);
            let paid = rng.date(year, 1);
            writeln!(i, "{id},数字化项目{k},{kind},{amount},{paid}")?;
            list.push(format!(
                "{{ item: 数字化项目{k}, kind: {kind}, amount: {amount}, paid_on: {paid} }}"
            ));
        }
        yaml_list(&mut yaml, "digital_investments", &mut list);
        if !listing.is_empty() && rng.chance(20) {
            writeln!(g, "{id},{},provincial_listing,100000.00,prior,", year - 1)?;
            list.push(format!(
                "{{ item: provincial_listing, year: {}, amount: 100000.00 }}",
                year - 1
            ));
        }
        yaml_list(&mut yaml, "prior_grants", &mut list);
        if rng.chance(5) {
            let amount = rng.yuan(50_000, 500_000);
            writeln!(g, "{id},{year},digital_subsidy,{amount},other,宁波市数字化示范园区奖励")?;
            list.push(format!(
                "{{ item: digital_subsidy, source: 宁波市数字化示范园区奖励, amount: {amount} }}"
            ));
        }
        yaml_list(&mut yaml, "other_grants", &mut list);
        if rng.chance(1) {
            writeln!(o, "{id},{year},digital_subsidy,1200000.00,慈政办〔{year}〕{n}号")?;
            list.push(format!(
                "{{ item: digital_subsidy, amount: 1200000.00, approval: 慈政办〔{year}〕{n}号 }}"
            ));
        }
        yaml_list(&mut yaml, "overrides", &mut list);
        if let Some(dir) = applications {
            std::fs::write(dir.join(format!("{id}.yaml")), yaml)?;
        }
    }
    for mut w in [p, e, i, g, o] {
        w.flush()?;
    }
    Ok(Generated {
        parks,
        enterprises: enterprise,
    })
}

/// Appends `key:` and the entries as a block list (or `[]`), and empties the list.
fn yaml_list(yaml: &mut String, key: &str, entries: &mut Vec<String>) {
    if entries.is_empty() {
        let _ = writeln!(yaml, "{key}: []");
    } else {
        let _ = writeln!(yaml, "{key}:");
        for e in entries.drain(..) {
            let _ = writeln!(yaml, "  - {e}");
        }
    }
}
