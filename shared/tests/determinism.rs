//! Same pixels everywhere: the render vectors must hash to the fingerprints recorded natively
//! (`tests/golden/fingerprints.txt`), both here on the host and compiled to wasm32 under Node:
//! `cargo test -p shared --target wasm32-unknown-unknown --test determinism`.

mod common;

fn check() {
    let recorded = common::recorded_fingerprints();
    let rendered: Vec<(String, u64)> = common::vectors()
        .into_iter()
        .map(|(n, img)| (n, common::fingerprint(&img)))
        .collect();
    assert_eq!(rendered.len(), recorded.len(), "vector count");
    for ((name, got), (rec_name, want)) in rendered.iter().zip(&recorded) {
        assert_eq!(name, rec_name);
        assert_eq!(got, want, "{name}: {got:016x} != recorded {want:016x}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn native_renders_match_the_recorded_fingerprints() {
    check();
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn wasm_renders_match_the_native_fingerprints() {
    check();
}
