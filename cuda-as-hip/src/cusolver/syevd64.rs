//! cusolverDnXsyevd and its workspace query, the 64-bit API CuPy's `eigh` / `eigvalsh` call: hipSOLVER
//! has no 64-bit eigensolver, so a problem whose sizes fit 32 bits goes to its 32-bit `syevd` /
//! `heevd` of the same element type (`params` picks among cuSOLVER's algorithms; syevd has one, so
//! it is not read). The device workspace is in bytes here, in elements there; no host workspace.
#![allow(non_snake_case)]

use super::sys::{cudaDataType_t as T, cusolverDnHandle_t, cusolverDnParams_t, cusolverStatus_t};
use crate::call::CusolverCall;
use crate::raw;
use std::ffi::{c_int, c_void};

type R = cusolverStatus_t;

/// The element type of one problem: cuSOLVER's four combinations of matrix, eigenvalue and
/// compute type (a Hermitian matrix has real eigenvalues).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    S,
    D,
    C,
    Z,
}

impl Kind {
    /// The kind of the matrix, eigenvalue and compute types `types`, when cuSOLVER takes them.
    fn of(types: (u32, u32, u32)) -> Option<Kind> {
        let t = |x: T| x as u32;
        let (r32, r64, c32, c64) = (T::CUDA_R_32F, T::CUDA_R_64F, T::CUDA_C_32F, T::CUDA_C_64F);
        [
            ((t(r32), t(r32), t(r32)), Kind::S),
            ((t(r64), t(r64), t(r64)), Kind::D),
            ((t(c32), t(r32), t(c32)), Kind::C),
            ((t(c64), t(r64), t(c64)), Kind::Z),
        ]
        .into_iter()
        .find_map(|(taken, kind)| (taken == types).then_some(kind))
    }

    /// Bytes per matrix element (the workspace's element).
    fn bytes(self) -> usize {
        match self {
            Kind::S => 4,
            Kind::D | Kind::C => 8,
            Kind::Z => 16,
        }
    }
}

/// The problem's kind (from its matrix, eigenvalue and compute types) and 32-bit sizes, or
/// cuSOLVER's answer to types it does not take or sizes the 32-bit solver cannot.
fn problem(
    call: CusolverCall,
    types: (u32, u32, u32),
    n: i64,
    lda: i64,
) -> Result<(Kind, c_int, c_int), R> {
    let kind = Kind::of(types).ok_or_else(|| {
        call.refused(
            R::CUSOLVER_STATUS_NOT_SUPPORTED,
            "not one of cuSOLVER's type combinations (matrix, eigenvalues, compute: R_32F ×3, \
             R_64F ×3, C_32F/R_32F/C_32F, C_64F/R_64F/C_64F)",
        )
    })?;
    match (c_int::try_from(n), c_int::try_from(lda)) {
        (Ok(n), Ok(lda)) => Ok((kind, n, lda)),
        _ => Err(call.refused(
            R::CUSOLVER_STATUS_NOT_SUPPORTED,
            "n or lda beyond 32 bits: hipSOLVER's eigensolver takes 32-bit sizes",
        )),
    }
}

/// The generated 32-bit call (`raw::…`) of `kind`'s element type, of the four given (S, D, C, Z),
/// on the arguments given: each arm its own call, the arguments' casts typed by it.
macro_rules! on_solver_of {
    ($kind:expr, [$s:ident, $d:ident, $c:ident, $z:ident], ($($arg:expr),* $(,)?)) => {
        match $kind {
            Kind::S => raw::$s($($arg),*),
            Kind::D => raw::$d($($arg),*),
            Kind::C => raw::$c($($arg),*),
            Kind::Z => raw::$z($($arg),*),
        }
    };
}

#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn cusolverDnXsyevd_bufferSize(
    handle: cusolverDnHandle_t,
    _params: cusolverDnParams_t,
    jobz: u32,
    uplo: u32,
    n: i64,
    data_type_a: u32,
    a: *const c_void,
    lda: i64,
    data_type_w: u32,
    w: *const c_void,
    compute_type: u32,
    device_bytes: *mut usize,
    host_bytes: *mut usize,
) -> R {
    const F: CusolverCall = CusolverCall::to(
        "cusolverDnXsyevd_bufferSize",
        "hipsolverDn{S,D}syevd / {C,Z}heevd_bufferSize",
    );
    if device_bytes.is_null() || host_bytes.is_null() {
        return F.null_argument("workspaceInBytesOnDevice / workspaceInBytesOnHost");
    }
    let (kind, n, lda) = match problem(F, (data_type_a, data_type_w, compute_type), n, lda) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let mut lwork: c_int = 0;
    let r = unsafe {
        on_solver_of! {
            kind,
            [
                cusolverDnSsyevd_bufferSize, cusolverDnDsyevd_bufferSize,
                cusolverDnCheevd_bufferSize, cusolverDnZheevd_bufferSize
            ],
            (handle, jobz, uplo, n, a.cast(), lda, w.cast(), &mut lwork)
        }
    };
    if r == R::CUSOLVER_STATUS_SUCCESS {
        unsafe { device_bytes.write(lwork.max(0) as usize * kind.bytes()) };
        unsafe { host_bytes.write(0) };
    }
    r
}

#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn cusolverDnXsyevd(
    handle: cusolverDnHandle_t,
    _params: cusolverDnParams_t,
    jobz: u32,
    uplo: u32,
    n: i64,
    data_type_a: u32,
    a: *mut c_void,
    lda: i64,
    data_type_w: u32,
    w: *mut c_void,
    compute_type: u32,
    device_buffer: *mut c_void,
    device_bytes: usize,
    _host_buffer: *mut c_void,
    _host_bytes: usize,
    info: *mut c_int,
) -> R {
    const F: CusolverCall =
        CusolverCall::to("cusolverDnXsyevd", "hipsolverDn{S,D}syevd / {C,Z}heevd");
    let (kind, n, lda) = match problem(F, (data_type_a, data_type_w, compute_type), n, lda) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let lwork = c_int::try_from(device_bytes / kind.bytes()).unwrap_or(c_int::MAX);
    unsafe {
        on_solver_of! {
            kind,
            [cusolverDnSsyevd, cusolverDnDsyevd, cusolverDnCheevd, cusolverDnZheevd],
            (handle, jobz, uplo, n, a.cast(), lda, w.cast(), device_buffer.cast(), lwork, info)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_type_combinations_and_nothing_else() {
        let t = |x: T| x as u32;
        let (r32, r64, c32, c64) = (
            t(T::CUDA_R_32F),
            t(T::CUDA_R_64F),
            t(T::CUDA_C_32F),
            t(T::CUDA_C_64F),
        );
        assert_eq!(Kind::of((r32, r32, r32)), Some(Kind::S));
        assert_eq!(Kind::of((r64, r64, r64)), Some(Kind::D));
        assert_eq!(Kind::of((c32, r32, c32)), Some(Kind::C));
        assert_eq!(Kind::of((c64, r64, c64)), Some(Kind::Z));
        assert_eq!(Kind::of((c32, c32, c32)), None); // a Hermitian matrix's eigenvalues are real
        assert_eq!(Kind::of((r32, r64, r64)), None);
        assert_eq!(Kind::of((99, 99, 99)), None);
        assert_eq!(Kind::Z.bytes(), 16);
        let call = CusolverCall::new("cusolverDnXsyevd");
        let d = (r64, r64, r64);
        assert_eq!(problem(call, d, 8, 8), Ok((Kind::D, 8, 8)));
        let big = problem(call, d, 1 << 32, 1 << 32);
        assert_eq!(big, Err(R::CUSOLVER_STATUS_NOT_SUPPORTED));
        assert_eq!(
            problem(call, (c32, c32, c32), 8, 8),
            Err(R::CUSOLVER_STATUS_NOT_SUPPORTED)
        );
    }
}
