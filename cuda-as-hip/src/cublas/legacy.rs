//! cuBLAS's legacy API (cublas.h): its state and the six functions without a `_v2` twin. The state
//! is the one handle `cublasInit` makes, which every legacy call uses, and the status of the last
//! failed legacy call, which `cublasGetError` reports once (kept per thread). The other legacy
//! functions are generated (`raw::cublasSgemm` calls `raw::cublasSgemm_v2` with the handle, a
//! `char` option as the twin's enum value, scalars by reference — host pointer mode, the handle's
//! default — and returns what the twin writes back); without `cublasInit` their twins answer
//! `CUBLAS_STATUS_NOT_INITIALIZED` for the NULL handle, which `cublasGetError` then reports.
#![allow(non_snake_case)]

use super::sys::*;
use crate::call::CublasCall;
use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;

/// The handle `cublasInit` made; NULL before it and after `cublasShutdown`.
static HANDLE: AtomicPtr<cublasContext> = AtomicPtr::new(std::ptr::null_mut());

/// `cublasInit` and `cublasShutdown` one at a time.
static LIFECYCLE: Mutex<()> = Mutex::new(());

thread_local! {
    static LAST_ERROR: Cell<cublasStatus_t> = const { Cell::new(cublasStatus_t::CUBLAS_STATUS_SUCCESS) };
}

/// The legacy API's handle (NULL before `cublasInit`).
pub fn handle() -> cublasHandle_t {
    HANDLE.load(Ordering::Acquire)
}

/// Keeps a failed legacy call's status for `cublasGetError`.
pub fn record(status: cublasStatus_t) {
    if status != cublasStatus_t::CUBLAS_STATUS_SUCCESS {
        LAST_ERROR.set(status);
    }
}

/// A value no CUDA constant has: the twin refuses it with `CUBLAS_STATUS_INVALID_VALUE`.
const NO_CONSTANT: u32 = u32::MAX;

/// The constant `letters` pairs with the letter `c`, in either case; [`NO_CONSTANT`] for another.
fn letter(c: c_char, letters: &[(u8, u32)]) -> u32 {
    let c = (c as u8).to_ascii_uppercase();
    (letters.iter())
        .find(|(l, _)| *l == c)
        .map_or(NO_CONSTANT, |&(_, v)| v)
}

/// `N`, `T`, `C`: no transpose, transpose, conjugate transpose.
pub fn cublasOperation_t(c: c_char) -> u32 {
    use cublasOperation_t::*;
    let ops = [
        (b'N', CUBLAS_OP_N),
        (b'T', CUBLAS_OP_T),
        (b'C', CUBLAS_OP_C),
    ];
    letter(c, &ops.map(|(l, v)| (l, v as u32)))
}

/// `U` the upper triangle, `L` the lower.
pub fn cublasFillMode_t(c: c_char) -> u32 {
    use cublasFillMode_t::*;
    let modes = [
        (b'U', CUBLAS_FILL_MODE_UPPER),
        (b'L', CUBLAS_FILL_MODE_LOWER),
    ];
    letter(c, &modes.map(|(l, v)| (l, v as u32)))
}

/// `L` the matrix on the left, `R` on the right.
pub fn cublasSideMode_t(c: c_char) -> u32 {
    use cublasSideMode_t::*;
    let sides = [(b'L', CUBLAS_SIDE_LEFT), (b'R', CUBLAS_SIDE_RIGHT)];
    letter(c, &sides.map(|(l, v)| (l, v as u32)))
}

/// `N` a non-unit diagonal, `U` a unit one.
pub fn cublasDiagType_t(c: c_char) -> u32 {
    use cublasDiagType_t::*;
    let diagonals = [(b'N', CUBLAS_DIAG_NON_UNIT), (b'U', CUBLAS_DIAG_UNIT)];
    letter(c, &diagonals.map(|(l, v)| (l, v as u32)))
}

pub unsafe fn cublasInit() -> cublasStatus_t {
    let _one = LIFECYCLE.lock().unwrap_or_else(|p| p.into_inner());
    if !handle().is_null() {
        return cublasStatus_t::CUBLAS_STATUS_SUCCESS;
    }
    let mut h = std::ptr::null_mut();
    let status = unsafe { crate::raw::cublasCreate_v2(&mut h) };
    if status == cublasStatus_t::CUBLAS_STATUS_SUCCESS {
        HANDLE.store(h, Ordering::Release);
    }
    status
}

pub unsafe fn cublasShutdown() -> cublasStatus_t {
    let _one = LIFECYCLE.lock().unwrap_or_else(|p| p.into_inner());
    let h = HANDLE.swap(std::ptr::null_mut(), Ordering::AcqRel);
    if h.is_null() {
        return CublasCall::new("cublasShutdown").rejected(
            cublasStatus_t::CUBLAS_STATUS_NOT_INITIALIZED,
            "no cublasInit before",
        );
    }
    unsafe { crate::raw::cublasDestroy_v2(h) }
}

pub unsafe fn cublasGetError() -> cublasStatus_t {
    LAST_ERROR.replace(cublasStatus_t::CUBLAS_STATUS_SUCCESS)
}

/// `Err` with `CUBLAS_STATUS_NOT_INITIALIZED` before `cublasInit` (the legacy API's rule).
fn initialised(call: CublasCall) -> Result<(), cublasStatus_t> {
    match handle().is_null() {
        true => Err(call.rejected(
            cublasStatus_t::CUBLAS_STATUS_NOT_INITIALIZED,
            "no cublasInit before",
        )),
        false => Ok(()),
    }
}

pub unsafe fn cublasAlloc(
    n: c_int,
    elem_size: c_int,
    device_ptr: *mut *mut c_void,
) -> cublasStatus_t {
    const F: CublasCall = CublasCall::new("cublasAlloc");
    if let Err(e) = initialised(F) {
        return e;
    }
    if device_ptr.is_null() || n <= 0 || elem_size <= 0 {
        return F.rejected(
            cublasStatus_t::CUBLAS_STATUS_INVALID_VALUE,
            "a NULL devicePtr, or n or elemSize not positive",
        );
    }
    let bytes = n as usize * elem_size as usize;
    match unsafe { crate::raw::cudaMalloc(device_ptr, bytes) } {
        crate::runtime::sys::cudaError_t::cudaSuccess => cublasStatus_t::CUBLAS_STATUS_SUCCESS,
        e => F.rejected(
            cublasStatus_t::CUBLAS_STATUS_ALLOC_FAILED,
            &format!("cudaMalloc of {bytes} bytes: {e:?}"),
        ),
    }
}

pub unsafe fn cublasFree(device_ptr: *mut c_void) -> cublasStatus_t {
    const F: CublasCall = CublasCall::new("cublasFree");
    if let Err(e) = initialised(F) {
        return e;
    }
    match unsafe { crate::raw::cudaFree(device_ptr) } {
        crate::runtime::sys::cudaError_t::cudaSuccess => cublasStatus_t::CUBLAS_STATUS_SUCCESS,
        e => F.rejected(
            cublasStatus_t::CUBLAS_STATUS_INTERNAL_ERROR,
            &format!("cudaFree: {e:?}"),
        ),
    }
}

pub unsafe fn cublasSetKernelStream(stream: cudaStream_t) -> cublasStatus_t {
    unsafe { crate::raw::cublasSetStream_v2(handle(), stream) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_in_either_case_and_others_are_no_constant() {
        let c = |b: u8| b as c_char;
        assert_eq!(
            cublasOperation_t(c(b't')),
            cublasOperation_t::CUBLAS_OP_T as u32
        );
        assert_eq!(
            cublasOperation_t(c(b'C')),
            cublasOperation_t::CUBLAS_OP_C as u32
        );
        assert_eq!(cublasOperation_t(c(b'x')), NO_CONSTANT);
        assert_eq!(
            cublasFillMode_t(c(b'l')),
            cublasFillMode_t::CUBLAS_FILL_MODE_LOWER as u32
        );
        assert_eq!(
            cublasSideMode_t(c(b'R')),
            cublasSideMode_t::CUBLAS_SIDE_RIGHT as u32
        );
        assert_eq!(
            cublasDiagType_t(c(b'u')),
            cublasDiagType_t::CUBLAS_DIAG_UNIT as u32
        );
        assert_eq!(cublasDiagType_t(c(0)), NO_CONSTANT);
    }

    #[test]
    fn get_error_reports_the_last_failure_once() {
        record(cublasStatus_t::CUBLAS_STATUS_SUCCESS);
        record(cublasStatus_t::CUBLAS_STATUS_NOT_INITIALIZED);
        record(cublasStatus_t::CUBLAS_STATUS_SUCCESS);
        let first = unsafe { cublasGetError() };
        assert_eq!(first, cublasStatus_t::CUBLAS_STATUS_NOT_INITIALIZED);
        assert_eq!(
            unsafe { cublasGetError() },
            cublasStatus_t::CUBLAS_STATUS_SUCCESS
        );
    }
}
