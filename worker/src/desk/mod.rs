//! The region desk: one SQLite-backed Durable Object per region (`idFromName(region)`), the
//! single writer of what two or more parties touch in that region. Every command runs in one
//! synchronous transaction (`Sql::transaction`): no await between a read and the write that
//! depends on it, and an error rolls everything back.
//!
//! - `wire`: the commands the worker sends and the answers it gets (defined once).
//! - `schema`: the tables, migrated forward only, version by version.
//! - `logic`: what each command reads and writes, against any `Sql` (the desk's SQLite in
//!   workerd, an in-memory SQLite in the unit tests).
//! - `fair_work`: the fair-work records (issue 19): its own tables, commands and logic.
//! - `views`: what the region's views read of residents, courses, jobs and track records.
//! - `parties`: the region's companies (and the hub's decisions) and coordinators, for the hub's lists and cards.
//! - `board`: the hub's board and due list in SQL, from each engagement's board columns;
//!   `board_index`: the board's rows kept in memory and brought up to date by revision.
//! - `attention`: the hub's attention lists from the graduates' and the ending work's rows.
//! - `report`: the region's report as SQL aggregates over the facts' columns.
//! - `retention`: an ended engagement's free text erased five years after its end.
//! - `shortlist`: each company's shortlist of cards per job, its room checked as it is written.
//! - `object`: the Durable Object itself; `client`: the worker's handle to a region's desk.

mod attention;
mod board;
mod board_index;
mod client;
mod engagements;
pub mod enrolment;
pub mod fair_work;
mod kept;
mod logic;
mod object;
pub mod parties;
mod placements;
mod report;
mod retention;
mod schema;
pub mod shortlist;
mod sql;
#[cfg(test)]
mod testing;
pub mod views;
pub mod wire;

pub use client::{Desk, KeptPage};
