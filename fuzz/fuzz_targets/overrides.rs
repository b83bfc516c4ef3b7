#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cixi_parks::fuzzing::run("overrides", data));
