//! Writes a realistic, seeded, valid year of tables for `batch` (see `batch::synthetic`).
//!
//! `cargo run --release --example gen_tables -- --parks 100000 --seed 7 --year 2022 --out DIR
//! [--applications DIR]`

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let (mut parks, mut seed, mut year) = (1_000u64, 7u64, 2022i64);
    let (mut out, mut applications) = (PathBuf::from("tables"), None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--parks" => parks = value.parse().expect("--parks N"),
            "--seed" => seed = value.parse().expect("--seed N"),
            "--year" => year = value.parse().expect("--year YYYY"),
            "--out" => out = PathBuf::from(value),
            "--applications" => applications = Some(PathBuf::from(value)),
            _ => panic!("usage: gen_tables --parks N --seed S --year YYYY --out DIR [--applications DIR]"),
        }
    }
    let made = cixi_parks::batch::synthetic::generate(&out, applications.as_deref(), parks, seed, year)?;
    eprintln!(
        "wrote {} parks, {} enterprises to {}",
        made.parks,
        made.enterprises,
        out.display()
    );
    Ok(())
}
