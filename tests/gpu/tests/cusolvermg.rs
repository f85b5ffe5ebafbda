//! cuSOLVERMg through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on
//! NVIDIA through the HIP and hipSOLVER loopbacks). The shim's cuSOLVERMg gathers each
//! distributed matrix onto the grid's first device and solves it with cuSOLVER's dense functions;
//! NVIDIA's libcusolverMg (`CUDA_AS_HIP_TEST_NVIDIA_CUSOLVERMG`) solves the same distributed
//! matrices its own way, so the answers are compared within a tolerance, and checked: the solve's
//! residual, the Cholesky factor's product, the inverse's product, the eigenvalues' sum. The grid
//! holds every GPU of the machine (one or two), the matrix in tiles of 8 columns over them.

use cuda_as_hip::cusolvermg::sys::{
    cublasFillMode_t as Fill, cublasOperation_t as Op, cudaDataType, cudaLibMgGrid_t as Grid,
    cudaLibMgMatrixDesc_t as Desc, cusolverEigMode_t as Eig, cusolverMgGridMapping_t as Mapping,
    cusolverMgHandle_t as H,
};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::{runtime_ok as ok, solved};
use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

gpu_tests::shim_or_native!(Mg, cuda_as_hip::cusolvermg::sys, {
    cusolverMgCreate(h: *mut H);
    cusolverMgDestroy(h: H);
    cusolverMgDeviceSelect(h: H, n: c_int, ids: *mut c_int);
    cusolverMgCreateDeviceGrid(g: *mut Grid, rows: i32, cols: i32, ids: *const i32, mapping: Mapping);
    cusolverMgDestroyGrid(g: Grid);
    cusolverMgCreateMatrixDesc(d: *mut Desc, rows: i64, cols: i64, rb: i64, cb: i64, t: cudaDataType, g: Grid);
    cusolverMgDestroyMatrixDesc(d: Desc);
    cusolverMgGetrf_bufferSize(h: H, m: c_int, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, ipiv: *mut *mut c_int, t: cudaDataType, lwork: *mut i64);
    cusolverMgGetrf(h: H, m: c_int, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, ipiv: *mut *mut c_int, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
    cusolverMgGetrs_bufferSize(h: H, op: Op, n: c_int, nrhs: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, ipiv: *mut *mut c_int, b: *mut *mut c_void, ib: c_int, jb: c_int, db: Desc, t: cudaDataType, lwork: *mut i64);
    cusolverMgGetrs(h: H, op: Op, n: c_int, nrhs: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, ipiv: *mut *mut c_int, b: *mut *mut c_void, ib: c_int, jb: c_int, db: Desc, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
    cusolverMgPotrf_bufferSize(h: H, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, t: cudaDataType, lwork: *mut i64);
    cusolverMgPotrf(h: H, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
    cusolverMgPotrs_bufferSize(h: H, uplo: Fill, n: c_int, nrhs: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, b: *mut *mut c_void, ib: c_int, jb: c_int, db: Desc, t: cudaDataType, lwork: *mut i64);
    cusolverMgPotrs(h: H, uplo: Fill, n: c_int, nrhs: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, b: *mut *mut c_void, ib: c_int, jb: c_int, db: Desc, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
    cusolverMgPotri_bufferSize(h: H, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, t: cudaDataType, lwork: *mut i64);
    cusolverMgPotri(h: H, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
    cusolverMgSyevd_bufferSize(h: H, jobz: Eig, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, w: *mut c_void, tw: cudaDataType, t: cudaDataType, lwork: *mut i64);
    cusolverMgSyevd(h: H, jobz: Eig, uplo: Fill, n: c_int, a: *mut *mut c_void, ia: c_int, ja: c_int, da: Desc, w: *mut c_void, tw: cudaDataType, t: cudaDataType, work: *mut *mut c_void, lwork: i64, info: *mut c_int);
});

const N: usize = 40;
const NB: usize = 8;
const NRHS: usize = 2;
const F64: cudaDataType = cudaDataType::CUDA_R_64F;
const LOWER: Fill = Fill::CUBLAS_FILL_MODE_LOWER;

/// A matrix of `cols` columns of `rows` f64 (or i32 pivots) spread over the devices, 1-D column
/// block-cyclic in tiles of NB columns, as cuSOLVERMg's examples lay them out.
struct Distributed {
    devices: Vec<c_int>,
    rows: usize,
    cols: usize,
    size: usize,
    parts: Vec<*mut c_void>,
}

impl Distributed {
    fn new(devices: &[c_int], rows: usize, cols: usize, size: usize) -> Self {
        let g = devices.len();
        let mut local = vec![0; g];
        for tile in 0..cols.div_ceil(NB) {
            local[tile % g] += NB.min(cols - tile * NB);
        }
        let parts = (devices.iter().zip(&local))
            .map(|(&d, &cols)| {
                let mut p = null_mut();
                ok(unsafe { cudaSetDevice(d) });
                ok(unsafe { cudaMalloc(&mut p, (rows * cols.max(1) * size).max(8)) });
                p
            })
            .collect();
        ok(unsafe { cudaSetDevice(devices[0]) });
        Self {
            devices: devices.to_vec(),
            rows,
            cols,
            size,
            parts,
        }
    }

    /// Global column j: (device index, byte offset in its part).
    fn place(&self, j: usize) -> (usize, usize) {
        let (tile, g) = (j / NB, self.devices.len());
        let local_col = (tile / g) * NB + j % NB;
        (tile % g, local_col * self.rows * self.size)
    }

    fn column(&self, j: usize) -> *mut c_void {
        let (d, at) = self.place(j);
        self.parts[d].cast::<u8>().wrapping_add(at).cast()
    }

    fn put<T: Copy>(&self, a: &[T]) {
        let kind = cudaMemcpyKind::cudaMemcpyHostToDevice;
        for j in 0..self.cols {
            let src = a[j * self.rows..].as_ptr().cast();
            ok(unsafe { cudaMemcpy(self.column(j), src, self.rows * self.size, kind) });
        }
    }

    fn get<T: Copy + Default>(&self) -> Vec<T> {
        let mut a = vec![T::default(); self.rows * self.cols];
        let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
        for j in 0..self.cols {
            let dst = a[j * self.rows..].as_mut_ptr().cast();
            ok(unsafe { cudaMemcpy(dst, self.column(j), self.rows * self.size, kind) });
        }
        a
    }
}

impl Drop for Distributed {
    fn drop(&mut self) {
        for &p in &self.parts {
            ok(unsafe { cudaFree(p) });
        }
    }
}

/// A column-major N×N matrix: symmetric, diagonally dominant (so positive definite).
fn matrix() -> Vec<f64> {
    gpu_tests::symmetric_positive_definite(N, 0x2545_f491_4f6c_dd1d)
}

/// One side's answers: the LU solve's X, the Cholesky solve's X, the Cholesky factor (lower), the
/// inverse (lower) and the eigenvalues.
struct Answers {
    lu: Vec<f64>,
    cholesky: Vec<f64>,
    factor: Vec<f64>,
    inverse: Vec<f64>,
    eigenvalues: Vec<f64>,
}

/// The workspace: `lwork` f64 on every device.
struct Work(Vec<*mut c_void>);

impl Work {
    fn new(devices: &[c_int], lwork: i64) -> Self {
        let parts = (devices.iter())
            .map(|&d| {
                let mut p = null_mut();
                ok(unsafe { cudaSetDevice(d) });
                ok(unsafe { cudaMalloc(&mut p, lwork.max(1) as usize * 8) });
                p
            })
            .collect();
        ok(unsafe { cudaSetDevice(devices[0]) });
        Self(parts)
    }

    /// The array of device pointers cuSOLVERMg takes (it reads it only).
    fn ptr(&self) -> *mut *mut c_void {
        self.0.as_ptr().cast_mut()
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        for &p in &self.0 {
            ok(unsafe { cudaFree(p) });
        }
    }
}

fn answers(mg: &Mg, devices: &mut [c_int], a: &[f64], b: &[f64]) -> Answers {
    let (n, nrhs) = (N as c_int, NRHS as c_int);
    let g = devices.len() as c_int;
    let (mut h, mut grid, mut da, mut db) = (null_mut(), null_mut(), null_mut(), null_mut());
    let mut info = -1;
    // SAFETY: cuSOLVERMg's documented calls on distributed buffers of the sizes asked for.
    unsafe {
        solved(mg.cusolverMgCreate(&mut h));
        solved(mg.cusolverMgDeviceSelect(h, g, devices.as_mut_ptr()));
        let mapping = Mapping::CUDALIBMG_GRID_MAPPING_COL_MAJOR;
        solved(mg.cusolverMgCreateDeviceGrid(&mut grid, 1, g, devices.as_ptr(), mapping));
        solved(mg.cusolverMgCreateMatrixDesc(
            &mut da, N as i64, N as i64, N as i64, NB as i64, F64, grid,
        ));
        solved(mg.cusolverMgCreateMatrixDesc(
            &mut db,
            N as i64,
            NRHS as i64,
            N as i64,
            NB as i64,
            F64,
            grid,
        ));
        let (ma, mb, ipiv) = (
            Distributed::new(devices, N, N, 8),
            Distributed::new(devices, N, NRHS, 8),
            Distributed::new(devices, 1, N, 4),
        );
        let (mut pa, mut pb, mut pp) = (ma.parts.clone(), mb.parts.clone(), ipiv.parts.clone());
        let (pa, pb, pp) = (pa.as_mut_ptr(), pb.as_mut_ptr(), pp.as_mut_ptr().cast());
        // LU, then the solve.
        ma.put(a);
        mb.put(b);
        let (mut l1, mut l2) = (0, 0);
        solved(mg.cusolverMgGetrf_bufferSize(h, n, n, pa, 1, 1, da, pp, F64, &mut l1));
        solved(mg.cusolverMgGetrs_bufferSize(
            h,
            Op::CUBLAS_OP_N,
            n,
            nrhs,
            pa,
            1,
            1,
            da,
            pp,
            pb,
            1,
            1,
            db,
            F64,
            &mut l2,
        ));
        let lwork = l1.max(l2).max(1);
        let work = Work::new(devices, lwork);
        solved(mg.cusolverMgGetrf(h, n, n, pa, 1, 1, da, pp, F64, work.ptr(), lwork, &mut info));
        assert_eq!(info, 0, "getrf's info");
        solved(mg.cusolverMgGetrs(
            h,
            Op::CUBLAS_OP_N,
            n,
            nrhs,
            pa,
            1,
            1,
            da,
            pp,
            pb,
            1,
            1,
            db,
            F64,
            work.ptr(),
            lwork,
            &mut info,
        ));
        assert_eq!(info, 0, "getrs's info");
        let lu = mb.get::<f64>();
        drop(work);
        // Cholesky (lower): the factor, then potrs on B and potri on the factor.
        ma.put(a);
        mb.put(b);
        let mut lf = 0;
        solved(mg.cusolverMgPotrf_bufferSize(h, LOWER, n, pa, 1, 1, da, F64, &mut lf));
        let work = Work::new(devices, lf);
        solved(mg.cusolverMgPotrf(
            h,
            LOWER,
            n,
            pa,
            1,
            1,
            da,
            F64,
            work.ptr(),
            lf.max(1),
            &mut info,
        ));
        assert_eq!(info, 0, "potrf's info");
        drop(work);
        let factor = ma.get::<f64>();
        potrs_and_potri(mg, h, (pa, da), (pb, db), devices, &mut info);
        let (inverse, cholesky) = (ma.get::<f64>(), mb.get::<f64>());
        // Eigenvalues (with vectors; cuSOLVERMg reads the lower triangle).
        ma.put(a);
        let mut w = vec![0.0f64; N];
        let (jobz, mut ls) = (Eig::CUSOLVER_EIG_MODE_VECTOR, 0);
        solved(mg.cusolverMgSyevd_bufferSize(
            h,
            jobz,
            LOWER,
            n,
            pa,
            1,
            1,
            da,
            w.as_mut_ptr().cast(),
            F64,
            F64,
            &mut ls,
        ));
        let work = Work::new(devices, ls);
        solved(mg.cusolverMgSyevd(
            h,
            jobz,
            LOWER,
            n,
            pa,
            1,
            1,
            da,
            w.as_mut_ptr().cast(),
            F64,
            F64,
            work.ptr(),
            ls.max(1),
            &mut info,
        ));
        assert_eq!(info, 0, "syevd's info");
        drop(work);
        drop((ma, mb, ipiv));
        solved(mg.cusolverMgDestroyMatrixDesc(da));
        solved(mg.cusolverMgDestroyMatrixDesc(db));
        solved(mg.cusolverMgDestroyGrid(grid));
        solved(mg.cusolverMgDestroy(h));
        Answers {
            lu,
            cholesky,
            factor,
            inverse,
            eigenvalues: w,
        }
    }
}

/// After potrf: potrs on B (left in B), then potri on the factor (left in A).
unsafe fn potrs_and_potri(
    mg: &Mg,
    h: H,
    (pa, da): (*mut *mut c_void, Desc),
    (pb, db): (*mut *mut c_void, Desc),
    devices: &[c_int],
    info: &mut c_int,
) {
    let (n, nrhs) = (N as c_int, NRHS as c_int);
    let (mut ls, mut li) = (0, 0);
    // SAFETY: the caller's distributed buffers.
    unsafe {
        solved(mg.cusolverMgPotrs_bufferSize(
            h, LOWER, n, nrhs, pa, 1, 1, da, pb, 1, 1, db, F64, &mut ls,
        ));
        solved(mg.cusolverMgPotri_bufferSize(h, LOWER, n, pa, 1, 1, da, F64, &mut li));
        let lwork = ls.max(li).max(1);
        let work = Work::new(devices, lwork);
        solved(mg.cusolverMgPotrs(
            h,
            LOWER,
            n,
            nrhs,
            pa,
            1,
            1,
            da,
            pb,
            1,
            1,
            db,
            F64,
            work.ptr(),
            lwork,
            info,
        ));
        assert_eq!(*info, 0, "potrs's info");
        solved(mg.cusolverMgPotri(h, LOWER, n, pa, 1, 1, da, F64, work.ptr(), lwork, info));
        assert_eq!(*info, 0, "potri's info");
    }
}

#[track_caller]
fn close(what: &str, ours: &[f64], nvidia: &[f64]) {
    for (i, (s, n)) in ours.iter().zip(nvidia).enumerate() {
        assert!(
            (s - n).abs() <= 1e-10 * n.abs().max(1.0),
            "{what}[{i}]: the shim's {s}, NVIDIA's {n}"
        );
    }
}

#[test]
fn distributed_solves_match_nvidias_and_are_right() {
    let mut count = 0;
    ok(unsafe { cudaGetDeviceCount(&mut count) });
    let mut devices: Vec<c_int> = (0..count.min(2)).collect();
    let native = gpu_tests::nvidia_library("CUSOLVERMG");
    let (a, b): (Vec<f64>, Vec<f64>) = (matrix(), (0..N * NRHS).map(|i| i as f64 - 30.0).collect());
    let shim = answers(&Mg { native: None }, &mut devices, &a, &b);
    let nvidia = answers(
        &Mg {
            native: Some(native),
        },
        &mut devices,
        &a,
        &b,
    );
    close("LU solution", &shim.lu, &nvidia.lu);
    close("Cholesky solution", &shim.cholesky, &nvidia.cholesky);
    let lower = |m: &[f64]| {
        (0..N)
            .flat_map(|j| (j..N).map(move |i| m[i + j * N]))
            .collect::<Vec<_>>()
    };
    close(
        "Cholesky factor",
        &lower(&shim.factor),
        &lower(&nvidia.factor),
    );
    close("inverse", &lower(&shim.inverse), &lower(&nvidia.inverse));
    close("eigenvalues", &shim.eigenvalues, &nvidia.eigenvalues);
    for x in [&shim.lu, &shim.cholesky] {
        for (k, rhs) in b.chunks(N).enumerate() {
            for i in 0..N {
                let ax: f64 = (0..N).map(|j| a[i + j * N] * x[j + k * N]).sum();
                assert!(
                    (ax - rhs[i]).abs() < 1e-9,
                    "residual of row {i}, column {k}"
                );
            }
        }
    }
    let inv = |i: usize, j: usize| shim.inverse[i.max(j) + i.min(j) * N];
    for i in 0..N {
        for j in 0..N {
            let p: f64 = (0..N).map(|k| a[i + k * N] * inv(k, j)).sum();
            assert!((p - f64::from(i == j)).abs() < 1e-9, "A·A⁻¹ at ({i}, {j})");
        }
    }
    let trace: f64 = (0..N).map(|i| a[i + i * N]).sum();
    assert!(
        (shim.eigenvalues.iter().sum::<f64>() - trace).abs() < 1e-9,
        "eigenvalues sum to the trace"
    );
    println!("cuSOLVERMg on {} device(s): LU, Cholesky and eigen solves of a {N}×{N} matrix in {NB}-column tiles match NVIDIA's", devices.len());
}
