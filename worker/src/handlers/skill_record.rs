//! The signed skill record (スキル証明): `GET /api/v1/me/record` (issue or refresh mine),
//! public `GET /api/v1/records/{id}` (the shareable link), `GET /api/v1/records/public-key`
//! (the ES256 key anyone can check signatures with) and `POST /api/v1/records/verify`.
//!
//! The private key is a P-256 JWK in `RECORD_SIGNING_KEY` (a development key is in
//! wrangler.toml; production sets a secret). Signing and checking use workerd's WebCrypto.

use domain::account::Role;
use domain::engagement;
use domain::record::{
    ALGORITHM, Finished, RecordCheck, RecordSignature, SignedRecord, build, canonical,
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
use crate::handlers::engagements;
use crate::http::{self, Ctx};
use crate::records;
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
    let text = ctx
        .env
        .var("RECORD_SIGNING_KEY")
        .map(|v| v.to_string())
        .or_else(|_| ctx.env.secret("RECORD_SIGNING_KEY").map(|v| v.to_string()))
        .map_err(|_| ApiError::internal("RECORD_SIGNING_KEY is not set"))?;
    serde_json::from_str(&text).map_err(|_| ApiError::internal("RECORD_SIGNING_KEY is not a JWK"))
}

fn public_jwk(ctx: &Ctx) -> ApiResult<PublicJwk> {
    let jwk = private_jwk(ctx)?;
    let field = |k: &str| {
        jwk.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (x, y) = (field("x"), field("y"));
    let kid = hex(&Sha256::digest(format!("{x}.{y}"))[..8]);
    Ok(PublicJwk {
        kty: field("kty"),
        crv: field("crv"),
        x,
        y,
        kid,
        alg: ALGORITHM,
        usage: "sig",
    })
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

async fn verify_signature(ctx: &Ctx, signature: &[u8], data: &[u8]) -> ApiResult<bool> {
    let key = import(&public_jwk(ctx)?, "verify").await?;
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
    let id = match store.get_text(&keys::record_id(me)).await? {
        Some(id) => id,
        None => {
            let id = format!("rec{}", hex(&auth::crypto::random_bytes(12)?));
            store.put_text(&keys::record_id(me), &id, None).await?;
            id
        }
    };
    let histories = engagements::of_party(&store, me).await?;
    let folded: Vec<_> = histories
        .iter()
        .map(|(eid, events)| (eid, engagement::fold(events).state))
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
    };
    store.put_json(&keys::record(&id), &signed).await?;
    http::json_status(200, &signed)
}

/// `GET /api/v1/records/{id}`: a shared record, as last issued.
pub async fn public(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let signed: SignedRecord = store
        .get_json(&keys::record(ctx.param("id")?))
        .await?
        .ok_or(ApiError::NotFound)?;
    http::json_cached(ctx, &signed)
}

/// `GET /api/v1/records/public-key`: the key that checks every record's signature.
pub fn public_key(ctx: &Ctx) -> ApiResult<Response> {
    http::json_cached(ctx, &public_jwk(ctx)?)
}

/// `POST /api/v1/records/verify`: is this record, as given, signed by musubi?
pub async fn verify(ctx: &Ctx) -> ApiResult<Response> {
    let signed: SignedRecord = ctx.json()?;
    let valid = match unhex(&signed.signature.value) {
        Some(sig) if signed.signature.algorithm == ALGORITHM && sig.len() == 64 => {
            verify_signature(ctx, &sig, canonical(&signed.record).as_bytes()).await?
        }
        _ => false,
    };
    http::json_status(200, &RecordCheck { valid })
}

use worker::Response;
