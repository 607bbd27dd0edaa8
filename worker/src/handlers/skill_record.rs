//! The signed skill record (スキル証明): `GET /api/v1/me/record` (issue or refresh mine),
//! public `GET /api/v1/records/{id}` (the shareable link), `GET /api/v1/records/public-key`
//! (the ES256 key anyone can check signatures with) and `POST /api/v1/records/verify`.
//!
//! The private key is a P-256 JWK in the secret `RECORD_SIGNING_KEY` (a development key is in
//! wrangler.toml's `[env.dev.vars]`; the production top level has none). Signing and checking use workerd's WebCrypto.

use domain::account::Role;
use domain::engagement;
use domain::record::{
    ALGORITHM, Finished, RecordCheck, RecordSignature, Revocation, RevokedBy, SignedRecord, build,
    canonical, canonical_of_received,
};
use domain::vocabulary::Taxonomy;
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey};

use crate::auth::{self, crypto::hex, crypto::unhex};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records::{self, engagements};
use crate::store::keys;

/// The public half of the signing key, as a JWK.
#[derive(Debug, Serialize)]
struct PublicJwk {
    kty: String,
    crv: String,
    x: String,
    y: String,
    kid: String,
    alg: &'static str,
    #[serde(rename = "use")]
    usage: &'static str,
}

fn js_err(what: &'static str) -> impl Fn(JsValue) -> ApiError {
    move |e| ApiError::internal(format!("{what}: {e:?}"))
}

fn subtle() -> ApiResult<web_sys::SubtleCrypto> {
    let c = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(js_err("globalThis.crypto"))?;
    Ok(c.unchecked_into::<Crypto>().subtle())
}

fn object(pairs: &[(&str, &str)]) -> ApiResult<Object> {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v)).map_err(js_err("object"))?;
    }
    Ok(o)
}

fn private_jwk(ctx: &Ctx) -> ApiResult<serde_json::Map<String, serde_json::Value>> {
    // Read as a secret only (production: `wrangler secret put`; the `dev` environment of
    // wrangler.toml binds a development key under the same name).
    let text = ctx
        .env
        .secret("RECORD_SIGNING_KEY")
        .map(|v| v.to_string())
        .map_err(|_| ApiError::internal("RECORD_SIGNING_KEY is not set"))?;
    serde_json::from_str(&text).map_err(|_| ApiError::internal("RECORD_SIGNING_KEY is not a JWK"))
}

/// The current key and the retired ones (`RECORD_RETIRED_KEYS`: a JSON array of public JWKs
/// that signed earlier records), by key id: a rotation keeps old records checkable.
fn all_public_jwks(ctx: &Ctx) -> ApiResult<Vec<PublicJwk>> {
    let mut keys = vec![public_jwk(ctx)?];
    if let Ok(text) = ctx.env.secret("RECORD_RETIRED_KEYS").map(|v| v.to_string()) {
        let retired: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&text)
            .map_err(|_| ApiError::internal("RECORD_RETIRED_KEYS is not a JSON array of JWKs"))?;
        keys.extend(retired.iter().map(jwk_public_part));
    }
    Ok(keys)
}

fn public_jwk(ctx: &Ctx) -> ApiResult<PublicJwk> {
    Ok(jwk_public_part(&private_jwk(ctx)?))
}

/// The public half of a JWK, with its key id: the first 8 bytes (hex) of SHA-256 of `x.y`.
fn jwk_public_part(jwk: &serde_json::Map<String, serde_json::Value>) -> PublicJwk {
    let field = |k: &str| {
        jwk.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (x, y) = (field("x"), field("y"));
    let kid = hex(&Sha256::digest(format!("{x}.{y}"))[..8]);
    PublicJwk {
        kty: field("kty"),
        crv: field("crv"),
        x,
        y,
        kid,
        alg: ALGORITHM,
        usage: "sig",
    }
}

async fn import(jwk: &impl Serialize, usage: &str) -> ApiResult<CryptoKey> {
    let data = js_sys::JSON::parse(&serde_json::to_string(jwk)?)
        .map_err(js_err("jwk"))?
        .unchecked_into::<Object>();
    let algorithm = object(&[("name", "ECDSA"), ("namedCurve", "P-256")])?;
    let usages = Array::of1(&JsValue::from_str(usage));
    let promise = subtle()?
        .import_key_with_object("jwk", &data, &algorithm, false, &usages)
        .map_err(js_err("importKey"))?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(js_err("importKey"))?
        .unchecked_into::<CryptoKey>())
}

fn ecdsa() -> ApiResult<Object> {
    object(&[("name", "ECDSA"), ("hash", "SHA-256")])
}

async fn sign(ctx: &Ctx, data: &[u8]) -> ApiResult<Vec<u8>> {
    let key = import(&private_jwk(ctx)?, "sign").await?;
    let promise = subtle()?
        .sign_with_object_and_u8_array(&ecdsa()?, &key, data)
        .map_err(js_err("sign"))?;
    let buf = JsFuture::from(promise).await.map_err(js_err("sign"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

async fn verify_signature(key: &PublicJwk, signature: &[u8], data: &[u8]) -> ApiResult<bool> {
    let key = import(key, "verify").await?;
    let promise = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(&ecdsa()?, &key, signature, data)
        .map_err(js_err("verify"))?;
    Ok(JsFuture::from(promise)
        .await
        .map_err(js_err("verify"))?
        .as_bool()
        .unwrap_or(false))
}

/// `GET /api/v1/me/record`: builds my record from my profile's verified skills and my
/// completed engagements, signs it, and keeps the signed copy for the public link.
pub async fn mine(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| s.role == Role::Resident).await?;
    let store = ctx.store()?;
    let me = session.user.as_str();
    let resident = records::resident(&store, me)
        .await?
        .ok_or(ApiError::NotFound)?;
    // One id per holder, kept until it is revoked: then the next record gets a new id, and
    // the revoked link keeps saying so.
    let current = match store.get_text(&keys::record_id(me)).await? {
        Some(id) if store.get_text(&keys::record_revoked(&id)).await?.is_none() => Some(id),
        _ => None,
    };
    let id = match current {
        Some(id) => id,
        None => {
            let id = format!("rec{}", hex(&auth::crypto::random_bytes(12)?));
            store.put_text(&keys::record_id(me), &id, None).await?;
            id
        }
    };
    let rows = engagements::of(
        &ctx.desk(session.region.as_str())?,
        &engagements::Party::One(me.to_owned()),
    )
    .await?;
    let folded: Vec<_> = rows
        .iter()
        .map(|r| (&r.id, r.state.clone()))
        .filter(|(_, s)| s.stage == engagement::Stage::Completed)
        .collect();
    let mut titles = Vec::with_capacity(folded.len());
    for (_, state) in &folded {
        let title = match &state.parties {
            Some(p) => records::job(&store, p.job.as_str())
                .await
                .map(|j| j.title)
                .unwrap_or_default(),
            None => String::new(),
        };
        titles.push(title);
    }
    let finished: Vec<Finished<'_>> = folded
        .iter()
        .zip(&titles)
        .map(|((eid, state), title)| Finished {
            id: eid,
            state,
            title,
        })
        .collect();
    let taxonomy = Taxonomy::builtin();
    let record = build(
        id.clone(),
        &resident,
        taxonomy,
        taxonomy.version,
        &finished,
        clock::now(),
    );
    let signature = sign(ctx, canonical(&record).as_bytes()).await?;
    let signed = SignedRecord {
        record,
        signature: RecordSignature {
            algorithm: ALGORITHM.to_owned(),
            key_id: public_jwk(ctx)?.kid,
            value: hex(&signature),
        },
        revoked: None,
    };
    store.put_json(&keys::record(&id), &signed).await?;
    http::json_status(200, &signed)
}

/// `GET /api/v1/records/{id}`: a shared record, as last issued.
pub async fn public(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let mut signed: SignedRecord = store
        .get_json(&keys::record(id))
        .await?
        .ok_or(ApiError::NotFound)?;
    signed.revoked = store.get_json(&keys::record_revoked(id)).await?;
    http::json_cached(ctx, &signed)
}

/// `POST /api/v1/records/{id}/revocation`: the holder, or the hub of the holder's region,
/// withdraws a record. Its link then says it was revoked, and the check answers invalid.
pub async fn revoke(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let signed: SignedRecord = store
        .get_json(&keys::record(id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let by = match &session.role {
        Role::Resident
            if store
                .get_text(&keys::record_id(session.user.as_str()))
                .await?
                .as_deref()
                == Some(id) =>
        {
            RevokedBy::Holder
        }
        Role::Hub { region } if *region == signed.record.region => RevokedBy::Hub,
        _ => return Err(ApiError::NotFound),
    };
    let revocation = match store
        .get_json::<Revocation>(&keys::record_revoked(id))
        .await?
    {
        Some(first) => first,
        None => {
            let r = Revocation {
                at: clock::now(),
                by,
            };
            store.put_json(&keys::record_revoked(id), &r).await?;
            r
        }
    };
    http::json_status(200, &revocation)
}

/// `GET /api/v1/records/keys`: every key that signed a record still checkable (JWK set).
pub fn keys(ctx: &Ctx) -> ApiResult<Response> {
    #[derive(Serialize)]
    struct Jwks {
        keys: Vec<PublicJwk>,
    }
    http::json_cached(
        ctx,
        &Jwks {
            keys: all_public_jwks(ctx)?,
        },
    )
}

/// `GET /api/v1/records/public-key`: the key that checks every record's signature.
pub fn public_key(ctx: &Ctx) -> ApiResult<Response> {
    http::json_cached(ctx, &public_jwk(ctx)?)
}

/// `POST /api/v1/records/verify`: is this record, as given, signed by musubi?
pub async fn verify(ctx: &Ctx) -> ApiResult<Response> {
    #[derive(serde::Deserialize)]
    struct Received {
        record: serde_json::Value,
        signature: RecordSignature,
    }
    let received: Received = ctx.json()?;
    // The canonical form of the record exactly as received: an added, removed or reshaped
    // field is not a record musubi signed.
    let Some((record, canonical_form)) = canonical_of_received(&received.record) else {
        return http::json_status(
            200,
            &RecordCheck {
                valid: false,
                signature_ok: false,
                expired: false,
                revoked: false,
            },
        );
    };
    let signature = &received.signature;
    let key = all_public_jwks(ctx)?
        .into_iter()
        .find(|k| k.kid == signature.key_id);
    let signature_ok = match (unhex(&signature.value), key) {
        (Some(sig), Some(key)) if signature.algorithm == ALGORITHM && sig.len() == 64 => {
            verify_signature(&key, &sig, canonical_form.as_bytes()).await?
        }
        _ => false,
    };
    let store = ctx.store()?;
    let revoked = store
        .get_text(&keys::record_revoked(&record.id))
        .await?
        .is_some();
    http::json_status(
        200,
        &RecordCheck::of(signature_ok, &record, revoked, clock::now()),
    )
}

use worker::Response;
