//! SM3 (GB/T 32905-2016) digests: one-shot helpers for short values and a streaming hasher for
//! attachments, so files are hashed without being loaded into memory.

use std::io::{self, Read, Write};

use sm3::{Digest, Sm3};

/// SM3 digest of `data`.
#[must_use]
pub fn sm3_digest(data: &[u8]) -> [u8; 32] {
    Sm3::digest(data).into()
}

/// SM3 digest of `data` as 64 lowercase hex characters, the form stored in the database.
#[must_use]
pub fn sm3_hex(data: &[u8]) -> String {
    hex::encode(sm3_digest(data))
}

/// SM3 of everything `reader` yields, as lowercase hex. Reads in 64 KiB chunks.
///
/// # Errors
/// Any I/O error of the reader.
pub fn sm3_reader_hex<R: Read>(mut reader: R) -> io::Result<String> {
    let mut hasher = Sm3Hasher::new();
    io::copy(&mut reader, &mut hasher)?;
    Ok(hasher.finalize_hex())
}

/// Incremental SM3, e.g. fed chunk by chunk while an upload is streamed to storage.
///
/// Implements [`Write`], so `io::copy(&mut file, &mut hasher)` works.
#[derive(Clone, Default)]
pub struct Sm3Hasher(Sm3);

impl Sm3Hasher {
    #[must_use]
    pub fn new() -> Self {
        Self(Sm3::new())
    }

    pub fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }

    #[must_use]
    pub fn finalize(self) -> [u8; 32] {
        self.0.finalize().into()
    }

    #[must_use]
    pub fn finalize_hex(self) -> String {
        hex::encode(self.finalize())
    }
}

impl std::fmt::Debug for Sm3Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sm3Hasher")
    }
}

impl Write for Sm3Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // GB/T 32905-2016, Appendix A.
    const ABC: &str = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    const ABCD16: &str = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732";

    #[test]
    fn standard_vector_abc() {
        assert_eq!(sm3_hex(b"abc"), ABC);
    }

    #[test]
    fn standard_vector_64_bytes() {
        let msg = "abcd".repeat(16);
        assert_eq!(msg.len(), 64);
        assert_eq!(sm3_hex(msg.as_bytes()), ABCD16);
    }

    #[test]
    fn streaming_matches_one_shot_across_chunk_boundaries() {
        let msg = "abcd".repeat(16);
        for split in 0..=msg.len() {
            let mut h = Sm3Hasher::new();
            h.update(&msg.as_bytes()[..split]);
            h.update(&msg.as_bytes()[split..]);
            assert_eq!(h.finalize_hex(), ABCD16, "split at {split}");
        }
    }

    #[test]
    fn reader_helper_hashes_large_input() {
        let data = vec![0x5au8; 200_000];
        assert_eq!(sm3_reader_hex(&data[..]).unwrap(), sm3_hex(&data));
    }
}
