//! Numbers standing for HIP handles, where a CUDA library's handle is an integer and its ROCm
//! counterpart's a pointer: cuFFT's plans (`typedef int cufftHandle`) against hipFFT's
//! (`hipfftHandle`, a pointer). The generated layer hands out a number for each HIP handle a call
//! creates and looks the HIP handle up for each call that takes one (aliasgen's
//! `FamilyRow::id_handle`); the hand-written destroy call forgets it.

use crate::call::{Call, ResultCodes};
use std::collections::BTreeMap;
use std::ffi::{c_int, c_void};
use std::sync::RwLock;

/// The live numbers of one family and the HIP handles they stand for. Numbers start at 1 and are
/// not reused (before 2³¹ − 1 of them were handed out, when they start at 1 again), so a destroyed
/// plan's number stays invalid (cuFFT answers CUFFT_INVALID_PLAN).
pub struct IdHandles {
    live: RwLock<(c_int, BTreeMap<c_int, usize>)>,
}

impl IdHandles {
    pub const fn new() -> Self {
        Self {
            live: RwLock::new((0, BTreeMap::new())),
        }
    }

    /// A new number for `hip`.
    pub fn insert(&self, hip: *mut c_void) -> c_int {
        let mut live = self.live.write().unwrap_or_else(|e| e.into_inner());
        live.0 = live.0.checked_add(1).unwrap_or(1);
        let id = live.0;
        live.1.insert(id, hip as usize);
        id
    }

    /// The HIP handle `id` stands for; a number never handed out, or forgotten, is refused with
    /// the family's invalid-handle code.
    #[inline]
    pub fn to_hip<R: ResultCodes>(&self, f: &Call<R>, id: c_int) -> Result<*mut c_void, R> {
        let live = self.live.read().unwrap_or_else(|e| e.into_inner());
        match live.1.get(&id) {
            Some(&hip) => Ok(hip as *mut c_void),
            None => Err(f.rejected(R::INVALID_HANDLE, &format!("{id} is not a live handle"))),
        }
    }

    /// Forgets `id`, giving back the HIP handle it stood for.
    pub fn remove(&self, id: c_int) -> Option<*mut c_void> {
        let mut live = self.live.write().unwrap_or_else(|e| e.into_inner());
        live.1.remove(&id).map(|hip| hip as *mut c_void)
    }
}

impl Default for IdHandles {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::CufftCall;
    use crate::cufft::sys::cufftResult;

    #[test]
    fn numbers_stand_for_handles_until_forgotten_and_are_never_reused() {
        const F: CufftCall = CufftCall::new("test");
        let ids = IdHandles::new();
        let (a, b) = (
            ids.insert(0x10 as *mut c_void),
            ids.insert(0x20 as *mut c_void),
        );
        assert_eq!((a, b), (1, 2));
        assert_eq!(ids.to_hip(&F, b), Ok(0x20 as *mut c_void));
        assert_eq!(ids.remove(a), Some(0x10 as *mut c_void));
        assert_eq!(ids.remove(a), None);
        assert_eq!(ids.to_hip(&F, a), Err(cufftResult::CUFFT_INVALID_PLAN));
        assert_eq!(ids.to_hip(&F, 0), Err(cufftResult::CUFFT_INVALID_PLAN));
        assert_eq!(ids.insert(0x30 as *mut c_void), 3);
    }
}
