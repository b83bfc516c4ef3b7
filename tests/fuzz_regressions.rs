//! Every input that once crashed a fuzz target (`fixtures/fuzz-regressions/<target>/`),
//! replayed through the fuzzer's own entry point on stable Rust: none may panic again.

use std::path::Path;

#[test]
fn every_past_finding_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz-regressions");
    let mut replayed = 0;
    for target in cixi_parks::fuzzing::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| cixi_parks::fuzzing::run(target, &data));
            assert!(outcome.is_ok(), "{target}: {} panics again", file.display());
            replayed += 1;
        }
    }
    // Every folder is a target's name.
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                cixi_parks::fuzzing::TARGETS.contains(&name.as_str()),
                "no fuzz target `{name}`"
            );
        }
    }
    eprintln!("{replayed} past findings replayed");
}

#[test]
fn the_engines_invariants_hold_for_every_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calc");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        cixi_parks::fuzzing::engine(&std::fs::read(&path).unwrap());
    }
}

#[test]
fn every_target_survives_its_seeds_and_some_hostile_inputs() {
    let hostile: &[&[u8]] = &[
        b"",
        b"\xff\xfe\x00",
        b"\"",
        b"a,\"b\nc\"\r\n\"",
        b"{\"inputs\":[{\"file\":\"../../../../dev/zero\",\"sha256\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}]}",
        b"park_id\n=1+1\n",
        b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
    ];
    for target in cixi_parks::fuzzing::TARGETS {
        for data in hostile {
            cixi_parks::fuzzing::run(target, data);
        }
    }
}
