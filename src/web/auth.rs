//! The access token: a bearer header for the API, a sign-in cookie for the pages, compared in
//! constant time; failed attempts limited to a few a minute.

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use subtle::ConstantTimeEq;

use crate::values::lang::Lang;
use crate::web::pages::{Page, layout};
use crate::web::problem::ProblemDoc;
use crate::web::words::w;
use crate::web::{Shared, request_lang};

/// The sign-in cookie's name.
pub const COOKIE: &str = "cixi_token";
/// Failed attempts allowed per window.
pub const MAX_FAILURES: u32 = 10;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);

fn matches(state: &Shared, given: &[u8]) -> bool {
    state
        .token
        .as_ref()
        .is_some_and(|token| bool::from(token.as_slice().ct_eq(given)))
}

/// True when too many attempts failed in this window.
fn throttled(state: &Shared) -> bool {
    let mut f = state.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if f.0.elapsed() > WINDOW {
        *f = (Instant::now(), 0);
    }
    f.1 >= MAX_FAILURES
}

fn failed(state: &Shared) {
    let mut f = state.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f.1 = f.1.saturating_add(1);
}

fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    value.strip_prefix(b"Bearer ")
}

fn cookie(headers: &HeaderMap) -> Option<Vec<u8>> {
    headers.get_all(header::COOKIE).iter().find_map(|v| {
        v.to_str().ok()?.split(';').find_map(|c| {
            let (name, value) = c.trim().split_once('=')?;
            (name == COOKIE).then(|| value.as_bytes().to_vec())
        })
    })
}

/// Lets a request through when no token is required, or it carries the token.
pub async fn require(State(state): State<Shared>, request: Request, next: Next) -> Response {
    if state.token.is_none() {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path == "/signin" || path.starts_with("/assets/") || path == "/healthz" {
        return next.run(request).await;
    }
    let lang = request_lang(request.headers(), request.uri().query(), state.lang);
    let api = path.starts_with("/api/");
    let given = if api {
        bearer(request.headers()).map(<[u8]>::to_vec)
    } else {
        cookie(request.headers())
    };
    if throttled(&state) {
        return ProblemDoc::new(StatusCode::TOO_MANY_REQUESTS, lang).into_response();
    }
    match given {
        Some(given) if matches(&state, &given) => next.run(request).await,
        given => {
            if given.is_some() {
                failed(&state);
            }
            if api {
                let mut r = ProblemDoc::new(StatusCode::UNAUTHORIZED, lang).into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            } else {
                Redirect::to("/signin").into_response()
            }
        }
    }
}

fn signin_form(lang: Lang, failed: bool) -> Markup {
    html! {
        @if failed { p.error role="alert" { (w(lang, "signin_failed")) } }
        form method="post" action="/signin" {
            input type="hidden" name="lang" value=(if lang == Lang::En { "en" } else { "zh" });
            label { (w(lang, "token")) " " input type="password" name="token" autocomplete="current-password"; }
            " "
            button type="submit" { (w(lang, "signin")) }
        }
    }
}

/// GET /signin
pub async fn signin_page(State(state): State<Shared>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let lang = request_lang(&headers, uri.query(), state.lang);
    layout(lang, Page::Signin, w(lang, "signin"), signin_form(lang, false)).into_response()
}

/// POST /signin: the token from a form, into an HttpOnly cookie.
pub async fn signin_post(State(state): State<Shared>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let mut token = Vec::new();
    let mut lang = request_lang(&headers, None, state.lang);
    for (k, v) in form_urlencoded::parse(&body) {
        match &*k {
            "token" => token = v.as_bytes().to_vec(),
            "lang" if v == "en" => lang = Lang::En,
            _ => {}
        }
    }
    if throttled(&state) {
        return ProblemDoc::new(StatusCode::TOO_MANY_REQUESTS, lang).into_response();
    }
    if state.token.is_some() && matches(&state, &token) && token.iter().all(|b| b.is_ascii_graphic()) {
        let value = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            String::from_utf8_lossy(&token)
        );
        let mut r = Redirect::to("/").into_response();
        if let Ok(v) = HeaderValue::from_str(&value) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r
    } else {
        failed(&state);
        (
            StatusCode::UNAUTHORIZED,
            layout(lang, Page::Signin, w(lang, "signin"), signin_form(lang, true)),
        )
            .into_response()
    }
}
