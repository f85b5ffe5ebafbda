//! cuBLASLt through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipBLASLt loopback, `gpu/loopback/hipblaslt_on_cublaslt.cpp`, our
//! own hipBLASLt on NVIDIA's libcublasLt: hipBLASLt has no NVIDIA backend). One matmul shaped as
//! cudarc's cublaslt module makes it — a descriptor with TRANSA = T and a bias epilogue, f32 layouts,
//! a workspace preference, the heuristic's first algorithm, on a stream — through the shim
//! (`cuda_as_hip::cublaslt::sys` → hipBLASLt's numbering → hipBLASLt → cuBLASLt) and through
//! NVIDIA's libcublasLt called directly (`CUDA_AS_HIP_TEST_NVIDIA_CUBLASLT`): the bits must be
//! equal, and equal the product computed here (small integers: exact in f32). The attribute read
//! back (TRANSA) proves the operation's translation both ways; the algorithm's passage (cuBLASLt's 64
//! bytes carried through hipBLASLt's 24) is proved by the matmul that uses it.

use cuda_as_hip::cublaslt::sys::{
    cublasComputeType_t as Compute, cublasLtEpilogue_t as Epilogue, cublasLtHandle_t as H,
    cublasLtMatmulAlgo_t as Algo, cublasLtMatmulDescAttributes_t as DescAttr,
    cublasLtMatmulDesc_t as Desc, cublasLtMatmulHeuristicResult_t as Heuristic,
    cublasLtMatmulPreferenceAttributes_t as PrefAttr, cublasLtMatmulPreference_t as Pref,
    cublasLtMatrixLayout_t as Layout, cublasOperation_t as Op, cudaDataType as Data,
    cudaStream_t as Stream,
};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::runtime_ok as ok;
use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

// The calls the test makes, through the shim or NVIDIA's library.
gpu_tests::shim_or_native!(Lt, cuda_as_hip::cublaslt::sys, {
    cublasLtCreate(h: *mut H);
    cublasLtDestroy(h: H);
    cublasLtMatmulDescCreate(desc: *mut Desc, compute: Compute, scale: Data);
    cublasLtMatmulDescDestroy(desc: Desc);
    cublasLtMatmulDescSetAttribute(desc: Desc, attr: DescAttr, buf: *const c_void, size: usize);
    cublasLtMatmulDescGetAttribute(desc: Desc, attr: DescAttr, buf: *mut c_void, size: usize, written: *mut usize);
    cublasLtMatrixLayoutCreate(layout: *mut Layout, data: Data, rows: u64, cols: u64, ld: i64);
    cublasLtMatrixLayoutDestroy(layout: Layout);
    cublasLtMatmulPreferenceCreate(pref: *mut Pref);
    cublasLtMatmulPreferenceDestroy(pref: Pref);
    cublasLtMatmulPreferenceSetAttribute(pref: Pref, attr: PrefAttr, buf: *const c_void, size: usize);
    cublasLtMatmulAlgoGetHeuristic(h: H, desc: Desc, a: Layout, b: Layout, c: Layout, d: Layout, pref: Pref, requested: c_int, results: *mut Heuristic, returned: *mut c_int);
    cublasLtMatmul(h: H, desc: Desc, alpha: *const c_void, a: *const c_void, a_layout: Layout, b: *const c_void, b_layout: Layout, beta: *const c_void, c: *const c_void, c_layout: Layout, d: *mut c_void, d_layout: Layout, algo: *const Algo, workspace: *mut c_void, workspace_size: usize, stream: Stream);
});

/// D (M×N) = alpha · Aᵀ · B + beta · C + bias, A stored K×M, B K×N (column-major, as cuBLASLt).
const M: usize = 48;
const N: usize = 40;
const K: usize = 36;
const ALPHA: f32 = 2.0;
const BETA: f32 = 1.0;
/// The workspace the preference allows and the matmul gets (cudarc's size outside Hopper).
const WORKSPACE: usize = 4 << 20;

fn device<T: Copy>(host: &[T]) -> *mut c_void {
    let (mut d, bytes) = (null_mut(), std::mem::size_of_val(host));
    ok(unsafe { cudaMalloc(&mut d, bytes.max(8)) });
    let kind = cudaMemcpyKind::cudaMemcpyHostToDevice;
    ok(unsafe { cudaMemcpy(d, host.as_ptr().cast(), bytes, kind) });
    d
}

/// Small integers from a fixed sequence, in `lo..=hi`.
fn values(n: usize, seed: usize, lo: i32, hi: i32) -> Vec<f32> {
    let span = (hi - lo + 1) as usize;
    (0..n)
        .map(|i| (lo + ((i * 7 + seed * 13 + i / 5) % span) as i32) as f32)
        .collect()
}

/// The operands: A, B, C and the bias, on the host.
struct Operands {
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
    bias: Vec<f32>,
}

/// D through `api` (each call's status must be success); D as it comes back.
fn matmul(api: &Lt, x: &Operands) -> Vec<f32> {
    let (d_a, d_b, d_c, d_bias) = (device(&x.a), device(&x.b), device(&x.c), device(&x.bias));
    let d_d = device(&vec![0f32; M * N]);
    let workspace = device(&vec![0u8; WORKSPACE]);
    let (mut h, mut desc, mut pref) = (null_mut(), null_mut(), null_mut());
    let (mut la, mut lb, mut lc) = (null_mut(), null_mut(), null_mut());
    let mut stream = null_mut();
    let mut d = vec![0f32; M * N];
    let f32_ = Data::CUDA_R_32F;
    let (m, n, k) = (M as u64, N as u64, K as u64);
    // SAFETY: cuBLASLt's documented calls, on device buffers of the sizes described and
    // attribute buffers of the attributes' sizes.
    unsafe {
        ok(cudaStreamCreate(&mut stream));
        assert_eq!(api.cublasLtCreate(&mut h), 0);
        assert_eq!(
            api.cublasLtMatmulDescCreate(&mut desc, Compute::CUBLAS_COMPUTE_32F, f32_),
            0
        );
        let set = |attr, value: *const c_void, size| {
            assert_eq!(
                api.cublasLtMatmulDescSetAttribute(desc, attr, value, size),
                0,
                "{attr:?}"
            );
        };
        let (t, n_op) = (Op::CUBLAS_OP_T as u32, Op::CUBLAS_OP_N as u32);
        let bias_epilogue = Epilogue::CUBLASLT_EPILOGUE_BIAS as u32;
        set(
            DescAttr::CUBLASLT_MATMUL_DESC_TRANSA,
            (&t as *const u32).cast(),
            4,
        );
        set(
            DescAttr::CUBLASLT_MATMUL_DESC_TRANSB,
            (&n_op as *const u32).cast(),
            4,
        );
        set(
            DescAttr::CUBLASLT_MATMUL_DESC_EPILOGUE,
            (&bias_epilogue as *const u32).cast(),
            4,
        );
        set(
            DescAttr::CUBLASLT_MATMUL_DESC_BIAS_POINTER,
            (&d_bias as *const *mut c_void).cast(),
            size_of::<*mut c_void>(),
        );
        // TRANSA read back: CUDA's number again (hipBLASLt holds HIPBLAS_OP_T, 112).
        let (mut transa, mut written) = (u32::MAX, 0usize);
        assert_eq!(
            api.cublasLtMatmulDescGetAttribute(
                desc,
                DescAttr::CUBLASLT_MATMUL_DESC_TRANSA,
                (&mut transa as *mut u32).cast(),
                4,
                &mut written,
            ),
            0
        );
        assert_eq!(
            (transa, written),
            (Op::CUBLAS_OP_T as u32, 4),
            "TRANSA read back"
        );
        assert_eq!(
            api.cublasLtMatrixLayoutCreate(&mut la, f32_, k, m, K as i64),
            0
        );
        assert_eq!(
            api.cublasLtMatrixLayoutCreate(&mut lb, f32_, k, n, K as i64),
            0
        );
        assert_eq!(
            api.cublasLtMatrixLayoutCreate(&mut lc, f32_, m, n, M as i64),
            0
        );
        assert_eq!(api.cublasLtMatmulPreferenceCreate(&mut pref), 0);
        let max_workspace = WORKSPACE as u64;
        assert_eq!(
            api.cublasLtMatmulPreferenceSetAttribute(
                pref,
                PrefAttr::CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                (&max_workspace as *const u64).cast(),
                8,
            ),
            0
        );
        // All zero is a valid result (state 0: CUBLAS_STATUS_SUCCESS).
        let mut result: Heuristic = std::mem::zeroed();
        let mut returned = 0;
        assert_eq!(
            api.cublasLtMatmulAlgoGetHeuristic(
                h,
                desc,
                la,
                lb,
                lc,
                lc,
                pref,
                1,
                &mut result,
                &mut returned
            ),
            0
        );
        assert_eq!(returned, 1, "one algorithm found");
        // The state as C's integer (read so, whatever the library wrote).
        let state = std::ptr::addr_of!(result.state).cast::<u32>().read();
        assert_eq!(state, 0, "the heuristic's state");
        assert!(result.workspaceSize <= WORKSPACE, "within the preference");
        let (alpha, beta) = (ALPHA, BETA);
        assert_eq!(
            api.cublasLtMatmul(
                h,
                desc,
                (&alpha as *const f32).cast(),
                d_a,
                la,
                d_b,
                lb,
                (&beta as *const f32).cast(),
                d_c,
                lc,
                d_d,
                lc,
                &result.algo,
                workspace,
                WORKSPACE,
                stream.cast(),
            ),
            0
        );
        ok(cudaStreamSynchronize(stream));
        let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
        ok(cudaMemcpy(d.as_mut_ptr().cast(), d_d, M * N * 4, kind));
        assert_eq!(api.cublasLtMatmulPreferenceDestroy(pref), 0);
        for l in [la, lb, lc] {
            assert_eq!(api.cublasLtMatrixLayoutDestroy(l), 0);
        }
        assert_eq!(api.cublasLtMatmulDescDestroy(desc), 0);
        assert_eq!(api.cublasLtDestroy(h), 0);
        ok(cudaStreamDestroy(stream));
        for p in [d_a, d_b, d_c, d_bias, d_d, workspace] {
            ok(cudaFree(p));
        }
    }
    d
}

#[test]
fn matmul_with_bias_matches_nvidias_bit_for_bit_and_the_product() {
    ok(unsafe { cudaSetDevice(0) });
    let native = gpu_tests::nvidia_library("CUBLASLT");
    let x = Operands {
        a: values(K * M, 1, -4, 4),
        b: values(K * N, 2, -3, 3),
        c: values(M * N, 3, -5, 5),
        bias: values(M, 4, -9, 9),
    };
    let shim = matmul(&Lt { native: None }, &x);
    let nvidia = matmul(
        &Lt {
            native: Some(native),
        },
        &x,
    );
    let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&shim),
        bits(&nvidia),
        "the shim's product differs from NVIDIA's"
    );
    for j in 0..N {
        for i in 0..M {
            let dot: f32 = (0..K).map(|l| x.a[l + i * K] * x.b[l + j * K]).sum();
            let want = ALPHA * dot + BETA * x.c[i + j * M] + x.bias[i];
            assert_eq!(shim[i + j * M], want, "D[{i}, {j}]");
        }
    }
    println!("cublasLtMatmul (TRANSA = T, bias epilogue) of {M}×{K}·{K}×{N} equals NVIDIA's and the product");
}
