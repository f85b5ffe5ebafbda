//! LTO-IR made PTX by NVIDIA's own nvJitLink, on the CPU. LTO-IR (NVRTC's `-dlto`, numba-cuda's
//! output whenever an nvJitLink is present) is NVIDIA's container for link-time optimization,
//! which only NVIDIA's nvJitLink reads (libNVVM does not); that library links LTO-IR into PTX
//! (`-lto -ptx`) without a GPU, and this layer translates the PTX as any other. Programs that
//! hand LTO-IR to nvJitLink (numba-cuda's kernels) have NVIDIA's library installed beside
//! (`nvidia-nvjitlink-cu12`, a numba-cuda dependency): it is found as `CUDA_AS_HIP_NVIDIA_NVJITLINK`
//! names it, else beside the NVIDIA wheels the process has loaded (`…/nvidia/nvjitlink/lib`, CUDA
//! 13's `…/nvidia/cu13/lib`), else
//! under `CUDA_HOME` / `CUDA_PATH` / `/usr/local/cuda`. It is opened with `RTLD_DEEPBIND`, so
//! that its references to its own functions never reach this layer's exports of the same names.

use libloading::os::unix::{Library, RTLD_LAZY, RTLD_LOCAL};
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The variable naming NVIDIA's libnvJitLink.so.12.
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_NVIDIA_NVJITLINK";
const FILE: &str = "libnvJitLink.so.12";
/// CUDA 13's, as its wheel lays it out under `…/nvidia` (the same functions).
const CUDA_13_FILE: &str = "cu13/lib/libnvJitLink.so.13";
/// LTO-IR's first four bytes.
pub const MAGIC: [u8; 4] = [0xed, 0x43, 0x4e, 0x7f];
/// The newest target the PTX translator takes: LTO-IR of an older target links for it.
const NEWEST_ARCH: u32 = 90;

type Handle = *mut c_void;

/// NVIDIA's library and where it was found.
struct Nvidia {
    library: Library,
    path: PathBuf,
}

/// NVIDIA's library, opened once; why not, naming where it was looked for and the fix.
fn nvidia() -> Result<&'static Nvidia, String> {
    static OPENED: OnceLock<Result<Nvidia, String>> = OnceLock::new();
    OPENED.get_or_init(open).as_ref().map_err(Clone::clone)
}

fn open() -> Result<Nvidia, String> {
    open_from(&candidates())
}

fn open_from(candidates: &[PathBuf]) -> Result<Nvidia, String> {
    let ours = own_file();
    for path in candidates {
        let real = path.canonicalize().ok();
        if real.is_none() || real == ours {
            continue;
        }
        // SAFETY: NVIDIA's library; its initialisers have no preconditions.
        let opened =
            unsafe { Library::open(Some(path), RTLD_LAZY | RTLD_LOCAL | libc::RTLD_DEEPBIND) };
        if let Ok(library) = opened {
            return Ok(Nvidia {
                library,
                path: path.clone(),
            });
        }
    }
    let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
    Err(format!(
        "LTO-IR is NVIDIA's own format: NVIDIA's nvJitLink makes it PTX for this layer, and none \
         was found (looked at: {}); pip install nvidia-nvjitlink-cu12, or name its {FILE} with \
         {LIBRARY_ENV}, or compile without LTO (numba-cuda: @cuda.jit(lto=False); NVRTC: \
         -rdc=true without -dlto)",
        if looked.is_empty() {
            "nothing".into()
        } else {
            looked.join(", ")
        }
    ))
}

/// Where NVIDIA's library may be, in order.
fn candidates() -> Vec<PathBuf> {
    if let Some(path) = std::env::var_os(LIBRARY_ENV) {
        return vec![PathBuf::from(path)];
    }
    // CUDA 12's wheel (nvidia-nvjitlink-cu12), CUDA 13's (nvidia-nvjitlink: cu13/lib).
    let in_wheels = |d: PathBuf| [d.join("nvjitlink/lib").join(FILE), d.join(CUDA_13_FILE)];
    let mut out: Vec<PathBuf> = nvidia_wheel_dirs()
        .into_iter()
        .flat_map(in_wheels)
        .collect();
    let homes = ["CUDA_HOME", "CUDA_PATH"]
        .iter()
        .filter_map(std::env::var_os);
    out.extend(homes.map(|h| Path::new(&h).join("lib64").join(FILE)));
    out.push(Path::new("/usr/local/cuda/lib64").join(FILE));
    out.dedup();
    out
}

/// The `…/nvidia` directories of the NVIDIA wheels whose libraries the process has loaded
/// (libNVVM for numba-cuda, NVRTC, the runtime).
fn nvidia_wheel_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for file in loaded_files() {
        let text = file.to_string_lossy();
        if let Some(at) = text.find("/site-packages/nvidia/") {
            let dir = PathBuf::from(&text[..at + "/site-packages/nvidia".len()]);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    dirs
}

/// The files of the objects the process has loaded.
fn loaded_files() -> Vec<PathBuf> {
    unsafe extern "C" fn each(info: *mut libc::dl_phdr_info, _: usize, out: *mut c_void) -> c_int {
        // SAFETY: glibc's record of a loaded object, and our vector.
        let (info, out) = unsafe { (&*info, &mut *out.cast::<Vec<PathBuf>>()) };
        if !info.dlpi_name.is_null() {
            // SAFETY: a NUL-terminated path.
            let name = unsafe { CStr::from_ptr(info.dlpi_name) }.to_string_lossy();
            if !name.is_empty() {
                out.push(PathBuf::from(name.into_owned()));
            }
        }
        0
    }
    let mut files: Vec<PathBuf> = Vec::new();
    // SAFETY: the callback only reads glibc's records and pushes to `files`.
    unsafe { libc::dl_iterate_phdr(Some(each), (&mut files as *mut Vec<PathBuf>).cast()) };
    files
}

/// The file this code is in (a C ABI library named libnvJitLink.so.12 is ours, not NVIDIA's).
fn own_file() -> Option<PathBuf> {
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: an address in this object, and an out-pointer.
    let found = unsafe { libc::dladdr(own_file as *const c_void, &mut info) };
    if found == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dladdr's NUL-terminated path.
    let path = unsafe { CStr::from_ptr(info.dli_fname) }
        .to_string_lossy()
        .into_owned();
    PathBuf::from(path).canonicalize().ok()
}

/// The NVIDIA target to link for: `arch` (`sm_89`, nvJitLink's option) at the newest the
/// translator takes; LTO-IR made for an older target links for a newer one.
pub fn target(arch: Option<&str>) -> String {
    let number = arch
        .and_then(|a| a.rsplit('_').next())
        .map(|n| n.trim_end_matches(['a', 'f']))
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(NEWEST_ARCH);
    format!("sm_{}", number.min(NEWEST_ARCH))
}

/// The PTX of `inputs` (LTO-IR, each with its name) linked together for `target` by NVIDIA's
/// nvJitLink; its error log where it fails.
pub fn to_ptx(inputs: &[(String, Vec<u8>)], target: &str) -> Result<Vec<u8>, String> {
    let nv = nvidia()?;
    let call = |e: String| format!("NVIDIA's nvJitLink ({}): {e}", nv.path.display());
    let api = Api::of(&nv.library).map_err(call)?;
    let options: Vec<CString> = [format!("-arch={target}"), "-lto".into(), "-ptx".into()]
        .into_iter()
        .map(|o| CString::new(o).expect("no NUL"))
        .collect();
    let pointers: Vec<*const c_char> = options.iter().map(|o| o.as_ptr()).collect();
    let mut handle: Handle = std::ptr::null_mut();
    // SAFETY: nvJitLink's documented calls, on buffers that outlive them.
    unsafe {
        check(
            &api,
            handle,
            (api.create)(&mut handle, pointers.len() as u32, pointers.as_ptr()),
        )
        .map_err(call)?;
        let linked = link(&api, handle, inputs);
        (api.destroy)(&mut handle);
        linked.map_err(call)
    }
}

/// Adds the inputs, completes, and takes the PTX.
unsafe fn link(api: &Api, h: Handle, inputs: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    const LTOIR: u32 = crate::nvjitlink::sys::nvJitLinkInputType::NVJITLINK_INPUT_LTOIR as u32;
    for (name, data) in inputs {
        let name = CString::new(name.replace('\0', " ")).expect("no NUL");
        // SAFETY: the caller's handle; `data` and `name` outlive the call.
        unsafe {
            check(
                api,
                h,
                (api.add_data)(h, LTOIR, data.as_ptr().cast(), data.len(), name.as_ptr()),
            )?
        };
    }
    // SAFETY: as above.
    unsafe {
        check(api, h, (api.complete)(h))?;
        let mut size = 0;
        check(api, h, (api.ptx_size)(h, &mut size))?;
        let mut ptx = vec![0u8; size];
        check(api, h, (api.ptx)(h, ptx.as_mut_ptr().cast()))?;
        ptx.truncate(ptx.iter().position(|&b| b == 0).unwrap_or(ptx.len()));
        Ok(ptx)
    }
}

/// `code` as a result: nvJitLink's error log where it is not success.
unsafe fn check(api: &Api, h: Handle, code: c_int) -> Result<(), String> {
    if code == 0 {
        return Ok(());
    }
    let mut size = 0;
    let mut log = String::new();
    // SAFETY: the caller's handle; the buffer is as long as nvJitLink says.
    if !h.is_null() && unsafe { (api.error_log_size)(h, &mut size) } == 0 && size > 0 {
        let mut buffer = vec![0u8; size];
        if unsafe { (api.error_log)(h, buffer.as_mut_ptr().cast()) } == 0 {
            log = String::from_utf8_lossy(&buffer)
                .trim_end_matches('\0')
                .trim()
                .to_string();
        }
    }
    Err(format!(
        "nvJitLinkResult {code}{}",
        if log.is_empty() {
            String::new()
        } else {
            format!(": {log}")
        }
    ))
}

/// The nvJitLink functions used, by their plain names (NVIDIA's library exports them so).
struct Api {
    create: unsafe extern "C" fn(*mut Handle, u32, *const *const c_char) -> c_int,
    destroy: unsafe extern "C" fn(*mut Handle) -> c_int,
    add_data: unsafe extern "C" fn(Handle, u32, *const c_void, usize, *const c_char) -> c_int,
    complete: unsafe extern "C" fn(Handle) -> c_int,
    ptx_size: unsafe extern "C" fn(Handle, *mut usize) -> c_int,
    ptx: unsafe extern "C" fn(Handle, *mut c_char) -> c_int,
    error_log_size: unsafe extern "C" fn(Handle, *mut usize) -> c_int,
    error_log: unsafe extern "C" fn(Handle, *mut c_char) -> c_int,
}

impl Api {
    fn of(library: &Library) -> Result<Api, String> {
        macro_rules! symbol {
            ($name:literal) => {
                // SAFETY: nvJitLink.h's signature of the function of that name.
                *unsafe { library.get(concat!($name, "\0").as_bytes()) }
                    .map_err(|e| format!("{}: {e}", $name))?
            };
        }
        Ok(Api {
            create: symbol!("nvJitLinkCreate"),
            destroy: symbol!("nvJitLinkDestroy"),
            add_data: symbol!("nvJitLinkAddData"),
            complete: symbol!("nvJitLinkComplete"),
            ptx_size: symbol!("nvJitLinkGetLinkedPtxSize"),
            ptx: symbol!("nvJitLinkGetLinkedPtx"),
            error_log_size: symbol!("nvJitLinkGetErrorLogSize"),
            error_log: symbol!("nvJitLinkGetErrorLog"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_asked_one_at_the_newest_the_translator_takes() {
        assert_eq!(target(Some("sm_80")), "sm_80");
        assert_eq!(target(Some("sm_90a")), "sm_90");
        assert_eq!(target(Some("sm_120")), "sm_90");
        assert_eq!(target(Some("compute_75")), "sm_75");
        assert_eq!(target(None), "sm_90");
    }

    #[test]
    fn a_named_library_that_is_not_there_is_an_error_naming_the_fix() {
        let why = open_from(&[PathBuf::from("/nonexistent/libnvJitLink.so.12")]).err();
        let why = why.expect("no library there");
        assert!(why.contains("/nonexistent/libnvJitLink.so.12"), "{why}");
        assert!(
            why.contains("nvidia-nvjitlink-cu12") && why.contains("lto=False"),
            "{why}"
        );
    }
}
