//! The login guard: which login tries may reach the password check.
//!
//! Every try that passes counts as a failure until it succeeds (a success forgets the login
//! name's failures), so that concurrent tries cannot all pass before the first failure is
//! written. Refused tries are not failures. The rule, from strictest to widest:
//!
//! 1. **This login name from this address**: 5 failures within 15 minutes refuse that pair for
//!    15 minutes (`LoginThrottle::DEFAULT`). This is the hard lock, and only the address that
//!    failed can trigger it for itself.
//! 2. **This address, any login name**: 30 failures within 15 minutes refuse the address for
//!    15 minutes (someone trying many accounts from one place).
//! 3. **This login name from any address** (a progressive delay, not a lock): from the 5th
//!    failure within 15 minutes, the next try must wait 1 s after the latest failure, doubling
//!    with each further failure, at most 60 s. The owner, from their own address, always gets in
//!    within a minute; someone guessing from many addresses gets at most one guess a minute.
//! 4. **The whole region** (a circuit): when 1,000 failures happened in the last minute, an
//!    address that has failed within 15 minutes waits 60 s; addresses without failures go on.

use chrono::{DateTime, Duration, Utc};

use super::LoginThrottle;

/// Recent failures (with the tries in flight) that concern one try.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recent<'a> {
    /// This login name from this address.
    pub pair: &'a [DateTime<Utc>],
    /// This login name from every address (includes `pair`).
    pub login: &'a [DateTime<Utc>],
    /// This address, every login name (includes `pair`).
    pub address: &'a [DateTime<Utc>],
    /// Failures in the whole region within the last minute.
    pub region_last_minute: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginGuard {
    pub pair: LoginThrottle,
    pub address: LoginThrottle,
    /// The first progressive delay; doubles with each failure past `pair.max_failures`.
    pub delay_first: Duration,
    pub delay_cap: Duration,
    /// Region-wide failures within a minute that open the circuit.
    pub circuit_per_minute: usize,
    pub circuit_wait: Duration,
}

impl LoginGuard {
    pub const DEFAULT: LoginGuard = LoginGuard {
        pair: LoginThrottle::DEFAULT,
        address: LoginThrottle {
            max_failures: 30,
            window: Duration::minutes(15),
            lockout: Duration::minutes(15),
        },
        delay_first: Duration::seconds(1),
        delay_cap: Duration::seconds(60),
        circuit_per_minute: 1000,
        circuit_wait: Duration::seconds(60),
    };

    /// How long a failure matters (keep it this long, then forget it).
    pub fn memory(&self) -> Duration {
        self.pair.memory().max(self.address.memory())
    }

    /// The progressive delay after `n` failures of one login name (none below the limit).
    pub fn delay_after(&self, n: usize) -> Option<Duration> {
        let past = n.checked_sub(self.pair.max_failures)?;
        let factor = 1_i32 << u32::try_from(past.min(16)).unwrap_or(16);
        Some((self.delay_first * factor).min(self.delay_cap))
    }

    /// When the try may be made, if not now.
    pub fn wait_until(&self, recent: &Recent<'_>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut until: Option<DateTime<Utc>> = None;
        let mut later = |t: Option<DateTime<Utc>>| {
            if let Some(t) = t.filter(|t| now < *t) {
                until = Some(until.map_or(t, |u| u.max(t)));
            }
        };
        later(self.pair.locked_until(recent.pair, now));
        later(self.address.locked_until(recent.address, now));
        let window_start = now - self.pair.window;
        let in_window: Vec<DateTime<Utc>> = recent
            .login
            .iter()
            .copied()
            .filter(|t| *t > window_start && *t <= now)
            .collect();
        if let (Some(delay), Some(latest)) =
            (self.delay_after(in_window.len()), in_window.iter().max())
        {
            later(Some(*latest + delay));
        }
        let address_failed = recent
            .address
            .iter()
            .any(|t| *t > now - self.address.window && *t <= now);
        if recent.region_last_minute >= self.circuit_per_minute && address_failed {
            later(Some(now + self.circuit_wait));
        }
        until
    }

    /// Whole seconds to wait (at least 1), for `Retry-After`; `None` when the try may go on.
    pub fn retry_after_secs(&self, recent: &Recent<'_>, now: DateTime<Utc>) -> Option<u32> {
        self.wait_until(recent, now).map(|until| {
            let millis = (until - now).num_milliseconds().max(1);
            u32::try_from((millis + 999) / 1000).unwrap_or(u32::MAX)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_775_000_000 + secs, 0).expect("time")
    }

    const G: LoginGuard = LoginGuard::DEFAULT;

    #[test]
    fn five_failures_of_a_pair_lock_that_pair_for_fifteen_minutes() {
        let f: Vec<_> = (0..5).map(t).collect();
        let recent = Recent {
            pair: &f,
            login: &f,
            address: &f,
            region_last_minute: 5,
        };
        assert_eq!(G.retry_after_secs(&recent, t(5)), Some(15 * 60 - 1));
        let four = &f[..4];
        let recent = Recent {
            pair: four,
            login: four,
            address: four,
            region_last_minute: 4,
        };
        assert_eq!(G.retry_after_secs(&recent, t(5)), None);
    }

    #[test]
    fn the_owner_from_another_address_waits_a_short_growing_delay_not_the_lock() {
        let attacker: Vec<_> = (0..5).map(t).collect();
        let recent = Recent {
            pair: &[],
            login: &attacker,
            address: &[],
            region_last_minute: 5,
        };
        // 5 failures: 1 s after the latest.
        assert_eq!(G.wait_until(&recent, t(4)), Some(t(5)));
        assert_eq!(G.wait_until(&recent, t(5)), None);
        // 8 failures: 8 s; 20 failures: capped at 60 s.
        let eight: Vec<_> = (0..8).map(t).collect();
        let recent = Recent {
            login: &eight,
            ..recent
        };
        assert_eq!(G.wait_until(&recent, t(7)), Some(t(15)));
        let twenty: Vec<_> = (0..20).map(t).collect();
        let recent = Recent {
            login: &twenty,
            ..recent
        };
        assert_eq!(G.retry_after_secs(&recent, t(19)), Some(60));
        assert_eq!(G.retry_after_secs(&recent, t(79)), None);
    }

    #[test]
    fn thirty_failures_from_one_address_lock_the_address_for_any_login() {
        let f: Vec<_> = (0..30).map(t).collect();
        let recent = Recent {
            pair: &[],
            login: &[],
            address: &f,
            region_last_minute: 30,
        };
        assert_eq!(
            G.wait_until(&recent, t(30)),
            Some(t(29) + Duration::minutes(15))
        );
        let recent = Recent {
            address: &f[..29],
            ..recent
        };
        assert_eq!(G.wait_until(&recent, t(30)), None);
    }

    #[test]
    fn the_circuit_holds_back_failing_addresses_only() {
        let failed = [t(0)];
        let busy = Recent {
            pair: &[],
            login: &[],
            address: &failed,
            region_last_minute: 1000,
        };
        assert_eq!(G.retry_after_secs(&busy, t(10)), Some(60));
        let clean = Recent {
            address: &[],
            ..busy
        };
        assert_eq!(G.retry_after_secs(&clean, t(10)), None);
        let quiet = Recent {
            region_last_minute: 999,
            ..busy
        };
        assert_eq!(G.retry_after_secs(&quiet, t(10)), None);
    }

    #[test]
    fn old_failures_are_forgotten_and_memory_covers_every_window() {
        let f: Vec<_> = (0..5).map(t).collect();
        let recent = Recent {
            pair: &f,
            login: &f,
            address: &f,
            region_last_minute: 0,
        };
        assert_eq!(
            G.retry_after_secs(&recent, t(4) + Duration::minutes(15)),
            None
        );
        assert_eq!(G.memory(), Duration::minutes(30));
        assert_eq!(G.delay_after(4), None);
        assert_eq!(G.delay_after(5), Some(Duration::seconds(1)));
        assert_eq!(G.delay_after(500), Some(Duration::seconds(60)));
    }
}
