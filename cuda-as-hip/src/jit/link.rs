//! `cuLink*` on AMD GPUs: a link is a list of LLVM modules — PTX translated for the target, LLVM
//! bitcode NVRTC made with `-rdc=true` (HIP >= 5.7) — that comgr links (with AMD's device
//! libraries, when a module may reach them) into one code object at `cuLinkComplete`. PTX modules
//! reach each other's `.extern` functions and variables through that link. It needs no GPU and
//! works on every HIP version (hiprtc's linker, which HIP's NVIDIA platform still uses, needs both).

use super::{fatbin, options::JitOutputs, AmdTarget, JitError};
use hip_sys::comgr::DeviceLibraries;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// One link in progress.
pub struct Linker {
    target: Option<AmdTarget>,
    modules: Vec<(String, Module)>,
    outputs: JitOutputs,
    /// Whether the info log records each step (`cuLink*`: always, for the caller's info buffer;
    /// nvJitLink: with `-verbose` or `-time`).
    notes: bool,
    /// What each step did, a line each (the info log).
    info: String,
    /// Every error so far, a line each (the error log).
    errors: String,
    /// The code object the link made, once complete: the caller reads it until the link ends.
    code: Option<Vec<u8>>,
    /// LTO-IR inputs, linked together into PTX by NVIDIA's nvJitLink at completion
    /// (`super::nvidia_lto`), for `lto_arch` (nvJitLink's `-arch`, when it was given).
    lto: Vec<(String, Vec<u8>)>,
    lto_arch: Option<String>,
    /// HIP runs on NVIDIA (the GPU loopback), where modules are NVIDIA images: PTX is kept as it
    /// is, and the link's one PTX module is what it hands back, for NVIDIA's driver to compile at
    /// `cuModuleLoadData`.
    for_nvidia_driver: bool,
}

/// One LLVM module of a link (on HIP's NVIDIA platform: PTX).
struct Module {
    ir: Vec<u8>,
    /// Whether it reaches AMD's device libraries (bitcode: assumed to).
    libraries: DeviceLibraries,
}

/// What an input to a link is, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// LLVM bitcode: NVRTC's `-rdc=true` output here.
    Bitcode,
    /// An NVIDIA fat binary: its best PTX is linked.
    FatBinary,
    /// A host object nvcc built (an ELF with a `.nv_fatbin` section): each translation unit's
    /// best PTX is linked.
    Object,
    /// A Unix archive (`!<arch>`) of such objects (nvcc's static libraries).
    Archive,
    /// Compiled code (an ELF without fat binaries: an AMD code object or NVIDIA cubin; a clang
    /// offload bundle): nothing to link it with.
    Compiled,
    /// LTO-IR (NVRTC's `-dlto`, numba-cuda's default): PTX by NVIDIA's nvJitLink at completion.
    LtoIr,
    /// Anything else is read as PTX text.
    Ptx,
}

impl InputKind {
    pub fn of(data: &[u8]) -> InputKind {
        if data.starts_with(b"BC\xC0\xDE") {
            InputKind::Bitcode
        } else if fatbin::container_len(data).is_ok() {
            InputKind::FatBinary
        } else if fatbin::nv_fatbin_section(data).is_some() {
            InputKind::Object
        } else if data.starts_with(&super::nvidia_lto::MAGIC) {
            InputKind::LtoIr
        } else if data.starts_with(b"!<arch>\n") {
            InputKind::Archive
        } else if data.starts_with(b"\x7fELF") || data.starts_with(b"__CLANG_OFFLOAD_BUNDLE__") {
            InputKind::Compiled
        } else {
            InputKind::Ptx
        }
    }
}

/// The members of a Unix `ar` archive: after `!<arch>\n`, each a 60-byte header (its size in
/// decimal at bytes 48..58) and its bytes, 2-aligned. The symbol and name tables are members too;
/// they hold no `.nv_fatbin`.
fn archive_members(data: &[u8]) -> Vec<(&str, &[u8])> {
    let mut members = Vec::new();
    let mut long_names: &[u8] = &[];
    let mut at = 8;
    while let Some(header) = data.get(at..at + 60) {
        let size = std::str::from_utf8(&header[48..58])
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok());
        let Some(member) = size.and_then(|n| data.get(at + 60..at + 60 + n)) else {
            break;
        };
        at += 60 + member.len() + member.len() % 2;
        let name = std::str::from_utf8(&header[..16])
            .unwrap_or_default()
            .trim_end();
        if name == "//" {
            long_names = member;
            continue;
        }
        members.push((member_name(name, long_names), member));
    }
    members
}

/// A GNU archive member's name: short ones end with '/'; `/N` is the name at offset N of the
/// long-name member (`//`), ending with "/\n"; `/` alone is the symbol index.
fn member_name<'a>(name: &'a str, long_names: &'a [u8]) -> &'a str {
    let long = (name.strip_prefix('/'))
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|at| long_names.get(at..))
        .and_then(|rest| rest.split(|&b| b == b'\n').next())
        .and_then(|n| std::str::from_utf8(n).ok());
    long.unwrap_or(name).trim_end_matches('/')
}

/// Whether an archive is CUDA's device runtime (`libcudadevrt.a`, one member
/// `cuda_device_runtime.o` holding SASS only), which numba-cuda links into every kernel that uses
/// cooperative groups: the PTX translator serves the calls such PTX makes to it (a grid's handle
/// and sync), so it has nothing to add here.
fn is_cuda_device_runtime(data: &[u8]) -> bool {
    (archive_members(data).iter()).any(|(name, _)| *name == "cuda_device_runtime.o")
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
    /// when PTX needs translating), whose logs go to `outputs`, with each step noted in the info
    /// log when `notes`. The handle is the address.
    pub fn create(target: Option<AmdTarget>, outputs: JitOutputs, notes: bool) -> *mut Linker {
        let linker = Box::into_raw(Box::new(Linker {
            target,
            modules: Vec::new(),
            outputs,
            notes,
            info: String::new(),
            errors: String::new(),
            code: None,
            lto: Vec::new(),
            lto_arch: None,
            for_nvidia_driver: false,
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

    /// Adds one input: PTX text, an NVIDIA fat binary (its best PTX), LLVM bitcode, or a host
    /// object or archive nvcc built (their fat binaries' PTX). An input refused is in the error
    /// log too.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), LinkError> {
        let kind = InputKind::of(data);
        if kind == InputKind::LtoIr {
            self.note(format!(
                "{name}: LTO-IR, for NVIDIA's nvJitLink at completion"
            ));
            self.lto.push((name.to_string(), data.to_vec()));
            return Ok(());
        }
        if kind == InputKind::Archive && is_cuda_device_runtime(data) {
            self.note(format!(
                "{name}: CUDA's device runtime; the PTX translator serves its grid handle and \
                 sync, nothing to link"
            ));
            return Ok(());
        }
        let modules = self.modules_of(kind, data);
        for (module, what) in self.logged(modules)? {
            self.note(format!("{name}: {what}"));
            self.push(name, module);
        }
        Ok(())
    }

    fn push(&mut self, name: &str, module: Module) {
        let name = format!("{}.{}", self.modules.len(), name);
        self.modules.push((name, module));
    }

    /// The LLVM modules of an input of `kind`, each with what it was.
    fn modules_of(
        &self,
        kind: InputKind,
        data: &[u8],
    ) -> Result<Vec<(Module, &'static str)>, LinkError> {
        let input = |e: fatbin::FatbinError| LinkError::Input(e.to_string());
        Ok(match kind {
            InputKind::Bitcode => {
                let ir = data.to_vec();
                let libraries = DeviceLibraries::Link;
                vec![(Module { ir, libraries }, "LLVM bitcode")]
            }
            InputKind::FatBinary => {
                let contents = fatbin::read(data).map_err(input)?;
                let best = fatbin::best_ptx(&contents.ptx)
                    .ok_or_else(|| LinkError::Input("the fat binary holds no PTX".into()))?;
                vec![(
                    self.translate(&best.text)?,
                    "a fat binary's PTX, translated",
                )]
            }
            kind @ (InputKind::Object | InputKind::Archive) => self.host_code(data, kind)?,
            InputKind::Compiled => {
                return Err(LinkError::Input(
                    "a compiled code object, cubin or clang bundle cannot be linked here: link \
                     PTX or relocatable device code (NVRTC's -rdc=true output)"
                        .into(),
                ))
            }
            // Kept by `add`, made PTX at completion.
            InputKind::LtoIr => vec![],
            InputKind::Ptx => {
                let text = data.split(|&b| b == 0).next().unwrap_or_default();
                vec![(self.translate(text)?, "PTX, translated")]
            }
        })
    }

    /// Each translation unit's best PTX from the `.nv_fatbin` sections of a host object or of an
    /// archive's members (nvcc's `-rdc=true -c` objects and the static libraries made of them).
    fn host_code(
        &self,
        data: &[u8],
        kind: InputKind,
    ) -> Result<Vec<(Module, &'static str)>, LinkError> {
        let objects = match kind {
            InputKind::Archive => archive_members(data).into_iter().map(|m| m.1).collect(),
            _ => vec![data],
        };
        let mut modules = Vec::new();
        for section in objects.iter().filter_map(|o| fatbin::nv_fatbin_section(o)) {
            let containers =
                fatbin::read_all(section).map_err(|e| LinkError::Input(e.to_string()))?;
            for best in containers.iter().filter_map(|c| fatbin::best_ptx(&c.ptx)) {
                modules.push((
                    self.translate(&best.text)?,
                    "a host object's PTX, translated",
                ));
            }
        }
        match modules.is_empty() {
            true => Err(LinkError::Input(
                "no PTX in the .nv_fatbin sections of the object (or of the archive's members): \
                 build its device code with PTX (nvcc -gencode arch=compute_XX,code=compute_XX)"
                    .into(),
            )),
            false => Ok(modules),
        }
    }

    /// `ptx` as the module the link takes: LLVM IR for the target, or on HIP's NVIDIA platform
    /// the PTX itself (NUL-terminated, as NVIDIA's driver reads it).
    fn translate(&self, ptx: &[u8]) -> Result<Module, LinkError> {
        if self.for_nvidia_driver {
            let ir = [ptx, &[0]].concat();
            let libraries = DeviceLibraries::Omit;
            return Ok(Module { ir, libraries });
        }
        let target = self
            .target
            .as_ref()
            .ok_or(LinkError::Jit(JitError::NoTarget))?;
        let (ir, libraries) = super::llvm_ir(&[ptx], target).map_err(LinkError::Jit)?;
        Ok(Module { ir, libraries })
    }

    /// Links what was added into one code object (which stays with the link). The error log gets
    /// why it failed; the info log what was linked, for which target, in how long.
    pub fn complete(&mut self) -> Result<&[u8], LinkError> {
        let started = std::time::Instant::now();
        let lto = self.lto_ptx();
        self.logged(lto)?;
        let linked = self.link();
        let code = self.logged(linked)?;
        self.note(format!(
            "linked {} module(s) into a {}-byte code object for {} in {:.1} ms",
            self.modules.len(),
            code.len(),
            match (&self.target, self.for_nvidia_driver) {
                (Some(t), _) => &t.arch,
                (None, true) => "NVIDIA's driver",
                (None, false) => "",
            },
            started.elapsed().as_secs_f64() * 1000.0
        ));
        // SAFETY: the buffers were given with the link, valid until it ends (CUDA's rule).
        unsafe { (self.outputs).write(&self.info, &self.errors, started.elapsed()) };
        Ok(self.code.insert(code))
    }

    /// The NVIDIA target LTO-IR inputs link for (nvJitLink's `-arch`).
    pub fn set_lto_arch(&mut self, arch: Option<&str>) {
        self.lto_arch = arch.map(str::to_string);
    }

    /// Keeps PTX as it is, for NVIDIA's driver: HIP runs on NVIDIA here.
    pub fn hand_ptx_to_nvidia(&mut self) {
        self.for_nvidia_driver = true;
    }

    /// The LTO-IR inputs linked into PTX by NVIDIA's nvJitLink, translated, as one more module.
    fn lto_ptx(&mut self) -> Result<(), LinkError> {
        if self.lto.is_empty() {
            return Ok(());
        }
        let target = super::nvidia_lto::target(self.lto_arch.as_deref());
        let ptx = super::nvidia_lto::to_ptx(&self.lto, &target).map_err(LinkError::Input)?;
        let module = self.translate(&ptx)?;
        self.note(format!(
            "{} LTO-IR input(s): {} bytes of PTX for {target} by NVIDIA's nvJitLink, translated",
            self.lto.len(),
            ptx.len()
        ));
        self.push("lto-ir", module);
        self.lto.clear();
        Ok(())
    }

    fn link(&self) -> Result<Vec<u8>, LinkError> {
        if self.modules.is_empty() {
            return Err(LinkError::Input("nothing was added to the link".into()));
        }
        if self.for_nvidia_driver {
            return self.one_ptx();
        }
        let target = (self.target.as_ref()).ok_or(LinkError::Jit(JitError::NoTarget))?;
        let inputs: Vec<(&str, &[u8])> = (self.modules.iter())
            .map(|(n, m)| (n.as_str(), m.ir.as_slice()))
            .collect();
        let libraries = DeviceLibraries::if_any(
            (self.modules.iter()).map(|(_, m)| m.libraries == DeviceLibraries::Link),
        );
        let comgr = super::loaded_comgr().map_err(LinkError::Jit)?;
        let _one_at_a_time = crate::platform::one_compile_at_a_time();
        comgr
            .compile_ir(&inputs, &target.arch, &[], libraries)
            .map_err(|e| LinkError::Jit(JitError::Comgr(e.to_string())))
    }

    /// On HIP's NVIDIA platform: the link's one module, which must be PTX.
    fn one_ptx(&self) -> Result<Vec<u8>, LinkError> {
        match &self.modules[..] {
            [(_, ptx)] if InputKind::of(&ptx.ir) == InputKind::Ptx => Ok(ptx.ir.clone()),
            modules => {
                let added: Vec<String> = (modules.iter())
                    .map(|(name, m)| format!("{name}: {:?}", InputKind::of(&m.ir)))
                    .collect();
                Err(LinkError::Input(format!(
                    "HIP runs on NVIDIA here: a link hands one PTX module to NVIDIA's driver as \
                     it is, and {} module(s) were added ({}); linking them needs NVIDIA's \
                     linker, which HIP does not offer",
                    modules.len(),
                    added.join(", ")
                )))
            }
        }
    }

    /// The code object the link made, once complete.
    pub fn linked(&self) -> Option<&[u8]> {
        self.code.as_deref()
    }

    /// What each step did, a line each.
    pub fn info_log(&self) -> &str {
        &self.info
    }

    /// Every error so far, a line each.
    pub fn error_log(&self) -> &str {
        &self.errors
    }

    fn note(&mut self, line: String) {
        if !self.notes {
            return;
        }
        self.info.push_str(&line);
        self.info.push('\n');
    }

    /// `r`, its error added to the link's error log.
    fn logged<T>(&mut self, r: Result<T, LinkError>) -> Result<T, LinkError> {
        r.inspect_err(|e| self.log_error(e))
    }

    /// Adds `e` to the link's error log (and the caller's error buffer).
    pub fn log_error(&mut self, e: &LinkError) {
        self.errors.push_str(&e.to_string());
        self.errors.push('\n');
        // SAFETY: as in `complete`.
        unsafe { (self.outputs).write(&self.info, &self.errors, std::time::Duration::ZERO) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `ar` archive of `members` named m0.o, m1.o … (GNU's layout; dates are not read).
    fn archive(members: &[&[u8]]) -> Vec<u8> {
        let names: Vec<String> = (0..members.len()).map(|i| format!("m{i}.o/")).collect();
        let named: Vec<(&str, &[u8])> = names
            .iter()
            .map(String::as_str)
            .zip(members.iter().copied())
            .collect();
        archive_named(&named)
    }

    /// An `ar` archive of (header name, data) members.
    fn archive_named(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = b"!<arch>\n".to_vec();
        for (name, m) in members {
            let header = format!(
                "{name:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
                0,
                0,
                0,
                644,
                m.len()
            );
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(m);
            if m.len() % 2 == 1 {
                out.push(b'\n');
            }
        }
        out
    }

    const PTX: &[u8] = b".version 8.0\n.target sm_80\n.address_size 64\n";

    fn nvidia_link() -> *mut Linker {
        let handle = Linker::create(None, JitOutputs::default(), true);
        unsafe { Linker::get(handle) }.unwrap().hand_ptx_to_nvidia();
        handle
    }

    #[test]
    fn on_nvidia_one_ptx_module_is_handed_back_as_it_is() {
        let handle = nvidia_link();
        let l = unsafe { Linker::get(handle) }.unwrap();
        l.add("k.ptx", PTX).unwrap();
        assert_eq!(l.complete().unwrap(), [PTX, &[0]].concat());
        assert!(l.info_log().contains("NVIDIA's driver"), "{}", l.info_log());
        assert!(Linker::destroy(handle));
    }

    #[test]
    fn on_nvidia_two_modules_or_bitcode_are_refused_with_why() {
        let handle = nvidia_link();
        let l = unsafe { Linker::get(handle) }.unwrap();
        l.add("a.ptx", PTX).unwrap();
        l.add("b.ptx", PTX).unwrap();
        let e = l.complete().unwrap_err().to_string();
        assert!(
            e.contains("2 module(s)") && e.contains("NVIDIA's linker"),
            "{e}"
        );
        assert!(l.error_log().contains("2 module(s)"));
        assert!(Linker::destroy(handle));
        let handle = nvidia_link();
        let l = unsafe { Linker::get(handle) }.unwrap();
        l.add("r.bc", b"BC\xC0\xDE\x35\x14").unwrap();
        let e = l.complete().unwrap_err().to_string();
        assert!(e.contains("Bitcode"), "{e}");
        assert!(Linker::destroy(handle));
    }

    #[test]
    fn archives_are_read_member_by_member() {
        let a = archive(&[b"odd", b"even", b""]);
        assert_eq!(InputKind::of(&a), InputKind::Archive);
        let members = archive_members(&a);
        assert_eq!(
            members,
            [("m0.o", &b"odd"[..]), ("m1.o", b"even"), ("m2.o", b"")]
        );
        // A truncated member ends the list.
        assert_eq!(archive_members(&a[..a.len() - 70]), [("m0.o", &b"odd"[..])]);
        assert!(!is_cuda_device_runtime(&a));
    }

    /// GNU ar keeps names over 15 bytes in the `//` member; `/N` is the one at offset N.
    #[test]
    fn long_member_names_are_read_and_cudas_device_runtime_is_told_apart() {
        let names = b"a_rather_long_name.o/\ncuda_device_runtime.o/\n";
        let a = archive_named(&[("//", &names[..]), ("/22", b"sass")]);
        assert_eq!(
            archive_members(&a),
            [("cuda_device_runtime.o", &b"sass"[..])]
        );
        assert!(is_cuda_device_runtime(&a));
        assert_eq!(member_name("/0", names), "a_rather_long_name.o");
        assert_eq!(
            member_name("/99", names),
            "/99",
            "past the table: the name as it is"
        );
    }
}
