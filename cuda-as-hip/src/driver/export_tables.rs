//! `cuGetExportTable`: NVIDIA's private driver tables. NVIDIA's CUDA runtime — linked statically
//! into CuPy and cuda-python's `cuda.bindings.runtime` — asks the driver for them by UUID before
//! its first device call and fails (`cudaErrorNotSupported`) without them. Nothing documents them;
//! what each slot does is what ZLUDA found running real applications on NVIDIA's driver
//! (ARCHITECTURE.md, "NVIDIA's private driver tables"). A table is an array of addresses, slot 0
//! mostly its size in bytes; the slots no known runtime calls stay NULL, as ZLUDA leaves them.

#![allow(non_snake_case)]

use crate::call::DriverCall;
use crate::driver::context_storage::{self, Destructor};
use crate::driver::sys::{CUcontext, CUdevice, CUmodule, CUresult, CUuuid, CUDA_VERSION};
use crate::generated::raw;
use hmac::{Hmac, Mac};
use md2::Md2;
use std::ffi::{c_uint, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A table's slots: function addresses, its size (slot 0 of most), or NULL.
#[repr(transparent)]
pub struct Table<const N: usize>([*const c_void; N]);
// SAFETY: the slots are immutable addresses of functions and integers.
unsafe impl<const N: usize> Sync for Table<N> {}

const NONE: *const c_void = std::ptr::null();

/// Slot 0 of a sized table: its length in bytes.
const fn size_of_table<const N: usize>() -> *const c_void {
    (N * std::mem::size_of::<usize>()) as *const c_void
}

/// A UUID as CUDA's `CUuuid` bytes, from its textual form (`6bd5fb6c-5bf4-…`; dashes optional).
pub const fn uuid(text: &str) -> [u8; 16] {
    let (text, mut bytes, mut i, mut n) = (text.as_bytes(), [0u8; 16], 0, 0);
    while i < text.len() {
        let digit = match text[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => 16, // '-'
        };
        if digit < 16 {
            bytes[n / 2] = bytes[n / 2] << 4 | digit;
            n += 1;
        }
        i += 1;
    }
    bytes
}

/// Module loading for the runtime's registered fat binaries, its primary-context lookup, and the
/// compilers' loading.
static CUDART_INTERFACE: Table<13> = Table([
    size_of_table::<13>(),
    module_from_fatbin as *const c_void,
    primary_context as *const c_void,
    NONE,
    NONE,
    NONE,
    module_from_fatbin_wrapper_ext as *const c_void,
    runtime_notice as *const c_void,
    module_from_fatbin_ext as *const c_void,
    NONE,
    NONE,
    NONE,
    load_compilers as *const c_void,
]);
static TOOLS_TLS: Table<4> = Table([size_of_table::<4>(), NONE, NONE, NONE]);
/// Two buffers the runtime writes its tool hooks to.
static TOOLS_RUNTIME_CALLBACK_HOOKS: Table<7> = Table([
    size_of_table::<7>(),
    NONE,
    hooks_buffer as *const c_void,
    NONE,
    NONE,
    NONE,
    hooks_flags as *const c_void,
]);
/// No size slot: put, delete, get.
static CONTEXT_LOCAL_STORAGE: Table<4> = Table([
    storage_put as *const c_void,
    storage_delete as *const c_void,
    storage_get as *const c_void,
    NONE,
]);
static CTX_CREATE_BYPASS: Table<2> =
    Table([size_of_table::<2>(), ctx_create_bypass as *const c_void]);
static HEAP_ACCESS: Table<3> = Table([
    size_of_table::<3>(),
    heap_alloc as *const c_void,
    heap_free as *const c_void,
]);
static DEVICE_EXTENDED_RT: Table<26> = {
    let mut slots = [NONE; 26];
    slots[0] = size_of_table::<26>();
    slots[5] = device_attribute_ext as *const c_void;
    slots[13] = device_flag as *const c_void;
    Table(slots)
};
static INTEGRITY_CHECK: Table<3> =
    Table([size_of_table::<3>(), integrity_check as *const c_void, NONE]);
static CONTEXT_CHECKS: Table<4> = Table([
    size_of_table::<4>(),
    NONE,
    context_check as *const c_void,
    context_flags as *const c_void,
]);

/// The tables by UUID, with the names ZLUDA gave them.
fn tables() -> [([u8; 16], &'static str, *const c_void); 9] {
    [
        (
            uuid("6bd5fb6c-5bf4-e74a-8987-d93912fd9df9"),
            "CUDART_INTERFACE",
            CUDART_INTERFACE.0.as_ptr().cast(),
        ),
        (
            uuid("42d85a81-23f6-cb47-8298-f6e78a3aecdc"),
            "TOOLS_TLS",
            TOOLS_TLS.0.as_ptr().cast(),
        ),
        (
            uuid("a094798c-2e74-2e74-93f2-0800200c0a66"),
            "TOOLS_RUNTIME_CALLBACK_HOOKS",
            TOOLS_RUNTIME_CALLBACK_HOOKS.0.as_ptr().cast(),
        ),
        (
            uuid("c693336e-1121-df11-a8c3-68f355d89593"),
            "CONTEXT_LOCAL_STORAGE_INTERFACE_V0301",
            CONTEXT_LOCAL_STORAGE.0.as_ptr().cast(),
        ),
        (
            uuid("0ca50b8c-1004-929a-89a7-d0df10e77286"),
            "CTX_CREATE_BYPASS",
            CTX_CREATE_BYPASS.0.as_ptr().cast(),
        ),
        (
            uuid("195bcbf4-d67d-024a-acc5-1d29cea631ae"),
            "HEAP_ACCESS",
            HEAP_ACCESS.0.as_ptr().cast(),
        ),
        (
            uuid("b10541e1-f7c7-c74a-9f64-f223be99f1e2"),
            "DEVICE_EXTENDED_RT",
            DEVICE_EXTENDED_RT.0.as_ptr().cast(),
        ),
        (
            uuid("d4082055-bde6-704b-8d34-ba123c66e1f2"),
            "INTEGRITY_CHECK",
            INTEGRITY_CHECK.0.as_ptr().cast(),
        ),
        (
            uuid("263e8860-7cd2-6143-92f6-bbd5006dfa7e"),
            "CONTEXT_CHECKS",
            CONTEXT_CHECKS.0.as_ptr().cast(),
        ),
    ]
}

/// cuGetExportTable: the table whose UUID is `id`, or `CUDA_ERROR_INVALID_VALUE` (NVIDIA's answer
/// for a table it does not have) with the UUID in the log.
///
/// # Safety
/// `table` is NULL or valid for a write; `id` is NULL or points to a `CUuuid`.
pub unsafe fn cuGetExportTable(table: *mut *const c_void, id: *const CUuuid) -> CUresult {
    const F: DriverCall = DriverCall::to("cuGetExportTable", "");
    if table.is_null() || id.is_null() {
        let param = if table.is_null() {
            "ppExportTable"
        } else {
            "pExportTableId"
        };
        return F.null_argument(param);
    }
    let bytes = unsafe { (*id).bytes }.map(|b| b as u8);
    match tables().into_iter().find(|(uuid, ..)| *uuid == bytes) {
        Some((_, name, start)) => {
            crate::log::info(|| format!("cuGetExportTable: {name}"));
            unsafe { *table = start };
            CUresult::CUDA_SUCCESS
        }
        None => {
            let uuid: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            F.rejected(
                CUresult::CUDA_ERROR_INVALID_VALUE,
                &format!("no NVIDIA-private table {uuid} here"),
            )
        }
    }
}

/// The body of a table function: no panic crosses the C ABI (`CUDA_ERROR_UNKNOWN` instead); the
/// call is traced as the API's calls are (NVIDIA's runtime calls these between its API calls).
fn guarded(name: &str, body: impl FnOnce() -> CUresult) -> CUresult {
    let r = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        crate::log::warn_once(format!(
            "export table function {name} panicked: CUDA_ERROR_UNKNOWN"
        ));
        CUresult::CUDA_ERROR_UNKNOWN
    });
    traced(name, &r);
    r
}

/// The trace line of a call into a table (`slot`: the table's name and the slot's index).
fn traced(slot: &str, result: &dyn std::fmt::Debug) {
    if crate::log::tracing() {
        eprintln!("cuda-as-hip: NVIDIA-private {slot} = {result:?}");
    }
}

/// A slot whose meaning nobody knows well enough to implement: refused, and the log says which.
fn not_provided(slot: &str) -> CUresult {
    crate::log::warn_once(format!(
        "NVIDIA's CUDA runtime called the private driver function {slot}, which this layer does not provide: CUDA_ERROR_NOT_SUPPORTED"
    ));
    CUresult::CUDA_ERROR_NOT_SUPPORTED
}

/// A module from the runtime's registered fat binary (`__fatBinC_Wrapper_t`): what
/// `cuModuleLoadData` makes of it (its PTX compiled for the AMD GPU; SASS refused).
extern "C" fn module_from_fatbin(module: *mut CUmodule, wrapper: *const c_void) -> CUresult {
    guarded("CUDART_INTERFACE[1]", || load_fatbin(module, wrapper))
}

fn load_fatbin(module: *mut CUmodule, image: *const c_void) -> CUresult {
    if image.is_null() {
        return CUresult::CUDA_ERROR_INVALID_VALUE;
    }
    unsafe { raw::cuModuleLoadData(module, image) }
}

/// The same with three more arguments; only their neutral values are understood.
extern "C" fn module_from_fatbin_wrapper_ext(
    module: *mut CUmodule,
    wrapper: *const c_void,
    arg3: *mut c_void,
    arg4: *mut c_void,
    arg5: c_uint,
) -> CUresult {
    guarded("CUDART_INTERFACE[6]", || {
        match (arg3.is_null(), arg4.is_null(), arg5) {
            (true, true, 0) => load_fatbin(module, wrapper),
            _ => not_provided("CUDART_INTERFACE[6] with extra arguments"),
        }
    })
}

/// The same from the fat binary's own header, the module second.
extern "C" fn module_from_fatbin_ext(
    fatbin: *const c_void,
    module: *mut CUmodule,
    arg3: *mut c_void,
    arg4: *mut c_void,
    arg5: c_uint,
) -> CUresult {
    guarded("CUDART_INTERFACE[8]", || {
        match (arg3.is_null(), arg4.is_null(), arg5) {
            (true, true, 0) => load_fatbin(module, fatbin),
            _ => not_provided("CUDART_INTERFACE[8] with extra arguments"),
        }
    })
}

/// `dev`'s primary context, its state unchanged.
extern "C" fn primary_context(ctx: *mut CUcontext, dev: CUdevice) -> CUresult {
    guarded("CUDART_INTERFACE[2]", || {
        if ctx.is_null() {
            return CUresult::CUDA_ERROR_INVALID_VALUE;
        }
        match context_storage::primary_context(dev) {
            Ok(primary) => {
                unsafe { *ctx = primary };
                CUresult::CUDA_SUCCESS
            }
            Err(failed) => failed,
        }
    })
}

/// A notice from the runtime with nothing to do here.
extern "C" fn runtime_notice(notice: usize) {
    traced("CUDART_INTERFACE[7]", &notice);
}

/// NVIDIA's driver loads its PTX compiler and libNVVM here; PTX is translated in-process.
extern "C" fn load_compilers() -> CUresult {
    guarded("CUDART_INTERFACE[12]", || CUresult::CUDA_SUCCESS)
}

/// The runtime's tool-hook buffers: one 32-bit flag per API call a tool may subscribe to (all 0:
/// none is), and a few more. The size handed out counts entries, not bytes: NVIDIA's runtime of
/// CUDA 12.9 (cuda-bindings' `cyruntime`) requires more than 486 and 13 entries and reads the
/// flag at byte 4 · 486 = 0x798 of the first. Handed bytes (as this layer did before), it read
/// flags past the buffer's end, in this library's other data.
static HOOKS_BUFFER: HookBuffer<1024> = HookBuffer::new();
static HOOKS_FLAGS: HookBuffer<14> = HookBuffer::new();

#[repr(transparent)]
struct HookBuffer<const N: usize>(std::cell::UnsafeCell<[u32; N]>);
// SAFETY: only the runtime writes the buffer, through the pointer it is given.
unsafe impl<const N: usize> Sync for HookBuffer<N> {}

impl<const N: usize> HookBuffer<N> {
    const fn new() -> Self {
        Self(std::cell::UnsafeCell::new([0; N]))
    }

    /// The buffer and its length in 32-bit entries.
    fn hand_out(&self, ptr: *mut *mut c_void, entries: *mut usize) {
        if !ptr.is_null() && !entries.is_null() {
            unsafe {
                *ptr = self.0.get().cast();
                *entries = N;
            }
        }
    }
}

extern "C" fn hooks_buffer(ptr: *mut *mut c_void, size: *mut usize) {
    HOOKS_BUFFER.hand_out(ptr, size);
    traced("TOOLS_RUNTIME_CALLBACK_HOOKS[2]", &ptr);
}

extern "C" fn hooks_flags(ptr: *mut *mut c_void, size: *mut usize) {
    HOOKS_FLAGS.hand_out(ptr, size);
    traced("TOOLS_RUNTIME_CALLBACK_HOOKS[6]", &ptr);
}

extern "C" fn storage_put(
    ctx: CUcontext,
    key: *mut c_void,
    value: *mut c_void,
    dtor: Option<Destructor>,
) -> CUresult {
    guarded("CONTEXT_LOCAL_STORAGE[0]", || {
        context_storage::put(ctx, key, value, dtor)
    })
}

extern "C" fn storage_delete(ctx: CUcontext, key: *mut c_void) -> CUresult {
    guarded("CONTEXT_LOCAL_STORAGE[1]", || {
        context_storage::delete(ctx, key)
    })
}

extern "C" fn storage_get(value: *mut *mut c_void, ctx: CUcontext, key: *mut c_void) -> CUresult {
    let r = guarded("CONTEXT_LOCAL_STORAGE[2]", || unsafe {
        context_storage::get(value, ctx, key)
    });
    if r == CUresult::CUDA_SUCCESS {
        traced("CONTEXT_LOCAL_STORAGE[2]'s value", &unsafe { *value });
    }
    r
}

extern "C" fn ctx_create_bypass(_: *mut CUcontext, _: c_uint, _: CUdevice) -> CUresult {
    not_provided("CTX_CREATE_BYPASS[1]")
}

extern "C" fn heap_alloc(_: *mut *const c_void, _: usize, _: usize) -> CUresult {
    not_provided("HEAP_ACCESS[1]")
}

extern "C" fn heap_free(_: *const c_void, _: *mut usize) -> CUresult {
    not_provided("HEAP_ACCESS[2]")
}

extern "C" fn device_attribute_ext(_: CUdevice, _: c_uint, _: i32, _: *mut [usize; 2]) -> CUresult {
    not_provided("DEVICE_EXTENDED_RT[5]")
}

extern "C" fn device_flag(_: *mut u8, _: CUdevice) -> CUresult {
    not_provided("DEVICE_EXTENDED_RT[13]")
}

/// A context check whose bits NVIDIA's driver never sets: none set.
extern "C" fn context_check(_: CUcontext, flags: *mut u32, _: *mut *const c_void) -> CUresult {
    guarded("CONTEXT_CHECKS[2]", || {
        if flags.is_null() {
            return CUresult::CUDA_ERROR_INVALID_VALUE;
        }
        unsafe { *flags = 0 };
        CUresult::CUDA_SUCCESS
    })
}

extern "C" fn context_flags() -> u32 {
    traced("CONTEXT_CHECKS[3]", &0);
    0
}

/// The runtime's check that it talks to NVIDIA's driver: `result` = HMAC-MD2, under a key fixed
/// in both, of what both can see (`IntegrityInputs`). The runtime computes the same and compares.
/// Versions ending in 0 or 1 take fixed answers instead.
extern "C" fn integrity_check(version: u32, unix_seconds: u64, result: *mut [u64; 2]) -> CUresult {
    guarded("INTEGRITY_CHECK[1]", || {
        if result.is_null() {
            return CUresult::CUDA_ERROR_INVALID_VALUE;
        }
        let answer = match fixed_answer(version) {
            Some(fixed) => fixed,
            None => match IntegrityInputs::here(version, unix_seconds) {
                Ok(inputs) => inputs.answer(),
                Err(failed) => return failed,
            },
        };
        unsafe { *result = answer };
        CUresult::CUDA_SUCCESS
    })
}

/// The answers of runtime versions ending in 0 or 1, which hash nothing (so need no device).
fn fixed_answer(version: u32) -> Option<[u64; 2]> {
    match version % 10 {
        0 => Some([0x3341181C03CB675C, 0x8ED383AA1F4CD1E8]),
        1 => Some([0x1841181C03CB675C, 0x8ED383AA1F4CD1E8]),
        _ => None,
    }
}

/// The key both sides hold.
const INTEGRITY_KEY: [u8; 16] = [
    0x14, 0x6A, 0xDD, 0xAE, 0x53, 0xA9, 0xA7, 0x52, 0xAA, 0x08, 0x41, 0x36, 0x0B, 0xF5, 0x5A, 0x9F,
];

/// What the integrity check hashes, in this order, native-endian.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrityInputs {
    /// The driver's `cuDriverGetVersion`.
    pub driver_version: u32,
    /// The runtime's, as it passes it.
    pub version: u32,
    pub process: u32,
    /// `pthread_self()`'s low 32 bits.
    pub thread: u32,
    pub cudart_interface_table: usize,
    pub integrity_check_table: usize,
    pub integrity_check_function: usize,
    pub unix_seconds: u64,
    /// Each device's UUID and PCI domain, bus and device numbers.
    pub devices: Vec<([u8; 16], [i32; 3])>,
}

impl IntegrityInputs {
    /// The inputs as this process, thread and layer's devices give them.
    pub fn here(version: u32, unix_seconds: u64) -> Result<Self, CUresult> {
        let mut count = 0;
        unsafe { raw::cuDeviceGetCount(&mut count) }.into_result()?;
        Ok(Self {
            driver_version: CUDA_VERSION,
            version,
            process: std::process::id(),
            thread: unsafe { libc::pthread_self() } as u32,
            cudart_interface_table: CUDART_INTERFACE.0.as_ptr() as usize,
            integrity_check_table: INTEGRITY_CHECK.0.as_ptr() as usize,
            integrity_check_function: INTEGRITY_CHECK.0[1] as usize,
            unix_seconds,
            devices: (0..count).map(device_identity).collect::<Result<_, _>>()?,
        })
    }

    /// The check's answer: HMAC-MD2 of the inputs, as two native-endian words.
    pub fn answer(&self) -> [u64; 2] {
        if let Some(fixed) = fixed_answer(self.version) {
            return fixed;
        }
        let mut mac =
            Hmac::<Md2>::new_from_slice(&INTEGRITY_KEY).expect("HMAC takes any key length");
        mac.update(&self.message());
        let digest = mac.finalize().into_bytes();
        let word = |i: usize| u64::from_ne_bytes(std::array::from_fn(|j| digest[i * 8 + j]));
        [word(0), word(1)]
    }

    fn message(&self) -> Vec<u8> {
        let mut message = Vec::with_capacity(48 + 28 * self.devices.len());
        for word in [self.driver_version, self.version, self.process, self.thread] {
            message.extend(word.to_ne_bytes());
        }
        for address in [
            self.cudart_interface_table,
            self.integrity_check_table,
            self.integrity_check_function,
        ] {
            message.extend(address.to_ne_bytes());
        }
        message.extend(self.unix_seconds.to_ne_bytes());
        for (uuid, pci) in &self.devices {
            message.extend(uuid);
            pci.iter().for_each(|n| message.extend(n.to_ne_bytes()));
        }
        message
    }
}

/// A device's UUID and PCI domain, bus and device numbers, as the runtime reads them.
fn device_identity(dev: CUdevice) -> Result<([u8; 16], [i32; 3]), CUresult> {
    use crate::driver::sys::CUdevice_attribute::*;
    let mut uuid = CUuuid { bytes: [0; 16] };
    unsafe { raw::cuDeviceGetUuid_v2(&mut uuid, dev) }.into_result()?;
    let mut pci = [0; 3];
    let attributes = [
        CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID,
        CU_DEVICE_ATTRIBUTE_PCI_BUS_ID,
        CU_DEVICE_ATTRIBUTE_PCI_DEVICE_ID,
    ];
    for (value, attribute) in pci.iter_mut().zip(attributes) {
        unsafe { raw::cuDeviceGetAttribute(value, attribute as u32, dev) }.into_result()?;
    }
    Ok((uuid.bytes.map(|b| b as u8), pci))
}
