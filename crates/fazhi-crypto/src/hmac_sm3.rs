//! HMAC-SM3 (GM/T 0042-2015): the keyed hash behind the blind index, key derivation and any
//! signature over data we hand out and later take back.

use hmac::{Hmac, KeyInit, Mac};
use sm3::Sm3;

pub(crate) type HmacSm3 = Hmac<Sm3>;

/// Builds the MAC; HMAC accepts keys of any length, so this cannot fail.
pub(crate) fn mac(key: &[u8]) -> HmacSm3 {
    <HmacSm3 as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

/// HMAC-SM3 of `data` under `key`.
#[must_use]
pub fn hmac_sm3(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut m = mac(key);
    m.update(data);
    m.finalize().into_bytes().into()
}

/// HMAC-SM3 as 64 lowercase hex characters.
#[must_use]
pub fn hmac_sm3_hex(key: &[u8], data: &[u8]) -> String {
    hex::encode(hmac_sm3(key, data))
}

/// Checks a tag in constant time, so a forger learns nothing from response timing.
#[must_use]
pub fn verify_hmac_sm3(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    let mut m = mac(key);
    m.update(data);
    m.verify_slice(tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_1_to(n: u8) -> Vec<u8> {
        (1..=n).collect()
    }

    // GM/T 0042-2015, Appendix D.3.
    #[test]
    fn standard_vector_1() {
        let data = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".repeat(2);
        assert_eq!(
            hmac_sm3_hex(&key_1_to(32), data.as_bytes()),
            "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a"
        );
    }

    #[test]
    fn standard_vector_2() {
        assert_eq!(
            hmac_sm3_hex(&key_1_to(37), &[0xcd; 50]),
            "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae"
        );
    }

    #[test]
    fn standard_vector_3() {
        assert_eq!(
            hmac_sm3_hex(&[0x0b; 32], b"Hi There"),
            "c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e"
        );
    }

    #[test]
    fn standard_vector_4() {
        assert_eq!(
            hmac_sm3_hex(b"Jefe", b"what do ya want for nothing?"),
            "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882"
        );
    }

    #[test]
    fn verify_accepts_own_tag_and_rejects_others() {
        let tag = hmac_sm3(b"k", b"data");
        assert!(verify_hmac_sm3(b"k", b"data", &tag));
        assert!(!verify_hmac_sm3(b"k", b"datb", &tag));
        assert!(!verify_hmac_sm3(b"j", b"data", &tag));
        assert!(!verify_hmac_sm3(b"k", b"data", &tag[..31]));
    }
}
