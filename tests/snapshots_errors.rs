//! What a user sees for each bad input: the message on stderr, the exit code, and nothing on
//! stdout. One reproducer fixture per message under `fixtures/errors/` (applications) and
//! `fixtures/profile-errors/` (profiles for `check`).

use std::path::Path;
use std::process::Command;

/// Runs `command FIXTURE extra…` and returns what the user sees, checking that it failed and
/// printed nothing on stdout.
fn what_the_user_sees(command: &str, path: &Path, extra: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = path.strip_prefix(root).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cixi-parks"))
        .current_dir(root)
        .arg(command)
        .arg(relative)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "{}: stdout must stay empty on error",
        relative.display()
    );
    assert_ne!(out.status.code(), Some(0), "{}: must fail", relative.display());
    format!(
        "exit: {}\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn error_messages() {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots/errors");
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| {
        insta::glob!("../fixtures/errors", "*.yaml", |path| {
            insta::assert_snapshot!(what_the_user_sees("calc", path, &["--format", "json"]));
        });
        // Bad profiles for `check`, in the same test: the glob collector is process-global.
        insta::glob!("../fixtures/profile-errors", "*.yaml", |path| {
            insta::assert_snapshot!("profile_error", what_the_user_sees("check", path, &[]));
        });
    });
}
