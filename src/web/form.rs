//! The calculation form: every fact of an application as form fields, rows to add and remove;
//! to an application's JSON (read by the same reader as a file), and back from one.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// One kind of row: its key in the application and its columns.
#[derive(Debug)]
pub struct Section {
    /// The application's key, e.g. `digital_investments`.
    pub key: &'static str,
    /// The columns: the application's field names.
    pub cols: &'static [&'static str],
}

/// The kinds of row, in the form's order.
pub const SECTIONS: &[Section] = &[
    Section {
        key: "resident_enterprises",
        cols: &["uscc", "name", "city_fiscal_contribution"],
    },
    Section {
        key: "digital_investments",
        cols: &["item", "kind", "amount", "paid_on"],
    },
    Section {
        key: "prior_grants",
        cols: &["item", "year", "amount"],
    },
    Section {
        key: "other_grants",
        cols: &["item", "source", "amount"],
    },
    Section {
        key: "overrides",
        cols: &["item", "amount", "approval"],
    },
];

/// The single facts: the form field's name is the application's path.
pub const SCALARS: &[&str] = &[
    "park.id",
    "park.name",
    "park.town",
    "park.operator",
    "year",
    "provincial_listing",
    "performance_grade",
    "star_rating.stars",
    "star_rating.recognized_on",
    "completion_accepted_on",
];

/// The what-if fields.
pub const PLAN: &[&str] = &["plan.stars", "plan.soft", "plan.hardware"];

/// The form as submitted (or as filled from a file).
#[derive(Debug, Clone, Default)]
pub struct CalcForm {
    /// Single facts by path.
    pub scalars: HashMap<String, String>,
    /// Rows by section key; each row one text per column.
    pub rows: HashMap<&'static str, Vec<Vec<String>>>,
    /// The button pressed.
    pub action: String,
}

/// A row field's form name: `digital_investments[].amount`.
pub fn row_field(section: &str, col: &str) -> String {
    format!("{section}[].{col}")
}

impl CalcForm {
    /// A single fact's text.
    pub fn get(&self, path: &str) -> &str {
        self.scalars.get(path).map_or("", String::as_str)
    }

    /// Takes one submitted field.
    pub fn take(&mut self, name: &str, value: String) {
        if name == "action" {
            self.action = value;
            return;
        }
        if SCALARS.contains(&name) || PLAN.contains(&name) {
            self.scalars.insert(name.to_string(), value);
            return;
        }
        for s in SECTIONS {
            for (c, col) in s.cols.iter().enumerate() {
                if name == row_field(s.key, col) {
                    let rows = self.rows.entry(s.key).or_default();
                    // A new row starts at its first column.
                    if c == 0 || rows.is_empty() {
                        rows.push(vec![String::new(); s.cols.len()]);
                    }
                    if let Some(row) = rows.last_mut() {
                        row[c] = value;
                    }
                    return;
                }
            }
        }
    }

    /// Carries out an add-row or remove-row button; true if it was one.
    pub fn edit_rows(&mut self) -> bool {
        if let Some(key) = self.action.strip_prefix("add:")
            && let Some(s) = SECTIONS.iter().find(|s| s.key == key)
        {
            self.rows
                .entry(s.key)
                .or_default()
                .push(vec![String::new(); s.cols.len()]);
            return true;
        }
        if let Some(rest) = self.action.strip_prefix("remove:")
            && let Some((key, i)) = rest.split_once(':')
            && let Ok(i) = i.parse::<usize>()
        {
            if let Some(rows) = SECTIONS
                .iter()
                .find(|s| s.key == key)
                .and_then(|s| self.rows.get_mut(s.key))
                && i < rows.len()
            {
                rows.remove(i);
            }
            return true;
        }
        false
    }

    /// The application as JSON, blank fields left out, for the application reader. The
    /// second value maps each section's JSON index back to the form's row.
    pub fn to_json(&self) -> (String, HashMap<(&'static str, usize), usize>) {
        let mut app = Map::new();
        let mut park = Map::new();
        for key in ["id", "name", "town", "operator"] {
            park.insert(
                key.into(),
                Value::String(self.get(&format!("park.{key}")).trim().to_string()),
            );
        }
        app.insert("park".into(), Value::Object(park));
        app.insert("year".into(), Value::String(self.get("year").trim().to_string()));
        for key in ["provincial_listing", "performance_grade", "completion_accepted_on"] {
            let v = self.get(key).trim();
            if !v.is_empty() {
                app.insert(key.into(), Value::String(v.to_string()));
            }
        }
        let stars = self.get("star_rating.stars").trim();
        let on = self.get("star_rating.recognized_on").trim();
        if !stars.is_empty() || !on.is_empty() {
            let mut rating = Map::new();
            rating.insert("stars".into(), Value::String(stars.to_string()));
            rating.insert("recognized_on".into(), Value::String(on.to_string()));
            app.insert("star_rating".into(), Value::Object(rating));
        }
        let mut back = HashMap::new();
        for s in SECTIONS {
            let mut list = Vec::new();
            for (form_i, row) in self.rows.get(s.key).into_iter().flatten().enumerate() {
                if row.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                back.insert((s.key, list.len()), form_i);
                let mut obj = Map::new();
                for (col, v) in s.cols.iter().zip(row) {
                    obj.insert((*col).into(), Value::String(v.trim().to_string()));
                }
                list.push(Value::Object(obj));
            }
            if !list.is_empty() {
                app.insert(s.key.into(), Value::Array(list));
            }
        }
        (
            serde_json::to_string(&Value::Object(app)).expect("a map of strings serializes"),
            back,
        )
    }

    /// The form filled from an application's JSON.
    pub fn from_application(app: &crate::facts::application::Application) -> CalcForm {
        let value = serde_json::to_value(app).expect("an application serializes");
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let mut form = CalcForm::default();
        for path in SCALARS {
            let mut v = &value;
            for part in path.split('.') {
                v = v.get(part).unwrap_or(&Value::Null);
            }
            form.scalars.insert((*path).to_string(), text(v));
        }
        for s in SECTIONS {
            let rows = value
                .get(s.key)
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|r| s.cols.iter().map(|c| text(r.get(*c).unwrap_or(&Value::Null))).collect())
                        .collect()
                })
                .unwrap_or_default();
            form.rows.insert(s.key, rows);
        }
        form
    }

    /// A form-row error path (`digital_investments[0].amount`, as the reader names it) in
    /// the form's own row numbers.
    pub fn form_path(path: &str, back: &HashMap<(&'static str, usize), usize>) -> String {
        for s in SECTIONS {
            if let Some(rest) = path.strip_prefix(s.key).and_then(|r| r.strip_prefix('['))
                && let Some((i, tail)) = rest.split_once(']')
                && let Ok(i) = i.parse::<usize>()
            {
                let form_i = back.get(&(s.key, i)).copied().unwrap_or(i);
                return format!("{}[{form_i}]{tail}", s.key);
            }
        }
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_added_removed_and_numbered_as_the_form_shows_them() {
        let mut f = CalcForm::default();
        for (n, v) in [
            ("digital_investments[].item", "a"),
            ("digital_investments[].kind", "soft"),
            ("digital_investments[].amount", ""),
            ("digital_investments[].paid_on", ""),
            ("digital_investments[].item", ""),
            ("digital_investments[].kind", "soft"),
            ("digital_investments[].amount", ""),
            ("digital_investments[].paid_on", ""),
        ] {
            f.take(n, v.to_string());
        }
        assert_eq!(f.rows["digital_investments"].len(), 2);
        f.action = "remove:digital_investments:1".into();
        assert!(f.edit_rows());
        assert_eq!(f.rows["digital_investments"].len(), 1);
        f.action = "add:digital_investments".into();
        assert!(f.edit_rows());
        assert_eq!(f.rows["digital_investments"].len(), 2);
    }
}
