//! A split entry (feature `split-<entry>`, e.g. `split-start`, `split-profile`) is cut into lazily
//! loaded wasm modules after linking (`wasm-split-cli`, scripts/build-app.sh), which reads the
//! linker's relocations: the entry's binary is linked with them.
fn main() {
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        if let Some(entry) = key.strip_prefix("CARGO_FEATURE_SPLIT_") {
            let bin = entry.to_lowercase();
            println!("cargo:rustc-link-arg-bin={bin}=--emit-relocs");
        }
    }
}
