//! PTX → LLVM IR translator: PTX text in, one LLVM IR module (text) out, for AMDGPU (wave32 or
//! wave64) or NVPTX. Pure Rust, no LLVM: the IR goes to AMD comgr (or `llc`) afterwards.
//!
//! Stages, one file each: `lex` (tokens) → `parse` with `instructions` (the opcode/modifier table)
//! → `ast` → `check` (names, types) → `lower` (by instruction group, target-neutral) → `ir` (the only
//! file spelling LLVM IR) + `target` and the per-target preludes (`preludes/*.ll`), which alone
//! know the target (special registers, warp operations, barriers, atomic scopes, approximate math).

mod ast;
mod check;
mod instructions;
mod ir;
mod lex;
mod lower;
mod parse;
mod target;

pub use lex::Span;
pub use target::Target;

/// Goes into compile-cache keys: bump whenever the IR for some PTX may change.
pub const TRANSLATOR_VERSION: &str = "ptx-0.1.6";

pub struct Translation {
    /// One complete LLVM IR module, the target's prelude included.
    pub ir: String,
    /// Names of the `.entry` functions.
    pub kernels: Vec<String>,
    /// Things the user may want to know that are not errors (ignored hints …).
    pub notes: Vec<String>,
    /// Whether the module's code reaches AMD's device libraries (`__ocml_*`, `__ockl_*`,
    /// `__oclc_*`) through the prelude: printf, malloc, some math. Only then must they be linked,
    /// which is most of a first load's time when they are.
    pub device_libraries: bool,
    /// The module's texture instructions: not every AMD GPU has the image instructions they
    /// become, and the code that loads the module checks them against the GPU.
    pub textures: Vec<TextureUse>,
}

/// A texture instruction of a translated module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextureUse {
    /// Sampling at a level of detail, with gradients, or a gather (`tex.level`, `tex.grad`,
    /// `tld4`), beyond plain sampling and `tex1Dfetch`.
    pub lod_grad_or_gather: bool,
    /// The instruction, its line and function (an [`Error`] to report where a GPU lacks it).
    pub at: Error,
}

/// Why a PTX module was not translated: the cause, where, and in which function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub function: Option<String>,
}

impl Error {
    pub(crate) fn at(span: Span, message: String) -> Error {
        Error {
            message,
            line: span.line,
            column: span.column,
            function: None,
        }
    }

    pub(crate) fn in_function(mut self, function: Option<String>) -> Error {
        if self.function.is_none() {
            self.function = function;
        }
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(function) = &self.function {
            write!(f, ", function `{function}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Which stage `dump` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Tokens,
    Ast,
    Ir,
}

pub fn translate(ptx: &str, target: Target) -> Result<Translation, Error> {
    let module = parse::parse(&lex::lex(ptx)?)?;
    check::check(&module)?;
    lower::lower(&module, target)
}

/// The output of one stage, as text.
pub fn dump(ptx: &str, target: Target, stage: Stage) -> Result<String, Error> {
    let tokens = lex::lex(ptx)?;
    match stage {
        Stage::Tokens => Ok(lex::dump(&tokens)),
        Stage::Ast => Ok(format!("{:#?}", parse::parse(&tokens)?)),
        Stage::Ir => translate(ptx, target).map(|t| t.ir),
    }
}
