//! The one error type of this crate. Messages are Chinese because they can reach an operator's
//! screen (bad configuration) or a log an auditor reads; they never contain key material.

use thiserror::Error;

/// Everything that can go wrong in `fazhi-crypto`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CryptoError {
    /// A configured key is not valid hexadecimal.
    #[error("密钥“{name}”不是有效的十六进制字符串")]
    KeyNotHex { name: String },

    /// A configured key has the wrong number of bytes.
    #[error("密钥“{name}”长度应为{expected}字节，实际为{actual}字节")]
    KeyLength {
        name: String,
        expected: usize,
        actual: usize,
    },

    /// A stored ciphertext is not in the `v1:<key_id>:<nonce>:<ciphertext>` shape.
    #[error("密文格式无效：{0}")]
    MalformedCiphertext(&'static str),

    /// A stored ciphertext uses a format version this build does not know.
    #[error("不支持的密文版本“{0}”")]
    UnsupportedVersion(String),

    /// A ciphertext was made with another key than the one offered for decryption.
    #[error("密文的密钥编号为{found}，当前密钥编号为{expected}")]
    KeyIdMismatch { expected: u8, found: u8 },

    /// Authentication failed: the ciphertext was altered or the key is wrong.
    #[error("解密失败：密文已被篡改或密钥错误")]
    DecryptFailed,

    /// Decryption succeeded but the plaintext is not UTF-8 (cannot happen for our own output).
    #[error("解密结果不是有效的UTF-8文本")]
    NotUtf8,

    /// A stored password hash cannot be parsed or uses unsupported parameters.
    #[error("密码哈希格式无效")]
    InvalidPasswordHash,

    /// Hashing a password failed inside Argon2 (e.g. out of memory).
    #[error("密码哈希计算失败")]
    PasswordHashFailed,
}
