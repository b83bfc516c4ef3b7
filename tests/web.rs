//! `cixi-parks serve` in process (no socket): every route, the API's reports equal to the
//! command line's, problem documents, the pages' data-* contract, HTML snapshots in zh and en.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use cixi_parks::report::calc::{CalcRequest, calc};
use cixi_parks::report::render::Format;
use cixi_parks::values::lang::Lang;
use cixi_parks::web::{API_ROUTES, AppState, ServeConfig, router};

fn app_with(token: Option<&str>) -> Router {
    let config = ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        policies: Vec::new(),
        lang: Lang::Zh,
        token: token.map(str::to_string),
    };
    router(Arc::new(AppState::new(&config).unwrap()))
}

fn app() -> Router {
    app_with(None)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Answer {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn guide_examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/calc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("guide-"))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn calc_answers_exactly_the_report_the_command_line_prints() {
    let app = app();
    for file in guide_examples() {
        let relative = file.strip_prefix(root()).unwrap().to_path_buf();
        let cli = calc(&CalcRequest {
            application: relative.clone(),
            policies: Vec::new(),
            format: Format::Json,
            lang: Lang::Zh,
        })
        .unwrap();
        let yaml = std::fs::read(&file).unwrap();
        let a = send(&app, post("/api/v1/calc", "application/yaml", yaml)).await;
        assert_eq!(a.status, StatusCode::OK, "{}: {}", file.display(), a.body);
        assert_eq!(a.content_type, "application/json");
        // The one difference: the input's name (the digest of its bytes is the same).
        let expected = cli.replace(
            &format!("\"file\": \"{}\"", relative.display()),
            "\"file\": \"request.yaml\"",
        );
        assert_eq!(a.body, expected, "{}", file.display());
    }
}

#[tokio::test]
async fn calc_takes_json_with_the_yaml_schemas_names() {
    let app = app();
    let body = r#"{"park":{"id":"CX-0001","name":"慈溪市某小微企业园","town":"周巷镇","operator":"某运营管理有限公司"},
        "year":2022,"provincial_listing":"2022-04-10","performance_grade":"B",
        "star_rating":{"stars":2,"recognized_on":"2022-12-05"}}"#;
    let a = send(&app, post("/api/v1/calc", "application/json", body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["total"], "300000.00");
    assert_eq!(v["items"][1]["item"], "star_award");
    assert_eq!(v["items"][1]["amount"], "300000.00");
    assert_eq!(v["items"][1]["amount_in_words"], "人民币叁拾万元整");
}

#[tokio::test]
async fn bad_input_is_422_with_every_problem_its_field_and_line() {
    let app = app();
    let yaml = "park: { id: CX-1, name: a, town: b, operator: c }\nyear: 2022\ndigital_investments:\n  - { item: x, kind: soft, amount: 12.345, paid_on: 2022-01-01 }\n";
    let a = send(&app, post("/api/v1/calc", "application/yaml", yaml)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.content_type, "application/problem+json");
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["status"], 422);
    assert_eq!(v["title"], "输入有误");
    assert_eq!(v["errors"][0]["field"], "digital_investments[0].amount");
    assert_eq!(v["errors"][0]["line"], 4);
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("金额最多两位小数"));
    // In English when asked.
    let request = Request::post("/api/v1/calc")
        .header(header::CONTENT_TYPE, "application/yaml")
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::from(yaml))
        .unwrap();
    let a = send(&app, request).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["title"], "The input has problems");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("more than two decimals")
    );
    // Every problem of the facts, not only the first.
    let yaml = "park: { id: '', name: a, town: b, operator: c }\nyear: 2022\nresident_enterprises:\n  - { uscc: 914403001922038216, name: a, city_fiscal_contribution: 1 }\n  - { uscc: 914403001922038216, name: a, city_fiscal_contribution: 1 }\n";
    let a = send(&app, post("/api/v1/calc", "application/yaml", yaml)).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert!(v["errors"].as_array().unwrap().len() >= 2, "{}", a.body);
    // The program's own faults read in the same Chinese words as on the command line.
    let said: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(said.contains(&"不能为空"), "{said:?}");
    assert!(said.contains(&"企业 914403001922038216 重复列出"), "{said:?}");
}

#[tokio::test]
async fn unknown_route_wrong_method_too_large_wrong_type_are_problems() {
    let app = app();
    let a = send(&app, get("/nowhere")).await;
    assert_eq!(
        (a.status, a.content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    let a = send(&app, get("/api/v1/calc")).await;
    assert_eq!(
        (a.status, a.content_type.as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "application/problem+json")
    );
    let big = vec![b' '; 2 * 1024 * 1024];
    let a = send(&app, post("/api/v1/calc", "application/yaml", big)).await;
    assert_eq!(
        (a.status, a.content_type.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "application/problem+json")
    );
    let a = send(&app, post("/api/v1/calc", "text/plain", "year: 2022")).await;
    assert_eq!(
        (a.status, a.content_type.as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "application/problem+json")
    );
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["status"], 415);
}

#[tokio::test]
async fn estimate_check_policy_and_verify_answer_what_the_command_line_prints() {
    let app = app();
    // estimate: the facts and a plan.
    let facts = std::fs::read_to_string(root().join("fixtures/plan/base-2023.yaml")).unwrap();
    let plan = std::fs::read_to_string(root().join("fixtures/plan/three-stars-and-a-platform.yaml")).unwrap();
    let indent = |t: &str| t.lines().map(|l| format!("  {l}\n")).collect::<String>();
    let body = format!("application:\n{}plan:\n{}", indent(&facts), indent(&plan));
    let a = send(&app, post("/api/v1/estimate", "application/yaml", body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let policy = cixi_parks::LoadedPolicy::load(&[]).unwrap();
    let app_facts = cixi_parks::facts::input::read_application(&root().join("fixtures/plan/base-2023.yaml"))
        .unwrap()
        .application;
    let plan_v =
        cixi_parks::facts::input::read_plan(&root().join("fixtures/plan/three-stars-and-a-platform.yaml")).unwrap();
    let planned = plan_v.carried_out(&app_facts);
    let e = cixi_parks::operate::estimate::estimate(&app_facts, &planned, &policy)
        .unwrap()
        .in_words(Lang::Zh);
    let mut expected = serde_json::to_string_pretty(&e).unwrap();
    expected.push('\n');
    assert_eq!(a.body, expected);

    // check
    let profile = std::fs::read(root().join("fixtures/profile/compliant.yaml")).unwrap();
    let a = send(&app, post("/api/v1/check", "application/yaml", profile)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["all_passed"], true);

    // policy
    let a = send(&app, get("/api/v1/policy")).await;
    let mut expected = serde_json::to_string_pretty(&policy.policy).unwrap();
    expected.push('\n');
    assert_eq!(a.body, expected);

    // verify a report the API wrote
    let yaml =
        std::fs::read(root().join("fixtures/calc/guide-6-4-digital-counts-only-this-years-investment.yaml")).unwrap();
    let report = send(&app, post("/api/v1/calc", "application/yaml", yaml)).await.body;
    let a = send(&app, post("/api/v1/verify", "application/json", report.clone())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["reproduced"], true, "{}", a.body);
    // an edited figure does not reproduce
    let edited = report.replacen("\"486913.58\"", "\"486913.59\"", 1);
    let a = send(&app, post("/api/v1/verify", "application/json", edited)).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["reproduced"], false, "{}", a.body);
    // what is not a report is said in Chinese, as on the command line
    let a = send(&app, post("/api/v1/verify", "application/json", "{}")).await;
    assert!(a.body.contains("不是 calc 报告或批量输出的汇总"), "{}", a.body);
    // health
    let a = send(&app, get("/healthz")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "{\"status\":\"ok\"}\n"));
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_api_routes() {
    let app = app();
    let a = send(&app, get("/api/v1/openapi.json")).await;
    let doc: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            assert!(op["responses"]["200"].is_object(), "{method} {path}: a 200 response");
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut routes: Vec<(String, String)> = API_ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routes.sort();
    assert_eq!(documented, routes);
    // Every route listed answers (not 404, not 405) to its method.
    for (method, path) in API_ROUTES {
        let request = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(*path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let a = send(&app, request).await;
        assert!(
            a.status != StatusCode::NOT_FOUND && a.status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            a.status
        );
        assert!(!a.status.is_server_error(), "{method} {path}: {}", a.body);
    }
}

/// A multipart body of text fields.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "XcixiBoundaryX";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((name, file_name, bytes)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

const GUIDE_6_1: &[(&str, &str)] = &[
    ("park.id", "CX-0001"),
    ("park.name", "慈溪市某小微企业园"),
    ("park.town", "周巷镇"),
    ("park.operator", "某运营管理有限公司"),
    ("year", "2022"),
    ("provincial_listing", "2022-04-10"),
    ("performance_grade", "B"),
    ("star_rating.stars", "2"),
    ("star_rating.recognized_on", "2022-12-05"),
    ("completion_accepted_on", ""),
    ("action", "calc"),
];

#[tokio::test]
async fn the_result_page_carries_the_data_contract() {
    let app = app();
    let (ct, body) = multipart(GUIDE_6_1, None);
    let a = send(&app, post("/?lang=zh", &ct, body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.content_type.starts_with("text/html"));
    for item in ["provincial_listing", "star_award", "fiscal_rebate", "digital_subsidy"] {
        assert!(a.body.contains(&format!("data-item=\"{item}\"")), "{item}");
    }
    assert!(a.body.contains("<span class=\"plain\" data-amount>300000.00</span>"));
    assert!(a.body.contains("<span class=\"plain\" data-total>300000.00</span>"));
    assert!(a.body.contains("300,000.00"));
    assert!(a.body.contains("人民币叁拾万元整"));
}

#[tokio::test]
async fn input_is_never_echoed_as_html() {
    let app = app();
    let mut fields = GUIDE_6_1.to_vec();
    fields[1] = ("park.name", "<script>alert(1)</script>");
    let (ct, body) = multipart(&fields, None);
    let a = send(&app, post("/", &ct, body)).await;
    assert!(!a.body.contains("<script>alert"), "escaped");
    assert!(a.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        a.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert!(
        !a.body.contains("<script>") || !a.body.contains("</script><"),
        "no inline script"
    );
}

#[tokio::test]
async fn every_page_answers_in_both_languages() {
    let app = app();
    for path in ["/", "/check", "/batch", "/verify", "/policy"] {
        for (lang, word) in [("zh", "试算"), ("en", "Calculate")] {
            let a = send(&app, get(&format!("{path}?lang={lang}"))).await;
            assert_eq!(a.status, StatusCode::OK, "{path}");
            assert!(a.body.contains(word), "{path} {lang}");
            assert!(a.body.contains("href=\"/assets/style.css\""));
        }
    }
    let a = send(&app, get("/assets/style.css")).await;
    assert!(a.content_type.starts_with("text/css"));
    let a = send(&app, get("/assets/app.js")).await;
    assert!(a.content_type.starts_with("text/javascript"));
}

#[tokio::test]
async fn html_snapshots_of_a_result_in_zh_and_en() {
    let app = app();
    for lang in ["zh", "en"] {
        let (ct, body) = multipart(GUIDE_6_1, None);
        let a = send(&app, post(&format!("/?lang={lang}"), &ct, body)).await;
        // One element a line, for a readable snapshot.
        // The policy's digest moves with any edit of policy.yaml: redacted here (tested elsewhere).
        let digest = cixi_parks::LoadedPolicy::load(&[]).unwrap().digest;
        // So does the engine's version, with every change that can move a figure.
        let html = a
            .body
            .replace("><", ">\n<")
            .replace(&digest, "[policy digest]")
            .replace(
                &format!("cixi-parks {}", env!("CARGO_PKG_VERSION")),
                "cixi-parks [version]",
            );
        insta::assert_snapshot!(format!("web_calc_guide_6_1_{lang}"), html);
    }
}

#[tokio::test]
async fn batch_and_verify_pages_round_trip_the_guide_tables() {
    let app = app();
    let dir = root().join("fixtures/batch/guide");
    let mut body = Vec::new();
    let boundary = "XcixiBoundaryX";
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    for p in &names {
        let name = p.file_name().unwrap().to_str().unwrap();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        body.extend_from_slice(&std::fs::read(p).unwrap());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let a = send(
        &app,
        post("/batch", &format!("multipart/form-data; boundary={boundary}"), body),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("<span class=\"plain\" data-total>4686913.58</span>"));
    let start = a.body.find("/batch/").unwrap();
    let link = &a.body[start..start + a.body[start..].find('"').unwrap()];
    let link = link.replace("&amp;", "&");
    let zip_link = if link.ends_with("ledger.zip") {
        link.clone()
    } else {
        format!("{}/ledger.zip", link.trim_end_matches("/notices"))
    };
    let zip = app.clone().oneshot(get(&zip_link)).await.unwrap();
    assert_eq!(zip.status(), StatusCode::OK);
    let bytes = zip.into_body().collect().await.unwrap().to_bytes();
    let a = send(&app, post("/api/v1/verify", "application/zip", bytes.clone())).await;
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["reproduced"], true, "{}", a.body);
    let notices = send(&app, get(&zip_link.replace("ledger.zip", "notices"))).await;
    assert_eq!(
        notices.body.matches("class=\"notice\"").count(),
        5,
        "five payable items"
    );
}

#[tokio::test]
async fn a_token_guards_the_api_and_the_pages() {
    let token = "0123456789abcdef-token";
    let app = app_with(Some(token));
    let a = send(&app, get("/api/v1/policy")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.content_type, "application/problem+json");
    let request = Request::get("/api/v1/policy")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    let a = send(&app, get("/")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.headers[header::LOCATION], "/signin");
    let a = send(
        &app,
        post("/signin", "application/x-www-form-urlencoded", format!("token={token}")),
    )
    .await;
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly"));
    let request = Request::get("/")
        .header(header::COOKIE, cookie.split(';').next().unwrap())
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    // Failed attempts are limited.
    let mut last = StatusCode::OK;
    for _ in 0..12 {
        let request = Request::get("/api/v1/policy")
            .header(header::AUTHORIZATION, "Bearer wrong")
            .body(Body::empty())
            .unwrap();
        last = send(&app, request).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn the_profile_form_carries_every_fact_of_a_profile() {
    use cixi_parks::web::profile_form::ProfileForm;
    let policy = cixi_parks::LoadedPolicy::load(&[]).unwrap();
    for name in [
        "compliant.yaml",
        "fail-plot-ratio.yaml",
        "not-enough-data.yaml",
        "fail-leading-industries.yaml",
    ] {
        let file = root().join("fixtures/profile").join(name);
        let profile = cixi_parks::facts::input::read_profile(&file, policy.policy.m2_per_mu()).unwrap();
        let json = ProfileForm::from_profile(&profile).to_json();
        let again =
            cixi_parks::facts::input::parse_profile(&json, Path::new("form"), policy.policy.m2_per_mu()).unwrap();
        let a = cixi_parks::operate::standards::check(&profile, &policy.policy).in_words(Lang::Zh);
        let b = cixi_parks::operate::standards::check(&again, &policy.policy).in_words(Lang::Zh);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn uploads_may_be_larger_than_other_bodies_and_a_bad_zip_is_a_problem() {
    let app = app();
    let big = vec![b'x'; 2 * 1024 * 1024];
    let a = send(&app, post("/api/v1/verify", "application/zip", big.clone())).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.content_type, "application/problem+json");
    assert!(a.body.contains("不是可读的 zip 文件"), "{}", a.body);
    let a = send(&app, post("/api/v1/verify?lang=en", "application/zip", big.clone())).await;
    assert!(a.body.contains("not a readable zip"), "{}", a.body);
    let a = send(&app, post("/api/v1/check", "application/yaml", big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_json_body_gives_the_same_report_as_the_same_facts_in_yaml() {
    let app = app();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/calc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            // Fixtures computed under an overlay are not for the embedded policy.
            !std::fs::read_to_string(p).unwrap().contains("# policy:")
        })
        .collect();
    files.sort();
    assert!(files.len() > 20);
    for file in files {
        let yaml = std::fs::read_to_string(&file).unwrap();
        let facts = cixi_parks::facts::input::parse_application(&yaml, &file).unwrap();
        let json = serde_json::to_string(&facts).unwrap();
        let a = send(&app, post("/api/v1/calc", "application/json", json.clone())).await;
        let b = send(&app, post("/api/v1/calc", "application/yaml", json)).await;
        assert_eq!(a.status, StatusCode::OK, "{}: {}", file.display(), a.body);
        assert_eq!(
            a.body,
            b.body.replace("request.yaml", "request.json"),
            "{}",
            file.display()
        );
        let y = send(&app, post("/api/v1/calc", "application/yaml", yaml)).await;
        let strip = |t: &str| {
            let mut v: serde_json::Value = serde_json::from_str(t).unwrap();
            v["inputs"] = serde_json::Value::Null;
            v
        };
        assert_eq!(strip(&a.body), strip(&y.body), "{}", file.display());
    }
}

#[test]
fn serving_beyond_loopback_needs_a_token_or_no_auth() {
    let config = ServeConfig {
        addr: "0.0.0.0:0".parse().unwrap(),
        policies: Vec::new(),
        lang: Lang::Zh,
        token: None,
    };
    let e = cixi_parks::web::serve(config, false).unwrap_err();
    assert!(e.to_string().contains("--token-file"), "{e}");
    let short = std::env::temp_dir().join(format!("cixi-token-{}", std::process::id()));
    std::fs::write(&short, "short\n").unwrap();
    assert!(cixi_parks::web::read_token(&short).is_err());
    std::fs::remove_file(&short).unwrap();
}

#[tokio::test]
async fn a_zip_of_the_tables_is_a_batch_too() {
    use std::io::Write;
    let app = app();
    let dir = root().join("fixtures/batch/guide");
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default();
        for name in [
            "parks.csv",
            "enterprises.csv",
            "investments.csv",
            "grants.csv",
            "overrides.csv",
        ] {
            zip.start_file(format!("guide/{name}"), options).unwrap();
            zip.write_all(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        }
        zip.finish().unwrap();
    }
    let boundary = "XcixiBoundaryX";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"guide.zip\"\r\nContent-Type: application/zip\r\n\r\n").into_bytes();
    body.extend_from_slice(&buffer.into_inner());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let a = send(
        &app,
        post(
            "/batch?lang=en",
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("<span class=\"plain\" data-total>4686913.58</span>"));
    assert!(a.body.contains("data-town=\"周巷镇\""));
}

/// A table the batch cannot read is said on the batch page in the page's language, as on the
/// command line (the file named, the column missing, the fix).
#[tokio::test]
async fn a_batch_error_on_the_page_is_said_in_chinese() {
    let app = app();
    let boundary = "XcixiBoundaryX";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"parks.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend_from_slice("park_id,year\r\nCX-0001,2022\r\n".as_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let ct = format!("multipart/form-data; boundary={boundary}");
    let a = send(&app, post("/batch?lang=zh", &ct, body.clone())).await;
    assert!(a.body.contains("表头没有 `name`"), "{}", a.body);
    let a = send(&app, post("/batch?lang=en", &ct, body)).await;
    assert!(a.body.contains("no column `name` in the header"), "{}", a.body);
}
