//! The park profile (达标自查) as a form: each field of a profile file, and rows of leading
//! industries; to the profile's JSON, read by the same reader as a file.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// How a field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// An exact decimal (area, amount), carried as text to the reader.
    Decimal,
    /// A whole number.
    Whole,
    /// Yes, no or not said.
    Flag,
}

/// (path, 中文, English, kind), in the profile file's order.
pub const FIELDS: &[(&str, &str, &str, Kind)] = &[
    ("park.id", "园区编号", "Park id", Kind::Text),
    ("park.name", "园区名称", "Park name", Kind::Text),
    ("land.total_mu", "占地面积（亩）", "Land, total (mu)", Kind::Decimal),
    (
        "land.industrial_mu",
        "工业用地（亩）",
        "Industrial land (mu)",
        Kind::Decimal,
    ),
    (
        "land.non_production_mu",
        "非生产性用地（亩）",
        "Non-production land (mu)",
        Kind::Decimal,
    ),
    (
        "land.use_term_years",
        "土地使用年限（年）",
        "Land-use term (years)",
        Kind::Whole,
    ),
    ("green_area_m2", "绿地面积（平方米）", "Green area (m²)", Kind::Decimal),
    (
        "floor_area.total_m2",
        "总建筑面积（平方米）",
        "Floor area, total (m²)",
        Kind::Decimal,
    ),
    (
        "floor_area.plot_ratio_m2",
        "计容建筑面积（平方米）",
        "Floor area counted in the plot ratio (m²)",
        Kind::Decimal,
    ),
    (
        "floor_area.non_production_plot_ratio_m2",
        "非生产性计容建筑面积（平方米）",
        "Non-production floor area in the plot ratio (m²)",
        Kind::Decimal,
    ),
    (
        "floor_area.non_production_m2",
        "非生产性建筑面积（平方米）",
        "Non-production floor area (m²)",
        Kind::Decimal,
    ),
    ("parking_spaces", "停车位（个）", "Parking spaces", Kind::Whole),
    (
        "self_held.non_production_m2",
        "自持非生产性用房（平方米）",
        "Self-held non-production floor (m²)",
        Kind::Decimal,
    ),
    (
        "self_held.non_production_years",
        "非生产性用房自持年限（年）",
        "Years non-production floor is held",
        Kind::Whole,
    ),
    (
        "self_held.production_m2",
        "自持生产性用房（平方米）",
        "Self-held production floor (m²)",
        Kind::Decimal,
    ),
    (
        "self_held.production_years",
        "生产性用房自持年限（年）",
        "Years production floor is held",
        Kind::Whole,
    ),
    (
        "units.smallest_divisible_m2",
        "最小分割单元（平方米）",
        "Smallest divisible unit (m²)",
        Kind::Decimal,
    ),
    (
        "units.smallest_saleable_m2",
        "最小出售单元（平方米）",
        "Smallest saleable unit (m²)",
        Kind::Decimal,
    ),
    (
        "units.non_production_sold_separately",
        "非生产性用房单独出售",
        "Non-production floor sold separately",
        Kind::Flag,
    ),
    (
        "enterprises.resident",
        "入园企业（家）",
        "Resident enterprises",
        Kind::Whole,
    ),
    (
        "enterprises.small_micro",
        "其中小微企业（家）",
        "Of which small and micro",
        Kind::Whole,
    ),
    (
        "economics.fixed_asset_investment",
        "固定资产投资（元）",
        "Fixed-asset investment (yuan)",
        Kind::Decimal,
    ),
    ("economics.tax", "税收（元）", "Tax (yuan)", Kind::Decimal),
    (
        "economics.value_added",
        "增加值（元）",
        "Value added (yuan)",
        Kind::Decimal,
    ),
    (
        "economics.emissions_tonnes",
        "排放量（吨）",
        "Emissions (tonnes)",
        Kind::Decimal,
    ),
    (
        "economics.energy_tce",
        "能耗（吨标准煤）",
        "Energy (tce)",
        Kind::Decimal,
    ),
    (
        "special_industry_exemption",
        "特殊行业豁免",
        "Special-industry exemption",
        Kind::Flag,
    ),
    (
        "investor_developed",
        "投资主体开发建设",
        "Investor-developed",
        Kind::Flag,
    ),
];

/// Columns of a leading-industry row.
pub const INDUSTRY_COLS: &[(&str, &str, &str)] = &[
    ("code", "行业代码（GB/T 4754 中类）", "Industry code (GB/T 4754)"),
    ("name", "行业名称", "Industry"),
    ("enterprises", "企业数（家）", "Enterprises"),
];

/// The profile form as submitted.
#[derive(Debug, Clone, Default)]
pub struct ProfileForm {
    /// Fields by path.
    pub fields: HashMap<String, String>,
    /// Leading-industry rows.
    pub industries: Vec<Vec<String>>,
}

/// A leading-industry field's form name.
pub fn industry_field(col: &str) -> String {
    format!("enterprises.leading_industries[].{col}")
}

impl ProfileForm {
    /// A field's text.
    pub fn get(&self, path: &str) -> &str {
        self.fields.get(path).map_or("", String::as_str)
    }

    /// True when nothing was filled.
    pub fn is_empty(&self) -> bool {
        self.fields.values().all(|v| v.trim().is_empty())
            && self.industries.iter().all(|r| r.iter().all(|v| v.trim().is_empty()))
    }

    /// Takes one submitted field.
    pub fn take(&mut self, name: &str, value: String) {
        if FIELDS.iter().any(|(p, ..)| *p == name) {
            self.fields.insert(name.to_string(), value);
            return;
        }
        for (c, (col, ..)) in INDUSTRY_COLS.iter().enumerate() {
            if name == industry_field(col) {
                if c == 0 || self.industries.is_empty() {
                    self.industries.push(vec![String::new(); INDUSTRY_COLS.len()]);
                }
                if let Some(row) = self.industries.last_mut() {
                    row[c] = value;
                }
                return;
            }
        }
    }

    /// The profile as JSON, blank fields left out.
    pub fn to_json(&self) -> String {
        let mut root = Map::new();
        for (path, _, _, kind) in FIELDS {
            let text = self.get(path).trim();
            if text.is_empty() {
                continue;
            }
            let value = match kind {
                Kind::Whole => text
                    .parse::<u64>()
                    .map_or_else(|_| Value::String(text.into()), Value::from),
                Kind::Flag => match text {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    other => Value::String(other.into()),
                },
                Kind::Text | Kind::Decimal => Value::String(text.into()),
            };
            insert(&mut root, path, value);
        }
        let rows: Vec<Value> = self
            .industries
            .iter()
            .filter(|r| r.iter().any(|v| !v.trim().is_empty()))
            .map(|r| {
                let mut o = Map::new();
                o.insert("code".into(), Value::String(r[0].trim().into()));
                o.insert("name".into(), Value::String(r[1].trim().into()));
                let n = r[2].trim();
                o.insert(
                    "enterprises".into(),
                    n.parse::<u64>().map_or_else(|_| Value::String(n.into()), Value::from),
                );
                Value::Object(o)
            })
            .collect();
        if !rows.is_empty() {
            insert(&mut root, "enterprises.leading_industries", Value::Array(rows));
        }
        for key in [
            "park",
            "land",
            "floor_area",
            "self_held",
            "units",
            "enterprises",
            "economics",
        ] {
            root.entry(key).or_insert_with(|| Value::Object(Map::new()));
        }
        serde_json::to_string(&Value::Object(root)).expect("a map serializes")
    }

    /// The form filled from a profile.
    pub fn from_profile(profile: &crate::facts::profile::Profile) -> ProfileForm {
        let value = serde_json::to_value(profile).unwrap_or_default();
        let mut form = ProfileForm::default();
        for (path, ..) in FIELDS {
            let mut v = &value;
            for part in path.split('.') {
                v = v.get(part).unwrap_or(&Value::Null);
            }
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            form.fields.insert((*path).to_string(), text);
        }
        if let Some(rows) = value["enterprises"]["leading_industries"].as_array() {
            for r in rows {
                form.industries.push(
                    INDUSTRY_COLS
                        .iter()
                        .map(|(c, ..)| match &r[*c] {
                            Value::String(s) => s.clone(),
                            Value::Null => String::new(),
                            other => other.to_string(),
                        })
                        .collect(),
                );
            }
        }
        form
    }
}

fn insert(root: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut node = root;
    for p in parts {
        let entry = node.entry(p).or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        node = entry.as_object_mut().expect("made an object above");
    }
    node.insert(last.to_string(), value);
}
