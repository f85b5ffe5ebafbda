#![allow(non_snake_case)] // the measured loops are named after the CUDA functions
//! Per-call overhead benchmark body (run by `scripts/bench-percall.sh` under callgrind): for each
//! measured CUDA function, N calls through cuda-as-hip's Rust API, N through the C ABI library
//! (`libcuda.so` / `libcudart.so` given as the arguments, called through `dlsym`'d pointers, as a
//! C program would), and N of the HIP call it becomes, made directly. Each loop is its own never-inlined
//! `m_<path>_<function>`, so callgrind (`--toggle-collect`) counts exactly its instructions.
//! On the real HIP 5.2.3 without a GPU the calls take their error paths; the script runs it a second
//! time on a stand-in HIP answering `hipSuccess` (`scripts/percall-success-hip.c`) for the success path.
//! Enum arguments go through `black_box`, so no table lookup is folded away at compile time.
//! Given `libcublas.so` as a third argument and a stand-in hipBLAS in `PERCALL_HIPBLAS` (success
//! path only: `scripts/percall-success-hipblas.c`), it measures two cuBLAS calls the same way.

use cuda_as_hip::driver::sys as cu;
use cuda_as_hip::runtime::sys as rt;
use std::ffi::{c_char, c_int, c_void};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const N: u32 = 1_000;

/// The C ABI's and HIP's entry points, stored once (one relaxed load per call in the C ABI and
/// HIP loops, the same in both).
static FNS: [AtomicUsize; 18] = [const { AtomicUsize::new(0) }; 18];

type Sym<T> = libloading::Symbol<'static, T>;

fn lib(path: &str) -> &'static libloading::Library {
    Box::leak(Box::new(
        unsafe { libloading::Library::new(path) }.unwrap_or_else(|e| panic!("{path}: {e}")),
    ))
}

macro_rules! measure {
    ($name:ident, $body:expr) => {
        #[inline(never)]
        fn $name() {
            for _ in 0..N {
                black_box(unsafe { $body });
            }
        }
    };
}

fn main() {
    let usage = "usage: percall PATH/libcuda.so PATH/libcudart.so";
    let shim = lib(&std::env::args().nth(1).expect(usage));
    let cudart = lib(&std::env::args().nth(2).expect(usage));
    let hip = lib("libamdhip64.so.5");
    unsafe {
        // C ABI entry points and HIP's, resolved once (a C program links or dlsym's them once).
        let c_version: Sym<unsafe extern "C" fn(*mut c_int) -> u32> =
            shim.get(b"cuDriverGetVersion\0").unwrap();
        let c_count: Sym<unsafe extern "C" fn(*mut c_int) -> u32> =
            shim.get(b"cuDeviceGetCount\0").unwrap();
        let c_string: Sym<unsafe extern "C" fn(u32, *mut *const c_char) -> u32> =
            shim.get(b"cuGetErrorString\0").unwrap();
        let c_attr: Sym<unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32> =
            shim.get(b"cuDeviceGetAttribute\0").unwrap();
        let c_ctx: Sym<unsafe extern "C" fn(*mut *mut c_void) -> u32> =
            shim.get(b"cuCtxGetCurrent\0").unwrap();
        let c_query: Sym<unsafe extern "C" fn(*mut c_void) -> u32> =
            shim.get(b"cuStreamQuery\0").unwrap();
        let h_version: Sym<unsafe extern "C" fn(*mut c_int) -> u32> =
            hip.get(b"hipDriverGetVersion\0").unwrap();
        let h_count: Sym<unsafe extern "C" fn(*mut c_int) -> u32> =
            hip.get(b"hipGetDeviceCount\0").unwrap();
        let h_string: Sym<unsafe extern "C" fn(u32) -> *const c_char> =
            hip.get(b"hipGetErrorString\0").unwrap();
        let h_attr: Sym<unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32> =
            hip.get(b"hipDeviceGetAttribute\0").unwrap();
        let h_ctx: Sym<unsafe extern "C" fn(*mut *mut c_void) -> u32> =
            hip.get(b"hipCtxGetCurrent\0").unwrap();
        let h_query: Sym<unsafe extern "C" fn(*mut c_void) -> u32> =
            hip.get(b"hipStreamQuery\0").unwrap();
        let c_rt_count: Sym<unsafe extern "C" fn(*mut c_int) -> u32> =
            cudart.get(b"cudaGetDeviceCount\0").unwrap();
        let c_rt_attr: Sym<unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32> =
            cudart.get(b"cudaDeviceGetAttribute\0").unwrap();
        let c_rt_last: Sym<unsafe extern "C" fn() -> u32> =
            cudart.get(b"cudaGetLastError\0").unwrap();
        let h_last: Sym<unsafe extern "C" fn() -> u32> = hip.get(b"hipGetLastError\0").unwrap();
        let (c_rt_count, c_rt_attr, c_rt_last, h_last) =
            (*c_rt_count, *c_rt_attr, *c_rt_last, *h_last);
        let (c_version, c_count, c_string, c_attr, c_ctx, c_query) =
            (*c_version, *c_count, *c_string, *c_attr, *c_ctx, *c_query);
        let (h_version, h_count, h_string, h_attr, h_ctx, h_query) =
            (*h_version, *h_count, *h_string, *h_attr, *h_ctx, *h_query);
        let addresses = [
            c_version as usize,
            c_count as usize,
            c_string as usize,
            c_attr as usize,
            c_ctx as usize,
            c_query as usize,
            h_version as usize,
            h_count as usize,
            h_string as usize,
            h_attr as usize,
            h_ctx as usize,
            h_query as usize,
            c_rt_count as usize,
            c_rt_attr as usize,
            c_rt_last as usize,
            h_count as usize,
            h_attr as usize,
            h_last as usize,
        ];
        for (slot, a) in FNS.iter().zip(addresses) {
            slot.store(a, Relaxed);
        }
        let (mut v, mut s, mut p) = (0, std::ptr::null(), std::ptr::null_mut());
        let warp = cu::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_WARP_SIZE;
        // Warm up every path once: symbols resolve, HIP initialises.
        cu::cuDriverGetVersion(&mut v);
        cu::cuDeviceGetCount(&mut v);
        cu::cuGetErrorString(cu::CUresult::CUDA_ERROR_NO_DEVICE, &mut s);
        cu::cuDeviceGetAttribute(&mut v, warp, 9999);
        cu::cuCtxGetCurrent(&mut p);
        cu::cuStreamQuery(std::ptr::null_mut());
        let mut raw: *mut c_void = std::ptr::null_mut();
        black_box((
            c_version(&mut v),
            c_count(&mut v),
            c_string(100, &mut s),
            c_attr(&mut v, 10, 9999),
            c_ctx(&mut raw),
            c_query(std::ptr::null_mut()),
        ));
        black_box((
            h_version(&mut v),
            h_count(&mut v),
            h_string(100),
            h_attr(&mut v, 87, 9999),
            h_ctx(&mut raw),
            h_query(std::ptr::null_mut()),
        ));

        rt::cudaGetDeviceCount(&mut v);
        black_box((
            c_rt_count(&mut v),
            c_rt_attr(&mut v, 10, 9999),
            c_rt_last(),
            h_last(),
        ));

        measure!(m_rust_cudaGetDeviceCount, rt::cudaGetDeviceCount(&mut 0));
        measure!(
            m_rust_cudaDeviceGetAttribute,
            rt::cudaDeviceGetAttribute(
                &mut 0,
                black_box(rt::cudaDeviceAttr::cudaDevAttrWarpSize),
                9999
            )
        );
        measure!(m_rust_cudaGetLastError, rt::cudaGetLastError());
        measure!(
            m_cabi_cudaGetDeviceCount,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[12].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_cabi_cudaDeviceGetAttribute,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32>(
                FNS[13].load(Relaxed)
            )(&mut 0, 10, 9999)
        );
        measure!(
            m_cabi_cudaGetLastError,
            std::mem::transmute::<usize, unsafe extern "C" fn() -> u32>(FNS[14].load(Relaxed))()
        );
        measure!(
            m_hip_cudaGetDeviceCount,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[15].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_hip_cudaDeviceGetAttribute,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32>(
                FNS[16].load(Relaxed)
            )(&mut 0, 87, 9999)
        );
        measure!(
            m_hip_cudaGetLastError,
            std::mem::transmute::<usize, unsafe extern "C" fn() -> u32>(FNS[17].load(Relaxed))()
        );
        measure!(m_rust_cuDriverGetVersion, cu::cuDriverGetVersion(&mut 0));
        measure!(m_rust_cuDeviceGetCount, cu::cuDeviceGetCount(&mut 0));
        measure!(
            m_rust_cuGetErrorString,
            cu::cuGetErrorString(
                black_box(cu::CUresult::CUDA_ERROR_NO_DEVICE),
                &mut std::ptr::null()
            )
        );
        measure!(
            m_rust_cuDeviceGetAttribute,
            cu::cuDeviceGetAttribute(
                &mut 0,
                black_box(cu::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_WARP_SIZE),
                9999
            )
        );
        measure!(
            m_rust_cuCtxGetCurrent,
            cu::cuCtxGetCurrent(&mut std::ptr::null_mut())
        );
        measure!(
            m_rust_cuStreamQuery,
            cu::cuStreamQuery(std::ptr::null_mut())
        );
        measure!(
            m_cabi_cuDriverGetVersion,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[0].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_cabi_cuDeviceGetCount,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[1].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_cabi_cuGetErrorString,
            std::mem::transmute::<usize, unsafe extern "C" fn(u32, *mut *const c_char) -> u32>(
                FNS[2].load(Relaxed)
            )(100, &mut std::ptr::null())
        );
        measure!(
            m_cabi_cuDeviceGetAttribute,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32>(
                FNS[3].load(Relaxed)
            )(&mut 0, 10, 9999)
        );
        measure!(
            m_cabi_cuCtxGetCurrent,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut *mut c_void) -> u32>(
                FNS[4].load(Relaxed)
            )(&mut std::ptr::null_mut())
        );
        measure!(
            m_cabi_cuStreamQuery,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void) -> u32>(
                FNS[5].load(Relaxed)
            )(std::ptr::null_mut())
        );
        measure!(
            m_hip_cuDriverGetVersion,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[6].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_hip_cuDeviceGetCount,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int) -> u32>(
                FNS[7].load(Relaxed)
            )(&mut 0)
        );
        measure!(
            m_hip_cuGetErrorString,
            std::mem::transmute::<usize, unsafe extern "C" fn(u32) -> *const c_char>(
                FNS[8].load(Relaxed)
            )(100)
        );
        measure!(
            m_hip_cuDeviceGetAttribute,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_int, u32, c_int) -> u32>(
                FNS[9].load(Relaxed)
            )(&mut 0, 87, 9999)
        );
        measure!(
            m_hip_cuCtxGetCurrent,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut *mut c_void) -> u32>(
                FNS[10].load(Relaxed)
            )(&mut std::ptr::null_mut())
        );
        measure!(
            m_hip_cuStreamQuery,
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void) -> u32>(
                FNS[11].load(Relaxed)
            )(std::ptr::null_mut())
        );
        for f in [
            m_rust_cuDriverGetVersion,
            m_rust_cuDeviceGetCount,
            m_rust_cuGetErrorString,
            m_rust_cuDeviceGetAttribute,
            m_rust_cuCtxGetCurrent,
            m_rust_cuStreamQuery,
            m_cabi_cuDriverGetVersion,
            m_cabi_cuDeviceGetCount,
            m_cabi_cuGetErrorString,
            m_cabi_cuDeviceGetAttribute,
            m_cabi_cuCtxGetCurrent,
            m_cabi_cuStreamQuery,
            m_hip_cuDriverGetVersion,
            m_hip_cuDeviceGetCount,
            m_hip_cuGetErrorString,
            m_hip_cuDeviceGetAttribute,
            m_hip_cuCtxGetCurrent,
            m_hip_cuStreamQuery,
            m_rust_cudaGetDeviceCount,
            m_rust_cudaDeviceGetAttribute,
            m_rust_cudaGetLastError,
            m_cabi_cudaGetDeviceCount,
            m_cabi_cudaDeviceGetAttribute,
            m_cabi_cudaGetLastError,
            m_hip_cudaGetDeviceCount,
            m_hip_cudaDeviceGetAttribute,
            m_hip_cudaGetLastError,
        ] {
            f();
        }
    }
    if let (Some(cublas), Ok(hipblas)) = (std::env::args().nth(3), std::env::var("PERCALL_HIPBLAS"))
    {
        cublas_loops(lib(&cublas), lib(&hipblas));
    }
    println!("{N} calls per loop");
}

/// The handle the cuBLAS loops pass: the stand-in hipBLAS never looks at it.
fn handle() -> cuda_as_hip::cublas::sys::cublasHandle_t {
    std::ptr::NonNull::dangling().as_ptr()
}

type Gemm = unsafe extern "C" fn(
    cuda_as_hip::cublas::sys::cublasHandle_t,
    u32,
    u32,
    c_int,
    c_int,
    c_int,
    *const f32,
    *const f32,
    c_int,
    *const f32,
    c_int,
    *const f32,
    *mut f32,
    c_int,
) -> u32;
type SetStream = unsafe extern "C" fn(cuda_as_hip::cublas::sys::cublasHandle_t, *mut c_void) -> u32;

/// `cublasSgemm_v2` and `cublasSetStream_v2` from libcublas (slot 0) and hipBLAS's (slot 1).
static GEMMS: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];
static STREAMS: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];
/// The GEMM's operands (a 2×2 product; the stand-in reads none of them).
static ONE: f32 = 1.0;
static A: [f32; 4] = [1.0; 4];

unsafe fn gemm(slot: usize) -> Gemm {
    unsafe { std::mem::transmute::<usize, Gemm>(GEMMS[slot].load(Relaxed)) }
}

unsafe fn set_stream(slot: usize) -> SetStream {
    unsafe { std::mem::transmute::<usize, SetStream>(STREAMS[slot].load(Relaxed)) }
}

/// `cublasSgemm_v2` (translated: two operations) and `cublasSetStream_v2` (direct, the stream
/// passed as HIP's) through the Rust API, `libcublas.so` and hipBLAS directly.
fn cublas_loops(cublas: &'static libloading::Library, hipblas: &'static libloading::Library) {
    use bl::cublasOperation_t::{CUBLAS_OP_N, CUBLAS_OP_T};
    use cuda_as_hip::cublas::sys as bl;
    unsafe {
        for (slots, name, hip) in [
            (&GEMMS, &b"cublasSgemm_v2\0"[..], &b"hipblasSgemm\0"[..]),
            (&STREAMS, b"cublasSetStream_v2\0", b"hipblasSetStream\0"),
        ] {
            let c: Sym<unsafe extern "C" fn()> = cublas.get(name).unwrap();
            let h: Sym<unsafe extern "C" fn()> = hipblas.get(hip).unwrap();
            slots[0].store(*c as usize, Relaxed);
            slots[1].store(*h as usize, Relaxed);
        }
        let null = std::ptr::null_mut();
        // Warm up: hipBLAS found, symbols resolved.
        let (a, c) = (A.as_ptr(), null);
        bl::cublasSgemm_v2(
            handle(),
            CUBLAS_OP_N,
            CUBLAS_OP_T,
            2,
            2,
            2,
            &ONE,
            a,
            2,
            a,
            2,
            &ONE,
            c,
            2,
        );
        bl::cublasSetStream_v2(handle(), std::ptr::null_mut());
        measure!(
            m_rust_cublasSgemm_v2,
            bl::cublasSgemm_v2(
                handle(),
                black_box(CUBLAS_OP_N),
                black_box(CUBLAS_OP_T),
                2,
                2,
                2,
                &ONE,
                A.as_ptr(),
                2,
                A.as_ptr(),
                2,
                &ONE,
                black_box(std::ptr::null_mut()),
                2
            )
        );
        // cuBLAS's CUBLAS_OP_N / CUBLAS_OP_T (0 / 1), and hipBLAS's (111 / 112).
        measure!(
            m_cabi_cublasSgemm_v2,
            gemm(0)(
                handle(),
                black_box(0),
                black_box(1),
                2,
                2,
                2,
                &ONE,
                A.as_ptr(),
                2,
                A.as_ptr(),
                2,
                &ONE,
                black_box(std::ptr::null_mut()),
                2
            )
        );
        measure!(
            m_hip_cublasSgemm_v2,
            gemm(1)(
                handle(),
                black_box(111),
                black_box(112),
                2,
                2,
                2,
                &ONE,
                A.as_ptr(),
                2,
                A.as_ptr(),
                2,
                &ONE,
                black_box(std::ptr::null_mut()),
                2
            )
        );
        measure!(
            m_rust_cublasSetStream_v2,
            bl::cublasSetStream_v2(handle(), black_box(std::ptr::null_mut()))
        );
        measure!(
            m_cabi_cublasSetStream_v2,
            set_stream(0)(handle(), black_box(std::ptr::null_mut()))
        );
        measure!(
            m_hip_cublasSetStream_v2,
            set_stream(1)(handle(), black_box(std::ptr::null_mut()))
        );
        for f in [
            m_rust_cublasSgemm_v2,
            m_cabi_cublasSgemm_v2,
            m_hip_cublasSgemm_v2,
            m_rust_cublasSetStream_v2,
            m_cabi_cublasSetStream_v2,
            m_hip_cublasSetStream_v2,
        ] {
            f();
        }
    }
}
