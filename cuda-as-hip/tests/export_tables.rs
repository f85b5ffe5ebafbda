//! NVIDIA's private driver tables (`cuGetExportTable`, ARCHITECTURE.md "NVIDIA's private driver
//! tables"), as NVIDIA's static CUDA runtime calls them, on every HIP version without a GPU; and
//! the integrity check against the answers NVIDIA's own driver gave
//! (tests/fixtures/integrity_nvidia.txt, captured by tests/gpu/python/capture_integrity.py).

use cuda_as_hip::driver::export_tables;
use cuda_as_hip::driver::sys::{CUcontext, CUresult, CUuuid};
use cuda_as_hip::raw;
use std::ffi::c_void;

const CUDART_INTERFACE: &str = "6bd5fb6c5bf4e74a8987d93912fd9df9";
const TOOLS_TLS: &str = "42d85a8123f6cb478298f6e78a3aecdc";
const TOOLS_RUNTIME_CALLBACK_HOOKS: &str = "a094798c2e742e7493f20800200c0a66";
const CONTEXT_LOCAL_STORAGE: &str = "c693336e1121df11a8c368f355d89593";
const CTX_CREATE_BYPASS: &str = "0ca50b8c1004929a89a7d0df10e77286";
const HEAP_ACCESS: &str = "195bcbf4d67d024aacc51d29cea631ae";
const DEVICE_EXTENDED_RT: &str = "b10541e1f7c7c74a9f64f223be99f1e2";
const INTEGRITY_CHECK: &str = "d4082055bde6704b8d34ba123c66e1f2";
const CONTEXT_CHECKS: &str = "263e88607cd2614392f6bbd5006dfa7e";

fn uuid(hex: &str) -> CUuuid {
    CUuuid {
        bytes: export_tables::uuid(hex).map(|b| b as _),
    }
}

fn lookup(hex: &str) -> Result<*const *const c_void, CUresult> {
    let mut table = std::ptr::null();
    match unsafe { raw::cuGetExportTable(&mut table, &uuid(hex)) } {
        CUresult::CUDA_SUCCESS => Ok(table.cast()),
        failed => Err(failed),
    }
}

/// The table's slots.
fn slots(hex: &str, len: usize) -> &'static [*const c_void] {
    let table = lookup(hex).unwrap_or_else(|e| panic!("table {hex}: {e:?}"));
    unsafe { std::slice::from_raw_parts(table, len) }
}

/// Slot `index` of table `hex` as a function of type `F`.
fn slot<F: Copy>(hex: &str, index: usize) -> F {
    let address = slots(hex, index + 1)[index];
    assert!(!address.is_null(), "table {hex} slot {index} is NULL");
    assert_eq!(
        std::mem::size_of::<F>(),
        std::mem::size_of::<*const c_void>()
    );
    unsafe { std::mem::transmute_copy(&address) }
}

#[test]
fn every_table_the_static_runtime_asks_for_is_there_with_its_size_and_functions() {
    // (table, slots, sized, the slots that hold functions)
    let tables = [
        (CUDART_INTERFACE, 13, true, &[1, 2, 6, 7, 8, 12][..]),
        (TOOLS_TLS, 4, true, &[]),
        (TOOLS_RUNTIME_CALLBACK_HOOKS, 7, true, &[2, 6]),
        (CONTEXT_LOCAL_STORAGE, 4, false, &[0, 1, 2]),
        (CTX_CREATE_BYPASS, 2, true, &[1]),
        (HEAP_ACCESS, 3, true, &[1, 2]),
        (DEVICE_EXTENDED_RT, 26, true, &[5, 13]),
        (INTEGRITY_CHECK, 3, true, &[1]),
        (CONTEXT_CHECKS, 4, true, &[2, 3]),
    ];
    for (hex, len, sized, functions) in tables {
        let table = slots(hex, len);
        if sized {
            assert_eq!(table[0] as usize, len * 8, "table {hex}'s size");
        }
        for (i, address) in table.iter().enumerate().skip(usize::from(sized)) {
            assert_eq!(
                !address.is_null(),
                functions.contains(&i),
                "table {hex} slot {i}"
            );
        }
    }
}

#[test]
fn an_unknown_table_or_a_null_argument_is_invalid_value() {
    // What NVIDIA's runtime asks for first, before cuInit; NVIDIA's own use of it is unknown.
    assert_eq!(
        lookup("f8cff95121468b4eb9e2fb469e7c0dd9"),
        Err(CUresult::CUDA_ERROR_INVALID_VALUE)
    );
    let mut table = std::ptr::null();
    let id = uuid(CUDART_INTERFACE);
    let (none, no_id) = unsafe {
        (
            raw::cuGetExportTable(std::ptr::null_mut(), &id),
            raw::cuGetExportTable(&mut table, std::ptr::null()),
        )
    };
    assert_eq!(
        (none, no_id),
        (
            CUresult::CUDA_ERROR_INVALID_VALUE,
            CUresult::CUDA_ERROR_INVALID_VALUE
        )
    );
}

type Put = extern "C" fn(CUcontext, *mut c_void, *mut c_void, *const c_void) -> CUresult;
type Delete = extern "C" fn(CUcontext, *mut c_void) -> CUresult;
type Get = extern "C" fn(*mut *mut c_void, CUcontext, *mut c_void) -> CUresult;

#[test]
fn context_local_storage_keeps_a_value_per_context_and_key() {
    let put: Put = slot(CONTEXT_LOCAL_STORAGE, 0);
    let delete: Delete = slot(CONTEXT_LOCAL_STORAGE, 1);
    let get: Get = slot(CONTEXT_LOCAL_STORAGE, 2);
    // Handles the storage never passes to HIP.
    let (ctx, other, key) = (
        0x5100 as CUcontext,
        0x5200 as CUcontext,
        0x77 as *mut c_void,
    );
    let mut value = std::ptr::null_mut();
    assert_eq!(
        put(ctx, key, 0xAB as *mut c_void, std::ptr::null()),
        CUresult::CUDA_SUCCESS
    );
    assert_eq!(get(&mut value, ctx, key), CUresult::CUDA_SUCCESS);
    assert_eq!(value as usize, 0xAB);
    assert_eq!(
        get(&mut value, other, key),
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
    assert_eq!(
        get(std::ptr::null_mut(), ctx, key),
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
    assert_eq!(delete(ctx, key), CUresult::CUDA_SUCCESS);
    assert_eq!(
        get(&mut value, ctx, key),
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
    // NULL is the current context, and without a GPU there is none.
    let r = put(
        std::ptr::null_mut(),
        key,
        0xAB as *mut c_void,
        std::ptr::null(),
    );
    assert_ne!(r, CUresult::CUDA_SUCCESS);
}

#[test]
fn the_runtime_hook_buffers_and_context_checks_answer_as_nvidias_driver() {
    // Each buffer is handed out with its length in 32-bit entries, as NVIDIA's driver does: the
    // CUDA 12.9 runtime requires more than 486 and 13 and reads the flag at entry 486 of the first.
    type Buffer = extern "C" fn(*mut *mut c_void, *mut usize);
    let mut spans = Vec::new();
    for (index, entries) in [(2, 1024), (6, 14)] {
        let buffer: Buffer = slot(TOOLS_RUNTIME_CALLBACK_HOOKS, index);
        let (mut ptr, mut len) = (std::ptr::null_mut(), 0);
        buffer(&mut ptr, &mut len);
        assert_eq!(len, entries);
        let flags = unsafe { std::slice::from_raw_parts_mut(ptr.cast::<u32>(), len) };
        assert!(flags.iter().all(|&flag| flag == 0), "no tool subscribed");
        flags[len - 1] = u32::MAX; // the runtime writes there
        flags[len - 1] = 0;
        spans.push(ptr as usize..ptr as usize + 4 * len);
    }
    assert!(spans[0].end <= spans[1].start || spans[1].end <= spans[0].start);
    type Check = extern "C" fn(CUcontext, *mut u32, *mut *const c_void) -> CUresult;
    let check: Check = slot(CONTEXT_CHECKS, 2);
    let mut flags = 7;
    assert_eq!(
        check(std::ptr::null_mut(), &mut flags, std::ptr::null_mut()),
        CUresult::CUDA_SUCCESS
    );
    assert_eq!(flags, 0);
    let bits: extern "C" fn() -> u32 = slot(CONTEXT_CHECKS, 3);
    assert_eq!(bits(), 0);
}

type Integrity = extern "C" fn(u32, u64, *mut [u64; 2]) -> CUresult;

#[test]
fn without_a_gpu_the_integrity_check_and_the_primary_context_say_so() {
    let check: Integrity = slot(INTEGRITY_CHECK, 1);
    let mut answer = [0; 2];
    // A hashed version needs the devices' identities.
    let mut count = 0;
    let no_devices = unsafe { raw::cuDeviceGetCount(&mut count) };
    assert_ne!(no_devices, CUresult::CUDA_SUCCESS);
    assert_eq!(check(12092, 1_765_000_000, &mut answer), no_devices);
    // Versions ending in 0 or 1 hash nothing: their fixed answers need no device.
    // (The answers ZLUDA's dark_api records for them.)
    for (version, want) in [
        (12090, [0x3341181C03CB675C, 0x8ED383AA1F4CD1E8]),
        (13001, [0x1841181C03CB675C, 0x8ED383AA1F4CD1E8]),
    ] {
        assert_eq!(check(version, 0, &mut answer), CUresult::CUDA_SUCCESS);
        assert_eq!(answer, want, "{version}");
    }
    assert_eq!(
        check(12092, 0, std::ptr::null_mut()),
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
    type Primary = extern "C" fn(*mut CUcontext, i32) -> CUresult;
    let primary: Primary = slot(CUDART_INTERFACE, 2);
    let mut ctx = std::ptr::null_mut();
    assert_ne!(primary(&mut ctx, 0), CUresult::CUDA_SUCCESS);
    assert_eq!(
        primary(std::ptr::null_mut(), 0),
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}

#[test]
fn the_runtimes_fat_binary_loads_as_cu_module_load_data_loads_it() {
    type Load = extern "C" fn(*mut *mut c_void, *const c_void) -> CUresult;
    let load: Load = slot(CUDART_INTERFACE, 1);
    let mut module = std::ptr::null_mut();
    assert_eq!(
        load(&mut module, std::ptr::null()),
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
    // An nvcc fat binary wrapper (`__fatBinC_Wrapper_t`) around a fatbin with no entries.
    let fatbin: [u64; 2] = [0x0010_0001_BA55_ED50, 0];
    let wrapper: [u64; 3] = [0x0000_0001_4662_43B1, fatbin.as_ptr() as u64, 0];
    let ours = load(&mut module, wrapper.as_ptr().cast());
    let direct =
        unsafe { raw::cuModuleLoadData((&raw mut module).cast(), wrapper.as_ptr().cast()) };
    assert_eq!(ours, direct);
    assert_ne!(ours, CUresult::CUDA_SUCCESS);
}

#[test]
fn the_slots_nobody_understands_refuse_with_not_supported() {
    type Bypass = extern "C" fn(*mut CUcontext, u32, i32) -> CUresult;
    let bypass: Bypass = slot(CTX_CREATE_BYPASS, 1);
    assert_eq!(
        bypass(std::ptr::null_mut(), 0, 0),
        CUresult::CUDA_ERROR_NOT_SUPPORTED
    );
    type HeapFree = extern "C" fn(*const c_void, *mut usize) -> CUresult;
    let heap_free: HeapFree = slot(HEAP_ACCESS, 2);
    assert_eq!(
        heap_free(std::ptr::null(), std::ptr::null_mut()),
        CUresult::CUDA_ERROR_NOT_SUPPORTED
    );
}

/// NVIDIA's driver's own answers to its runtime's integrity check, with every input it hashed,
/// captured natively on an NVIDIA GPU (the GPU suite's `integrity` suite,
/// tests/gpu/python/capture_integrity.py): this layer's hash of the same inputs gives each.
#[test]
fn the_integrity_answer_is_nvidias_for_the_same_inputs() {
    let text = include_str!("fixtures/integrity_nvidia.txt");
    let number = |v: &str| match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).expect("hex"),
        None => v.parse().expect("number"),
    };
    let mut inputs = export_tables::IntegrityInputs {
        driver_version: 0,
        version: 0,
        process: 0,
        thread: 0,
        cudart_interface_table: 0,
        integrity_check_table: 0,
        integrity_check_function: 0,
        unix_seconds: 0,
        devices: Vec::new(),
    };
    let (mut answers, mut hashed) = (0, std::collections::BTreeSet::new());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["driver_version", v] => inputs.driver_version = number(v) as u32,
            ["process", v] => inputs.process = number(v) as u32,
            ["thread", v] => inputs.thread = number(v) as u32,
            ["cudart_interface_table", v] => inputs.cudart_interface_table = number(v) as usize,
            ["integrity_check_table", v] => inputs.integrity_check_table = number(v) as usize,
            ["integrity_check_function", v] => inputs.integrity_check_function = number(v) as usize,
            ["device", uuid, domain, bus, device] => {
                let uuid = export_tables::uuid(uuid);
                let pci = [domain, bus, device].map(|n| number(n) as i32);
                inputs.devices.push((uuid, pci));
            }
            ["answer", version, seconds, w0, w1] => {
                inputs.version = number(version) as u32;
                inputs.unix_seconds = number(seconds);
                let want = [number(w0), number(w1)];
                assert_eq!(inputs.answer(), want, "{line}");
                answers += 1;
                if inputs.version % 10 > 1 {
                    hashed.insert(inputs.version);
                }
            }
            _ => panic!("unexpected fixture line `{line}`"),
        }
    }
    assert!(!inputs.devices.is_empty(), "no device in the fixture");
    assert!(
        answers >= 8 && hashed.len() >= 4,
        "{answers} answers, hashed versions {hashed:?}"
    );
}
