// What every C ABI library's build script does (`include!`d by each `build.rs`): link with the
// SONAME programs linked against NVIDIA's library record, which the variable `env` can replace
// (the GPU loopback's layout, where NVIDIA's library of that name must stay NVIDIA's:
// ARCHITECTURE.md, "Testing without an AMD GPU"); and, where NVIDIA versions its symbols, give
// every export the SONAME as its version (`cudaMalloc@@libcudart.so.12`) with GNU ld's
// `--default-symver`, which rust-lld lacks.

/// The link arguments for `soname` (or `$env`'s value), symbol-versioned when `versioned`.
fn link_as(env: &str, soname: &str, versioned: bool) {
    println!("cargo:rerun-if-env-changed={env}");
    let soname = std::env::var(env).unwrap_or_else(|_| soname.into());
    let mut args = vec![format!("-Wl,-soname,{soname}")];
    if versioned {
        args.extend(["-fuse-ld=bfd".into(), "-Wl,--default-symver".into()]);
    }
    for arg in args {
        println!("cargo:rustc-cdylib-link-arg={arg}");
    }
}
