//! Skill verifications kept apart from the resident's own profile.
//!
//! A resident writes only their own profile; the hub (after seeing the work) and a course's
//! completion confirm skills. Each confirmation is its own record, and reading a resident
//! overlays the latest confirmation per task onto the skill claims ([`overlay`]), so that no one
//! rewrites a record another party owns.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Level, Resident, ResidentId, SkillClaim, TaskKindId, Verification};

/// One confirmation that a resident can do a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillVerification {
    pub resident: ResidentId,
    pub task: TaskKindId,
    /// The level the hub confirmed; `None` for a course, which keeps the resident's own level.
    pub level: Option<Level>,
    pub verification: Verification,
}

impl SkillVerification {
    /// When it was confirmed.
    pub fn at(&self) -> DateTime<Utc> {
        verified_at(&self.verification)
    }
}

/// What the match index needs of a verification, small enough for KV list metadata (written with
/// the `verif:` key, so an index rebuild reads no record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationMark {
    pub task: TaskKindId,
    /// The hub's level, or none for a course.
    pub level: Option<Level>,
    /// When, in Unix milliseconds.
    pub at: i64,
}

impl SkillVerification {
    pub fn mark(&self) -> VerificationMark {
        VerificationMark {
            task: self.task.clone(),
            level: self.level,
            at: self.at().timestamp_millis(),
        }
    }
}

/// When a verification was given.
pub fn verified_at(v: &Verification) -> DateTime<Utc> {
    match v {
        Verification::Course { at, .. } | Verification::Hub { at, .. } => *at,
    }
}

/// Lays the latest verification per task (by time; on a tie the later one in the slice) onto
/// the resident's skill claims. A claimed task gets the verification (and the hub's level, when
/// the hub gave one); a task the resident did not list is added as a verified claim, at the
/// hub's level or, for a course, the beginner level. Verifications of another resident are
/// ignored. A verification already on the profile is replaced only by a later one.
pub fn overlay(resident: &mut Resident, verifications: &[SkillVerification]) {
    let mut latest: Vec<&SkillVerification> = Vec::new();
    for v in verifications.iter().filter(|v| v.resident == resident.id) {
        match latest.iter_mut().find(|l| l.task == v.task) {
            Some(l) if v.at() >= l.at() => *l = v,
            Some(_) => {}
            None => latest.push(v),
        }
    }
    for v in latest {
        match resident.skills.iter_mut().find(|c| c.task == v.task) {
            Some(claim) => {
                let newer = claim
                    .verification
                    .as_ref()
                    .is_none_or(|old| verified_at(old) <= v.at());
                if newer {
                    claim.verification = Some(v.verification.clone());
                    if let Some(level) = v.level {
                        claim.level = level;
                    }
                }
            }
            None => resident.skills.push(SkillClaim {
                task: v.task.clone(),
                level: v.level.unwrap_or(Level::Beginner),
                verification: Some(v.verification.clone()),
            }),
        }
    }
}

/// A resident's edit of a claim keeps the verification it had only at the level that was
/// verified or lower: a raised level is the resident's own word again, and loses the mark (so
/// the card and the signed skill record never show a raised level as verified).
pub fn keep_verification(before: &SkillClaim, after: &mut SkillClaim) {
    if after.task == before.task && after.level <= before.level {
        after.verification.clone_from(&before.verification);
    } else {
        after.verification = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::fixtures;
    use crate::model::{ProgramId, UserId};
    use chrono::TimeDelta;

    /// A resident claiming one task at the beginner level, not verified.
    fn resident() -> Resident {
        fixtures::resident("r1", &[("data.entry", Level::Beginner, false)])
    }

    fn hub(r: &Resident, task: &TaskKindId, days: i64, level: Level) -> SkillVerification {
        SkillVerification {
            resident: r.id.clone(),
            task: task.clone(),
            level: Some(level),
            verification: Verification::Hub {
                coordinator: UserId("hub-1".into()),
                note: format!("day {days}"),
                at: r.created_at + TimeDelta::days(days),
            },
        }
    }

    #[test]
    fn the_latest_verification_of_a_claimed_task_wins_and_sets_the_hub_level() {
        let mut r = resident();
        let task = r.skills[0].task.clone();
        let vs = [
            hub(&r, &task, 5, Level::CanTeach),
            hub(&r, &task, 2, Level::Experienced),
        ];
        overlay(&mut r, &vs);
        assert_eq!(r.skills.len(), 1);
        assert_eq!(r.skills[0].level, Level::CanTeach);
        assert_eq!(r.skills[0].verification, Some(vs[0].verification.clone()));
    }

    #[test]
    fn a_course_adds_an_unclaimed_task_and_keeps_a_claimed_level() {
        let mut r = resident();
        r.skills[0].level = Level::Experienced;
        let claimed = r.skills[0].task.clone();
        let other = TaskKindId("sns.post".into());
        let course = |task: &TaskKindId| SkillVerification {
            resident: r.id.clone(),
            task: task.clone(),
            level: None,
            verification: Verification::Course {
                program: ProgramId("p1".into()),
                at: r.created_at,
            },
        };
        let vs = [course(&claimed), course(&other)];
        overlay(&mut r, &vs);
        assert_eq!(r.skills[0].level, Level::Experienced);
        assert!(r.skills[0].verification.is_some());
        let added = r.skills.iter().find(|c| c.task == other).expect("added");
        assert_eq!(added.level, Level::Beginner);
    }

    #[test]
    fn another_residents_verification_and_an_older_one_change_nothing() {
        let mut r = resident();
        let task = r.skills[0].task.clone();
        let mut stranger = hub(&r, &task, 1, Level::CanTeach);
        stranger.resident = ResidentId("someone-else".into());
        let before = r.clone();
        overlay(&mut r, &[stranger]);
        assert_eq!(r, before);
        let newer = hub(&r, &task, 10, Level::Experienced);
        overlay(&mut r, std::slice::from_ref(&newer));
        let older = hub(&r, &task, 3, Level::CanTeach);
        overlay(&mut r, &[older]);
        assert_eq!(r.skills[0].verification, Some(newer.verification));
    }

    #[test]
    fn a_raised_level_loses_the_verified_mark_a_kept_or_lowered_one_keeps_it() {
        let r = resident();
        let mut before = r.skills[0].clone();
        before.level = Level::Experienced;
        before.verification = Some(Verification::Course {
            program: ProgramId("course-1".into()),
            at: DateTime::<Utc>::UNIX_EPOCH,
        });
        for (level, kept) in [
            (Level::Beginner, true),
            (Level::Experienced, true),
            (Level::CanTeach, false),
        ] {
            let mut after = SkillClaim {
                task: before.task.clone(),
                level,
                verification: None,
            };
            keep_verification(&before, &mut after);
            assert_eq!(after.verification.is_some(), kept, "{level:?}");
        }
    }
}
