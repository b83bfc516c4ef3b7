//! `cixi-parks serve`: web pages for operators and the bureau, and a JSON API for other
//! systems, over the same library calls as the command line. Offline: every asset is in the
//! binary. Safe by default: loopback only unless told, a token beyond it, bounded bodies,
//! jobs and time.

pub mod api;
pub mod assets;
pub mod auth;
pub mod form;
pub mod pages;
pub mod problem;
pub mod profile_form;
pub mod upload;
pub mod words;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::policy::{LoadedPolicy, PolicyError};
use crate::values::lang::Lang;
use problem::{PROBLEM_JSON, ProblemDoc};

/// Body limit for uploads of tables and batch results.
pub const BATCH_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Body limit everywhere else.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// How long a request may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);
/// Batch jobs (and batch verifications) at once.
pub const BATCH_JOBS: usize = 2;

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                       form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The API's routes, method and path: the OpenAPI document lists exactly these (tested).
pub const API_ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/calc"),
    ("post", "/api/v1/estimate"),
    ("post", "/api/v1/check"),
    ("post", "/api/v1/verify"),
    ("get", "/api/v1/policy"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/healthz"),
];

/// How the server is configured.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen.
    pub addr: SocketAddr,
    /// `--policy` files.
    pub policies: Vec<PathBuf>,
    /// The pages' language unless the request asks for another.
    pub lang: Lang,
    /// The access token, if any.
    pub token: Option<String>,
}

/// What every handler shares.
pub struct AppState {
    /// The policy in force.
    pub policy: LoadedPolicy,
    /// Its document as reports carry it, written once.
    pub splice: api::PolicySplice,
    /// Its files (batch and verify take them by path).
    pub policy_files: Vec<PathBuf>,
    /// The default language.
    pub lang: Lang,
    /// The access token, if one is required.
    pub token: Option<Vec<u8>>,
    /// Batch jobs running.
    pub batch_jobs: tokio::sync::Semaphore,
    /// Failed sign-ins: when the window began, and how many.
    pub failures: Mutex<(std::time::Instant, u32)>,
    /// Recent batch results, by the SHA-256 of their zip, for download (newest last, few).
    pub results: Mutex<Vec<(String, Arc<pages::BatchResult>)>>,
}

/// Shared state.
pub type Shared = Arc<AppState>;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The policy could not be loaded.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// Listening or serving failed.
    #[error("{addr}: {source}")]
    Io { addr: SocketAddr, source: std::io::Error },
    /// Refused: beyond loopback without a token or `--no-auth`.
    #[error("{0} is not a loopback address: give --token-file FILE (every request must carry the token) or --no-auth")]
    NeedsAuth(SocketAddr),
    /// The token file.
    #[error("{file}: {message}")]
    Token { file: PathBuf, message: String },
}

impl AppState {
    /// State for a configuration, the policy loaded once.
    ///
    /// # Errors
    /// A policy that cannot be loaded.
    pub fn new(config: &ServeConfig) -> Result<AppState, PolicyError> {
        let policy = LoadedPolicy::load(&config.policies)?;
        Ok(AppState {
            splice: api::PolicySplice::new(&policy.policy),
            policy,
            policy_files: config.policies.clone(),
            lang: config.lang,
            token: config.token.as_ref().map(|t| t.as_bytes().to_vec()),
            batch_jobs: tokio::sync::Semaphore::new(BATCH_JOBS),
            failures: Mutex::new((std::time::Instant::now(), 0)),
            results: Mutex::new(Vec::new()),
        })
    }
}

/// The whole application: pages, API, limits and headers.
pub fn router(state: Shared) -> Router {
    let big = DefaultBodyLimit::max(BATCH_BODY_LIMIT);
    Router::new()
        .route("/", get(pages::calc_page).post(pages::calc_post))
        .route("/check", get(pages::check_page).post(pages::check_post))
        .route("/batch", get(pages::batch_page).post(pages::batch_post).layer(big))
        .route("/batch/{id}/ledger.zip", get(pages::batch_zip))
        .route("/batch/{id}/notices", get(pages::batch_notices))
        .route("/verify", get(pages::verify_page).post(pages::verify_post).layer(big))
        .route("/policy", get(pages::policy_page))
        .route("/signin", get(auth::signin_page).post(auth::signin_post))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/v1/calc", post(api::calc))
        .route("/api/v1/estimate", post(api::estimate))
        .route("/api/v1/check", post(api::check))
        .route("/api/v1/verify", post(api::verify).layer(big))
        .route("/api/v1/policy", get(api::policy))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/healthz", get(api::healthz))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), auth::require))
        .layer(middleware::from_fn(as_problem))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, TIMEOUT))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(state)
}

async fn not_found(headers: HeaderMap, State(state): State<Shared>) -> Response {
    ProblemDoc::new(StatusCode::NOT_FOUND, request_lang(&headers, None, state.lang)).into_response()
}

/// Error responses that axum or a layer made in plain text (405, 413, 415, 408, a body
/// that cannot be read) become problem documents.
async fn as_problem(request: Request, next: Next) -> Response {
    let lang = request_lang(request.headers(), request.uri().query(), Lang::Zh);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with(PROBLEM_JSON) || content_type.starts_with("text/html") {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let (_, body) = response.into_parts();
    let detail = axum::body::to_bytes(body, 4096)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .filter(|s| !s.is_empty());
    let mut doc = ProblemDoc::new(status, lang);
    doc.detail = detail;
    let mut out = doc.into_response();
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}

/// The language a request asks for: `?lang=`, then `Accept-Language`, then the default.
pub fn request_lang(headers: &HeaderMap, query: Option<&str>, default: Lang) -> Lang {
    if let Some(q) = query {
        for pair in q.split('&') {
            match pair {
                "lang=en" => return Lang::En,
                "lang=zh" => return Lang::Zh,
                _ => {}
            }
        }
    }
    if let Some(value) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) {
        let first = value.split(',').next().unwrap_or("").trim().to_ascii_lowercase();
        if first.starts_with("en") {
            return Lang::En;
        }
        if first.starts_with("zh") {
            return Lang::Zh;
        }
    }
    default
}

/// Reads a token file: its first line, at least 16 printable characters.
///
/// # Errors
/// An unreadable file or a token too short.
pub fn read_token(file: &std::path::Path) -> Result<String, ServeError> {
    let text = std::fs::read_to_string(file).map_err(|e| ServeError::Token {
        file: file.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServeError::Token {
            file: file.to_path_buf(),
            message: "the token's first line must be at least 16 printable ASCII characters".into(),
        });
    }
    Ok(token)
}

/// Runs the server until Ctrl-C, then finishes the requests in flight.
///
/// # Errors
/// A policy that cannot be loaded, an address that cannot be bound.
pub fn serve(config: ServeConfig, no_auth: bool) -> Result<(), ServeError> {
    let loopback = config.addr.ip().is_loopback();
    if !loopback && config.token.is_none() && !no_auth {
        return Err(ServeError::NeedsAuth(config.addr));
    }
    if !loopback && no_auth {
        eprintln!(
            "warning: serving {} beyond loopback with no access token: anyone who can reach it can use it",
            config.addr
        );
    }
    let state = Arc::new(AppState::new(&config)?);
    let addr = config.addr;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io { addr, source })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Io { addr, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| ServeError::Io { addr, source })?;
        eprintln!("cixi-parks serve: http://{bound}/ (Ctrl-C stops)");
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                stop_signal().await;
                eprintln!("stopping: finishing requests in flight");
            })
            .await
            .map_err(|source| ServeError::Io { addr, source })
    })
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(t) => t,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
