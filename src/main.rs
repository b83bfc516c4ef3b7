//! `cixi-parks`: the thin command line over the library.

fn main() {
    std::process::exit(cixi_parks::cli::run(std::env::args_os()));
}
