//! Help yourself (issue 11): a JSON Schema of each file people write, shell completions and a
//! manual page, from the same definitions the loader and the CLI use.

mod common;

use common::run;

fn keys_of(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    text.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn schemas_are_draft_07_and_know_every_field_the_fixtures_use() {
    for (document, dir) in [("application", "fixtures/calc"), ("profile", "fixtures/profile")] {
        let o = run(&["schema", document]);
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(
            v["additionalProperties"], false,
            "{document}: unknown fields are refused"
        );
        let props = v["properties"].as_object().unwrap();
        for entry in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            for key in keys_of(&format!("{dir}/{name}")) {
                assert!(
                    props.contains_key(&key),
                    "{document}: `{key}` of {dir}/{name} is not in the schema"
                );
            }
        }
    }
    // Required fields, and amounts as text with at most two decimals.
    let v: serde_json::Value = serde_json::from_slice(&run(&["schema", "application"]).stdout).unwrap();
    assert_eq!(v["required"], serde_json::json!(["park", "year"]));
    assert_eq!(v["definitions"]["Money"]["pattern"], "^-?[0-9]+(\\.[0-9]{1,2})?$");
}

#[test]
fn completions_for_every_shell_and_a_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("estimate") && text.contains("verify"), "{shell}");
    }
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(".TH cixi-parks 1"), "{text}");
    assert!(text.contains("calc"));
}

#[test]
fn version_names_the_build() {
    let o = run(&["--version"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with(&format!("cixi-parks {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
}

#[test]
fn init_writes_starters_that_load_and_never_overwrites() {
    let dir = std::env::temp_dir().join(format!("cixi-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    for (what, file, command) in [
        ("application", "application.yaml", "calc"),
        ("profile", "profile.yaml", "check"),
    ] {
        let o = run(&["init", what, d]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# "), "{what}: opens with Chinese comments");
        let o = run(&[command, path.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{what} loads: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::write(&path, "mine").unwrap();
        let o = run(&["init", what, d]);
        assert_eq!(
            o.status.code(),
            Some(3),
            "{what}: an existing file is never overwritten"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_starters_load_as_they_are_and_the_profile_meets_every_standard() {
    use cixi_parks::facts::{input, starter};
    use std::path::Path;
    let app = input::parse_application(starter::APPLICATION, Path::new("application.yaml")).unwrap();
    let policy = cixi_parks::LoadedPolicy::load(&[]).unwrap();
    assert!(cixi_parks::assess(&app, &policy).is_ok());
    let profile = input::parse_profile(starter::PROFILE, Path::new("profile.yaml"), policy.policy.m2_per_mu()).unwrap();
    let report = cixi_parks::operate::standards::check(&profile, &policy.policy);
    assert!(report.all_passed, "the starter profile meets every standard");
}

#[test]
fn help_before_a_command_is_that_commands_help() {
    for (asked, same_as) in [
        (vec!["help", "calc"], vec!["calc", "--help"]),
        (vec!["help"], vec!["--help"]),
        (
            vec!["help", "policy", "show", "--lang", "en"],
            vec!["policy", "show", "--lang", "en", "--help"],
        ),
    ] {
        let (a, b) = (run(&asked), run(&same_as));
        assert!(a.status.success(), "{asked:?}");
        assert_eq!(a.stdout, b.stdout, "{asked:?}");
    }
}
