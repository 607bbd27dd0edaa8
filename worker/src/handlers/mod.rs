//! Named handlers, one module per resource. Each stays thin: parse, authorise, call the domain,
//! store, answer.

pub mod accounts;
pub mod companies;
pub mod dev;
pub mod engagements;
pub mod fair_work;
pub mod health;
pub mod hub;
pub mod invites;
pub mod jobs;
pub mod openapi;
pub mod privacy;
pub mod profile;
pub mod programs;
pub mod reference;
pub mod scoping;
pub mod sessions;
pub mod skill_record;
pub mod summary;
pub mod trust;
pub mod workspace;
