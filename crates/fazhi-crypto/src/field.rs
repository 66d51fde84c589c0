//! SM4-GCM encryption of single database fields (ID numbers, phones, addresses).
//!
//! Stored form: `v1:<key_id>:<nonce>:<ciphertext+tag>` — ASCII, lowercase hex, one canonical
//! spelling per value. The version and key id are authenticated as associated data, so a value
//! cannot be relabelled to another key or format; the key id lets a keyring pick the right key
//! during rotation (see [`FieldCipher::key_id_of`]).

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{AesGcm, Nonce};
use sm4::Sm4;

use crate::error::CryptoError;
use crate::token::random_bytes;

/// GCM over the SM4 block cipher with the standard 96-bit nonce (RFC 8998).
pub(crate) type Sm4Gcm = AesGcm<Sm4, U12>;

const VERSION: &str = "v1";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Encrypts and decrypts one field value under one SM4 key.
#[derive(Clone)]
pub struct FieldCipher {
    cipher: Sm4Gcm,
    key_id: u8,
}

impl FieldCipher {
    /// `key_id` is written into every ciphertext so that old values stay readable after a key
    /// rotation: keep the old cipher around under its id.
    #[must_use]
    pub fn new(key: [u8; 16], key_id: u8) -> Self {
        Self {
            cipher: Sm4Gcm::new(&key.into()),
            key_id,
        }
    }

    #[must_use]
    pub fn key_id(&self) -> u8 {
        self.key_id
    }

    /// Encrypts with a fresh random nonce, so equal plaintexts give different ciphertexts
    /// (use [`crate::BlindIndex`] to search).
    ///
    /// # Panics
    /// If the operating system's random source fails; nothing safe can be done without it.
    #[must_use]
    pub fn encrypt(&self, plaintext: &str) -> String {
        let nonce: [u8; NONCE_LEN] = random_bytes();
        let header = header(self.key_id);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::<U12>::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: header.as_bytes(),
                },
            )
            .expect("SM4-GCM encryption only fails beyond 64 GiB of plaintext");
        format!("{header}:{}:{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// Decrypts a value made by [`FieldCipher::encrypt`] under the same key.
    ///
    /// # Errors
    /// [`CryptoError::MalformedCiphertext`] / [`CryptoError::UnsupportedVersion`] if the string is
    /// not ours, [`CryptoError::KeyIdMismatch`] if it names another key, and
    /// [`CryptoError::DecryptFailed`] if it was altered or the key is wrong.
    pub fn decrypt(&self, stored: &str) -> Result<String, CryptoError> {
        let parts = Parsed::parse(stored)?;
        if parts.key_id != self.key_id {
            return Err(CryptoError::KeyIdMismatch {
                expected: self.key_id,
                found: parts.key_id,
            });
        }
        let plain = self
            .cipher
            .decrypt(
                &Nonce::<U12>::from(parts.nonce),
                Payload {
                    msg: &parts.sealed,
                    aad: header(parts.key_id).as_bytes(),
                },
            )
            .map_err(|_| CryptoError::DecryptFailed)?;
        String::from_utf8(plain).map_err(|_| CryptoError::NotUtf8)
    }

    /// The key id a stored value was encrypted under, read without any key.
    ///
    /// # Errors
    /// As for [`FieldCipher::decrypt`] when the string is not in our format.
    pub fn key_id_of(stored: &str) -> Result<u8, CryptoError> {
        Parsed::parse(stored).map(|p| p.key_id)
    }
}

impl std::fmt::Debug for FieldCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldCipher")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

fn header(key_id: u8) -> String {
    format!("{VERSION}:{key_id}")
}

struct Parsed {
    key_id: u8,
    nonce: [u8; NONCE_LEN],
    sealed: Vec<u8>,
}

impl Parsed {
    fn parse(stored: &str) -> Result<Self, CryptoError> {
        let mut fields = stored.split(':');
        let (Some(version), Some(key_id), Some(nonce), Some(sealed), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(CryptoError::MalformedCiphertext("应由4段组成"));
        };
        if version != VERSION {
            return Err(if is_version_tag(version) {
                CryptoError::UnsupportedVersion(version.to_owned())
            } else {
                CryptoError::MalformedCiphertext("缺少版本标记")
            });
        }
        let key_id = key_id
            .parse::<u8>()
            .ok()
            .filter(|id| id.to_string() == key_id)
            .ok_or(CryptoError::MalformedCiphertext("密钥编号无效"))?;
        let nonce = decode_lower_hex(nonce)
            .and_then(|n| <[u8; NONCE_LEN]>::try_from(n).ok())
            .ok_or(CryptoError::MalformedCiphertext("随机数应为12字节十六进制"))?;
        let sealed = decode_lower_hex(sealed)
            .filter(|s| s.len() >= TAG_LEN)
            .ok_or(CryptoError::MalformedCiphertext(
                "密文应为十六进制且含16字节认证标签",
            ))?;
        Ok(Self {
            key_id,
            nonce,
            sealed,
        })
    }
}

fn is_version_tag(s: &str) -> bool {
    s.len() <= 4 && s.starts_with('v') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Only lowercase hex is accepted: one spelling per ciphertext, so any edited character is
/// detected rather than silently normalised.
fn decode_lower_hex(s: &str) -> Option<Vec<u8>> {
    if s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        hex::decode(s).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sm4::cipher::{BlockCipherDecrypt, BlockCipherEncrypt};

    const KEY: [u8; 16] = *b"0123456789abcdef";

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    // GB/T 32907-2016, Appendix A, example 1.
    #[test]
    fn sm4_block_standard_vector() {
        let key: [u8; 16] = h("0123456789abcdeffedcba9876543210").try_into().unwrap();
        let cipher = Sm4::new(&key.into());
        let mut block = key.into();
        cipher.encrypt_block(&mut block);
        assert_eq!(hex::encode(block), "681edf34d206965e86b3e94f536e4246");
        cipher.decrypt_block(&mut block);
        assert_eq!(block.as_slice(), key);
    }

    // GB/T 32907-2016, Appendix A, example 2: encrypt 1,000,000 times (about a second).
    #[test]
    fn sm4_block_million_iterations() {
        let key: [u8; 16] = h("0123456789abcdeffedcba9876543210").try_into().unwrap();
        let cipher = Sm4::new(&key.into());
        let mut block = key.into();
        for _ in 0..1_000_000 {
            cipher.encrypt_block(&mut block);
        }
        assert_eq!(hex::encode(block), "595298c7c6fd271f0402f804c33d3f66");
    }

    // RFC 8998, Appendix A.1: checks that generic GCM over SM4 is the standard SM4-GCM.
    #[test]
    fn sm4_gcm_rfc8998_vector() {
        let key: [u8; 16] = h("0123456789ABCDEFFEDCBA9876543210").try_into().unwrap();
        let nonce: [u8; 12] = h("00001234567800000000ABCD").try_into().unwrap();
        let aad = h("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        let msg = h(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD\
                     EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
        );
        let expected = "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735\
                        d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d\
                        83de3541e4c2b58177e065a9bf7b62ec";
        let gcm = Sm4Gcm::new(&key.into());
        let nonce = Nonce::<U12>::from(nonce);
        let sealed = gcm
            .encrypt(
                &nonce,
                Payload {
                    msg: &msg,
                    aad: &aad,
                },
            )
            .unwrap();
        assert_eq!(hex::encode(&sealed), expected);
        let opened = gcm
            .decrypt(
                &nonce,
                Payload {
                    msg: &sealed,
                    aad: &aad,
                },
            )
            .unwrap();
        assert_eq!(opened, msg);
    }

    #[test]
    fn roundtrip() {
        let c = FieldCipher::new(KEY, 3);
        for plain in [
            "",
            "440203199001011234",
            "广东省韶关市武江区西联镇",
            "a:b:c",
        ] {
            let stored = c.encrypt(plain);
            assert_eq!(c.decrypt(&stored).unwrap(), plain);
        }
    }

    #[test]
    fn format_is_self_describing_ascii() {
        let stored = FieldCipher::new(KEY, 7).encrypt("13812345678");
        let parts: Vec<&str> = stored.split(':').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0], "v1");
        assert_eq!(parts[1], "7");
        assert_eq!(parts[2].len(), 24);
        assert_eq!(parts[3].len(), 2 * (11 + 16));
        assert!(stored.is_ascii());
        assert_eq!(FieldCipher::key_id_of(&stored), Ok(7));
    }

    #[test]
    fn equal_plaintexts_get_different_ciphertexts() {
        let c = FieldCipher::new(KEY, 1);
        assert_ne!(c.encrypt("same"), c.encrypt("same"));
    }

    #[test]
    fn every_single_character_change_is_rejected() {
        let c = FieldCipher::new(KEY, 1);
        let stored = c.encrypt("张三丰");
        for i in 0..stored.len() {
            for replacement in ['0', '1', '9', 'a', 'f', 'A', 'v', ':', 'x'] {
                let mut bytes = stored.clone().into_bytes();
                if bytes[i] == replacement as u8 {
                    continue;
                }
                bytes[i] = replacement as u8;
                let tampered = String::from_utf8(bytes).unwrap();
                assert!(
                    c.decrypt(&tampered).is_err(),
                    "accepted change at {i}: {tampered}"
                );
            }
        }
    }

    #[test]
    fn tampered_ciphertext_fails_authentication() {
        let c = FieldCipher::new(KEY, 1);
        let stored = c.encrypt("440203199001011234");
        let last = stored.chars().last().unwrap();
        let flipped = if last == '0' { '1' } else { '0' };
        let tampered = format!("{}{flipped}", &stored[..stored.len() - 1]);
        assert_eq!(c.decrypt(&tampered), Err(CryptoError::DecryptFailed));
    }

    #[test]
    fn wrong_key_fails() {
        let stored = FieldCipher::new(KEY, 1).encrypt("secret");
        let other = FieldCipher::new(*b"fedcba9876543210", 1);
        assert_eq!(other.decrypt(&stored), Err(CryptoError::DecryptFailed));
    }

    #[test]
    fn other_key_id_is_reported() {
        let stored = FieldCipher::new(KEY, 1).encrypt("secret");
        let err = FieldCipher::new(KEY, 2).decrypt(&stored).unwrap_err();
        assert_eq!(
            err,
            CryptoError::KeyIdMismatch {
                expected: 2,
                found: 1
            }
        );
    }

    #[test]
    fn relabelled_key_id_fails_even_with_the_same_key() {
        // The header is authenticated: moving a value to another key id is detected.
        let stored = FieldCipher::new(KEY, 1).encrypt("secret");
        let relabelled = stored.replacen("v1:1:", "v1:2:", 1);
        assert_eq!(
            FieldCipher::new(KEY, 2).decrypt(&relabelled),
            Err(CryptoError::DecryptFailed)
        );
    }

    #[test]
    fn malformed_inputs_are_rejected_with_reasons() {
        let c = FieldCipher::new(KEY, 1);
        let good = c.encrypt("x");
        let nonce_and_ct = good.splitn(3, ':').nth(2).unwrap();
        assert!(matches!(
            c.decrypt(""),
            Err(CryptoError::MalformedCiphertext(_))
        ));
        assert!(matches!(
            c.decrypt("plain text"),
            Err(CryptoError::MalformedCiphertext(_))
        ));
        assert!(matches!(
            c.decrypt(&format!("v2:1:{nonce_and_ct}")),
            Err(CryptoError::UnsupportedVersion(v)) if v == "v2"
        ));
        assert!(matches!(
            c.decrypt(&format!("v1:01:{nonce_and_ct}")),
            Err(CryptoError::MalformedCiphertext(_))
        ));
        assert!(matches!(
            c.decrypt(&good.to_uppercase().replacen("V1", "v1", 1)),
            Err(CryptoError::MalformedCiphertext(_))
        ));
        assert!(matches!(
            c.decrypt("v1:1:000000000000000000000000:00"),
            Err(CryptoError::MalformedCiphertext(_))
        ));
    }

    #[test]
    fn debug_does_not_print_the_key() {
        let text = format!("{:?}", FieldCipher::new(KEY, 9));
        assert_eq!(text, "FieldCipher { key_id: 9, .. }");
    }
}
