//! The targets, and the few facts about them the target-neutral lowering needs. Everything else a
//! target knows lives in its prelude (`preludes/*.ll`).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// AMDGPU. `wave64`: CDNA (gfx90a, gfx942) — each 64-lane wavefront runs two 32-lane CUDA
    /// warps (README.md, "The wavefront rule"); false: RDNA wave32, one wavefront per warp.
    Amdgcn {
        wave64: bool,
    },
    Nvptx,
}

const AMDGCN_PRELUDE: &str = include_str!("../preludes/amdgcn.ll");
const AMDGCN_WAVE64: &str = include_str!("../preludes/amdgcn_wave64.ll");
const AMDGCN_WAVE32: &str = include_str!("../preludes/amdgcn_wave32.ll");
const AMDGCN_SERVICES: &str = include_str!("../preludes/amdgcn_services.ll");
const AMDGCN_TEXTURES: &str = include_str!("../preludes/amdgcn_textures.ll");
const NVPTX_PRELUDE: &str = include_str!("../preludes/nvptx.ll");
const NVPTX_TEXTURES: &str = include_str!("../preludes/nvptx_textures.ll");
/// What both targets spell alike, appended to each.
const COMMON_PRELUDE: &str = include_str!("../preludes/common.ll");

impl Target {
    pub(crate) fn triple(self) -> &'static str {
        match self {
            Target::Amdgcn { .. } => "amdgcn-amd-amdhsa",
            Target::Nvptx => "nvptx64-nvidia-cuda",
        }
    }

    /// LLVM 14/15's data layout of each target (the oldest comgr we feed is LLVM 14's).
    pub(crate) fn datalayout(self) -> &'static str {
        match self {
            Target::Amdgcn { .. } => {
                "e-p:64:64-p1:64:64-p2:32:32-p3:32:32-p4:64:64-p5:32:32-p6:32:32-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-v2048:2048-n32:64-S32-A5-G1-ni:7"
            }
            Target::Nvptx => "e-i64:64-i128:128-v16:16-v32:32-n16:32:64",
        }
    }

    /// The prelude: `@__ptx_*` functions the lowering calls (contract in `preludes/README.md`).
    pub(crate) fn prelude(self) -> String {
        match self {
            Target::Amdgcn { wave64 } => {
                let lanes = if wave64 { AMDGCN_WAVE64 } else { AMDGCN_WAVE32 };
                format!(
                    "{AMDGCN_PRELUDE}\n{lanes}\n{AMDGCN_SERVICES}\n{AMDGCN_TEXTURES}\n{COMMON_PRELUDE}"
                )
            }
            Target::Nvptx => format!("{NVPTX_PRELUDE}\n{NVPTX_TEXTURES}\n{COMMON_PRELUDE}"),
        }
    }

    /// Address space of `alloca` (AMDGPU: private = 5).
    pub(crate) fn alloca_space(self) -> u32 {
        match self {
            Target::Amdgcn { .. } => 5,
            Target::Nvptx => 0,
        }
    }

    /// Address space of kernel parameters passed by reference (AMDGPU: the kernarg segment,
    /// constant = 4; NVPTX: byval in the generic space).
    pub(crate) fn byref_param_space(self) -> u32 {
        match self {
            Target::Amdgcn { .. } => 4,
            Target::Nvptx => 0,
        }
    }

    /// Whether LLVM selects acquire loads and release stores for this target; LLVM 15's NVPTX
    /// does not, so those become relaxed accesses next to the prelude's fences.
    pub(crate) fn native_acquire_release(self) -> bool {
        self.is_amdgcn()
    }

    /// Whether barriers other than the whole block's (ids 1-15, thread counts) exist.
    pub(crate) fn named_barriers(self) -> bool {
        !self.is_amdgcn()
    }

    pub(crate) fn is_amdgcn(self) -> bool {
        matches!(self, Target::Amdgcn { .. })
    }
}

/// LLVM address space of a PTX state space: the same numbers on AMDGPU and NVPTX
/// (generic 0, global 1, shared 3, const 4, local 5); `.param` memory lives in allocas.
pub(crate) fn space_number(target: Target, space: crate::ast::Space) -> u32 {
    use crate::ast::Space;
    match space {
        Space::Generic => 0,
        Space::Global => 1,
        Space::Shared => 3,
        Space::Const => 4,
        Space::Local | Space::Reg | Space::Param => target.alloca_space(),
    }
}

impl Target {
    /// LLVM `syncscope` name of a PTX scope (`cta`, `gpu`, `sys`, or "" = `.sys` by default).
    /// NVPTX (LLVM 15) knows only the system scope: the strongest, so always correct.
    pub(crate) fn syncscope(self, scope: &str) -> &'static str {
        match (self, scope) {
            (Target::Nvptx, _) => "",
            (_, "cta") => "workgroup",
            (_, "gpu" | "cluster") => "agent",
            _ => "",
        }
    }
}
