//! Secrets at rest: values a feature must store but nobody who reads the database may read
//! (equipment passwords, licence keys, prices). Each value is sealed with XChaCha20-Poly1305
//! under the newest key of a keyring, with a fresh random 24-byte nonce, and bound to where it
//! lives (table, column, row) as associated data: a sealed value copied into another row or
//! column does not open. The stored text names the key that sealed it, `v1:<key id>:<base64>`,
//! so a rotation can tell what is left to re-seal and older keys keep opening until then.
//!
//! The keys never touch the database: they come from the environment or from a key file
//! beside it ([`keyring_file`]). Opening fails closed: a missing key, a wrong key or a damaged
//! value is an error, never garbage.

pub mod keyring_file;

use std::fmt;

use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

pub use keyring_file::{KeySource, KeysUnavailable};

const NONCE_LEN: usize = 24;
const VERSION: &str = "v1";

/// One 256-bit key and its id (ids grow: the highest is the newest).
#[derive(Clone)]
pub struct Key {
    pub id: u32,
    bytes: [u8; 32],
}

impl Key {
    /// A new random key.
    pub fn generate(id: u32) -> Key {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        Key {
            id,
            bytes: key.into(),
        }
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.bytes).into())
    }
}

/// Never prints the key itself.
impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key {{ id: {}, .. }}", self.id)
    }
}

/// The keys a process may use: every one opens, the newest seals.
#[derive(Debug, Clone)]
pub struct Keyring {
    /// Sorted by id, at least one.
    keys: Vec<Key>,
}

/// Why a keyring's text was refused (the text itself is never repeated: it holds keys).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    #[error("the keyring holds no key")]
    Empty,
    #[error("entry {0} of the keyring is not `<id> <base64 of 32 bytes>`")]
    Malformed(usize),
    #[error("key id {0} appears twice in the keyring")]
    Duplicate(u32),
}

impl Keyring {
    pub fn new(mut keys: Vec<Key>) -> Result<Keyring, KeyringError> {
        keys.sort_by_key(|k| k.id);
        if let Some(w) = keys.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(KeyringError::Duplicate(w[0].id));
        }
        if keys.is_empty() {
            return Err(KeyringError::Empty);
        }
        Ok(Keyring { keys })
    }

    /// Reads `<id> <base64>` entries, one per line or separated by commas (the environment
    /// variable's form); `#` starts a comment, `:` may stand for the space.
    pub fn parse(text: &str) -> Result<Keyring, KeyringError> {
        let entries = text
            .split(['\n', ','])
            .map(|e| e.split('#').next().unwrap_or("").trim())
            .filter(|e| !e.is_empty());
        let mut keys = Vec::new();
        for (n, entry) in entries.enumerate() {
            let malformed = KeyringError::Malformed(n + 1);
            let (id, key) = entry
                .split_once([' ', ':', '\t'])
                .ok_or(malformed.clone())?;
            let id: u32 = id.trim().parse().map_err(|_| malformed.clone())?;
            let bytes: [u8; 32] = B64
                .decode(key.trim().trim_end_matches('='))
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or(malformed)?;
            keys.push(Key { id, bytes });
        }
        Keyring::new(keys)
    }

    /// The keyring as the key file stores it.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# AI Toolbox keyring: the keys that seal equipment secrets. Back it up apart from the\n\
             # database; without it the sealed values cannot be read by anyone.\n",
        );
        for k in &self.keys {
            out.push_str(&format!("{} {}\n", k.id, B64.encode(k.bytes)));
        }
        out
    }

    pub fn newest(&self) -> &Key {
        self.keys.last().expect("a keyring holds a key")
    }

    pub fn ids(&self) -> Vec<u32> {
        self.keys.iter().map(|k| k.id).collect()
    }

    fn get(&self, id: u32) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// This keyring with a new newest key.
    pub fn with_new_key(&self) -> Keyring {
        let mut keys = self.keys.clone();
        keys.push(Key::generate(self.newest().id + 1));
        Keyring { keys }
    }

    /// This keyring with only its newest key (the others retired).
    pub fn newest_only(&self) -> Keyring {
        Keyring {
            keys: vec![self.newest().clone()],
        }
    }

    /// Seals `plain` for the place `context` names (say `equipment/password/<row id>`).
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let key = self.newest();
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = key
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any message that fits in memory");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}:{}:{}", key.id, B64.encode(bytes))
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<String, OpenError> {
        let id = key_id(sealed).ok_or(OpenError::Damaged)?;
        let key = self.get(id).ok_or(OpenError::UnknownKey(id))?;
        let body = sealed.splitn(3, ':').nth(2).ok_or(OpenError::Damaged)?;
        let bytes = B64.decode(body).map_err(|_| OpenError::Damaged)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Damaged);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError::Damaged)?;
        let plain = key
            .cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| OpenError::WrongKeyOrPlace)?;
        String::from_utf8(plain).map_err(|_| OpenError::Damaged)
    }
}

/// The id of the key that sealed `sealed`, if it is a sealed value at all.
pub fn key_id(sealed: &str) -> Option<u32> {
    let mut parts = sealed.splitn(3, ':');
    (parts.next()? == VERSION).then_some(())?;
    parts.next()?.parse().ok()
}

/// Why a sealed value did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed under key {0}, which the keyring does not hold")]
    UnknownKey(u32),
    #[error("the key does not open it: a wrong key, or a value moved from another place")]
    WrongKeyOrPlace,
    #[error("not a sealed value")]
    Damaged,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> Keyring {
        Keyring::new(vec![Key::generate(1)]).unwrap()
    }

    #[test]
    fn opens_only_in_its_place_and_with_its_key() {
        let ring = ring();
        let sealed = ring.seal("equipment/password/a", "hunter2");
        assert!(!sealed.contains("hunter2"));
        assert_eq!(
            ring.open("equipment/password/a", &sealed).unwrap(),
            "hunter2"
        );
        assert_eq!(
            ring.open("equipment/password/b", &sealed),
            Err(OpenError::WrongKeyOrPlace)
        );
        assert_eq!(
            ring.open("equipment/price/a", &sealed),
            Err(OpenError::WrongKeyOrPlace)
        );
        let other = Keyring::new(vec![Key::generate(1)]).unwrap();
        assert_eq!(
            other.open("equipment/password/a", &sealed),
            Err(OpenError::WrongKeyOrPlace)
        );
        assert_eq!(ring.open("x", "v1:1:@@"), Err(OpenError::Damaged));
        assert_eq!(ring.open("x", "plain text"), Err(OpenError::Damaged));
    }

    #[test]
    fn fresh_nonce_per_value_and_newest_key_seals() {
        let ring = ring().with_new_key();
        let (a, b) = (ring.seal("c", "same"), ring.seal("c", "same"));
        assert_ne!(a, b);
        assert_eq!(key_id(&a), Some(2));
        let old = ring.newest_only();
        assert_eq!(old.open("c", &a).unwrap(), "same");
    }

    #[test]
    fn keyring_text_round_trips_and_refuses_nonsense() {
        let ring = ring().with_new_key();
        let again = Keyring::parse(&ring.to_text()).unwrap();
        assert_eq!(again.ids(), vec![1, 2]);
        let env = ring
            .to_text()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.replacen(' ', ":", 1))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(Keyring::parse(&env).unwrap().ids(), vec![1, 2]);
        assert!(matches!(
            Keyring::parse("# nothing\n"),
            Err(KeyringError::Empty)
        ));
        assert!(matches!(
            Keyring::parse("1 short"),
            Err(KeyringError::Malformed(1))
        ));
        let twice = format!("{}\n{}", ring.to_text(), ring.to_text());
        assert!(matches!(
            Keyring::parse(&twice),
            Err(KeyringError::Duplicate(1))
        ));
    }
}
