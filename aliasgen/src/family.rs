//! The CUDA API families, one row each: everything aliasgen needs to know about a family — which
//! function names are its own, its headers, its status codes, its library — is data in
//! [`FAMILIES`], and every emitter reads the row instead of matching on the family. A new CUDA
//! library arrives as a row here plus its overrides file (ARCHITECTURE.md, "API families").

/// One CUDA API family.
pub struct FamilyRow {
    /// How COVERAGE.md, README.md and aliasgen's output name it.
    pub label: &'static str,
    /// A function name is the family's when it is one of these prefixes followed by an upper-case
    /// letter (`cu` + `Init`); the longest matching prefix of all rows wins (`cuda` + `Malloc` is
    /// the runtime's, not the driver's). A name no row matches is an error, never a default.
    pub prefixes: &'static [&'static str],
    /// The CUDA headers parsed for it, in include order (a header another one expects to be
    /// included before it, like `vdpau/vdpau.h` before cudaVDPAU.h, is listed first).
    pub cuda_headers: &'static [&'static str],
    /// The HIP headers that declare its HIP counterparts, as each bound HIP version ships them.
    pub hip_headers: &'static [&'static str],
    /// Its overrides of hipify's table: a file under `aliasgen/data/overrides/`.
    pub overrides: &'static str,
    /// The headers as the first line of its generated files names them.
    pub header_summary: &'static str,
    pub status: Status,
    /// The stream handle type, whose special values (legacy, per-thread) HIP spells its own way.
    pub stream: Option<&'static str>,
    /// The library's handle types, where a NULL one is refused with `status.invalid_handle`
    /// before the ROCm library sees it (cuBLAS answers NOT_INITIALIZED; hipBLAS would answer
    /// HANDLE_IS_NULLPTR, a code cuBLAS lacks).
    pub handles: &'static [&'static str],
    /// The library's handle type where CUDA's handle is an integer and HIP's a pointer (cuFFT's
    /// `cufftHandle` plan number, hipFFT's `hipfftHandle`): cuda-as-hip numbers the HIP handles
    /// itself (`crate::<module>::ID_HANDLES`, an `ids::IdHandles`); an unknown number is refused
    /// with `status.invalid_handle`.
    pub id_handle: Option<&'static str>,
    /// (CUDA enum, HIP enum) pairs whose values travel in untyped buffers no signature names
    /// (cuBLASLt's attribute values: `CUBLASLT_MATMUL_DESC_TRANSA` holds a `cublasOperation_t`):
    /// kept in both APIs and given translation tables for the hand-written code.
    pub value_enums: &'static [(&'static str, &'static str)],
    /// Whether the headers document each status code (cuda.h, driver_types.h do; nvrtc.h's texts
    /// are NVRTC's own function).
    pub status_texts: bool,
    /// cuda-as-hip's module for it, named as cudarc's (`driver` → `cuda_as_hip::driver::sys`).
    pub module: &'static str,
    /// The name of its `Call` type (`DriverCall = Call<CUresult>`), generated into cuda-as-hip's
    /// `generated/families.rs` and re-exported by its `call` module.
    pub call_ty: &'static str,
    /// The prefix of the generated files shared by a model it leads (`raw.rs` for the driver,
    /// `runtime_raw.rs` for the runtime).
    pub file_prefix: &'static str,
    pub library: Library,
    /// The ROCm library its HIP counterparts are in, bound per release of its own; `None` for
    /// the HIP runtime itself (and hiprtc), whose headers every bound HIP version parses together.
    pub rocm: Option<RocmLibrary>,
    /// How NVIDIA's library names its exports after releases, where it does (nvJitLink).
    pub release_names: Option<ReleaseNames>,
    /// The module of the library family it is parsed and generated with (cuSOLVERMg's header
    /// includes cuSOLVER's and takes its types): it has no ROCm library of its own, its functions
    /// are this layer's, written on that family's ROCm library.
    pub joins: Option<&'static str>,
}

/// NVIDIA names such a library's exports after the release that declared them and keeps every
/// earlier release's (`__nvJitLinkCreate_12_0` … `__nvJitLinkCreate_12_9`, one signature); the
/// header's `static inline nvJitLinkCreate` calls the newest, and the library exports the plain
/// name too. The model names the function plainly (`nvJitLinkCreate`), parsed from the newest
/// release's declaration; the C ABI library exports it under the plain name and every release's.
pub struct ReleaseNames {
    /// What a release's name adds before the plain one (`__`).
    pub prefix: &'static str,
    /// Each release's suffix (`_12_0`), oldest first: the header declares the last one's names.
    pub releases: &'static [&'static str],
}

impl ReleaseNames {
    /// The plain name of a release name of the newest release (`__nvJitLinkCreate_12_9` →
    /// `nvJitLinkCreate`).
    pub fn plain<'a>(&self, name: &'a str) -> Option<&'a str> {
        let newest = self.releases.last()?;
        name.strip_prefix(self.prefix)?.strip_suffix(newest)
    }

    /// Every release's name for `plain`, oldest first.
    pub fn names(&self, plain: &str) -> Vec<String> {
        (self.releases.iter())
            .map(|r| format!("{}{plain}{r}", self.prefix))
            .collect()
    }
}

/// A ROCm library beside HIP (hipRAND for cuRAND): hip-sys binds each release Debian ships beside
/// a bound HIP version, and loads it at run time (`hip_sys::rocm`).
pub struct RocmLibrary {
    /// hip-sys's module for it (`hip_sys::hiprand`), also the prefix of its input directories
    /// (`.cache/inputs/hiprand-5.3.3`, from `scripts/setup.sh`).
    pub module: &'static str,
    /// Its name in messages and generated files.
    pub label: &'static str,
    /// The Debian package of its headers.
    pub dev_package: &'static str,
    /// Its release beside each bound HIP version, in `HIP_VERSIONS`' order (`hiprand_of` in
    /// `scripts/setup.sh`); `None` where Debian ships none beside that HIP.
    pub releases: [Option<&'static str>; 4],
    /// Its function names' prefixes (`hiprand`); its constants' are the same in upper case.
    pub prefixes: &'static [&'static str],
    /// What its headers need to parse as C: defines, and a prelude before the `#include`s.
    pub defines: &'static [&'static str],
    pub prelude: &'static str,
    /// hip-sys's type for the loaded library (`hip_sys::hiprand::Hiprand`).
    pub handle: &'static str,
    /// The CUDA library's headers under `.cache/inputs` (from its PyPI wheel).
    pub cuda_include: &'static str,
    /// Other CUDA libraries' headers they include (cusolverDn.h includes cublas_v2.h), whose
    /// types the library's functions take.
    pub cuda_also: &'static [&'static str],
    /// It keeps the CUDA library's names (RCCL keeps NCCL's): hipify has no table for it, and
    /// each CUDA function and constant maps to its own name.
    pub keeps_cuda_names: bool,
    /// Its headers are C++ (hipBLASLt's structs have default member initialisers): parsed as
    /// C++17, their C API inside `extern "C"`.
    pub cxx: bool,
    /// The CUDA library's legacy API header (cuBLAS's cublas.h: no handle, `char` options, scalars
    /// by value, results returned), which cannot be included with the family's headers and is
    /// parsed apart. NVIDIA's library still exports it; each of its functions is made of its
    /// `_v2` twin (`mapping::legacy`), the few without one are hand-written.
    pub legacy_header: Option<&'static str>,
}

impl RocmLibrary {
    /// Whether `name` is the library's own (`hiprandCreateGenerator`, `HIPRAND_STATUS_SUCCESS`).
    pub fn owns(&self, name: &str) -> bool {
        self.prefixes.iter().any(|p| {
            starts_with_prefix(name, p)
                || starts_with_prefix(name, &format!("{}_", p.to_uppercase()))
        })
    }
}

/// `prefix` followed by an upper-case letter, or a prefix ending in `_` followed by anything.
fn starts_with_prefix(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix).is_some_and(|rest| {
        prefix.ends_with('_') || rest.starts_with(|c: char| c.is_ascii_uppercase())
    })
}

impl FamilyRow {
    /// hip-sys's module for the family's HIP library: `hip_sys` (the runtime), `hip_sys::hiprand`.
    pub fn hip_sys(&self) -> String {
        match &self.rocm {
            None => "hip_sys".into(),
            Some(lib) => format!("hip_sys::{}", lib.module),
        }
    }

    /// hip-sys's type for the loaded library: `hip_sys::Hip`, `hip_sys::hiprand::Hiprand`.
    pub fn hip_handle(&self) -> String {
        match &self.rocm {
            None => "hip_sys::Hip".into(),
            Some(lib) => format!("hip_sys::{}::{}", lib.module, lib.handle),
        }
    }
}

/// A family's status enum, CUDA's and HIP's, and the codes this layer answers with itself.
pub struct Status {
    /// The C enum (`cudaError_enum`) and its Rust type name (`CUresult`).
    pub cuda_enum: &'static str,
    pub rust_ty: &'static str,
    /// The HIP status enum the family's HIP functions return.
    pub hip_enum: &'static str,
    pub success: &'static str,
    /// A HIP code CUDA has no name for (and a panic caught at the C ABI).
    pub catch_all: &'static str,
    /// A function, or a constant, the loaded HIP lacks.
    pub not_supported: &'static str,
    /// An argument CUDA itself refuses: a value no constant has, a NULL out-pointer.
    pub invalid_value: &'static str,
    /// A NULL or destroyed handle where CUDA requires a live one.
    pub invalid_handle: &'static str,
    /// No HIP library could be loaded.
    pub not_loaded: &'static str,
    /// What every failure passes through, where the family keeps it (the runtime's last error).
    pub keep_failure: Option<&'static str>,
}

/// The C ABI library the family's exports make.
pub struct Library {
    /// The crate's directory under `cabi/`.
    pub crate_dir: &'static str,
    pub file: &'static str,
    /// The SONAME programs linked against NVIDIA's library record.
    pub soname: &'static str,
    /// The version NVIDIA's library tags every export with (its SONAME), if any.
    pub symbol_version: Option<&'static str>,
    /// The cargo package that builds it.
    pub package: &'static str,
    /// It answers `cuGetProcAddress`: its exports also make a (name, version) → symbol table.
    pub proc_address: bool,
    /// Hand-written modules of a CUDA library's crate beside the generated exports (a CUDA
    /// library's crate is otherwise generated whole): the module and what it holds.
    pub hand_modules: &'static [(&'static str, &'static str)],
}

/// cuSOLVER's status codes, which cuSOLVERMg shares.
const CUSOLVER_STATUS: Status = Status {
    cuda_enum: "cusolverStatus_t",
    rust_ty: "cusolverStatus_t",
    hip_enum: "hipsolverStatus_t",
    success: "CUSOLVER_STATUS_SUCCESS",
    catch_all: "CUSOLVER_STATUS_INTERNAL_ERROR",
    not_supported: "CUSOLVER_STATUS_NOT_SUPPORTED",
    invalid_value: "CUSOLVER_STATUS_INVALID_VALUE",
    // What cuSOLVER answers for a NULL handle.
    invalid_handle: "CUSOLVER_STATUS_NOT_INITIALIZED",
    not_loaded: "CUSOLVER_STATUS_NOT_INITIALIZED",
    keep_failure: None,
};

/// The families, driver, NVRTC and runtime first. [`Family`] indexes this table.
pub const FAMILIES: [FamilyRow; 12] = [
    FamilyRow {
        label: "driver",
        prefixes: &["cu"],
        cuda_headers: &[
            "cuda.h",
            "cudaProfiler.h",
            "cudaGL.h",
            "cudaEGL.h",
            "vdpau/vdpau.h",
            "cudaVDPAU.h",
        ],
        hip_headers: &["hip/hip_runtime_api.h", "hip/hip_gl_interop.h"],
        overrides: "driver.txt",
        header_summary: "cuda.h and cudaProfiler.h",
        status: Status {
            cuda_enum: "cudaError_enum",
            rust_ty: "CUresult",
            hip_enum: "hipError_t",
            success: "CUDA_SUCCESS",
            catch_all: "CUDA_ERROR_UNKNOWN",
            not_supported: "CUDA_ERROR_NOT_SUPPORTED",
            invalid_value: "CUDA_ERROR_INVALID_VALUE",
            invalid_handle: "CUDA_ERROR_INVALID_HANDLE",
            not_loaded: "CUDA_ERROR_NOT_INITIALIZED",
            keep_failure: None,
        },
        stream: Some("CUstream"),
        handles: &[],
        id_handle: None,
        value_enums: &[],
        status_texts: true,
        module: "driver",
        call_ty: "DriverCall",
        file_prefix: "",
        library: Library {
            crate_dir: "libcuda",
            file: "libcuda.so",
            soname: "libcuda.so.1",
            symbol_version: None,
            package: "cuda-as-hip-libcuda",
            proc_address: true,
            hand_modules: &[],
        },
        rocm: None,
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "NVRTC",
        prefixes: &["nvrtc"],
        cuda_headers: &["nvrtc.h"],
        hip_headers: &["hip/hiprtc.h"],
        overrides: "nvrtc.txt",
        header_summary: "nvrtc.h",
        status: Status {
            cuda_enum: "nvrtcResult",
            rust_ty: "nvrtcResult",
            hip_enum: "hiprtcResult",
            success: "NVRTC_SUCCESS",
            catch_all: "NVRTC_ERROR_INTERNAL_ERROR",
            // NVRTC has no "not supported" code: such calls are internal errors, logged with why.
            not_supported: "NVRTC_ERROR_INTERNAL_ERROR",
            invalid_value: "NVRTC_ERROR_INVALID_INPUT",
            invalid_handle: "NVRTC_ERROR_INVALID_PROGRAM",
            not_loaded: "NVRTC_ERROR_INTERNAL_ERROR",
            keep_failure: None,
        },
        stream: None,
        handles: &[],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "nvrtc",
        call_ty: "NvrtcCall",
        file_prefix: "nvrtc_",
        library: Library {
            crate_dir: "libnvrtc",
            file: "libnvrtc.so",
            soname: "libnvrtc.so.12",
            symbol_version: Some("libnvrtc.so.12"),
            package: "cuda-as-hip-libnvrtc",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: None,
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "runtime",
        prefixes: &["cuda"],
        cuda_headers: &[
            "cuda_runtime_api.h",
            "cuda_profiler_api.h",
            "cuda_gl_interop.h",
            "cuda_egl_interop.h",
            "cuda_vdpau_interop.h",
        ],
        hip_headers: &["hip/hip_runtime_api.h", "hip/hip_gl_interop.h"],
        overrides: "runtime.txt",
        header_summary: "cuda_runtime_api.h and the type headers it includes",
        status: Status {
            cuda_enum: "cudaError",
            rust_ty: "cudaError_t",
            hip_enum: "hipError_t",
            success: "cudaSuccess",
            catch_all: "cudaErrorUnknown",
            not_supported: "cudaErrorNotSupported",
            invalid_value: "cudaErrorInvalidValue",
            invalid_handle: "cudaErrorInvalidResourceHandle",
            // What CUDA's runtime answers when it finds no usable driver.
            not_loaded: "cudaErrorInsufficientDriver",
            keep_failure: Some("crate::runtime::last_error::set"),
        },
        stream: Some("cudaStream_t"),
        handles: &[],
        id_handle: None,
        value_enums: &[],
        status_texts: true,
        module: "runtime",
        call_ty: "RuntimeCall",
        file_prefix: "runtime_",
        library: Library {
            crate_dir: "libcudart",
            file: "libcudart.so",
            soname: "libcudart.so.12",
            symbol_version: Some("libcudart.so.12"),
            package: "cuda-as-hip-libcudart",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: None,
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuRAND",
        prefixes: &["curand"],
        cuda_headers: &["curand.h"],
        hip_headers: &["hiprand/hiprand.h"],
        overrides: "curand.txt",
        header_summary: "curand.h",
        status: Status {
            cuda_enum: "curandStatus",
            rust_ty: "curandStatus_t",
            hip_enum: "hiprandStatus",
            success: "CURAND_STATUS_SUCCESS",
            catch_all: "CURAND_STATUS_INTERNAL_ERROR",
            // cuRAND has no "not supported" code: such calls are internal errors, logged with why.
            not_supported: "CURAND_STATUS_INTERNAL_ERROR",
            // What cuRAND answers for an ordering or a direction-vector set it does not know.
            invalid_value: "CURAND_STATUS_OUT_OF_RANGE",
            // What cuRAND answers for a NULL generator.
            invalid_handle: "CURAND_STATUS_NOT_INITIALIZED",
            not_loaded: "CURAND_STATUS_INITIALIZATION_FAILED",
            keep_failure: None,
        },
        stream: Some("cudaStream_t"),
        handles: &[],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "curand",
        call_ty: "CurandCall",
        file_prefix: "curand_",
        library: Library {
            crate_dir: "libcurand",
            file: "libcurand.so",
            soname: "libcurand.so.10",
            symbol_version: Some("libcurand.so.10"),
            package: "cuda-as-hip-libcurand",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: Some(RocmLibrary {
            module: "hiprand",
            label: "hipRAND",
            dev_package: "libhiprand-dev",
            releases: [Some("5.3.3"), Some("5.7.1"), Some("6.4.3"), Some("7.2.4")],
            prefixes: &["hiprand"],
            // hipRAND's `typedef __half half;` needs HIP's C++-only `__half`: C sees its 16 bits.
            defines: &["__HIP_PLATFORM_AMD__", "__half=unsigned short"],
            // hipRAND 5.3.3 names rocRAND's generator type without `struct` (fixed in 5.7): the
            // typedef comes after rocrand.h, which declares the struct (and so owns it).
            prelude: "#include <rocrand/rocrand.h>\ntypedef struct rocrand_generator_base_type rocrand_generator_base_type;\n",
            handle: "Hiprand",
            cuda_include: "curand-12.9-include",
            cuda_also: &[],
            keeps_cuda_names: false,
            cxx: false,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuBLAS",
        prefixes: &["cublas"],
        cuda_headers: &["cublas_v2.h", "cublas_api.h", "cublasXt.h"],
        hip_headers: &["hipblas/hipblas.h"],
        overrides: "cublas.txt",
        header_summary: "cublas_v2.h, cublas.h and cublasXt.h",
        status: Status {
            cuda_enum: "cublasStatus_t",
            rust_ty: "cublasStatus_t",
            hip_enum: "hipblasStatus_t",
            success: "CUBLAS_STATUS_SUCCESS",
            catch_all: "CUBLAS_STATUS_INTERNAL_ERROR",
            not_supported: "CUBLAS_STATUS_NOT_SUPPORTED",
            invalid_value: "CUBLAS_STATUS_INVALID_VALUE",
            // What cuBLAS answers for a NULL handle.
            invalid_handle: "CUBLAS_STATUS_NOT_INITIALIZED",
            not_loaded: "CUBLAS_STATUS_NOT_INITIALIZED",
            keep_failure: None,
        },
        stream: Some("cudaStream_t"),
        handles: &["cublasHandle_t"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "cublas",
        call_ty: "CublasCall",
        file_prefix: "cublas_",
        library: Library {
            crate_dir: "libcublas",
            file: "libcublas.so",
            soname: "libcublas.so.12",
            symbol_version: Some("libcublas.so.12"),
            package: "cuda-as-hip-libcublas",
            proc_address: false,
            hand_modules: &[
                (
                    "half",
                    "the half-precision GEMMs cublas_api.h declares for C++ only",
                ),
                (
                    "half_gemv",
                    "the half-precision batched GEMVs cublas_api.h declares for C++ only (not supported)",
                ),
            ],
        },
        rocm: Some(RocmLibrary {
            module: "hipblas",
            label: "hipBLAS",
            dev_package: "libhipblas-dev",
            // Debian ships no hipBLAS beside HIP 5.2.3 (bookworm).
            releases: [None, Some("5.5.1"), Some("6.4.4"), Some("7.2.4")],
            prefixes: &["hipblas"],
            // HIPBLAS_V2: hipBLAS 6.x's ABI whose data and compute types are CUDA's values
            // (`hipblasGemmEx` → `hipblasGemmEx_v2`, hipDataType); 7.x has only it, 5.x ignores it.
            defines: &["__HIP_PLATFORM_AMD__", "HIPBLAS_V2"],
            prelude: "",
            handle: "Hipblas",
            cuda_include: "cublas-12.9/include",
            cuda_also: &[],
            keeps_cuda_names: false,
            cxx: false,
            legacy_header: Some("cublas.h"),
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "NCCL",
        // nccl.h declares each function twice: `ncclX` and its profiling alias `pncclX`.
        prefixes: &["nccl", "pnccl"],
        cuda_headers: &["nccl.h"],
        hip_headers: &["rccl/rccl.h"],
        overrides: "nccl.txt",
        header_summary: "nccl.h",
        status: Status {
            cuda_enum: "ncclResult_t",
            rust_ty: "ncclResult_t",
            hip_enum: "ncclResult_t",
            success: "ncclSuccess",
            catch_all: "ncclInternalError",
            // NCCL has no "not supported" code: such calls are internal errors, logged with why.
            not_supported: "ncclInternalError",
            invalid_value: "ncclInvalidArgument",
            // What NCCL answers for a NULL communicator.
            invalid_handle: "ncclInvalidArgument",
            // No RCCL to load: a system error, as NCCL's for a library it cannot open.
            not_loaded: "ncclSystemError",
            keep_failure: None,
        },
        stream: Some("cudaStream_t"),
        // NCCL answers a NULL communicator with ncclInvalidArgument; RCCL 7.2 asks HIP first.
        handles: &["ncclComm_t"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "nccl",
        call_ty: "NcclCall",
        file_prefix: "nccl_",
        library: Library {
            crate_dir: "libnccl",
            file: "libnccl.so",
            soname: "libnccl.so.2",
            // NVIDIA's libnccl does not version its symbols.
            symbol_version: None,
            package: "cuda-as-hip-libnccl",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: Some(RocmLibrary {
            module: "rccl",
            label: "RCCL",
            dev_package: "librccl-dev",
            // Debian's RCCL 5.4.3 is built for HIP 5 (trixie; sid has none for HIP 6), 7.2.4 for 7.
            releases: [None, Some("5.4.3"), None, Some("7.2.4")],
            prefixes: &["nccl", "pnccl"],
            defines: &["__HIP_PLATFORM_AMD__"],
            prelude: "",
            handle: "Rccl",
            cuda_include: "nccl-2.27.7/include",
            cuda_also: &[],
            keeps_cuda_names: true,
            cxx: false,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuFFT",
        // cufftXt.h's inline cufftXtSetJITCallback calls `__cufftXtSetJITCallback_12_7`.
        prefixes: &["cufft", "__cufft"],
        cuda_headers: &["cufft.h", "cufftXt.h"],
        hip_headers: &["hipfft/hipfft.h", "hipfft/hipfftXt.h"],
        overrides: "cufft.txt",
        header_summary: "cufft.h, cufftXt.h",
        status: Status {
            cuda_enum: "cufftResult_t",
            rust_ty: "cufftResult",
            hip_enum: "hipfftResult_t",
            success: "CUFFT_SUCCESS",
            catch_all: "CUFFT_INTERNAL_ERROR",
            not_supported: "CUFFT_NOT_SUPPORTED",
            invalid_value: "CUFFT_INVALID_VALUE",
            // What cuFFT answers for a plan number it never handed out (or destroyed).
            invalid_handle: "CUFFT_INVALID_PLAN",
            // No hipFFT to load: what cuFFT answers when it cannot set up.
            not_loaded: "CUFFT_SETUP_FAILED",
            keep_failure: None,
        },
        stream: Some("cudaStream_t"),
        handles: &[],
        // cuFFT's plans are numbers (`typedef int cufftHandle`), hipFFT's pointers.
        id_handle: Some("cufftHandle"),
        value_enums: &[],
        status_texts: false,
        module: "cufft",
        call_ty: "CufftCall",
        file_prefix: "cufft_",
        library: Library {
            crate_dir: "libcufft",
            file: "libcufft.so",
            soname: "libcufft.so.11",
            symbol_version: Some("libcufft.so.11"),
            package: "cuda-as-hip-libcufft",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: Some(RocmLibrary {
            module: "hipfft",
            label: "hipFFT",
            dev_package: "libhipfft-dev",
            // Debian ships no hipFFT beside HIP 5.2.3 (bookworm); trixie's 6.1.2 is built for HIP 5.7.
            releases: [None, Some("6.1.2"), Some("6.4.3"), Some("7.2.4")],
            prefixes: &["hipfft"],
            defines: &["__HIP_PLATFORM_AMD__"],
            prelude: "",
            handle: "Hipfft",
            cuda_include: "cufft-11.4/include",
            cuda_also: &[],
            keeps_cuda_names: false,
            cxx: false,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuSOLVER",
        prefixes: &["cusolver"],
        // cusolverMg.h is libcusolverMg's; cusolverSp_LOWLEVEL_PREVIEW.h a preview.
        cuda_headers: &["cusolver_common.h", "cusolverDn.h", "cusolverSp.h", "cusolverRf.h"],
        hip_headers: &["hipsolver/hipsolver.h"],
        overrides: "cusolver.txt",
        header_summary: "cusolverDn.h, cusolverSp.h, cusolverRf.h",
        status: CUSOLVER_STATUS,
        stream: Some("cudaStream_t"),
        handles: &["cusolverDnHandle_t", "cusolverSpHandle_t", "cusolverRfHandle_t"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "cusolver",
        call_ty: "CusolverCall",
        file_prefix: "cusolver_",
        library: Library {
            crate_dir: "libcusolver",
            file: "libcusolver.so",
            soname: "libcusolver.so.11",
            symbol_version: Some("libcusolver.so.11"),
            package: "cuda-as-hip-libcusolver",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: Some(RocmLibrary {
            module: "hipsolver",
            label: "hipSOLVER",
            dev_package: "libhipsolver-dev",
            // Debian ships no hipSOLVER beside HIP 5.2.3 (bookworm).
            releases: [None, Some("5.5.1"), Some("6.4.1"), Some("7.2.4")],
            prefixes: &["hipsolver"],
            defines: &["__HIP_PLATFORM_AMD__"],
            prelude: "",
            handle: "Hipsolver",
            cuda_include: "cusolver-11.7/include",
            cuda_also: &["cublas-12.9/include", "cusparse-12.5/include"],
            keeps_cuda_names: false,
            cxx: false,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuSPARSE",
        prefixes: &["cusparse"],
        cuda_headers: &["cusparse.h"],
        hip_headers: &["hipsparse/hipsparse.h"],
        overrides: "cusparse.txt",
        header_summary: "cusparse.h",
        status: Status {
            cuda_enum: "cusparseStatus_t",
            rust_ty: "cusparseStatus_t",
            hip_enum: "hipsparseStatus_t",
            success: "CUSPARSE_STATUS_SUCCESS",
            catch_all: "CUSPARSE_STATUS_INTERNAL_ERROR",
            not_supported: "CUSPARSE_STATUS_NOT_SUPPORTED",
            invalid_value: "CUSPARSE_STATUS_INVALID_VALUE",
            // What cuSPARSE 12.5 answers for a NULL handle (measured: "parameter number 1 (handle)
            // had an illegal value: NULL pointer").
            invalid_handle: "CUSPARSE_STATUS_INVALID_VALUE",
            not_loaded: "CUSPARSE_STATUS_NOT_INITIALIZED",
            keep_failure: None,
        },
        stream: Some("cudaStream_t"),
        handles: &["cusparseHandle_t"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "cusparse",
        call_ty: "CusparseCall",
        file_prefix: "cusparse_",
        library: Library {
            crate_dir: "libcusparse",
            file: "libcusparse.so",
            soname: "libcusparse.so.12",
            symbol_version: Some("libcusparse.so.12"),
            package: "cuda-as-hip-libcusparse",
            proc_address: false,
            hand_modules: &[(
                "half_prune",
                "the half-precision prune functions cusparse.h declares for C++ only",
            )],
        },
        rocm: Some(RocmLibrary {
            module: "hipsparse",
            label: "hipSPARSE",
            dev_package: "libhipsparse-dev",
            releases: [Some("5.3.3"), Some("5.7.1"), Some("6.4.3"), Some("7.2.4")],
            prefixes: &["hipsparse"],
            defines: &["__HIP_PLATFORM_AMD__"],
            prelude: "",
            handle: "Hipsparse",
            cuda_include: "cusparse-12.5/include",
            cuda_also: &[],
            keeps_cuda_names: false,
            cxx: false,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    FamilyRow {
        label: "cuBLASLt",
        prefixes: &["cublasLt"],
        cuda_headers: &["cublasLt.h"],
        hip_headers: &["hipblaslt/hipblaslt.h"],
        overrides: "cublaslt.txt",
        header_summary: "cublasLt.h",
        // cuBLASLt answers with cuBLAS's codes; hipBLASLt with hipBLAS's (hipblas-common.h).
        status: Status {
            cuda_enum: "cublasStatus_t",
            rust_ty: "cublasStatus_t",
            hip_enum: "hipblasStatus_t",
            success: "CUBLAS_STATUS_SUCCESS",
            catch_all: "CUBLAS_STATUS_INTERNAL_ERROR",
            not_supported: "CUBLAS_STATUS_NOT_SUPPORTED",
            invalid_value: "CUBLAS_STATUS_INVALID_VALUE",
            // What cuBLASLt answers for a NULL handle.
            invalid_handle: "CUBLAS_STATUS_NOT_INITIALIZED",
            not_loaded: "CUBLAS_STATUS_NOT_INITIALIZED",
            // cuBLASLt's logger (hipBLASLt has none) reports each failure at its error level.
            keep_failure: Some("crate::cublaslt::logger::failed"),
        },
        stream: Some("cudaStream_t"),
        handles: &["cublasLtHandle_t"],
        id_handle: None,
        value_enums: &[
            ("cublasOperation_t", "hipblasOperation_t"),
            ("cublasLtEpilogue_t", "hipblasLtEpilogue_t"),
            ("cublasLtPointerMode_t", "hipblasLtPointerMode_t"),
            ("cublasLtOrder_t", "hipblasLtOrder_t"),
            ("cublasLtMatmulMatrixScale_t", "hipblasLtMatmulMatrixScale_t"),
        ],
        status_texts: false,
        module: "cublaslt",
        call_ty: "CublasLtCall",
        file_prefix: "cublaslt_",
        library: Library {
            crate_dir: "libcublasLt",
            file: "libcublasLt.so",
            soname: "libcublasLt.so.12",
            symbol_version: Some("libcublasLt.so.12"),
            package: "cuda-as-hip-libcublaslt",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: Some(RocmLibrary {
            module: "hipblaslt",
            label: "hipBLASLt",
            dev_package: "libhipblaslt-dev",
            // Debian's first hipBLASLt is sid's 7.1.1 (built for HIP 6); none for HIP 5.
            releases: [None, None, Some("7.1.1"), Some("7.2.4")],
            prefixes: &["hipblasLt"],
            defines: &["__HIP_PLATFORM_AMD__"],
            prelude: "",
            handle: "Hipblaslt",
            cuda_include: "cublas-12.9/include",
            cuda_also: &[],
            keeps_cuda_names: false,
            cxx: true,
            legacy_header: None,
        }),
        release_names: None,
        joins: None,
    },
    // nvJitLink has no HIP counterpart: this layer links through comgr itself
    // (cuda-as-hip/src/nvjitlink, on crate::jit::link, as cuLink* does).
    FamilyRow {
        label: "nvJitLink",
        prefixes: &["nvJitLink"],
        cuda_headers: &["nvJitLink.h"],
        hip_headers: &[],
        overrides: "nvjitlink.txt",
        header_summary: "nvJitLink.h",
        status: Status {
            cuda_enum: "nvJitLinkResult",
            rust_ty: "nvJitLinkResult",
            // Never returned to it: every function is this layer's.
            hip_enum: "hiprtcResult",
            success: "NVJITLINK_SUCCESS",
            catch_all: "NVJITLINK_ERROR_INTERNAL",
            // nvJitLink has no "not supported" code: such calls are internal errors, logged with why.
            not_supported: "NVJITLINK_ERROR_INTERNAL",
            // nvJitLink.h's NULL_INPUT and INCORRECT_INPUT_TYPE are INVALID_INPUT until CUDA
            // defines NEW_ERROR_CODES.
            invalid_value: "NVJITLINK_ERROR_INVALID_INPUT",
            invalid_handle: "NVJITLINK_ERROR_INVALID_INPUT",
            not_loaded: "NVJITLINK_ERROR_INTERNAL",
            keep_failure: None,
        },
        stream: None,
        handles: &["nvJitLinkHandle"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "nvjitlink",
        call_ty: "NvJitLinkCall",
        file_prefix: "nvjitlink_",
        library: Library {
            crate_dir: "libnvJitLink",
            file: "libnvJitLink.so",
            soname: "libnvJitLink.so.12",
            symbol_version: Some("libnvJitLink.so.12"),
            package: "cuda-as-hip-libnvjitlink",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: None,
        release_names: Some(ReleaseNames {
            prefix: "__",
            releases: &[
                "_12_0", "_12_1", "_12_2", "_12_3", "_12_4", "_12_5", "_12_6", "_12_7", "_12_8",
                "_12_9",
            ],
        }),
        joins: None,
    },
    FamilyRow {
        label: "cuSOLVERMg",
        // Its grid and matrix descriptor types are `cudaLibMg…` (CUDA's multi-GPU library types).
        prefixes: &["cusolverMg", "cudaLibMg"],
        cuda_headers: &["cusolverMg.h"],
        hip_headers: &[],
        overrides: "cusolvermg.txt",
        header_summary: "cusolverMg.h",
        // cusolverMg.h includes cusolverDn.h: cuSOLVER's codes and call type.
        status: CUSOLVER_STATUS,
        stream: None,
        handles: &["cusolverMgHandle_t"],
        id_handle: None,
        value_enums: &[],
        status_texts: false,
        module: "cusolvermg",
        call_ty: "CusolverCall",
        file_prefix: "cusolver_",
        library: Library {
            crate_dir: "libcusolverMg",
            file: "libcusolverMg.so",
            soname: "libcusolverMg.so.11",
            symbol_version: Some("libcusolverMg.so.11"),
            package: "cuda-as-hip-libcusolvermg",
            proc_address: false,
            hand_modules: &[],
        },
        rocm: None,
        release_names: None,
        joins: Some("cusolver"),
    },
];

/// A row of [`FAMILIES`]; reads of the row go through `Deref`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Family(usize);

impl std::ops::Deref for Family {
    type Target = FamilyRow;

    fn deref(&self) -> &FamilyRow {
        &FAMILIES[self.0]
    }
}

impl std::fmt::Debug for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.label)
    }
}

impl Family {
    pub const DRIVER: Family = Family(0);
    pub const NVRTC: Family = Family(1);
    pub const RUNTIME: Family = Family(2);
    pub const NVJITLINK: Family = Family(10);

    pub fn all() -> impl Iterator<Item = Family> {
        (0..FAMILIES.len()).map(Family)
    }

    /// The family whose longest prefix `name` starts with (followed by an upper-case letter).
    pub fn find(name: &str) -> Option<Family> {
        Self::all()
            .flat_map(|f| f.prefixes.iter().map(move |p| (p, f)))
            .filter(|(p, _)| starts_with_prefix(name, p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, f)| f)
    }

    /// The family of a declared function: no matching prefix is an error naming it.
    pub fn of_name(name: &str) -> Result<Family, String> {
        Self::find(name).ok_or_else(|| {
            format!(
                "`{name}` belongs to no API family: no prefix in aliasgen/src/family.rs's FAMILIES starts it; add its family's row"
            )
        })
    }

    /// The ROCm library of a CUDA library family (see [`FamilyRow::rocm`]), or of the family it
    /// joins ([`FamilyRow::joins`]).
    pub fn rocm_library(self) -> Option<&'static RocmLibrary> {
        self.joined().unwrap_or(self).row().rocm.as_ref()
    }

    /// Its row, for as long as the table lives.
    pub fn row(self) -> &'static FamilyRow {
        &FAMILIES[self.0]
    }

    /// The family it is parsed and generated with, if it joins one.
    pub fn joined(self) -> Option<Family> {
        let module = self.joins?;
        Self::all().find(|f| f.module == module)
    }

    /// The families of the model this one leads: itself, then those that join it.
    pub fn model(self) -> Vec<Family> {
        std::iter::once(self)
            .chain(Self::all().filter(|f| f.joined() == Some(self)))
            .collect()
    }

    /// Whether `name` is one of this family's own: a function or type with one of its prefixes,
    /// or a constant with one in upper case (`curandCreateGenerator`, `CURAND_VER_MAJOR`).
    pub fn owns(self, name: &str) -> bool {
        Self::find(name) == Some(self)
            || (self.prefixes.iter())
                .any(|p| starts_with_prefix(name, &format!("{}_", p.to_uppercase())))
    }

    /// The family whose own CUDA headers include `header`, among `families`.
    pub fn of_header(families: &[Family], header: &str) -> Option<Family> {
        families
            .iter()
            .copied()
            .find(|f| f.cuda_headers.contains(&header))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_prefix_wins_and_an_unknown_name_is_an_error() {
        assert_eq!(Family::find("cuInit"), Some(Family::DRIVER));
        assert_eq!(Family::find("cudaMalloc"), Some(Family::RUNTIME));
        assert_eq!(Family::find("nvrtcCompileProgram"), Some(Family::NVRTC));
        let curand = Family::find("curandCreateGenerator").expect("cuRAND's row");
        assert_eq!(curand.label, "cuRAND");
        assert!(curand.owns("CURAND_VER_MAJOR") && !Family::DRIVER.owns("CURAND_VER_MAJOR"));
        let hiprand = curand.rocm_library().expect("cuRAND is on hipRAND");
        assert!(hiprand.owns("hiprandCreateGenerator") && hiprand.owns("HIPRAND_STATUS_SUCCESS"));
        assert!(!hiprand.owns("rocrand_create_generator") && !hiprand.owns("hipStream_t"));
        let err = Family::of_name("cudnnCreate").unwrap_err();
        assert!(err.contains("cudnnCreate"), "{err}");
    }

    #[test]
    fn a_joining_family_is_generated_with_a_library_family() {
        for f in Family::all().filter(|f| f.joins.is_some()) {
            let lead = f.joined().expect("`joins` names a family's module");
            assert!(
                lead.rocm.is_some() && lead.joins.is_none(),
                "{f:?} joins {lead:?}"
            );
            assert_eq!(
                f.rocm_library().map(|l| l.label),
                lead.rocm.as_ref().map(|l| l.label)
            );
            assert!(lead.model().contains(&f));
        }
        let mg = Family::of_name("cusolverMgCreate").expect("cuSOLVERMg's row");
        assert_eq!(mg.joined(), Family::find("cusolverDnCreate"));
    }

    #[test]
    fn each_prefix_is_one_rows() {
        let mut prefixes: Vec<&str> = FAMILIES.iter().flat_map(|f| f.prefixes).copied().collect();
        let n = prefixes.len();
        prefixes.sort();
        prefixes.dedup();
        assert_eq!(prefixes.len(), n, "a prefix is listed by two rows");
    }
}
