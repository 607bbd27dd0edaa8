//! The app is built with `-Zfmt-debug=none` (scripts/build-app.sh): every `{:?}` formats to
//! nothing there, while native builds (and `cargo test`) still print it. A `{:?}` in the app would
//! so look right everywhere but in the browser; this test keeps them out of the app's sources
//! (except this file, which names the placeholders it looks for).
//!
//! A unit test rather than an integration test in `app/tests/`: an integration test makes cargo
//! build all 13 entry binaries natively (~1.4 GB of disk on a clean clone) for nothing.

use std::fs;
use std::path::Path;

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A debug placeholder: `{:?}`, `{x:?}`, `{:#?}`, `{0:?}`, `{:>8?}`: a `?}` closing a `{…:…`.
fn has_debug_placeholder(line: &str) -> bool {
    line.match_indices("?}").any(|(end, _)| {
        let before = &line[..end];
        before
            .rfind('{')
            .is_some_and(|open| before[open..].contains(':') && !before[open..].contains('}'))
    })
}

#[test]
fn the_app_formats_nothing_with_debug() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(
        files.len() > 20,
        "found the app's sources under {}",
        root.display()
    );
    let found: Vec<String> = files
        .iter()
        .filter(|path| !path.ends_with("no_debug_formatting.rs"))
        .flat_map(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            text.lines()
                .enumerate()
                .filter(|(_, line)| has_debug_placeholder(line))
                .map(|(n, line)| format!("{}:{}: {}", path.display(), n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "use as_str or Display instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_every_form_of_placeholder() {
    for line in [
        r#"format!("{:?}", x)"#,
        r#"format!("{x:?}")"#,
        r#"format!("{:#?}", x)"#,
        r#"format!("{0:?}", x)"#,
        r#"format!("{:>8?}", x)"#,
    ] {
        assert!(has_debug_placeholder(line), "{line}");
    }
    assert!(!has_debug_placeholder(r#"format!("{}-{:02}", a, b)"#));
    assert!(!has_debug_placeholder(r#"let q = "a?}"; // {x}"#));
}
