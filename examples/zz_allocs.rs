use cixi_parks::engine::terms::Terms;
use cixi_parks::facts::input::parse_application;
use cixi_parks::{LoadedPolicy, engine::assessment};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};
#[path = "../benches/common/park.rs"]
mod park;
static ON: AtomicBool = AtomicBool::new(false);
struct A;
unsafe impl GlobalAlloc for A {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if ON.load(Ordering::Relaxed) {
            ON.store(false, Ordering::Relaxed);
            eprintln!("alloc {}", l.size());
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
            ON.store(true, Ordering::Relaxed);
        }
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        if ON.load(Ordering::Relaxed) {
            ON.store(false, Ordering::Relaxed);
            eprintln!("realloc {} -> {}", l.size(), n);
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
            ON.store(true, Ordering::Relaxed);
        }
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static G: A = A;
fn main() {
    let stars: u8 = std::env::args().nth(1).unwrap().parse().unwrap();
    let policy = LoadedPolicy::from_texts(&[]).unwrap();
    let app = parse_application(&park::park_yaml(stars), std::path::Path::new("bench.yaml")).unwrap();
    let terms = Terms::for_year(&policy.policy, app.year).unwrap();
    ON.store(true, Ordering::Relaxed);
    let a = assessment::assess_with_terms(&app, &policy, &terms).unwrap();
    ON.store(false, Ordering::Relaxed);
    for i in &a.items {
        eprintln!(
            "{:?}: facts {} conds {} steps {} readings {}",
            i.item,
            i.trace.facts.iter().count(),
            i.trace.conditions.len(),
            i.trace.steps.len(),
            i.trace.readings.len()
        );
    }
}
