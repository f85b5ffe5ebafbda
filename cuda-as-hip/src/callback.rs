//! Stream callbacks and host functions, for the driver and the runtime alike. HIP calls a
//! HIP-typed callback with a HIP status; a trampoline hands the CUDA callback (the driver's
//! `CUstreamCallback`, the runtime's `cudaStreamCallback_t`) its API's own code instead. Where the
//! HIP runtime lacks `hipLaunchHostFunc` (HIP 5.2's NVIDIA platform), a host function runs as a
//! stream callback: the same place in stream order.

use crate::call::{hip_stream, Call, ResultCodes, Runtime};
use hip_sys::{hipError_t, Hip};
use std::ffi::{c_uint, c_void};

/// A CUDA stream callback with the API's status type `R` (the stream handle as a pointer: the
/// driver's and the runtime's handle types have the same ABI).
pub type CudaCallback<R> = unsafe extern "C" fn(*mut c_void, R, *mut c_void);

/// What a trampoline needs: the CUDA function and its argument.
struct Callback<R> {
    callback: CudaCallback<R>,
    user_data: *mut c_void,
}

struct HostFn {
    host_fn: unsafe extern "C" fn(*mut c_void),
    user_data: *mut c_void,
}

/// Runs once per HIP callback: HIP's status becomes the API's before the CUDA callback sees it.
unsafe extern "C" fn trampoline<R: ResultCodes<Library = Hip>>(
    stream: hip_sys::hipStream_t,
    status: hipError_t,
    data: *mut c_void,
) {
    let cb = unsafe { Box::from_raw(data.cast::<Callback<R>>()) };
    let status = match (status, hip_sys::hip()) {
        (hipError_t(0), _) => R::SUCCESS,
        (e, Ok(h)) => R::from_hip(i64::from(e.0), h.bindings()).unwrap_or(R::UNKNOWN),
        (_, Err(_)) => R::UNKNOWN,
    };
    unsafe { (cb.callback)(stream.cast(), status, cb.user_data) };
}

unsafe extern "C" fn host_fn_trampoline(_: hip_sys::hipStream_t, _: hipError_t, data: *mut c_void) {
    let f = unsafe { Box::from_raw(data.cast::<HostFn>()) };
    unsafe { (f.host_fn)(f.user_data) };
}

/// `cuStreamAddCallback` / `cudaStreamAddCallback`.
///
/// # Safety
/// `stream` is a live stream or special handle; `callback` is callable with `user_data`.
pub unsafe fn add_stream_callback<R: ResultCodes<Library = Hip>>(
    call: Call<R>,
    stream: *mut c_void,
    callback: Option<CudaCallback<R>>,
    user_data: *mut c_void,
    flags: c_uint,
) -> R {
    let Some(callback) = callback else {
        return call.null_argument("callback");
    };
    let h = match call.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    let data = Callback {
        callback,
        user_data,
    };
    unsafe { stream_callback(call, h, stream, trampoline::<R>, data, flags) }
}

/// `cuLaunchHostFunc` / `cudaLaunchHostFunc`: `hipLaunchHostFunc`, or where HIP lacks it a stream
/// callback calling the host function.
///
/// # Safety
/// As [`add_stream_callback`].
pub unsafe fn launch_host_func<R: ResultCodes<Library = Hip>>(
    call: Call<R>,
    stream: *mut c_void,
    host_fn: Option<unsafe extern "C" fn(*mut c_void)>,
    user_data: *mut c_void,
) -> R {
    let Some(host_fn) = host_fn else {
        return call.null_argument("fn");
    };
    let h = match call.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    let direct = unsafe { h.hipLaunchHostFunc(hip_stream(stream), Some(host_fn), user_data) };
    if direct.is_ok() {
        return call.result(h, direct);
    }
    let data = HostFn { host_fn, user_data };
    unsafe { stream_callback(call, h, stream, host_fn_trampoline, data, 0) }
}

/// Hands `data` to HIP as a stream callback run by `trampoline`, which takes the box back; when
/// HIP refuses the callback the box is freed here (the trampoline will never run).
unsafe fn stream_callback<T, R: ResultCodes<Library = Hip>>(
    call: Call<R>,
    h: Runtime,
    stream: *mut c_void,
    trampoline: unsafe extern "C" fn(hip_sys::hipStream_t, hipError_t, *mut c_void),
    data: T,
    flags: c_uint,
) -> R {
    let data = Box::into_raw(Box::new(data));
    let r = call.result(h, unsafe {
        h.hipStreamAddCallback(hip_stream(stream), Some(trampoline), data.cast(), flags)
    });
    if r != R::SUCCESS {
        drop(unsafe { Box::from_raw(data) });
    }
    r
}
