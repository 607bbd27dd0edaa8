//! What each desk command reads and writes. Runs inside one transaction (the caller's), with
//! no await anywhere: a check and the write that depends on it cannot interleave with another
//! command.

use chrono::{DateTime, Duration, Utc};
use domain::account::guard::{LoginGuard, Recent};
use domain::terms::TermsDocument;

use super::sql::{Arg, DeskError, DeskResult, Sql, count};
use super::wire::{Answer, Command};

fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub fn execute<S: Sql>(sql: &S, command: Command) -> DeskResult<Answer> {
    match command {
        Command::ClaimInvite {
            invite,
            user,
            has_email,
            at,
        } => {
            let used = count(
                sql,
                "SELECT COUNT(*) AS n FROM invite_use WHERE code = ?",
                &[invite.code.as_str().into()],
            )?;
            let used = usize::try_from(used).unwrap_or(usize::MAX);
            if let Err(problem) = invite.check_redeemable(used, has_email, at) {
                return Ok(Answer::InviteRefused { problem });
            }
            sql.run(
                "INSERT INTO invite_use (code, user_id, at_ms) VALUES (?, ?, ?)",
                &[
                    invite.code.as_str().into(),
                    user.as_str().into(),
                    millis(at).into(),
                ],
            )?;
            Ok(Answer::Done)
        }
        Command::ReleaseInvite { code, user } => {
            sql.run(
                "DELETE FROM invite_use WHERE code = ? AND user_id = ?",
                &[code.into(), user.as_str().into()],
            )?;
            Ok(Answer::Done)
        }
        Command::ForgetInviteUser { user, anonymous } => {
            sql.run(
                "UPDATE invite_use SET user_id = ? WHERE user_id = ?",
                &[anonymous.into(), user.as_str().into()],
            )?;
            Ok(Answer::Done)
        }
        Command::InviteUses { codes } => {
            let mut counts = Vec::with_capacity(codes.len());
            for code in codes {
                let n = count(
                    sql,
                    "SELECT COUNT(*) AS n FROM invite_use WHERE code = ?",
                    &[code.into()],
                )?;
                counts.push(u32::try_from(n).unwrap_or(u32::MAX));
            }
            Ok(Answer::Counts { counts })
        }
        Command::LoginBegin { login, address, at } => login_begin(sql, &login, &address, at),
        Command::LoginSucceeded { login } => {
            sql.run("DELETE FROM login_failure WHERE login = ?", &[login.into()])?;
            Ok(Answer::Done)
        }
        Command::Terms { company } => Ok(Answer::Terms {
            doc: latest_terms(sql, company.as_str())?,
        }),
        Command::PublishTerms {
            input,
            default,
            by,
            at,
        } => {
            let current = latest_terms(sql, default.company.as_str())?.unwrap_or(default);
            match input.publish(&current, by, at) {
                Ok(next) => {
                    sql.run(
                        "INSERT INTO terms (company, version, doc) VALUES (?, ?, ?)",
                        &[
                            next.company.as_str().into(),
                            i64::from(next.version).into(),
                            serde_json::to_string(&next).map_err(DeskError::of)?.into(),
                        ],
                    )?;
                    Ok(Answer::Terms { doc: Some(next) })
                }
                Err(e) => Ok(Answer::Invalid { fields: e.0 }),
            }
        }
        Command::PostEvent { open, event } => super::engagements::post_event(sql, open, event),
        Command::ImportEvents { events } => super::engagements::import(sql, &events),
        // Pages are kept in the object's memory (`desk::kept`, which answers these first): a
        // desk without it keeps nothing.
        Command::KeptPage { page } => Ok(Answer::KeptPage {
            stamp: "-".into(),
            json: None,
            inputs: Some(super::kept::inputs(sql, &page)?),
        }),
        Command::KeepPage { .. } => Ok(Answer::Done),
        // Ranked from nothing kept (`desk::kept` ranks with what it kept of earlier builds).
        Command::RankJobs {
            resident,
            region,
            page,
        } => Ok(Answer::Ranked {
            matches: super::placements::Placements::default()
                .rank_for(sql, &resident, &region, page)?,
        }),
        Command::Engagement { id } => Ok(Answer::Engagement {
            row: super::engagements::row(sql, id.as_str())?.map(Box::new),
        }),
        Command::Engagements { party } => Ok(Answer::Engagements {
            rows: super::engagements::rows(sql, party.as_deref(), false)?,
        }),
        Command::Histories { party } => Ok(Answer::Histories {
            list: super::engagements::histories(sql, &party)?,
        }),
        Command::EventsBy { actor } => Ok(Answer::Histories {
            list: super::engagements::events_by(sql, actor.as_str())?,
        }),
        Command::Working => Ok(Answer::Counts {
            counts: vec![u32::try_from(super::engagements::working(sql)?).unwrap_or(u32::MAX)],
        }),
        Command::ForgetParty { party, anonymous } => {
            super::shortlist::forget(sql, &party)?;
            super::fair_work::forget(sql, &party, &anonymous)?;
            super::engagements::forget_party(sql, &party, &anonymous)
        }
        Command::IdemReserve {
            key,
            account,
            request,
            at,
        } => idem_reserve(sql, &key, account.as_str(), &request, at),
        Command::IdemStore {
            key,
            status,
            body,
            at,
        } => {
            sql.run(
                "UPDATE idempotency SET status = ?, body = ?, at_ms = ? WHERE key = ?",
                &[
                    i64::from(status).into(),
                    body.into(),
                    millis(at).into(),
                    key.into(),
                ],
            )?;
            Ok(Answer::Done)
        }
        Command::IdemRelease { key } => {
            sql.run(
                "DELETE FROM idempotency WHERE key = ? AND status = 0",
                &[key.into()],
            )?;
            Ok(Answer::Done)
        }
        Command::IdemForget { account } => {
            sql.run(
                "DELETE FROM idempotency WHERE account = ?",
                &[account.as_str().into()],
            )?;
            Ok(Answer::Done)
        }
        Command::Fair { command } => Ok(Answer::Fair {
            fair: Box::new(super::fair_work::execute(sql, command)?),
        }),
        Command::View { command } => Ok(Answer::View {
            view: Box::new(super::views::execute(sql, command)?),
        }),
        Command::ViewJson { command } => Ok(Answer::Body {
            json: super::views::execute_json(sql, command)?,
        }),
        Command::EraseOldFreeText { now, batch } => Ok(Answer::Counts {
            counts: vec![super::retention::erase_old_free_text(sql, now, batch)?],
        }),
        Command::Shortlist { command } => Ok(Answer::Shortlist {
            shortlist: super::shortlist::execute(sql, command)?,
        }),
        Command::Enrolment { command } => Ok(Answer::Enrolment {
            enrolment: Box::new(super::enrolment::execute(sql, command)?),
        }),
    }
}

/// How long a kept answer is replayed.
pub const IDEM_KEEP: Duration = Duration::hours(24);
/// A reservation whose request never stored an answer (its worker died) is given up after this.
pub const IDEM_ABANDONED: Duration = Duration::seconds(60);

/// Reserves `key` for `request`, or says why not: one synchronous read-then-write, so of two
/// requests with one key exactly one runs.
fn idem_reserve<S: Sql>(
    sql: &S,
    key: &str,
    account: &str,
    request: &str,
    at: DateTime<Utc>,
) -> DeskResult<Answer> {
    #[derive(serde::Deserialize)]
    struct Row {
        request: String,
        status: i64,
        body: String,
        at_ms: i64,
    }
    sql.run(
        "DELETE FROM idempotency WHERE at_ms < ?",
        &[millis(at - IDEM_KEEP).into()],
    )?;
    let found = sql.rows::<Row>(
        "SELECT request, status, body, at_ms FROM idempotency WHERE key = ?",
        &[key.into()],
    )?;
    if let Some(row) = found.first() {
        if row.request != request {
            return Ok(Answer::IdemReused);
        }
        if row.status != 0 {
            return Ok(Answer::Replay {
                status: u16::try_from(row.status).unwrap_or(500),
                body: row.body.clone(),
            });
        }
        if row.at_ms > millis(at - IDEM_ABANDONED) {
            return Ok(Answer::IdemInProgress);
        }
        // Abandoned: this request takes it over.
        sql.run(
            "UPDATE idempotency SET at_ms = ? WHERE key = ?",
            &[millis(at).into(), key.into()],
        )?;
        return Ok(Answer::Done);
    }
    sql.run(
        "INSERT INTO idempotency (key, account, request, status, body, at_ms) VALUES (?, ?, ?, 0, '', ?)",
        &[key.into(), account.into(), request.into(), millis(at).into()],
    )?;
    Ok(Answer::Done)
}

fn latest_terms<S: Sql>(sql: &S, company: &str) -> DeskResult<Option<TermsDocument>> {
    super::sql::doc_of(
        sql,
        "SELECT doc FROM terms WHERE company = ? ORDER BY version DESC LIMIT 1",
        company,
    )
}

fn login_begin<S: Sql>(
    sql: &S,
    login: &str,
    address: &str,
    at: DateTime<Utc>,
) -> DeskResult<Answer> {
    #[derive(serde::Deserialize)]
    struct Row {
        address: String,
        at_ms: i64,
    }
    #[derive(serde::Deserialize)]
    struct At {
        at_ms: i64,
    }
    let guard = LoginGuard::DEFAULT;
    let since = millis(at - guard.memory());
    sql.run(
        "DELETE FROM login_failure WHERE at_ms < ?",
        &[Arg::Int(since)],
    )?;
    let of_login = sql.rows::<Row>(
        "SELECT address, at_ms FROM login_failure WHERE login = ? AND at_ms >= ?",
        &[login.into(), since.into()],
    )?;
    let login_times: Vec<DateTime<Utc>> = of_login.iter().map(|r| time(r.at_ms)).collect();
    let pair: Vec<DateTime<Utc>> = of_login
        .iter()
        .filter(|r| r.address == address)
        .map(|r| time(r.at_ms))
        .collect();
    let address_times: Vec<DateTime<Utc>> = sql
        .rows::<At>(
            "SELECT at_ms FROM login_failure WHERE address = ? AND at_ms >= ?",
            &[address.into(), since.into()],
        )?
        .into_iter()
        .map(|r| time(r.at_ms))
        .collect();
    let region_last_minute = count(
        sql,
        "SELECT COUNT(*) AS n FROM login_failure WHERE at_ms > ?",
        &[millis(at - Duration::minutes(1)).into()],
    )?;
    let recent = Recent {
        pair: &pair,
        login: &login_times,
        address: &address_times,
        region_last_minute: usize::try_from(region_last_minute).unwrap_or(usize::MAX),
    };
    if let Some(retry_after_secs) = guard.retry_after_secs(&recent, at) {
        return Ok(Answer::LoginRefused { retry_after_secs });
    }
    sql.run(
        "INSERT INTO login_failure (login, address, at_ms) VALUES (?, ?, ?)",
        &[login.into(), address.into(), millis(at).into()],
    )?;
    Ok(Answer::Done)
}

#[cfg(test)]
mod tests {

    use super::super::sql::memory::Memory;
    use super::super::testing::desk;
    use super::*;
    use domain::account::{Invite, InviteProblem, Role};
    use domain::model::{CompanyId, RegionId, UserId};
    use domain::terms::{TermsInput, default_terms};

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_775_000_000 + secs, 0).expect("time")
    }

    fn run(db: &Memory, c: Command) -> Answer {
        db.transaction(|db| execute(db, c)).expect("command")
    }

    fn invite(max_uses: u32) -> Invite {
        Invite {
            code: "abcd-efgh-jkmn".into(),
            role: Role::Resident,
            region: RegionId::from("midori"),
            program: None,
            issued_by: UserId("uhub".into()),
            issued_at: t(0),
            expires_at: t(86_400),
            max_uses,
            label: None,
        }
    }

    fn claim(db: &Memory, inv: &Invite, user: &str) -> Answer {
        run(
            db,
            Command::ClaimInvite {
                invite: inv.clone(),
                user: UserId(user.into()),
                has_email: false,
                at: t(10),
            },
        )
    }

    #[test]
    fn a_forgotten_user_keeps_the_use_counted_under_another_name() {
        let db = desk();
        let inv = invite(1);
        assert_eq!(claim(&db, &inv, "u1"), Answer::Done);
        run(
            &db,
            Command::ForgetInviteUser {
                user: UserId("u1".into()),
                anonymous: "x00".into(),
            },
        );
        assert_ne!(claim(&db, &inv, "u2"), Answer::Done, "still used up");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM invite_use WHERE user_id = 'u1'",
                &[]
            ),
            Ok(0)
        );
    }

    #[test]
    fn a_single_use_invite_is_claimed_once_and_a_release_gives_it_back() {
        let db = desk();
        let inv = invite(1);
        assert_eq!(claim(&db, &inv, "u1"), Answer::Done);
        assert_eq!(
            claim(&db, &inv, "u2"),
            Answer::InviteRefused {
                problem: InviteProblem::UsedUp
            }
        );
        run(
            &db,
            Command::ReleaseInvite {
                code: inv.code.clone(),
                user: UserId("u1".into()),
            },
        );
        assert_eq!(claim(&db, &inv, "u3"), Answer::Done);
        assert_eq!(
            run(
                &db,
                Command::InviteUses {
                    codes: vec![inv.code.clone(), "other".into()]
                }
            ),
            Answer::Counts { counts: vec![1, 0] }
        );
    }

    fn begin(db: &Memory, login: &str, address: &str, at: DateTime<Utc>) -> Answer {
        run(
            db,
            Command::LoginBegin {
                login: login.into(),
                address: address.into(),
                at,
            },
        )
    }

    #[test]
    fn tries_count_before_the_password_check_so_the_sixth_is_refused() {
        let db = desk();
        for i in 0..5 {
            assert_eq!(begin(&db, "h", "a1", t(i)), Answer::Done, "try {i}");
        }
        assert_eq!(
            begin(&db, "h", "a1", t(5)),
            Answer::LoginRefused {
                retry_after_secs: 899
            }
        );
        // The owner from another address waits a second, not a quarter hour.
        assert_eq!(
            begin(&db, "h", "home", t(4)),
            Answer::LoginRefused {
                retry_after_secs: 1
            }
        );
        assert_eq!(begin(&db, "h", "home", t(5)), Answer::Done);
        // A success forgets the login's failures.
        run(&db, Command::LoginSucceeded { login: "h".into() });
        assert_eq!(begin(&db, "h", "a1", t(6)), Answer::Done);
    }

    fn reserve(db: &Memory, key: &str, request: &str, at: DateTime<Utc>) -> Answer {
        run(
            db,
            Command::IdemReserve {
                key: key.into(),
                account: UserId("u1".into()),
                request: request.into(),
                at,
            },
        )
    }

    #[test]
    fn an_idempotency_key_runs_once_then_replays_its_answer() {
        let db = desk();
        assert_eq!(reserve(&db, "k", "h1", t(0)), Answer::Done);
        // A second request while the first runs: told so, never run.
        assert_eq!(reserve(&db, "k", "h1", t(1)), Answer::IdemInProgress);
        // Another body with the key: refused even while the first runs.
        assert_eq!(reserve(&db, "k", "h2", t(1)), Answer::IdemReused);
        run(
            &db,
            Command::IdemStore {
                key: "k".into(),
                status: 201,
                body: "{\"id\":\"x\"}".into(),
                at: t(2),
            },
        );
        assert_eq!(
            reserve(&db, "k", "h1", t(3)),
            Answer::Replay {
                status: 201,
                body: "{\"id\":\"x\"}".into()
            }
        );
        assert_eq!(reserve(&db, "k", "h2", t(3)), Answer::IdemReused);
        // After a day the key is free again.
        assert_eq!(reserve(&db, "k", "h2", t(2 + 86_401)), Answer::Done);
    }

    #[test]
    fn a_released_or_abandoned_reservation_lets_a_retry_run() {
        let db = desk();
        assert_eq!(reserve(&db, "k", "h1", t(0)), Answer::Done);
        run(&db, Command::IdemRelease { key: "k".into() });
        assert_eq!(reserve(&db, "k", "h1", t(1)), Answer::Done);
        assert_eq!(reserve(&db, "k", "h1", t(30)), Answer::IdemInProgress);
        assert_eq!(
            reserve(&db, "k", "h1", t(62)),
            Answer::Done,
            "abandoned after a minute"
        );
        run(
            &db,
            Command::IdemForget {
                account: UserId("u1".into()),
            },
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM idempotency", &[]),
            Ok(0)
        );
    }

    #[test]
    fn terms_versions_follow_each_other() {
        let db = desk();
        let company = CompanyId("c1".into());
        let default = default_terms(&company, "テスト");
        assert_eq!(
            run(
                &db,
                Command::Terms {
                    company: company.clone()
                }
            ),
            Answer::Terms { doc: None }
        );
        let publish = |ja: &str| Command::PublishTerms {
            input: TermsInput {
                body_ja: ja.into(),
                body_en: String::new(),
            },
            default: default.clone(),
            by: UserId("u1".into()),
            at: t(1),
        };
        let versions: Vec<u32> = [
            "一つ目の約束の本文です。二十文字を超えるように書きます。",
            "二つ目の約束の本文です。二十文字を超えるように書きます。",
        ]
        .iter()
        .map(|ja| match run(&db, publish(ja)) {
            Answer::Terms { doc: Some(d) } => d.version,
            other => panic!("{other:?}"),
        })
        .collect();
        assert_eq!(versions, vec![2, 3]);
        assert!(matches!(run(&db, publish("短い")), Answer::Invalid { .. }));
        match run(&db, Command::Terms { company }) {
            Answer::Terms { doc: Some(d) } => assert_eq!(d.version, 3),
            other => panic!("{other:?}"),
        }
    }
}
