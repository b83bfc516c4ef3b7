//! Digests that tie a report to the exact bytes it was computed from.

use std::io::Read;

/// A SHA-256 being computed over bytes given in pieces.
///
/// ring's: the processor's SHA extensions where it has them, else its AVX or SSSE3 code, which
/// is twice as fast as portable code (a batch hashes every table it reads and every file it
/// writes, 430 MB at 100,000 parks, on the way of the run).
pub struct Sha256(ring::digest::Context);

impl Sha256 {
    /// Nothing hashed yet.
    #[must_use]
    pub fn new() -> Sha256 {
        Sha256(ring::digest::Context::new(&ring::digest::SHA256))
    }

    /// Hashes the next piece.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The digest of every piece, as 64 lower-case hex digits.
    #[must_use]
    pub fn hex(self) -> String {
        hex(self.0.finish().as_ref())
    }
}

impl Default for Sha256 {
    fn default() -> Sha256 {
        Sha256::new()
    }
}

fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * digest.len());
    for &b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Hex SHA-256 of some bytes.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    hasher.hex()
}

/// SHA-256 of everything a reader gives, as hex.
///
/// # Errors
/// The reader fails.
pub fn sha256_of(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digests FIPS 180-2 gives (and `sha256sum` prints), whole and in uneven pieces that
    /// cross the 64-byte blocks.
    #[test]
    fn sha256_is_the_standards_digest_in_pieces_or_whole() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let text = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        let whole = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        assert_eq!(sha256_hex(text), whole);
        let million_a = vec![b'a'; 1_000_000];
        let mut pieces = Sha256::new();
        for piece in million_a.chunks(997) {
            pieces.update(piece);
        }
        assert_eq!(
            pieces.hex(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        assert_eq!(sha256_of(&text[..]).unwrap(), whole);
    }
}
