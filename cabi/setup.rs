//! Load-time setup (run by the dynamic loader through `ctor`, before the program's `main`):
//! read the configuration from the environment once — `CUDA_AS_HIP_LOG`, `CUDA_AS_HIP_HIP_LIBRARY`
//! (read by the loader when HIP opens), `CUDA_AS_HIP_OFFLOAD_ARCH` — and, with
//! `CUDA_AS_HIP_EAGER=1`, open HIP now instead of on the first call. Never aborts, never prints
//! unless the log level asks for it.

/// Environment variable that makes the library open HIP when it is loaded.
pub const EAGER_ENV: &str = "CUDA_AS_HIP_EAGER";

#[ctor::ctor(unsafe)]
fn setup() {
    // Nothing here may unwind into the dynamic loader.
    let _ = std::panic::catch_unwind(|| {
        let level = cuda_as_hip::log::level();
        let eager = std::env::var(EAGER_ENV).is_ok_and(|v| v == "1");
        if eager {
            if let Err(e) = hip_sys::hip() {
                cuda_as_hip::log::warn_once(format!("{e}"));
            }
        }
        cuda_as_hip::log::info(|| {
            let arch = std::env::var(cuda_as_hip::OFFLOAD_ARCH_ENV)
                .unwrap_or_else(|_| "the device's".into());
            format!(
                "loaded: log level {level:?}, HIP opened {}, NVRTC target {arch}",
                if eager { "now" } else { "on first use" }
            )
        });
    });
}
