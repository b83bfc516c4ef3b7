//! Property-based API test driven by the OpenAPI document: bodies generated from each
//! operation's request schema (valid, nearly valid and wrong), posted in process; no answer
//! is a 5xx, every status is one the document lists, and every body fits its schema.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

use cixi_parks::values::lang::Lang;
use cixi_parks::web::api::OPENAPI;
use cixi_parks::web::{AppState, ServeConfig, router};

/// A small deterministic generator (xorshift), seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let mut v = doc;
            for part in r.trim_start_matches("#/").split('/') {
                v = &v[part];
            }
            v
        }
        None => schema,
    }
}

const STRINGS: &[&str] = &[
    "",
    "慈溪市某小微企业园",
    "周巷镇",
    "<script>alert(1)</script>",
    "x",
    "914403001922038216",
    "A",
    "2022",
];

fn string(rng: &mut Rng, schema: &Value) -> Value {
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        let (y, m, d) = (2019 + rng.below(7), 1 + rng.below(13), 1 + rng.below(31));
        return Value::String(format!("{y}-{m:02}-{d:02}"));
    }
    if schema
        .get("pattern")
        .and_then(Value::as_str)
        .is_some_and(|p| p.contains("[0-9]{1,2}"))
    {
        let whole = rng.below(5_000_000);
        let text = match rng.below(4) {
            0 => format!("{whole}"),
            1 => format!("{whole}.{}", rng.below(100)),
            2 => format!("-{whole}.5"),
            _ => format!("{whole}.{:03}", rng.below(1000)),
        };
        return Value::String(text);
    }
    Value::String(STRINGS[rng.below(STRINGS.len() as u64) as usize].to_string())
}

fn generate(doc: &Value, schema: &Value, rng: &mut Rng, depth: u32) -> Value {
    let schema = resolve(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    // Now and then, something of the wrong kind altogether.
    if rng.chance(3) {
        return [json!(null), json!(7), json!("?"), json!([]), json!({})][rng.below(5) as usize].clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        return options[rng.below(options.len() as u64) as usize].clone();
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let pick = &options[rng.below(options.len() as u64) as usize];
        return generate(doc, pick, rng, depth + 1);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let mut out = Map::new();
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, sub) in props {
                    let wanted = if required.contains(&name.as_str()) { 95 } else { 40 };
                    if rng.chance(wanted) {
                        out.insert(name.clone(), generate(doc, sub, rng, depth + 1));
                    }
                }
            }
            if rng.chance(3) {
                out.insert("unexpected_field".into(), json!(1));
            }
            Value::Object(out)
        }
        Some("array") => {
            let n = rng.below(4);
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array((0..n).map(|_| generate(doc, &items, rng, depth + 1)).collect())
        }
        Some("integer") => {
            let min = schema.get("minimum").and_then(Value::as_i64).unwrap_or(0);
            let max = schema.get("maximum").and_then(Value::as_i64).unwrap_or(10_000);
            json!(min - 1 + rng.below((max - min + 3) as u64) as i64)
        }
        Some("boolean") => json!(rng.chance(50)),
        Some("string") => string(rng, schema),
        _ => json!({}),
    }
}

/// Whether `value` fits `schema` (types, required, enum, const, items, oneOf, $ref).
fn fits(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        return if options.iter().any(|o| fits(doc, o, value, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: fits none of oneOf"))
        };
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{at}: not {c}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} not in enum"));
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        _ => true,
    };
    if !ok {
        return Err(format!("{at}: {value} is not of type {}", schema["type"]));
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for r in required.iter().filter_map(Value::as_str) {
            if value.get(r).is_none() {
                return Err(format!("{at}: `{r}` missing"));
            }
        }
    }
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), value.as_object()) {
        for (name, sub) in props {
            if let Some(v) = obj.get(name) {
                fits(doc, sub, v, &format!("{at}.{name}"))?;
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            fits(doc, items, v, &format!("{at}[{i}]"))?;
        }
        let n = list.len() as u64;
        if schema.get("minItems").and_then(Value::as_u64).is_some_and(|m| n < m)
            || schema.get("maxItems").and_then(Value::as_u64).is_some_and(|m| n > m)
        {
            return Err(format!("{at}: {n} items"));
        }
    }
    Ok(())
}

fn app() -> Router {
    let config = ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        policies: Vec::new(),
        lang: Lang::Zh,
        token: None,
    };
    router(Arc::new(AppState::new(&config).unwrap()))
}

fn check_operation(app: &Router, doc: &Value, path: &str, seed: u64) -> Result<(), String> {
    let op = &doc["paths"][path]["post"];
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let mut rng = Rng(seed | 1);
    let body = generate(doc, schema, &mut rng, 0);
    let text = body.to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (status, content_type, bytes) = runtime.block_on(async {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(text.clone()))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let ct = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, ct, response.into_body().collect().await.unwrap().to_bytes())
    });
    let context = || format!("POST {path} {text} → {status}: {}", String::from_utf8_lossy(&bytes));
    if status.is_server_error() {
        return Err(format!("5xx: {}", context()));
    }
    let listed = &op["responses"][status.as_str()];
    if listed.is_null() {
        return Err(format!("status not in the document: {}", context()));
    }
    let listed = resolve(doc, listed);
    let media = content_type.split(';').next().unwrap_or("");
    let schema = &listed["content"][media]["schema"];
    if schema.is_null() {
        return Err(format!("content type {media} not in the document: {}", context()));
    }
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| format!("not JSON ({e}): {}", context()))?;
    fits(doc, schema, &value, "$").map_err(|e| format!("{e}: {}", context()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_5xx_and_no_response_off_its_schema(seed in any::<u64>()) {
        let doc: Value = serde_json::from_str(OPENAPI).unwrap();
        let app = app();
        let paths: Vec<String> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, ops)| ops["post"]["requestBody"]["content"]["application/json"].is_object())
            .map(|(p, _)| p.clone())
            .collect();
        prop_assert!(paths.len() >= 4);
        for path in &paths {
            if let Err(e) = check_operation(&app, &doc, path, seed) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

#[test]
fn the_generator_reaches_payable_reports() {
    // Not only refusals: some generated applications compute, and their reports fit.
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    let app = app();
    let mut ok = 0;
    for seed in 1..200u64 {
        let op = &doc["paths"]["/api/v1/calc"]["post"];
        let schema = &op["requestBody"]["content"]["application/json"]["schema"];
        let body = generate(&doc, schema, &mut Rng(seed * 7919), 0);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let status = runtime.block_on(async {
            let request = Request::post("/api/v1/calc")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            app.clone().oneshot(request).await.unwrap().status()
        });
        if status.is_success() {
            ok += 1;
        }
        check_operation(&app, &doc, "/api/v1/calc", seed * 7919).unwrap();
    }
    assert!(ok > 0, "no generated application was accepted");
}
