//! Named handlers, one module per resource. Each stays thin: parse, authorise, call the domain,
//! store, answer.

pub mod dev;
pub mod health;
pub mod openapi;
pub mod summary;
