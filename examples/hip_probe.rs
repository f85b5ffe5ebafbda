//! hip-sys probe: which HIP runtime this machine has, its version, its devices (or why there are
//! none), and a CUDA-style kernel compiled by hiprtc into an AMD GPU code object.
//!
//! `cargo run --example hip_probe [-- --offload-arch=gfx90a]`. Exit code 0 when a device is
//! present, 2 when HIP loads but has no device, 1 when HIP cannot be loaded or compiling fails.

use hip_sys::{hipError_t, hiprtcProgram, hiprtcResult, Hip};
use std::ffi::{c_char, CStr};
use std::process::ExitCode;
use std::ptr;

const KERNEL: &CStr =
    c"extern \"C\" __global__ void vector_add(const float* a, const float* b, float* c, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}";

fn main() -> ExitCode {
    let arch = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "--offload-arch=gfx90a".into());
    let hip = match hip_sys::hip() {
        Ok(hip) => hip,
        Err(e) => {
            eprintln!("HIP runtime: not loaded\n{e}");
            return ExitCode::from(1);
        }
    };
    println!("HIP runtime: {}", hip.path().display());
    println!(
        "HIP version: {} (bindings {})",
        hip.version(),
        hip.bindings()
    );
    let devices = report_devices(hip);
    match compile(hip, &arch) {
        Ok(code) => println!(
            "hiprtc ({arch}): {} byte code object, ELF e_machine {:#x} (0xe0 = AMDGPU)",
            code.len(),
            e_machine(&code)
        ),
        Err(e) => {
            eprintln!("hiprtc: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::from(if devices > 0 { 0 } else { 2 })
}

fn call<T>(r: Result<T, hip_sys::SymbolError>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

fn report_devices(hip: &Hip) -> i32 {
    let mut count = 0;
    match call(unsafe { hip.hipGetDeviceCount(&mut count) }) {
        Ok(hipError_t::hipSuccess) => println!("devices: {count}"),
        Ok(err) => {
            let text =
                unsafe { CStr::from_ptr(hip.hipGetErrorString(err).unwrap_or(c"?".as_ptr())) };
            println!(
                "devices: none ({err:?}: {}; is an AMD GPU with the amdgpu driver present?)",
                text.to_string_lossy()
            );
            count = 0;
        }
        Err(e) => println!("devices: unknown ({e})"),
    }
    count
}

fn e_machine(code: &[u8]) -> u16 {
    code.get(18..20)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn rtc(hip: &Hip, r: Result<hiprtcResult, hip_sys::SymbolError>) -> Result<(), String> {
    match call(r)? {
        hiprtcResult::HIPRTC_SUCCESS => Ok(()),
        err => Err(format!(
            "{err:?}: {}",
            unsafe { CStr::from_ptr(hip.hiprtcGetErrorString(err).unwrap_or(c"?".as_ptr())) }
                .to_string_lossy()
        )),
    }
}

fn compile(hip: &Hip, arch: &str) -> Result<Vec<u8>, String> {
    let arch = std::ffi::CString::new(arch).map_err(|e| e.to_string())?;
    let mut prog: hiprtcProgram = ptr::null_mut();
    unsafe {
        rtc(
            hip,
            hip.hiprtcCreateProgram(
                &mut prog,
                KERNEL.as_ptr(),
                c"vector_add.cu".as_ptr(),
                0,
                ptr::null_mut(),
                ptr::null_mut(),
            ),
        )?;
        let mut opts = [arch.as_ptr()];
        let compiled = rtc(hip, hip.hiprtcCompileProgram(prog, 1, opts.as_mut_ptr()));
        let mut size = 0;
        let code = compiled
            .and_then(|()| rtc(hip, hip.hiprtcGetCodeSize(prog, &mut size)))
            .and_then(|()| {
                let mut code = vec![0u8; size];
                rtc(
                    hip,
                    hip.hiprtcGetCode(prog, code.as_mut_ptr() as *mut c_char),
                )
                .map(|()| code)
            });
        rtc(hip, hip.hiprtcDestroyProgram(&mut prog))?;
        code
    }
}
