//! `policy.json` is `policy.yaml` parsed (with the YAML's digest), so that the program can read
//! it at start instead of the YAML; after an edit of `policy.yaml`, rewrite it with
//! `CIXI_WRITE_POLICY_JSON=1 cargo test --test embedded_policy`.

use cixi_parks::policy::embedded_policy_json;

#[test]
fn policy_json_is_policy_yaml_parsed() {
    let expected = embedded_policy_json().expect("policy.yaml parses");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policy.json");
    if std::env::var_os("CIXI_WRITE_POLICY_JSON").is_some() {
        std::fs::write(&file, &expected).unwrap();
    }
    let found = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        found == expected,
        "policy.json is not policy.yaml parsed: rewrite it with `CIXI_WRITE_POLICY_JSON=1 cargo test --test embedded_policy`"
    );
    // What is compiled in is the file checked here.
    assert_eq!(cixi_parks::policy::EMBEDDED_POLICY_JSON, found);
}

#[test]
fn the_policy_read_from_json_is_the_policy_read_from_yaml() {
    let loaded = cixi_parks::LoadedPolicy::load(&[]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&embedded_policy_json().unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&loaded.policy).unwrap(), json["policy"]);
}
