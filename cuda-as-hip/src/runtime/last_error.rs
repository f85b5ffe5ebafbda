//! CUDA's per-thread last error, kept here rather than read from HIP: every failing runtime call
//! records its code for the calling host thread; `cudaGetLastError` returns it and resets it to
//! `cudaSuccess`, `cudaPeekAtLastError` returns it and leaves it. HIP keeps a last error of its
//! own, but its semantics changed in HIP 7.0 (`hipGetLastError` now returns the last call's
//! result, success included), so it is never consulted: the behaviour is CUDA's on every HIP.

use crate::runtime::sys::cudaError_t;
use std::cell::Cell;

thread_local! {
    static LAST: Cell<cudaError_t> = const { Cell::new(cudaError_t::cudaSuccess) };
}

/// Records `e` (a failure) as the calling thread's last error, and returns it.
#[inline]
pub fn set(e: cudaError_t) -> cudaError_t {
    LAST.with(|l| l.set(e));
    e
}

/// The calling thread's last error, reset to `cudaSuccess` (`cudaGetLastError`).
pub fn take() -> cudaError_t {
    LAST.with(|l| l.replace(cudaError_t::cudaSuccess))
}

/// The calling thread's last error, left as it is (`cudaPeekAtLastError`).
pub fn peek() -> cudaError_t {
    LAST.with(Cell::get)
}
