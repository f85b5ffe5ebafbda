//! comgr as the HIP runtime of this run ships it (host HIP 5.2.3, or a sysroot's 5.7.1 / 6.4.3 /
//! 7.2.4 under `scripts/on-hip.sh`): found beside that runtime, its ABI table chosen, and
//! hand-written LLVM IR compiled to AMDGPU code objects for a wave64 (gfx90a) and a wave32
//! (gfx1030) target, without a GPU. Each test asserts what the running version is expected to do
//! (`test_support::FACTS`).

use hip_sys::comgr::{
    Action, Comgr, ComgrError, ComgrLoadError, DeviceLibraries, AMDGPU_DATA_LAYOUT, LIBRARY_ENV,
};
use hip_sys::Search;
use std::path::Path;
use std::time::Instant;
use test_support::{hip_run, Facts, Scratch};

/// The process's comgr, with comgr 3.x's own compile cache off (so that every compile here is a
/// real one, timed as such, and nothing is left in `~/.cache/comgr`). Every test goes through this
/// before comgr runs, so the variable is set before comgr reads it.
fn comgr() -> &'static Comgr {
    static CACHE_OFF: std::sync::Once = std::sync::Once::new();
    CACHE_OFF.call_once(|| std::env::set_var("AMD_COMGR_CACHE", "0"));
    hip_sys::comgr::comgr().unwrap_or_else(|e| panic!("no comgr (scripts/setup.sh): {e}"))
}

fn facts() -> &'static Facts {
    hip_run().facts
}

/// A kernel that needs what the PTX translator's output needs: the work-item id, an LDS array,
/// `ds.bpermute`, a barrier between workgroup fences, an agent-scope float atomic, and from the
/// device libraries `__ocml_sin_f32` and `__ockl_get_local_size` (whose code depends on the code
/// object version the libraries were chosen for). Opaque-pointer IR (`ptr`), which LLVM 15
/// reads.
const KERNEL: &str = r#"
declare i64 @__ockl_get_local_size(i32)
@lds = internal addrspace(3) global [64 x float] poison, align 4

declare float @__ocml_sin_f32(float)
declare i32 @llvm.amdgcn.workitem.id.x()
declare i32 @llvm.amdgcn.ds.bpermute(i32, i32)
declare void @llvm.amdgcn.s.barrier()

define amdgpu_kernel void @probe(ptr addrspace(1) %out, ptr addrspace(1) %sum, ptr addrspace(1) %size) {
entry:
  %block = call i64 @__ockl_get_local_size(i32 0)
  store i64 %block, ptr addrspace(1) %size, align 8
  %tid = call i32 @llvm.amdgcn.workitem.id.x()
  %lane = and i32 %tid, 63
  %f = uitofp i32 %lane to float
  %s = call float @__ocml_sin_f32(float %f)
  %slot = getelementptr [64 x float], ptr addrspace(3) @lds, i32 0, i32 %lane
  store float %s, ptr addrspace(3) %slot, align 4
  fence syncscope("workgroup") release
  call void @llvm.amdgcn.s.barrier()
  fence syncscope("workgroup") acquire
  %next = add i32 %lane, 1
  %wrapped = and i32 %next, 63
  %other = getelementptr [64 x float], ptr addrspace(3) @lds, i32 0, i32 %wrapped
  %v = load float, ptr addrspace(3) %other, align 4
  %bits = bitcast float %v to i32
  %address = shl i32 %wrapped, 2
  %permuted = call i32 @llvm.amdgcn.ds.bpermute(i32 %address, i32 %bits)
  %result = bitcast i32 %permuted to float
  %index = zext i32 %tid to i64
  %dst = getelementptr float, ptr addrspace(1) %out, i64 %index
  store float %result, ptr addrspace(1) %dst, align 4
  %old = atomicrmw fadd ptr addrspace(1) %sum, float %result syncscope("agent") monotonic, align 4
  ret void
}
"#;

/// Two modules: a kernel calling `@twice`, which only the other module defines.
const CALLER: &str = r#"
declare float @twice(float)

define amdgpu_kernel void @caller(ptr addrspace(1) %io) {
  %x = load float, ptr addrspace(1) %io, align 4
  %y = call float @twice(float %x)
  store float %y, ptr addrspace(1) %io, align 4
  ret void
}
"#;

const CALLEE: &str = r#"
define float @twice(float %x) {
  %y = fmul float %x, 2.0
  ret float %y
}
"#;

/// `body` as a module for AMDGPU: its data layout and triple first.
fn module(body: &str) -> Vec<u8> {
    format!("target datalayout = \"{AMDGPU_DATA_LAYOUT}\"\ntarget triple = \"amdgcn-amd-amdhsa\"\n{body}")
        .into_bytes()
}

/// `compile_ir`'s modules: (name, LLVM IR).
type Modules<'a> = &'a [(&'a str, &'a [u8])];

/// The few ELF64 fields the tests read.
struct Elf<'a>(&'a [u8]);

impl Elf<'_> {
    fn u16(&self, at: usize) -> usize {
        u16::from_le_bytes(self.0[at..at + 2].try_into().unwrap()) as usize
    }

    fn u32(&self, at: usize) -> usize {
        u32::from_le_bytes(self.0[at..at + 4].try_into().unwrap()) as usize
    }

    fn u64(&self, at: usize) -> usize {
        u64::from_le_bytes(self.0[at..at + 8].try_into().unwrap()) as usize
    }

    fn machine(&self) -> usize {
        assert_eq!(&self.0[..4], b"\x7fELF", "not an ELF file");
        self.u16(18)
    }

    /// `e_ident[EI_ABIVERSION]`: the AMDHSA code object version (2: v4, 3: v5, 4: v6).
    fn abi_version(&self) -> u8 {
        self.0[8]
    }

    /// Section header `i`'s offset in the file.
    fn section(&self, i: usize) -> usize {
        self.u64(0x28) + i * self.u16(0x3a)
    }

    fn sections(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.u16(0x3c)).map(|i| self.section(i))
    }

    /// The entries of its symbol tables (`.symtab`, `.dynsym`): name and the entry's offset.
    fn symbol_entries(&self) -> impl Iterator<Item = (String, usize)> + '_ {
        // SHT_SYMTAB or SHT_DYNSYM.
        let tables = self
            .sections()
            .filter(|&s| matches!(self.u32(s + 4), 2 | 11));
        tables.flat_map(move |s| {
            let (offset, size) = (self.u64(s + 0x18), self.u64(s + 0x20));
            let strtab = self.u64(self.section(self.u32(s + 0x28)) + 0x18);
            (offset..offset + size).step_by(24).map(move |symbol| {
                let name = &self.0[strtab + self.u32(symbol)..];
                let end = name.iter().position(|&b| b == 0).unwrap();
                (String::from_utf8_lossy(&name[..end]).into_owned(), symbol)
            })
        })
    }

    /// The symbols of its symbol tables: name and value.
    fn symbols(&self) -> Vec<(String, usize)> {
        (self.symbol_entries())
            .map(|(name, entry)| (name, self.u64(entry + 8)))
            .collect()
    }

    /// The section holding `address`.
    fn holder(&self, address: usize) -> usize {
        let (addr, size) = (0x10, 0x20);
        self.sections()
            .find(|&s| {
                (self.u64(s + addr)..self.u64(s + addr) + self.u64(s + size)).contains(&address)
            })
            .unwrap_or_else(|| panic!("no section holds {address:#x}"))
    }

    /// The machine code of the function `name` (its symbol's address and size).
    fn code_of(&self, name: &str) -> &[u8] {
        let (address, size) = self
            .symbol_entries()
            .find(|(n, _)| n == name)
            .map(|(_, entry)| (self.u64(entry + 8), self.u64(entry + 16)))
            .unwrap_or_else(|| panic!("no {name}"));
        let holder = self.holder(address);
        let at = self.u64(holder + 0x18) + address - self.u64(holder + 0x10);
        &self.0[at..at + size]
    }

    fn names(&self) -> Vec<String> {
        self.symbols().into_iter().map(|(name, _)| name).collect()
    }

    /// `kernel_code_properties` of the kernel descriptor `symbol` (`NAME.kd`): 64 bytes at the
    /// symbol's address, the field at byte 56.
    fn kernel_code_properties(&self, symbol: &str) -> usize {
        let (_, address) = self
            .symbols()
            .into_iter()
            .find(|(name, _)| name == symbol)
            .unwrap_or_else(|| panic!("no {symbol}"));
        let holder = self.holder(address);
        self.u16(self.u64(holder + 0x18) + address - self.u64(holder + 0x10) + 56)
    }

    /// The `.wavefront_size` of the AMDHSA metadata (a MessagePack map in the `NT_AMDGPU_METADATA`
    /// note, code object v3 and later): the key, a 15-byte fixstr, then a positive fixint.
    fn wavefront_size(&self) -> u8 {
        let key = b"\xaf.wavefront_size";
        let at = self
            .0
            .windows(key.len())
            .position(|w| w == key)
            .expect("no .wavefront_size in the code object's metadata");
        self.0[at + key.len()]
    }
}

/// Compiles `modules` for `isa`, printing how long it took.
fn compile(modules: Modules, isa: &str) -> Result<Vec<u8>, ComgrError> {
    let start = Instant::now();
    let result = comgr().compile_ir(modules, isa, &[], DeviceLibraries::Link);
    println!(
        "comgr {:?} (HIP {}): {isa}: {:.3} s",
        comgr().version(),
        facts().release,
        start.elapsed().as_secs_f64()
    );
    result
}

#[test]
fn finds_the_comgr_beside_this_runs_hip_runtime() {
    let (comgr, f) = (comgr(), facts());
    assert_eq!(comgr.version(), f.comgr_abi, "HIP {}", f.release);
    assert!(
        comgr.abi().releases.contains(&f.comgr_release),
        "{:?}",
        comgr.abi()
    );
    let hip = hip_sys::hip().unwrap().runtime_file().unwrap();
    let file = comgr.file().expect("comgr's file");
    assert_eq!(file.parent(), hip.parent(), "{}", file.display());
}

#[test]
fn an_explicit_comgr_is_the_only_one_tried() {
    let file = comgr().file().unwrap();
    let explicit = |path: &Path| Search {
        explicit: Some(path.to_path_buf()),
        roots: vec![],
        system: true,
    };
    let loaded = Comgr::load(&explicit(&file), None).unwrap();
    assert_eq!(loaded.version(), facts().comgr_abi);
    let empty = Scratch::new("comgr-explicit");
    match Comgr::load(&explicit(empty.path()), file.parent()) {
        Err(e @ ComgrLoadError::ExplicitNotLoaded { .. }) => {
            let text = e.to_string();
            assert!(text.contains(LIBRARY_ENV), "{text}");
            let tried = empty.path().join("libamd_comgr.so.2");
            assert!(text.contains(&tried.display().to_string()), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // (Not libamdhip64: HIP 5.7.1's depends on comgr, and a library's handle finds its
    // dependencies' symbols.)
    let libc = hip_run().root().join("usr/lib/x86_64-linux-gnu/libc.so.6");
    match Comgr::load(&explicit(&libc), None) {
        Err(e @ ComgrLoadError::NotComgr { .. }) => {
            assert!(e.to_string().contains("amd_comgr_get_version"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_comgr_is_an_error_listing_every_place_tried_and_the_package() {
    let nowhere = Scratch::new("comgr-missing");
    let search = Search {
        explicit: None,
        roots: vec![nowhere.path().to_path_buf()],
        system: false,
    };
    let beside = nowhere.path().join("hip");
    match Comgr::load(&search, Some(&beside)) {
        Err(e @ ComgrLoadError::NotFound { .. }) => {
            let text = e.to_string();
            for dir in [beside.clone(), nowhere.path().join("lib")] {
                for name in ["libamd_comgr.so", "libamd_comgr.so.3", "libamd_comgr.so.2"] {
                    let path = dir.join(name).display().to_string();
                    assert!(text.contains(&path), "{path} not in {text}");
                }
            }
            assert!(text.contains("libamd-comgr2"), "{text}");
            assert!(text.contains("libamd-comgr3"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn knows_a_wave64_and_a_wave32_isa_and_refuses_an_unknown_one() {
    let names = comgr().isa_names().unwrap();
    for isa in ["amdgcn-amd-amdhsa--gfx90a", "amdgcn-amd-amdhsa--gfx1030"] {
        assert!(names.iter().any(|n| n == isa), "{isa} not in {names:?}");
    }
    // comgr before 7 would abort the process here: the ISA is checked against its list first.
    for unknown in ["gfx9999", "amdgcn-amd-amdhsa--gfx9999:xnack+"] {
        match compile(&[("k.ll", &module(KERNEL))], unknown) {
            Err(ComgrError::UnknownIsa { isa, known }) => {
                assert_eq!(isa, unknown);
                assert!(known.iter().any(|k| k == "gfx90a"), "{known:?}");
            }
            other => panic!("{unknown}: {other:?}"),
        }
    }
}

#[test]
fn compiles_a_kernel_with_device_library_calls_for_wave64_and_wave32() {
    for (isa, wave) in [("gfx90a", 64), ("amdgcn-amd-amdhsa--gfx1030", 32)] {
        let code =
            compile(&[("probe.ll", &module(KERNEL))], isa).unwrap_or_else(|e| panic!("{isa}: {e}"));
        let elf = Elf(&code);
        assert_eq!(elf.machine(), 0xe0, "{isa}: EM_AMDGPU");
        assert_eq!(elf.abi_version(), facts().code_object_abi, "{isa}");
        let symbols = elf.names();
        assert!(
            symbols.iter().any(|s| s == "probe.kd"),
            "{isa}: {symbols:?}"
        );
        assert!(
            !symbols.iter().any(|s| s.contains("__ocml_sin")),
            "{isa}: sin is linked in and inlined, not left to the loader: {symbols:?}"
        );
        assert_eq!(elf.wavefront_size(), wave, "{isa}");
        let properties = elf.kernel_code_properties("probe.kd");
        const WAVEFRONT_SIZE32: usize = 1 << 10;
        assert_eq!(properties & WAVEFRONT_SIZE32 != 0, wave == 32, "{isa}");
        // The libraries read the block size from the dispatch packet for code object v4, from the
        // implicit kernel arguments from v5 on: they must have been chosen for this code object.
        const DISPATCH_PTR: usize = 1 << 1;
        let v4 = facts().code_object_abi == 2;
        assert_eq!(properties & DISPATCH_PTR != 0, v4, "{isa}: {properties:#x}");
    }
}

#[test]
fn links_a_call_across_two_modules_into_one_code_object() {
    let (caller, callee) = (module(CALLER), module(CALLEE));
    let code = compile(&[("caller.ll", &caller), ("callee.ll", &callee)], "gfx90a")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(Elf(&code).names().iter().any(|s| s == "caller.kd"));
    // Alone, the call stays undefined: the executable link refuses it rather than leave it to
    // fail when the code object is loaded.
    match compile(&[("caller.ll", &caller)], "gfx90a") {
        Err(ComgrError::Action { action, log, .. }) => {
            assert_eq!(action, Action::LinkRelocatableToExecutable);
            assert!(log.contains("undefined symbol: twice"), "{log}");
        }
        other => panic!("a call to an undefined function: {other:?}"),
    }
}

#[test]
fn the_device_libraries_omitted_give_the_same_code_where_nothing_reaches_them() {
    let (caller, callee) = (module(CALLER), module(CALLEE));
    let modules: Modules = &[("caller.ll", &caller), ("callee.ll", &callee)];
    for isa in ["gfx90a", "gfx1030"] {
        let compiled = [DeviceLibraries::Link, DeviceLibraries::Omit]
            .map(|libraries| comgr().compile_ir(modules, isa, &[], libraries).unwrap());
        let [with, without] = compiled.each_ref().map(|code| Elf(code));
        assert_eq!(without.abi_version(), facts().code_object_abi, "{isa}");
        assert_eq!(without.wavefront_size(), with.wavefront_size(), "{isa}");
        let properties = |elf: &Elf| elf.kernel_code_properties("caller.kd");
        assert_eq!(properties(&without), properties(&with), "{isa}");
        // The kernel's own code is the same (comgr 2.x also compiles library functions nothing
        // calls into the code object when the libraries are linked).
        assert!(!without.code_of("caller").is_empty(), "{isa}");
        assert_eq!(without.code_of("caller"), with.code_of("caller"), "{isa}");
    }
    // Omitted where they are needed, the final link names what is missing.
    match comgr().compile_ir(
        &[("probe.ll", &module(KERNEL))],
        "gfx90a",
        &[],
        DeviceLibraries::Omit,
    ) {
        Err(ComgrError::Action { action, log, .. }) => {
            assert_eq!(action, Action::LinkRelocatableToExecutable);
            assert!(log.contains("undefined symbol: __ocml_sin_f32"), "{log}");
        }
        other => panic!("sin without the device libraries: {other:?}"),
    }
}

#[test]
fn invalid_ir_fails_with_the_parse_error_in_the_log() {
    let bad = KERNEL.replace("%lane = and i32 %tid, 63", "%lane = and i32 %tid, %nothing");
    match compile(&[("bad.ll", &module(&bad))], "gfx90a") {
        Err(e @ ComgrError::Action { .. }) => {
            let ComgrError::Action {
                action, ref log, ..
            } = e
            else {
                unreachable!()
            };
            assert_eq!(action, Action::LinkBcToBc);
            assert!(log.contains("bad.ll"), "{log}");
            assert!(log.contains("use of undefined value '%nothing'"), "{log}");
            let text = e.to_string();
            assert!(
                text.starts_with(
                    "comgr's AMD_COMGR_ACTION_LINK_BC_TO_BC failed (AMD_COMGR_STATUS_ERROR):\n"
                ),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_arguments_are_errors_naming_them() {
    let kernel = module(KERNEL);
    let cases: [(Modules, &[&str], &str); 4] = [
        (&[], &[], "no LLVM IR module"),
        (
            &[("a\0b.ll", &kernel)],
            &[],
            "module name \"a\\0b.ll\" contains a NUL byte",
        ),
        (
            &[("k.ll", &kernel)],
            &["-O3\0"],
            "option \"-O3\\0\" contains a NUL byte",
        ),
        // comgr's clang refuses it, and its log says so.
        (&[("k.ll", &kernel)], &["-fno-such-flag"], "-fno-such-flag"),
    ];
    for (modules, options, expected) in cases {
        match comgr().compile_ir(modules, "gfx90a", options, DeviceLibraries::Link) {
            Err(e) => assert!(e.to_string().contains(expected), "{expected}: {e}"),
            Ok(_) => panic!("{expected}: compiled"),
        }
    }
}

#[test]
fn links_modules_to_llvm_bitcode() {
    let (caller, callee) = (module(CALLER), module(CALLEE));
    let bitcode = comgr()
        .link_to_bitcode(&[("caller.ll", &caller), ("callee.ll", &callee)], "gfx1030")
        .unwrap();
    assert_eq!(&bitcode[..4], b"BC\xc0\xde");
    // The bitcode is comgr input again: it compiles on its own, `twice` included.
    let code = compile(&[("linked.bc", &bitcode)], "gfx1030").unwrap_or_else(|e| panic!("{e}"));
    assert!(Elf(&code).names().iter().any(|s| s == "caller.kd"));
}
