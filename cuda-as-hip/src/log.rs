//! Diagnostics on stderr, filtered by `CUDA_AS_HIP_LOG` (`off`, `warn` — the default —, `info`,
//! `trace`). `warn` explains every failure this layer decides itself (missing HIP, unsupported
//! call, refused image) — each distinct message once.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

pub const LOG_ENV: &str = "CUDA_AS_HIP_LOG";

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Off,
    Warn,
    Info,
    Trace,
}

pub fn level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| match std::env::var(LOG_ENV).as_deref() {
        Ok("off") | Ok("0") | Ok("none") => Level::Off,
        Ok("info") => Level::Info,
        Ok("trace") => Level::Trace,
        _ => Level::Warn,
    })
}

pub fn enabled(l: Level) -> bool {
    l <= level()
}

/// Prints `message` at `Warn` level, the first time it is seen.
pub fn warn_once(message: String) {
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    if !enabled(Level::Warn) {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    if seen
        .get_or_insert_with(HashSet::new)
        .insert(message.clone())
    {
        eprintln!("cuda-as-hip: {message}");
    }
}

pub fn info(message: impl FnOnce() -> String) {
    if enabled(Level::Info) {
        eprintln!("cuda-as-hip: {}", message());
    }
}
