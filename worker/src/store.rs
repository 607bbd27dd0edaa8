//! Workers KV access. Every key has exactly one writer (see docs/ARCHITECTURE.md, "Key layout");
//! this module owns the key names so that no handler builds a key by hand.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::Env;
use worker::kv::KvStore;

use crate::error::ApiResult;
use crate::meter::Meter;

pub const KV_BINDING: &str = "KV";
/// The most keys one bulk get may name.
const BULK_GET_KEYS: usize = 100;

pub mod keys {
    /// Read by the health check; never written (an anonymous request writes nothing).
    pub fn health_probe() -> String {
        "health:probe".to_owned()
    }
    /// The region record. Writer: admin (or the demo seed).
    pub fn region(region: &str) -> String {
        format!("region:{region}")
    }
    /// Public aggregate figures of a region. Writer: the scheduled refresh (and the seed).
    pub fn summary(region: &str) -> String {
        format!("summary:{region}")
    }
    /// Prefix of a region's per-kind membership markers (`idx:{region}:{kind}:{id}`), each written
    /// once by the party that created the record; listing the prefix counts and finds them.
    pub fn member(region: &str, kind: &str, id: &str) -> String {
        format!("idx:{region}:{kind}:{id}")
    }
    pub fn member_prefix(region: &str, kind: &str) -> String {
        format!("idx:{region}:{kind}:")
    }
    /// The kind of marker counting a municipality's registered residents
    /// (`idx:{region}:at-{municipality}:{resident}`), for coarsening a card's place.
    pub fn lives_in_kind(municipality: &str) -> String {
        format!("at-{municipality}")
    }
    /// A training course, support scheme or coworking place. Writer: its municipality.
    pub fn program(id: &str) -> String {
        format!("program:{id}")
    }
    /// A company profile. Writer: the company.
    pub fn company(id: &str) -> String {
        format!("company:{id}")
    }
    /// A job. Writer: the company that posted it.
    pub fn job(id: &str) -> String {
        format!("job:{id}")
    }
    /// A resident's profile. Writer: that resident.
    pub fn resident(id: &str) -> String {
        format!("resident:{id}")
    }
    /// The packed matching index of a region (`domain::index`). Writer: the scheduled rebuild.
    pub fn match_index(region: &str) -> String {
        format!("matchidx:{region}")
    }
    /// A company's `Approval` by the region's hub. Writer: the hub (the demo seed for demo data).
    pub fn approval(company: &str) -> String {
        format!("approval:{company}")
    }
    /// A resident changed the profile since the last index rebuild (empty, with a TTL), so that
    /// matching merges it at once. Writer: that resident.
    pub fn recent_resident(region: &str, id: &str) -> String {
        format!("recent:{region}:{id}")
    }
    pub fn recent_resident_prefix(region: &str) -> String {
        format!("recent:{region}:")
    }
    // Engagements, their events and each one's folded state live in the region's desk
    // (`crate::desk`, `records::engagements`).
    /// The first answer to an `Idempotency-Key` (scoped and hashed), kept a day, under its
    /// account (so deleting the account finds them). Writer: the request that first used the key.
    pub fn idempotency(account: &str, scoped_hash: &str) -> String {
        format!("idem:{account}:{scoped_hash}")
    }
    pub fn idempotency_prefix(account: &str) -> String {
        format!("idem:{account}:")
    }
    /// An `Account` (with its password hash). Writer: registration (`auth::create_account`);
    /// later only that account itself.
    pub fn account(user_id: &str) -> String {
        format!("account:{user_id}")
    }
    /// Login name → user id. The name is an email or a personal invite code, and the key holds
    /// only its SHA-256 (`auth::login_hash`), so no email is ever a key name. Writer:
    /// registration.
    pub fn login(login_hash: &str) -> String {
        format!("login:{login_hash}")
    }
    /// A `SessionRecord` under the SHA-256 of its token (`auth::token_hash`; the token itself is
    /// only in the cookie), with a TTL. Writer: the session's own login (creates it) and logout
    /// (deletes it).
    pub fn session(token_hash: &str) -> String {
        format!("session:{token_hash}")
    }
    /// An `Invite`, expiring with it. Writer: its issuer (`POST /api/v1/invites`), once.
    pub fn invite(code: &str) -> String {
        format!("invite:{code}")
    }
    /// The region's list of its invite codes, `idx:{region}:invite:{code}`: empty, with
    /// `domain::account::InviteMark` as list metadata, living until 90 days after the code
    /// expires. Writer: the code's issuer (`POST /api/v1/invites`), once.
    pub fn invite_mark(region: &str, code: &str) -> String {
        member(region, "invite", code)
    }
    pub fn invite_marks_prefix(region: &str) -> String {
        member_prefix(region, "invite")
    }
    // Invite uses, login failures and confidentiality terms versions live in the region's
    // desk (`crate::desk`), where they are counted and written in one transaction.
    /// The invite codes an account used (`ucode:{user}:{code}`, empty), so that deleting the
    /// account finds its code login and its use in the desk. Writer: the registration that used it.
    pub fn user_invite(user_id: &str, code: &str) -> String {
        format!("ucode:{user_id}:{code}")
    }
    pub fn user_invites_prefix(user_id: &str) -> String {
        format!("ucode:{user_id}:")
    }
    /// Which demo seed version is stored. Writer: the demo seed.
    pub const SEED_MARKER: &str = "dev:seed";
    /// One confirmation of a resident's skill (`domain::verification::SkillVerification`),
    /// append-only: `verif:{resident}:{task}:{unix millis, 13 digits}`; reading a resident overlays
    /// the latest per task (`records::resident`). Writer: the region's hub, or a course's
    /// completion (its municipality), once. Each also touches `recent_resident` (the same empty
    /// marker the resident's own edit writes) so that matching sees the change at once.
    pub fn verification(resident: &str, task: &str, at_millis: i64) -> String {
        format!("verif:{resident}:{task}:{at_millis:013}")
    }
    pub fn verifications_prefix(resident: &str) -> String {
        format!("verif:{resident}:")
    }
    /// Every verification of every resident (metrics read the resident and time from the name).
    pub const VERIFICATIONS_ALL_PREFIX: &str = "verif:";
    /// An account's tombstone after `DELETE /api/v1/me`: the deletion time and nothing personal.
    /// Read paths that could show the person (engagement contacts) treat them as deleted for
    /// good, even if a stale copy of the profile is still readable somewhere. Writer: that
    /// account's deletion, once.
    pub fn gone(user_id: &str) -> String {
        format!("gone:{user_id}")
    }
    /// A revoked skill record (`domain::record::Revocation`). Writer: its holder or the hub of
    /// its region, once (the first revocation stays).
    pub fn record_revoked(record: &str) -> String {
        format!("revoked:{record}")
    }
    /// The public id of a resident's skill record (random, so that a card id does not reveal
    /// it). Writer: that resident's `GET /me/record` (a new one after a revocation).
    pub fn record_id(user_id: &str) -> String {
        format!("recid:{user_id}")
    }
    /// A signed skill record (`domain::record::SignedRecord`), as last issued; read by anyone
    /// with the link. Writer: its resident's `GET /me/record`.
    pub fn record(record_id: &str) -> String {
        format!("record:{record_id}")
    }
    /// Which sessions an account has (`usess:{user}:{sha256(token)}`, empty, with the session's
    /// TTL), so that deleting the account ends every session. Writer: that session's login.
    pub fn user_session(user_id: &str, token_hash: &str) -> String {
        format!("usess:{user_id}:{token_hash}")
    }
    pub fn user_sessions_prefix(user_id: &str) -> String {
        format!("usess:{user_id}:")
    }

    // The company workspace.
    /// A job its company closed (empty marker), so the company lists its closed jobs without
    /// the region's open-job markers. Writer: whoever closes it (the company, or the region's
    /// hub for it), the same empty value.
    pub fn closed_job(company: &str, job: &str) -> String {
        format!("closed:{company}:{job}")
    }
    pub fn closed_jobs_prefix(company: &str) -> String {
        format!("closed:{company}:")
    }

    // Trust on talent cards (`domain::trust`).
    /// One identity check of a resident by the hub (`IdentityCheck`: the kind of document, who,
    /// when; never a number), append-only. Writer: the region's hub, once.
    pub fn identity_check(resident: &str, at_millis: i64) -> String {
        format!("idcheck:{resident}:{at_millis:013}")
    }
    pub fn identity_checks_prefix(resident: &str) -> String {
        format!("idcheck:{resident}:")
    }
    /// A resident finished a security course (`SecurityCourseDone`). Writer: the course's
    /// municipality (its completion), once.
    pub fn security_done(resident: &str, program: &str) -> String {
        format!("secdone:{resident}:{program}")
    }
    pub fn security_done_prefix(resident: &str) -> String {
        format!("secdone:{resident}:")
    }
    /// Track marks an older worker wrote under `trk:{resident}:` (they live in the region's desk
    /// now, `desk::views`); listed only to be exported and erased with the account.
    pub fn track_marks_prefix(resident: &str) -> String {
        format!("trk:{resident}:")
    }

    // Work scoping with the hub (`domain::scoping`). The region's hub lists requests by
    // `member(region, "wreq", id)`, the company by `company_request`.
    /// A company's rough request (`WorkRequest`). Writer: whoever wrote it down (a member of
    /// the company, or the hub for it), once.
    pub fn work_request(id: &str) -> String {
        format!("wreq:{id}")
    }
    /// The company's list of its requests (empty marker). Writer: the request's writer, once.
    pub fn company_request(company: &str, id: &str) -> String {
        format!("wreqof:{company}:{id}")
    }
    pub fn company_requests_prefix(company: &str) -> String {
        format!("wreqof:{company}:")
    }
    /// The hub's proposal in force for a request (`ScopeProposal`, versioned). Writer: the hub.
    pub fn scope_proposal(request: &str) -> String {
        format!("scope:{request}")
    }
    /// The company's latest answer (`ScopeAnswer`, naming the version). Writer: the company.
    pub fn scope_answer(request: &str) -> String {
        format!("scopeans:{request}")
    }
}

pub struct Store {
    kv: KvStore,
    /// KV operations made through this store (each get, put, delete and list page) and their
    /// time, shared with every store and desk handle of the same request (`Server-Timing`).
    meter: Meter,
    env: Env,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// A store with its own meter (the seed, the scheduled refresh).
    pub fn open(env: &Env) -> ApiResult<Self> {
        Store::metered(env, Meter::new())
    }

    /// A store counting on the request's meter.
    pub fn metered(env: &Env, meter: Meter) -> ApiResult<Self> {
        Ok(Store {
            kv: env.kv(KV_BINDING)?,
            meter,
            env: env.clone(),
        })
    }

    /// A region's desk, counted on this store's meter (the records that keep facts for the
    /// region's views in the desk write them through this).
    pub fn desk(&self, region: &str) -> ApiResult<crate::desk::Desk> {
        crate::desk::Desk::of(&self.env, region, self.meter.clone())
    }

    /// KV operations made so far on this store's meter.
    pub fn ops(&self) -> usize {
        usize::try_from(self.meter.kv()).unwrap_or(usize::MAX)
    }

    /// Awaits one KV operation, counting it and its time.
    async fn timed<T>(&self, op: impl std::future::Future<Output = T>) -> T {
        self.meter.start();
        let out = op.await;
        self.meter.kv_op();
        out
    }

    pub async fn get_text(&self, key: &str) -> ApiResult<Option<String>> {
        Ok(self.timed(self.kv.get(key).text()).await?)
    }

    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> ApiResult<Option<T>> {
        match self.timed(self.kv.get(key).text()).await? {
            Some(text) => Ok(Some(serde_json::from_str(&text)?)),
            None => Ok(None),
        }
    }

    /// Many JSON values at once (KV's bulk get: one operation per 100 keys, the batches read
    /// concurrently): those that exist, by key. Keys may repeat.
    pub async fn get_many_json<T: DeserializeOwned>(
        &self,
        keys: &[String],
    ) -> ApiResult<std::collections::HashMap<String, T>> {
        let mut distinct: Vec<&String> = keys.iter().collect();
        distinct.sort();
        distinct.dedup();
        let batches = distinct.chunks(BULK_GET_KEYS).map(|batch| async move {
            let texts = self.timed(self.kv.get_bulk(batch).text()).await?;
            ApiResult::Ok(texts)
        });
        let mut out = std::collections::HashMap::new();
        for texts in futures_util::future::try_join_all(batches).await? {
            for (key, text) in texts {
                if let Some(text) = text {
                    out.insert(key, serde_json::from_str(&text)?);
                }
            }
        }
        Ok(out)
    }

    pub async fn put_text(&self, key: &str, value: &str, ttl_secs: Option<u64>) -> ApiResult<()> {
        self.put_with_metadata(key, value, None, ttl_secs).await
    }

    /// A value with KV list metadata (at most 1,024 bytes as JSON), which `list_with_metadata`
    /// returns with the key name: a reader of many keys then needs no read per key.
    pub async fn put_with_metadata(
        &self,
        key: &str,
        value: &str,
        metadata: Option<serde_json::Value>,
        ttl_secs: Option<u64>,
    ) -> ApiResult<()> {
        let put = self.kv.put(key, value)?;
        let put = match metadata {
            Some(m) => put.metadata(m)?,
            None => put,
        };
        let put = match ttl_secs {
            Some(ttl) => put.expiration_ttl(ttl.max(60)),
            None => put,
        };
        Ok(self.timed(put.execute()).await?)
    }

    pub async fn put_json<T: Serialize>(&self, key: &str, value: &T) -> ApiResult<()> {
        self.put_text(key, &serde_json::to_string(value)?, None)
            .await
    }

    /// A JSON value that KV deletes by itself after `ttl_secs` (at least 60).
    pub async fn put_json_expiring<T: Serialize>(
        &self,
        key: &str,
        value: &T,
        ttl_secs: u64,
    ) -> ApiResult<()> {
        self.put_text(key, &serde_json::to_string(value)?, Some(ttl_secs))
            .await
    }

    pub async fn get_bytes(&self, key: &str) -> ApiResult<Option<Vec<u8>>> {
        Ok(self.timed(self.kv.get(key).bytes()).await?)
    }

    pub async fn put_bytes(&self, key: &str, value: &[u8]) -> ApiResult<()> {
        let put = self.kv.put_bytes(key, value)?;
        Ok(self.timed(put.execute()).await?)
    }

    pub async fn delete(&self, key: &str) -> ApiResult<()> {
        Ok(self.timed(self.kv.delete(key)).await?)
    }

    /// Every key under a prefix, following KV's list cursor.
    pub async fn list_keys(&self, prefix: &str) -> ApiResult<Vec<String>> {
        Ok(self
            .list_with_metadata(prefix)
            .await?
            .into_iter()
            .map(|(name, _)| name)
            .collect())
    }

    /// What follows the prefix in every key under it (usually an id), in key order.
    pub async fn list_suffixes(&self, prefix: &str) -> ApiResult<Vec<String>> {
        Ok(self
            .list_keys(prefix)
            .await?
            .into_iter()
            .map(|key| key.strip_prefix(prefix).unwrap_or(&key).to_owned())
            .collect())
    }

    /// Every key under a prefix with its list metadata (`None` for a key written without),
    /// following KV's list cursor: one KV operation per 1,000 keys.
    pub async fn list_with_metadata(
        &self,
        prefix: &str,
    ) -> ApiResult<Vec<(String, Option<serde_json::Value>)>> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut req = self.kv.list().prefix(prefix.to_owned()).limit(1000);
            if let Some(c) = cursor.take() {
                req = req.cursor(c);
            }
            let page = self.timed(req.execute()).await?;
            out.extend(page.keys.into_iter().map(|k| (k.name, k.metadata)));
            if page.list_complete {
                return Ok(out);
            }
            cursor = page.cursor;
            if cursor.is_none() {
                return Ok(out);
            }
        }
    }
}
