//! Records the build's commit, so that `--version` and reports tell engine builds apart.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=CIXI_COMMIT={commit}");
    // Where git keeps HEAD and the branches: `.git/` in a clone, elsewhere in a worktree. A
    // path that does not exist would make every build rerun this script.
    for what in ["HEAD", "refs/heads"] {
        let path = Command::new("git")
            .args(["rev-parse", "--git-path", what])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok());
        if let Some(path) = path
            .map(|p| p.trim().to_string())
            .filter(|p| std::path::Path::new(p).exists())
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-env-changed=CIXI_COMMIT");
}
