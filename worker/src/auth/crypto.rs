//! The worker's cryptography: random bytes from `crypto.getRandomValues`, PBKDF2-HMAC-SHA256
//! from `crypto.subtle` (workerd's native implementation: far faster than PBKDF2 in wasm),
//! SHA-256 for token and login hashes, and a constant-time comparison.

use domain::account::{PBKDF2_SHA256, PasswordHash};
use js_sys::{Array, Uint8Array};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, Pbkdf2Params};

use crate::error::{ApiError, ApiResult};

/// workerd refuses more than 100,000 PBKDF2 iterations.
pub const PBKDF2_ITERATIONS: u32 = 100_000;
pub const SALT_BYTES: usize = 16;
pub const HASH_BITS: u32 = 256;

fn js_err(what: &'static str) -> impl Fn(JsValue) -> ApiError {
    move |e| ApiError::internal(format!("{what}: {e:?}"))
}

fn crypto() -> ApiResult<Crypto> {
    let value = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(js_err("globalThis.crypto"))?;
    if value.is_undefined() {
        return Err(ApiError::internal("globalThis.crypto is missing"));
    }
    Ok(value.unchecked_into::<Crypto>())
}

/// `n` bytes from the platform's CSPRNG.
pub fn random_bytes(n: usize) -> ApiResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(js_err("getRandomValues"))?;
    Ok(buf)
}

/// PBKDF2-HMAC-SHA256 of `password` with `salt`, 256 bits.
pub async fn pbkdf2_sha256(password: &str, salt: &[u8], iterations: u32) -> ApiResult<Vec<u8>> {
    let subtle = crypto()?.subtle();
    let key_data = Uint8Array::from(password.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key = JsFuture::from(
        subtle
            .import_key_with_str("raw", &key_data, "PBKDF2", false, &usages)
            .map_err(js_err("importKey"))?,
    )
    .await
    .map_err(js_err("importKey"))?
    .unchecked_into::<CryptoKey>();
    let params =
        Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key, HASH_BITS)
            .map_err(js_err("deriveBits"))?,
    )
    .await
    .map_err(js_err("deriveBits"))?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// A new password hash with a fresh random salt.
pub async fn hash_password(password: &str) -> ApiResult<PasswordHash> {
    let salt = random_bytes(SALT_BYTES)?;
    let hash = pbkdf2_sha256(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(PasswordHash {
        algorithm: PBKDF2_SHA256.to_owned(),
        iterations: PBKDF2_ITERATIONS,
        salt_hex: hex(&salt),
        hash_hex: hex(&hash),
    })
}

/// Does `password` match `stored`? Compares in constant time.
pub async fn verify_password(password: &str, stored: &PasswordHash) -> ApiResult<bool> {
    if stored.algorithm != PBKDF2_SHA256 {
        return Err(ApiError::internal(format!(
            "unknown password algorithm {}",
            stored.algorithm
        )));
    }
    let (Some(salt), Some(expected)) = (unhex(&stored.salt_hex), unhex(&stored.hash_hex)) else {
        return Err(ApiError::internal("stored password hash is not hex"));
    };
    let got = pbkdf2_sha256(password, &salt, stored.iterations).await?;
    Ok(constant_time_eq(&got, &expected))
}

/// Spends the same work as a real check, for a login name that has no account: the answer
/// (and its timing) must not tell whether an email is registered.
pub async fn burn_password_check(password: &str) -> ApiResult<()> {
    let salt = [0u8; SALT_BYTES];
    pbkdf2_sha256(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(())
}

/// Equal length and bytes, in time that depends only on the length.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_bytes_and_lengths() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn hex_round_trips() {
        let bytes = [0u8, 1, 0x7f, 0x80, 0xff];
        assert_eq!(hex(&bytes), "00017f80ff");
        assert_eq!(unhex("00017f80ff").as_deref(), Some(&bytes[..]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
