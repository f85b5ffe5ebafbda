//! LLVM IR → AMDGPU code object through comgr's actions, the same on every comgr ABI:
//! link the modules (`LINK_BC_TO_BC`), link the device libraries (how differs per ABI, see
//! `Comgr::link_device_libraries`), generate code at `-O3` (`CODEGEN_BC_TO_RELOCATABLE`) and link
//! an executable (`LINK_RELOCATABLE_TO_EXECUTABLE`).

use super::objects::{call, ActionInfo, Data, DataSet};
use super::Comgr;
use crate::comgr_sys::{amd_comgr_action_kind_t, amd_comgr_data_kind_t, amd_comgr_status_t, Abi};
use std::ffi::{c_char, CStr};

/// Held while a comgr action runs (see `Comgr::run`).
static ACTIONS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Whether [`Comgr::compile_ir`] links AMD's device libraries. Linking them is most of a small
/// module's compile time (HIP 7.2.4, a 6 KiB PTX module: 188 ms with them, 31 ms without;
/// BENCHMARKS.md §7), and comgr 2.x compiles library functions nothing calls into the code
/// object, so a caller that knows nothing reaches them omits them; if something does after all,
/// the final link names what is undefined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceLibraries {
    Link,
    Omit,
}

impl DeviceLibraries {
    /// `Link` when any of the modules reaches the libraries.
    pub fn if_any(reached: impl IntoIterator<Item = bool>) -> DeviceLibraries {
        match reached.into_iter().any(|r| r) {
            true => DeviceLibraries::Link,
            false => DeviceLibraries::Omit,
        }
    }
}

/// The comgr actions cuda-as-hip runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Action {
    LinkBcToBc,
    /// comgr 2.x: adds the device libraries' bitcode to a data set.
    AddDeviceLibraries,
    /// comgr 3.x: with device-library linking set, compiles LLVM IR and links the libraries.
    CompileSourceToBc,
    CodegenBcToRelocatable,
    LinkRelocatableToExecutable,
}

impl Action {
    /// comgr's name for it (`AMD_COMGR_ACTION_LINK_BC_TO_BC`).
    pub fn c_name(self) -> &'static str {
        match self {
            Action::LinkBcToBc => "AMD_COMGR_ACTION_LINK_BC_TO_BC",
            Action::AddDeviceLibraries => "AMD_COMGR_ACTION_ADD_DEVICE_LIBRARIES",
            Action::CompileSourceToBc => "AMD_COMGR_ACTION_COMPILE_SOURCE_TO_BC",
            Action::CodegenBcToRelocatable => "AMD_COMGR_ACTION_CODEGEN_BC_TO_RELOCATABLE",
            Action::LinkRelocatableToExecutable => {
                "AMD_COMGR_ACTION_LINK_RELOCATABLE_TO_EXECUTABLE"
            }
        }
    }

    /// Its number in `abi` (`None`: that ABI lacks it).
    fn kind(self, abi: &Abi) -> Option<amd_comgr_action_kind_t> {
        match self {
            Action::LinkBcToBc => abi.AMD_COMGR_ACTION_LINK_BC_TO_BC,
            Action::AddDeviceLibraries => abi.AMD_COMGR_ACTION_ADD_DEVICE_LIBRARIES,
            Action::CompileSourceToBc => abi.AMD_COMGR_ACTION_COMPILE_SOURCE_TO_BC,
            Action::CodegenBcToRelocatable => abi.AMD_COMGR_ACTION_CODEGEN_BC_TO_RELOCATABLE,
            Action::LinkRelocatableToExecutable => {
                abi.AMD_COMGR_ACTION_LINK_RELOCATABLE_TO_EXECUTABLE
            }
        }
    }
}

/// Why comgr did not produce what was asked.
#[derive(Debug, Clone)]
pub enum ComgrError {
    /// An action failed; `log` is comgr's own account (compiler diagnostics, linker errors).
    Action {
        action: Action,
        status: amd_comgr_status_t,
        log: String,
    },
    /// A comgr function failed outside an action.
    Call {
        function: &'static str,
        status: amd_comgr_status_t,
    },
    /// The loaded comgr does not export a function or know an action this needs.
    Missing { name: &'static str },
    /// comgr does not know the ISA. (Checked first: comgr before 7 aborts the process on it.)
    UnknownIsa { isa: String, known: Vec<String> },
    /// An argument comgr cannot take.
    InvalidArgument { what: String },
    /// An action succeeded but left no output of the kind expected.
    NoOutput { action: Action },
}

impl std::fmt::Display for ComgrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Action {
                action,
                status,
                log,
            } => write!(
                f,
                "comgr's {} failed ({status:?}):\n{}",
                action.c_name(),
                log.trim_end()
            ),
            Self::Call { function, status } => write!(f, "comgr's {function} failed ({status:?})"),
            Self::Missing { name } => write!(
                f,
                "the loaded comgr lacks {name}: use the comgr of a supported HIP release"
            ),
            Self::UnknownIsa { isa, known } => write!(
                f,
                "comgr does not know the ISA {isa:?}; it knows: {}",
                known.join(", ")
            ),
            Self::InvalidArgument { what } => f.write_str(what),
            Self::NoOutput { action } => {
                write!(f, "comgr's {} produced no output", action.c_name())
            }
        }
    }
}

impl std::error::Error for ComgrError {}

/// comgr 2.x: the code object version generated, v4 (as HIP 5's own hiprtc makes), stated both to
/// `ADD_DEVICE_LIBRARIES` (the `oclc_abi_version` library, which tells the libraries where the
/// block size and other dispatch values are: comgr 2.6 picks v5's when not told) and to code
/// generation. comgr 3.x's clang chooses both itself, alike (v6 with HIP 6.4.3 and 7.2.4).
const COMGR2_CODE_OBJECT: (&str, &str) = ("code_object_v4", "-mcode-object-version=4");

/// The triple comgr's ISA names start with.
const TRIPLE: &str = "amdgcn-amd-amdhsa--";

/// The processor of an ISA name: `gfx90a` of `amdgcn-amd-amdhsa--gfx90a:xnack+`.
fn processor(isa: &str) -> &str {
    let name = isa.strip_prefix(TRIPLE).unwrap_or(isa);
    name.split(':').next().unwrap_or(name)
}

/// Whether the processor's wavefronts are 64 lanes wide by default: GCN and CDNA (gfx9 and
/// older); RDNA (gfx10 and newer) defaults to 32.
fn wave64(isa: &str) -> bool {
    let digits = processor(isa).trim_start_matches("gfx");
    let major = digits.get(..digits.len().saturating_sub(2)).unwrap_or("");
    major.parse::<u32>().is_ok_and(|m| m < 10)
}

impl Comgr {
    /// Every ISA this comgr knows, as it names them (`amdgcn-amd-amdhsa--gfx90a:xnack+`…).
    pub fn isa_names(&self) -> Result<Vec<String>, ComgrError> {
        let mut count = 0;
        // SAFETY: a valid out-pointer.
        call!(self, amd_comgr_get_isa_count, |f| unsafe { f(&mut count) })?;
        (0..count)
            .map(|i| {
                let mut name: *const c_char = std::ptr::null();
                // SAFETY: a valid out-pointer; comgr returns a static NUL-terminated string.
                call!(self, amd_comgr_get_isa_name, |f| unsafe { f(i, &mut name) })?;
                // SAFETY: checked non-null; static string owned by comgr.
                Ok(match name.is_null() {
                    true => String::new(),
                    false => unsafe { CStr::from_ptr(name) }
                        .to_string_lossy()
                        .into_owned(),
                })
            })
            .collect()
    }

    /// `isa` (`gfx90a`, or a full `amdgcn-amd-amdhsa--gfx90a[:features]`) as a full name, once its
    /// processor is one comgr knows.
    pub fn full_isa_name(&self, isa: &str) -> Result<String, ComgrError> {
        let full = match isa.starts_with(TRIPLE) {
            true => isa.to_string(),
            false => format!("{TRIPLE}{isa}"),
        };
        let mut known: Vec<String> = self
            .isa_names()?
            .iter()
            .map(|n| processor(n).to_string())
            .collect();
        known.sort();
        known.dedup();
        match known.iter().any(|k| k == processor(&full)) {
            true => Ok(full),
            false => Err(ComgrError::UnknownIsa {
                isa: isa.to_string(),
                known,
            }),
        }
    }

    /// Compiles LLVM IR modules (text or bitcode; `(name, bytes)`) into one AMDGPU code object
    /// (an ELF executable) for `isa`: links them, links the device libraries (`__ocml_*`,
    /// `__ockl_*`) unless `libraries` says nothing reaches them, generates code at `-O3` with
    /// `options` added (clang options of code generation only: one changing the code object
    /// version would part it from the device libraries' choice), and links the executable,
    /// refusing any symbol left undefined.
    pub fn compile_ir(
        &self,
        modules: &[(&str, &[u8])],
        isa: &str,
        options: &[&str],
        libraries: DeviceLibraries,
    ) -> Result<Vec<u8>, ComgrError> {
        let isa = self.full_isa_name(isa)?;
        let linked = self.link_modules(modules, &isa)?;
        let with_libraries = match libraries {
            DeviceLibraries::Link => self.link_device_libraries(&linked, &isa)?,
            DeviceLibraries::Omit => linked,
        };
        let mut codegen_options = vec!["-O3"];
        if self.abi.AMD_COMGR_ACTION_ADD_DEVICE_LIBRARIES.is_some() {
            codegen_options.push(COMGR2_CODE_OBJECT.1);
        }
        codegen_options.extend(options);
        let info = ActionInfo::new(
            self,
            &isa,
            self.abi.AMD_COMGR_LANGUAGE_LLVM_IR,
            &codegen_options,
        )?;
        let relocatable = self.run(Action::CodegenBcToRelocatable, &info, &with_libraries)?;
        let info = ActionInfo::new(self, &isa, None, &["--no-undefined"])?;
        let executable = self.run(Action::LinkRelocatableToExecutable, &info, &relocatable)?;
        self.only(
            &executable,
            Action::LinkRelocatableToExecutable,
            self.kind(
                "AMD_COMGR_DATA_KIND_EXECUTABLE",
                self.abi.AMD_COMGR_DATA_KIND_EXECUTABLE,
            )?,
        )
    }

    /// Links LLVM IR modules (text or bitcode) into one LLVM bitcode module for `isa`, without
    /// the device libraries (the final link brings them: hiprtc's linker, for `cuLinkAddData`).
    pub fn link_to_bitcode(
        &self,
        modules: &[(&str, &[u8])],
        isa: &str,
    ) -> Result<Vec<u8>, ComgrError> {
        let isa = self.full_isa_name(isa)?;
        let linked = self.link_modules(modules, &isa)?;
        self.only(
            &linked,
            Action::LinkBcToBc,
            self.kind("AMD_COMGR_DATA_KIND_BC", self.abi.AMD_COMGR_DATA_KIND_BC)?,
        )
    }

    /// The modules as BC data objects (comgr's LLVM reader takes text IR as well), linked.
    fn link_modules(
        &self,
        modules: &[(&str, &[u8])],
        isa: &str,
    ) -> Result<DataSet<'_>, ComgrError> {
        if modules.is_empty() {
            return Err(ComgrError::InvalidArgument {
                what: "no LLVM IR module to compile or link".into(),
            });
        }
        let bc = self.kind("AMD_COMGR_DATA_KIND_BC", self.abi.AMD_COMGR_DATA_KIND_BC)?;
        let inputs = DataSet::new(self)?;
        for (name, bytes) in modules {
            inputs.add(&Data::new(self, bc, name, bytes)?)?;
        }
        let info = ActionInfo::new(self, isa, self.abi.AMD_COMGR_LANGUAGE_LLVM_IR, &[])?;
        self.run(Action::LinkBcToBc, &info, &inputs)
    }

    /// `linked` with the device libraries linked in.
    ///
    /// comgr 2.x: `ADD_DEVICE_LIBRARIES` (which takes only OpenCL or HIP as language: HIP's is
    /// the smaller library; its options pick the `oclc_*` control libraries, of which the
    /// wavefront size must match the target and the ABI version the code object version, see
    /// [`COMGR2_CODE_OBJECT`]) and `LINK_BC_TO_BC` again. comgr 3.x dropped that
    /// action: `COMPILE_SOURCE_TO_BC` with language LLVM IR and device-library linking set runs
    /// clang on the IR, which links the libraries the target needs.
    ///
    /// Either way the control libraries are CUDA's defaults: correctly rounded `sqrt` (which
    /// OpenCL, comgr's default, does not ask for), denormals kept, no finite-only or unsafe math.
    fn link_device_libraries<'c>(
        &'c self,
        linked: &DataSet<'c>,
        isa: &str,
    ) -> Result<DataSet<'c>, ComgrError> {
        if self.abi.AMD_COMGR_ACTION_ADD_DEVICE_LIBRARIES.is_none() {
            // comgr asks clang to link the libraries after optimising, which clang skips for IR
            // input (the libraries stay undefined): the option after it links them before.
            let options = [
                "-Xclang",
                "-mno-link-builtin-bitcode-postopt",
                "-cl-fp32-correctly-rounded-divide-sqrt",
            ];
            let info = ActionInfo::new(self, isa, self.abi.AMD_COMGR_LANGUAGE_LLVM_IR, &options)?;
            info.link_device_libraries()?;
            return self.run(Action::CompileSourceToBc, &info, linked);
        }
        let mut options = vec![COMGR2_CODE_OBJECT.0, "correctly_rounded_sqrt"];
        options.extend(wave64(isa).then_some("wavefrontsize64"));
        let info = ActionInfo::new(self, isa, self.abi.AMD_COMGR_LANGUAGE_HIP, &options)?;
        let with_libraries = self.run(Action::AddDeviceLibraries, &info, linked)?;
        let info = ActionInfo::new(self, isa, self.abi.AMD_COMGR_LANGUAGE_LLVM_IR, &[])?;
        self.run(Action::LinkBcToBc, &info, &with_libraries)
    }

    /// A data kind's number in the loaded ABI (`value`, named `name`).
    fn kind(
        &self,
        name: &'static str,
        value: Option<amd_comgr_data_kind_t>,
    ) -> Result<amd_comgr_data_kind_t, ComgrError> {
        value.ok_or(ComgrError::Missing { name })
    }

    /// Runs `action` on `input`: its result set, or its failure with comgr's log.
    fn run<'c>(
        &'c self,
        action: Action,
        info: &ActionInfo,
        input: &DataSet,
    ) -> Result<DataSet<'c>, ComgrError> {
        let kind = action.kind(self.abi).ok_or(ComgrError::Missing {
            name: action.c_name(),
        })?;
        let result = DataSet::new(self)?;
        // One action at a time in the process: an action runs clang and lld in-process, which parse
        // their options into LLVM's process-wide option registry; two at once abort the process
        // ("CommandLine Error: Option 'h' registered more than once", seen with comgr 2.4, HIP
        // 5.2.3's, when two threads compiled).
        let _one_at_a_time = ACTIONS.lock().unwrap_or_else(|e| e.into_inner());
        let status = call!(self, amd_comgr_do_action, |f| unsafe {
            // SAFETY: live handles owned by the caller and by this function.
            f(kind, info.raw, input.raw, result.raw)
        });
        match status {
            Ok(()) => Ok(result),
            Err(ComgrError::Call { status, .. }) => Err(ComgrError::Action {
                action,
                status,
                log: self.log(&result),
            }),
            Err(other) => Err(other),
        }
    }

    /// The text of the log objects in `set` (empty when there are none).
    fn log(&self, set: &DataSet) -> String {
        let Ok(kind) = self.kind("AMD_COMGR_DATA_KIND_LOG", self.abi.AMD_COMGR_DATA_KIND_LOG)
        else {
            return String::new();
        };
        let count = set.count(kind).unwrap_or(0);
        (0..count)
            .filter_map(|i| set.get(kind, i).and_then(|d| d.bytes()).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    }

    /// The bytes of the one data object of `kind` in `set`, the output of `action`.
    fn only(
        &self,
        set: &DataSet,
        action: Action,
        kind: amd_comgr_data_kind_t,
    ) -> Result<Vec<u8>, ComgrError> {
        match set.count(kind)? {
            0 => Err(ComgrError::NoOutput { action }),
            _ => set.get(kind, 0)?.bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wavefront_size_follows_the_processor_family() {
        for isa in [
            "gfx803",
            "gfx906",
            "gfx90a",
            "gfx942",
            "amdgcn-amd-amdhsa--gfx90a:xnack+",
        ] {
            assert!(wave64(isa), "{isa}");
        }
        for isa in [
            "gfx1030",
            "gfx1100",
            "gfx1201",
            "amdgcn-amd-amdhsa--gfx1030",
        ] {
            assert!(!wave64(isa), "{isa}");
        }
        assert_eq!(
            processor("amdgcn-amd-amdhsa--gfx90a:sramecc+:xnack-"),
            "gfx90a"
        );
    }
}
