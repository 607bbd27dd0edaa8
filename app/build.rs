//! With the `split` feature, the `start` entry is split into lazily loaded wasm modules after
//! linking (`wasm-split-cli`, scripts/build-app.sh), which reads the linker's relocations.
fn main() {
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=start=--emit-relocs");
    }
}
