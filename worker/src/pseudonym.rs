//! Per-job pseudonyms of talent cards. A company never receives a resident's account id before
//! contacts open: each card is named by a pseudonym of (job, resident) that only the worker,
//! holding the secret `CARD_PSEUDONYM_KEY`, can map back. The same person on two jobs (or for two
//! companies) has two unrelated pseudonyms, so cards cannot be linked across jobs.
//!
//! Construction (deterministic authenticated encryption from HMAC-SHA256, SIV style):
//! `siv = HMAC(k_siv, job ‖ 0 ‖ resident)[..10]`, `stream = HMAC(k_enc, job ‖ 0 ‖ siv)`,
//! card = `c` + base32(siv ‖ (resident ⊕ stream)). Mapping back decrypts with the stream of the
//! siv and accepts only if the siv recomputes: a forged or another job's card maps to nothing.

use domain::model::{JobId, ResidentId};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

const SIV_BYTES: usize = 10;
/// Resident ids longer than this would not fit a 64-character path parameter.
const MAX_ID_BYTES: usize = 29;
const B32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";

fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

fn base32(bytes: &[u8]) -> String {
    domain::account::opaque_id("", bytes)
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = B32.iter().position(|b| *b == c)? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The worker's card key, from the secret (hex or any text of at least 32 characters).
#[derive(Clone)]
pub struct CardKey {
    siv: [u8; 32],
    enc: [u8; 32],
}

impl std::fmt::Debug for CardKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardKey(…)")
    }
}

impl CardKey {
    pub fn new(secret: &[u8]) -> Self {
        let root: [u8; 32] = Sha256::digest(secret).into();
        CardKey {
            siv: hmac(&root, &[b"musubi card siv"]),
            enc: hmac(&root, &[b"musubi card enc"]),
        }
    }

    /// The key of this deployment: the secret `CARD_PSEUDONYM_KEY` (the `dev` environment binds a
    /// development value). Without it no card can be shown (500, logged).
    pub fn of_env(env: &worker::Env) -> ApiResult<Self> {
        let secret = env
            .secret("CARD_PSEUDONYM_KEY")
            .map(|v| v.to_string())
            .map_err(|_| ApiError::internal("CARD_PSEUDONYM_KEY is not set"))?;
        if secret.len() < 32 {
            return Err(ApiError::internal("CARD_PSEUDONYM_KEY is too short"));
        }
        Ok(CardKey::new(secret.as_bytes()))
    }

    fn stream(&self, job: &JobId, siv: &[u8]) -> [u8; 32] {
        hmac(&self.enc, &[job.as_str().as_bytes(), &[0], siv])
    }

    fn siv(&self, job: &JobId, resident: &[u8]) -> [u8; SIV_BYTES] {
        let full = hmac(&self.siv, &[job.as_str().as_bytes(), &[0], resident]);
        let mut siv = [0u8; SIV_BYTES];
        siv.copy_from_slice(&full[..SIV_BYTES]);
        siv
    }

    /// The card id of `resident` on `job`.
    pub fn card(&self, job: &JobId, resident: &ResidentId) -> ResidentId {
        let id = resident.as_str().as_bytes();
        if id.len() > MAX_ID_BYTES {
            // Not an id musubi issues; never echo it.
            return ResidentId(format!("c{}", base32(&self.siv(job, id))));
        }
        let siv = self.siv(job, id);
        let stream = self.stream(job, &siv);
        let mut out = siv.to_vec();
        out.extend(id.iter().zip(stream).map(|(b, s)| b ^ s));
        ResidentId(format!("c{}", base32(&out)))
    }

    /// The resident a card of `job` stands for; `None` for anything this key did not issue for
    /// this job.
    pub fn resident(&self, job: &JobId, card: &str) -> Option<ResidentId> {
        let bytes = unbase32(card.strip_prefix('c')?)?;
        if bytes.len() <= SIV_BYTES || bytes.len() > SIV_BYTES + MAX_ID_BYTES {
            return None;
        }
        let (siv, ct) = bytes.split_at(SIV_BYTES);
        let stream = self.stream(job, siv);
        let id: Vec<u8> = ct.iter().zip(stream).map(|(b, s)| b ^ s).collect();
        if self.siv(job, &id) != siv {
            return None;
        }
        String::from_utf8(id).ok().map(ResidentId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CardKey {
        CardKey::new(b"0123456789abcdef0123456789abcdef-test")
    }

    #[test]
    fn a_card_maps_back_only_on_its_job_and_with_its_key() {
        let (job, other) = (JobId("j1".into()), JobId("j2".into()));
        for id in ["u7x2k3m4n5p6q7r2s3t4u5v6w7", "res-0000042"] {
            let r = ResidentId(id.into());
            let card = key().card(&job, &r);
            assert!(card.as_str().len() <= 64, "fits a path parameter");
            assert!(!card.as_str().contains(id), "names no account");
            assert!(crate::router::param_is_safe(card.as_str()));
            assert_eq!(key().resident(&job, card.as_str()), Some(r.clone()));
            assert_eq!(key().resident(&other, card.as_str()), None, "not on another job");
            assert_eq!(
                CardKey::new(b"another deployment's secret, 32+ chars").resident(&job, card.as_str()),
                None
            );
        }
    }

    #[test]
    fn the_same_resident_is_unlinkable_across_jobs() {
        let r = ResidentId("u7x2k3m4n5p6q7r2s3t4u5v6w7".into());
        let a = key().card(&JobId("j1".into()), &r);
        let b = key().card(&JobId("j2".into()), &r);
        assert_ne!(a, b);
        // No common prefix beyond the marker, no common suffix: nothing to match them on.
        assert_ne!(a.as_str()[1..4], b.as_str()[1..4]);
        assert_ne!(a.as_str()[a.as_str().len() - 3..], b.as_str()[b.as_str().len() - 3..]);
        // Deterministic: the same card every time (shortlists and retries keep working).
        assert_eq!(a, key().card(&JobId("j1".into()), &r));
    }

    #[test]
    fn forged_or_altered_cards_map_to_nobody() {
        let job = JobId("j1".into());
        let card = key().card(&job, &ResidentId("res-0000042".into()));
        let s = card.as_str();
        let flipped = format!("{}{}", &s[..s.len() - 1], if s.ends_with('a') { 'b' } else { 'a' });
        assert_eq!(key().resident(&job, &flipped), None);
        for junk in ["", "c", "res-0000042", "cAAAA", "c!!!!", "cabcdefgh"] {
            assert_eq!(key().resident(&job, junk), None, "{junk}");
        }
    }
}
