//! cuSPARSE through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipSPARSE loopback, AMD's hipSPARSE NVIDIA backend on NVIDIA's
//! libcusparse). A CSR matrix times a dense vector with the generic API (`cusparseSpMV`: index,
//! operation, data-type and algorithm translated to hipSPARSE's numbers and back) through the shim
//! and through NVIDIA's libcusparse called directly (`CUDA_AS_HIP_TEST_NVIDIA_CUSPARSE`): the bits
//! must be equal, and equal the product computed here (small integers: exact in f32).

use cuda_as_hip::cusparse::sys::{
    cudaDataType as Data, cusparseConstDnVecDescr_t as ConstVec,
    cusparseConstSpMatDescr_t as ConstMat, cusparseDnVecDescr_t as Vec_, cusparseHandle_t as H,
    cusparseIndexBase_t as Base, cusparseIndexType_t as Index, cusparseOperation_t as Op,
    cusparseSpMVAlg_t as Alg, cusparseSpMatDescr_t as Mat,
};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::runtime_ok as ok;
use std::ffi::c_void;
use std::ptr::null_mut;

// The calls the test makes, through the shim or NVIDIA's library.
gpu_tests::shim_or_native!(Sparse, cuda_as_hip::cusparse::sys, {
    cusparseCreate(h: *mut H);
    cusparseDestroy(h: H);
    cusparseCreateCsr(m: *mut Mat, rows: i64, cols: i64, nnz: i64, offsets: *mut c_void, columns: *mut c_void, values: *mut c_void, offsets_type: Index, columns_type: Index, base: Base, data: Data);
    cusparseCreateDnVec(v: *mut Vec_, size: i64, values: *mut c_void, data: Data);
    cusparseSpMV_bufferSize(h: H, op: Op, alpha: *const c_void, a: ConstMat, x: ConstVec, beta: *const c_void, y: Vec_, compute: Data, alg: Alg, size: *mut usize);
    cusparseSpMV(h: H, op: Op, alpha: *const c_void, a: ConstMat, x: ConstVec, beta: *const c_void, y: Vec_, compute: Data, alg: Alg, buffer: *mut c_void);
    cusparseDestroySpMat(a: ConstMat);
    cusparseDestroyDnVec(v: ConstVec);
});

const N: usize = 1000;

fn device<T: Copy>(host: &[T]) -> *mut c_void {
    let (mut d, bytes) = (null_mut(), std::mem::size_of_val(host));
    ok(unsafe { cudaMalloc(&mut d, bytes.max(8)) });
    let kind = cudaMemcpyKind::cudaMemcpyHostToDevice;
    ok(unsafe { cudaMemcpy(d, host.as_ptr().cast(), bytes, kind) });
    d
}

/// A banded N×N matrix in CSR (row i: columns i-2..=i+2 where they exist, values from a fixed
/// sequence of small integers).
fn csr() -> (Vec<i32>, Vec<i32>, Vec<f32>) {
    let (mut offsets, mut columns, mut values) = (vec![0], vec![], vec![]);
    for i in 0..N as i32 {
        for j in (i - 2).max(0)..=(i + 2).min(N as i32 - 1) {
            columns.push(j);
            values.push(((i * 7 + j * 3) % 11 - 5) as f32);
        }
        offsets.push(columns.len() as i32);
    }
    (offsets, columns, values)
}

/// y = 2·A·x + 1·y through `api`; y as it comes back.
fn spmv(
    api: &Sparse,
    (offsets, columns, values): &(Vec<i32>, Vec<i32>, Vec<f32>),
    x: &[f32],
) -> Vec<f32> {
    let (mut h, mut a, mut vx, mut vy, mut size) =
        (null_mut(), null_mut(), null_mut(), null_mut(), 0);
    let y0: Vec<f32> = (0..N).map(|i| (i % 5) as f32).collect();
    let (d_off, d_col, d_val, d_x, d_y) = (
        device(offsets),
        device(columns),
        device(values),
        device(x),
        device(&y0),
    );
    let (alpha, beta) = (2.0f32, 1.0f32);
    let (n, nnz) = (N as i64, values.len() as i64);
    let (i32_, zero, f32_) = (
        Index::CUSPARSE_INDEX_32I,
        Base::CUSPARSE_INDEX_BASE_ZERO,
        Data::CUDA_R_32F,
    );
    let (op, alg) = (
        Op::CUSPARSE_OPERATION_NON_TRANSPOSE,
        Alg::CUSPARSE_SPMV_ALG_DEFAULT,
    );
    let (pa, pb) = ((&alpha as *const f32).cast(), (&beta as *const f32).cast());
    let mut y = vec![0f32; N];
    // SAFETY: cuSPARSE's documented calls on device buffers of the sizes described.
    unsafe {
        assert_eq!(api.cusparseCreate(&mut h), 0);
        assert_eq!(
            api.cusparseCreateCsr(&mut a, n, n, nnz, d_off, d_col, d_val, i32_, i32_, zero, f32_),
            0
        );
        assert_eq!(api.cusparseCreateDnVec(&mut vx, n, d_x, f32_), 0);
        assert_eq!(api.cusparseCreateDnVec(&mut vy, n, d_y, f32_), 0);
        assert_eq!(
            api.cusparseSpMV_bufferSize(h, op, pa, a, vx, pb, vy, f32_, alg, &mut size),
            0
        );
        let buffer = device(&vec![0u8; size.max(1)]);
        assert_eq!(
            api.cusparseSpMV(h, op, pa, a, vx, pb, vy, f32_, alg, buffer),
            0
        );
        ok(cudaDeviceSynchronize());
        let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
        ok(cudaMemcpy(y.as_mut_ptr().cast(), d_y, N * 4, kind));
        assert_eq!(api.cusparseDestroySpMat(a), 0);
        assert_eq!(api.cusparseDestroyDnVec(vx), 0);
        assert_eq!(api.cusparseDestroyDnVec(vy), 0);
        assert_eq!(api.cusparseDestroy(h), 0);
        for d in [d_off, d_col, d_val, d_x, d_y, buffer] {
            ok(cudaFree(d));
        }
    }
    y
}

#[test]
fn spmv_matches_nvidias_bit_for_bit_and_the_product() {
    ok(unsafe { cudaSetDevice(0) });
    let native = gpu_tests::nvidia_library("CUSPARSE");
    let matrix = csr();
    let x: Vec<f32> = (0..N).map(|i| (i % 13) as f32 - 6.0).collect();
    let shim = spmv(&Sparse { native: None }, &matrix, &x);
    let nvidia = spmv(
        &Sparse {
            native: Some(native),
        },
        &matrix,
        &x,
    );
    let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&shim),
        bits(&nvidia),
        "the shim's product differs from NVIDIA's"
    );
    let (offsets, columns, values) = &matrix;
    for i in 0..N {
        let row = offsets[i] as usize..offsets[i + 1] as usize;
        let ax: f32 = row.map(|k| values[k] * x[columns[k] as usize]).sum();
        assert_eq!(shim[i], 2.0 * ax + (i % 5) as f32, "row {i}");
    }
    println!("SpMV of a {N}×{N} CSR matrix equals NVIDIA's and the product");
}
