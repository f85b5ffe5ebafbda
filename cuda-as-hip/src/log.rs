//! Diagnostics on stderr, filtered by `CUDA_AS_HIP_LOG`: `off` (the default: a library prints
//! nothing unless asked), `warn`, `info`, `trace`. `warn` explains every failure this layer decides itself (missing HIP, unsupported
//! call, refused image) — each distinct message once. `trace` adds one line per call made through
//! the C ABI libraries: arguments, the HIP call it became and its result, the CUDA result, the time.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;

pub const LOG_ENV: &str = "CUDA_AS_HIP_LOG";

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Level {
    Off = 0,
    Warn = 1,
    Info = 2,
    Trace = 3,
}

const UNREAD: u8 = u8::MAX;
/// The level, read from the environment on first use. A plain atomic, not a `OnceLock`: every
/// C ABI call checks it (one compare with memory on the hot path, see [`tracing`]).
static LEVEL: AtomicU8 = AtomicU8::new(UNREAD);

#[inline]
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        UNREAD => {
            let l = read_level();
            LEVEL.store(l as u8, Ordering::Relaxed);
            l
        }
        0 => Level::Off,
        1 => Level::Warn,
        2 => Level::Info,
        _ => Level::Trace,
    }
}

#[cold]
fn read_level() -> Level {
    match std::env::var(LOG_ENV).as_deref() {
        Ok("warn") | Ok("1") => Level::Warn,
        Ok("info") => Level::Info,
        Ok("trace") => Level::Trace,
        _ => Level::Off,
    }
}

#[inline]
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

thread_local! {
    /// The HIP calls made by the CUDA call in progress on this thread (trace level only). Read
    /// with `try_with`: CUDA calls also come from a thread's exit (or the process's: a library's
    /// atexit handler releasing its context) after this thread's storage was destroyed, and are
    /// traced without the records then.
    static HIP_CALLS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Whether every call is traced: one compare on the hot path. The unread level (`u8::MAX`) also
/// compares high, and is read by the cold branch.
#[inline]
pub fn tracing() -> bool {
    trace_or_unread() && tracing_cold()
}

/// The hot half of [`tracing`]: the level is `trace` or not read yet. A caller that sends this
/// case out of line with its arguments keeps nothing live across the level read.
#[inline]
pub fn trace_or_unread() -> bool {
    LEVEL.load(Ordering::Relaxed) >= Level::Trace as u8
}

#[cold]
fn tracing_cold() -> bool {
    level() == Level::Trace
}

/// Records, for the trace, that `hip` was called and returned `result`. The C call in progress
/// takes the records for its trace line; calls through the Rust API are not traced and never take
/// theirs, so only the last few are kept.
#[cold]
pub fn hip_call(hip: &'static str, result: &dyn std::fmt::Debug) {
    const KEPT: usize = 8;
    if !hip.is_empty() {
        let _ = HIP_CALLS.try_with(|c| {
            let mut c = c.borrow_mut();
            if c.len() == KEPT {
                c.remove(0);
            }
            c.push(format!("{hip} → {result:?}"));
        });
    }
}

/// Starts the trace of a C call: drops records left by earlier Rust API calls on this thread.
pub fn trace_begin() {
    let _ = HIP_CALLS.try_with(|c| c.borrow_mut().clear());
}

/// The trace line of a finished CUDA call (`args` formats its arguments).
pub fn trace_call(
    name: &str,
    args: impl FnOnce() -> String,
    result: &dyn std::fmt::Debug,
    elapsed: std::time::Duration,
) {
    let hip = (HIP_CALLS.try_with(|c| std::mem::take(&mut *c.borrow_mut()))).unwrap_or_default();
    let hip = match hip.is_empty() {
        true => String::new(),
        false => format!(" [{}]", hip.join(", ")),
    };
    eprintln!(
        "cuda-as-hip: {name}({}) = {result:?}{hip} in {elapsed:.1?}",
        args()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untaken_hip_call_records_stay_bounded_and_a_c_call_starts_clean() {
        for i in 0..100 {
            hip_call("hipGetDeviceCount", &i);
        }
        let kept = HIP_CALLS.with(|c| c.borrow().clone());
        assert_eq!(kept.len(), 8);
        assert_eq!(
            kept.last().map(String::as_str),
            Some("hipGetDeviceCount → 99")
        );
        trace_begin();
        assert!(HIP_CALLS.with(|c| c.borrow().is_empty()));
    }
}
