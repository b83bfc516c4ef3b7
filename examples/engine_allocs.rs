//! Allocations per evaluation of the engine bench's park, with the full trace: `cargo run
//! --release --example engine_allocs -- STARS` (README "Speed and memory", the engine).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use cixi_parks::engine::assessment;
use cixi_parks::engine::terms::Terms;

#[path = "../benches/common/park.rs"]
mod park;

/// The system allocator, counting the blocks it is asked for.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; only a count is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`; the new size is the caller's, as `realloc` requires.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let Some(stars) = std::env::args().nth(1).and_then(|a| a.parse::<u8>().ok()) else {
        eprintln!("usage: engine_allocs STARS (e.g. 4)");
        std::process::exit(2);
    };
    let (policy, app) = park::policy_and_park(stars);
    let terms = Terms::for_year(&policy.policy, app.year).expect("the year has terms");
    const N: u64 = 1_000;
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..N {
        black_box(assessment::assess_with_terms(black_box(&app), &policy, &terms).expect("the park assesses"));
    }
    let each = (ALLOCATIONS.load(Ordering::Relaxed) - before) / N;
    println!("engine: {stars}★ park, full trace: {each} allocations per evaluation");
}
