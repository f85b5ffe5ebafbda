//! Vector add written with CUDA's driver and NVRTC names only — the code a CUDA programmer
//! writes — running on AMD's HIP through cuda-as-hip.
//!
//! NVRTC compiles the kernel to an AMD code object (no GPU needed for that); then, with an AMD
//! GPU, the driver API loads it, launches it and checks the result. Without one it stops after
//! the compile, saying so, with exit status 2.

use cuda_as_hip::driver::sys::*;
use cuda_as_hip::nvrtc::sys::*;
use std::ffi::{c_char, c_void, CStr};
use std::process::ExitCode;
use std::ptr::{null, null_mut};

const SOURCE: &CStr =
    c"extern \"C\" __global__ void vector_add(const float* a, const float* b, float* c, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}";
const N: usize = 1 << 20;
/// What NVRTC compiles for when there is no GPU to ask (override with CUDA_AS_HIP_OFFLOAD_ARCH).
const DEVICELESS_ARCH: &str = "gfx90a";

fn check(what: &str, r: CUresult) -> Result<(), String> {
    match r {
        CUresult::CUDA_SUCCESS => Ok(()),
        e => {
            let mut s: *const c_char = null();
            unsafe { cuGetErrorString(e, &mut s) };
            let text = match s.is_null() {
                true => String::new(),
                false => unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned(),
            };
            Err(format!("{what}: {e:?}: {text}"))
        }
    }
}

fn nvrtc(what: &str, r: nvrtcResult) -> Result<(), String> {
    match r {
        nvrtcResult::NVRTC_SUCCESS => Ok(()),
        e => Err(format!("{what}: {:?}", unsafe {
            CStr::from_ptr(nvrtcGetErrorString(e))
        })),
    }
}

/// NVRTC: source → the image `cuModuleLoadData` takes (an AMD code object).
fn compile() -> Result<Vec<u8>, String> {
    let mut prog = null_mut();
    let name = c"vector_add.cu";
    nvrtc("nvrtcCreateProgram", unsafe {
        nvrtcCreateProgram(&mut prog, SOURCE.as_ptr(), name.as_ptr(), 0, null(), null())
    })?;
    let options = [c"--gpu-architecture=compute_80".as_ptr()];
    let compiled = unsafe { nvrtcCompileProgram(prog, options.len() as i32, options.as_ptr()) };
    if compiled != nvrtcResult::NVRTC_SUCCESS {
        let mut n = 0;
        unsafe { nvrtcGetProgramLogSize(prog, &mut n) };
        let mut log = vec![0u8; n.max(1)];
        unsafe { nvrtcGetProgramLog(prog, log.as_mut_ptr().cast()) };
        eprintln!("{}", String::from_utf8_lossy(&log));
    }
    nvrtc("nvrtcCompileProgram", compiled)?;
    let mut size = 0;
    nvrtc("nvrtcGetPTXSize", unsafe {
        nvrtcGetPTXSize(prog, &mut size)
    })?;
    let mut image = vec![0u8; size];
    nvrtc("nvrtcGetPTX", unsafe {
        nvrtcGetPTX(prog, image.as_mut_ptr().cast())
    })?;
    nvrtc("nvrtcDestroyProgram", unsafe {
        nvrtcDestroyProgram(&mut prog)
    })?;
    Ok(image)
}

/// The driver API: load, allocate, copy, launch, copy back, compare.
fn run(image: &[u8]) -> Result<(), String> {
    let mut dev = 0;
    check("cuDeviceGet", unsafe { cuDeviceGet(&mut dev, 0) })?;
    let mut ctx = null_mut();
    check("cuDevicePrimaryCtxRetain", unsafe {
        cuDevicePrimaryCtxRetain(&mut ctx, dev)
    })?;
    check("cuCtxSetCurrent", unsafe { cuCtxSetCurrent(ctx) })?;
    let mut module = null_mut();
    check("cuModuleLoadData", unsafe {
        cuModuleLoadData(&mut module, image.as_ptr().cast())
    })?;
    let mut func = null_mut();
    check("cuModuleGetFunction", unsafe {
        cuModuleGetFunction(&mut func, module, c"vector_add".as_ptr())
    })?;

    let a: Vec<f32> = (0..N).map(|i| i as f32).collect();
    let b: Vec<f32> = (0..N).map(|i| (2 * i) as f32).collect();
    let bytes = N * size_of::<f32>();
    let mut d = [0 as CUdeviceptr; 3];
    for p in &mut d {
        check("cuMemAlloc_v2", unsafe { cuMemAlloc_v2(p, bytes) })?;
    }
    check("cuMemcpyHtoD_v2", unsafe {
        cuMemcpyHtoD_v2(d[0], a.as_ptr().cast(), bytes)
    })?;
    check("cuMemcpyHtoD_v2", unsafe {
        cuMemcpyHtoD_v2(d[1], b.as_ptr().cast(), bytes)
    })?;
    let mut n = N as i32;
    let mut params: [*mut c_void; 4] = [
        (&mut d[0] as *mut CUdeviceptr).cast(),
        (&mut d[1] as *mut CUdeviceptr).cast(),
        (&mut d[2] as *mut CUdeviceptr).cast(),
        (&mut n as *mut i32).cast(),
    ];
    let block = 256;
    let grid = N.div_ceil(block as usize) as u32;
    check("cuLaunchKernel", unsafe {
        cuLaunchKernel(
            func,
            grid,
            1,
            1,
            block,
            1,
            1,
            0,
            null_mut(),
            params.as_mut_ptr(),
            null_mut(),
        )
    })?;
    let mut c = vec![0f32; N];
    check("cuMemcpyDtoH_v2", unsafe {
        cuMemcpyDtoH_v2(c.as_mut_ptr().cast(), d[2], bytes)
    })?;
    let wrong = (0..N).filter(|&i| c[i] != a[i] + b[i]).count();
    for p in d {
        check("cuMemFree_v2", unsafe { cuMemFree_v2(p) })?;
    }
    check("cuModuleUnload", unsafe { cuModuleUnload(module) })?;
    check("cuDevicePrimaryCtxRelease_v2", unsafe {
        cuDevicePrimaryCtxRelease_v2(dev)
    })?;
    match wrong {
        0 => Ok(()),
        w => Err(format!("{w} of {N} results are wrong")),
    }
}

fn main() -> ExitCode {
    // The demo wants the layer's explanations (the library default is silence).
    if std::env::var_os(cuda_as_hip::log::LOG_ENV).is_none() {
        std::env::set_var(cuda_as_hip::log::LOG_ENV, "warn");
    }
    let init = unsafe { cuInit(0) };
    let mut count = 0;
    let has_device = init == CUresult::CUDA_SUCCESS
        && unsafe { cuDeviceGetCount(&mut count) } == CUresult::CUDA_SUCCESS
        && count > 0;
    if !has_device && std::env::var_os(cuda_as_hip::OFFLOAD_ARCH_ENV).is_none() {
        std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, DEVICELESS_ARCH);
    }
    let image = match compile() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("vector_add: {e}");
            return ExitCode::FAILURE;
        }
    };
    let machine = u16::from_le_bytes([image[18], image[19]]);
    println!(
        "NVRTC: {} byte code object (ELF e_machine {machine:#x}{})",
        image.len(),
        if machine == 0xE0 { ", AMDGPU" } else { "" }
    );
    if !has_device {
        let why = check("cuInit", init)
            .err()
            .unwrap_or_else(|| "no devices".into());
        eprintln!(
            "vector_add: no HIP device: {why}. The kernel compiled; running it needs an AMD GPU."
        );
        return ExitCode::from(2);
    }
    match run(&image) {
        Ok(()) => {
            println!("vector_add: {N} sums correct");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("vector_add: {e}");
            ExitCode::FAILURE
        }
    }
}
