//! cuBLAS through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipBLAS loopback, AMD's hipBLAS NVIDIA backend on NVIDIA's
//! libcublas). Each product is computed through the shim (`cuda_as_hip::cublas::sys` → hipBLAS's
//! numbering → hipBLAS → cuBLAS) and by NVIDIA's libcublas called directly
//! (`CUDA_AS_HIP_TEST_NVIDIA_CUBLAS`) on the same device buffers: the bits must be equal — the
//! proof of the operation, data-type, compute-type and algorithm translations and of every
//! argument's passage. The shapes are candle's: f32, f16 and bf16 (strided) batched GEMMs.

use cuda_as_hip::cublas::half;
use cuda_as_hip::cublas::sys::{self as blas, cublasOperation_t as Op, cublasStatus_t as S};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::runtime_ok as ok;
use std::ffi::c_void;
use std::ptr::null_mut;

/// Square matrices of this order, `BATCH` of them.
const M: usize = 64;
const BATCH: usize = 3;
const LEN: usize = M * M * BATCH;

#[path = "../nvidia_cublas.rs"]
mod nvidia_cublas;
use nvidia_cublas::*;

/// NVIDIA's libcublas at `CUDA_AS_HIP_TEST_NVIDIA_CUBLAS` (scripts/gpu-suite.sh).
fn native() -> NvidiaCublas {
    let path = std::env::var("CUDA_AS_HIP_TEST_NVIDIA_CUBLAS")
        .expect("CUDA_AS_HIP_TEST_NVIDIA_CUBLAS: NVIDIA's libcublas (scripts/gpu-suite.sh)");
    NvidiaCublas::open(&path)
}

#[track_caller]
fn ok_blas(r: S) {
    assert_eq!(
        r,
        S::CUBLAS_STATUS_SUCCESS,
        "cuBLAS call through the shim failed"
    );
}

/// Device buffers: the operands (`LEN` elements of 4 bytes, filled from a fixed pattern) and the
/// two results.
struct Buffers {
    a: *mut c_void,
    b: *mut c_void,
    shim: *mut c_void,
    nvidia: *mut c_void,
}

impl Buffers {
    fn new() -> Buffers {
        let mut p = [null_mut(); 4];
        for q in &mut p {
            // SAFETY: a valid out-pointer.
            ok(unsafe { cudaMalloc(q, LEN * 4) });
        }
        let pattern: Vec<u32> = (0..LEN as u32)
            .map(|i| f32::to_bits(((i * 7919) % 97) as f32 / 48.0 - 1.0))
            .collect();
        for q in &p[..2] {
            // SAFETY: LEN 32-bit values each way.
            ok(unsafe {
                cudaMemcpy(
                    *q,
                    pattern.as_ptr().cast(),
                    LEN * 4,
                    cudaMemcpyKind::cudaMemcpyHostToDevice,
                )
            });
        }
        Buffers {
            a: p[0],
            b: p[1],
            shim: p[2],
            nvidia: p[3],
        }
    }

    /// Both results zeroed, then `run(out)` for each side, then their bytes, equal.
    fn compare(&self, what: &str, bytes: usize, run: impl Fn(*mut c_void, bool)) {
        for out in [self.shim, self.nvidia] {
            // SAFETY: the buffer holds LEN * 4 bytes.
            ok(unsafe { cudaMemset(out, 0, LEN * 4) });
        }
        run(self.shim, true);
        run(self.nvidia, false);
        ok(unsafe { cudaDeviceSynchronize() });
        let (shim, nvidia) = (download(self.shim, bytes), download(self.nvidia, bytes));
        assert!(shim.iter().any(|&x| x != 0), "{what}: nothing written");
        assert_eq!(
            shim, nvidia,
            "{what}: the shim's result differs from NVIDIA's"
        );
    }
}

fn download(p: *mut c_void, bytes: usize) -> Vec<u8> {
    let mut v = vec![0u8; bytes];
    // SAFETY: `p` holds at least `bytes` bytes.
    ok(unsafe {
        cudaMemcpy(
            v.as_mut_ptr().cast(),
            p,
            bytes,
            cudaMemcpyKind::cudaMemcpyDeviceToHost,
        )
    });
    v
}

fn shim_handle() -> blas::cublasHandle_t {
    let mut h = null_mut();
    // SAFETY: a valid out-pointer.
    ok_blas(unsafe { blas::cublasCreate_v2(&mut h) });
    h
}

/// NVIDIA's `cublasSgemm_v2` (N, T; α = β = 1) of the `M`×`M` matrices at `a` and `b` into `c`.
///
/// # Safety
/// `a`, `b` and `c` are device buffers of at least `M`×`M` f32 values.
unsafe fn nvidia_sgemm_nt(native: &NvidiaCublas, a: *mut c_void, b: *mut c_void, c: *mut c_void) {
    let (m, one) = (M as i32, 1.0f32);
    let sgemm = native.get::<Sgemm>("cublasSgemm_v2");
    let r = unsafe {
        sgemm(
            native.handle,
            OP_N,
            OP_T,
            m,
            m,
            m,
            &one,
            a.cast(),
            m,
            b.cast(),
            m,
            &one,
            c.cast(),
            m,
        )
    };
    assert_eq!(r, 0, "NVIDIA's cublasSgemm_v2");
}

#[test]
fn sgemm_and_the_candle_shaped_gemms_equal_nvidias() {
    ok(unsafe { cudaSetDevice(0) });
    let native = native();
    let shim = shim_handle();
    let buf = Buffers::new();
    let m = M as i32;
    let stride = (M * M) as i64;
    let (one, half_one) = (1.0f32, 0x3c00u16);
    let (a, b) = (buf.a, buf.b);
    // SAFETY: cuBLAS's documented calls on device buffers of LEN elements of 4 bytes (2-byte
    // elements use half of each).
    unsafe {
        buf.compare(
            "sgemm N,T",
            M * M * 4,
            |c, through_shim| match through_shim {
                true => ok_blas(blas::cublasSgemm_v2(
                    shim,
                    Op::CUBLAS_OP_N,
                    Op::CUBLAS_OP_T,
                    m,
                    m,
                    m,
                    &one,
                    a.cast(),
                    m,
                    b.cast(),
                    m,
                    &one,
                    c.cast(),
                    m,
                )),
                false => nvidia_sgemm_nt(&native, a, b, c),
            },
        );
        for (dtype, name, elem) in [(R_32F, "f32", 4), (R_16F, "f16", 2), (R_16BF, "bf16", 2)] {
            let what = format!("gemm_strided_batched_ex {name} T,N");
            buf.compare(&what, LEN * elem, |c, through_shim| {
                let alpha = (&one as *const f32).cast::<c_void>();
                let r = match through_shim {
                    true => blas::cublasGemmStridedBatchedEx(
                        shim,
                        Op::CUBLAS_OP_T,
                        Op::CUBLAS_OP_N,
                        m,
                        m,
                        m,
                        alpha,
                        a,
                        dtype_of(dtype),
                        m,
                        stride,
                        b,
                        dtype_of(dtype),
                        m,
                        stride,
                        alpha,
                        c,
                        dtype_of(dtype),
                        m,
                        stride,
                        BATCH as i32,
                        blas::cublasComputeType_t::CUBLAS_COMPUTE_32F,
                        blas::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT,
                    ) as u32,
                    false => native.get::<GemmStridedBatchedEx>("cublasGemmStridedBatchedEx")(
                        native.handle,
                        OP_T,
                        OP_N,
                        m,
                        m,
                        m,
                        alpha,
                        a,
                        dtype,
                        m,
                        stride,
                        b,
                        dtype,
                        m,
                        stride,
                        alpha,
                        c,
                        dtype,
                        m,
                        stride,
                        BATCH as i32,
                        COMPUTE_32F,
                        GEMM_DEFAULT,
                    ),
                };
                assert_eq!(r, 0, "{what}, through the shim: {through_shim}");
            });
        }
        buf.compare("hgemm N,N", M * M * 2, |c, through_shim| {
            let r = match through_shim {
                true => half::cublasHgemm(
                    shim,
                    OP_N,
                    OP_N,
                    m,
                    m,
                    m,
                    &half_one,
                    a.cast(),
                    m,
                    b.cast(),
                    m,
                    &half_one,
                    c.cast(),
                    m,
                ) as u32,
                false => native.get::<Hgemm>("cublasHgemm")(
                    native.handle,
                    OP_N,
                    OP_N,
                    m,
                    m,
                    m,
                    &half_one,
                    a.cast(),
                    m,
                    b.cast(),
                    m,
                    &half_one,
                    c.cast(),
                    m,
                ),
            };
            assert_eq!(r, 0, "hgemm, through the shim: {through_shim}");
        });
        ok_blas(blas::cublasDestroy_v2(shim));
    }
}

/// library_types.h's number as the shim's enum.
fn dtype_of(v: u32) -> blas::cudaDataType {
    match v {
        R_32F => blas::cudaDataType::CUDA_R_32F,
        R_16F => blas::cudaDataType::CUDA_R_16F,
        _ => blas::cudaDataType::CUDA_R_16BF,
    }
}

#[test]
fn version_stream_and_pointer_mode_round_trip() {
    ok(unsafe { cudaSetDevice(0) });
    let shim = shim_handle();
    let mut stream = null_mut();
    let (mut version, mut got, mut mode) = (
        0,
        null_mut(),
        blas::cublasPointerMode_t::CUBLAS_POINTER_MODE_HOST,
    );
    // SAFETY: valid handles and out-pointers.
    unsafe {
        ok(cudaStreamCreate(&mut stream));
        ok_blas(blas::cublasGetVersion_v2(shim, &mut version));
        assert_eq!(version, 120901);
        ok_blas(blas::cublasSetStream_v2(shim, stream.cast()));
        ok_blas(blas::cublasGetStream_v2(shim, &mut got));
        assert_eq!(
            got.cast::<c_void>(),
            stream.cast::<c_void>(),
            "the stream set comes back"
        );
        let device = blas::cublasPointerMode_t::CUBLAS_POINTER_MODE_DEVICE;
        ok_blas(blas::cublasSetPointerMode_v2(shim, device));
        ok_blas(blas::cublasGetPointerMode_v2(shim, &mut mode));
        assert_eq!(mode, device, "hipBLAS's numbering translated back");
        ok_blas(blas::cublasDestroy_v2(shim));
        ok(cudaStreamDestroy(stream));
    }
}

/// cuBLAS's legacy API (cublas.h) on the handle `cublasInit` makes: `cublasSgemm('N', 't', …)`
/// equals NVIDIA's `cublasSgemm_v2` bit for bit, `cublasSdot` returns what the `_v2` call writes,
/// `cublasGetError` reports nothing after them and `CUBLAS_STATUS_INVALID_VALUE` (once) after an
/// option no letter names.
#[test]
fn the_legacy_api_equals_the_v2_calls() {
    ok(unsafe { cudaSetDevice(0) });
    let native = native();
    let buf = Buffers::new();
    let (m, one, (a, b)) = (M as i32, 1.0f32, (buf.a, buf.b));
    let letter = |l: u8| l as std::ffi::c_char;
    // SAFETY: cuBLAS's documented calls on device buffers of LEN f32 values.
    unsafe {
        ok_blas(blas::cublasInit());
        buf.compare(
            "legacy sgemm N,t",
            M * M * 4,
            |c, through_shim| match through_shim {
                true => blas::cublasSgemm(
                    letter(b'N'),
                    letter(b't'),
                    m,
                    m,
                    m,
                    one,
                    a.cast(),
                    m,
                    b.cast(),
                    m,
                    one,
                    c.cast(),
                    m,
                ),
                false => nvidia_sgemm_nt(&native, a, b, c),
            },
        );
        assert_eq!(blas::cublasGetError(), S::CUBLAS_STATUS_SUCCESS);
        let dot = blas::cublasSdot(m * m, a.cast(), 1, b.cast(), 1);
        let mut v2 = 0f32;
        ok_blas(blas::cublasSdot_v2(
            shim_handle(),
            m * m,
            a.cast(),
            1,
            b.cast(),
            1,
            &mut v2,
        ));
        assert_eq!(dot.to_bits(), v2.to_bits(), "cublasSdot");
        assert_eq!(blas::cublasGetError(), S::CUBLAS_STATUS_SUCCESS);
        blas::cublasSgemm(
            letter(b'X'),
            letter(b'N'),
            m,
            m,
            m,
            one,
            a.cast(),
            m,
            b.cast(),
            m,
            one,
            buf.shim.cast(),
            m,
        );
        assert_eq!(
            blas::cublasGetError(),
            S::CUBLAS_STATUS_INVALID_VALUE,
            "option X"
        );
        assert_eq!(
            blas::cublasGetError(),
            S::CUBLAS_STATUS_SUCCESS,
            "reported once"
        );
        ok_blas(blas::cublasShutdown());
    }
}
