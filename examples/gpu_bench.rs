//! GPU benchmark body (scripts/gpu-suite.sh runs it on the GPU machine): no-op kernel launch latency
//! through cuda-as-hip's `cuLaunchKernel`, and through the runtime's `cudaLaunchKernel` (the kernel
//! handle cast to a pointer, as cudarc's runtime layer launches), each against
//! `hipModuleLaunchKernel` called directly on the same HIP, and host↔device copy throughput through `cuMemcpyHtoD_v2`/`DtoH_v2` against `hipMemcpyHtoD`/
//! `DtoH`; pairs measured alternately, ROUNDS times. Prints a table of ratios (median, min–max).
//! With `CUDA_AS_HIP_BENCH_NVIDIA_CUBLAS` (NVIDIA's libcublas) and a hipBLAS to reach (the suite's
//! hipBLAS-on-NVIDIA loopback), also 4096² GEMMs, f32 (`cublasSgemm_v2`) and f16 in and out with f32
//! accumulation (`cublasGemmEx`), through the shim against NVIDIA's libcublas called directly.

use cuda_as_hip::driver::sys::*;
use cuda_as_hip::nvrtc::sys::*;
use cuda_as_hip::runtime::sys as rt;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::time::Instant;

#[path = "../tests/gpu/nvidia_cublas.rs"]
mod nvidia_cublas;
use nvidia_cublas::*;

const ROUNDS: usize = 41;
const LAUNCHES: usize = 4000;
const BYTES: usize = 256 << 20;

fn ok(r: CUresult) {
    assert_eq!(r, CUresult::CUDA_SUCCESS);
}

fn noop_function() -> CUfunction {
    let mut prog = null_mut();
    let src = c"extern \"C\" __global__ void noop() {}";
    assert_eq!(
        unsafe {
            nvrtcCreateProgram(
                &mut prog,
                src.as_ptr(),
                c"noop.cu".as_ptr(),
                0,
                null(),
                null(),
            )
        },
        nvrtcResult::NVRTC_SUCCESS
    );
    assert_eq!(
        unsafe { nvrtcCompileProgram(prog, 0, null()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let mut n = 0;
    assert_eq!(
        unsafe { nvrtcGetPTXSize(prog, &mut n) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let mut image = vec![0u8; n];
    assert_eq!(
        unsafe { nvrtcGetPTX(prog, image.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let (mut module, mut f) = (null_mut(), null_mut());
    ok(unsafe { cuModuleLoadData(&mut module, image.as_ptr().cast()) });
    ok(unsafe { cuModuleGetFunction(&mut f, module, c"noop".as_ptr()) });
    f
}

fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// `a` and `b` measured alternately, ROUNDS times after one warm-up each: the ratios a/b and the
/// total seconds of each.
fn rounds(a: impl Fn(), b: impl Fn()) -> (Vec<f64>, f64, f64) {
    a();
    b();
    let (mut ratios, mut ta, mut tb) = (Vec::new(), 0.0, 0.0);
    for _ in 0..ROUNDS {
        let (x, y) = (time(&a), time(&b));
        ratios.push(x / y);
        (ta, tb) = (ta + x, tb + y);
    }
    (ratios, ta, tb)
}

fn summary(name: &str, mut ratios: Vec<f64>, unit: &str, shim: f64, hip: f64) {
    ratios.sort_by(f64::total_cmp);
    println!(
        "| {name} | {:.3} | {:.3}–{:.3} | {shim:.2} {unit} | {hip:.2} {unit} |",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

fn main() {
    ok(unsafe { cuInit(0) });
    let (mut dev, mut ctx) = (0, null_mut());
    ok(unsafe { cuDeviceGet(&mut dev, 0) });
    ok(unsafe { cuDevicePrimaryCtxRetain(&mut ctx, dev) });
    ok(unsafe { cuCtxSetCurrent(ctx) });
    let hip = hip_sys::hip().expect("HIP");
    let f = noop_function();
    let launch_shim = || {
        for _ in 0..LAUNCHES {
            ok(unsafe {
                cuLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, null_mut(), null_mut(), null_mut())
            });
        }
        ok(unsafe { cuCtxSynchronize() });
    };
    let launch_hip = || unsafe {
        for _ in 0..LAUNCHES {
            hip.hipModuleLaunchKernel(
                f.cast(),
                1,
                1,
                1,
                1,
                1,
                1,
                0,
                null_mut(),
                null_mut(),
                null_mut(),
            )
            .unwrap();
        }
        hip.hipDeviceSynchronize().unwrap();
    };
    let launch_runtime = || {
        let one = rt::dim3 { x: 1, y: 1, z: 1 };
        for _ in 0..LAUNCHES {
            let r = unsafe {
                rt::cudaLaunchKernel(f as *const c_void, one, one, null_mut(), 0, null_mut())
            };
            assert_eq!(r, rt::cudaError_t::cudaSuccess);
        }
        assert_eq!(
            unsafe { rt::cudaDeviceSynchronize() },
            rt::cudaError_t::cudaSuccess
        );
    };
    let (launch_ratios, ts, th) = rounds(launch_shim, launch_hip);
    let (runtime_ratios, rs, rh) = rounds(launch_runtime, launch_hip);
    let per = |t: f64| t / (ROUNDS * LAUNCHES) as f64 * 1e6;
    let (mut host, mut dptr): (*mut c_void, CUdeviceptr) = (null_mut(), 0);
    ok(unsafe { cuMemAllocHost_v2(&mut host, BYTES) });
    ok(unsafe { cuMemAlloc_v2(&mut dptr, BYTES) });
    let copy_shim = || {
        ok(unsafe { cuMemcpyHtoD_v2(dptr, host, BYTES) });
        ok(unsafe { cuMemcpyDtoH_v2(host, dptr, BYTES) });
    };
    let copy_hip = || unsafe {
        hip.hipMemcpyHtoD(dptr as usize as _, host, BYTES).unwrap();
        hip.hipMemcpyDtoH(host, dptr as usize as _, BYTES).unwrap();
    };
    let (copy_times, cs, ch) = rounds(copy_shim, copy_hip);
    let copy_ratios = copy_times.iter().map(|r| 1.0 / r).collect(); // throughput: shim / direct
    let gbs = |t: f64| (2 * BYTES * ROUNDS) as f64 / t / 1e9;
    println!("| measure | median ratio | min–max | cuda-as-hip | HIP direct |\n|---|---:|---:|---:|---:|");
    summary(
        "no-op launch latency (shim / direct; target ≤ 1.02)",
        launch_ratios,
        "µs",
        per(ts),
        per(th),
    );
    summary(
        "no-op cudaLaunchKernel latency (shim / hipModuleLaunchKernel; target ≤ 1.02)",
        runtime_ratios,
        "µs",
        per(rs),
        per(rh),
    );
    summary(
        "H2D+D2H 256 MiB pinned throughput (shim / direct; target ≥ 0.99)",
        copy_ratios,
        "GB/s",
        gbs(cs),
        gbs(ch),
    );
    if let Ok(path) = std::env::var("CUDA_AS_HIP_BENCH_NVIDIA_CUBLAS") {
        gemms(&path);
    }
}

/// Order of the benchmark's square matrices, and GEMMs per timed round.
const GEMM_N: usize = 4096;
const GEMMS: usize = 10;

/// 4096² GEMMs through the shim (cuBLAS → hipBLAS → the loopback's cuBLAS) against NVIDIA's
/// libcublas at `nvidia`, called directly, on the same buffers: throughput ratios.
fn gemms(nvidia: &str) {
    use cuda_as_hip::cublas::sys as blas;
    let native = NvidiaCublas::open(nvidia);
    let (sgemm, gemm_ex) = (
        native.get::<Sgemm>("cublasSgemm_v2"),
        native.get::<GemmEx>("cublasGemmEx"),
    );
    let mut shim = null_mut();
    let created = unsafe { blas::cublasCreate_v2(&mut shim) };
    assert_eq!(created, blas::cublasStatus_t::CUBLAS_STATUS_SUCCESS);
    let bytes = GEMM_N * GEMM_N * 4;
    let mut p = [0 as CUdeviceptr; 3];
    for q in &mut p {
        ok(unsafe { cuMemAlloc_v2(q, bytes) });
        ok(unsafe { cuMemsetD32_v2(*q, 0x3c00_3c00, GEMM_N * GEMM_N) }); // 1.0 as f16 pairs
    }
    let (a, c, n, one) = (
        p[0] as *mut c_void,
        p[2] as *mut c_void,
        GEMM_N as i32,
        1.0f32,
    );
    let alpha = (&one as *const f32).cast::<c_void>();
    let run = |f: &dyn Fn()| {
        for _ in 0..GEMMS {
            f();
        }
        ok(unsafe { cuCtxSynchronize() });
    };
    let f32_shim = || {
        run(&|| unsafe {
            let (op, a) = (blas::cublasOperation_t::CUBLAS_OP_N, a.cast::<f32>());
            blas::cublasSgemm_v2(shim, op, op, n, n, n, &one, a, n, a, n, &one, c.cast(), n);
        })
    };
    let (h, f32_args) = (native.handle, (a.cast::<f32>(), c.cast::<f32>()));
    let f32_native = || {
        let (a, c) = f32_args;
        run(&|| unsafe {
            sgemm(h, OP_N, OP_N, n, n, n, &one, a, n, a, n, &one, c, n);
        })
    };
    let f16_shim = || {
        run(&|| unsafe {
            let (op, h) = (
                blas::cublasOperation_t::CUBLAS_OP_N,
                blas::cudaDataType::CUDA_R_16F,
            );
            blas::cublasGemmEx(
                shim,
                op,
                op,
                n,
                n,
                n,
                alpha,
                a,
                h,
                n,
                a,
                h,
                n,
                alpha,
                c,
                h,
                n,
                blas::cublasComputeType_t::CUBLAS_COMPUTE_32F,
                blas::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT,
            );
        })
    };
    let f16_native = || {
        let (ty, compute) = (R_16F, COMPUTE_32F);
        run(&|| unsafe {
            let algo = GEMM_DEFAULT;
            gemm_ex(
                h, OP_N, OP_N, n, n, n, alpha, a, ty, n, a, ty, n, alpha, c, ty, n, compute, algo,
            );
        })
    };
    let flops = |t: f64| (2 * GEMM_N * GEMM_N * GEMM_N * GEMMS * ROUNDS) as f64 / t / 1e12;
    for (name, shim_f, native_f) in [
        (
            "4096² SGEMM throughput (shim / cuBLAS; target ≥ 0.98)",
            &f32_shim as &dyn Fn(),
            &f32_native as &dyn Fn(),
        ),
        (
            "4096² GemmEx f16, f32 accumulation (shim / cuBLAS; target ≥ 0.98)",
            &f16_shim,
            &f16_native,
        ),
    ] {
        let (times, ts, tn) = rounds(shim_f, native_f);
        let throughput = times.iter().map(|r| 1.0 / r).collect();
        summary(name, throughput, "TFLOP/s", flops(ts), flops(tn));
    }
}
