//! National cryptography for Fazhi: SM3 digests, HMAC-SM3, SM4-GCM field encryption with a
//! blind index for exact-match search, Argon2id passwords and random tokens.
//!
//! Pure functions and small value types only: no I/O besides the OS random source, so the
//! database and web layers can depend on it without pulling anything heavy.

pub mod blind_index;
pub mod error;
pub mod field;
pub mod hmac_sm3;
pub mod key;
pub mod password;
pub mod sm3;
pub mod token;

pub use blind_index::BlindIndex;
pub use error::CryptoError;
pub use field::FieldCipher;
pub use hmac_sm3::{hmac_sm3, hmac_sm3_hex, verify_hmac_sm3};
pub use key::{
    LABEL_AUDIT_CHAIN, LABEL_BLIND_INDEX, LABEL_FIELD_ENCRYPTION, derive_field_key, derive_subkey,
    parse_key, parse_key_16, parse_key_32, parse_key_exact,
};
pub use password::{dummy_verify, hash_password, needs_rehash, verify_password};
pub use sm3::{Sm3Hasher, sm3_digest, sm3_hex, sm3_reader_hex};
pub use token::{random_bytes, random_token, token_hash};
