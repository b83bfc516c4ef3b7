//! Comparing two versions of the same thing field by field: policies (what a renewal
//! changes) and facts (what an input change changes, with the items each change can move).
//! The items a policy change can move are read from the figures' citations
//! (`engine::reach`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::values::item::ItemId;

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its path, e.g. `items.digital_subsidy.cap.2021-08-20`.
    pub path: String,
    /// Before (`absent` if it was not there).
    pub old: String,
    /// After (`absent` if it is gone).
    pub new: String,
}

/// Every leaf of a value, by path. Our serialized values hold strings, whole numbers,
/// booleans and nulls only (money and rates are strings), so nothing here is a float.
pub fn flatten<T: Serialize>(value: &T) -> BTreeMap<String, String> {
    let json = serde_json::to_value(value).expect("our values always serialize");
    let mut out = BTreeMap::new();
    walk(&json, String::new(), &mut out);
    out
}

fn walk(value: &serde_json::Value, path: String, out: &mut BTreeMap<String, String>) {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, join(k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{path}[{i}]"), out);
            }
            if items.is_empty() {
                out.insert(path, "[]".into());
            }
        }
        Value::String(s) => {
            out.insert(path, s.clone());
        }
        Value::Null => {
            out.insert(path, "absent".into());
        }
        other => {
            out.insert(path, other.to_string());
        }
    }
}

/// The fields that differ between two flattened values.
pub fn changes(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<Change> {
    let absent = "absent".to_string();
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (o, n) = (old.get(k).unwrap_or(&absent), new.get(k).unwrap_or(&absent));
            (o != n).then(|| Change {
                path: k.clone(),
                old: o.clone(),
                new: n.clone(),
            })
        })
        .collect()
}

/// The items a change to an application's facts can move.
pub fn items_moved_by_fact(path: &str) -> Vec<ItemId> {
    use ItemId::*;
    let first = |p: &str| path.starts_with(p);
    if first("park.town") {
        return vec![FiscalRebate];
    }
    if first("park.") {
        return vec![];
    }
    if first("year") {
        return ItemId::ALL.to_vec();
    }
    if first("provincial_listing") || first("performance_grade") || first("prior_grants") {
        return vec![ProvincialListing, StarAward, DigitalSubsidy];
    }
    if first("star_rating") {
        return vec![ProvincialListing, StarAward, FiscalRebate];
    }
    if first("resident_enterprises") {
        return vec![FiscalRebate];
    }
    if first("completion_accepted_on") || first("digital_investments") {
        return vec![DigitalSubsidy];
    }
    // other_grants, overrides, decided_amounts name their item; any item may move.
    ItemId::ALL.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_and_compares() {
        #[derive(Serialize)]
        struct S {
            a: u8,
            b: Vec<&'static str>,
            c: Option<u8>,
        }
        let old = flatten(&S {
            a: 1,
            b: vec!["x"],
            c: None,
        });
        let new = flatten(&S {
            a: 2,
            b: vec!["x", "y"],
            c: None,
        });
        let c = changes(&old, &new);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0],
            Change {
                path: "a".into(),
                old: "1".into(),
                new: "2".into()
            }
        );
        assert_eq!(
            c[1],
            Change {
                path: "b[1]".into(),
                old: "absent".into(),
                new: "y".into()
            }
        );
    }
}
