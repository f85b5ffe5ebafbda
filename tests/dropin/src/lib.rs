//! Drop-in proof: this crate is written against cudarc's `sys` API and builds unchanged against
//! the real [cudarc](https://crates.io/crates/cudarc) 0.19.10 and against `cuda-as-hip`.
//!
//! It calls every `sys::cu*` / `sys::nvrtc*` function that cudarc 0.19.10's own
//! `driver/result.rs`, `driver/safe/*.rs` and `nvrtc/result.rs` call ([`CALLED`]: 96 driver +
//! 7 NVRTC), each with the argument types cudarc passes, written the way cudarc writes the call
//! (`MaybeUninit` out-pointers, `flags as u32` on enums, struct literals such as
//! `sys::CUlaunchConfig { .. }`, `sys::CUmemLocation { .. }`,
//! `sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC { .. }`, `sys::CUctxCreateParams_st { .. }`, the
//! `sys::CUgraphInstantiate_flags` newtype with `.0` and `|`), and names every enum variant and
//! constant those files name ([`names`]). Results are compared with `==` against
//! `sys::CUresult::CUDA_SUCCESS` / `sys::nvrtcResult::NVRTC_SUCCESS`. Nothing here needs to run:
//! that it type-checks against both crates is the proof.
//!
//! The same holds for every `sys::cuda*` function cudarc's `runtime/result.rs` calls
//! ([`RUNTIME_CALLED`], [`runtime`]) and every `sys::curand*` function its `curand/result.rs`
//! calls ([`CURAND_CALLED`], [`curand`]); [`curand::variants`] makes a build fail if either
//! crate's cuRAND enums differ from curand.h's in a variant's name or value. Likewise every
//! `sys::cublas*` function its `cublas/result.rs` and `cublas/safe/*.rs` call ([`CUBLAS_CALLED`],
//! [`cublas`]), every `sys::nccl*` function its `nccl/result.rs` calls ([`NCCL_CALLED`],
//! [`nccl`]), every `sys::cufft*` function its `cufft/result.rs` calls ([`CUFFT_CALLED`],
//! [`cufft`]), every `sys::cusolver*` function its `cusolver/result.rs` calls
//! ([`CUSOLVER_CALLED`], [`cusolver`]), every `sys::cusolverMg*` function its
//! `cusolvermg/result.rs` calls ([`CUSOLVERMG_CALLED`], [`cusolvermg`]), and the two `sys::cusparse*` functions its
//! `cusparse/result.rs` calls ([`CUSPARSE_CALLED`], [`cusparse`]), and every `sys::cublasLt*`
//! function its `cublaslt/result.rs` calls ([`CUBLASLT_CALLED`], [`cublaslt`]).
//!
//! The only difference between the two builds is which crate the name `cudarc` refers to, chosen
//! by one Cargo dependency line (here a feature):
//!
//! ```text
//! cargo build -p dropin                                     # cudarc = cuda-as-hip (feature `shim`, default)
//! cargo build -p dropin --no-default-features --features real   # cudarc = cudarc 0.19.10 from crates.io
//! ```
//!
//! A cudarc user does the same with
//! `cudarc = { package = "cuda-as-hip", path = "…" }` in place of `cudarc = "0.19"`.
#![allow(clippy::missing_safety_doc, clippy::too_many_arguments)]

#[cfg(all(feature = "shim", feature = "real"))]
compile_error!(
    "dropin: pick one of the features `shim` (cuda-as-hip) and `real` (cudarc from crates.io), \
     e.g. `cargo build -p dropin --no-default-features --features real`"
);
#[cfg(not(any(feature = "shim", feature = "real")))]
compile_error!("dropin: enable one of the features `shim` (cuda-as-hip) or `real` (cudarc)");

#[cfg(all(feature = "real", not(feature = "shim")))]
extern crate real_cudarc as cudarc;

/// Every distinct `sys::cu*` / `sys::nvrtc*` function called in cudarc 0.19.10's
/// `src/driver/result.rs`, `src/driver/safe/*.rs` and `src/nvrtc/result.rs`, sorted.
///
/// Derived with, in cudarc-0.19.10/src:
///
/// ```text
/// grep -ohE 'sys::(cu|nvrtc)[A-Za-z0-9_]*\(' driver/result.rs driver/safe/*.rs nvrtc/result.rs \
///   | sed 's/^sys:://; s/($//' | sort -u
/// ```
///
/// 103 names: 96 `cu*` + 7 `nvrtc*`. (Without the `\(`, the same grep also finds the types
/// `sys::cudaError_enum`, `sys::nvrtcProgram` and `sys::nvrtcResult`; no call is split across
/// lines, and no file imports a function by name.) The tests check that this crate calls
/// exactly these.
pub const CALLED: &[&str] = &[
    "cuCtxCreate_v3",
    "cuCtxCreate_v4",
    "cuCtxDestroy_v2",
    "cuCtxGetCacheConfig",
    "cuCtxGetCurrent",
    "cuCtxGetLimit",
    "cuCtxGetStreamPriorityRange",
    "cuCtxSetCacheConfig",
    "cuCtxSetCurrent",
    "cuCtxSetFlags",
    "cuCtxSetLimit",
    "cuCtxSynchronize",
    "cuDestroyExternalMemory",
    "cuDeviceGet",
    "cuDeviceGetAttribute",
    "cuDeviceGetCount",
    "cuDeviceGetDefaultMemPool",
    "cuDeviceGetMemPool",
    "cuDeviceGetName",
    "cuDeviceGetUuid",
    "cuDeviceGetUuid_v2",
    "cuDevicePrimaryCtxRelease_v2",
    "cuDevicePrimaryCtxRetain",
    "cuDeviceSetMemPool",
    "cuDeviceTotalMem_v2",
    "cuEventCreate",
    "cuEventDestroy_v2",
    "cuEventElapsedTime",
    "cuEventElapsedTime_v2",
    "cuEventQuery",
    "cuEventRecord",
    "cuEventSynchronize",
    "cuExternalMemoryGetMappedBuffer",
    "cuFuncGetAttribute",
    "cuFuncSetAttribute",
    "cuFuncSetCacheConfig",
    "cuGetErrorName",
    "cuGetErrorString",
    "cuGraphDestroy",
    "cuGraphExecDestroy",
    "cuGraphInstantiateWithFlags",
    "cuGraphLaunch",
    "cuGraphUpload",
    "cuImportExternalMemory",
    "cuInit",
    "cuLaunchCooperativeKernel",
    "cuLaunchHostFunc",
    "cuLaunchKernel",
    "cuMemAdvise_v2",
    "cuMemAllocAsync",
    "cuMemAllocFromPoolAsync",
    "cuMemAllocManaged",
    "cuMemAlloc_v2",
    "cuMemFreeAsync",
    "cuMemFreeHost",
    "cuMemFree_v2",
    "cuMemGetInfo_v2",
    "cuMemHostAlloc",
    "cuMemPoolCreate",
    "cuMemPoolDestroy",
    "cuMemPoolGetAttribute",
    "cuMemPoolSetAttribute",
    "cuMemPoolTrimTo",
    "cuMemPrefetchAsync_v2",
    "cuMemcpyDtoDAsync_v2",
    "cuMemcpyDtoD_v2",
    "cuMemcpyDtoHAsync_v2",
    "cuMemcpyDtoH_v2",
    "cuMemcpyHtoDAsync_v2",
    "cuMemcpyHtoD_v2",
    "cuMemcpyPeerAsync",
    "cuMemsetD8Async",
    "cuMemsetD8_v2",
    "cuModuleGetFunction",
    "cuModuleGetGlobal_v2",
    "cuModuleLoad",
    "cuModuleLoadData",
    "cuModuleUnload",
    "cuOccupancyAvailableDynamicSMemPerBlock",
    "cuOccupancyMaxActiveBlocksPerMultiprocessor",
    "cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags",
    "cuOccupancyMaxActiveClusters",
    "cuOccupancyMaxPotentialBlockSize",
    "cuOccupancyMaxPotentialBlockSizeWithFlags",
    "cuOccupancyMaxPotentialClusterSize",
    "cuProfilerStart",
    "cuProfilerStop",
    "cuStreamAttachMemAsync",
    "cuStreamBeginCapture_v2",
    "cuStreamCreate",
    "cuStreamCreateWithPriority",
    "cuStreamDestroy_v2",
    "cuStreamEndCapture",
    "cuStreamIsCapturing",
    "cuStreamSynchronize",
    "cuStreamWaitEvent",
    "nvrtcCompileProgram",
    "nvrtcCreateProgram",
    "nvrtcDestroyProgram",
    "nvrtcGetPTX",
    "nvrtcGetPTXSize",
    "nvrtcGetProgramLog",
    "nvrtcGetProgramLogSize",
];

/// The driver API calls (`cudarc::driver::sys`), grouped like cudarc's `driver::result`.
pub mod driver {
    use cudarc::driver::sys;
    use std::ffi::{c_int, c_uchar, c_uint, c_void, CStr, CString};
    use std::mem::MaybeUninit;

    /// cudarc's `DriverError` derives exactly these on `sys::CUresult` (and prints it with
    /// `{:?}`).
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct DriverError(pub sys::CUresult);

    /// `CUresult` to `Result`, by `==` on the enum.
    pub fn check(r: sys::CUresult) -> Result<(), DriverError> {
        if r == sys::CUresult::CUDA_SUCCESS {
            Ok(())
        } else {
            Err(DriverError(r))
        }
    }

    impl DriverError {
        pub fn error_name(&self) -> Result<&CStr, DriverError> {
            let mut err_str = MaybeUninit::uninit();
            unsafe {
                check(sys::cuGetErrorName(self.0, err_str.as_mut_ptr()))?;
                Ok(CStr::from_ptr(err_str.assume_init()))
            }
        }

        pub fn error_string(&self) -> Result<&CStr, DriverError> {
            let mut err_str = MaybeUninit::uninit();
            unsafe {
                check(sys::cuGetErrorString(self.0, err_str.as_mut_ptr()))?;
                Ok(CStr::from_ptr(err_str.assume_init()))
            }
        }
    }

    pub fn init() -> Result<(), DriverError> {
        check(unsafe { sys::cuInit(0) })
    }

    pub mod device {
        use super::*;

        pub fn get(ordinal: c_int) -> Result<sys::CUdevice, DriverError> {
            let mut dev = MaybeUninit::uninit();
            unsafe {
                check(sys::cuDeviceGet(dev.as_mut_ptr(), ordinal))?;
                Ok(dev.assume_init())
            }
        }

        pub fn get_count() -> Result<c_int, DriverError> {
            let mut count = MaybeUninit::uninit();
            unsafe {
                check(sys::cuDeviceGetCount(count.as_mut_ptr()))?;
                Ok(count.assume_init())
            }
        }

        pub unsafe fn total_mem(dev: sys::CUdevice) -> Result<usize, DriverError> {
            let mut bytes = MaybeUninit::uninit();
            check(sys::cuDeviceTotalMem_v2(bytes.as_mut_ptr(), dev))?;
            Ok(bytes.assume_init())
        }

        pub unsafe fn get_attribute(
            dev: sys::CUdevice,
            attrib: sys::CUdevice_attribute,
        ) -> Result<i32, DriverError> {
            let mut value = MaybeUninit::uninit();
            check(sys::cuDeviceGetAttribute(value.as_mut_ptr(), attrib, dev))?;
            Ok(value.assume_init())
        }

        pub fn get_name(dev: sys::CUdevice) -> Result<String, DriverError> {
            const BUF_SIZE: usize = 128;
            let mut buf = [0u8; BUF_SIZE];
            unsafe {
                check(sys::cuDeviceGetName(
                    buf.as_mut_ptr() as _,
                    BUF_SIZE as _,
                    dev,
                ))?;
            }
            let name = CStr::from_bytes_until_nul(&buf).expect("No null byte was present");
            Ok(String::from_utf8_lossy(name.to_bytes()).into())
        }

        /// cudarc calls `cuDeviceGetUuid` for CUDA 11.4–12.9 and `cuDeviceGetUuid_v2` for 13.x.
        pub fn get_uuid(dev: sys::CUdevice) -> Result<sys::CUuuid, DriverError> {
            let mut uuid = MaybeUninit::uninit();
            unsafe {
                check(sys::cuDeviceGetUuid(uuid.as_mut_ptr(), dev))?;
                Ok(uuid.assume_init())
            }
        }

        pub fn get_uuid_v2(dev: sys::CUdevice) -> Result<sys::CUuuid, DriverError> {
            let mut uuid = MaybeUninit::uninit();
            unsafe {
                check(sys::cuDeviceGetUuid_v2(uuid.as_mut_ptr(), dev))?;
                Ok(uuid.assume_init())
            }
        }

        pub unsafe fn get_default_mem_pool(
            dev: sys::CUdevice,
        ) -> Result<sys::CUmemoryPool, DriverError> {
            let mut pool = MaybeUninit::uninit();
            check(sys::cuDeviceGetDefaultMemPool(pool.as_mut_ptr(), dev))?;
            Ok(pool.assume_init())
        }

        pub unsafe fn get_mem_pool(dev: sys::CUdevice) -> Result<sys::CUmemoryPool, DriverError> {
            let mut pool = MaybeUninit::uninit();
            check(sys::cuDeviceGetMemPool(pool.as_mut_ptr(), dev))?;
            Ok(pool.assume_init())
        }

        pub unsafe fn set_mem_pool(
            dev: sys::CUdevice,
            pool: sys::CUmemoryPool,
        ) -> Result<(), DriverError> {
            check(sys::cuDeviceSetMemPool(dev, pool))
        }
    }

    pub mod function {
        use super::*;
        use cudarc::driver::sys::{CUfunc_cache_enum, CUfunction_attribute_enum};

        pub unsafe fn get_function_attribute(
            f: sys::CUfunction,
            attribute: CUfunction_attribute_enum,
        ) -> Result<i32, DriverError> {
            let mut value = MaybeUninit::uninit();
            check(sys::cuFuncGetAttribute(value.as_mut_ptr(), attribute, f))?;
            Ok(value.assume_init())
        }

        pub unsafe fn set_function_attribute(
            f: sys::CUfunction,
            attribute: CUfunction_attribute_enum,
            value: i32,
        ) -> Result<(), DriverError> {
            check(sys::cuFuncSetAttribute(f, attribute, value))
        }

        pub unsafe fn set_function_cache_config(
            f: sys::CUfunction,
            attribute: CUfunc_cache_enum,
        ) -> Result<(), DriverError> {
            check(sys::cuFuncSetCacheConfig(f, attribute))
        }
    }

    pub mod occupancy {
        use super::*;

        pub unsafe fn available_dynamic_shared_mem_per_block(
            f: sys::CUfunction,
            num_blocks: c_int,
            block_size: c_int,
        ) -> Result<usize, DriverError> {
            let mut dynamic_smem_size = MaybeUninit::uninit();
            check(sys::cuOccupancyAvailableDynamicSMemPerBlock(
                dynamic_smem_size.as_mut_ptr(),
                f,
                num_blocks,
                block_size,
            ))?;
            Ok(dynamic_smem_size.assume_init())
        }

        pub unsafe fn max_active_block_per_multiprocessor(
            f: sys::CUfunction,
            block_size: c_int,
            dynamic_smem_size: usize,
        ) -> Result<i32, DriverError> {
            let mut num_blocks = MaybeUninit::uninit();
            check(sys::cuOccupancyMaxActiveBlocksPerMultiprocessor(
                num_blocks.as_mut_ptr(),
                f,
                block_size,
                dynamic_smem_size,
            ))?;
            Ok(num_blocks.assume_init())
        }

        pub unsafe fn max_active_block_per_multiprocessor_with_flags(
            f: sys::CUfunction,
            block_size: c_int,
            dynamic_smem_size: usize,
            flags: c_uint,
        ) -> Result<i32, DriverError> {
            let mut num_blocks = MaybeUninit::uninit();
            check(sys::cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
                num_blocks.as_mut_ptr(),
                f,
                block_size,
                dynamic_smem_size,
                flags,
            ))?;
            Ok(num_blocks.assume_init())
        }

        pub unsafe fn max_potential_block_size(
            f: sys::CUfunction,
            block_size_to_dynamic_smem_size: sys::CUoccupancyB2DSize,
            dynamic_smem_size: usize,
            block_size_limit: c_int,
        ) -> Result<(i32, i32), DriverError> {
            let mut min_grid_size = MaybeUninit::uninit();
            let mut block_size = MaybeUninit::uninit();
            check(sys::cuOccupancyMaxPotentialBlockSize(
                min_grid_size.as_mut_ptr(),
                block_size.as_mut_ptr(),
                f,
                block_size_to_dynamic_smem_size,
                dynamic_smem_size,
                block_size_limit,
            ))?;
            Ok((min_grid_size.assume_init(), block_size.assume_init()))
        }

        pub unsafe fn max_potential_block_size_with_flags(
            f: sys::CUfunction,
            block_size_to_dynamic_smem_size: sys::CUoccupancyB2DSize,
            dynamic_smem_size: usize,
            block_size_limit: c_int,
            flags: c_uint,
        ) -> Result<(i32, i32), DriverError> {
            let mut min_grid_size = MaybeUninit::uninit();
            let mut block_size = MaybeUninit::uninit();
            check(sys::cuOccupancyMaxPotentialBlockSizeWithFlags(
                min_grid_size.as_mut_ptr(),
                block_size.as_mut_ptr(),
                f,
                block_size_to_dynamic_smem_size,
                dynamic_smem_size,
                block_size_limit,
                flags,
            ))?;
            Ok((min_grid_size.assume_init(), block_size.assume_init()))
        }

        /// As cudarc's `CudaFunction::occupancy_max_active_blocks_per_multiprocessor`.
        pub unsafe fn max_active_blocks_with_occupancy_flags(
            f: sys::CUfunction,
            block_size: u32,
            dynamic_smem_size: usize,
            flags: Option<sys::CUoccupancy_flags_enum>,
        ) -> Result<u32, DriverError> {
            let mut num_blocks: c_int = 0;
            let flags = flags.unwrap_or(sys::CUoccupancy_flags_enum::CU_OCCUPANCY_DEFAULT);
            check(sys::cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
                &mut num_blocks,
                f,
                block_size as c_int,
                dynamic_smem_size,
                flags as c_uint,
            ))?;
            Ok(num_blocks as u32)
        }

        /// As cudarc's `CudaFunction::occupancy_max_potential_block_size`: a plain
        /// `extern "C" fn` passed as `Some(..)` for the `CUoccupancyB2DSize` argument.
        pub unsafe fn max_potential_block_size_with_occupancy_flags(
            f: sys::CUfunction,
            block_size_to_dynamic_smem_size: extern "C" fn(block_size: c_int) -> usize,
            dynamic_smem_size: usize,
            block_size_limit: u32,
            flags: Option<sys::CUoccupancy_flags_enum>,
        ) -> Result<(u32, u32), DriverError> {
            let mut min_grid_size: c_int = 0;
            let mut block_size: c_int = 0;
            let flags = flags.unwrap_or(sys::CUoccupancy_flags_enum::CU_OCCUPANCY_DEFAULT);
            check(sys::cuOccupancyMaxPotentialBlockSizeWithFlags(
                &mut min_grid_size,
                &mut block_size,
                f,
                Some(block_size_to_dynamic_smem_size),
                dynamic_smem_size,
                block_size_limit as c_int,
                flags as c_uint,
            ))?;
            Ok((min_grid_size as u32, block_size as u32))
        }

        /// The `sys::CUlaunchConfig` cudarc's `CudaFunction` builds for the cluster queries.
        pub fn launch_config(
            grid_dim: (u32, u32, u32),
            block_dim: (u32, u32, u32),
            shared_mem_bytes: u32,
            stream: sys::CUstream,
        ) -> sys::CUlaunchConfig {
            sys::CUlaunchConfig {
                gridDimX: grid_dim.0,
                gridDimY: grid_dim.1,
                gridDimZ: grid_dim.2,
                blockDimX: block_dim.0,
                blockDimY: block_dim.1,
                blockDimZ: block_dim.2,
                sharedMemBytes: shared_mem_bytes,
                hStream: stream,
                attrs: std::ptr::null_mut(),
                numAttrs: 0,
            }
        }

        pub unsafe fn max_active_clusters(
            f: sys::CUfunction,
            cfg: sys::CUlaunchConfig,
        ) -> Result<u32, DriverError> {
            let mut num_clusters: c_int = 0;
            check(sys::cuOccupancyMaxActiveClusters(
                &mut num_clusters,
                f,
                &cfg,
            ))?;
            Ok(num_clusters as u32)
        }

        pub unsafe fn max_potential_cluster_size(
            f: sys::CUfunction,
            cfg: sys::CUlaunchConfig,
        ) -> Result<u32, DriverError> {
            let mut cluster_size: c_int = 0;
            check(sys::cuOccupancyMaxPotentialClusterSize(
                &mut cluster_size,
                f,
                &cfg,
            ))?;
            Ok(cluster_size as u32)
        }
    }

    pub mod primary_ctx {
        use super::*;

        pub unsafe fn retain(dev: sys::CUdevice) -> Result<sys::CUcontext, DriverError> {
            let mut ctx = MaybeUninit::uninit();
            check(sys::cuDevicePrimaryCtxRetain(ctx.as_mut_ptr(), dev))?;
            Ok(ctx.assume_init())
        }

        pub unsafe fn release(dev: sys::CUdevice) -> Result<(), DriverError> {
            check(sys::cuDevicePrimaryCtxRelease_v2(dev))
        }
    }

    pub mod ctx {
        use super::*;

        pub unsafe fn create_v3(
            flags: c_uint,
            dev: sys::CUdevice,
        ) -> Result<sys::CUcontext, DriverError> {
            let mut ctx = MaybeUninit::uninit();
            check(sys::cuCtxCreate_v3(
                ctx.as_mut_ptr(),
                std::ptr::null_mut(),
                0,
                flags,
                dev,
            ))?;
            Ok(ctx.assume_init())
        }

        pub unsafe fn create_v4(
            ctx_create_params: *mut sys::CUctxCreateParams,
            flags: c_uint,
            dev: sys::CUdevice,
        ) -> Result<sys::CUcontext, DriverError> {
            let mut ctx = MaybeUninit::uninit();
            check(sys::cuCtxCreate_v4(
                ctx.as_mut_ptr(),
                ctx_create_params,
                flags,
                dev,
            ))?;
            Ok(ctx.assume_init())
        }

        /// As cudarc's `CudaContext::new_cig`.
        pub unsafe fn create_cig(
            flags: u32,
            cig_params: &mut sys::CUctxCigParam,
            dev: sys::CUdevice,
        ) -> Result<sys::CUcontext, DriverError> {
            let mut ctx_create_params = sys::CUctxCreateParams_st {
                execAffinityParams: std::ptr::null_mut(),
                numExecAffinityParams: 0,
                cigParams: cig_params as *mut sys::CUctxCigParam,
            };
            create_v4(&mut ctx_create_params, flags, dev)
        }

        /// As cudarc's `Drop for CudaContext` (non-primary contexts).
        pub unsafe fn destroy(ctx: sys::CUcontext) -> Result<(), DriverError> {
            check(sys::cuCtxDestroy_v2(ctx))
        }

        pub unsafe fn set_current(ctx: sys::CUcontext) -> Result<(), DriverError> {
            check(sys::cuCtxSetCurrent(ctx))
        }

        pub fn get_current() -> Result<Option<sys::CUcontext>, DriverError> {
            let mut ctx = MaybeUninit::uninit();
            unsafe {
                check(sys::cuCtxGetCurrent(ctx.as_mut_ptr()))?;
                let ctx: sys::CUcontext = ctx.assume_init();
                if ctx.is_null() {
                    Ok(None)
                } else {
                    Ok(Some(ctx))
                }
            }
        }

        pub fn set_flags(flags: sys::CUctx_flags) -> Result<(), DriverError> {
            check(unsafe { sys::cuCtxSetFlags(flags as u32) })
        }

        pub fn synchronize() -> Result<(), DriverError> {
            check(unsafe { sys::cuCtxSynchronize() })
        }

        pub fn get_limit(limit: sys::CUlimit) -> Result<usize, DriverError> {
            let mut value = MaybeUninit::uninit();
            unsafe {
                check(sys::cuCtxGetLimit(value.as_mut_ptr(), limit))?;
                Ok(value.assume_init())
            }
        }

        pub fn set_limit(limit: sys::CUlimit, value: usize) -> Result<(), DriverError> {
            check(unsafe { sys::cuCtxSetLimit(limit, value) })
        }

        pub fn get_cache_config() -> Result<sys::CUfunc_cache, DriverError> {
            let mut config = MaybeUninit::uninit();
            unsafe {
                check(sys::cuCtxGetCacheConfig(config.as_mut_ptr()))?;
                Ok(config.assume_init())
            }
        }

        pub fn set_cache_config(config: sys::CUfunc_cache) -> Result<(), DriverError> {
            check(unsafe { sys::cuCtxSetCacheConfig(config) })
        }
    }

    pub mod stream {
        use super::*;

        /// cudarc's `StreamKind::flags`.
        pub fn flags(non_blocking: bool) -> sys::CUstream_flags {
            if non_blocking {
                sys::CUstream_flags::CU_STREAM_NON_BLOCKING
            } else {
                sys::CUstream_flags::CU_STREAM_DEFAULT
            }
        }

        pub fn null() -> sys::CUstream {
            std::ptr::null_mut()
        }

        pub fn create(kind: sys::CUstream_flags) -> Result<sys::CUstream, DriverError> {
            let mut stream = MaybeUninit::uninit();
            unsafe {
                check(sys::cuStreamCreate(stream.as_mut_ptr(), kind as u32))?;
                Ok(stream.assume_init())
            }
        }

        pub fn create_with_priority(
            kind: sys::CUstream_flags,
            priority: i32,
        ) -> Result<sys::CUstream, DriverError> {
            let mut stream = MaybeUninit::uninit();
            unsafe {
                check(sys::cuStreamCreateWithPriority(
                    stream.as_mut_ptr(),
                    kind as u32,
                    priority,
                ))?;
                Ok(stream.assume_init())
            }
        }

        pub fn get_priority_range() -> Result<(i32, i32), DriverError> {
            let mut least = MaybeUninit::uninit();
            let mut greatest = MaybeUninit::uninit();
            unsafe {
                check(sys::cuCtxGetStreamPriorityRange(
                    least.as_mut_ptr(),
                    greatest.as_mut_ptr(),
                ))?;
                Ok((least.assume_init(), greatest.assume_init()))
            }
        }

        pub unsafe fn synchronize(stream: sys::CUstream) -> Result<(), DriverError> {
            check(sys::cuStreamSynchronize(stream))
        }

        pub unsafe fn destroy(stream: sys::CUstream) -> Result<(), DriverError> {
            check(sys::cuStreamDestroy_v2(stream))
        }

        pub unsafe fn wait_event(
            stream: sys::CUstream,
            event: sys::CUevent,
            flags: sys::CUevent_wait_flags,
        ) -> Result<(), DriverError> {
            check(sys::cuStreamWaitEvent(stream, event, flags as u32))
        }

        pub unsafe fn attach_mem_async(
            stream: sys::CUstream,
            dptr: sys::CUdeviceptr,
            num_bytes: usize,
            flags: sys::CUmemAttach_flags,
        ) -> Result<(), DriverError> {
            check(sys::cuStreamAttachMemAsync(
                stream,
                dptr,
                num_bytes,
                flags as u32,
            ))
        }

        pub unsafe fn launch_host_function(
            stream: sys::CUstream,
            func: unsafe extern "C" fn(*mut c_void),
            arg: *mut c_void,
        ) -> Result<(), DriverError> {
            check(sys::cuLaunchHostFunc(stream, Some(func), arg))
        }

        pub unsafe fn begin_capture(
            stream: sys::CUstream,
            mode: sys::CUstreamCaptureMode,
        ) -> Result<(), DriverError> {
            check(sys::cuStreamBeginCapture_v2(stream, mode))
        }

        pub unsafe fn end_capture(stream: sys::CUstream) -> Result<sys::CUgraph, DriverError> {
            let mut graph = MaybeUninit::uninit();
            check(sys::cuStreamEndCapture(stream, graph.as_mut_ptr()))?;
            Ok(graph.assume_init())
        }

        pub unsafe fn is_capturing(
            stream: sys::CUstream,
        ) -> Result<sys::CUstreamCaptureStatus, DriverError> {
            let mut status = MaybeUninit::uninit();
            check(sys::cuStreamIsCapturing(stream, status.as_mut_ptr()))?;
            Ok(status.assume_init())
        }
    }

    pub mod memory {
        use super::*;

        pub unsafe fn malloc_async(
            stream: sys::CUstream,
            num_bytes: usize,
        ) -> Result<sys::CUdeviceptr, DriverError> {
            let mut dev_ptr = MaybeUninit::uninit();
            check(sys::cuMemAllocAsync(
                dev_ptr.as_mut_ptr(),
                num_bytes,
                stream,
            ))?;
            Ok(dev_ptr.assume_init())
        }

        pub unsafe fn malloc_sync(num_bytes: usize) -> Result<sys::CUdeviceptr, DriverError> {
            let mut dev_ptr = MaybeUninit::uninit();
            check(sys::cuMemAlloc_v2(dev_ptr.as_mut_ptr(), num_bytes))?;
            Ok(dev_ptr.assume_init())
        }

        pub unsafe fn malloc_managed(
            num_bytes: usize,
            flags: sys::CUmemAttach_flags,
        ) -> Result<sys::CUdeviceptr, DriverError> {
            let mut dev_ptr = MaybeUninit::uninit();
            check(sys::cuMemAllocManaged(
                dev_ptr.as_mut_ptr(),
                num_bytes,
                flags as u32,
            ))?;
            Ok(dev_ptr.assume_init())
        }

        pub unsafe fn malloc_host(
            num_bytes: usize,
            flags: c_uint,
        ) -> Result<*mut c_void, DriverError> {
            let mut host_ptr = MaybeUninit::uninit();
            check(sys::cuMemHostAlloc(host_ptr.as_mut_ptr(), num_bytes, flags))?;
            Ok(host_ptr.assume_init())
        }

        /// The `CU_MEMHOSTALLOC_*` flags cudarc passes to [`malloc_host`].
        pub const HOST_ALLOC_FLAGS: [c_uint; 3] = [
            sys::CU_MEMHOSTALLOC_PORTABLE,
            sys::CU_MEMHOSTALLOC_DEVICEMAP,
            sys::CU_MEMHOSTALLOC_WRITECOMBINED,
        ];

        pub unsafe fn free_host(host_ptr: *mut c_void) -> Result<(), DriverError> {
            check(sys::cuMemFreeHost(host_ptr))
        }

        pub unsafe fn mem_advise(
            dptr: sys::CUdeviceptr,
            num_bytes: usize,
            advice: sys::CUmem_advise,
            location: sys::CUmemLocation,
        ) -> Result<(), DriverError> {
            check(sys::cuMemAdvise_v2(dptr, num_bytes, advice, location))
        }

        pub unsafe fn mem_prefetch_async(
            dptr: sys::CUdeviceptr,
            num_bytes: usize,
            location: sys::CUmemLocation,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemPrefetchAsync_v2(
                dptr, num_bytes, location, 0, stream,
            ))
        }

        /// The `sys::CUmemLocation` cudarc's `UnifiedSlice::prefetch` builds (CUDA 12.x shape),
        /// including its `match` on `sys::CUmemAttach_flags_enum`.
        pub fn prefetch_location(
            attach_mode: sys::CUmemAttach_flags,
            ordinal: usize,
        ) -> sys::CUmemLocation {
            match attach_mode {
                sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_GLOBAL
                | sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_SINGLE => sys::CUmemLocation {
                    type_: sys::CUmemLocationType::CU_MEM_LOCATION_TYPE_DEVICE,
                    id: ordinal as i32,
                },
                sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_HOST => sys::CUmemLocation {
                    type_: sys::CUmemLocationType::CU_MEM_LOCATION_TYPE_HOST_NUMA_CURRENT,
                    id: 0,
                },
            }
        }

        pub unsafe fn free_async(
            dptr: sys::CUdeviceptr,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemFreeAsync(dptr, stream))
        }

        pub unsafe fn free_sync(dptr: sys::CUdeviceptr) -> Result<(), DriverError> {
            check(sys::cuMemFree_v2(dptr))
        }

        pub unsafe fn memset_d8_async(
            dptr: sys::CUdeviceptr,
            uc: c_uchar,
            num_bytes: usize,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemsetD8Async(dptr, uc, num_bytes, stream))
        }

        pub unsafe fn memset_d8_sync(
            dptr: sys::CUdeviceptr,
            uc: c_uchar,
            num_bytes: usize,
        ) -> Result<(), DriverError> {
            check(sys::cuMemsetD8_v2(dptr, uc, num_bytes))
        }

        pub unsafe fn memcpy_htod_async<T>(
            dst: sys::CUdeviceptr,
            src: &[T],
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyHtoDAsync_v2(
                dst,
                src.as_ptr() as *const _,
                std::mem::size_of_val(src),
                stream,
            ))
        }

        pub unsafe fn memcpy_htod_sync<T>(
            dst: sys::CUdeviceptr,
            src: &[T],
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyHtoD_v2(
                dst,
                src.as_ptr() as *const _,
                std::mem::size_of_val(src),
            ))
        }

        pub unsafe fn memcpy_dtoh_async<T>(
            dst: &mut [T],
            src: sys::CUdeviceptr,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyDtoHAsync_v2(
                dst.as_mut_ptr() as *mut _,
                src,
                std::mem::size_of_val(dst),
                stream,
            ))
        }

        pub unsafe fn memcpy_dtoh_sync<T>(
            dst: &mut [T],
            src: sys::CUdeviceptr,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyDtoH_v2(
                dst.as_mut_ptr() as *mut _,
                src,
                std::mem::size_of_val(dst),
            ))
        }

        pub unsafe fn memcpy_dtod_async(
            dst: sys::CUdeviceptr,
            src: sys::CUdeviceptr,
            num_bytes: usize,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyDtoDAsync_v2(dst, src, num_bytes, stream))
        }

        pub unsafe fn memcpy_dtod_sync(
            dst: sys::CUdeviceptr,
            src: sys::CUdeviceptr,
            num_bytes: usize,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyDtoD_v2(dst, src, num_bytes))
        }

        pub unsafe fn memcpy_peer_async(
            dst_ctx: sys::CUcontext,
            dst: sys::CUdeviceptr,
            src_ctx: sys::CUcontext,
            src: sys::CUdeviceptr,
            num_bytes: usize,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuMemcpyPeerAsync(
                dst, dst_ctx, src, src_ctx, num_bytes, stream,
            ))
        }

        pub fn mem_get_info() -> Result<(usize, usize), DriverError> {
            let mut free = 0;
            let mut total = 0;
            check(unsafe { sys::cuMemGetInfo_v2(&mut free as *mut _, &mut total as *mut _) })?;
            Ok((free, total))
        }
    }

    pub mod module {
        use super::*;

        pub fn load(fname: CString) -> Result<sys::CUmodule, DriverError> {
            let fname_ptr = fname.as_c_str().as_ptr();
            let mut module = MaybeUninit::uninit();
            unsafe {
                check(sys::cuModuleLoad(module.as_mut_ptr(), fname_ptr))?;
                Ok(module.assume_init())
            }
        }

        pub unsafe fn load_data(image: *const c_void) -> Result<sys::CUmodule, DriverError> {
            let mut module = MaybeUninit::uninit();
            check(sys::cuModuleLoadData(module.as_mut_ptr(), image))?;
            Ok(module.assume_init())
        }

        pub unsafe fn get_function(
            module: sys::CUmodule,
            name: CString,
        ) -> Result<sys::CUfunction, DriverError> {
            let name_ptr = name.as_c_str().as_ptr();
            let mut func = MaybeUninit::uninit();
            check(sys::cuModuleGetFunction(
                func.as_mut_ptr(),
                module,
                name_ptr,
            ))?;
            Ok(func.assume_init())
        }

        pub unsafe fn get_global(
            module: sys::CUmodule,
            name: CString,
        ) -> Result<(sys::CUdeviceptr, usize), DriverError> {
            let name_ptr = name.as_c_str().as_ptr();
            let mut dptr = MaybeUninit::uninit();
            let mut bytes = MaybeUninit::uninit();
            check(sys::cuModuleGetGlobal_v2(
                dptr.as_mut_ptr(),
                bytes.as_mut_ptr(),
                module,
                name_ptr,
            ))?;
            Ok((dptr.assume_init(), bytes.assume_init()))
        }

        pub unsafe fn unload(module: sys::CUmodule) -> Result<(), DriverError> {
            check(sys::cuModuleUnload(module))
        }
    }

    pub mod event {
        use super::*;

        pub fn create(flags: sys::CUevent_flags) -> Result<sys::CUevent, DriverError> {
            let mut event = MaybeUninit::uninit();
            unsafe {
                check(sys::cuEventCreate(event.as_mut_ptr(), flags as u32))?;
                Ok(event.assume_init())
            }
        }

        pub unsafe fn record(
            event: sys::CUevent,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuEventRecord(event, stream))
        }

        /// cudarc calls `cuEventElapsedTime` for CUDA 11.4–12.9 and `cuEventElapsedTime_v2` for
        /// 13.x.
        pub unsafe fn elapsed(start: sys::CUevent, end: sys::CUevent) -> Result<f32, DriverError> {
            let mut ms: f32 = 0.0;
            check(sys::cuEventElapsedTime((&mut ms) as *mut _, start, end))?;
            Ok(ms)
        }

        pub unsafe fn elapsed_v2(
            start: sys::CUevent,
            end: sys::CUevent,
        ) -> Result<f32, DriverError> {
            let mut ms: f32 = 0.0;
            check(sys::cuEventElapsedTime_v2((&mut ms) as *mut _, start, end))?;
            Ok(ms)
        }

        /// As cudarc's `CudaEvent::try_is_complete`: `CUDA_ERROR_NOT_READY` is `Ok(false)`.
        pub unsafe fn query(event: sys::CUevent) -> Result<bool, DriverError> {
            match check(sys::cuEventQuery(event)) {
                Ok(()) => Ok(true),
                Err(DriverError(sys::CUresult::CUDA_ERROR_NOT_READY)) => Ok(false),
                Err(e) => Err(e),
            }
        }

        pub unsafe fn synchronize(event: sys::CUevent) -> Result<(), DriverError> {
            check(sys::cuEventSynchronize(event))
        }

        pub unsafe fn destroy(event: sys::CUevent) -> Result<(), DriverError> {
            check(sys::cuEventDestroy_v2(event))
        }
    }

    pub mod launch {
        use super::*;

        pub unsafe fn launch_kernel(
            f: sys::CUfunction,
            grid_dim: (c_uint, c_uint, c_uint),
            block_dim: (c_uint, c_uint, c_uint),
            shared_mem_bytes: c_uint,
            stream: sys::CUstream,
            kernel_params: &mut [*mut c_void],
        ) -> Result<(), DriverError> {
            check(sys::cuLaunchKernel(
                f,
                grid_dim.0,
                grid_dim.1,
                grid_dim.2,
                block_dim.0,
                block_dim.1,
                block_dim.2,
                shared_mem_bytes,
                stream,
                kernel_params.as_mut_ptr(),
                std::ptr::null_mut(),
            ))
        }

        pub unsafe fn launch_cooperative_kernel(
            f: sys::CUfunction,
            grid_dim: (c_uint, c_uint, c_uint),
            block_dim: (c_uint, c_uint, c_uint),
            shared_mem_bytes: c_uint,
            stream: sys::CUstream,
            kernel_params: &mut [*mut c_void],
        ) -> Result<(), DriverError> {
            check(sys::cuLaunchCooperativeKernel(
                f,
                grid_dim.0,
                grid_dim.1,
                grid_dim.2,
                block_dim.0,
                block_dim.1,
                block_dim.2,
                shared_mem_bytes,
                stream,
                kernel_params.as_mut_ptr(),
            ))
        }

        /// How cudarc's `LaunchArgs` pushes a device pointer argument.
        pub fn push_device_ptr(args: &mut Vec<*mut c_void>, ptr: &sys::CUdeviceptr) {
            args.push(ptr as *const sys::CUdeviceptr as _);
        }
    }

    pub mod external_memory {
        use super::*;

        #[cfg(unix)]
        pub unsafe fn import_external_memory_opaque_fd(
            fd: std::os::fd::RawFd,
            size: u64,
        ) -> Result<sys::CUexternalMemory, DriverError> {
            let mut external_memory = MaybeUninit::uninit();
            let handle_description = sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC {
                type_: sys::CUexternalMemoryHandleType::CU_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD,
                handle: sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC_st__bindgen_ty_1 { fd },
                size,
                flags: 0,
                reserved: [0; 16],
            };
            check(sys::cuImportExternalMemory(
                external_memory.as_mut_ptr(),
                &handle_description,
            ))?;
            Ok(external_memory.assume_init())
        }

        #[cfg(windows)]
        pub unsafe fn import_external_memory_opaque_win32(
            handle: std::os::windows::io::RawHandle,
            size: u64,
        ) -> Result<sys::CUexternalMemory, DriverError> {
            let mut external_memory = MaybeUninit::uninit();
            let handle_description = sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC {
                type_: sys::CUexternalMemoryHandleType::CU_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_WIN32,
                handle: sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC_st__bindgen_ty_1 {
                    win32: sys::CUDA_EXTERNAL_MEMORY_HANDLE_DESC_st__bindgen_ty_1__bindgen_ty_1 {
                        handle,
                        name: std::ptr::null(),
                    },
                },
                size,
                flags: 0,
                reserved: [0; 16],
            };
            check(sys::cuImportExternalMemory(
                external_memory.as_mut_ptr(),
                &handle_description,
            ))?;
            Ok(external_memory.assume_init())
        }

        pub unsafe fn destroy_external_memory(
            external_memory: sys::CUexternalMemory,
        ) -> Result<(), DriverError> {
            check(sys::cuDestroyExternalMemory(external_memory))
        }

        pub unsafe fn get_mapped_buffer(
            external_memory: sys::CUexternalMemory,
            offset: u64,
            size: u64,
        ) -> Result<sys::CUdeviceptr, DriverError> {
            let mut device_ptr = MaybeUninit::uninit();
            let buffer_description = sys::CUDA_EXTERNAL_MEMORY_BUFFER_DESC {
                offset,
                size,
                flags: 0,
                reserved: [0; 16],
            };
            check(sys::cuExternalMemoryGetMappedBuffer(
                device_ptr.as_mut_ptr(),
                external_memory,
                &buffer_description,
            ))?;
            Ok(device_ptr.assume_init())
        }
    }

    pub mod graph {
        use super::*;

        pub unsafe fn instantiate(
            graph: sys::CUgraph,
            flags: sys::CUgraphInstantiate_flags,
        ) -> Result<sys::CUgraphExec, DriverError> {
            let mut graph_exec = MaybeUninit::uninit();
            check(sys::cuGraphInstantiateWithFlags(
                graph_exec.as_mut_ptr(),
                graph,
                u64::from(flags.0),
            ))?;
            Ok(graph_exec.assume_init())
        }

        /// The flag values cudarc's graph code and tests build: the newtype's constructor, its
        /// associated constants and `|`.
        pub fn instantiate_flags() -> [sys::CUgraphInstantiate_flags; 3] {
            use cudarc::driver::sys::CUgraphInstantiate_flags as Flags;
            [
                Flags(0),
                Flags::CUDA_GRAPH_INSTANTIATE_FLAG_AUTO_FREE_ON_LAUNCH,
                Flags::CUDA_GRAPH_INSTANTIATE_FLAG_AUTO_FREE_ON_LAUNCH
                    | Flags::CUDA_GRAPH_INSTANTIATE_FLAG_USE_NODE_PRIORITY,
            ]
        }

        pub unsafe fn exec_destroy(graph_exec: sys::CUgraphExec) -> Result<(), DriverError> {
            check(sys::cuGraphExecDestroy(graph_exec))
        }

        pub unsafe fn destroy(graph: sys::CUgraph) -> Result<(), DriverError> {
            check(sys::cuGraphDestroy(graph))
        }

        pub unsafe fn launch(
            graph_exec: sys::CUgraphExec,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuGraphLaunch(graph_exec, stream))
        }

        pub unsafe fn upload(
            graph_exec: sys::CUgraphExec,
            stream: sys::CUstream,
        ) -> Result<(), DriverError> {
            check(sys::cuGraphUpload(graph_exec, stream))
        }
    }

    pub mod mem_pool {
        use super::*;

        pub unsafe fn create(
            pool_props: *const sys::CUmemPoolProps,
        ) -> Result<sys::CUmemoryPool, DriverError> {
            let mut pool = MaybeUninit::uninit();
            check(sys::cuMemPoolCreate(pool.as_mut_ptr(), pool_props))?;
            Ok(pool.assume_init())
        }

        pub unsafe fn destroy(pool: sys::CUmemoryPool) -> Result<(), DriverError> {
            check(sys::cuMemPoolDestroy(pool))
        }

        pub unsafe fn trim_to(
            pool: sys::CUmemoryPool,
            min_bytes_to_keep: usize,
        ) -> Result<(), DriverError> {
            check(sys::cuMemPoolTrimTo(pool, min_bytes_to_keep))
        }

        pub unsafe fn get_attribute(
            pool: sys::CUmemoryPool,
            attr: sys::CUmemPool_attribute,
            value: *mut c_void,
        ) -> Result<(), DriverError> {
            check(sys::cuMemPoolGetAttribute(pool, attr, value))
        }

        pub unsafe fn set_attribute(
            pool: sys::CUmemoryPool,
            attr: sys::CUmemPool_attribute,
            value: *mut c_void,
        ) -> Result<(), DriverError> {
            check(sys::cuMemPoolSetAttribute(pool, attr, value))
        }

        pub unsafe fn alloc_async(
            pool: sys::CUmemoryPool,
            num_bytes: usize,
            stream: sys::CUstream,
        ) -> Result<sys::CUdeviceptr, DriverError> {
            let mut dptr = MaybeUninit::uninit();
            check(sys::cuMemAllocFromPoolAsync(
                dptr.as_mut_ptr(),
                num_bytes,
                pool,
                stream,
            ))?;
            Ok(dptr.assume_init())
        }
    }

    pub mod profile {
        use super::*;

        pub fn profiler_start() -> Result<(), DriverError> {
            check(unsafe { sys::cuProfilerStart() })
        }

        pub fn profiler_stop() -> Result<(), DriverError> {
            check(unsafe { sys::cuProfilerStop() })
        }
    }

    /// The sys types cudarc keeps in its `#[derive(Debug)]` / `#[derive(Debug, Clone)]` structs
    /// (`CudaContext`, `CudaStream`, `CudaEvent`, `CudaSlice`, `CudaModule`, `CudaFunction`,
    /// `ExternalMemory`, `LaunchArgs`, `CudaGraph`, `UnifiedSlice`), so they need `Debug` and
    /// `Clone` here too.
    #[derive(Debug, Clone)]
    pub struct Held {
        pub cu_device: sys::CUdevice,
        pub cu_ctx: sys::CUcontext,
        pub cu_stream: sys::CUstream,
        pub cu_event: sys::CUevent,
        pub cu_device_ptr: sys::CUdeviceptr,
        pub cu_module: sys::CUmodule,
        pub cu_function: sys::CUfunction,
        pub external_memory: sys::CUexternalMemory,
        pub cu_graph: sys::CUgraph,
        pub cu_graph_exec: sys::CUgraphExec,
        pub flags: Option<sys::CUevent_flags>,
        pub attach_mode: sys::CUmemAttach_flags,
    }

    /// Every enum variant and constant that cudarc's driver code names, through the same paths
    /// (`sys::CUresult` and `sys::cudaError_enum`, `sys::CUdevice_attribute` and
    /// `sys::CUdevice_attribute_enum`…).
    pub mod names {
        use super::*;
        use cudarc::driver::sys::{CUfunc_cache_enum, CUfunction_attribute_enum};

        pub const RESULTS: [sys::CUresult; 6] = [
            sys::CUresult::CUDA_SUCCESS,
            sys::CUresult::CUDA_ERROR_INVALID_VALUE,
            sys::CUresult::CUDA_ERROR_NOT_READY,
            sys::CUresult::CUDA_ERROR_CAPTURED_EVENT,
            sys::cudaError_enum::CUDA_ERROR_INVALID_CONTEXT,
            sys::cudaError_enum::CUDA_ERROR_NOT_PERMITTED,
        ];

        pub const DEVICE_ATTRIBUTES: [sys::CUdevice_attribute; 5] = [
            sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
            sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
            sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_CONCURRENT_MANAGED_ACCESS,
            sys::CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY,
            sys::CUdevice_attribute_enum::CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED,
        ];

        pub const FUNCTION_ATTRIBUTES: [CUfunction_attribute_enum; 7] = [
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_NUM_REGS,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_PTX_VERSION,
            CUfunction_attribute_enum::CU_FUNC_ATTRIBUTE_BINARY_VERSION,
        ];

        /// `sys::CUfunc_cache` and `CUfunc_cache_enum` are one type.
        pub fn same_cache_type(c: CUfunc_cache_enum) -> sys::CUfunc_cache {
            c
        }

        pub const CTX_FLAGS: sys::CUctx_flags = sys::CUctx_flags::CU_CTX_SCHED_BLOCKING_SYNC;

        pub const EVENT_FLAGS: [sys::CUevent_flags; 3] = [
            sys::CUevent_flags::CU_EVENT_DEFAULT,
            sys::CUevent_flags::CU_EVENT_BLOCKING_SYNC,
            sys::CUevent_flags::CU_EVENT_DISABLE_TIMING,
        ];

        pub const EVENT_WAIT_FLAGS: sys::CUevent_wait_flags =
            sys::CUevent_wait_flags::CU_EVENT_WAIT_DEFAULT;

        pub const ATTACH_FLAGS: [sys::CUmemAttach_flags; 6] = [
            sys::CUmemAttach_flags::CU_MEM_ATTACH_GLOBAL,
            sys::CUmemAttach_flags::CU_MEM_ATTACH_HOST,
            sys::CUmemAttach_flags::CU_MEM_ATTACH_SINGLE,
            sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_GLOBAL,
            sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_HOST,
            sys::CUmemAttach_flags_enum::CU_MEM_ATTACH_SINGLE,
        ];

        pub const CAPTURE_MODE: sys::CUstreamCaptureMode =
            sys::CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_THREAD_LOCAL;

        pub const EXTERNAL_MEMORY_HANDLE_TYPES: [sys::CUexternalMemoryHandleType; 2] = [
            sys::CUexternalMemoryHandleType::CU_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD,
            sys::CUexternalMemoryHandleType::CU_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_WIN32,
        ];
    }
}

/// The NVRTC calls (`cudarc::nvrtc::sys`), as cudarc's `nvrtc::result`.
pub mod nvrtc {
    use cudarc::nvrtc::sys;
    use std::ffi::{c_char, c_int, CStr, CString};
    use std::mem::MaybeUninit;

    /// cudarc's `NvrtcError` derives exactly these on `sys::nvrtcResult`.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct NvrtcError(pub sys::nvrtcResult);

    /// `nvrtcResult` to `Result`, by `==` on the enum.
    pub fn check(r: sys::nvrtcResult) -> Result<(), NvrtcError> {
        if r == sys::nvrtcResult::NVRTC_SUCCESS {
            Ok(())
        } else {
            Err(NvrtcError(r))
        }
    }

    /// The error cudarc reports for a failed compile.
    pub const COMPILATION_ERROR: NvrtcError = NvrtcError(sys::nvrtcResult::NVRTC_ERROR_COMPILATION);

    pub fn create_program(
        src: &CStr,
        name: Option<&CStr>,
    ) -> Result<sys::nvrtcProgram, NvrtcError> {
        let mut prog = MaybeUninit::uninit();
        unsafe {
            check(sys::nvrtcCreateProgram(
                prog.as_mut_ptr(),
                src.as_ptr(),
                name.map(|n| n.as_ptr()).unwrap_or(std::ptr::null()),
                0,
                std::ptr::null(),
                std::ptr::null(),
            ))?;
            Ok(prog.assume_init())
        }
    }

    pub unsafe fn compile_program<O: Clone + Into<Vec<u8>>>(
        prog: sys::nvrtcProgram,
        options: &[O],
    ) -> Result<(), NvrtcError> {
        let c_strings: Vec<CString> = options
            .iter()
            .cloned()
            .map(|o| CString::new(o).unwrap())
            .collect();
        let c_strs: Vec<&CStr> = c_strings.iter().map(CString::as_c_str).collect();
        let opts: Vec<*const c_char> = c_strs.iter().cloned().map(CStr::as_ptr).collect();
        check(sys::nvrtcCompileProgram(
            prog,
            opts.len() as c_int,
            opts.as_ptr(),
        ))
    }

    pub unsafe fn destroy_program(prog: sys::nvrtcProgram) -> Result<(), NvrtcError> {
        check(sys::nvrtcDestroyProgram(&prog as *const _ as *mut _))
    }

    pub unsafe fn get_ptx(prog: sys::nvrtcProgram) -> Result<Vec<c_char>, NvrtcError> {
        let mut size: usize = 0;
        check(sys::nvrtcGetPTXSize(prog, &mut size as *mut _))?;
        let mut ptx_src: Vec<c_char> = vec![0; size];
        check(sys::nvrtcGetPTX(prog, ptx_src.as_mut_ptr()))?;
        Ok(ptx_src)
    }

    pub unsafe fn get_program_log(prog: sys::nvrtcProgram) -> Result<Vec<c_char>, NvrtcError> {
        let mut size: usize = 0;
        check(sys::nvrtcGetProgramLogSize(prog, &mut size as *mut _))?;
        let mut log_src: Vec<c_char> = vec![0; size];
        check(sys::nvrtcGetProgramLog(prog, log_src.as_mut_ptr()))?;
        Ok(log_src)
    }
}

/// Every distinct `sys::cuda*` function cudarc 0.19.10's `src/runtime/result.rs` calls under its
/// `cuda-12080` feature, sorted: the grep of [`CALLED`] on that file (39 names) less
/// `cudaGetDeviceProperties`, which cudarc calls only for CUDA 11 and 13 (`_v2` on CUDA 12).
pub const RUNTIME_CALLED: &[&str] = &[
    "cudaDestroyExternalMemory",
    "cudaDeviceGetAttribute",
    "cudaDeviceReset",
    "cudaDriverGetVersion",
    "cudaEventCreateWithFlags",
    "cudaEventDestroy",
    "cudaEventElapsedTime",
    "cudaEventRecord",
    "cudaExternalMemoryGetMappedBuffer",
    "cudaFree",
    "cudaFreeAsync",
    "cudaFuncGetAttributes",
    "cudaFuncSetAttribute",
    "cudaFuncSetCacheConfig",
    "cudaGetDevice",
    "cudaGetDeviceCount",
    "cudaGetDeviceProperties_v2",
    "cudaGetErrorName",
    "cudaGetErrorString",
    "cudaGetFuncBySymbol",
    "cudaImportExternalMemory",
    "cudaLaunchKernel",
    "cudaMalloc",
    "cudaMallocAsync",
    "cudaMemGetInfo",
    "cudaMemcpy",
    "cudaMemcpyAsync",
    "cudaMemset",
    "cudaMemsetAsync",
    "cudaOccupancyAvailableDynamicSMemPerBlock",
    "cudaOccupancyMaxActiveBlocksPerMultiprocessor",
    "cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags",
    "cudaRuntimeGetVersion",
    "cudaSetDevice",
    "cudaStreamCreateWithFlags",
    "cudaStreamDestroy",
    "cudaStreamSynchronize",
    "cudaStreamWaitEvent",
];

/// cudarc 0.19.10's `runtime/result.rs`, call by call, with its argument types.
pub mod runtime {
    use cudarc::runtime::sys;
    use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
    use std::mem::MaybeUninit;

    /// `cudaError_t` to `Result`, by `==` on the enum, as cudarc's `.result()`.
    pub fn check(r: sys::cudaError_t) -> Result<(), sys::cudaError_t> {
        match r == sys::cudaError_t::cudaSuccess {
            true => Ok(()),
            false => Err(r),
        }
    }

    pub fn error_name_and_string(e: sys::cudaError_t) -> (&'static CStr, &'static CStr) {
        unsafe {
            let name: *const c_char = sys::cudaGetErrorName(e);
            let text: *const c_char = sys::cudaGetErrorString(e);
            (CStr::from_ptr(name), CStr::from_ptr(text))
        }
    }

    /// The schedule flags cudarc names.
    pub const DEVICE_FLAGS: [u32; 7] = [
        sys::cudaDeviceScheduleAuto,
        sys::cudaDeviceScheduleSpin,
        sys::cudaDeviceScheduleYield,
        sys::cudaDeviceScheduleBlockingSync,
        sys::cudaDeviceMapHost,
        sys::cudaDeviceLmemResizeToMax,
        sys::cudaDeviceSyncMemops,
    ];

    pub fn versions() -> Result<(c_int, c_int), sys::cudaError_t> {
        let (mut runtime, mut driver) = (0, 0);
        unsafe {
            check(sys::cudaRuntimeGetVersion(&mut runtime))?;
            check(sys::cudaDriverGetVersion(&mut driver))?;
        }
        Ok((runtime, driver))
    }

    pub fn device(ordinal: c_int) -> Result<(c_int, c_int, sys::cudaDeviceProp), sys::cudaError_t> {
        let (mut device, mut count, mut prop) = (
            MaybeUninit::uninit(),
            MaybeUninit::uninit(),
            MaybeUninit::uninit(),
        );
        unsafe {
            check(sys::cudaSetDevice(ordinal))?;
            check(sys::cudaGetDevice(device.as_mut_ptr()))?;
            check(sys::cudaGetDeviceCount(count.as_mut_ptr()))?;
            check(sys::cudaGetDeviceProperties_v2(prop.as_mut_ptr(), ordinal))?;
            Ok((
                device.assume_init(),
                count.assume_init(),
                prop.assume_init(),
            ))
        }
    }

    pub fn attribute(attr: sys::cudaDeviceAttr, ordinal: c_int) -> Result<i32, sys::cudaError_t> {
        let mut value = MaybeUninit::uninit();
        unsafe {
            check(sys::cudaDeviceGetAttribute(
                value.as_mut_ptr(),
                attr,
                ordinal,
            ))?;
            Ok(value.assume_init())
        }
    }

    pub fn memory_info() -> Result<(usize, usize), sys::cudaError_t> {
        let (mut free, mut total) = (MaybeUninit::uninit(), MaybeUninit::uninit());
        unsafe {
            check(sys::cudaMemGetInfo(
                std::ptr::null_mut(),
                total.as_mut_ptr(),
            ))?;
            check(sys::cudaMemGetInfo(free.as_mut_ptr(), total.as_mut_ptr()))?;
            Ok((free.assume_init(), total.assume_init()))
        }
    }

    pub fn reset() -> Result<(), sys::cudaError_t> {
        unsafe { check(sys::cudaDeviceReset()) }
    }

    pub unsafe fn function(
        func: *const c_void,
        attribute: sys::cudaFuncAttribute,
        value: c_int,
        cache: sys::cudaFuncCache,
        symbol_ptr: *const c_void,
    ) -> Result<(sys::cudaFuncAttributes, sys::cudaFunction_t), sys::cudaError_t> {
        let (mut attr, mut by_symbol) = (MaybeUninit::uninit(), MaybeUninit::uninit());
        check(sys::cudaFuncSetAttribute(func, attribute, value))?;
        check(sys::cudaFuncGetAttributes(attr.as_mut_ptr(), func))?;
        check(sys::cudaFuncSetCacheConfig(func, cache))?;
        check(sys::cudaGetFuncBySymbol(by_symbol.as_mut_ptr(), symbol_ptr))?;
        Ok((attr.assume_init(), by_symbol.assume_init()))
    }

    pub unsafe fn occupancy(
        f: *const c_void,
        num_blocks: c_int,
        block_size: c_int,
        dynamic_smem_size: usize,
        flags: c_uint,
    ) -> Result<(usize, i32, i32), sys::cudaError_t> {
        let (mut smem, mut n, mut m) = (
            MaybeUninit::uninit(),
            MaybeUninit::uninit(),
            MaybeUninit::uninit(),
        );
        check(sys::cudaOccupancyAvailableDynamicSMemPerBlock(
            smem.as_mut_ptr(),
            f,
            num_blocks,
            block_size,
        ))?;
        check(sys::cudaOccupancyMaxActiveBlocksPerMultiprocessor(
            n.as_mut_ptr(),
            f,
            block_size,
            dynamic_smem_size,
        ))?;
        check(sys::cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
            m.as_mut_ptr(),
            f,
            block_size,
            dynamic_smem_size,
            flags,
        ))?;
        Ok((smem.assume_init(), n.assume_init(), m.assume_init()))
    }

    pub fn create_stream(non_blocking: bool) -> Result<sys::cudaStream_t, sys::cudaError_t> {
        let mut stream = MaybeUninit::uninit();
        let flags = match non_blocking {
            true => sys::cudaStreamNonBlocking,
            false => sys::cudaStreamDefault,
        };
        unsafe {
            check(sys::cudaStreamCreateWithFlags(stream.as_mut_ptr(), flags))?;
            Ok(stream.assume_init())
        }
    }

    pub unsafe fn streams_and_events(
        stream: sys::cudaStream_t,
        other: sys::cudaStream_t,
        flags: u32,
    ) -> Result<f32, sys::cudaError_t> {
        let (mut start, mut end) = (MaybeUninit::uninit(), MaybeUninit::uninit());
        check(sys::cudaEventCreateWithFlags(start.as_mut_ptr(), flags))?;
        check(sys::cudaEventCreateWithFlags(end.as_mut_ptr(), flags))?;
        let (start, end): (sys::cudaEvent_t, sys::cudaEvent_t) =
            (start.assume_init(), end.assume_init());
        check(sys::cudaEventRecord(start, stream))?;
        check(sys::cudaStreamWaitEvent(other, start, 0))?;
        check(sys::cudaEventRecord(end, stream))?;
        check(sys::cudaStreamSynchronize(stream))?;
        let mut ms: f32 = 0.0;
        check(sys::cudaEventElapsedTime((&mut ms) as *mut _, start, end))?;
        check(sys::cudaEventDestroy(start))?;
        check(sys::cudaEventDestroy(end))?;
        check(sys::cudaStreamDestroy(other))?;
        Ok(ms)
    }

    pub unsafe fn memory(
        host: &mut [u8],
        stream: sys::cudaStream_t,
    ) -> Result<(), sys::cudaError_t> {
        let bytes = host.len();
        let (mut a, mut b) = (MaybeUninit::uninit(), MaybeUninit::uninit());
        check(sys::cudaMalloc(a.as_mut_ptr(), bytes))?;
        check(sys::cudaMallocAsync(b.as_mut_ptr(), bytes, stream))?;
        let (a, b): (*mut c_void, *mut c_void) = (a.assume_init(), b.assume_init());
        check(sys::cudaMemset(a, 0xab_u8 as i32, bytes))?;
        check(sys::cudaMemsetAsync(b, 0, bytes, stream))?;
        let src = host.as_ptr() as *const c_void;
        check(sys::cudaMemcpy(
            a,
            src,
            bytes,
            sys::cudaMemcpyKind::cudaMemcpyHostToDevice,
        ))?;
        check(sys::cudaMemcpyAsync(
            b,
            a,
            bytes,
            sys::cudaMemcpyKind::cudaMemcpyDeviceToDevice,
            stream,
        ))?;
        let dst = host.as_mut_ptr() as *mut c_void;
        check(sys::cudaMemcpyAsync(
            dst,
            b,
            bytes,
            sys::cudaMemcpyKind::cudaMemcpyDeviceToHost,
            stream,
        ))?;
        check(sys::cudaFreeAsync(b, stream))?;
        check(sys::cudaFree(a))
    }

    pub unsafe fn launch_kernel(
        f: cudarc::driver::sys::CUfunction,
        grid_dim: (u32, u32, u32),
        block_dim: (u32, u32, u32),
        shared_mem_bytes: usize,
        stream: sys::cudaStream_t,
        kernel_params: &mut [*mut c_void],
    ) -> Result<(), sys::cudaError_t> {
        check(sys::cudaLaunchKernel(
            f as *const c_void,
            sys::dim3 {
                x: grid_dim.0,
                y: grid_dim.1,
                z: grid_dim.2,
            },
            sys::dim3 {
                x: block_dim.0,
                y: block_dim.1,
                z: block_dim.2,
            },
            kernel_params.as_mut_ptr(),
            shared_mem_bytes,
            stream,
        ))
    }

    pub unsafe fn external_memory(
        fd: std::os::fd::RawFd,
        size: u64,
        offset: u64,
    ) -> Result<*mut c_void, sys::cudaError_t> {
        let mut external_memory = MaybeUninit::uninit();
        let handle_description = sys::cudaExternalMemoryHandleDesc {
            type_: sys::cudaExternalMemoryHandleType::cudaExternalMemoryHandleTypeOpaqueFd,
            handle: sys::cudaExternalMemoryHandleDesc__bindgen_ty_1 { fd },
            size,
            flags: 0,
        };
        check(sys::cudaImportExternalMemory(
            external_memory.as_mut_ptr(),
            &handle_description,
        ))?;
        let external_memory: sys::cudaExternalMemory_t = external_memory.assume_init();
        let mut device_ptr = MaybeUninit::uninit();
        let buffer_description = sys::cudaExternalMemoryBufferDesc {
            offset,
            size,
            flags: 0,
        };
        check(sys::cudaExternalMemoryGetMappedBuffer(
            device_ptr.as_mut_ptr(),
            external_memory,
            &buffer_description,
        ))?;
        check(sys::cudaDestroyExternalMemory(external_memory))?;
        Ok(device_ptr.assume_init())
    }
}

/// Every distinct `sys::curand*` function cudarc 0.19.10's `src/curand/result.rs` and
/// `src/curand/safe.rs` call, sorted: the grep of [`CALLED`] with `curand` on those two files
/// (14 names, all in `result.rs`; `safe.rs`'s `CudaRng` calls them through `result`). Its
/// `curand/sys` needs no CUDA version feature, and names no function only under one.
pub const CURAND_CALLED: &[&str] = &[
    "curandCreateGenerator",
    "curandDestroyGenerator",
    "curandGenerate",
    "curandGenerateLogNormal",
    "curandGenerateLogNormalDouble",
    "curandGenerateLongLong",
    "curandGenerateNormal",
    "curandGenerateNormalDouble",
    "curandGeneratePoisson",
    "curandGenerateUniform",
    "curandGenerateUniformDouble",
    "curandSetGeneratorOffset",
    "curandSetPseudoRandomGeneratorSeed",
    "curandSetStream",
];

/// cudarc 0.19.10's `curand/result.rs`, call by call, with its argument types, fed the way its
/// `curand/safe.rs` (`CudaRng`) feeds them: a driver `CUstream` cast `as _` to cuRAND's
/// `cudaStream_t`, device pointers cast `as *mut T`.
pub mod curand {
    use cudarc::curand::sys;
    use cudarc::driver::sys::{CUdeviceptr, CUstream};
    use std::mem::MaybeUninit;

    /// cudarc's `CurandError` derives exactly these on `sys::curandStatus_t`.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct CurandError(pub sys::curandStatus_t);

    /// `curandStatus_t` to `Result`, by `match` on the enum, as cudarc's `.result()`.
    pub fn check(status: sys::curandStatus_t) -> Result<(), CurandError> {
        match status {
            sys::curandStatus_t::CURAND_STATUS_SUCCESS => Ok(()),
            _ => Err(CurandError(status)),
        }
    }

    /// cudarc's `create_generator` passes `CURAND_RNG_PSEUDO_DEFAULT` to `create_generator_kind`.
    pub const DEFAULT_KIND: sys::curandRngType_t = sys::curandRngType_t::CURAND_RNG_PSEUDO_DEFAULT;

    pub fn create_generator(
        kind: sys::curandRngType_t,
    ) -> Result<sys::curandGenerator_t, CurandError> {
        let mut generator = MaybeUninit::uninit();
        unsafe {
            check(sys::curandCreateGenerator(generator.as_mut_ptr(), kind))?;
            Ok(generator.assume_init())
        }
    }

    /// `CudaRng::new`, `set_seed` and `set_offset`: the generator on the driver stream.
    pub unsafe fn configure(
        generator: sys::curandGenerator_t,
        stream: CUstream,
        seed: u64,
        offset: u64,
    ) -> Result<(), CurandError> {
        check(sys::curandSetStream(generator, stream as _))?;
        check(sys::curandSetPseudoRandomGeneratorSeed(generator, seed))?;
        check(sys::curandSetGeneratorOffset(generator, offset))
    }

    /// `generate::uniform_u32`, `uniform_u64` and `poisson_u32`.
    pub unsafe fn fill_integers(
        generator: sys::curandGenerator_t,
        dst: CUdeviceptr,
        num: usize,
        lambda: f64,
    ) -> Result<(), CurandError> {
        check(sys::curandGenerate(generator, dst as *mut u32, num))?;
        check(sys::curandGenerateLongLong(generator, dst as *mut u64, num))?;
        check(sys::curandGeneratePoisson(
            generator,
            dst as *mut u32,
            num,
            lambda,
        ))
    }

    /// `generate::uniform_f32`, `normal_f32` and `log_normal_f32`.
    pub unsafe fn fill_f32(
        generator: sys::curandGenerator_t,
        dst: CUdeviceptr,
        num: usize,
        (mean, std): (f32, f32),
    ) -> Result<(), CurandError> {
        let out = dst as *mut f32;
        check(sys::curandGenerateUniform(generator, out, num))?;
        check(sys::curandGenerateNormal(generator, out, num, mean, std))?;
        check(sys::curandGenerateLogNormal(generator, out, num, mean, std))
    }

    /// `generate::uniform_f64`, `normal_f64` and `log_normal_f64`.
    pub unsafe fn fill_f64(
        generator: sys::curandGenerator_t,
        dst: CUdeviceptr,
        num: usize,
        (mean, std): (f64, f64),
    ) -> Result<(), CurandError> {
        let out = dst as *mut f64;
        check(sys::curandGenerateUniformDouble(generator, out, num))?;
        check(sys::curandGenerateNormalDouble(
            generator, out, num, mean, std,
        ))?;
        check(sys::curandGenerateLogNormalDouble(
            generator, out, num, mean, std,
        ))
    }

    /// `CudaRng`'s `Drop`: the generator swapped for null, destroyed unless already null.
    pub unsafe fn destroy_generator(
        generator: &mut sys::curandGenerator_t,
    ) -> Result<(), CurandError> {
        let generator = std::mem::replace(generator, std::ptr::null_mut());
        match generator.is_null() {
            true => Ok(()),
            false => check(sys::curandDestroyGenerator(generator)),
        }
    }

    /// Every variant of cuRAND's enums with curand.h's value. Each list builds an exhaustive
    /// `match`, so a build fails if either crate's enum lacks one of these names or has one
    /// more, and a constant check fails it if a value differs from curand.h's.
    pub mod variants {
        use super::sys;

        /// `$all`: the variants; `$value`: an exhaustive `match` to curand.h's value, checked
        /// against the enum's own discriminant when the crate builds.
        macro_rules! every_variant {
            ($enum:ident, $all:ident, $value:ident { $($variant:ident = $number:literal,)* }) => {
                pub const $all: &[sys::$enum] = &[$(sys::$enum::$variant),*];

                pub const fn $value(v: sys::$enum) -> u32 {
                    match v {
                        $(sys::$enum::$variant => $number,)*
                    }
                }

                const _: () = {
                    let mut i = 0;
                    while i < $all.len() {
                        assert!($all[i] as u32 == $value($all[i]));
                        i += 1;
                    }
                };
            };
        }

        every_variant!(curandStatus_t, STATUSES, status_value {
            CURAND_STATUS_SUCCESS = 0,
            CURAND_STATUS_VERSION_MISMATCH = 100,
            CURAND_STATUS_NOT_INITIALIZED = 101,
            CURAND_STATUS_ALLOCATION_FAILED = 102,
            CURAND_STATUS_TYPE_ERROR = 103,
            CURAND_STATUS_OUT_OF_RANGE = 104,
            CURAND_STATUS_LENGTH_NOT_MULTIPLE = 105,
            CURAND_STATUS_DOUBLE_PRECISION_REQUIRED = 106,
            CURAND_STATUS_LAUNCH_FAILURE = 201,
            CURAND_STATUS_PREEXISTING_FAILURE = 202,
            CURAND_STATUS_INITIALIZATION_FAILED = 203,
            CURAND_STATUS_ARCH_MISMATCH = 204,
            CURAND_STATUS_INTERNAL_ERROR = 999,
        });

        every_variant!(curandRngType_t, RNG_TYPES, rng_type_value {
            CURAND_RNG_TEST = 0,
            CURAND_RNG_PSEUDO_DEFAULT = 100,
            CURAND_RNG_PSEUDO_XORWOW = 101,
            CURAND_RNG_PSEUDO_MRG32K3A = 121,
            CURAND_RNG_PSEUDO_MTGP32 = 141,
            CURAND_RNG_PSEUDO_MT19937 = 142,
            CURAND_RNG_PSEUDO_PHILOX4_32_10 = 161,
            CURAND_RNG_QUASI_DEFAULT = 200,
            CURAND_RNG_QUASI_SOBOL32 = 201,
            CURAND_RNG_QUASI_SCRAMBLED_SOBOL32 = 202,
            CURAND_RNG_QUASI_SOBOL64 = 203,
            CURAND_RNG_QUASI_SCRAMBLED_SOBOL64 = 204,
        });

        // cudarc's `cuda-11040` build lacks CURAND_ORDERING_PSEUDO_DYNAMIC; its `cuda-12080`
        // has it.
        every_variant!(curandOrdering_t, ORDERINGS, ordering_value {
            CURAND_ORDERING_PSEUDO_BEST = 100,
            CURAND_ORDERING_PSEUDO_DEFAULT = 101,
            CURAND_ORDERING_PSEUDO_SEEDED = 102,
            CURAND_ORDERING_PSEUDO_LEGACY = 103,
            CURAND_ORDERING_PSEUDO_DYNAMIC = 104,
            CURAND_ORDERING_QUASI_DEFAULT = 201,
        });

        every_variant!(curandDirectionVectorSet_t, DIRECTION_VECTOR_SETS, vector_set_value {
            CURAND_DIRECTION_VECTORS_32_JOEKUO6 = 101,
            CURAND_SCRAMBLED_DIRECTION_VECTORS_32_JOEKUO6 = 102,
            CURAND_DIRECTION_VECTORS_64_JOEKUO6 = 103,
            CURAND_SCRAMBLED_DIRECTION_VECTORS_64_JOEKUO6 = 104,
        });

        every_variant!(curandMethod_t, METHODS, method_value {
            CURAND_CHOOSE_BEST = 0,
            CURAND_ITR = 1,
            CURAND_KNUTH = 2,
            CURAND_HITR = 3,
            CURAND_M1 = 4,
            CURAND_M2 = 5,
            CURAND_BINARY_SEARCH = 6,
            CURAND_DISCRETE_GAUSS = 7,
            CURAND_REJECTION = 8,
            CURAND_DEVICE_API = 9,
            CURAND_FAST_REJECTION = 10,
            CURAND_3RD = 11,
            CURAND_DEFINITION = 12,
            CURAND_POISSON = 13,
        });

        every_variant!(libraryPropertyType, LIBRARY_PROPERTIES, library_property_value {
            MAJOR_VERSION = 0,
            MINOR_VERSION = 1,
            PATCH_LEVEL = 2,
        });
    }
}

/// Every distinct `sys::cublas*` function cudarc 0.19.10's `src/cublas/result.rs` and
/// `src/cublas/safe/*.rs` call, sorted (its `hgemm` and `hgemm_strided_batched` look
/// `cublasHgemm` and `cublasHgemmStridedBatched` up by name instead: cublas_api.h declares them
/// for C++ only, and libcublas.so.12 exports them — `cabi/libcublas/tests/c_abi.rs`).
pub const CUBLAS_CALLED: &[&str] = &[
    "cublasCreate_v2",
    "cublasDasum_v2",
    "cublasDestroy_v2",
    "cublasDgemmStridedBatched",
    "cublasDgemm_v2",
    "cublasDgemv_v2",
    "cublasGemmEx",
    "cublasGemmGroupedBatchedEx",
    "cublasGemmStridedBatchedEx",
    "cublasGetPointerMode_v2",
    "cublasSasum_v2",
    "cublasSetPointerMode_v2",
    "cublasSetStream_v2",
    "cublasSgemmStridedBatched",
    "cublasSgemm_v2",
    "cublasSgemv_v2",
];

/// cudarc 0.19.10's `cublas/result.rs` and `cublas/safe/*.rs`, call by call, with its argument
/// types: a driver `CUstream` cast `as _` to cuBLAS's `cudaStream_t`, enums passed by value,
/// grouped GEMM arrays as `*const`.
pub mod cublas {
    use cudarc::cublas::sys;
    use cudarc::driver::sys::CUstream;
    use std::ffi::{c_int, c_longlong, c_void};
    use std::mem::MaybeUninit;

    /// cudarc's `CublasError` derives exactly these on `sys::cublasStatus_t`.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct CublasError(pub sys::cublasStatus_t);

    /// `cublasStatus_t` to `Result`, by `match` on the enum, as cudarc's `.result()`.
    pub fn check(status: sys::cublasStatus_t) -> Result<(), CublasError> {
        match status {
            sys::cublasStatus_t::CUBLAS_STATUS_SUCCESS => Ok(()),
            _ => Err(CublasError(status)),
        }
    }

    /// `CudaBlas::new`: a handle on the driver stream, host pointer mode.
    pub unsafe fn create(stream: CUstream) -> Result<sys::cublasHandle_t, CublasError> {
        let mut handle = MaybeUninit::uninit();
        check(sys::cublasCreate_v2(handle.as_mut_ptr()))?;
        let handle = handle.assume_init();
        check(sys::cublasSetStream_v2(handle, stream as _))?;
        let host = sys::cublasPointerMode_t::CUBLAS_POINTER_MODE_HOST;
        check(sys::cublasSetPointerMode_v2(handle, host))?;
        let mut mode = MaybeUninit::uninit();
        check(sys::cublasGetPointerMode_v2(handle, mode.as_mut_ptr()))?;
        Ok(handle)
    }

    /// `CudaBlas`'s `Drop`.
    pub unsafe fn destroy(handle: sys::cublasHandle_t) -> Result<(), CublasError> {
        check(sys::cublasDestroy_v2(handle))
    }

    /// `sgemv`, `dgemv`, `sasum`, `dasum` on one column-major matrix `a` (`m`×`n`).
    pub unsafe fn level2(
        handle: sys::cublasHandle_t,
        (m, n): (c_int, c_int),
        (a, x, y): (*const f32, *const f32, *mut f32),
        (ad, xd, yd): (*const f64, *const f64, *mut f64),
    ) -> Result<(), CublasError> {
        let trans = sys::cublasOperation_t::CUBLAS_OP_N;
        let (one, oned) = (1.0f32, 1.0f64);
        check(sys::cublasSgemv_v2(
            handle, trans, m, n, &one, a, m, x, 1, &one, y, 1,
        ))?;
        check(sys::cublasDgemv_v2(
            handle, trans, m, n, &oned, ad, m, xd, 1, &oned, yd, 1,
        ))?;
        check(sys::cublasSasum_v2(handle, n, x, 1, y))?;
        check(sys::cublasDasum_v2(handle, n, xd, 1, yd))
    }

    /// `sgemm`, `dgemm` and their strided-batched forms on square `n`×`n` matrices.
    pub unsafe fn gemms(
        handle: sys::cublasHandle_t,
        n: c_int,
        (a, c): (*const f32, *mut f32),
        (ad, cd): (*const f64, *mut f64),
        stride: c_longlong,
        batch: c_int,
    ) -> Result<(), CublasError> {
        let (op_n, op_t) = (
            sys::cublasOperation_t::CUBLAS_OP_N,
            sys::cublasOperation_t::CUBLAS_OP_T,
        );
        let (one, oned) = (1.0f32, 1.0f64);
        check(sys::cublasSgemm_v2(
            handle, op_n, op_t, n, n, n, &one, a, n, a, n, &one, c, n,
        ))?;
        check(sys::cublasDgemm_v2(
            handle, op_n, op_t, n, n, n, &oned, ad, n, ad, n, &oned, cd, n,
        ))?;
        check(sys::cublasSgemmStridedBatched(
            handle, op_n, op_n, n, n, n, &one, a, n, stride, a, n, stride, &one, c, n, stride,
            batch,
        ))?;
        check(sys::cublasDgemmStridedBatched(
            handle, op_n, op_n, n, n, n, &oned, ad, n, stride, ad, n, stride, &oned, cd, n, stride,
            batch,
        ))
    }

    /// `gemm_ex` and `gemm_strided_batched_ex` as cudarc's `Gemm<f16>` / `Gemm<bf16>` call them:
    /// `dtype` in and out, f32 accumulation, the default algorithm.
    pub unsafe fn gemm_ex(
        handle: sys::cublasHandle_t,
        n: c_int,
        (a, c): (*const c_void, *mut c_void),
        dtype: sys::cudaDataType,
        stride: c_longlong,
    ) -> Result<(), CublasError> {
        let op = sys::cublasOperation_t::CUBLAS_OP_N;
        let one = (&1.0f32 as *const f32).cast::<c_void>();
        let compute = sys::cublasComputeType_t::CUBLAS_COMPUTE_32F;
        let algo = sys::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT;
        check(sys::cublasGemmEx(
            handle, op, op, n, n, n, one, a, dtype, n, a, dtype, n, one, c, dtype, n, compute, algo,
        ))?;
        check(sys::cublasGemmStridedBatchedEx(
            handle, op, op, n, n, n, one, a, dtype, n, stride, a, dtype, n, stride, one, c, dtype,
            n, stride, 1, compute, algo,
        ))
    }

    /// `grouped_gemm`: one group of `count` `n`×`n` products, arrays passed as `*const`.
    pub unsafe fn grouped_gemm(
        handle: sys::cublasHandle_t,
        n: c_int,
        (a, c): (&[*const c_void], &[*mut c_void]),
        dtype: sys::cudaDataType_t,
    ) -> Result<(), CublasError> {
        let ops = [sys::cublasOperation_t::CUBLAS_OP_N];
        let dims = [n];
        let alpha = [1.0f32];
        let count = [a.len() as c_int];
        check(sys::cublasGemmGroupedBatchedEx(
            handle,
            ops.as_ptr(),
            ops.as_ptr(),
            dims.as_ptr(),
            dims.as_ptr(),
            dims.as_ptr(),
            alpha.as_ptr() as _,
            a.as_ptr() as _,
            dtype,
            dims.as_ptr(),
            a.as_ptr() as _,
            dtype,
            dims.as_ptr(),
            alpha.as_ptr() as _,
            c.as_ptr() as _,
            dtype,
            dims.as_ptr(),
            1,
            count.as_ptr(),
            sys::cublasComputeType_t::CUBLAS_COMPUTE_32F,
        ))
    }

    /// The data types cudarc's GEMMs name (f16, bf16) with library_types.h's values: a build
    /// fails if either crate's differ.
    pub const DTYPES: [(sys::cudaDataType_t, u32); 2] = [
        (sys::cudaDataType_t::CUDA_R_16F, 2),
        (sys::cudaDataType_t::CUDA_R_16BF, 14),
    ];
    const _: () = assert!(DTYPES[0].0 as u32 == DTYPES[0].1 && DTYPES[1].0 as u32 == DTYPES[1].1);
}

/// Every distinct `sys::nccl*` function cudarc 0.19.10's `src/nccl/result.rs` calls, sorted.
pub const NCCL_CALLED: &[&str] = &[
    "ncclAllGather",
    "ncclAllReduce",
    "ncclBroadcast",
    "ncclCommAbort",
    "ncclCommCount",
    "ncclCommCuDevice",
    "ncclCommDestroy",
    "ncclCommFinalize",
    "ncclCommInitAll",
    "ncclCommInitRank",
    "ncclCommInitRankConfig",
    "ncclCommSplit",
    "ncclCommUserRank",
    "ncclGetUniqueId",
    "ncclGetVersion",
    "ncclGroupEnd",
    "ncclGroupStart",
    "ncclRecv",
    "ncclRedOpCreatePreMulSum",
    "ncclRedOpDestroy",
    "ncclReduce",
    "ncclReduceScatter",
    "ncclSend",
];

/// cudarc 0.19.10's `nccl/result.rs`, call by call, with its argument types (`ncclUniqueId` by
/// value, `ncclConfig_t` by pointer, a driver `CUstream` cast `as _` to NCCL's `cudaStream_t`), and
/// its `result()` matching `ncclInProgress` and `ncclNumResults` as successes.
pub mod nccl {
    use cudarc::driver::sys::CUstream;
    use cudarc::nccl::sys;
    use std::ffi::{c_int, c_void};
    use std::mem::MaybeUninit;

    /// cudarc's `NcclStatus`: what it counts as success.
    #[derive(Clone, PartialEq, Eq, Debug)]
    pub enum NcclStatus {
        Success,
        InProgress,
        NumResults,
    }

    /// `ncclResult_t` to `Result`, by `match` on the enum, as cudarc's `.result()`.
    pub fn check(r: sys::ncclResult_t) -> Result<NcclStatus, sys::ncclResult_t> {
        match r {
            sys::ncclResult_t::ncclSuccess => Ok(NcclStatus::Success),
            sys::ncclResult_t::ncclInProgress => Ok(NcclStatus::InProgress),
            sys::ncclResult_t::ncclNumResults => Ok(NcclStatus::NumResults),
            _ => Err(r),
        }
    }

    /// `get_nccl_version` and `get_uniqueid`, then `Comm::from_rank`'s initialisations and
    /// queries on the communicator made.
    pub unsafe fn communicator(
        ranks: c_int,
        rank: c_int,
        config: *mut sys::ncclConfig_t,
    ) -> Result<sys::ncclComm_t, sys::ncclResult_t> {
        let mut version = 0;
        check(sys::ncclGetVersion(&mut version))?;
        let mut id = MaybeUninit::uninit();
        check(sys::ncclGetUniqueId(id.as_mut_ptr()))?;
        let id: sys::ncclUniqueId = id.assume_init();
        let copy = sys::ncclUniqueId {
            internal: id.internal,
        };
        let mut comm = MaybeUninit::uninit();
        check(sys::ncclCommInitRank(comm.as_mut_ptr(), ranks, copy, rank))?;
        check(sys::ncclCommInitRankConfig(
            comm.as_mut_ptr(),
            ranks,
            id,
            rank,
            config,
        ))?;
        let mut all = [std::ptr::null_mut(); 1];
        check(sys::ncclCommInitAll(all.as_mut_ptr(), 1, [0].as_ptr()))?;
        let comm = comm.assume_init();
        let (mut count, mut device, mut user) = (0, 0, 0);
        check(sys::ncclCommCount(comm, &mut count))?;
        check(sys::ncclCommCuDevice(comm, &mut device))?;
        check(sys::ncclCommUserRank(comm, &mut user))?;
        let mut split = MaybeUninit::uninit();
        check(sys::ncclCommSplit(
            comm,
            0,
            rank,
            split.as_mut_ptr(),
            config,
        ))?;
        Ok(comm)
    }

    /// The collectives and point-to-point calls `Comm` makes, in one group, on `stream`.
    pub unsafe fn collectives(
        comm: sys::ncclComm_t,
        (send, recv): (*const c_void, *mut c_void),
        count: usize,
        stream: CUstream,
    ) -> Result<NcclStatus, sys::ncclResult_t> {
        let (f32, sum) = (sys::ncclDataType_t::ncclFloat32, sys::ncclRedOp_t::ncclSum);
        let mut scalar = 2.0f32;
        let mut op = MaybeUninit::uninit();
        let host = sys::ncclScalarResidence_t::ncclScalarHostImmediate;
        let scalar = (&mut scalar as *mut f32).cast();
        check(sys::ncclRedOpCreatePreMulSum(
            op.as_mut_ptr(),
            scalar,
            f32,
            host,
            comm,
        ))?;
        let op = op.assume_init();
        check(sys::ncclGroupStart())?;
        check(sys::ncclAllReduce(
            send,
            recv,
            count,
            f32,
            sum,
            comm,
            stream as _,
        ))?;
        check(sys::ncclReduce(
            send,
            recv,
            count,
            f32,
            op,
            0,
            comm,
            stream as _,
        ))?;
        check(sys::ncclBroadcast(
            send,
            recv,
            count,
            f32,
            0,
            comm,
            stream as _,
        ))?;
        check(sys::ncclReduceScatter(
            send,
            recv,
            count,
            f32,
            sum,
            comm,
            stream as _,
        ))?;
        check(sys::ncclAllGather(
            send,
            recv,
            count,
            f32,
            comm,
            stream as _,
        ))?;
        check(sys::ncclSend(send, count, f32, 0, comm, stream as _))?;
        check(sys::ncclRecv(recv, count, f32, 0, comm, stream as _))?;
        check(sys::ncclGroupEnd())?;
        check(sys::ncclRedOpDestroy(op, comm))
    }

    /// `Comm`'s `Drop` and its abort.
    pub unsafe fn close(
        comm: sys::ncclComm_t,
        abort: bool,
    ) -> Result<NcclStatus, sys::ncclResult_t> {
        match abort {
            true => check(sys::ncclCommAbort(comm)),
            false => {
                check(sys::ncclCommFinalize(comm))?;
                check(sys::ncclCommDestroy(comm))
            }
        }
    }
}

/// Every distinct `sys::cufft*` function cudarc 0.19.10's `src/cufft/result.rs` calls (all of
/// cufft.h's), sorted.
pub const CUFFT_CALLED: &[&str] = &[
    "cufftCreate",
    "cufftDestroy",
    "cufftEstimate1d",
    "cufftEstimate2d",
    "cufftEstimate3d",
    "cufftEstimateMany",
    "cufftExecC2C",
    "cufftExecC2R",
    "cufftExecD2Z",
    "cufftExecR2C",
    "cufftExecZ2D",
    "cufftExecZ2Z",
    "cufftGetPlanPropertyInt64",
    "cufftGetProperty",
    "cufftGetSize",
    "cufftGetSize1d",
    "cufftGetSize2d",
    "cufftGetSize3d",
    "cufftGetSizeMany",
    "cufftGetSizeMany64",
    "cufftGetVersion",
    "cufftMakePlan1d",
    "cufftMakePlan2d",
    "cufftMakePlan3d",
    "cufftMakePlanMany",
    "cufftMakePlanMany64",
    "cufftPlan1d",
    "cufftPlan2d",
    "cufftPlan3d",
    "cufftPlanMany",
    "cufftResetPlanProperty",
    "cufftSetAutoAllocation",
    "cufftSetPlanPropertyInt64",
    "cufftSetStream",
    "cufftSetWorkArea",
];

/// cudarc 0.19.10's `cufft/result.rs`, call by call, with its argument types (plans are
/// `cufftHandle` integers, sizes `MaybeUninit<usize>`, 64-bit shapes `c_longlong`, a driver
/// `CUstream` cast `as _` to cuFFT's `cudaStream_t`), and its `result()` on `CUFFT_SUCCESS`.
pub mod cufft {
    use cudarc::cufft::sys;
    use cudarc::driver::sys::CUstream;
    use std::ffi::{c_int, c_longlong, c_void};
    use std::mem::MaybeUninit;

    /// `cufftResult` to `Result`, as cudarc's `.result()`.
    pub fn check(r: sys::cufftResult) -> Result<(), sys::cufftResult> {
        match r {
            sys::cufftResult::CUFFT_SUCCESS => Ok(()),
            _ => Err(r),
        }
    }

    /// The version queries, the size estimates and a plan of each kind `CudaFft` makes.
    pub unsafe fn plans(
        n: c_int,
        ty: sys::cufftType,
    ) -> Result<sys::cufftHandle, sys::cufftResult> {
        let mut v = MaybeUninit::uninit();
        check(sys::cufftGetVersion(v.as_mut_ptr()))?;
        let major = sys::libraryPropertyType::MAJOR_VERSION;
        check(sys::cufftGetProperty(major, v.as_mut_ptr()))?;
        let mut size = MaybeUninit::uninit();
        let mut dims = [n, n, n];
        let mut dims64 = [n as c_longlong; 3];
        let null = std::ptr::null_mut();
        check(sys::cufftEstimate1d(n, ty, 1, size.as_mut_ptr()))?;
        check(sys::cufftEstimate2d(n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftEstimate3d(n, n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftEstimateMany(
            1,
            dims.as_mut_ptr(),
            null,
            1,
            n,
            null,
            1,
            n,
            ty,
            1,
            size.as_mut_ptr(),
        ))?;
        let mut plan = MaybeUninit::uninit();
        check(sys::cufftPlan1d(plan.as_mut_ptr(), n, ty, 1))?;
        check(sys::cufftPlan2d(plan.as_mut_ptr(), n, n, ty))?;
        check(sys::cufftPlan3d(plan.as_mut_ptr(), n, n, n, ty))?;
        check(sys::cufftPlanMany(
            plan.as_mut_ptr(),
            1,
            dims.as_mut_ptr(),
            null,
            1,
            n,
            null,
            1,
            n,
            ty,
            1,
        ))?;
        check(sys::cufftCreate(plan.as_mut_ptr()))?;
        let plan = plan.assume_init();
        check(sys::cufftSetAutoAllocation(plan, 0))?;
        check(sys::cufftGetSize1d(plan, n, ty, 1, size.as_mut_ptr()))?;
        check(sys::cufftGetSize2d(plan, n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftGetSize3d(plan, n, n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftGetSizeMany(
            plan,
            1,
            dims.as_mut_ptr(),
            null,
            1,
            n,
            null,
            1,
            n,
            ty,
            1,
            size.as_mut_ptr(),
        ))?;
        let d64 = dims64.as_mut_ptr();
        let (one, n64) = (1 as c_longlong, n as c_longlong);
        check(sys::cufftGetSizeMany64(
            plan,
            1,
            d64,
            std::ptr::null_mut(),
            one,
            n64,
            std::ptr::null_mut(),
            one,
            n64,
            ty,
            one,
            size.as_mut_ptr(),
        ))?;
        check(sys::cufftMakePlan1d(plan, n, ty, 1, size.as_mut_ptr()))?;
        check(sys::cufftMakePlan2d(plan, n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftMakePlan3d(plan, n, n, n, ty, size.as_mut_ptr()))?;
        check(sys::cufftMakePlanMany(
            plan,
            1,
            dims.as_mut_ptr(),
            null,
            1,
            n,
            null,
            1,
            n,
            ty,
            1,
            size.as_mut_ptr(),
        ))?;
        check(sys::cufftMakePlanMany64(
            plan,
            1,
            d64,
            std::ptr::null_mut(),
            one,
            n64,
            std::ptr::null_mut(),
            one,
            n64,
            ty,
            one,
            size.as_mut_ptr(),
        ))?;
        check(sys::cufftGetSize(plan, size.as_mut_ptr()))?;
        Ok(plan)
    }

    /// The plan properties, the stream and work area, each transform, and the destroy.
    pub unsafe fn run(
        plan: sys::cufftHandle,
        stream: CUstream,
        work: *mut c_void,
        (c, z): (*mut sys::cufftComplex, *mut sys::cufftDoubleComplex),
        (r, d): (*mut sys::cufftReal, *mut sys::cufftDoubleReal),
    ) -> Result<(), sys::cufftResult> {
        let jit = sys::cufftProperty::NVFFT_PLAN_PROPERTY_INT64_PATIENT_JIT;
        let mut value = MaybeUninit::uninit();
        check(sys::cufftSetPlanPropertyInt64(plan, jit, 1))?;
        check(sys::cufftGetPlanPropertyInt64(
            plan,
            jit,
            value.as_mut_ptr(),
        ))?;
        check(sys::cufftResetPlanProperty(plan, jit))?;
        check(sys::cufftSetStream(plan, stream as _))?;
        check(sys::cufftSetWorkArea(plan, work))?;
        check(sys::cufftExecC2C(plan, c, c, -1 as c_int))?; // cudarc's FftDirection::Forward as c_int
        check(sys::cufftExecR2C(plan, r, c))?;
        check(sys::cufftExecC2R(plan, c, r))?;
        check(sys::cufftExecZ2Z(plan, z, z, 1 as c_int))?; // FftDirection::Inverse
        check(sys::cufftExecD2Z(plan, d, z))?;
        check(sys::cufftExecZ2D(plan, z, d))?;
        check(sys::cufftDestroy(plan))
    }
}

/// Every distinct `sys::cusolver*` function cudarc 0.19.10's `src/cusolver/result.rs` calls, sorted.
pub const CUSOLVER_CALLED: &[&str] = &[
    "cusolverDnCreate",
    "cusolverDnCreateParams",
    "cusolverDnDestroy",
    "cusolverDnDestroyParams",
    "cusolverDnGetDeterministicMode",
    "cusolverDnSetAdvOptions",
    "cusolverDnSetDeterministicMode",
    "cusolverDnSetStream",
    "cusolverRfCreate",
    "cusolverRfDestroy",
    "cusolverRfSetAlgs",
    "cusolverRfSetMatrixFormat",
    "cusolverRfSetNumericProperties",
    "cusolverRfSetResetValuesFastMode",
    "cusolverSpCreate",
    "cusolverSpDestroy",
    "cusolverSpSetStream",
];

/// cudarc 0.19.10's `cusolver/result.rs`, call by call, with its argument types (handles by
/// `MaybeUninit`, a driver `CUstream` cast `as _` to cuSOLVER's `cudaStream_t`, the refactorization
/// settings as enums and `f64`s), and its `result()` on `CUSOLVER_STATUS_SUCCESS`.
pub mod cusolver {
    use cudarc::cusolver::sys;
    use cudarc::driver::sys::CUstream;
    use std::mem::MaybeUninit;

    /// `cusolverStatus_t` to `Result`, as cudarc's `.result()`.
    pub fn check(r: sys::cusolverStatus_t) -> Result<(), sys::cusolverStatus_t> {
        match r {
            sys::cusolverStatus_t::CUSOLVER_STATUS_SUCCESS => Ok(()),
            _ => Err(r),
        }
    }

    /// The dense API's handle, stream, deterministic mode and advanced options.
    pub unsafe fn dense(stream: CUstream) -> Result<(), sys::cusolverStatus_t> {
        let mut handle = MaybeUninit::uninit();
        check(sys::cusolverDnCreate(handle.as_mut_ptr()))?;
        let handle = handle.assume_init();
        check(sys::cusolverDnSetStream(handle, stream as _))?;
        let mut mode = MaybeUninit::uninit();
        check(sys::cusolverDnGetDeterministicMode(
            handle,
            mode.as_mut_ptr(),
        ))?;
        let deterministic = sys::cusolverDeterministicMode_t::CUSOLVER_DETERMINISTIC_RESULTS;
        check(sys::cusolverDnSetDeterministicMode(handle, deterministic))?;
        let mut params = MaybeUninit::uninit();
        check(sys::cusolverDnCreateParams(params.as_mut_ptr()))?;
        let params = params.assume_init();
        let (getrf, alg) = (
            sys::cusolverDnFunction_t::CUSOLVERDN_GETRF,
            sys::cusolverAlgMode_t::CUSOLVER_ALG_0,
        );
        check(sys::cusolverDnSetAdvOptions(params, getrf, alg))?;
        check(sys::cusolverDnDestroyParams(params))?;
        check(sys::cusolverDnDestroy(handle))
    }

    /// The sparse and refactorization APIs' handles and settings.
    pub unsafe fn sparse_and_refactorization(
        stream: CUstream,
    ) -> Result<(), sys::cusolverStatus_t> {
        let mut sp = MaybeUninit::uninit();
        check(sys::cusolverSpCreate(sp.as_mut_ptr()))?;
        let sp = sp.assume_init();
        check(sys::cusolverSpSetStream(sp, stream as _))?;
        check(sys::cusolverSpDestroy(sp))?;
        let mut rf = MaybeUninit::uninit();
        check(sys::cusolverRfCreate(rf.as_mut_ptr()))?;
        let rf = rf.assume_init();
        check(sys::cusolverRfSetMatrixFormat(
            rf,
            sys::cusolverRfMatrixFormat_t::CUSOLVERRF_MATRIX_FORMAT_CSR,
            sys::cusolverRfUnitDiagonal_t::CUSOLVERRF_UNIT_DIAGONAL_STORED_L,
        ))?;
        check(sys::cusolverRfSetNumericProperties(rf, 0.0, 0.0))?;
        let fast = sys::cusolverRfResetValuesFastMode_t::CUSOLVERRF_RESET_VALUES_FAST_MODE_ON;
        check(sys::cusolverRfSetResetValuesFastMode(rf, fast))?;
        check(sys::cusolverRfSetAlgs(
            rf,
            sys::cusolverRfFactorization_t::CUSOLVERRF_FACTORIZATION_ALG0,
            sys::cusolverRfTriangularSolve_t::CUSOLVERRF_TRIANGULAR_SOLVE_ALG1,
        ))?;
        check(sys::cusolverRfDestroy(rf))
    }
}

/// Every distinct `sys::cusolverMg*` function cudarc 0.19.10's `src/cusolvermg/result.rs` calls,
/// sorted.
pub const CUSOLVERMG_CALLED: &[&str] = &[
    "cusolverMgCreate",
    "cusolverMgCreateDeviceGrid",
    "cusolverMgCreateMatrixDesc",
    "cusolverMgDestroy",
    "cusolverMgDestroyGrid",
    "cusolverMgDestroyMatrixDesc",
    "cusolverMgDeviceSelect",
];

/// cudarc 0.19.10's `cusolvermg/result.rs`, call by call: a handle, its devices, a one-row grid
/// and a matrix descriptor on it (the element type as `sys::cudaDataType`), each by `MaybeUninit`.
pub mod cusolvermg {
    use cudarc::cusolvermg::sys;
    use std::mem::MaybeUninit;

    /// `cusolverStatus_t` to `Result`, as cudarc's `.result()` (its module's own status type).
    pub fn check(r: sys::cusolverStatus_t) -> Result<(), sys::cusolverStatus_t> {
        match r {
            sys::cusolverStatus_t::CUSOLVER_STATUS_SUCCESS => Ok(()),
            _ => Err(r),
        }
    }

    pub unsafe fn handle_grid_and_matrix(devices: &[i32]) -> Result<(), sys::cusolverStatus_t> {
        let mut handle = MaybeUninit::uninit();
        check(sys::cusolverMgCreate(handle.as_mut_ptr()))?;
        let handle = handle.assume_init();
        check(sys::cusolverMgDeviceSelect(
            handle,
            devices.len() as i32,
            devices.as_ptr() as _,
        ))?;
        let mut grid = MaybeUninit::uninit();
        let mapping = sys::cusolverMgGridMapping_t::CUDALIBMG_GRID_MAPPING_COL_MAJOR;
        check(sys::cusolverMgCreateDeviceGrid(
            grid.as_mut_ptr(),
            1,
            devices.len() as i32,
            devices.as_ptr(),
            mapping,
        ))?;
        let grid = grid.assume_init();
        let mut desc = MaybeUninit::uninit();
        let dtype = sys::cudaDataType::CUDA_R_64F;
        check(sys::cusolverMgCreateMatrixDesc(
            desc.as_mut_ptr(),
            8,
            8,
            8,
            2,
            dtype,
            grid,
        ))?;
        check(sys::cusolverMgDestroyMatrixDesc(desc.assume_init()))?;
        check(sys::cusolverMgDestroyGrid(grid))?;
        check(sys::cusolverMgDestroy(handle))
    }
}

/// Every distinct `sys::cusparse*` function cudarc 0.19.10's `src/cusparse/result.rs` calls, sorted.
pub const CUSPARSE_CALLED: &[&str] = &["cusparseCreate", "cusparseDestroy"];

/// cudarc 0.19.10's `cusparse/result.rs`: a handle made by `MaybeUninit` and destroyed, `result()`
/// on `CUSPARSE_STATUS_SUCCESS`.
pub mod cusparse {
    use cudarc::cusparse::sys;
    use std::mem::MaybeUninit;

    pub unsafe fn handle() -> Result<(), sys::cusparseStatus_t> {
        let check = |r| match r {
            sys::cusparseStatus_t::CUSPARSE_STATUS_SUCCESS => Ok(()),
            r => Err(r),
        };
        let mut handle = MaybeUninit::uninit();
        check(sys::cusparseCreate(handle.as_mut_ptr()))?;
        check(sys::cusparseDestroy(handle.assume_init()))
    }
}

/// Every distinct `sys::cublasLt*` function cudarc 0.19.10's `src/cublaslt/result.rs` calls, sorted.
pub const CUBLASLT_CALLED: &[&str] = &[
    "cublasLtCreate",
    "cublasLtDestroy",
    "cublasLtMatmul",
    "cublasLtMatmulAlgoGetHeuristic",
    "cublasLtMatmulDescCreate",
    "cublasLtMatmulDescDestroy",
    "cublasLtMatmulDescSetAttribute",
    "cublasLtMatmulPreferenceCreate",
    "cublasLtMatmulPreferenceDestroy",
    "cublasLtMatmulPreferenceSetAttribute",
    "cublasLtMatrixLayoutCreate",
    "cublasLtMatrixLayoutDestroy",
    "cublasLtMatrixLayoutSetAttribute",
];

/// cudarc 0.19.10's `cublaslt/result.rs`, call for call: a handle, a matmul descriptor with its
/// transposes and epilogue set, layouts with their batch attributes, a preference with its
/// workspace size, the heuristic's first algorithm, and the matmul with it.
pub mod cublaslt {
    use cudarc::cublaslt::sys;
    use std::ffi::c_void;
    use std::mem::MaybeUninit;

    fn check(r: sys::cublasStatus_t) -> Result<(), sys::cublasStatus_t> {
        match r {
            sys::cublasStatus_t::CUBLAS_STATUS_SUCCESS => Ok(()),
            r => Err(r),
        }
    }

    /// The layouts of an `m`×`k` A, `k`×`n` B and `m`×`n` C (= D) in f32, batched as cudarc sets it.
    unsafe fn layouts(
        m: u64,
        n: u64,
        k: u64,
    ) -> Result<[sys::cublasLtMatrixLayout_t; 3], sys::cublasStatus_t> {
        let mut out = [std::ptr::null_mut(); 3];
        for (layout, (rows, cols)) in out.iter_mut().zip([(m, k), (k, n), (m, n)]) {
            let mut l = MaybeUninit::uninit();
            let f32 = sys::cudaDataType::CUDA_R_32F;
            check(sys::cublasLtMatrixLayoutCreate(
                l.as_mut_ptr(),
                f32,
                rows,
                cols,
                rows as i64,
            ))?;
            *layout = l.assume_init();
            let batch = 1i32;
            let attr = sys::cublasLtMatrixLayoutAttribute_t::CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT;
            let size = std::mem::size_of_val(&batch);
            check(sys::cublasLtMatrixLayoutSetAttribute(
                *layout,
                attr,
                (&batch as *const i32).cast(),
                size,
            ))?;
        }
        Ok(out)
    }

    /// D = A·B through cuBLASLt on `stream`, as cudarc's `CudaBlasLT::matmul` makes it.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn matmul(
        stream: sys::cudaStream_t,
        (m, n, k): (u64, u64, u64),
        (a, b, d): (*const c_void, *const c_void, *mut c_void),
        workspace: (*mut c_void, usize),
    ) -> Result<(), sys::cublasStatus_t> {
        let mut handle = MaybeUninit::uninit();
        check(sys::cublasLtCreate(handle.as_mut_ptr()))?;
        let handle = handle.assume_init();
        let mut desc = MaybeUninit::uninit();
        let compute = sys::cublasComputeType_t::CUBLAS_COMPUTE_32F;
        check(sys::cublasLtMatmulDescCreate(
            desc.as_mut_ptr(),
            compute,
            sys::cudaDataType::CUDA_R_32F,
        ))?;
        let desc = desc.assume_init();
        let no = 0i32;
        for attr in [
            sys::cublasLtMatmulDescAttributes_t::CUBLASLT_MATMUL_DESC_TRANSA,
            sys::cublasLtMatmulDescAttributes_t::CUBLASLT_MATMUL_DESC_TRANSB,
            sys::cublasLtMatmulDescAttributes_t::CUBLASLT_MATMUL_DESC_TRANSC,
        ] {
            check(sys::cublasLtMatmulDescSetAttribute(
                desc,
                attr,
                (&no as *const i32).cast(),
                4,
            ))?;
        }
        let epilogue = sys::cublasLtEpilogue_t::CUBLASLT_EPILOGUE_DEFAULT;
        let attr = sys::cublasLtMatmulDescAttributes_t::CUBLASLT_MATMUL_DESC_EPILOGUE;
        let size = std::mem::size_of_val(&epilogue);
        check(sys::cublasLtMatmulDescSetAttribute(
            desc,
            attr,
            (&epilogue as *const sys::cublasLtEpilogue_t).cast(),
            size,
        ))?;
        let [la, lb, lc] = layouts(m, n, k)?;
        let mut pref = MaybeUninit::uninit();
        check(sys::cublasLtMatmulPreferenceCreate(pref.as_mut_ptr()))?;
        let pref = pref.assume_init();
        let bytes = workspace.1;
        let attr =
            sys::cublasLtMatmulPreferenceAttributes_t::CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES;
        check(sys::cublasLtMatmulPreferenceSetAttribute(
            pref,
            attr,
            (&bytes as *const usize).cast(),
            8,
        ))?;
        let (mut heuristic, mut found) = (
            MaybeUninit::<sys::cublasLtMatmulHeuristicResult_t>::uninit(),
            0,
        );
        check(sys::cublasLtMatmulAlgoGetHeuristic(
            handle,
            desc,
            la,
            lb,
            lc,
            lc,
            pref,
            1,
            heuristic.as_mut_ptr(),
            &mut found,
        ))?;
        let heuristic = heuristic.assume_init();
        let (alpha, beta) = (1.0f32, 0.0f32);
        let (alpha, beta) = ((&alpha as *const f32).cast(), (&beta as *const f32).cast());
        let algo: *const sys::cublasLtMatmulAlgo_t = &heuristic.algo;
        check(sys::cublasLtMatmul(
            handle,
            desc,
            alpha,
            a,
            la,
            b,
            lb,
            beta,
            d,
            lc,
            d,
            lc,
            algo,
            workspace.0,
            bytes,
            stream,
        ))?;
        check(sys::cublasLtMatmulPreferenceDestroy(pref))?;
        for l in [la, lb, lc] {
            check(sys::cublasLtMatrixLayoutDestroy(l))?;
        }
        check(sys::cublasLtMatmulDescDestroy(desc))?;
        check(sys::cublasLtDestroy(handle))
    }
}

#[cfg(test)]
mod tests {
    use super::{
        CALLED, CUBLASLT_CALLED, CUBLAS_CALLED, CUFFT_CALLED, CURAND_CALLED, CUSOLVERMG_CALLED,
        CUSOLVER_CALLED, CUSPARSE_CALLED, NCCL_CALLED, RUNTIME_CALLED,
    };
    use std::collections::BTreeSet;

    /// Names `sys::<name>(` called in this file: an identifier starting `cu` (`cuda*`, `curand*`
    /// and `cublas*` included), `nvrtc` or `nccl` right after `sys::` and right before `(`.
    fn called_here() -> BTreeSet<&'static str> {
        let src = include_str!("lib.rs");
        let mut found = BTreeSet::new();
        for (at, _) in src.match_indices("sys::") {
            let rest = &src[at + "sys::".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let (name, after) = rest.split_at(end);
            let ours = ["cu", "nvrtc", "nccl"].iter().any(|p| name.starts_with(p));
            if ours && after.starts_with('(') {
                found.insert(name);
            }
        }
        found
    }

    /// `list` is sorted, has no duplicates, and holds `count` names.
    fn assert_sorted_distinct(list: &[&str], count: usize) {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, list, "sorted, no duplicates");
        assert_eq!(list.len(), count);
    }

    #[test]
    fn called_list_is_the_counted_one() {
        assert_sorted_distinct(CALLED, 103);
        assert_eq!(CALLED.iter().filter(|n| n.starts_with("cu")).count(), 96);
        assert_eq!(CALLED.iter().filter(|n| n.starts_with("nvrtc")).count(), 7);
    }

    #[test]
    fn this_crate_calls_exactly_the_called_lists() {
        let expected: BTreeSet<&str> = CALLED
            .iter()
            .chain(RUNTIME_CALLED)
            .chain(CURAND_CALLED)
            .chain(CUBLAS_CALLED)
            .chain(NCCL_CALLED)
            .chain(CUFFT_CALLED)
            .chain(CUSOLVER_CALLED)
            .chain(CUSOLVERMG_CALLED)
            .chain(CUSPARSE_CALLED)
            .chain(CUBLASLT_CALLED)
            .copied()
            .collect();
        assert_eq!(called_here(), expected);
    }

    #[test]
    fn runtime_called_list_is_the_counted_one() {
        assert_sorted_distinct(RUNTIME_CALLED, 38);
    }

    #[test]
    fn curand_called_list_is_the_counted_one() {
        assert_sorted_distinct(CURAND_CALLED, 14);
        assert!(CURAND_CALLED.iter().all(|n| n.starts_with("curand")));
    }

    #[test]
    fn nccl_called_list_is_the_counted_one() {
        assert_sorted_distinct(NCCL_CALLED, 23);
        assert!(NCCL_CALLED.iter().all(|n| n.starts_with("nccl")));
    }

    #[test]
    fn cufft_called_list_is_the_counted_one() {
        assert_sorted_distinct(CUFFT_CALLED, 35);
        assert!(CUFFT_CALLED.iter().all(|n| n.starts_with("cufft")));
    }

    #[test]
    fn cublaslt_called_list_is_the_counted_one() {
        assert_sorted_distinct(CUBLASLT_CALLED, 13);
        assert!(CUBLASLT_CALLED.iter().all(|n| n.starts_with("cublasLt")));
    }

    #[test]
    fn cusolver_called_list_is_the_counted_one() {
        assert_sorted_distinct(CUSOLVER_CALLED, 17);
        assert!(CUSOLVER_CALLED.iter().all(|n| n.starts_with("cusolver")));
    }

    #[test]
    fn cublas_called_list_is_the_counted_one() {
        assert_sorted_distinct(CUBLAS_CALLED, 16);
        assert!(CUBLAS_CALLED.iter().all(|n| n.starts_with("cublas")));
    }
}
