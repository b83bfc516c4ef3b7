//! The floor to compare `batch` with: `enterprises.csv` merely read by the csv crate, every
//! record visited, nothing parsed. `cargo run --release --example csv_floor -- FILE`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: csv_floor FILE")?;
    let mut reader = csv::Reader::from_path(&path)?;
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        bytes += record.as_slice().len() as u64;
    }
    println!("{rows} rows, {bytes} cell bytes");
    Ok(())
}
