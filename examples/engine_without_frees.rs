//! The engine bench's loop with allocation made free: what the engine would reach if no
//! evaluation paid for `malloc` and `free`, the most an arena for the traces could give.
//! `cargo run --release --example engine_without_frees -- STARS` (README "Speed and memory",
//! the engine).
//!
//! Every block is cut from one region by moving a pointer, `free` does nothing, and after each
//! evaluation (its result dropped) the pointer goes back to where it was: only this loop's
//! evaluations allocate while it runs, and nothing of one outlives it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use cixi_parks::engine::assessment;
use cixi_parks::engine::terms::Terms;

#[path = "../benches/common/park.rs"]
mod park;

/// The region's size: far more than one evaluation takes.
const REGION: usize = 64 << 20;

/// Cuts blocks from a region of its thread, and never gives them back.
struct Bump;

thread_local! {
    /// The next free byte of this thread's region, and the region's end (0, 0: none yet).
    static NEXT: Cell<usize> = const { Cell::new(0) };
    static END: Cell<usize> = const { Cell::new(0) };
}

/// Whether a layout is the system allocator's (too large or too aligned for a region).
fn for_the_system(layout: Layout) -> bool {
    layout.size() > REGION / 2 || layout.align() > 4096
}

// SAFETY: every block returned is `layout.size()` bytes at `layout.align()` (at most 4096, a
// region's own alignment), inside a region from the system allocator that is never freed, and
// no two live blocks overlap: the pointer only moves back (in `main`) past the blocks of one
// evaluation, whose result has been dropped, and nothing an evaluation allocates outlives it
// (the engine, the values and the policy keep no lazily made statics).
unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if for_the_system(layout) {
            // SAFETY: the caller's contract for `alloc` is the system allocator's.
            return unsafe { System.alloc(layout) };
        }
        let mut at = NEXT.get().next_multiple_of(layout.align());
        if NEXT.get() == 0 || at + layout.size() > END.get() {
            // SAFETY: a non-zero size and a valid alignment.
            let region = unsafe { System.alloc(Layout::from_size_align(REGION, 4096).expect("a valid layout")) };
            if region.is_null() {
                return region;
            }
            at = region as usize;
            END.set(at + REGION);
        }
        NEXT.set(at + layout.size());
        at as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if for_the_system(layout) {
            // SAFETY: such a block came from the system allocator, with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }
}

#[global_allocator]
static ALLOCATOR: Bump = Bump;

fn main() {
    let Some(stars) = std::env::args().nth(1).and_then(|a| a.parse::<u8>().ok()) else {
        eprintln!("usage: engine_without_frees STARS (e.g. 4)");
        std::process::exit(2);
    };
    let (policy, app) = park::policy_and_park(stars);
    let terms = Terms::for_year(&policy.policy, app.year).expect("the year has terms");
    let app = &app;
    // A fresh region for the marks, so that an evaluation never runs past its end (which would
    // take, and leave behind, a new region every time).
    black_box(Box::new(0u8));
    NEXT.set(END.get());
    black_box(Box::new(0u8));
    let evaluate = || {
        let mark = (NEXT.get(), END.get());
        black_box(assessment::assess_with_terms(black_box(app), &policy, &terms).expect("the park assesses"));
        // The result is dropped: its blocks may be cut again (from the region of the mark).
        NEXT.set(mark.0);
        END.set(mark.1);
    };
    for _ in 0..10_000 {
        evaluate();
    }
    let mut n = 0u64;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        for _ in 0..1_000 {
            evaluate();
        }
        n += 1_000;
    }
    // Whole numbers only: no binary float anywhere in this project.
    let nanos = start.elapsed().as_nanos().max(1);
    println!(
        "engine without malloc and free: {stars}★ park, full trace: {} evaluations/s on one core",
        u128::from(n) * 1_000_000_000 / nanos
    );
}
