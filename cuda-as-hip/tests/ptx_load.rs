//! PTX handed to the driver, on the real HIP runtime and comgr of each version (no GPU): compiled
//! by the translator and comgr into the compile cache, then handed to HIP, which answers as it
//! answers any code object without a device. Refusals name what the user must change. One test
//! function: the steps share the process environment (the target, the cache directory).

use cuda_as_hip::cache::{self, Cache, Entry, Key, Namespace};
use cuda_as_hip::driver::sys::*;
use cuda_as_hip::jit::fatbin;
use std::ffi::{c_void, CStr};
use std::path::Path;
use std::ptr::null_mut;
use test_support::{hip_run, Scratch};

const VECTOR_ADD: &CStr = c"
.version 7.0
.target sm_80
.address_size 64
.visible .entry vadd(.param .u64 a, .param .u64 b, .param .u32 n)
{
    .reg .pred %p<2>;
    .reg .b32 %r<6>;
    .reg .f32 %f<4>;
    .reg .b64 %rd<8>;
    ld.param.u64 %rd1, [a];
    ld.param.u64 %rd2, [b];
    ld.param.u32 %r2, [n];
    mov.u32 %r3, %ctaid.x;
    mov.u32 %r4, %ntid.x;
    mov.u32 %r5, %tid.x;
    mad.lo.s32 %r1, %r3, %r4, %r5;
    setp.ge.u32 %p1, %r1, %r2;
    @%p1 bra DONE;
    cvta.to.global.u64 %rd3, %rd1;
    cvta.to.global.u64 %rd4, %rd2;
    mul.wide.u32 %rd5, %r1, 4;
    add.s64 %rd6, %rd3, %rd5;
    add.s64 %rd7, %rd4, %rd5;
    ld.global.f32 %f1, [%rd6];
    ld.global.f32 %f2, [%rd7];
    add.f32 %f3, %f1, %f2;
    st.global.f32 [%rd6], %f3;
DONE:
    ret;
}
";

const UNTRANSLATED: &CStr = c"
.version 8.0
.target sm_80
.address_size 64
.visible .entry tensor()
{
    .reg .b32 %r<12>;
    wgmma.fence.sync.aligned;
    ret;
}
";

/// What HIP answers `hipModuleLoadData` of a valid code object with no device, as CUDA's code.
fn no_device_code() -> CUresult {
    match hip_run().facts.hip_init {
        "hipErrorInvalidDevice" => CUresult::CUDA_ERROR_INVALID_DEVICE,
        _ => CUresult::CUDA_ERROR_NO_DEVICE,
    }
}

fn ptx_entries(dir: &Path) -> Vec<Key> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                u128::from_str_radix(name.strip_suffix(".hipfb")?, 16)
                    .ok()
                    .map(Key)
            })
            .collect()
        })
        .unwrap_or_default()
}

/// cuModuleLoadDataEx with both log buffers and the wall time: (result, info log, error log).
fn load_with_logs(image: *const c_void) -> (CUresult, String, String) {
    let (mut info, mut error) = ([0u8; 4096], [0u8; 4096]);
    let mut options = [
        CUjit_option::CU_JIT_INFO_LOG_BUFFER as u32,
        CUjit_option::CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES as u32,
        CUjit_option::CU_JIT_ERROR_LOG_BUFFER as u32,
        CUjit_option::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES as u32,
    ];
    let mut values: [*mut c_void; 4] = [
        info.as_mut_ptr().cast(),
        info.len() as *mut c_void,
        error.as_mut_ptr().cast(),
        error.len() as *mut c_void,
    ];
    let mut module = null_mut();
    let r = unsafe {
        cuda_as_hip::raw::cuModuleLoadDataEx(
            &mut module,
            image,
            4,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
        )
    };
    let text = |b: &[u8]| {
        CStr::from_bytes_until_nul(b)
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    (r, text(&info), text(&error))
}

#[test]
fn ptx_is_compiled_cached_and_refused_with_reasons() {
    let scratch = Scratch::new("ptx-load");
    std::env::set_var(cache::DIR_ENV, scratch.path());
    std::env::remove_var(cache::ENABLE_ENV);
    let ptx_dir = scratch.path().join("ptx");

    // No device and no target: nothing to compile for.
    std::env::remove_var(cuda_as_hip::OFFLOAD_ARCH_ENV);
    let mut module = null_mut();
    let r = unsafe { cuModuleLoadData(&mut module, VECTOR_ADD.as_ptr().cast()) };
    assert_eq!(r, CUresult::CUDA_ERROR_NO_DEVICE);
    assert!(ptx_entries(&ptx_dir).is_empty());

    // With a target: translated, compiled into the cache, and the code object handed to HIP.
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    let (r, _, error) = load_with_logs(VECTOR_ADD.as_ptr().cast());
    assert_eq!(r, no_device_code(), "{error}");
    assert_eq!(error, "", "no error logged for a compiled module");
    let keys = ptx_entries(&ptx_dir);
    assert_eq!(keys.len(), 1);
    let store = Cache::at(Namespace::Ptx, &ptx_dir, u64::MAX);
    let mut entry: Entry = store.get(keys[0]).expect("a whole entry");
    assert_eq!(&entry.code[..4], b"\x7fELF");
    assert_eq!(u16::from_le_bytes([entry.code[18], entry.code[19]]), 0xE0);

    // The second load is answered from the cache (its log, marked here, comes back).
    entry.log = b"marked in the cache".to_vec();
    store.put(keys[0], &entry).unwrap();
    let (r, info, _) = load_with_logs(VECTOR_ADD.as_ptr().cast());
    assert_eq!(
        (r, info.as_str()),
        (no_device_code(), "marked in the cache")
    );
    // Another target is another entry; cuModuleLoad reads a PTX file as cuModuleLoadData.
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx1030");
    let file = scratch.path().join("vadd.ptx");
    std::fs::write(&file, VECTOR_ADD.to_bytes()).unwrap();
    let path = std::ffi::CString::new(file.to_str().unwrap()).unwrap();
    assert_eq!(
        unsafe { cuModuleLoad(&mut module, path.as_ptr()) },
        no_device_code()
    );
    assert_eq!(ptx_entries(&ptx_dir).len(), 2);
    let missing = c"/nonexistent/kernel.ptx";
    let r = unsafe { cuModuleLoad(&mut module, missing.as_ptr()) };
    assert_eq!(r, CUresult::CUDA_ERROR_FILE_NOT_FOUND);

    // An instruction the translator does not translate: CUDA_ERROR_INVALID_PTX, and the error log
    // names it, its line and its function.
    let (r, _, error) = load_with_logs(UNTRANSLATED.as_ptr().cast());
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_PTX);
    assert!(
        error.contains("wgmma") && error.contains("line 8") && error.contains("`tensor`"),
        "{error}"
    );
    assert_eq!(
        ptx_entries(&ptx_dir).len(),
        2,
        "nothing cached for a refused module"
    );

    // A fat binary holding PTX (NVIDIA's own, from CUDA 12.9's libcurand: LZ4-compressed) loads
    // as its PTX; one with SASS only is refused, naming what it holds.
    let lib = test_support::root().join(".cache/inputs/curand-12.9/libcurand.so.10");
    let elf = std::fs::read(&lib).unwrap();
    let section = fatbin::nv_fatbin_section(&elf).unwrap();
    let smallest = smallest_ptx_container(section);
    let r = unsafe { cuModuleLoadFatBinary(&mut module, smallest.as_ptr().cast()) };
    assert_eq!(r, no_device_code());
    assert_eq!(ptx_entries(&ptx_dir).len(), 3);
    let sass_only = [
        0x50u8, 0xED, 0x55, 0xBA, 1, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let r = unsafe { cuModuleLoadFatBinary(&mut module, sass_only.as_ptr().cast()) };
    assert_eq!(r, CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU);
    // An NVIDIA cubin cannot run anywhere but on NVIDIA GPUs.
    let mut cubin = [0u8; 64];
    cubin[..4].copy_from_slice(b"\x7fELF");
    cubin[18..20].copy_from_slice(&190u16.to_le_bytes());
    let r = unsafe { cuModuleLoadData(&mut module, cubin.as_ptr().cast()) };
    assert_eq!(r, CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU);
    assert!(module.is_null(), "nothing loaded without a device");

    kernels_nvcc_registered_launch_from_their_fatbins_ptx(&ptx_dir);
    ptx_modules_link_through_their_extern_functions();
    a_grid_syncing_numba_kernel_links_with_cudas_device_runtime();
    libraries_load_as_modules_do();
}

/// CUDA 12's libraries in the driver API, on every HIP version: images load as modules load
/// (PTX compiled for the target, cubins refused), a library is its module and a kernel its
/// function; what HIP modules cannot answer is "not supported".
fn libraries_load_as_modules_do() {
    let load = |code: *const c_void| {
        let mut lib: CUlibrary = null_mut();
        let (jit, opts) = (null_mut(), null_mut());
        let r =
            unsafe { cuLibraryLoadData(&mut lib, code, jit, null_mut(), 0, opts, null_mut(), 0) };
        (r, lib)
    };
    assert_eq!(
        load(VECTOR_ADD.as_ptr().cast()).0,
        no_device_code(),
        "PTX compiled, then HIP's answer"
    );
    let mut cubin = [0u8; 64];
    cubin[..4].copy_from_slice(b"\x7fELF");
    cubin[18..20].copy_from_slice(&190u16.to_le_bytes()); // EM_CUDA
    assert_eq!(
        load(cubin.as_ptr().cast()),
        (CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU, null_mut())
    );
    assert_eq!(load(std::ptr::null()).0, CUresult::CUDA_ERROR_INVALID_VALUE);
    let mut lib: CUlibrary = null_mut();
    let (jit, opts) = (null_mut(), null_mut());
    let missing = c"/nonexistent/kernels.hsaco".as_ptr();
    let r = unsafe {
        cuLibraryLoadFromFile(&mut lib, missing, jit, null_mut(), 0, opts, null_mut(), 0)
    };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    let (mut kernel, mut module, mut function) = (null_mut(), null_mut(), null_mut());
    let invalid = CUresult::CUDA_ERROR_INVALID_HANDLE;
    unsafe {
        assert_eq!(
            cuLibraryGetKernel(&mut kernel, null_mut(), c"vadd".as_ptr()),
            invalid
        );
        assert_eq!(cuLibraryGetModule(&mut module, null_mut()), invalid);
        assert_eq!(cuKernelGetFunction(&mut function, null_mut()), invalid);
        assert_eq!(cuLibraryUnload(null_mut()), invalid);
        // One handle stands for the other: no HIP call, no device needed.
        let handle = 0x1000 as CUlibrary;
        assert_eq!(
            cuLibraryGetModule(&mut module, handle),
            CUresult::CUDA_SUCCESS
        );
        assert_eq!(module as usize, 0x1000);
        assert_eq!(
            cuKernelGetFunction(&mut function, 0x2000 as CUkernel),
            CUresult::CUDA_SUCCESS
        );
        assert_eq!(function as usize, 0x2000);
        let mut count = 0;
        assert_eq!(
            cuLibraryGetKernelCount(&mut count, handle),
            CUresult::CUDA_ERROR_NOT_SUPPORTED
        );
    }
}

const TWICE: &CStr = c"
.version 7.0
.target sm_80
.address_size 64
.visible .func (.param .b32 r) twice(.param .b32 x)
{
    .reg .b32 %r<3>;
    ld.param.b32 %r1, [x];
    add.s32 %r2, %r1, %r1;
    st.param.b32 [r], %r2;
    ret;
}
";

const CALLS_TWICE: &CStr = c"
.version 7.0
.target sm_80
.address_size 64
.extern .func (.param .b32 r) twice(.param .b32 x);
.visible .entry doubler(.param .u64 out)
{
    .reg .b32 %r<3>;
    .reg .b64 %rd<3>;
    ld.param.u64 %rd1, [out];
    cvta.to.global.u64 %rd2, %rd1;
    mov.u32 %r1, %tid.x;
    {
    .param .b32 x;
    st.param.b32 [x], %r1;
    .param .b32 r;
    call.uni (r), twice, (x);
    ld.param.b32 %r2, [r];
    }
    st.global.u32 [%rd2], %r2;
    ret;
}
";

/// cuLink* with PTX: modules reach each other's `.extern` functions; a module alone whose
/// function is elsewhere does not link, and the error log says which symbol is missing.
fn ptx_modules_link_through_their_extern_functions() {
    let ptx = CUjitInputType::CU_JIT_INPUT_PTX;
    let mut error = [0u8; 2048];
    let mut options = [
        CUjit_option::CU_JIT_ERROR_LOG_BUFFER as u32,
        CUjit_option::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES as u32,
    ];
    let mut values: [*mut c_void; 2] = [error.as_mut_ptr().cast(), error.len() as *mut c_void];
    let link = |modules: &[&CStr], options: &mut [u32], values: &mut [*mut c_void]| unsafe {
        let mut state = null_mut();
        let r = cuda_as_hip::raw::cuLinkCreate_v2(
            2,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
            &mut state,
        );
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        for m in modules {
            let bytes = m.to_bytes_with_nul();
            let r = cuLinkAddData_v2(
                state,
                ptx,
                bytes.as_ptr().cast_mut().cast(),
                bytes.len(),
                c"m".as_ptr(),
                0,
                null_mut(),
                null_mut(),
            );
            assert_eq!(r, CUresult::CUDA_SUCCESS);
        }
        let (mut out, mut size) = (null_mut(), 0usize);
        let r = cuLinkComplete(state, &mut out, &mut size);
        let code = (r == CUresult::CUDA_SUCCESS)
            .then(|| std::slice::from_raw_parts(out.cast::<u8>(), size).to_vec());
        assert_eq!(cuLinkDestroy(state), CUresult::CUDA_SUCCESS);
        (r, code)
    };
    let (r, code) = link(&[CALLS_TWICE, TWICE], &mut options, &mut values);
    assert_eq!(r, CUresult::CUDA_SUCCESS);
    let code = code.unwrap();
    assert_eq!(&code[..4], b"\x7fELF");
    let mut module = null_mut();
    let r = unsafe { cuModuleLoadData(&mut module, code.as_ptr().cast()) };
    assert_eq!(
        r,
        no_device_code(),
        "the linked code object is what HIP loads"
    );
    // The size option is in and out (CUDA: bytes written): given again for the next link.
    values[1] = error.len() as *mut c_void;
    let (r, _) = link(&[CALLS_TWICE], &mut options, &mut values);
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_PTX);
    let log = CStr::from_bytes_until_nul(&error)
        .unwrap()
        .to_string_lossy();
    assert!(log.contains("twice"), "{log}");
}

/// numba-cuda's `this_grid().sync()`: its PTX calls the device runtime's
/// `cudaCGGetIntrinsicHandle` / `cudaCGSynchronize`, and numba links CUDA's `libcudadevrt.a`
/// (the real one, from the `nvidia-cuda-runtime` wheel) with `cuLinkAddFile`: the archive is
/// recognised and left out (the info log says why), the calls become the AMD grid barrier.
fn a_grid_syncing_numba_kernel_links_with_cudas_device_runtime() {
    let root = test_support::root();
    let ptx = std::fs::read(
        root.join(".cache/ptx-corpus/numba/doc_examples__test_cg__sequential_rows_1.ptx"),
    )
    .expect("the PTX corpus (scripts/setup.sh)");
    let devrt = root.join(
        ".cache/inputs/numba-venv/lib/python3.11/site-packages/nvidia/cuda_runtime/lib/libcudadevrt.a",
    );
    let devrt = std::ffi::CString::new(devrt.into_os_string().into_encoded_bytes()).unwrap();
    let mut info = [0u8; 2048];
    let mut options = [
        CUjit_option::CU_JIT_INFO_LOG_BUFFER as u32,
        CUjit_option::CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES as u32,
    ];
    let mut values: [*mut c_void; 2] = [info.as_mut_ptr().cast(), info.len() as *mut c_void];
    let mut state = null_mut();
    let code = unsafe {
        let r = cuda_as_hip::raw::cuLinkCreate_v2(
            2,
            options.as_mut_ptr(),
            values.as_mut_ptr(),
            &mut state,
        );
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        let r = cuLinkAddData_v2(
            state,
            CUjitInputType::CU_JIT_INPUT_PTX,
            ptx.as_ptr().cast_mut().cast(),
            ptx.len(),
            c"sequential_rows".as_ptr(),
            0,
            null_mut(),
            null_mut(),
        );
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        let r = cuLinkAddFile_v2(
            state,
            CUjitInputType::CU_JIT_INPUT_LIBRARY,
            devrt.as_ptr(),
            0,
            null_mut(),
            null_mut(),
        );
        assert_eq!(r, CUresult::CUDA_SUCCESS, "libcudadevrt.a");
        let (mut out, mut size) = (null_mut(), 0usize);
        assert_eq!(
            cuLinkComplete(state, &mut out, &mut size),
            CUresult::CUDA_SUCCESS
        );
        let code = std::slice::from_raw_parts(out.cast::<u8>(), size).to_vec();
        assert_eq!(cuLinkDestroy(state), CUresult::CUDA_SUCCESS);
        code
    };
    assert_eq!(&code[..4], b"\x7fELF");
    let log = CStr::from_bytes_until_nul(&info).unwrap().to_string_lossy();
    assert!(log.contains("CUDA's device runtime"), "{log}");
}

extern "C" fn vadd_stub() {}
extern "C" fn sass_only_stub() {}

/// What nvcc's static constructors register — a fat binary, its kernels by host stub and device
/// name — then `vadd<<<…>>>`: the fat binary's PTX is compiled on the first launch.
fn kernels_nvcc_registered_launch_from_their_fatbins_ptx(ptx_dir: &Path) {
    use cuda_as_hip::runtime::launch::{register_nvcc_fatbin, register_nvcc_kernel};
    use cuda_as_hip::runtime::sys::{cudaError_t, cudaLaunchKernel, dim3};
    let container = fatbin_of_ptx(VECTOR_ADD.to_bytes());
    // { magic, version, data, filename_or_fatbins }: the wrapper nvcc passes.
    let wrapper: [u64; 3] = [0x0000_0001_4662_43B1, container.as_ptr() as u64, 0];
    let fatbin = register_nvcc_fatbin(wrapper.as_ptr().cast());
    let sass_only = [
        0x50u8, 0xED, 0x55, 0xBA, 1, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let sass_fatbin = register_nvcc_fatbin(sass_only.as_ptr().cast());
    unsafe {
        register_nvcc_kernel(Some(fatbin), vadd_stub as *const c_void, c"vadd".as_ptr());
        register_nvcc_kernel(
            Some(sass_fatbin),
            sass_only_stub as *const c_void,
            c"k".as_ptr(),
        );
    }
    // (A target not compiled for before: the launch must compile, not find it in the cache.)
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx906");
    let before = ptx_entries(ptx_dir).len();
    let d = dim3 { x: 1, y: 1, z: 1 };
    let launch = |stub: extern "C" fn()| unsafe {
        cudaLaunchKernel(stub as *const c_void, d, d, null_mut(), 0, null_mut())
    };
    let no_device = match no_device_code() {
        CUresult::CUDA_ERROR_INVALID_DEVICE => cudaError_t::cudaErrorInvalidDevice,
        _ => cudaError_t::cudaErrorNoDevice,
    };
    assert_eq!(launch(vadd_stub), no_device);
    assert_eq!(
        ptx_entries(ptx_dir).len(),
        before + 1,
        "the fat binary's PTX was compiled"
    );
    assert_eq!(
        launch(sass_only_stub),
        cudaError_t::cudaErrorNoKernelImageForDevice
    );
}

/// `test_support::fatbin_of_ptx` in 8-aligned storage, as nvcc lays it out.
fn fatbin_of_ptx(ptx: &[u8]) -> Vec<u64> {
    test_support::fatbin_of_ptx(ptx)
        .chunks(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// The container of `section` whose PTX entry is the smallest (a copy, 8-aligned as nvcc lays
/// them out).
fn smallest_ptx_container(section: &[u8]) -> Vec<u64> {
    let mut at = 0;
    let mut best: Option<(usize, &[u8])> = None;
    while at + 16 <= section.len() {
        let Ok(len) = fatbin::container_len(&section[at..]) else {
            at += 8;
            continue;
        };
        let container = &section[at..at + len];
        let ptx = fatbin::read(container).unwrap().ptx;
        if let Some(size) = ptx.iter().map(|e| e.text.len()).min() {
            if best.is_none_or(|(s, _)| size < s) {
                best = Some((size, container));
            }
        }
        at += len;
    }
    let bytes = best.expect("a container with PTX").1;
    let mut words = vec![0u64; bytes.len().div_ceil(8)];
    // SAFETY: `words` has room for `bytes`.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), words.as_mut_ptr().cast(), bytes.len())
    };
    words
}
