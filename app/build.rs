//! A split entry (`split-start`, `split-hub`, `split-company`, `split-city`, `split-resident`) is cut into lazily loaded wasm modules after
//! linking (`wasm-split-cli`, scripts/build-app.sh), which reads the linker's relocations.
fn main() {
    for bin in ["start", "hub", "company", "city", "resident"] {
        let feature = format!("CARGO_FEATURE_SPLIT_{}", bin.to_uppercase());
        if std::env::var_os(feature).is_some() {
            println!("cargo:rustc-link-arg-bin={bin}=--emit-relocs");
        }
    }
}
