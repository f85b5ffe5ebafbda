//! Stage 2: the parsed module. Every node that can be wrong carries its source span.

use crate::lex::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    Generic,
    /// `.reg`: registers.
    Reg,
    Global,
    Shared,
    Const,
    Local,
    Param,
}

impl Space {
    pub fn from_word(w: &str) -> Option<Space> {
        Some(match w {
            "global" => Space::Global,
            "shared" | "shared::cta" => Space::Shared,
            "const" => Space::Const,
            "local" => Space::Local,
            "param" => Space::Param,
            _ => return None,
        })
    }
}

/// A PTX scalar type as written (`.u32`, `.f16x2`, `.pred` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    B8,
    B16,
    B32,
    B64,
    B128,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    /// Two 16-bit integers in 32 bits (sm_90's `add`, `sub`, `min`, `max`).
    U16x2,
    S16x2,
    F16,
    F16x2,
    Bf16,
    Bf16x2,
    F32,
    F64,
    Pred,
}

impl Scalar {
    pub fn from_word(w: &str) -> Option<Scalar> {
        use Scalar::*;
        Some(match w {
            "b8" => B8,
            "b16" => B16,
            "b32" => B32,
            "b64" => B64,
            "b128" => B128,
            "u8" => U8,
            "u16" => U16,
            "u32" => U32,
            "u64" => U64,
            "s8" => S8,
            "s16" => S16,
            "s32" => S32,
            "s64" => S64,
            "u16x2" => U16x2,
            "s16x2" => S16x2,
            "f16" => F16,
            "f16x2" => F16x2,
            "bf16" => Bf16,
            "bf16x2" => Bf16x2,
            "f32" => F32,
            "f64" => F64,
            "pred" => Pred,
            _ => return None,
        })
    }

    pub fn bits(self) -> u32 {
        use Scalar::*;
        match self {
            Pred => 1,
            B8 | U8 | S8 => 8,
            B16 | U16 | S16 | F16 | Bf16 => 16,
            B32 | U32 | S32 | U16x2 | S16x2 | F32 | F16x2 | Bf16x2 => 32,
            B64 | U64 | S64 | F64 => 64,
            B128 => 128,
        }
    }

    pub fn bytes(self) -> u64 {
        u64::from(self.bits().max(8) / 8)
    }

    pub fn is_signed(self) -> bool {
        matches!(self, Scalar::S8 | Scalar::S16 | Scalar::S32 | Scalar::S64)
    }

    /// The lane type of a packed integer type (`.u16x2` → `.u16`).
    pub fn packed_lane(self) -> Option<Scalar> {
        match self {
            Scalar::U16x2 => Some(Scalar::U16),
            Scalar::S16x2 => Some(Scalar::S16),
            _ => None,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(
            self,
            Scalar::F16 | Scalar::F16x2 | Scalar::Bf16 | Scalar::Bf16x2 | Scalar::F32 | Scalar::F64
        )
    }
}

#[derive(Clone, Debug)]
pub struct Module {
    pub version: String,
    pub target: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Var(VarDecl),
    Func(Function),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linkage {
    Private,
    Visible,
    Extern,
    Weak,
}

#[derive(Clone, Debug)]
pub enum Init {
    Int(i128),
    Float(u64, bool),
    /// Address of a global symbol, optionally `generic(sym)`, plus a byte offset.
    Symbol {
        name: String,
        generic: bool,
        offset: i64,
    },
}

#[derive(Clone, Debug)]
pub struct VarDecl {
    pub span: Span,
    pub linkage: Linkage,
    pub space: Space,
    pub align: Option<u64>,
    pub ty: Scalar,
    /// `.v2` / `.v4` element count (1 for scalars).
    pub vector: u32,
    pub name: String,
    /// Array dimensions; 0 for `[]`.
    pub dims: Vec<u64>,
    pub init: Option<Vec<Init>>,
    /// `%r<100>`: a range of registers r0..r99.
    pub range: Option<u32>,
}

impl VarDecl {
    pub fn elements(&self) -> u64 {
        self.dims.iter().product::<u64>() * u64::from(self.vector)
    }

    pub fn size(&self) -> u64 {
        self.elements() * self.ty.bytes()
    }

    pub fn alignment(&self) -> u64 {
        self.align
            .unwrap_or(self.ty.bytes() * u64::from(self.vector))
    }
}

#[derive(Clone, Debug)]
pub struct Function {
    pub span: Span,
    pub name: String,
    pub kernel: bool,
    pub linkage: Linkage,
    pub returns: Vec<VarDecl>,
    pub params: Vec<VarDecl>,
    /// None for a declaration (`.extern .func f(...);`).
    pub body: Option<Vec<Statement>>,
    /// Threads per block at most, from `.maxntid` / `.reqntid`.
    pub max_threads: Option<u64>,
}

#[derive(Clone, Debug)]
pub enum Statement {
    Decl(VarDecl),
    Label(String),
    Instr(Instruction),
    Block(Vec<Statement>),
}

#[derive(Clone, Debug)]
pub struct Guard {
    pub negate: bool,
    pub pred: String,
}

#[derive(Clone, Debug)]
pub struct Instruction {
    pub span: Span,
    pub guard: Option<Guard>,
    pub opcode: String,
    /// Modifiers without dots, in source order (`["rn", "f32"]`).
    pub mods: Vec<String>,
    pub operands: Vec<Operand>,
}

impl Instruction {
    pub fn has(&self, m: &str) -> bool {
        self.mods.iter().any(|x| x == m)
    }

    /// Full spelling as written, for messages: `add.rn.f32`.
    pub fn spelled(&self) -> String {
        std::iter::once(self.opcode.as_str())
            .chain(self.mods.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[derive(Clone, Debug)]
pub enum Operand {
    Reg(String),
    /// `!%p` (negated predicate source).
    NotReg(String),
    Int(i64),
    Float(u64, bool),
    /// A symbol: label, global variable, function or param name.
    Symbol(String),
    /// `[base+offset]`; base is a register or symbol.
    Address {
        base: Box<Operand>,
        offset: i64,
    },
    /// `{a, b, c, d}`.
    Vector(Vec<Operand>),
    /// `[handle, {x, y}]`: a texture (or surface) and its coordinates.
    Image {
        handle: Box<Operand>,
        coords: Vec<Operand>,
    },
    /// `%p|%q`: setp's two predicate outputs.
    Pair(String, String),
    /// `(a, b)` call argument list.
    List(Vec<Operand>),
    /// `_` sink.
    Sink,
}
