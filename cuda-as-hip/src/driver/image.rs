//! What `cuModuleLoadData` is handed. HIP loads AMD code objects (ELF, `e_machine` AMDGPU) and
//! clang offload bundles; a CUDA program may instead hold PTX text, an NVIDIA cubin (ELF,
//! `e_machine` EM_CUDA) or a fatbin. PTX — as text or inside a fatbin — is compiled for the AMD
//! GPU here (`crate::jit`); a cubin, or a fatbin with SASS only, cannot run on an AMD GPU and is
//! refused with a message saying how to build for AMD.

use crate::cache::Key;
use crate::call::{Call, ResultCodes};
use crate::driver::sys::CUresult;
use crate::jit::options::{BadOption, JitOutputs};
use crate::jit::{self, fatbin, AmdTarget, JitError};
use crate::runtime::sys::cudaError_t;
use hip_sys::Hip;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::Mutex;

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

/// The bytes of file `name`, NUL-terminated (a text image, PTX, is read up to its NUL); `Err`
/// says why there are none.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
pub unsafe fn read_file(name: *const std::ffi::c_char) -> Result<Vec<u8>, String> {
    if name.is_null() {
        return Err("the file name is NULL".into());
    }
    let path = unsafe { std::ffi::CStr::from_ptr(name) }.to_string_lossy();
    let mut bytes = std::fs::read(&*path).map_err(|e| format!("{path}: {e}"))?;
    bytes.push(0);
    Ok(bytes)
}

/// The codes an API answers a refused image or a failed PTX compile with.
pub trait ImageCodes: ResultCodes<Library = hip_sys::Hip> {
    fn refused_image(image: &Image) -> Self;
    fn jit_failed(e: &JitError) -> Self;
}

impl ImageCodes for CUresult {
    fn refused_image(image: &Image) -> Self {
        match image {
            Image::Ptx => CUresult::CUDA_ERROR_INVALID_PTX,
            Image::NvidiaCubin | Image::NvidiaFatbin => CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU,
            _ => CUresult::CUDA_ERROR_INVALID_IMAGE,
        }
    }

    fn jit_failed(e: &JitError) -> Self {
        match e {
            JitError::NoTarget => CUresult::CUDA_ERROR_NO_DEVICE,
            JitError::NoComgr(_) => CUresult::CUDA_ERROR_JIT_COMPILER_NOT_FOUND,
            JitError::NotText | JitError::Translate(_) | JitError::Comgr(_) => {
                CUresult::CUDA_ERROR_INVALID_PTX
            }
        }
    }
}

impl ImageCodes for cudaError_t {
    fn refused_image(image: &Image) -> Self {
        match image {
            Image::Ptx => cudaError_t::cudaErrorInvalidPtx,
            Image::NvidiaCubin | Image::NvidiaFatbin => {
                cudaError_t::cudaErrorNoKernelImageForDevice
            }
            _ => cudaError_t::cudaErrorInvalidKernelImage,
        }
    }

    fn jit_failed(e: &JitError) -> Self {
        match e {
            JitError::NoTarget => cudaError_t::cudaErrorNoDevice,
            JitError::NoComgr(_) => cudaError_t::cudaErrorJitCompilerNotFound,
            JitError::NotText | JitError::Translate(_) | JitError::Comgr(_) => {
                cudaError_t::cudaErrorInvalidPtx
            }
        }
    }
}

/// Why an image did not become something HIP loads.
enum Refusal {
    Image(Image, String),
    Jit(JitError),
}

/// The PTX an image holds (its text, or a fat binary's best PTX entry), or why it holds none.
///
/// # Safety
/// As [`classify`], for an image classified as `found` (PTX text or a fatbin).
unsafe fn ptx_of(found: Image, image: *const c_void) -> Result<Vec<u8>, Refusal> {
    if found == Image::Ptx {
        return Ok(unsafe { std::ffi::CStr::from_ptr(image.cast()) }
            .to_bytes()
            .to_vec());
    }
    let contents = unsafe { fatbin::container_at(image.cast()) }
        .and_then(fatbin::read)
        .map_err(|e| Refusal::Image(Image::NvidiaFatbin, format!("an NVIDIA fatbin: {e}")))?;
    match fatbin::best_ptx(&contents.ptx) {
        Some(entry) => Ok(entry.text.clone()),
        None => Err(Refusal::Image(
            Image::NvidiaFatbin,
            format!(
                "the image is an NVIDIA fatbin with SASS for {} and no PTX, which cannot run on \
                 an AMD GPU: {HOW_TO_BUILD}, or keep PTX in the fatbin (nvcc -gencode \
                 arch=compute_XX,code=compute_XX)",
                sass_list(&contents.sass)
            ),
        )),
    }
}

fn sass_list(sms: &[u32]) -> String {
    match sms {
        [] => "nothing".into(),
        _ => sms
            .iter()
            .map(|s| format!("sm_{s}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Code objects compiled here live as long as the process: HIP may read a module's image after
/// `hipModuleLoadData` returns. One copy per distinct code object.
fn keep(code: Vec<u8>) -> &'static [u8] {
    static KEPT: Mutex<BTreeMap<u128, &'static [u8]>> = Mutex::new(BTreeMap::new());
    let key = Key::of(&[&code]).0;
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    kept.entry(key)
        .or_insert_with(|| Box::leak(code.into_boxed_slice()))
}

/// The image HIP is to load: `image` itself when HIP can load it, else the code object compiled
/// from the PTX it holds (the JIT logs written to `outputs`).
///
/// # Safety
/// As [`classify`], for a non-null `image`; `outputs` as [`JitOutputs::read`] promised.
unsafe fn loadable(
    h: &Hip,
    image: *const c_void,
    outputs: &JitOutputs,
) -> Result<*const c_void, Refusal> {
    let found = unsafe { classify(image) };
    let what = match found {
        Image::AmdCodeObject | Image::OffloadBundle => return Ok(image),
        Image::Ptx | Image::NvidiaFatbin => None,
        Image::NvidiaCubin => Some("an NVIDIA cubin (SASS)"),
        Image::Unknown => Some("not an AMD code object, PTX or an NVIDIA fatbin"),
    };
    if let Some(what) = what {
        return Err(Refusal::Image(
            found,
            format!("the image is {what}, which cannot run on an AMD GPU: {HOW_TO_BUILD}"),
        ));
    }
    let ptx = unsafe { ptx_of(found, image) }?;
    let started = std::time::Instant::now();
    let compiled = crate::platform::offload_arch(h)
        .ok_or(JitError::NoTarget)
        .and_then(|arch| jit::compile(&[&ptx], &AmdTarget { arch }, h.version().encoded()));
    let (info, error) = match &compiled {
        Ok(c) => (c.log.as_str(), String::new()),
        Err(e) => ("", e.to_string()),
    };
    unsafe { outputs.write(info, &error, started.elapsed()) };
    compiled
        .map(|c| keep(c.code).as_ptr().cast())
        .map_err(Refusal::Jit)
}

/// Loads `image` as a HIP module (driver and runtime loaders alike): an AMD code object as it
/// is, PTX and NVIDIA fatbins holding PTX through the PTX translator; anything else is refused
/// with the API's code, the reason and the way to build for AMD logged. HIP's NVIDIA platform
/// loads NVIDIA images itself, so there the image goes to HIP unchecked. A NULL image never
/// reaches HIP.
///
/// # Safety
/// `module` is writable; `image` is NULL or as [`classify`] requires; `outputs` as
/// [`JitOutputs::read`] promised.
pub(crate) unsafe fn load<R: ImageCodes>(
    call: Call<R>,
    module: *mut hip_sys::hipModule_t,
    image: *const c_void,
    outputs: &JitOutputs,
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
    let image = match crate::platform::hip_on_nvidia(&h) {
        // NVIDIA's own images, but a fat binary's wrapper is the container it points to.
        true => unsafe { crate::jit::fatbin::unwrapped(image.cast()) }.cast(),
        false => match unsafe { loadable(&h, image, outputs) } {
            Ok(loadable) => loadable,
            Err(Refusal::Image(found, why)) => return call.refused(R::refused_image(&found), &why),
            Err(Refusal::Jit(e)) => return call.refused(R::jit_failed(&e), &e.to_string()),
        },
    };
    call.result(h, unsafe { h.hipModuleLoadData(module, image) })
}

/// [`load`] with the caller's JIT options read first (`cuModuleLoadDataEx`, `cudaLibraryLoad*`):
/// malformed options are the API's invalid-value code.
///
/// # Safety
/// As [`load`]; the options as [`JitOutputs::read`] requires.
pub(crate) unsafe fn load_with_options<R: ImageCodes>(
    call: Call<R>,
    module: *mut hip_sys::hipModule_t,
    image: *const c_void,
    count: std::ffi::c_uint,
    options: *const u32,
    values: *mut *mut c_void,
) -> R {
    match unsafe { JitOutputs::read(count, options, values) } {
        Ok(outputs) => unsafe { load(call, module, image, &outputs) },
        Err(BadOption(why)) => call.rejected(R::INVALID_VALUE, &why),
    }
}
