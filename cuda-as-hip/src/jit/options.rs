//! CUDA's JIT options (`cuModuleLoadDataEx`, `cuLinkCreate`, `cuLibraryLoadData`) as far as they
//! concern a PTX translation here: the caller's log buffers get the translator's and comgr's
//! messages, `CU_JIT_WALL_TIME` the time taken. The options that steer NVIDIA's code generator
//! (optimisation level, register limits, target …) have no AMD meaning and are read past.

use crate::driver::sys::CUjit_option_enum as Opt;
use std::ffi::{c_uint, c_void};

/// One log buffer: where it is, its size, and the option slot that gets the bytes written.
struct Buffer {
    data: *mut u8,
    size: usize,
    size_slot: Option<*mut *mut c_void>,
}

/// The output options a JIT call was given.
#[derive(Default)]
pub struct JitOutputs {
    info: Option<Buffer>,
    error: Option<Buffer>,
    wall_time: Option<*mut *mut c_void>,
}

/// The array of options is malformed: a count without arrays, or an option CUDA does not define.
#[derive(Debug, PartialEq, Eq)]
pub struct BadOption(pub String);

impl JitOutputs {
    /// Reads `count` options.
    ///
    /// # Safety
    /// When `count > 0`, `options` and `values` are arrays of `count` elements, and each log
    /// buffer option's value points to as many writable bytes as its size option says.
    pub unsafe fn read(
        count: c_uint,
        options: *const u32,
        values: *mut *mut c_void,
    ) -> Result<JitOutputs, BadOption> {
        let mut out = JitOutputs::default();
        if count == 0 {
            return Ok(out);
        }
        if options.is_null() || values.is_null() {
            return Err(BadOption(format!("{count} options with a NULL array")));
        }
        let (mut info, mut error) = ((None, None), (None, None));
        for i in 0..count as usize {
            let (option, slot) = unsafe { (*options.add(i), values.add(i)) };
            let value = unsafe { *slot };
            match option {
                o if o == Opt::CU_JIT_INFO_LOG_BUFFER as u32 => info.0 = Some(value.cast()),
                o if o == Opt::CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES as u32 => info.1 = Some(slot),
                o if o == Opt::CU_JIT_ERROR_LOG_BUFFER as u32 => error.0 = Some(value.cast()),
                o if o == Opt::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES as u32 => error.1 = Some(slot),
                o if o == Opt::CU_JIT_WALL_TIME as u32 => out.wall_time = Some(slot),
                o if o < Opt::CU_JIT_NUM_OPTIONS as u32 => {}
                o => {
                    return Err(BadOption(format!(
                        "CUjit_option {o} is not one CUDA defines"
                    )))
                }
            }
        }
        out.info = unsafe { buffer(info) };
        out.error = unsafe { buffer(error) };
        Ok(out)
    }

    /// Fills the log buffers (NUL-terminated, cut to their size; each size slot gets the bytes
    /// written) and the wall time.
    ///
    /// # Safety
    /// As [`JitOutputs::read`] promised, still valid.
    pub unsafe fn write(&self, info: &str, error: &str, elapsed: std::time::Duration) {
        unsafe {
            fill(&self.info, info);
            fill(&self.error, error);
            if let Some(slot) = self.wall_time {
                // CUDA stores a float (milliseconds) in the option's pointer-sized slot.
                slot.cast::<f32>()
                    .write_unaligned(elapsed.as_secs_f32() * 1000.0);
            }
        }
    }
}

/// The buffer named by a (pointer, size slot) option pair, when both are given and non-empty.
unsafe fn buffer((data, size_slot): (Option<*mut u8>, Option<*mut *mut c_void>)) -> Option<Buffer> {
    let data = data.filter(|d| !d.is_null())?;
    // The size is an unsigned int passed in the pointer-sized slot.
    let size = unsafe { *size_slot? } as usize & c_uint::MAX as usize;
    (size > 0).then_some(Buffer {
        data,
        size,
        size_slot,
    })
}

unsafe fn fill(buffer: &Option<Buffer>, text: &str) {
    let Some(b) = buffer else { return };
    let n = text.len().min(b.size - 1);
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), b.data, n);
        b.data.add(n).write(0);
        if let Some(slot) = b.size_slot {
            *slot = (n + 1) as *mut c_void;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_buffers_are_filled_cut_and_their_sizes_written_back() {
        let mut info = [0xffu8; 8];
        let mut error = [0xffu8; 64];
        let mut options = [
            Opt::CU_JIT_INFO_LOG_BUFFER as u32,
            Opt::CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES as u32,
            Opt::CU_JIT_OPTIMIZATION_LEVEL as u32,
            Opt::CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES as u32,
            Opt::CU_JIT_ERROR_LOG_BUFFER as u32,
            Opt::CU_JIT_WALL_TIME as u32,
        ];
        let mut values: [*mut c_void; 6] = [
            info.as_mut_ptr().cast(),
            8 as *mut c_void,
            4 as *mut c_void,
            64 as *mut c_void,
            error.as_mut_ptr().cast(),
            std::ptr::null_mut(),
        ];
        let out = unsafe { JitOutputs::read(6, options.as_mut_ptr(), values.as_mut_ptr()) };
        let out = out.unwrap();
        unsafe {
            out.write(
                "translated 3 kernels",
                "",
                std::time::Duration::from_millis(5),
            )
        };
        assert_eq!(&info, b"transla\0");
        assert_eq!(values[1] as usize, 8);
        assert_eq!(error[0], 0);
        assert_eq!(values[3] as usize, 1);
        let ms = unsafe { values.as_ptr().add(5).cast::<f32>().read_unaligned() };
        assert!((ms - 5.0).abs() < 0.01, "{ms}");
    }

    #[test]
    fn malformed_options_are_refused() {
        let mut options = [Opt::CU_JIT_NUM_OPTIONS as u32];
        let mut values = [std::ptr::null_mut::<c_void>()];
        let read = |n, o: *const u32, v| unsafe { JitOutputs::read(n, o, v) }.err();
        assert!(read(1, options.as_mut_ptr(), values.as_mut_ptr()).is_some());
        assert!(read(1, std::ptr::null(), values.as_mut_ptr()).is_some());
        assert!(read(0, std::ptr::null(), std::ptr::null_mut()).is_none());
    }
}
