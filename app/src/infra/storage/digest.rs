//! SHA-256, CRC-32 and size of bytes as they stream past, and the hex form hashes travel in.
//! The CRC-32 costs next to nothing beside the SHA-256 and is what a ZIP entry must name
//! before its bytes, so a folder's archive streams without data descriptors.

use sha2::{Digest, Sha256};

use super::StorageError;

/// What went past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tallied {
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
    pub crc32: u32,
}

/// Counts and hashes bytes as they pass, and enforces the size limit.
pub(crate) struct Tally {
    hasher: Sha256,
    crc: crc32fast::Hasher,
    size: u64,
    max: Option<u64>,
}

impl Tally {
    pub(crate) fn new(max: Option<u64>) -> Tally {
        Tally {
            hasher: Sha256::new(),
            crc: crc32fast::Hasher::new(),
            size: 0,
            max,
        }
    }

    pub(crate) fn add(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        self.size += chunk.len() as u64;
        if let Some(max) = self.max.filter(|m| self.size > *m) {
            return Err(StorageError::TooLarge(max));
        }
        self.hasher.update(chunk);
        self.crc.update(chunk);
        Ok(())
    }

    /// What went past, or [`StorageError::HashMismatch`] when the client said otherwise.
    pub(crate) fn finish(self, expected: Option<[u8; 32]>) -> Result<Tallied, StorageError> {
        let digest: [u8; 32] = self.hasher.finalize().into();
        if expected.is_some_and(|e| e != digest) {
            return Err(StorageError::HashMismatch);
        }
        Ok(Tallied {
            size: self.size,
            sha256: hex(&digest),
            crc32: self.crc.finalize(),
        })
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a SHA-256 given as 64 hex digits (either case).
pub fn parse_sha256(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_parse_and_print() {
        let hex_digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let parsed = parse_sha256(&hex_digest.to_uppercase()).unwrap();
        assert_eq!(hex(&parsed), hex_digest);
        assert!(parse_sha256("e3b0").is_none());
        assert!(parse_sha256(&"zz".repeat(32)).is_none());
        assert!(parse_sha256(&"é".repeat(32)).is_none());
        let done = Tally::new(None).finish(Some(parsed)).unwrap();
        assert_eq!(
            (done.size, done.sha256.as_str(), done.crc32),
            (0, hex_digest, 0)
        );
        let mut t = Tally::new(None);
        t.add(b"123456789").unwrap();
        assert_eq!(
            t.finish(None).unwrap().crc32,
            0xCBF4_3926,
            "the CRC-32 check value"
        );
    }

    #[test]
    fn tally_enforces_the_limit_and_the_hash() {
        let mut t = Tally::new(Some(4));
        t.add(b"abcd").unwrap();
        assert!(matches!(t.add(b"e"), Err(StorageError::TooLarge(4))));
        let mut t = Tally::new(None);
        t.add(b"abc").unwrap();
        assert!(matches!(
            t.finish(Some([0; 32])),
            Err(StorageError::HashMismatch)
        ));
    }
}
