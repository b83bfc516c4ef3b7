//! The engine on a fixed count, for CPU time on a shared machine: `cargo run --release
//! --example engine_count -- STARS N` evaluates the bench's park (`cargo bench --bench engine`)
//! N times with the full trace; time it with `/usr/bin/time -f '%U %S'` or `perf stat`.

use std::hint::black_box;

use cixi_parks::engine::assessment;
use cixi_parks::engine::terms::Terms;

#[path = "../benches/common/park.rs"]
mod park;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(stars), Some(n)) = (
        args.next().and_then(|a| a.parse::<u8>().ok()),
        args.next().and_then(|a| a.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: engine_count STARS N (e.g. 4 300000)");
        std::process::exit(2);
    };
    let (policy, app) = park::policy_and_park(stars);
    let terms = Terms::for_year(&policy.policy, app.year).expect("the year has terms");
    for _ in 0..n {
        black_box(assessment::assess_with_terms(black_box(&app), &policy, &terms).expect("the park assesses"));
    }
}
