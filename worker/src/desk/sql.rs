//! The one interface the desk's logic needs from SQLite: run a statement, read typed rows, and
//! run a closure in one transaction.

use serde::de::DeserializeOwned;

/// A bound parameter of a statement (`?` in order).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
    Null,
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

/// Any failure inside the desk (SQL, a stored value that no longer parses): the transaction
/// rolls back and the worker answers 500.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("desk: {0}")]
pub struct DeskError(pub String);

impl DeskError {
    pub fn of(e: impl std::fmt::Display) -> Self {
        DeskError(e.to_string())
    }
}

pub type DeskResult<T> = Result<T, DeskError>;

/// A value as the JSON a column keeps.
pub fn json<T: serde::Serialize>(v: &T) -> DeskResult<String> {
    serde_json::to_string(v).map_err(DeskError::of)
}

/// A column's JSON read back; a value that no longer parses is a desk error.
pub fn parse<T: DeserializeOwned>(text: &str) -> DeskResult<T> {
    serde_json::from_str(text).map_err(DeskError::of)
}

/// Most values one statement may bind in a Durable Object's SQLite
/// (developers.cloudflare.com/durable-objects/platform/limits/). The in-memory desk of the unit
/// tests refuses more, as production does; local workerd does not.
pub const MAX_BOUND: usize = 100;

/// `?, ?, ?` for `n` values.
pub fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub trait Sql {
    /// Runs one statement and returns its rows, each deserialised from a column-name map.
    fn rows<T: DeserializeOwned>(&self, query: &str, args: &[Arg]) -> DeskResult<Vec<T>>;

    /// Runs one statement, ignoring any rows.
    fn run(&self, query: &str, args: &[Arg]) -> DeskResult<()>;
}

/// A single integer column named `n`.
#[derive(Debug, serde::Deserialize)]
pub struct N {
    pub n: i64,
}

/// A row of one JSON document (`SELECT doc …`): every such read shares this type, so the wasm
/// holds one deserializer for them (each row type costs its own).
#[derive(Debug, serde::Deserialize)]
pub struct Doc {
    pub doc: String,
}

/// The JSON array one `SELECT json_group_array(…) AS doc` answers: a desk call pays for every
/// row and column it hands over (each a crossing from workerd's SQLite into the wasm), and one
/// text is one. Give the aggregate an `ORDER BY` where the order matters.
pub fn array<S: Sql, T: DeserializeOwned>(
    sql: &S,
    query: &str,
    args: &[Arg],
) -> DeskResult<Vec<T>> {
    match sql.rows::<Doc>(query, args)?.pop() {
        Some(Doc { doc }) => parse(&doc),
        None => Ok(Vec::new()),
    }
}

/// The document a one-row query (`SELECT doc … WHERE … = ?`, bound to `key`) finds, if any.
pub fn doc_of<S: Sql, T: DeserializeOwned>(
    sql: &S,
    query: &str,
    key: &str,
) -> DeskResult<Option<T>> {
    sql.rows::<Doc>(query, &[key.into()])?
        .first()
        .map(|r| serde_json::from_str(&r.doc).map_err(DeskError::of))
        .transpose()
}

/// The first row's `n`, or 0 when there is none (never `one()`, which hangs on zero rows).
pub fn count<S: Sql>(sql: &S, query: &str, args: &[Arg]) -> DeskResult<i64> {
    Ok(sql.rows::<N>(query, args)?.first().map_or(0, |r| r.n))
}

#[cfg(test)]
pub mod memory {
    //! A real SQLite in memory (rusqlite, natively) behind the same `Sql` interface.
    use super::*;
    use rusqlite::types::{Value, ValueRef};

    #[derive(Debug)]
    pub struct Memory(pub rusqlite::Connection);

    /// Most terms of one compound SELECT (`… UNION ALL …`) in a Durable Object's SQLite:
    /// workerd sets `SQLITE_LIMIT_COMPOUND_SELECT` to 5 (plain SQLite allows 500).
    pub const MAX_COMPOUND: usize = 5;

    impl Memory {
        pub fn new() -> Self {
            Memory::with_limits(rusqlite::Connection::open_in_memory().expect("in-memory sqlite"))
        }

        /// A connection with the limits workerd sets on a Durable Object's SQLite
        /// (`src/workerd/util/sqlite.c++`), so that a statement it would refuse fails here too
        /// (a board statement of ten `UNION ALL` terms passed here once and failed in workerd).
        pub fn with_limits(db: rusqlite::Connection) -> Self {
            use rusqlite::limits::Limit;
            let compound = i32::try_from(MAX_COMPOUND).unwrap_or(i32::MAX);
            let bound = i32::try_from(MAX_BOUND).unwrap_or(i32::MAX);
            for (limit, value) in [
                (Limit::SQLITE_LIMIT_COMPOUND_SELECT, compound),
                (Limit::SQLITE_LIMIT_VARIABLE_NUMBER, bound),
                (Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000),
                (Limit::SQLITE_LIMIT_COLUMN, 100),
                (Limit::SQLITE_LIMIT_EXPR_DEPTH, 100),
                (Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50),
                (Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 10),
            ] {
                db.set_limit(limit, value);
            }
            Memory(db)
        }

        /// Runs `f` in one transaction: an error rolls back.
        pub fn transaction<R>(&self, f: impl FnOnce(&Self) -> DeskResult<R>) -> DeskResult<R> {
            self.0.execute_batch("BEGIN").map_err(DeskError::of)?;
            match f(self) {
                Ok(r) => {
                    self.0.execute_batch("COMMIT").map_err(DeskError::of)?;
                    Ok(r)
                }
                Err(e) => {
                    self.0.execute_batch("ROLLBACK").map_err(DeskError::of)?;
                    Err(e)
                }
            }
        }
    }

    fn params(args: &[Arg]) -> DeskResult<Vec<Value>> {
        if args.len() > MAX_BOUND {
            return Err(DeskError(format!(
                "{} bound values; a Durable Object's SQLite takes at most {MAX_BOUND}",
                args.len()
            )));
        }
        Ok(args
            .iter()
            .map(|a| match a {
                Arg::Int(i) => Value::Integer(*i),
                Arg::Text(t) => Value::Text(t.clone()),
                Arg::Null => Value::Null,
            })
            .collect())
    }

    impl Sql for Memory {
        fn rows<T: DeserializeOwned>(&self, query: &str, args: &[Arg]) -> DeskResult<Vec<T>> {
            let mut stmt = self.0.prepare(query).map_err(DeskError::of)?;
            let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params(args)?))
                .map_err(DeskError::of)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(DeskError::of)? {
                let mut map = serde_json::Map::new();
                for (i, name) in names.iter().enumerate() {
                    let v = match row.get_ref(i).map_err(DeskError::of)? {
                        ValueRef::Null => serde_json::Value::Null,
                        ValueRef::Integer(n) => serde_json::Value::from(n),
                        ValueRef::Real(f) => serde_json::Value::from(f),
                        ValueRef::Text(t) => {
                            serde_json::Value::from(String::from_utf8_lossy(t).into_owned())
                        }
                        ValueRef::Blob(_) => serde_json::Value::Null,
                    };
                    map.insert(name.clone(), v);
                }
                out.push(
                    serde_json::from_value(serde_json::Value::Object(map))
                        .map_err(DeskError::of)?,
                );
            }
            Ok(out)
        }

        fn run(&self, query: &str, args: &[Arg]) -> DeskResult<()> {
            let mut stmt = self.0.prepare(query).map_err(DeskError::of)?;
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params(args)?))
                .map_err(DeskError::of)?;
            while rows.next().map_err(DeskError::of)?.is_some() {}
            Ok(())
        }
    }

    #[test]
    fn the_in_memory_desk_refuses_what_workerd_refuses() {
        let db = Memory::new();
        let union = |n: usize| vec!["SELECT 1 AS n"; n].join(" UNION ALL ");
        assert!(db.rows::<N>(&union(MAX_COMPOUND), &[]).is_ok());
        assert!(db.rows::<N>(&union(MAX_COMPOUND + 1), &[]).is_err());
        let bound = vec![Arg::Int(1); MAX_BOUND + 1];
        let marks = vec!["?"; MAX_BOUND + 1].join(", ");
        assert!(
            db.rows::<N>(&format!("SELECT COALESCE({marks}) AS n"), &bound)
                .is_err()
        );
    }
}
