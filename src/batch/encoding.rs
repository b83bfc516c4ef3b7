//! CSV as Excel saves it: UTF-8 (with or without BOM), GB18030/GBK, or UTF-16 with a BOM.
//! A table that is not UTF-8 is transcoded, line for line, into a UTF-8 temporary file that
//! the reader then reads; the copy kept beside the outputs is that UTF-8 text.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// How much of a file is looked at to tell UTF-8 from GB18030.
const SNIFF: usize = 1 << 20;

/// The encoding a table is in, when it is not UTF-8: UTF-16 by its BOM, GB18030 (which
/// includes GBK) when its start is not UTF-8.
///
/// # Errors
/// The file cannot be read.
pub fn sniff(path: &Path) -> std::io::Result<Option<&'static Encoding>> {
    let mut head = Vec::with_capacity(SNIFF);
    File::open(path)?.take(SNIFF as u64).read_to_end(&mut head)?;
    if head.starts_with(b"\xFF\xFE") {
        return Ok(Some(UTF_16LE));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok(Some(UTF_16BE));
    }
    match std::str::from_utf8(&head) {
        Ok(_) => Ok(None),
        // Cut off mid-character at the end of the sniffed part: still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() == SNIFF => Ok(None),
        Err(_) => Ok(Some(GB18030)),
    }
}

/// An encoding a person names on the command line (`batch --encoding`), instead of detecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// UTF-8, with or without a BOM.
    Utf8,
    /// GBK (read as GB18030, which includes it).
    Gbk,
    /// GB18030.
    Gb18030,
    /// UTF-16: by its BOM, little-endian (as Windows writes it) when there is none.
    Utf16,
}

impl Given {
    /// The decoder for a file whose first bytes are `head`.
    fn encoding(self, head: &[u8]) -> &'static Encoding {
        match self {
            Given::Utf8 => encoding_rs::UTF_8,
            Given::Gbk | Given::Gb18030 => GB18030,
            Given::Utf16 if head.starts_with(b"\xFE\xFF") => UTF_16BE,
            Given::Utf16 => UTF_16LE,
        }
    }

    /// The name a person gave, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Given::Utf8 => "utf-8",
            Given::Gbk => "gbk",
            Given::Gb18030 => "gb18030",
            Given::Utf16 => "utf-16",
        }
    }
}

/// The encoding to read `path` in when `given` was named: always transcoded, so that bytes
/// that are not text in it are found, with their line.
///
/// # Errors
/// The file cannot be read.
pub fn for_given(path: &Path, given: Given) -> std::io::Result<&'static Encoding> {
    let mut head = Vec::with_capacity(2);
    File::open(path)?.take(2).read_to_end(&mut head)?;
    Ok(given.encoding(&head))
}

/// Text that is not in the encoding it was read as: the line where it stops making sense.
#[derive(Debug)]
pub struct NotText {
    /// 1-based line.
    pub line: u64,
    /// The encoding tried.
    pub encoding: &'static str,
}

/// Transcodes `path` from `encoding` into a UTF-8 temporary file (no BOM).
///
/// # Errors
/// The file cannot be read or the copy written (`Err(Ok(io))`), or bytes that are not text
/// in that encoding (`Err(Err(NotText))`).
pub fn to_utf8(
    path: &Path,
    encoding: &'static Encoding,
) -> Result<tempfile::TempPath, Result<std::io::Error, NotText>> {
    let mut input = BufReader::with_capacity(1 << 20, File::open(path).map_err(Ok)?);
    let tmp = tempfile::Builder::new()
        .prefix(".cixi-parks-utf8.")
        .tempfile()
        .map_err(Ok)?;
    let (file, tmp) = tmp.into_parts();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut text = String::with_capacity(4 << 20);
    let mut line = 1u64;
    loop {
        let buf = input.fill_buf().map_err(Ok)?;
        let last = buf.is_empty();
        let mut read = 0;
        loop {
            text.clear();
            let (result, n) = decoder.decode_to_string_without_replacement(&buf[read..], &mut text, last);
            read += n;
            line += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
            out.write_all(text.as_bytes()).map_err(Ok)?;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(_, _) => {
                    return Err(Err(NotText {
                        line,
                        encoding: encoding.name(),
                    }));
                }
            }
        }
        let n = buf.len();
        input.consume(n);
        if last {
            break;
        }
    }
    out.flush().map_err(Ok)?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf16_become_the_same_utf8() {
        let text = "park_id,name\nP1,慈溪市某小微园\n";
        let dir = tempfile::tempdir().unwrap();
        let gbk = dir.path().join("gbk.csv");
        std::fs::write(&gbk, GB18030.encode(text).0).unwrap();
        assert_eq!(sniff(&gbk).unwrap(), Some(GB18030));
        let utf8 = to_utf8(&gbk, GB18030).unwrap();
        assert_eq!(std::fs::read_to_string(&utf8).unwrap(), text);

        let u16 = dir.path().join("u16.csv");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        std::fs::write(&u16, bytes).unwrap();
        assert_eq!(sniff(&u16).unwrap(), Some(UTF_16LE));
        let utf8 = to_utf8(&u16, UTF_16LE).unwrap();
        assert_eq!(std::fs::read_to_string(&utf8).unwrap(), text);

        let plain = dir.path().join("utf8.csv");
        std::fs::write(&plain, text).unwrap();
        assert_eq!(sniff(&plain).unwrap(), None);

        // Named instead of detected: GBK read as told; UTF-16 by its BOM.
        assert_eq!(for_given(&gbk, Given::Gbk).unwrap(), GB18030);
        assert_eq!(for_given(&u16, Given::Utf16).unwrap(), UTF_16LE);
        // GBK bytes named UTF-8 are not UTF-8 text: the line is found.
        let err = to_utf8(&gbk, for_given(&gbk, Given::Utf8).unwrap()).unwrap_err();
        assert!(matches!(err, Err(NotText { line: 2, .. })));
        // A BOM-less UTF-8 file read as UTF-8 is unchanged, and a BOM is dropped.
        let bom = dir.path().join("bom.csv");
        std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
        let utf8 = to_utf8(&bom, for_given(&bom, Given::Utf8).unwrap()).unwrap();
        assert_eq!(std::fs::read_to_string(&utf8).unwrap(), text);
    }
}
