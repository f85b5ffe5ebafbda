//! NVIDIA's libnvrtc.so.12 also exports `__nvrtcCPEx`, the internal form of nvrtcCreateProgram:
//! its machine code (NVRTC 12.9.86) shows nvrtcCreateProgram calling it with its own six
//! arguments followed by three zeros (an `int` and two pointers). Those three carry nothing
//! nvrtc.h documents: zeros make it nvrtcCreateProgram, anything else is refused.
#![allow(non_snake_case)]

use crate::guard::guarded;
use cuda_as_hip::call::NvrtcCall;
use cuda_as_hip::nvrtc::sys::{nvrtcProgram, nvrtcResult};
use cuda_as_hip::raw;
use std::ffi::{c_char, c_int, c_void};

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn __nvrtcCPEx(
    prog: *mut nvrtcProgram,
    src: *const c_char,
    name: *const c_char,
    numHeaders: c_int,
    headers: *const *const c_char,
    includeNames: *const *const c_char,
    extension: c_int,
    extension_a: *const c_void,
    extension_b: *const c_void,
) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::new("__nvrtcCPEx");
    if extension != 0 || !extension_a.is_null() || !extension_b.is_null() {
        return F.rejected(
            nvrtcResult::NVRTC_ERROR_INVALID_INPUT,
            "NVIDIA-internal program options this NVRTC does not know: call nvrtcCreateProgram",
        );
    }
    guarded!("__nvrtcCPEx", unsafe {
        raw::nvrtcCreateProgram(prog, src, name, numHeaders, headers, includeNames)
    })
}
