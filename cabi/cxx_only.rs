// Functions a CUDA header declares for C++ only (inside `#if defined(__cplusplus)`), which the
// generated exports (the C view) lack but NVIDIA's library exports: where the ROCm library has no
// counterpart each answers the family's "not supported" code, logged once with why (`include!`d by
// the C ABI crate's module for them). The arguments are never read: under the C calling convention
// the callee may leave them unnamed.

/// `not_supported!(CALL, STATUS, "why", name, …)`: each `name` exported, answering through the
/// family's call type `CALL`.
macro_rules! not_supported {
    ($call:ty, $status:ty, $why:literal, $($name:ident),* $(,)?) => {$(
        #[no_mangle]
        pub extern "C" fn $name() -> $status {
            const F: $call = <$call>::new(stringify!($name));
            F.unsupported($why)
        }
    )*};
}
