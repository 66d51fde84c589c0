//! Keys from configuration. One master secret is configured; separate keys for each purpose
//! are derived from it, so compromising one use (e.g. a leaked blind index key) does not expose
//! the others, and operators have a single value to back up.

use crate::error::CryptoError;
use crate::hmac_sm3::hmac_sm3;

/// Label for the key that chains audit records.
pub const LABEL_AUDIT_CHAIN: &str = "fazhi/audit-chain/v1";
/// Label for the SM4 field-encryption key (use the first 16 bytes).
pub const LABEL_FIELD_ENCRYPTION: &str = "fazhi/field-encryption/v1";
/// Label for the blind-index key.
pub const LABEL_BLIND_INDEX: &str = "fazhi/blind-index/v1";

/// Parses a hex key of any length. Surrounding whitespace is ignored, upper- or lowercase hex
/// accepted. `name` is the configuration key, shown in the error.
///
/// # Errors
/// [`CryptoError::KeyNotHex`] if the value is not hex.
pub fn parse_key(name: &str, value: &str) -> Result<Vec<u8>, CryptoError> {
    hex::decode(value.trim()).map_err(|_| CryptoError::KeyNotHex {
        name: name.to_owned(),
    })
}

/// Parses a hex key of exactly `N` bytes.
///
/// # Errors
/// [`CryptoError::KeyNotHex`] or [`CryptoError::KeyLength`].
pub fn parse_key_exact<const N: usize>(name: &str, value: &str) -> Result<[u8; N], CryptoError> {
    let bytes = parse_key(name, value)?;
    let actual = bytes.len();
    bytes.try_into().map_err(|_| CryptoError::KeyLength {
        name: name.to_owned(),
        expected: N,
        actual,
    })
}

/// A 16-byte (128-bit) key, the SM4 key size.
///
/// # Errors
/// As [`parse_key_exact`].
pub fn parse_key_16(name: &str, value: &str) -> Result<[u8; 16], CryptoError> {
    parse_key_exact(name, value)
}

/// A 32-byte (256-bit) key, e.g. the master secret.
///
/// # Errors
/// As [`parse_key_exact`].
pub fn parse_key_32(name: &str, value: &str) -> Result<[u8; 32], CryptoError> {
    parse_key_exact(name, value)
}

/// A purpose-specific key: HMAC-SM3(master, label). Distinct labels give independent keys; use
/// the `LABEL_*` constants, and a new label (e.g. `/v2`) to rotate one purpose alone.
#[must_use]
pub fn derive_subkey(master: &[u8], label: &str) -> [u8; 32] {
    hmac_sm3(master, label.as_bytes())
}

/// The field-encryption key derived from the master secret: the first 16 bytes of its subkey.
#[must_use]
pub fn derive_field_key(master: &[u8]) -> [u8; 16] {
    let sub = derive_subkey(master, LABEL_FIELD_ENCRYPTION);
    let mut key = [0u8; 16];
    key.copy_from_slice(&sub[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_with_whitespace_and_either_case() {
        assert_eq!(parse_key("k", " 0aFF \n").unwrap(), vec![0x0a, 0xff]);
    }

    #[test]
    fn rejects_non_hex_naming_the_setting() {
        let err = parse_key_16("crypto.master_key", "not hex").unwrap_err();
        assert_eq!(
            err,
            CryptoError::KeyNotHex {
                name: "crypto.master_key".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "密钥“crypto.master_key”不是有效的十六进制字符串"
        );
    }

    #[test]
    fn rejects_odd_length_hex() {
        assert!(matches!(
            parse_key("k", "abc"),
            Err(CryptoError::KeyNotHex { .. })
        ));
    }

    #[test]
    fn rejects_wrong_length_with_both_sizes() {
        let err = parse_key_32("crypto.master_key", &"ab".repeat(16)).unwrap_err();
        assert_eq!(
            err,
            CryptoError::KeyLength {
                name: "crypto.master_key".into(),
                expected: 32,
                actual: 16
            }
        );
        assert_eq!(
            err.to_string(),
            "密钥“crypto.master_key”长度应为32字节，实际为16字节"
        );
        assert_eq!(parse_key_16("k", &"01".repeat(16)).unwrap(), [1u8; 16]);
    }

    #[test]
    fn subkeys_are_deterministic_and_independent() {
        let master = [0x42u8; 32];
        let audit = derive_subkey(&master, LABEL_AUDIT_CHAIN);
        let field = derive_subkey(&master, LABEL_FIELD_ENCRYPTION);
        let index = derive_subkey(&master, LABEL_BLIND_INDEX);
        assert_eq!(audit, derive_subkey(&master, LABEL_AUDIT_CHAIN));
        assert_ne!(audit, field);
        assert_ne!(field, index);
        assert_ne!(audit, index);
        assert_ne!(audit, derive_subkey(&[0x43u8; 32], LABEL_AUDIT_CHAIN));
        assert_eq!(derive_field_key(&master), field[..16]);
    }
}
