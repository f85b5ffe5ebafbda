//! NVIDIA's own driver (`libcuda.so.1`), opened at run time: the harness measures the original PTX
//! against the round trip on NVIDIA's JIT, never through cuda-as-hip.
use crate::inputs::{Argument, DYNAMIC_SHARED, GRID};
use crate::signature::Kernel;
use libloading::Library;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::ptr::{null, null_mut};

type CuResult = c_int;
type Handle = *mut c_void;

/// The driver entry points the harness calls, resolved once.
macro_rules! entry_points {
    ($($name:ident: fn($($arg:ty),*);)*) => {
        #[allow(non_snake_case)]
        struct Api { $($name: unsafe extern "C" fn($($arg),*) -> CuResult,)* }
        impl Api {
            fn resolve(lib: &Library) -> Result<Api, String> {
                // SAFETY: each symbol has the C signature cuda.h declares for it.
                unsafe { Ok(Api { $($name: *lib.get(concat!(stringify!($name), "\0").as_bytes())
                    .map_err(|e| format!("libcuda.so.1 lacks {}: {e}", stringify!($name)))?,)* }) }
            }
        }
    };
}

entry_points! {
    cuInit: fn(c_uint);
    cuDeviceGet: fn(*mut c_int, c_int);
    cuDevicePrimaryCtxRetain: fn(*mut Handle, c_int);
    cuCtxSetCurrent: fn(Handle);
    cuCtxSynchronize: fn();
    cuGetErrorName: fn(CuResult, *mut *const c_char);
    cuModuleLoadDataEx: fn(*mut Handle, *const c_void, c_uint, *mut c_int, *mut *mut c_void);
    cuModuleUnload: fn(Handle);
    cuModuleGetFunction: fn(*mut Handle, Handle, *const c_char);
    cuMemAlloc_v2: fn(*mut u64, usize);
    cuMemFree_v2: fn(u64);
    cuMemcpyHtoD_v2: fn(u64, *const c_void, usize);
    cuMemcpyDtoH_v2: fn(*mut c_void, u64, usize);
    cuLaunchKernel: fn(Handle, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, Handle, *mut *mut c_void, *mut *mut c_void);
    cuEventCreate: fn(*mut Handle, c_uint);
    cuEventRecord: fn(Handle, Handle);
    cuEventSynchronize: fn(Handle);
    cuEventElapsedTime: fn(*mut f32, Handle, Handle);
    cuEventDestroy_v2: fn(Handle);
}

const CU_JIT_ERROR_LOG_BUFFER: c_int = 5;
const CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES: c_int = 6;
const LOG_BYTES: usize = 8192;

pub struct Cuda {
    api: Api,
    _lib: Library,
}

/// A loaded module; unloaded when dropped.
pub struct Module<'a> {
    cuda: &'a Cuda,
    handle: Handle,
}

/// What one launch left in the kernel's buffers, in parameter order, and its time on the GPU.
pub struct Run {
    pub buffers: Vec<Vec<u8>>,
    pub milliseconds: f32,
}

impl Cuda {
    /// NVIDIA's driver with device 0's primary context current.
    pub fn open() -> Result<Cuda, String> {
        // SAFETY: loading NVIDIA's driver runs its initialisers, which have no preconditions.
        let lib = unsafe { Library::new("libcuda.so.1") }
            .map_err(|e| format!("no NVIDIA driver: {e}"))?;
        let cuda = Cuda {
            api: Api::resolve(&lib)?,
            _lib: lib,
        };
        let (mut dev, mut ctx) = (0, null_mut());
        cuda.check("cuInit", unsafe { (cuda.api.cuInit)(0) })?;
        cuda.check("cuDeviceGet", unsafe {
            (cuda.api.cuDeviceGet)(&mut dev, 0)
        })?;
        cuda.check("cuDevicePrimaryCtxRetain", unsafe {
            (cuda.api.cuDevicePrimaryCtxRetain)(&mut ctx, dev)
        })?;
        cuda.check("cuCtxSetCurrent", unsafe {
            (cuda.api.cuCtxSetCurrent)(ctx)
        })?;
        Ok(cuda)
    }

    fn check(&self, call: &str, r: CuResult) -> Result<(), String> {
        if r == 0 {
            return Ok(());
        }
        let mut name = null();
        // SAFETY: cuGetErrorName writes a static string's address, or leaves it NULL.
        unsafe { (self.api.cuGetErrorName)(r, &mut name) };
        let name = if name.is_null() {
            "unknown".into()
        } else {
            unsafe { CStr::from_ptr(name) }.to_string_lossy()
        };
        Err(format!("{call}: {name} ({r})"))
    }

    /// NVIDIA's JIT on `ptx`; its error log in the error.
    pub fn load(&self, ptx: &str) -> Result<Module<'_>, String> {
        let text = CString::new(ptx).map_err(|_| "PTX with a NUL byte".to_string())?;
        let mut log = vec![0u8; LOG_BYTES];
        let mut options = [CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES];
        let mut values = [log.as_mut_ptr().cast::<c_void>(), LOG_BYTES as *mut c_void];
        let mut handle = null_mut();
        let r = unsafe {
            (self.api.cuModuleLoadDataEx)(
                &mut handle,
                text.as_ptr().cast(),
                2,
                options.as_mut_ptr(),
                values.as_mut_ptr(),
            )
        };
        self.check("cuModuleLoadDataEx", r).map_err(|e| {
            let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
            format!("{e}: {}", String::from_utf8_lossy(&log[..end]).trim())
        })?;
        Ok(Module { cuda: self, handle })
    }

    /// Launches `kernel` of `module` with `args` (the convention of [`crate::inputs`]) and returns its
    /// buffers afterwards. An error (a fault) leaves the context unusable: the caller's process ends.
    pub fn run(
        &self,
        module: &Module,
        kernel: &Kernel,
        args: &[Argument],
        block: u32,
    ) -> Result<Run, String> {
        let name =
            CString::new(kernel.name.as_str()).map_err(|_| "kernel name with NUL".to_string())?;
        let mut function = null_mut();
        self.check(&format!("cuModuleGetFunction({})", kernel.name), unsafe {
            (self.api.cuModuleGetFunction)(&mut function, module.handle, name.as_ptr())
        })?;
        let mut device = Vec::new();
        let result = self
            .upload(args, &mut device)
            .and_then(|()| self.launch(function, kernel, args, &device, block))
            .and_then(|ms| {
                Ok(Run {
                    buffers: self.download(args, &device)?,
                    milliseconds: ms,
                })
            });
        for &d in device.iter().flatten() {
            unsafe { (self.api.cuMemFree_v2)(d) };
        }
        result
    }

    /// A device copy of each buffer argument into `device` (None for values), which the caller frees.
    fn upload(&self, args: &[Argument], device: &mut Vec<Option<u64>>) -> Result<(), String> {
        for a in args {
            let Argument::Buffer(bytes) = a else {
                device.push(None);
                continue;
            };
            let mut d = 0;
            self.check("cuMemAlloc", unsafe {
                (self.api.cuMemAlloc_v2)(&mut d, bytes.len())
            })?;
            device.push(Some(d));
            self.check("cuMemcpyHtoD", unsafe {
                (self.api.cuMemcpyHtoD_v2)(d, bytes.as_ptr().cast(), bytes.len())
            })?;
        }
        Ok(())
    }

    fn launch(
        &self,
        function: Handle,
        kernel: &Kernel,
        args: &[Argument],
        device: &[Option<u64>],
        block: u32,
    ) -> Result<f32, String> {
        let mut pointers: Vec<u64> = device.iter().map(|d| d.unwrap_or(0)).collect();
        let mut params: Vec<*mut c_void> = args
            .iter()
            .zip(pointers.iter_mut())
            .map(|(a, p)| match a {
                Argument::Buffer(_) => (p as *mut u64).cast(),
                Argument::Value(bytes) => bytes.as_ptr().cast_mut().cast(),
            })
            .collect();
        let shared = if kernel.dynamic_shared {
            DYNAMIC_SHARED
        } else {
            0
        };
        let (mut start, mut end) = (null_mut(), null_mut());
        self.check("cuEventCreate", unsafe {
            (self.api.cuEventCreate)(&mut start, 0)
        })?;
        self.check("cuEventCreate", unsafe {
            (self.api.cuEventCreate)(&mut end, 0)
        })?;
        let ms = self.timed(function, (start, end), block, shared, &mut params);
        unsafe { (self.api.cuEventDestroy_v2)(start) };
        unsafe { (self.api.cuEventDestroy_v2)(end) };
        ms
    }

    /// The launch between two events; its time in milliseconds.
    fn timed(
        &self,
        function: Handle,
        (start, end): (Handle, Handle),
        block: u32,
        shared: u32,
        params: &mut [*mut c_void],
    ) -> Result<f32, String> {
        self.check("cuEventRecord", unsafe {
            (self.api.cuEventRecord)(start, null_mut())
        })?;
        let r = unsafe {
            (self.api.cuLaunchKernel)(
                function,
                GRID,
                1,
                1,
                block,
                1,
                1,
                shared,
                null_mut(),
                params.as_mut_ptr(),
                null_mut(),
            )
        };
        self.check("cuLaunchKernel", r)?;
        self.check("cuEventRecord", unsafe {
            (self.api.cuEventRecord)(end, null_mut())
        })?;
        self.check("kernel", unsafe { (self.api.cuCtxSynchronize)() })?;
        self.check("cuEventSynchronize", unsafe {
            (self.api.cuEventSynchronize)(end)
        })?;
        let mut ms = 0.0;
        self.check("cuEventElapsedTime", unsafe {
            (self.api.cuEventElapsedTime)(&mut ms, start, end)
        })?;
        Ok(ms)
    }

    fn download(&self, args: &[Argument], device: &[Option<u64>]) -> Result<Vec<Vec<u8>>, String> {
        let mut out = Vec::new();
        for (a, d) in args.iter().zip(device) {
            if let (Argument::Buffer(bytes), Some(d)) = (a, d) {
                let mut host = vec![0u8; bytes.len()];
                self.check("cuMemcpyDtoH", unsafe {
                    (self.api.cuMemcpyDtoH_v2)(host.as_mut_ptr().cast(), *d, host.len())
                })?;
                out.push(host);
            }
        }
        Ok(out)
    }
}

impl Drop for Module<'_> {
    fn drop(&mut self) {
        unsafe { (self.cuda.api.cuModuleUnload)(self.handle) };
    }
}
