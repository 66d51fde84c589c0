//! Password hashing with Argon2id, stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`)
//! so that the parameters travel with each hash and can be raised later without a migration.

use std::sync::OnceLock;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::error::CryptoError;
use crate::token::random_bytes;

/// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane — about 20 ms per hash, cheap enough
/// for tests and login bursts, costly for offline guessing.
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).expect("constant params are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` with a fresh random 16-byte salt; returns the PHC string to store.
///
/// # Errors
/// [`CryptoError::PasswordHashFailed`] if Argon2 fails (e.g. cannot allocate its memory).
pub fn hash_password(password: &str) -> Result<String, CryptoError> {
    let salt: [u8; 16] = random_bytes();
    hasher()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| CryptoError::PasswordHashFailed)
}

/// Checks `password` against a stored PHC string, in the parameters recorded in that string.
/// `Ok(false)` is a wrong password; `Err` means the stored hash itself is broken.
///
/// # Errors
/// [`CryptoError::InvalidPasswordHash`] if `phc` cannot be parsed or is not Argon2.
pub fn verify_password(password: &str, phc: &str) -> Result<bool, CryptoError> {
    let parsed = PasswordHash::new(phc).map_err(|_| CryptoError::InvalidPasswordHash)?;
    match hasher().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(_) => Err(CryptoError::InvalidPasswordHash),
    }
}

/// Burns the same time as a real verification. Call it when the user name is unknown, so the
/// response time does not reveal which accounts exist.
pub fn dummy_verify(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| {
        hasher()
            .hash_password_with_salt(b"fazhi-dummy-password", &[0u8; 16])
            .expect("constant input hashes")
            .to_string()
    });
    let _ = verify_password(password, phc);
}

/// True if a stored hash was made with other parameters than today's (older, weaker, or not
/// Argon2id): re-hash it after the next successful login.
#[must_use]
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm.as_str() != "argon2id"
        || parsed.version != Some(Version::V0x13.into())
        || params.m_cost() != M_COST_KIB
        || params.t_cost() != T_COST
        || params.p_cost() != P_COST
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let phc = hash_password("正确的密码 horse").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert_eq!(verify_password("正确的密码 horse", &phc), Ok(true));
        assert_eq!(verify_password("错误的密码 horse", &phc), Ok(false));
        assert_eq!(verify_password("", &phc), Ok(false));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(
            hash_password("same").unwrap(),
            hash_password("same").unwrap()
        );
    }

    #[test]
    fn broken_hash_is_an_error_not_a_mismatch() {
        assert_eq!(
            verify_password("x", "not a hash"),
            Err(CryptoError::InvalidPasswordHash)
        );
        assert_eq!(
            verify_password("x", ""),
            Err(CryptoError::InvalidPasswordHash)
        );
        assert_eq!(
            verify_password("x", "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"),
            Err(CryptoError::InvalidPasswordHash)
        );
    }

    #[test]
    fn verifies_hashes_made_with_other_params() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(Params::MIN_M_COST, 1, 1, None).unwrap(),
        )
        .hash_password_with_salt(b"pw", &[1u8; 16])
        .unwrap()
        .to_string();
        assert_eq!(verify_password("pw", &weak), Ok(true));
        assert!(needs_rehash(&weak));
        assert!(!needs_rehash(&hash_password("pw").unwrap()));
        assert!(needs_rehash("garbage"));
    }

    #[test]
    fn dummy_verify_runs() {
        dummy_verify("anything");
        dummy_verify("anything else");
    }
}
