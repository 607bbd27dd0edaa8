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

#[cfg(test)]
mod tests {
    /// No handler imports another handler: what two handlers share lives in `auth` (role
    /// guards) or the records layer (`records`), so each handler reads on its own.
    #[test]
    fn no_handler_imports_another_handler() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/handlers");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .expect("handlers folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .collect();
        assert!(names.len() > 10, "found the handlers: {names:?}");
        let mut found = Vec::new();
        for file in &names {
            let text = std::fs::read_to_string(dir.join(file)).expect("readable");
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for other in &names {
                    let other = other.trim_end_matches(".rs");
                    for path in [
                        format!("crate::handlers::{other}"),
                        format!("super::{other}"),
                        format!("handlers::{{{other}"),
                    ] {
                        if code.contains(&path) {
                            found.push(format!("{file}:{}: {}", i + 1, line.trim()));
                        }
                    }
                }
                if code.contains("crate::handlers::{") || code.contains("super::{") {
                    found.push(format!("{file}:{}: {}", i + 1, line.trim()));
                }
            }
        }
        found.dedup();
        assert!(
            found.is_empty(),
            "a handler imports another:\n{}",
            found.join("\n")
        );
    }
}
