//! The onboarding submission queue: one submission kept on the device (so it survives a
//! reload or a closed tab) and driven through `domain::onboarding::Submission`'s stages —
//! register (or log in if an earlier try got through), then the profile — whenever the
//! connection allows: now, when `online` fires, after a back-off, or on the next page load.

use std::cell::Cell;
use std::time::Duration;

use domain::onboarding::{Answer, Stage, Submission};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::{ChunkMissing, LocalFuture};
use crate::api::ApiError;
use crate::api::resident::onboarding;

use crate::device::ONBOARDING_QUEUE as QUEUE_KEY;
/// The code of the server's answer to a registration with a taken email.
pub const TAKEN: &str = "email_taken";

/// What the person sees of the queue.
#[derive(Debug, Clone, PartialEq)]
pub enum QueueStatus {
    Empty,
    Sending,
    /// Offline or no answer: kept and sent when the connection returns.
    Waiting,
    Done,
    /// The server refused: the person must fix something (the error names the field).
    NeedsFixing(ApiError),
}

#[derive(Debug, Clone, Copy)]
pub struct Queue {
    pub status: RwSignal<QueueStatus>,
}

thread_local! {
    static DRIVING: Cell<bool> = const { Cell::new(false) };
}

pub fn load() -> Option<Submission> {
    LocalStorage::get(QUEUE_KEY).ok()
}

fn save(s: &Submission) {
    let _ = LocalStorage::set(QUEUE_KEY, s);
}

pub fn clear() {
    LocalStorage::delete(QUEUE_KEY);
}

fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Only the stage of the kept submission: what the wizard needs to open, and what the other
/// resident pages need to remind of an unsent registration (the rest is read when it is sent, by
/// the chunk that sends it), so that no page but the wizard links the whole submission's reader.
pub fn stage() -> Option<Stage> {
    #[derive(serde::Deserialize)]
    struct Kept {
        stage: Stage,
    }
    LocalStorage::get::<Kept>(QUEUE_KEY).ok().map(|k| k.stage)
}

/// Provides the queue and resumes a pending submission (this load, and whenever `online` fires).
pub fn provide_queue() -> Queue {
    let status = match stage() {
        Some(Stage::Register | Stage::Login | Stage::Profile) => QueueStatus::Waiting,
        Some(Stage::Done) => QueueStatus::Done,
        _ => QueueStatus::Empty,
    };
    let queue = Queue {
        status: RwSignal::new(status),
    };
    provide_context(queue);
    let handle = window_event_listener(leptos::ev::online, move |_| queue.resume());
    // The listener lives as long as the page.
    std::mem::forget(handle);
    queue.resume();
    queue
}

pub fn use_queue() -> Queue {
    use_context::<Queue>().unwrap_or_else(provide_queue)
}

impl Queue {
    /// Queues a new submission (replacing one that needs fixing) and starts sending it.
    pub fn submit(self, submission: Submission) {
        save(&submission);
        self.status.set(QueueStatus::Waiting);
        self.resume();
    }

    /// The person typed another password while a submission waits: it replaces the queued
    /// one until the account exists (`Submission::replace_password`).
    pub fn replace_password(self, password: &str) {
        if let Some(mut s) = load().filter(|s| s.is_pending() || s.stage == Stage::NeedsFixing)
            && s.replace_password(password)
        {
            save(&s);
        }
    }

    /// Sends what is pending, unless a send is already under way.
    pub fn resume(self) {
        let pending = matches!(
            stage(),
            Some(Stage::Register | Stage::Login | Stage::Profile)
        );
        if !pending || DRIVING.with(Cell::get) {
            return;
        }
        DRIVING.with(|d| d.set(true));
        leptos::task::spawn_local(async move {
            let again = match driver(self).await {
                Ok(drive) => {
                    drive.await;
                    None
                }
                // The sending code is not here (offline before it was cached): try again later.
                Err(ChunkMissing) => {
                    self.status.set(QueueStatus::Waiting);
                    Some(Duration::from_secs(5))
                }
            };
            DRIVING.with(|d| d.set(false));
            if let Some(wait) = again {
                set_timeout(move || self.resume(), wait);
            }
        });
    }

    async fn drive(self) {
        while let Some(mut s) = load().filter(Submission::is_pending) {
            if !is_online() {
                self.status.set(QueueStatus::Waiting);
                return;
            }
            self.status.set(QueueStatus::Sending);
            let result = send_stage(&s).await;
            let answer = match &result {
                Ok(()) => Answer::Ok,
                Err(ApiError::Network) => Answer::of(None, None),
                Err(ApiError::Server { status, code, .. }) => Answer::of(Some(*status), Some(code)),
            };
            s.advance(answer);
            s.forget_password();
            save(&s);
            match (s.stage, result) {
                (Stage::Done, _) => {
                    // Done wherever it finished (this page or another of the area).
                    LocalStorage::delete(crate::device::ONBOARDING_DRAFT);
                    self.status.set(QueueStatus::Done);
                }
                // The email has an account the typed password does not open: say what the
                // server said of it (not the login's refusal) and offer to log in.
                (Stage::NeedsFixing, Err(_)) if s.is_taken_by_another() => {
                    self.status.set(QueueStatus::NeedsFixing(ApiError::Server {
                        status: 409,
                        code: TAKEN.to_owned(),
                        message: domain::onboarding::email_taken_message(),
                        fields: Vec::new(),
                    }));
                }
                (Stage::NeedsFixing, Err(e)) => self.status.set(QueueStatus::NeedsFixing(e)),
                (_, Err(_)) if answer == Answer::NoAnswer => {
                    self.status.set(QueueStatus::Waiting);
                    let wait = Duration::from_millis(u64::from(s.backoff_ms()));
                    set_timeout(move || self.resume(), wait);
                    return;
                }
                _ => {}
            }
        }
    }
}

in_onboarding_chunk! {
    /// The sending loop, in the onboarding chunk (the first step needs none of it).
    fn driver(queue: Queue) -> Result<LocalFuture<()>, ChunkMissing> {
        Ok(Box::pin(queue.drive()))
    }
}

/// The write the submission's stage calls for.
async fn send_stage(s: &Submission) -> Result<(), ApiError> {
    match s.stage {
        Stage::Register => onboarding::register(&s.account, &s.key).await,
        Stage::Login => onboarding::log_in(&s.login()).await,
        Stage::Profile => onboarding::save_profile(&s.profile, &s.key).await,
        Stage::Done | Stage::NeedsFixing => Ok(()),
    }
}
