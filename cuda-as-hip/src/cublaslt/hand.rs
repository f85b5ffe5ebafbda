//! The cuBLASLt functions written by hand (aliasgen/data/overrides/cublaslt.txt says why each),
//! but for the attribute calls (`attributes`) and the logger (`logger`).
#![allow(non_snake_case)]

use super::sys::*;
// The generated layer finds every hand-written function here.
pub(crate) use super::attributes::{
    cublasLtMatmulDescGetAttribute, cublasLtMatmulDescSetAttribute,
    cublasLtMatmulPreferenceGetAttribute, cublasLtMatmulPreferenceSetAttribute,
    cublasLtMatrixLayoutGetAttribute, cublasLtMatrixLayoutSetAttribute,
    cublasLtMatrixTransformDescGetAttribute, cublasLtMatrixTransformDescSetAttribute,
};
pub(crate) use super::logger::{
    cublasLtLoggerForceDisable, cublasLtLoggerOpenFile, cublasLtLoggerSetCallback,
    cublasLtLoggerSetFile, cublasLtLoggerSetLevel, cublasLtLoggerSetMask,
};
use crate::call::{with_hip, CublasLtCall};
use crate::cublas::sys::{CUBLAS_VERSION, CUBLAS_VER_MAJOR, CUBLAS_VER_MINOR, CUBLAS_VER_PATCH};
use crate::generated::cublaslt_tables as t;
use cublasStatus_t as S;
use hip_sys::hipblaslt::{hipblasLtMatmulAlgo_t, hipblasLtMatmulHeuristicResult_t};
use std::ffi::{c_char, c_int, c_void};

/// `cublasLtGetVersion`: the cuBLASLt version this layer implements, cuBLAS's (they ship
/// together: CUDA 12.9's 12.9.1), as cuBLASLt numbers it (`major * 10000 + minor * 100 + patch`).
pub(crate) unsafe fn cublasLtGetVersion() -> usize {
    CUBLAS_VERSION as usize
}

/// `cublasLtGetProperty`: [`cublasLtGetVersion`]'s version, by part.
pub(crate) unsafe fn cublasLtGetProperty(type_: u32, value: *mut c_int) -> cublasStatus_t {
    const F: CublasLtCall = CublasLtCall::new("cublasLtGetProperty");
    let version = [CUBLAS_VER_MAJOR, CUBLAS_VER_MINOR, CUBLAS_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}

/// `cublasLtGetCudartVersion`: the CUDA runtime version cuBLASLt 12.9 was built with, cuBLAS's.
pub(crate) unsafe fn cublasLtGetCudartVersion() -> usize {
    // SAFETY: no preconditions.
    unsafe { crate::cublas::hand::cublasGetCudartVersion() }
}

/// `cublasLtGetStatusName`: the code's name, as cuBLAS spells it (cuBLASLt shares its codes).
pub(crate) unsafe fn cublasLtGetStatusName(status: u32) -> *const c_char {
    // SAFETY: no preconditions.
    unsafe { crate::cublas::hand::cublasGetStatusName(status) }
}

/// `cublasLtGetStatusString`: the code's meaning, in cuBLAS's words (cuBLASLt shares them).
pub(crate) unsafe fn cublasLtGetStatusString(status: u32) -> *const c_char {
    crate::cublas::hand::status_text(status)
}

/// hipBLASLt's algorithm travels inside cuBLASLt's: 24 bytes of its 64, and a mark in its last 8.
const _: () = assert!(
    std::mem::size_of::<hipblasLtMatmulAlgo_t>() + 8 <= std::mem::size_of::<cublasLtMatmulAlgo_t>()
);

/// What marks a cuBLASLt algorithm as carrying a hipBLASLt one: its last 8 bytes, after hipBLASLt's
/// 24 (`"hipBLASLt"` in ASCII, truncated). An algorithm without it — zeroed, or built some other
/// way — never reaches hipBLASLt, which would read it as an index into its kernels.
const CARRIES_HIP_ALGO: u64 = u64::from_le_bytes(*b"hipBLASL");

/// The hipBLASLt algorithm a cuBLASLt one carries (one [`cublasLtMatmulAlgoGetHeuristic`] filled,
/// or a copy of one), if it carries one.
fn hip_algo(algo: &cublasLtMatmulAlgo_t) -> Option<hipblasLtMatmulAlgo_t> {
    // SAFETY: both are plain bytes; the source is larger (checked above).
    (algo.data[7] == CARRIES_HIP_ALGO)
        .then(|| unsafe { std::ptr::read_unaligned((algo as *const cublasLtMatmulAlgo_t).cast()) })
}

/// A cuBLASLt algorithm carrying `algo` in its first bytes, marked as such, zero between.
fn cuda_algo(algo: &hipblasLtMatmulAlgo_t) -> cublasLtMatmulAlgo_t {
    let mut out = cublasLtMatmulAlgo_t { data: [0; 8] };
    // SAFETY: plain bytes into a larger buffer (checked above).
    unsafe { std::ptr::write_unaligned((&mut out as *mut cublasLtMatmulAlgo_t).cast(), *algo) };
    out.data[7] = CARRIES_HIP_ALGO;
    out
}

/// `cublasLtMatmulAlgoGetHeuristic`: hipBLASLt's results, each copied into cuBLASLt's layout
/// (its algorithm inside cuBLASLt's 64 bytes, its state translated).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn cublasLtMatmulAlgoGetHeuristic(
    lightHandle: cublasLtHandle_t,
    operationDesc: cublasLtMatmulDesc_t,
    Adesc: cublasLtMatrixLayout_t,
    Bdesc: cublasLtMatrixLayout_t,
    Cdesc: cublasLtMatrixLayout_t,
    Ddesc: cublasLtMatrixLayout_t,
    preference: cublasLtMatmulPreference_t,
    requestedAlgoCount: c_int,
    heuristicResultsArray: *mut cublasLtMatmulHeuristicResult_t,
    returnAlgoCount: *mut c_int,
) -> cublasStatus_t {
    const F: CublasLtCall = CublasLtCall::to(
        "cublasLtMatmulAlgoGetHeuristic",
        "hipblasLtMatmulAlgoGetHeuristic",
    );
    if lightHandle.is_null() {
        return F.null_handle("lightHandle");
    }
    super::logger::log(5, "cublasLtMatmulAlgoGetHeuristic", || {
        format!("operationDesc={operationDesc:p} preference={preference:p} requestedAlgoCount={requestedAlgoCount}")
    });
    let Ok(count) = usize::try_from(requestedAlgoCount) else {
        return F.rejected(S::CUBLAS_STATUS_INVALID_VALUE, "requestedAlgoCount < 0");
    };
    if count == 0 || heuristicResultsArray.is_null() {
        return F.rejected(S::CUBLAS_STATUS_INVALID_VALUE, "no room for a result");
    }
    with_hip!(F, |h| {
        // SAFETY: plain C structs; all zero is a valid value (hipBLASLt fills what it returns).
        let mut hip: Vec<hipblasLtMatmulHeuristicResult_t> =
            vec![unsafe { std::mem::zeroed() }; count];
        let status = F.result(h, unsafe {
            h.hipblasLtMatmulAlgoGetHeuristic(
                lightHandle.cast(),
                operationDesc.cast(),
                Adesc.cast(),
                Bdesc.cast(),
                Cdesc.cast(),
                Ddesc.cast(),
                preference.cast(),
                requestedAlgoCount,
                hip.as_mut_ptr(),
                returnAlgoCount,
            )
        });
        if status != S::CUBLAS_STATUS_SUCCESS {
            return status;
        }
        // SAFETY: checked non-NULL by the generated layer; hipBLASLt wrote it.
        let returned = unsafe { returnAlgoCount.read() }.clamp(0, requestedAlgoCount) as usize;
        for (i, r) in hip.iter().take(returned).enumerate() {
            let state = t::cublasStatus_t_from_hip(r.state.0.into(), h.bindings())
                .unwrap_or(S::CUBLAS_STATUS_INTERNAL_ERROR);
            let result = cublasLtMatmulHeuristicResult_t {
                algo: cuda_algo(&r.algo),
                workspaceSize: r.workspaceSize,
                state,
                wavesCount: r.wavesCount,
                reserved: [0; 4],
            };
            // SAFETY: the caller's array holds `requestedAlgoCount` results.
            unsafe { heuristicResultsArray.add(i).write(result) };
        }
        status
    })
}

/// `cublasLtMatmul`: hipBLASLt's, with the algorithm a heuristic result carries unpacked (NULL:
/// hipBLASLt chooses, as cuBLASLt does).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn cublasLtMatmul(
    lightHandle: cublasLtHandle_t,
    computeDesc: cublasLtMatmulDesc_t,
    alpha: *const c_void,
    A: *const c_void,
    Adesc: cublasLtMatrixLayout_t,
    B: *const c_void,
    Bdesc: cublasLtMatrixLayout_t,
    beta: *const c_void,
    C: *const c_void,
    Cdesc: cublasLtMatrixLayout_t,
    D: *mut c_void,
    Ddesc: cublasLtMatrixLayout_t,
    algo: *const cublasLtMatmulAlgo_t,
    workspace: *mut c_void,
    workspaceSizeInBytes: usize,
    stream: cudaStream_t,
) -> cublasStatus_t {
    const F: CublasLtCall = CublasLtCall::to("cublasLtMatmul", "hipblasLtMatmul");
    if lightHandle.is_null() {
        return F.null_handle("lightHandle");
    }
    super::logger::log(5, "cublasLtMatmul", || {
        format!("Adesc={Adesc:p} Bdesc={Bdesc:p} Cdesc={Cdesc:p} Ddesc={Ddesc:p} algo={algo:p} workspaceSizeInBytes={workspaceSizeInBytes} stream={stream:p}")
    });
    // SAFETY: the caller's algorithm, when given.
    let hip_algo = match unsafe { algo.as_ref() }.map(hip_algo) {
        Some(None) => {
            let why = "`algo` is not one cublasLtMatmulAlgoGetHeuristic returned (hipBLASLt has no other)";
            return F.rejected(S::CUBLAS_STATUS_INVALID_VALUE, why);
        }
        given => given.flatten(),
    };
    let hip_algo_ptr = hip_algo
        .as_ref()
        .map_or(std::ptr::null(), |a| a as *const _);
    with_hip!(F, |h| {
        F.result(h, unsafe {
            h.hipblasLtMatmul(
                lightHandle.cast(),
                computeDesc.cast(),
                alpha,
                A,
                Adesc.cast(),
                B,
                Bdesc.cast(),
                beta,
                C,
                Cdesc.cast(),
                D,
                Ddesc.cast(),
                hip_algo_ptr,
                workspace,
                workspaceSizeInBytes,
                crate::call::hip_stream(stream),
            )
        })
    })
}

/// The mask [`cublasLtDisableCpuInstructionsSetMask`] keeps.
static CPU_INSTRUCTIONS_MASK: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// `cublasLtDisableCpuInstructionsSetMask`: the mask set before (cuBLASLt's answer); hipBLASLt has
/// no CPU code paths to choose between, so the new one is only kept.
pub(crate) unsafe fn cublasLtDisableCpuInstructionsSetMask(
    mask: std::ffi::c_uint,
) -> std::ffi::c_uint {
    CPU_INSTRUCTIONS_MASK.swap(mask, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hipblaslt_algorithm_travels_inside_cublaslts_and_only_a_marked_one_comes_out() {
        let hip = hipblasLtMatmulAlgo_t {
            data: std::array::from_fn(|i| i as u8 + 1),
            max_workspace_bytes: 1 << 20,
        };
        let cuda = cuda_algo(&hip);
        let back = hip_algo(&cuda).expect("marked");
        assert_eq!(
            (back.data, back.max_workspace_bytes),
            (hip.data, hip.max_workspace_bytes)
        );
        assert!(hip_algo(&cublasLtMatmulAlgo_t { data: [0; 8] }).is_none());
    }
}
