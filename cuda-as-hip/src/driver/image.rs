//! What `cuModuleLoadData` is handed. HIP loads AMD code objects (ELF, `e_machine` AMDGPU) and
//! clang offload bundles; a CUDA program may instead hold PTX text, an NVIDIA cubin (ELF,
//! `e_machine` EM_CUDA) or a fatbin. Those cannot run on an AMD GPU and no PTX compiler is in
//! scope, so they are refused with a message saying how to build for AMD.

use crate::call::{Call, ResultCodes};
use crate::driver::sys::CUresult;
use crate::runtime::sys::cudaError_t;
use std::ffi::c_void;

const ELF_MAGIC: &[u8; 4] = b"\x7fELF";
const EM_AMDGPU: u16 = 0xE0;
const EM_CUDA: u16 = 190;
const OFFLOAD_BUNDLE_MAGIC: &[u8] = b"__CLANG_OFFLOAD_BUNDLE__";
/// `fatBinaryCtl.h`'s FATBIN_MAGIC and the fatbin wrapper's magic, little-endian.
const FATBIN_MAGICS: [[u8; 4]; 2] = [[0x50, 0xED, 0x55, 0xBA], [0xB1, 0x43, 0x62, 0x46]];

const HOW_TO_BUILD: &str = "build the kernel for AMD: compile its source through NVRTC here \
     (nvrtcCompileProgram gives an AMD code object), or offline with `hipcc --genco --offload-arch=<gfx…>`";

#[derive(Debug, PartialEq, Eq)]
pub enum Image {
    AmdCodeObject,
    OffloadBundle,
    Ptx,
    NvidiaCubin,
    NvidiaFatbin,
    Unknown,
}

/// Reads just enough of `image` to classify it: 4 bytes, then the ELF header or the bundle
/// magic when the first bytes call for them, or up to the first NUL when they look like text.
///
/// # Safety
/// `image` is non-null and points to an image as CUDA requires: an ELF or bundle (longer than
/// its header), a fatbin, or NUL-terminated text.
pub unsafe fn classify(image: *const c_void) -> Image {
    let p = image.cast::<u8>();
    let head = unsafe { std::slice::from_raw_parts(p, 4) };
    if head == ELF_MAGIC {
        let header = unsafe { std::slice::from_raw_parts(p, 20) };
        return match u16::from_le_bytes([header[18], header[19]]) {
            EM_AMDGPU => Image::AmdCodeObject,
            EM_CUDA => Image::NvidiaCubin,
            _ => Image::Unknown,
        };
    }
    if FATBIN_MAGICS.iter().any(|m| head == m) {
        return Image::NvidiaFatbin;
    }
    if head == &OFFLOAD_BUNDLE_MAGIC[..4] {
        let magic = unsafe { std::slice::from_raw_parts(p, OFFLOAD_BUNDLE_MAGIC.len()) };
        if magic == OFFLOAD_BUNDLE_MAGIC {
            return Image::OffloadBundle;
        }
    }
    // PTX is NUL-terminated text whose directives say what it is.
    let text = unsafe { std::ffi::CStr::from_ptr(p.cast()) }.to_bytes();
    let looks_like_ptx = |needle: &[u8]| text.windows(needle.len()).any(|w| w == needle);
    if looks_like_ptx(b".version") || looks_like_ptx(b".target") || looks_like_ptx(b".entry") {
        return Image::Ptx;
    }
    Image::Unknown
}

impl Image {
    /// The driver's code for a refused image.
    pub fn driver_code(&self) -> CUresult {
        match self {
            Image::Ptx => CUresult::CUDA_ERROR_INVALID_PTX,
            Image::NvidiaCubin | Image::NvidiaFatbin => CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU,
            _ => CUresult::CUDA_ERROR_INVALID_IMAGE,
        }
    }

    /// The runtime's code for a refused image.
    pub fn runtime_code(&self) -> cudaError_t {
        match self {
            Image::Ptx => cudaError_t::cudaErrorInvalidPtx,
            Image::NvidiaCubin | Image::NvidiaFatbin => {
                cudaError_t::cudaErrorNoKernelImageForDevice
            }
            _ => cudaError_t::cudaErrorInvalidKernelImage,
        }
    }
}

/// `Ok` for an image HIP can load; otherwise what it is, with the reason and the way to build for
/// AMD logged.
///
/// # Safety
/// As [`classify`], for a non-null `image`.
pub unsafe fn check(call: &str, image: *const c_void) -> Result<(), Image> {
    let found = unsafe { classify(image) };
    let what = match found {
        Image::AmdCodeObject | Image::OffloadBundle => return Ok(()),
        Image::Ptx => "PTX text",
        Image::NvidiaCubin => "an NVIDIA cubin",
        Image::NvidiaFatbin => "an NVIDIA fatbin",
        Image::Unknown => "not an AMD code object",
    };
    crate::log::warn_once(format!(
        "{call}: the image is {what}, which cannot run on an AMD GPU: {HOW_TO_BUILD}"
    ));
    Err(found)
}

/// Loads `image` as a HIP module after [`check`] (driver and runtime loaders alike); a refused
/// image gets `refused`'s code for the calling API. HIP's NVIDIA platform loads NVIDIA images
/// itself, so there the image goes to HIP unchecked. A NULL image never reaches HIP.
///
/// # Safety
/// `module` is writable; `image` is NULL or as [`classify`] requires.
pub(crate) unsafe fn load<R: ResultCodes>(
    call: Call<R>,
    module: *mut hip_sys::hipModule_t,
    image: *const c_void,
    refused: fn(&Image) -> R,
) -> R {
    if module.is_null() {
        return call.null_argument("module");
    }
    if image.is_null() {
        return call.null_argument("image");
    }
    let h = match call.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    if !crate::platform::hip_on_nvidia(&h) {
        if let Err(found) = unsafe { check(call.name, image) } {
            return call.rejected(refused(&found), "not an AMD code object");
        }
    }
    call.result(h, unsafe { h.hipModuleLoadData(module, image) })
}
