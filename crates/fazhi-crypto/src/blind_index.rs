//! Blind index: a keyed, deterministic fingerprint of a personal-data value, stored next to its
//! ciphertext so "find the resident with this ID number" is an exact-match lookup without
//! decrypting every row. Without the key the index reveals nothing useful (no dictionary attack
//! on the small space of ID numbers or phones).

use hmac::Mac;

use crate::hmac_sm3::{HmacSm3, mac};

/// Computes blind indexes under one secret key.
#[derive(Clone)]
pub struct BlindIndex {
    /// The MAC with the key already absorbed (inner and outer pads hashed
    /// once): each index clones it instead of redoing the key schedule,
    /// which halves the cost of a short value (bulk imports index millions).
    keyed: HmacSm3,
}

impl BlindIndex {
    /// `key` should come from [`crate::derive_subkey`] with [`crate::LABEL_BLIND_INDEX`], never
    /// be shared with field encryption.
    #[must_use]
    pub fn new(key: [u8; 32]) -> Self {
        Self { keyed: mac(&key) }
    }

    /// Hex HMAC-SM3 over `domain || 0x00 || normalized_value`.
    ///
    /// The domain (e.g. `"resident.id_number"`) keeps equal values in different columns from
    /// matching each other. Normalise first (trim, uppercase the ID's X…): the index matches
    /// bytes, not meaning.
    ///
    /// # Panics
    /// If `domain` contains a NUL byte, which would make the encoding ambiguous; domains are
    /// constants in code, so this is a programming error.
    #[must_use]
    pub fn index(&self, domain: &str, normalized_value: &str) -> String {
        assert!(
            !domain.contains('\0'),
            "blind index domain must not contain NUL"
        );
        let mut m = self.keyed.clone();
        m.update(domain.as_bytes());
        m.update(&[0]);
        m.update(normalized_value.as_bytes());
        hex::encode(m.finalize().into_bytes())
    }
}

impl std::fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlindIndex { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hmac_sm3::hmac_sm3_hex;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn deterministic() {
        let bi = BlindIndex::new(KEY);
        let a = bi.index("resident.id_number", "440203199001011234");
        assert_eq!(a, bi.index("resident.id_number", "440203199001011234"));
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }

    #[test]
    fn is_hmac_sm3_over_domain_nul_value() {
        let bi = BlindIndex::new(KEY);
        assert_eq!(
            bi.index("phone", "13812345678"),
            hmac_sm3_hex(&KEY, b"phone\x0013812345678")
        );
    }

    #[test]
    fn different_values_differ() {
        let bi = BlindIndex::new(KEY);
        assert_ne!(
            bi.index("phone", "13812345678"),
            bi.index("phone", "13812345679")
        );
    }

    #[test]
    fn domains_are_separated() {
        let bi = BlindIndex::new(KEY);
        assert_ne!(
            bi.index("resident.phone", "13812345678"),
            bi.index("party.phone", "13812345678")
        );
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(bi.index("ab", "c"), bi.index("a", "bc"));
    }

    #[test]
    fn keys_are_separated() {
        assert_ne!(
            BlindIndex::new(KEY).index("phone", "13812345678"),
            BlindIndex::new([8; 32]).index("phone", "13812345678")
        );
    }

    #[test]
    #[should_panic(expected = "NUL")]
    fn nul_in_domain_is_refused() {
        let _ = BlindIndex::new(KEY).index("a\0b", "c");
    }
}
