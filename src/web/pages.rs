//! The pages, server-rendered from compile-checked templates (maud): plain forms that work
//! without a script. Every figure comes from the library calls the command line makes.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::engine::assessment::assess;
use crate::facts::application::Application;
use crate::report::render::{InputRef, Report};
use crate::report::trace_words::item_name;
use crate::report::trace_words::status_name;
use crate::values::capital::in_capitals;
use crate::values::digest::sha256_hex;
use crate::values::item::ItemId;
use crate::values::lang::Lang;
use crate::values::money::Money;
use crate::web::api::{Upload, calc_report, check_report, verify_upload};
use crate::web::form::{CalcForm, PLAN, SECTIONS, row_field};
use crate::web::problem::{FieldProblem, field_problems};
use crate::web::profile_form::{
    FIELDS as PROFILE_FIELDS, INDUSTRY_COLS, Kind as ProfileKind, ProfileForm, industry_field,
};
use crate::web::words::{fault_message, message, w};
use crate::web::{Shared, request_lang};

/// Which page, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// 试算
    Calc,
    /// 达标自查
    Check,
    /// 批量
    Batch,
    /// 核验
    Verify,
    /// 政策
    Policy,
    /// 审批表
    Notice,
    /// 登录
    Signin,
}

const NAV: [(Page, &str, &str); 5] = [
    (Page::Calc, "/", "nav_calc"),
    (Page::Check, "/check", "nav_check"),
    (Page::Batch, "/batch", "nav_batch"),
    (Page::Verify, "/verify", "nav_verify"),
    (Page::Policy, "/policy", "nav_policy"),
];

fn lang_code(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

/// Every page's frame: navigation, the 中文/English switch, the stylesheet and the script.
pub fn layout(lang: Lang, page: Page, title: &str, body: Markup) -> Markup {
    let here = NAV
        .iter()
        .find(|(p, _, _)| *p == page)
        .map_or("/", |(_, href, _)| *href);
    let other = if lang == Lang::En { "zh" } else { "en" };
    html! {
        (DOCTYPE)
        html lang=(if lang == Lang::En { "en" } else { "zh-CN" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (w(lang, "app_name")) }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header {
                    span.brand { (w(lang, "app_name")) }
                    nav {
                        @for (p, href, key) in NAV {
                            @if p == page {
                                a href=(format!("{href}?lang={}", lang_code(lang))) aria-current="page" { (w(lang, key)) }
                            } @else {
                                a href=(format!("{href}?lang={}", lang_code(lang))) { (w(lang, key)) }
                            }
                            " "
                        }
                    }
                    a.lang href=(format!("{here}?lang={other}")) hreflang=(other) { (w(lang, "switch")) }
                }
                main { h1 { (title) } (body) }
                footer { (w(lang, "offline")) " · " (crate::engine::ENGINE.name) " " (crate::engine::ENGINE.version) }
            }
        }
    }
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    let mut r = (status, markup.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// `1234567.89` as `1,234,567.89`.
pub fn grouped(m: Money) -> String {
    let text = m.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{fraction}")
}

/// An amount as people read it, with the plain figure for programs beside it.
fn amount_cell(m: Money) -> Markup {
    html! {
        td.num { span.shown { (grouped(m)) } span.plain data-amount { (m.to_string()) } }
    }
}

fn field_errors(errors: &[FieldProblem], path: &str) -> Markup {
    html! {
        @for e in errors.iter().filter(|e| e.field == path || e.field.starts_with(&format!("{path}."))) {
            span.field-error role="alert" data-error-for=(path) { (e.message) }
        }
    }
}

fn text_input(form: &CalcForm, errors: &[FieldProblem], path: &'static str, lang: Lang, kind: &str) -> Markup {
    html! {
        label {
            (w(lang, path)) " "
            input type=(kind) name=(path) value=(form.get(path)) aria-invalid=[errors.iter().any(|e| e.field == path).then_some("true")];
            (field_errors(errors, path))
        }
    }
}

fn select(name: &str, current: &str, options: &[(&str, String)], label: &str) -> Markup {
    html! {
        select name=(name) aria-label=(label) {
            @for (value, text) in options {
                option value=(value) selected[*value == current] { (text) }
            }
        }
    }
}

fn item_options(lang: Lang) -> Vec<(&'static str, String)> {
    let mut v = vec![("", String::new())];
    v.extend(
        ItemId::ALL
            .iter()
            .map(|i| (i.as_str(), item_name(*i, lang).to_string())),
    );
    v
}

fn col_label(col: &str) -> &'static str {
    match col {
        "uscc" => "uscc",
        "name" => "enterprise_name",
        "city_fiscal_contribution" => "city_fiscal_contribution",
        "kind" => "kind",
        "amount" => "amount",
        "paid_on" => "paid_on",
        "year" => "year",
        "source" => "source",
        "approval" => "approval",
        _ => "item",
    }
}

fn rows_fieldset(form: &CalcForm, errors: &[FieldProblem], lang: Lang, s: &crate::web::form::Section) -> Markup {
    let rows = form.rows.get(s.key).map_or(&[][..], Vec::as_slice);
    html! {
        fieldset data-section=(s.key) {
            legend { (w(lang, s.key)) }
            @if !rows.is_empty() {
                table {
                    thead { tr {
                        @for col in s.cols { th { (w(lang, if s.key == "digital_investments" && *col == "item" { "inv_item" } else { col_label(col) })) } }
                        th {}
                    } }
                    tbody {
                        @for (i, row) in rows.iter().enumerate() {
                            tr data-row=(i) {
                                @for (c, col) in s.cols.iter().enumerate() {
                                    @let name = row_field(s.key, col);
                                    @let path = format!("{}[{i}].{col}", s.key);
                                    @let label = w(lang, col_label(col));
                                    td {
                                        @if *col == "kind" {
                                            (select(&name, &row[c], &[("", String::new()), ("soft", w(lang, "soft").into()), ("hardware", w(lang, "hardware").into())], label))
                                        } @else if *col == "item" && s.key != "digital_investments" {
                                            (select(&name, &row[c], &item_options(lang), label))
                                        } @else if *col == "paid_on" {
                                            input type="date" name=(name) value=(row[c]) aria-label=(label);
                                        } @else {
                                            input type="text" name=(name) value=(row[c]) aria-label=(label);
                                        }
                                        (field_errors(errors, &path))
                                    }
                                }
                                td { button type="submit" name="action" value=(format!("remove:{}:{i}", s.key)) formnovalidate { (w(lang, "remove_row")) } }
                            }
                        }
                    }
                }
            }
            @for e in errors.iter().filter(|e| e.field == s.key) { span.field-error role="alert" { (e.message) } }
            button type="submit" name="action" value=(format!("add:{}", s.key)) formnovalidate { (w(lang, "add_row")) }
        }
    }
}

fn calc_form(form: &CalcForm, errors: &[FieldProblem], lang: Lang) -> Markup {
    let grades: Vec<(&str, String)> = vec![
        ("", w(lang, "none").into()),
        ("A", "A".into()),
        ("B", "B".into()),
        ("C", "C".into()),
        ("D", "D".into()),
    ];
    let stars: Vec<(&str, String)> = vec![
        ("", w(lang, "none").into()),
        ("1", "1★".into()),
        ("2", "2★".into()),
        ("3", "3★".into()),
        ("4", "4★".into()),
        ("5", "5★".into()),
    ];
    let shown: Vec<&FieldProblem> = errors.iter().collect();
    html! {
        @if !shown.is_empty() {
            div.error role="alert" id="errors" {
                p { (w(lang, "errors_title")) }
                ul { @for e in &shown { li { @if !e.field.is_empty() { code { (e.field) } "：" } (e.message) } } }
            }
        }
        form method="post" action=(format!("/?lang={}", lang_code(lang))) enctype="multipart/form-data" id="calc" {
            fieldset.no-print {
                legend { (w(lang, "upload_yaml")) }
                input type="file" name="file" accept=".yaml,.yml,application/yaml";
                " "
                button type="submit" name="action" value="fill" formnovalidate { (w(lang, "fill")) }
            }
            fieldset {
                legend { (w(lang, "park")) }
                (text_input(form, errors, "park.id", lang, "text"))
                (text_input(form, errors, "park.name", lang, "text"))
                (text_input(form, errors, "park.town", lang, "text"))
                (text_input(form, errors, "park.operator", lang, "text"))
                br;
                (text_input(form, errors, "year", lang, "text"))
                (text_input(form, errors, "provincial_listing", lang, "date"))
                label { (w(lang, "performance_grade")) " " (select("performance_grade", form.get("performance_grade"), &grades, w(lang, "performance_grade"))) (field_errors(errors, "performance_grade")) }
                br;
                label { (w(lang, "stars")) " " (select("star_rating.stars", form.get("star_rating.stars"), &stars, w(lang, "stars"))) (field_errors(errors, "star_rating.stars")) }
                (text_input(form, errors, "star_rating.recognized_on", lang, "date"))
                (text_input(form, errors, "completion_accepted_on", lang, "date"))
                (field_errors(errors, "star_rating"))
            }
            @for s in SECTIONS { (rows_fieldset(form, errors, lang, s)) }
            fieldset {
                legend { (w(lang, "whatif")) }
                label { (w(lang, "plan_stars")) " " (select("plan.stars", form.get("plan.stars"), &stars, w(lang, "plan_stars"))) }
                label { (w(lang, "plan_soft")) " " input type="text" name="plan.soft" value=(form.get("plan.soft")); (field_errors(errors, "plan.soft")) }
                label { (w(lang, "plan_hardware")) " " input type="text" name="plan.hardware" value=(form.get("plan.hardware")); (field_errors(errors, "plan.hardware")) }
            }
            div.actions {
                button type="submit" name="action" value="calc" id="calculate" { (w(lang, "calculate")) }
                button type="submit" name="action" value="yaml" { (w(lang, "download_yaml")) }
                button type="submit" name="action" value="json" { (w(lang, "download_json")) }
                button type="submit" name="action" value="notice" { (w(lang, "print_notices")) }
            }
        }
    }
}

fn calc_result(app: &Application, state: &Shared, form: &CalcForm, lang: Lang) -> Result<Markup, Vec<FieldProblem>> {
    let policy = &state.policy;
    let assessment = assess(app, policy).map_err(|e| {
        vec![FieldProblem {
            field: String::new(),
            line: None,
            message: message(lang, &e.to_string()),
        }]
    })?;
    let report = Report::new(&assessment, app, policy, Vec::new(), lang);
    let estimate = what_if(app, state, form, lang)?;
    let explained =
        crate::report::explain::explain(&assessment, app, Path::new("application.yaml"), policy, None, lang);
    Ok(html! {
        section #result {
            h2 { (w(lang, "result")) " · " (report.park.name) " · " (report.year) }
            table #items {
                thead { tr {
                    th { (w(lang, "item")) } th { (w(lang, "recipient")) } th.num { (w(lang, "amount_yuan")) }
                    th { (w(lang, "in_words")) } th { (w(lang, "status")) } th { (w(lang, "reason")) }
                } }
                tbody {
                    @for item in &report.items {
                        tr data-item=(item.item.as_str()) data-status=(serde_json::to_value(item.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) {
                            td { (item_name(item.item, lang)) }
                            td { (item.recipient) }
                            (amount_cell(item.amount))
                            td.words { (item.amount_in_words) }
                            td class=(format!("status-{}", serde_json::to_value(item.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())) { (status_name(item.status, lang)) }
                            td {
                                (item.reason)
                                details {
                                    summary { (w(lang, "derivation")) }
                                    p { strong { (w(lang, "clause")) " " (item.clause) } " " (item.words) }
                                    @if !item.formula.is_empty() { ol.steps { @for step in &item.formula { li { (step) } } } }
                                    @if !item.conditions.is_empty() { ul.steps { @for c in &item.conditions { li { (c) } } } }
                                }
                            }
                        }
                    }
                }
                tfoot { tr {
                    th { (w(lang, "total")) } td {}
                    td.num { span.shown { (grouped(report.total)) } span.plain data-total { (report.total.to_string()) } }
                    td.words data-total-words { (report.total_in_words) } td {} td {}
                } }
            }
            p.muted { (w(lang, "policy_digest")) " " code { (report.policy.digest) } }
            details {
                summary { (w(lang, "derivation")) }
                pre { (explained) }
            }
            (estimate)
        }
    })
}

fn what_if(app: &Application, state: &Shared, form: &CalcForm, lang: Lang) -> Result<Markup, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let mut body = crate::web::api::EstimateBody {
        application: app.clone(),
        plan: crate::facts::plan::Plan::default(),
        stars: None,
        recognized_on: None,
        soft: None,
        hardware: None,
        paid_on: None,
    };
    let stars = form.get("plan.stars").trim();
    if !stars.is_empty() {
        body.stars = stars.parse().ok();
    }
    for (path, slot) in [("plan.soft", &mut body.soft), ("plan.hardware", &mut body.hardware)] {
        let text = form.get(path).trim();
        if !text.is_empty() {
            match Money::parse(text) {
                Ok(m) if !m.is_negative() => *slot = Some(m),
                Ok(m) => errors.push(FieldProblem {
                    field: path.into(),
                    line: None,
                    message: fault_message(
                        lang,
                        &crate::facts::fault::Fault::Negative {
                            amount_of: crate::facts::fault::NegativeAmount::Investment,
                            amount: m,
                        },
                    ),
                }),
                Err(e) => errors.push(FieldProblem {
                    field: path.into(),
                    line: None,
                    message: message(lang, &e.to_string()),
                }),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let plan = body.full_plan().map_err(|m| {
        vec![FieldProblem {
            field: "plan.stars".into(),
            line: None,
            message: message(lang, &m),
        }]
    })?;
    let planned = plan.carried_out(app);
    let e = crate::operate::estimate::estimate(app, &planned, &state.policy)
        .map(|e| e.in_words(lang))
        .map_err(|e| {
            vec![FieldProblem {
                field: String::new(),
                line: None,
                message: message(lang, &e.to_string()),
            }]
        })?;
    let cap = &e.digital_cap;
    Ok(html! {
        section #estimate {
            h2 { (w(lang, "whatif")) }
            table {
                thead { tr { th { (w(lang, "item")) } th.num { (w(lang, "now")) } th.num { (w(lang, "planned")) } th.num { (w(lang, "change")) } } }
                tbody {
                    @for i in &e.items {
                        tr data-estimate-item=(i.item.as_str()) {
                            td { (item_name(i.item, lang)) }
                            td.num { (grouped(i.now)) } td.num { (grouped(i.planned)) } td.num { (grouped(i.change)) }
                        }
                    }
                }
                tfoot { tr { th { (w(lang, "total")) } td.num { (grouped(e.total_now)) } td.num { (grouped(e.total_planned)) } td {} } }
            }
            ul {
                @if let Some(c) = cap.cap { li { (w(lang, "cap")) "：" (c.to_string()) } }
                @if cap.reached { li { (w(lang, "cap_reached")) } }
                @if let Some(m) = cap.soft_needed { li data-soft-needed=(m.to_string()) { (w(lang, "soft_needed")) "：" (grouped(m)) } }
                @if let Some(m) = cap.hardware_needed { li data-hardware-needed=(m.to_string()) { (w(lang, "hardware_needed")) "：" (grouped(m)) } }
                @if let Some(b) = &cap.blocked_by { li { (b) } }
            }
        }
    })
}

/// GET /
pub async fn calc_page(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let form = CalcForm::default();
    html_response(
        StatusCode::OK,
        layout(lang, Page::Calc, w(lang, "nav_calc"), calc_form(&form, &[], lang)),
    )
}

/// Reads a multipart form: text fields into the form, files by field name.
async fn read_multipart(
    mut multipart: Multipart,
    form: &mut CalcForm,
) -> Result<Vec<(String, String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let bytes = field.bytes().await.map_err(|e| e.body_text())?;
            if !bytes.is_empty() || !file_name.is_empty() {
                files.push((name, file_name, bytes.to_vec()));
            }
        } else {
            let text = field.text().await.map_err(|e| e.body_text())?;
            form.take(&name, text);
        }
    }
    Ok(files)
}

fn attachment(body: String, kind: &'static str, name: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// POST /: fill from a file, add or remove a row, calculate, download, or print notices.
pub async fn calc_post(State(state): State<Shared>, headers: HeaderMap, uri: Uri, multipart: Multipart) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let mut form = CalcForm::default();
    let page = |form: &CalcForm, errors: &[FieldProblem], result: Option<Markup>, status: StatusCode| {
        html_response(
            status,
            layout(
                lang,
                Page::Calc,
                w(lang, "nav_calc"),
                html! { (calc_form(form, errors, lang)) @if let Some(r) = result { (r) } },
            ),
        )
    };
    let files = match read_multipart(multipart, &mut form).await {
        Ok(f) => f,
        Err(m) => {
            let errors = vec![FieldProblem {
                field: String::new(),
                line: None,
                message: m,
            }];
            return page(&form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    if form.edit_rows() {
        return page(&form, &[], None, StatusCode::OK);
    }
    // An uploaded application fills the form (and is calculated at once).
    if let Some((_, _, bytes)) = files.iter().find(|(n, _, b)| n == "file" && !b.is_empty()) {
        let plan: Vec<(String, String)> = PLAN.iter().map(|p| (p.to_string(), form.get(p).to_string())).collect();
        let parsed = std::str::from_utf8(bytes)
            .map_err(|_| {
                vec![FieldProblem {
                    field: String::new(),
                    line: None,
                    message: message(lang, "not UTF-8 text: save it as UTF-8"),
                }]
            })
            .and_then(|text| {
                crate::facts::input::parse_application(text, Path::new("application.yaml"))
                    .map_err(|e| field_problems(&e, lang))
            });
        match parsed {
            Ok(app) => {
                form = CalcForm::from_application(&app);
                for (k, v) in plan {
                    form.scalars.insert(k, v);
                }
            }
            Err(errors) => {
                let errors: Vec<FieldProblem> = errors
                    .into_iter()
                    .map(|mut e| {
                        if let Some(line) = e.line {
                            e.message = format!("application.yaml:{line}: {}", e.message);
                        }
                        e
                    })
                    .collect();
                return page(&form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
            }
        }
    }
    let (json, back) = form.to_json();
    let app = match crate::web::api::read_body_application(&json, crate::web::api::BodyKind::Json, Path::new("form")) {
        Ok(app) => app,
        Err(e) => {
            let errors: Vec<FieldProblem> = field_problems(&e, lang)
                .into_iter()
                .map(|mut p| {
                    p.field = CalcForm::form_path(&p.field, &back);
                    p.line = None;
                    p
                })
                .collect();
            return page(&form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let yaml = serde_saphyr::to_string(&app).unwrap_or_default();
    match form.action.as_str() {
        "yaml" => return attachment(yaml, "application/yaml; charset=utf-8", "application.yaml"),
        "json" | "notice" => {
            let input = InputRef {
                file: "application.yaml".into(),
                sha256: sha256_hex(yaml.as_bytes()),
            };
            let json = match calc_report(&app, &state, input, lang) {
                Ok(j) => j,
                Err(e) => {
                    let errors = vec![FieldProblem {
                        field: String::new(),
                        line: None,
                        message: message(lang, &e.to_string()),
                    }];
                    return page(&form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY);
                }
            };
            if form.action == "json" {
                return attachment(json, "application/json", "report.json");
            }
            return calc_notices(&app, &state, &json, lang);
        }
        _ => {}
    }
    match calc_result(&app, &state, &form, lang) {
        Ok(result) => page(&form, &[], Some(result), StatusCode::OK),
        Err(errors) => page(&form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY),
    }
}

/// One notice to print.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Park id and name.
    pub park: String,
    /// Year.
    pub year: String,
    /// Recipient.
    pub recipient: String,
    /// Item.
    pub item: ItemId,
    /// Clause.
    pub clause: String,
    /// The policy's words.
    pub words: String,
    /// Amount.
    pub amount: Money,
}

fn notices_page(notices: &[Notice], digest: &str, report_sha: &str, lang: Lang) -> Response {
    let body = html! {
        div.actions.no-print { button type="button" data-print hidden { (w(lang, "print")) } }
        @if notices.is_empty() { p { (w(lang, "no_payable")) } }
        @for n in notices {
            section.notice data-notice=(n.item.as_str()) {
                h1 { (w(lang, "notice_title")) }
                table {
                    tr { td { (w(lang, "park")) } td { (n.park) } }
                    tr { td { (w(lang, "year")) } td { (n.year) } }
                    tr { td { (w(lang, "recipient")) } td { (n.recipient) } }
                    tr { td { (w(lang, "item")) } td { (item_name(n.item, lang)) } }
                    tr { td { (w(lang, "clause")) } td { (n.clause) } }
                    tr { td { (w(lang, "words")) } td { (n.words) } }
                    tr { td { (w(lang, "notice_amount_figures")) } td { "¥" (grouped(n.amount)) } }
                    tr { td { (w(lang, "notice_amount_words")) } td { (in_capitals(n.amount)) } }
                    tr { td { (w(lang, "policy_digest")) } td { code { (digest) } } }
                    tr { td { (w(lang, "report_sha")) } td { code { (report_sha) } } }
                }
                table.sign {
                    @for key in ["sign_applicant", "sign_town", "sign_bureau", "sign_finance"] {
                        tr { td { (w(lang, key)) } td { (PreEscaped("&nbsp;")) } td { (w(lang, "date")) "：" } }
                    }
                }
            }
        }
    };
    html_response(
        StatusCode::OK,
        layout(lang, Page::Notice, w(lang, "notice_title"), body),
    )
}

fn calc_notices(app: &Application, state: &Shared, report_json: &str, lang: Lang) -> Response {
    let Ok(assessment) = assess(app, &state.policy) else {
        return html_response(StatusCode::UNPROCESSABLE_ENTITY, html! {});
    };
    let notices: Vec<Notice> = assessment
        .items
        .iter()
        .filter(|i| !i.amount.is_zero())
        .map(|i| Notice {
            park: format!("{}（{}）", app.park.name, app.park.id),
            year: app.year.to_string(),
            recipient: i.recipient.to_string(),
            item: i.item,
            clause: i.clause.to_string(),
            words: i.words.to_string(),
            amount: i.amount,
        })
        .collect();
    notices_page(
        &notices,
        &state.policy.digest,
        &sha256_hex(report_json.as_bytes()),
        lang,
    )
}

// ---------------------------------------------------------------- check

fn check_form(form: &ProfileForm, errors: &[FieldProblem], lang: Lang) -> Markup {
    let label = |zh: &'static str, en: &'static str| if lang == Lang::En { en } else { zh };
    let flags: Vec<(&str, String)> = vec![
        ("", String::new()),
        ("true", if lang == Lang::En { "yes" } else { "是" }.into()),
        ("false", if lang == Lang::En { "no" } else { "否" }.into()),
    ];
    html! {
        @if !errors.is_empty() {
            div.error role="alert" id="errors" {
                p { (w(lang, "errors_title")) }
                ul { @for e in errors { li { @if !e.field.is_empty() { code { (e.field) } @if let Some(l) = e.line { " (" (w(lang, "line")) " " (l) ")" } "：" } (e.message) } } }
            }
        }
        form method="post" action=(format!("/check?lang={}", lang_code(lang))) enctype="multipart/form-data" id="check" {
            fieldset.no-print {
                legend { (w(lang, "profile_yaml")) }
                input type="file" name="file" accept=".yaml,.yml";
                " "
                button type="submit" name="action" value="fill" { (w(lang, "fill")) }
            }
            fieldset {
                legend { (w(lang, "check_title")) }
                @for (path, zh, en, kind) in PROFILE_FIELDS {
                    label {
                        (label(zh, en)) " "
                        @if *kind == ProfileKind::Flag {
                            (select(path, form.get(path), &flags, label(zh, en)))
                        } @else {
                            input type="text" name=(path) value=(form.get(path)) size=(if *kind == ProfileKind::Text { 24 } else { 12 });
                        }
                        (field_errors(errors, path))
                    }
                }
            }
            fieldset data-section="leading_industries" {
                legend { (if lang == Lang::En { "Leading industries" } else { "主导产业" }) }
                table {
                    thead { tr { @for (_, zh, en) in INDUSTRY_COLS { th { (label(zh, en)) } } th {} } }
                    tbody {
                        @for (i, row) in form.industries.iter().enumerate() {
                            tr data-row=(i) {
                                @for (c, (col, zh, en)) in INDUSTRY_COLS.iter().enumerate() {
                                    td {
                                        input type="text" name=(industry_field(col)) value=(row[c]) aria-label=(label(zh, en));
                                        (field_errors(errors, &format!("enterprises.leading_industries[{i}].{col}")))
                                    }
                                }
                                td { button type="submit" name="action" value=(format!("remove:industry:{i}")) { (w(lang, "remove_row")) } }
                            }
                        }
                    }
                }
                button type="submit" name="action" value="add:industry" { (w(lang, "add_row")) }
            }
            div.actions { button type="submit" name="action" value="check" id="run-check" { (w(lang, "check")) } }
        }
    }
}

/// GET /check
pub async fn check_page(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let form = ProfileForm {
        industries: vec![vec![String::new(); INDUSTRY_COLS.len()]],
        ..ProfileForm::default()
    };
    html_response(
        StatusCode::OK,
        layout(lang, Page::Check, w(lang, "check_title"), check_form(&form, &[], lang)),
    )
}

/// POST /check: fill from a profile file, add or remove an industry row, or check.
pub async fn check_post(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    mut multipart: Multipart,
) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let mut form = ProfileForm::default();
    let mut action = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        let is_file = field.file_name().is_some();
        let Ok(bytes) = field.bytes().await else { break };
        if is_file {
            if name == "file" && !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
        } else if name == "action" {
            action = String::from_utf8_lossy(&bytes).into_owned();
        } else {
            form.take(&name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let page = |form: &ProfileForm, errors: &[FieldProblem], result: Option<Markup>, status| {
        html_response(
            status,
            layout(
                lang,
                Page::Check,
                w(lang, "check_title"),
                html! { (check_form(form, errors, lang)) @if let Some(r) = result { (r) } },
            ),
        )
    };
    if action == "add:industry" {
        form.industries.push(vec![String::new(); INDUSTRY_COLS.len()]);
        return page(&form, &[], None, StatusCode::OK);
    }
    if let Some(i) = action
        .strip_prefix("remove:industry:")
        .and_then(|i| i.parse::<usize>().ok())
    {
        if i < form.industries.len() {
            form.industries.remove(i);
        }
        return page(&form, &[], None, StatusCode::OK);
    }
    let (text, name) = match &file {
        Some(bytes) => (String::from_utf8_lossy(bytes).into_owned(), "profile.yaml"),
        None => (form.to_json(), "form"),
    };
    let report = match check_report(&text, Path::new(name), &state, lang) {
        Ok(r) => r,
        Err(e) => return page(&form, &field_problems(&e, lang), None, StatusCode::UNPROCESSABLE_ENTITY),
    };
    if file.is_some() {
        let m2_per_mu = state.policy.policy.m2_per_mu();
        if let Ok(profile) = crate::facts::input::parse_profile(&text, Path::new(name), m2_per_mu) {
            form = ProfileForm::from_profile(&profile);
        }
    }
    let r = report;
    let result = html! {
        section #check-result data-all-passed=(r.all_passed) {
            h2 { (r.park_name) " · " @if r.all_passed { (w(lang, "all_passed")) } @else { (w(lang, "not_all_passed")) } }
            table {
                thead { tr { th { (w(lang, "standard")) } th { (w(lang, "status")) } th { (w(lang, "finding")) } th { (w(lang, "shortfall")) } th { (w(lang, "missing")) } } }
                tbody {
                    @for s in &r.standards {
                        @let v = serde_json::to_value(s).unwrap_or_default();
                        tr data-standard=(v.get("standard").and_then(|x| x.as_str()).unwrap_or("")) {
                            td { code { (s.standard) } br; span.muted { (s.clause) " " (s.words) } }
                            td data-outcome=(v.get("outcome").and_then(|x| x.as_str()).unwrap_or("")) { (outcome_word(v.get("outcome").and_then(|x| x.as_str()).unwrap_or(""), lang)) }
                            td { (s.finding) }
                            td { (s.shortfall.clone().unwrap_or_default()) }
                            td { (s.missing.join(", ")) }
                        }
                    }
                }
            }
            h2 { (w(lang, "fees")) }
            p { (r.fees.clause) " " (r.fees.words) }
            table {
                tbody {
                    @for f in &r.fees.fees { tr data-fee=(f.fee) { td { (w(lang, f.fee)) } (amount_cell(f.amount)) td { (f.amount_in_words) } } }
                    @if let Some(t) = r.fees.total { tr { th { (w(lang, "total")) } td.num { span.shown { (grouped(t)) } span.plain data-total { (t.to_string()) } } td { (in_capitals(t)) } } }
                }
            }
        }
    };
    page(&form, &[], Some(result), StatusCode::OK)
}

fn outcome_word(outcome: &str, lang: Lang) -> &str {
    match (outcome, lang) {
        (_, Lang::En) => outcome,
        ("pass", _) => "达标",
        ("fail", _) => "未达标",
        ("exempt", _) => "豁免",
        ("not_enough_data" | "not enough data", _) => "资料不足",
        _ => outcome,
    }
}

// ---------------------------------------------------------------- batch

/// A batch's outcome kept for download: the zip, the summary, the notices.
#[derive(Debug)]
pub struct BatchResult {
    /// The output folder as a zip.
    pub zip: Vec<u8>,
    /// summary.json's SHA-256.
    pub summary_sha: String,
    /// The policy's digest.
    pub digest: String,
    /// Payable ledger rows.
    pub notices: Vec<Notice>,
}

fn batch_form(lang: Lang, errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() { div.error role="alert" { ul { @for e in errors { li { (e) } } } } }
        form method="post" action=(format!("/batch?lang={}", lang_code(lang))) enctype="multipart/form-data" {
            label { (w(lang, "batch_files")) br; input type="file" name="files" multiple accept=".csv,.xlsx,.zip,.yaml,.yml"; }
            div.actions { button type="submit" { (w(lang, "run_batch")) } }
        }
    }
}

/// GET /batch
pub async fn batch_page(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    html_response(
        StatusCode::OK,
        layout(lang, Page::Batch, w(lang, "batch_title"), batch_form(lang, &[])),
    )
}

struct BatchRun {
    summary: crate::batch::summary::Summary,
    rejects: Vec<Vec<String>>,
    result: BatchResult,
}

fn run_batch(files: Vec<(String, String, Vec<u8>)>, state: &Shared, lang: Lang) -> Result<BatchRun, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    std::fs::create_dir(&input).map_err(|e| e.to_string())?;
    for (_, name, bytes) in &files {
        if name.to_ascii_lowercase().ends_with(".zip") {
            crate::web::upload::unzip(&input, name, bytes, true).map_err(|e| e.words(lang))?;
        } else {
            crate::web::upload::save(&input, name, bytes).map_err(|e| e.words(lang))?;
        }
    }
    let request = crate::batch::BatchRequest {
        input: input.clone(),
        out: out.clone(),
        policies: state.policy_files.clone(),
        keep_going: true,
        lang,
        progress: false,
        xlsx: true,
        encoding: None,
    };
    let hide = |e: String| e.replace(&format!("{}/", dir.path().join("in").display()), "");
    let outcome = crate::batch::run_with_policy(&request, &state.policy, &crate::batch::progress::Unwatched)
        .map_err(|e| hide(crate::batch::error_words::batch_error(&e, lang)))?;
    let zip = crate::web::upload::zip_dir(&out).map_err(|e| crate::web::upload::UploadError::Io(e).words(lang))?;
    let summary_bytes = std::fs::read(out.join("summary.json")).unwrap_or_default();
    let read_csv = |name: &str| -> Vec<Vec<String>> {
        let Ok(bytes) = std::fs::read(out.join(name)) else {
            return Vec::new();
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec();
        csv::Reader::from_reader(bytes.as_slice())
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_string).collect())
            .collect()
    };
    let rejects = read_csv("rejects.csv");
    let notices = read_csv("ledger.csv")
        .into_iter()
        .filter_map(|r| {
            let amount = Money::parse(r.get(5)?).ok()?;
            let item: ItemId = r.get(2)?.parse().ok()?;
            (!amount.is_zero()).then(|| {
                let (clause, words) = state.policy.policy.item_source(item);
                Notice {
                    park: r[0].clone(),
                    year: r[1].clone(),
                    recipient: r[4].clone(),
                    item,
                    clause: clause.to_string(),
                    words: words.to_string(),
                    amount,
                }
            })
        })
        .collect();
    let result = BatchResult {
        zip,
        summary_sha: sha256_hex(&summary_bytes),
        digest: state.policy.digest.clone(),
        notices,
    };
    drop(dir);
    Ok(BatchRun {
        summary: outcome.summary,
        rejects,
        result,
    })
}

/// POST /batch
pub async fn batch_post(State(state): State<Shared>, headers: HeaderMap, uri: Uri, multipart: Multipart) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let page = |body: Markup, status| html_response(status, layout(lang, Page::Batch, w(lang, "batch_title"), body));
    let mut form = CalcForm::default();
    let files = match read_multipart(multipart, &mut form).await {
        Ok(f) => f,
        Err(m) => return page(batch_form(lang, &[m]), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let Ok(_permit) = state.batch_jobs.try_acquire() else {
        return page(
            batch_form(lang, &[w(lang, "p_busy").to_string()]),
            StatusCode::SERVICE_UNAVAILABLE,
        );
    };
    let shared = state.clone();
    let run = tokio::task::spawn_blocking(move || run_batch(files, &shared, lang)).await;
    let run = match run {
        Ok(Ok(run)) => run,
        Ok(Err(m)) => return page(batch_form(lang, &[m]), StatusCode::UNPROCESSABLE_ENTITY),
        Err(_) => {
            return page(
                batch_form(lang, &["internal error".into()]),
                StatusCode::INTERNAL_SERVER_ERROR,
            );
        }
    };
    let id = sha256_hex(&run.result.zip);
    {
        let mut results = state.results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        results.retain(|(k, _)| *k != id);
        results.push((id.clone(), Arc::new(run.result)));
        while results.len() > 8 {
            results.remove(0);
        }
    }
    let s = &run.summary;
    let q = format!("?lang={}", lang_code(lang));
    page(
        html! {
            (batch_form(lang, &[]))
            section #batch-result {
                div.actions {
                    a href=(format!("/batch/{id}/ledger.zip")) download="ledger.zip" id="download-zip" { (w(lang, "download_zip")) }
                    a href=(format!("/batch/{id}/notices{q}")) { (w(lang, "print_notices")) }
                }
                table {
                    tr { th { (w(lang, "grand_total")) } td.num { span.shown { (grouped(s.grand_total)) } span.plain data-total { (s.grand_total.to_string()) } } td { (in_capitals(s.grand_total)) } }
                    tr { th { (w(lang, "parks_computed")) } td.num { (s.parks.computed) } td {} }
                    tr { th { (w(lang, "parks_rejected")) } td.num { (s.parks.rejected) } td {} }
                }
                h2 { (w(lang, "by_town")) }
                table { tbody { @for (town, c) in &s.by_town { tr data-town=(town) { td { (town) } (amount_cell(c.sum)) } } } }
                h2 { (w(lang, "by_recipient")) }
                table { tbody {
                    @for (who, m) in s.by_recipient.operator.iter().chain(&s.by_recipient.local_government) {
                        tr data-recipient=(who) { td { (who) } (amount_cell(*m)) }
                    }
                } }
                h2 { (w(lang, "problems")) }
                @if run.rejects.is_empty() { p { "—" } } @else {
                    table {
                        thead { tr { th { (w(lang, "file")) } th { (w(lang, "line")) } th { (w(lang, "park.id")) } th { (w(lang, "year")) } th { (w(lang, "reason")) } } }
                        tbody { @for r in &run.rejects { tr.reject { @for c in r { td { (c) } } } } }
                    }
                }
            }
        },
        StatusCode::OK,
    )
}

fn stored(state: &Shared, id: &str) -> Option<Arc<BatchResult>> {
    let results = state.results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    results.iter().find(|(k, _)| k == id).map(|(_, r)| r.clone())
}

/// GET /batch/{id}/ledger.zip
pub async fn batch_zip(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let lang = request_lang(&headers, None, state.lang);
    match stored(&state, &id) {
        Some(r) => {
            let mut resp = r.zip.clone().into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
            resp.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"ledger.zip\""),
            );
            resp
        }
        None => crate::web::problem::ProblemDoc::new(StatusCode::NOT_FOUND, lang).into_response(),
    }
}

/// GET /batch/{id}/notices
pub async fn batch_notices(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    match stored(&state, &id) {
        Some(r) => notices_page(&r.notices, &r.digest, &r.summary_sha, lang),
        None => crate::web::problem::ProblemDoc::new(StatusCode::NOT_FOUND, lang).into_response(),
    }
}

// ---------------------------------------------------------------- verify

fn verify_form(lang: Lang, errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() { div.error role="alert" { ul { @for e in errors { li { (e) } } } } }
        form method="post" action=(format!("/verify?lang={}", lang_code(lang))) enctype="multipart/form-data" {
            label { (w(lang, "verify_file")) br; input type="file" name="file" accept=".json,.yaml,.zip"; }
            div.actions { button type="submit" { (w(lang, "verify")) } }
        }
    }
}

/// GET /verify
pub async fn verify_page(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    html_response(
        StatusCode::OK,
        layout(lang, Page::Verify, w(lang, "verify_title"), verify_form(lang, &[])),
    )
}

/// POST /verify
pub async fn verify_post(State(state): State<Shared>, headers: HeaderMap, uri: Uri, multipart: Multipart) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let page = |body: Markup, status| html_response(status, layout(lang, Page::Verify, w(lang, "verify_title"), body));
    let mut form = CalcForm::default();
    let files = match read_multipart(multipart, &mut form).await {
        Ok(f) => f,
        Err(m) => return page(verify_form(lang, &[m]), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let Some((_, name, bytes)) = files.into_iter().find(|(_, _, b)| !b.is_empty()) else {
        return page(
            verify_form(lang, &[w(lang, "verify_file").into()]),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let Ok(_permit) = state.batch_jobs.try_acquire() else {
        return page(
            verify_form(lang, &[w(lang, "p_busy").to_string()]),
            StatusCode::SERVICE_UNAVAILABLE,
        );
    };
    let result = tokio::task::spawn_blocking(move || {
        if name.to_ascii_lowercase().ends_with(".zip") {
            verify_upload(Upload::Zip(&name, &bytes), lang)
        } else {
            verify_upload(Upload::Report(&name, &bytes), lang)
        }
    })
    .await
    .unwrap_or_else(|_| Err("internal error".into()));
    match result {
        Err(m) => page(verify_form(lang, &[m]), StatusCode::UNPROCESSABLE_ENTITY),
        Ok(v) => page(
            html! {
                (verify_form(lang, &[]))
                section #verify-result data-reproduced=(v.reproduced) {
                    h2 { @if v.reproduced { (w(lang, "reproduced")) } @else { (w(lang, "not_reproduced")) } }
                    @if !v.differences.is_empty() {
                        table {
                            thead { tr { th { (w(lang, "park.id")) } th { (w(lang, "year")) } th { (w(lang, "item")) } th { (w(lang, "expected")) } th { (w(lang, "found")) } th { (w(lang, "why")) } } }
                            tbody { @for d in &v.differences { tr { td { (d.park_id) } td { (d.year) } td { (d.item) } td.num { (d.expected) } td.num { (d.found) } td { (d.why.iter().map(|x| x.pick(lang)).collect::<Vec<_>>().join("; ")) } } } }
                        }
                    }
                    ul { @for c in &v.checks { li { @if c.ok { "✓ " } @else { "✗ " } (c.check.pick(lang)) " — " (c.detail.pick(lang)) } } }
                }
            },
            StatusCode::OK,
        ),
    }
}

// ---------------------------------------------------------------- policy

/// GET /policy
pub async fn policy_page(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    let text = crate::report::policy_view::show(&state.policy, lang);
    html_response(
        StatusCode::OK,
        layout(
            lang,
            Page::Policy,
            w(lang, "policy_title"),
            html! {
                p { (w(lang, "policy_digest")) " " code data-digest { (state.policy.digest) } }
                pre #policy { (text) }
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(Money::parse("300000").unwrap()), "300,000.00");
        assert_eq!(grouped(Money::parse("-1234567.8").unwrap()), "-1,234,567.80");
        assert_eq!(grouped(Money::parse("10.03").unwrap()), "10.03");
        assert_eq!(grouped(Money::parse("100").unwrap()), "100.00");
    }
}
