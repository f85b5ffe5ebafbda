//! `cuLink*` on AMD GPUs: a link is a list of LLVM modules — PTX translated for the target, LLVM
//! bitcode NVRTC made with `-rdc=true` (HIP >= 5.7) — that comgr links (with AMD's device
//! libraries) into one code object at `cuLinkComplete`. PTX modules reach each other's `.extern`
//! functions and variables through that link. It needs no GPU and works on every HIP version
//! (hiprtc's linker, which HIP's NVIDIA platform still uses, needs both).

use super::{fatbin, options::JitOutputs, AmdTarget, JitError};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// One link in progress.
pub struct Linker {
    target: Option<AmdTarget>,
    modules: Vec<(String, Vec<u8>)>,
    outputs: JitOutputs,
    /// The code object `cuLinkComplete` made: the caller reads it until `cuLinkDestroy`.
    code: Vec<u8>,
}

/// Why an input was not added or the link not completed.
#[derive(Debug)]
pub enum LinkError {
    /// An input the link cannot take (a code object, a cubin, a clang bundle …): why.
    Input(String),
    Jit(JitError),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Input(why) => f.write_str(why),
            Self::Jit(e) => e.fmt(f),
        }
    }
}

/// Links alive (their addresses): a handle not among them is refused, never dereferenced.
static LIVE: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

fn live() -> std::sync::MutexGuard<'static, BTreeSet<usize>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

impl Linker {
    /// A new link for `target` (`None`: no device and no `CUDA_AS_HIP_OFFLOAD_ARCH`, reported
    /// when PTX needs translating), whose logs go to `outputs`. The handle is the address.
    pub fn create(target: Option<AmdTarget>, outputs: JitOutputs) -> *mut Linker {
        let linker = Box::into_raw(Box::new(Linker {
            target,
            modules: Vec::new(),
            outputs,
            code: Vec::new(),
        }));
        live().insert(linker as usize);
        linker
    }

    /// The link behind `handle`, when it is one alive.
    ///
    /// # Safety
    /// No other reference to that link is in use (CUDA: a link state is used by one thread).
    pub unsafe fn get<'a>(handle: *mut Linker) -> Option<&'a mut Linker> {
        live()
            .contains(&(handle as usize))
            .then(|| unsafe { &mut *handle })
    }

    /// Ends the link behind `handle`; `false` when it is no link alive. Safe for any value: only
    /// an address `create` returned and not yet destroyed is freed.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn destroy(handle: *mut Linker) -> bool {
        let alive = live().remove(&(handle as usize));
        if alive {
            // SAFETY: it was created by `create` and is no longer reachable through `get`.
            drop(unsafe { Box::from_raw(handle) });
        }
        alive
    }

    /// Adds one input: PTX text, an NVIDIA fat binary (its best PTX), or LLVM bitcode.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), LinkError> {
        let module = if data.starts_with(b"BC\xC0\xDE") {
            data.to_vec()
        } else if fatbin::container_len(data).is_ok() {
            let contents = fatbin::read(data).map_err(|e| LinkError::Input(e.to_string()))?;
            let best = fatbin::best_ptx(&contents.ptx)
                .ok_or_else(|| LinkError::Input("the fat binary holds no PTX".into()))?;
            self.translate(&best.text)?
        } else if data.starts_with(b"\x7fELF") || data.starts_with(b"__CLANG_OFFLOAD_BUNDLE__") {
            return Err(LinkError::Input(
                "a compiled code object, cubin or clang bundle cannot be linked here: link PTX \
                 or relocatable device code (NVRTC's -rdc=true output)"
                    .into(),
            ));
        } else {
            let text = data.split(|&b| b == 0).next().unwrap_or_default();
            self.translate(text)?
        };
        self.modules
            .push((format!("{}.{}", self.modules.len(), name), module));
        Ok(())
    }

    fn translate(&self, ptx: &[u8]) -> Result<Vec<u8>, LinkError> {
        let target = self
            .target
            .as_ref()
            .ok_or(LinkError::Jit(JitError::NoTarget))?;
        super::llvm_ir(&[ptx], target).map_err(LinkError::Jit)
    }

    /// Links what was added into one code object (which stays with the link).
    pub fn complete(&mut self) -> Result<&[u8], LinkError> {
        if self.modules.is_empty() {
            return Err(LinkError::Input("nothing was added to the link".into()));
        }
        let target = self
            .target
            .as_ref()
            .ok_or(LinkError::Jit(JitError::NoTarget))?;
        let started = std::time::Instant::now();
        let inputs: Vec<(&str, &[u8])> = self
            .modules
            .iter()
            .map(|(n, m)| (n.as_str(), m.as_slice()))
            .collect();
        let linked = super::loaded_comgr().and_then(|comgr| {
            let _one_at_a_time = crate::platform::one_compile_at_a_time();
            comgr
                .compile_ir(&inputs, &target.arch, &[])
                .map_err(|e| JitError::Comgr(e.to_string()))
        });
        let error = linked
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default();
        // SAFETY: the buffers were given with the link, valid until cuLinkDestroy (CUDA's rule).
        unsafe { self.outputs.write("", &error, started.elapsed()) };
        self.code = linked.map_err(LinkError::Jit)?;
        Ok(&self.code)
    }

    /// Writes `e` to the link's error log.
    pub fn log_error(&self, e: &LinkError) {
        // SAFETY: as in `complete`.
        unsafe {
            self.outputs
                .write("", &e.to_string(), std::time::Duration::ZERO)
        };
    }
}
