//! The engine alone, in process: park evaluations per second on one core, with the full trace.
//!
//! `cargo bench --bench engine`. Each evaluation is a realistic park: listing, a star rating,
//! 50 resident enterprises, 4 digital investments, prior and other grants.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cixi_parks::engine::assessment;
use cixi_parks::engine::terms::Terms;

#[path = "common/park.rs"]
mod park;
use park::policy_and_park;

fn main() {
    for (label, stars) in [("2★ park", 2u8), ("4★ park", 4)] {
        let (policy, app) = policy_and_park(stars);
        let terms = Terms::for_year(&policy.policy, app.year).unwrap();
        let app = &app;
        // Warm up, then run for about two seconds.
        for _ in 0..10_000 {
            black_box(assessment::assess_with_terms(black_box(app), &policy, &terms).unwrap());
        }
        let mut n = 0u64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            for _ in 0..1_000 {
                black_box(assessment::assess_with_terms(black_box(app), &policy, &terms).unwrap());
            }
            n += 1_000;
        }
        // Whole numbers only: no binary float anywhere in this project.
        let nanos = start.elapsed().as_nanos().max(1);
        let per_second = u128::from(n) * 1_000_000_000 / nanos;
        let nanos_each = nanos / u128::from(n);
        println!(
            "engine: {label}, 50 enterprises, full trace: {per_second} evaluations/s on one core ({}.{:02} µs each)",
            nanos_each / 1000,
            nanos_each % 1000 / 10
        );
    }
}
