//! Owners of comgr's objects (data, data sets, action infos): each is released when dropped, on
//! every path, and each comgr call's status becomes a `Result`.

use super::{Comgr, ComgrError};
use crate::comgr_sys::{
    amd_comgr_action_info_t, amd_comgr_data_kind_t, amd_comgr_data_set_t, amd_comgr_data_t,
    amd_comgr_language_t, amd_comgr_status_t,
};
use std::ffi::{c_char, CString};

/// Calls comgr's function `$f` through `$invoke` (which gets the function pointer and holds the
/// `unsafe` call): `Err` naming `$f` when the loaded comgr lacks it or it does not succeed.
macro_rules! call {
    ($comgr:expr, $f:ident, $invoke:expr) => {
        $crate::comgr::objects::checked(stringify!($f), $comgr.fns.$f, $invoke)
    };
}
pub(crate) use call;

pub(crate) fn checked<F>(
    function: &'static str,
    f: Option<F>,
    invoke: impl FnOnce(F) -> amd_comgr_status_t,
) -> Result<(), ComgrError> {
    let f = f.ok_or(ComgrError::Missing { name: function })?;
    match invoke(f) {
        amd_comgr_status_t::AMD_COMGR_STATUS_SUCCESS => Ok(()),
        status => Err(ComgrError::Call { function, status }),
    }
}

/// `text` as a C string, or the error naming `what` holds a NUL byte.
pub(crate) fn c_string(what: &str, text: &str) -> Result<CString, ComgrError> {
    CString::new(text).map_err(|_| ComgrError::InvalidArgument {
        what: format!("{what} {text:?} contains a NUL byte"),
    })
}

/// One data object (`amd_comgr_data_t`), released on drop.
pub(crate) struct Data<'c> {
    comgr: &'c Comgr,
    raw: amd_comgr_data_t,
}

impl<'c> Data<'c> {
    /// A new data object of `kind` holding a copy of `bytes`, named `name`.
    pub fn new(
        comgr: &'c Comgr,
        kind: amd_comgr_data_kind_t,
        name: &str,
        bytes: &[u8],
    ) -> Result<Data<'c>, ComgrError> {
        let name = c_string("module name", name)?;
        let mut raw = amd_comgr_data_t { handle: 0 };
        // SAFETY: a valid out-pointer.
        call!(comgr, amd_comgr_create_data, |f| unsafe {
            f(kind, &mut raw)
        })?;
        let data = Data { comgr, raw };
        let bytes_ptr = bytes.as_ptr().cast::<c_char>();
        // SAFETY: `bytes` is valid for its length (comgr copies it); `name` is NUL-terminated.
        call!(comgr, amd_comgr_set_data, |f| unsafe {
            f(raw, bytes.len(), bytes_ptr)
        })?;
        call!(comgr, amd_comgr_set_data_name, |f| unsafe {
            f(raw, name.as_ptr())
        })?;
        Ok(data)
    }

    /// A copy of the bytes it holds.
    pub fn bytes(&self) -> Result<Vec<u8>, ComgrError> {
        let mut size = 0;
        // SAFETY: a NULL buffer asks for the size only.
        call!(self.comgr, amd_comgr_get_data, |f| unsafe {
            f(self.raw, &mut size, std::ptr::null_mut())
        })?;
        let mut bytes = vec![0u8; size];
        let buffer = bytes.as_mut_ptr().cast::<c_char>();
        // SAFETY: `bytes` has room for the `size` bytes comgr writes.
        call!(self.comgr, amd_comgr_get_data, |f| unsafe {
            f(self.raw, &mut size, buffer)
        })?;
        bytes.truncate(size);
        Ok(bytes)
    }
}

impl Drop for Data<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` is ours (created, or returned by `amd_comgr_action_data_get_data` with a
        // reference taken for us); a failure leaves nothing to undo.
        let _ = call!(self.comgr, amd_comgr_release_data, |f| unsafe {
            f(self.raw)
        });
    }
}

/// One data set (`amd_comgr_data_set_t`), destroyed on drop (comgr drops its references to the
/// data objects it holds).
pub(crate) struct DataSet<'c> {
    comgr: &'c Comgr,
    pub(crate) raw: amd_comgr_data_set_t,
}

impl<'c> DataSet<'c> {
    pub fn new(comgr: &'c Comgr) -> Result<DataSet<'c>, ComgrError> {
        let mut raw = amd_comgr_data_set_t { handle: 0 };
        // SAFETY: a valid out-pointer.
        call!(comgr, amd_comgr_create_data_set, |f| unsafe { f(&mut raw) })?;
        Ok(DataSet { comgr, raw })
    }

    /// Adds `data` (the set takes its own reference).
    pub fn add(&self, data: &Data) -> Result<(), ComgrError> {
        // SAFETY: both handles are live.
        call!(self.comgr, amd_comgr_data_set_add, |f| unsafe {
            f(self.raw, data.raw)
        })
    }

    /// How many data objects of `kind` it holds.
    pub fn count(&self, kind: amd_comgr_data_kind_t) -> Result<usize, ComgrError> {
        let mut count = 0;
        // SAFETY: a live handle and a valid out-pointer.
        call!(self.comgr, amd_comgr_action_data_count, |f| unsafe {
            f(self.raw, kind, &mut count)
        })?;
        Ok(count)
    }

    /// Its `index`th data object of `kind`.
    pub fn get(&self, kind: amd_comgr_data_kind_t, index: usize) -> Result<Data<'c>, ComgrError> {
        let mut raw = amd_comgr_data_t { handle: 0 };
        // SAFETY: a live handle and a valid out-pointer; the data comes with a reference for us.
        call!(self.comgr, amd_comgr_action_data_get_data, |f| unsafe {
            f(self.raw, kind, index, &mut raw)
        })?;
        Ok(Data {
            comgr: self.comgr,
            raw,
        })
    }
}

impl Drop for DataSet<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` is ours; a failure leaves nothing to undo.
        let _ = call!(self.comgr, amd_comgr_destroy_data_set, |f| unsafe {
            f(self.raw)
        });
    }
}

/// One action info (`amd_comgr_action_info_t`): ISA, language, options and logging for an
/// action; destroyed on drop.
pub(crate) struct ActionInfo<'c> {
    comgr: &'c Comgr,
    pub(crate) raw: amd_comgr_action_info_t,
}

impl<'c> ActionInfo<'c> {
    /// An action info for `isa` (full name) and `language`, with `options` and logging on (the
    /// log is what explains a failure).
    pub fn new(
        comgr: &'c Comgr,
        isa: &str,
        language: Option<amd_comgr_language_t>,
        options: &[&str],
    ) -> Result<ActionInfo<'c>, ComgrError> {
        let mut raw = amd_comgr_action_info_t { handle: 0 };
        // SAFETY: a valid out-pointer.
        call!(comgr, amd_comgr_create_action_info, |f| unsafe {
            f(&mut raw)
        })?;
        let info = ActionInfo { comgr, raw };
        let isa = c_string("ISA name", isa)?;
        // SAFETY: a live handle and a NUL-terminated string (comgr copies it).
        call!(comgr, amd_comgr_action_info_set_isa_name, |f| unsafe {
            f(raw, isa.as_ptr())
        })?;
        if let Some(language) = language {
            // SAFETY: a live handle.
            call!(comgr, amd_comgr_action_info_set_language, |f| unsafe {
                f(raw, language)
            })?;
        }
        info.set_options(options)?;
        // SAFETY: a live handle.
        call!(comgr, amd_comgr_action_info_set_logging, |f| unsafe {
            f(raw, true)
        })?;
        Ok(info)
    }

    fn set_options(&self, options: &[&str]) -> Result<(), ComgrError> {
        let owned = options
            .iter()
            .map(|o| c_string("option", o))
            .collect::<Result<Vec<_>, _>>()?;
        let mut pointers: Vec<*const c_char> = owned.iter().map(|o| o.as_ptr()).collect();
        // SAFETY: `pointers` holds `len` NUL-terminated strings that outlive the call (comgr
        // copies them).
        call!(
            self.comgr,
            amd_comgr_action_info_set_option_list,
            |f| unsafe { f(self.raw, pointers.as_mut_ptr(), pointers.len()) }
        )
    }

    /// comgr 3.x: link the device libraries into what a compile action produces.
    pub fn link_device_libraries(&self) -> Result<(), ComgrError> {
        // SAFETY: a live handle.
        call!(
            self.comgr,
            amd_comgr_action_info_set_device_lib_linking,
            |f| unsafe { f(self.raw, true) }
        )
    }
}

impl Drop for ActionInfo<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` is ours; a failure leaves nothing to undo.
        let _ = call!(self.comgr, amd_comgr_destroy_action_info, |f| unsafe {
            f(self.raw)
        });
    }
}
