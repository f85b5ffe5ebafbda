//! The instruction table: every opcode the translator knows and every modifier each accepts.
//! An opcode or modifier that is not here is THE error that names it (see `check_modifiers`);
//! the lowering may only meet what this table lets through.

const INT: &[&str] = &[
    "b8", "b16", "b32", "b64", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
];
/// Packed integers: `add`, `sub`, `min`, `max` (sm_90).
const PACKED: &[&str] = &["u16x2", "s16x2"];
const FLT: &[&str] = &["f16", "f16x2", "bf16", "bf16x2", "f32", "f64"];
const RND: &[&str] = &["rn", "rz", "rm", "rp"];
const IRND: &[&str] = &["rni", "rzi", "rmi", "rpi"];
const FTZ: &[&str] = &["ftz", "sat"];
const CMP: &[&str] = &[
    "eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs", "equ", "neu", "ltu", "leu", "gtu",
    "geu", "num", "nan",
];
const BOOL: &[&str] = &["and", "or", "xor"];
const SPACES: &[&str] = &["global", "shared", "shared::cta", "const", "local", "param"];
const SEM: &[&str] = &[
    "volatile", "relaxed", "acquire", "release", "acq_rel", "weak", "sc",
];
const SCOPE: &[&str] = &["cta", "gpu", "sys"];
/// Cache and eviction hints: accepted and ignored (they never change a result).
const HINTS: &[&str] = &[
    "ca",
    "cg",
    "cs",
    "lu",
    "cv",
    "wb",
    "wt",
    "nc",
    "L1::evict_normal",
    "L1::evict_unchanged",
    "L1::evict_first",
    "L1::evict_last",
    "L1::no_allocate",
    "L2::evict_normal",
    "L2::evict_first",
    "L2::evict_last",
    "L2::64B",
    "L2::128B",
    "L2::256B",
];
const VEC: &[&str] = &["v2", "v4"];
const PRED: &[&str] = &["pred"];
const ATOM_OPS: &[&str] = &[
    "and", "or", "xor", "cas", "exch", "add", "inc", "dec", "min", "max", "noftz",
];
const WIDE: &[&str] = &["lo", "hi", "wide"];
const CC: &[&str] = &["cc"];
const SYNC: &[&str] = &["sync", "aligned"];
const APPROX: &[&str] = &["approx", "full", "ftz"];
/// ldmatrix / stmatrix.
const MATRIX_MOVE: &[&[&str]] = &[
    SYNC,
    &["m8n8", "x1", "x2", "x4", "trans", "b16"],
    &["shared", "shared::cta"],
];

/// (opcode, modifier groups it accepts).
const TABLE: &[(&str, &[&[&str]])] = &[
    ("add", &[INT, PACKED, FLT, RND, FTZ, CC]),
    ("sub", &[INT, PACKED, FLT, RND, FTZ, CC]),
    ("addc", &[INT, CC]),
    ("subc", &[INT, CC]),
    ("mul", &[INT, FLT, RND, FTZ, WIDE]),
    ("mad", &[INT, FLT, RND, FTZ, WIDE, CC]),
    ("madc", &[INT, WIDE, CC]),
    ("mul24", &[INT, &["lo", "hi"]]),
    ("mad24", &[INT, &["lo", "hi"]]),
    ("fma", &[FLT, RND, FTZ]),
    ("div", &[INT, FLT, RND, APPROX]),
    ("rem", &[INT]),
    ("abs", &[INT, FLT, &["ftz"]]),
    ("neg", &[INT, FLT, &["ftz"]]),
    ("min", &[INT, PACKED, FLT, &["ftz", "NaN", "relu"]]),
    ("max", &[INT, PACKED, FLT, &["ftz", "NaN", "relu"]]),
    ("sad", &[INT]),
    ("and", &[INT, PRED]),
    ("or", &[INT, PRED]),
    ("xor", &[INT, PRED]),
    ("not", &[INT, PRED]),
    ("cnot", &[INT]),
    ("shl", &[INT]),
    ("shr", &[INT]),
    ("lop3", &[&["b32"]]),
    ("shf", &[&["l", "r", "wrap", "clamp", "b32"]]),
    ("setp", &[INT, FLT, CMP, BOOL, &["ftz"]]),
    ("set", &[INT, FLT, CMP, BOOL, &["ftz"]]),
    ("selp", &[INT, FLT]),
    ("slct", &[INT, FLT, &["ftz"]]),
    ("mov", &[INT, FLT, PRED, VEC]),
    ("cvt", &[INT, FLT, RND, IRND, FTZ]),
    (
        "cvta",
        &[&[
            "to",
            "global",
            "shared",
            "shared::cta",
            "const",
            "local",
            "param",
            "u32",
            "u64",
        ]],
    ),
    (
        "isspacep",
        &[&["global", "shared", "shared::cta", "const", "local", "param"]],
    ),
    ("ld", &[SPACES, SEM, SCOPE, HINTS, VEC, INT, FLT]),
    ("ldu", &[&["global"], VEC, INT, FLT]),
    ("st", &[SPACES, SEM, SCOPE, HINTS, VEC, INT, FLT]),
    ("prefetch", &[&["global", "local", "L1", "L2"]]),
    (
        "cp",
        &[
            &["async", "shared", "shared::cta", "global"],
            &[
                "commit_group",
                "wait_group",
                "wait_all",
                "mbarrier",
                "arrive",
                "noinc",
                "b64",
            ],
            &["L2::cache_hint"],
            HINTS,
        ],
    ),
    ("bra", &[&["uni"]]),
    ("call", &[&["uni"]]),
    ("ret", &[&["uni"]]),
    ("exit", &[]),
    ("trap", &[]),
    (
        "bar",
        &[&[
            "sync", "arrive", "red", "popc", "and", "or", "u32", "pred", "cta", "aligned", "warp",
        ]],
    ),
    (
        "barrier",
        &[&[
            "sync", "arrive", "red", "popc", "and", "or", "u32", "pred", "cta", "aligned",
        ]],
    ),
    ("membar", &[&["cta", "gl", "sys"]]),
    (
        "mbarrier",
        &[
            &[
                "init",
                "arrive",
                "arrive_drop",
                "noComplete",
                "test_wait",
                "try_wait",
                "parity",
                "pending_count",
                "inval",
                "shared",
                "shared::cta",
                "b64",
            ],
            &["release", "acquire", "relaxed"],
            &["cta"],
        ],
    ),
    ("fence", &[&["sc", "acq_rel"], SCOPE]),
    ("atom", &[SPACES, SEM, SCOPE, ATOM_OPS, INT, FLT]),
    ("red", &[SPACES, SEM, SCOPE, ATOM_OPS, INT, FLT]),
    ("shfl", &[SYNC, &["up", "down", "bfly", "idx", "b32"]]),
    (
        "vote",
        &[SYNC, &["all", "any", "uni", "ballot", "pred", "b32"]],
    ),
    ("match", &[SYNC, &["any", "all", "b32", "b64"]]),
    (
        "redux",
        &[
            SYNC,
            &["add", "min", "max", "and", "or", "xor", "u32", "s32", "b32"],
        ],
    ),
    ("activemask", &[&["b32"]]),
    (
        "mma",
        &[
            SYNC,
            &[
                "m16n8k4",
                "m16n8k8",
                "m16n8k16",
                "m16n8k32",
                "m8n8k4",
                "m8n8k16",
                "row",
                "col",
                "satfinite",
            ],
            &["f16", "bf16", "tf32", "f32", "f64", "s8", "u8", "s32"],
        ],
    ),
    (
        "wmma",
        &[
            SYNC,
            &[
                "load",
                "store",
                "mma",
                "a",
                "b",
                "c",
                "d",
                "row",
                "col",
                "m16n16k16",
                "m32n8k16",
                "m8n32k16",
                "m16n16k8",
                "m8n8k4",
                "satfinite",
            ],
            &["global", "shared", "shared::cta"],
            &["f16", "bf16", "tf32", "f32", "f64", "s8", "u8", "s32"],
            RND,
        ],
    ),
    (
        "tex",
        &[
            &["level", "grad", "v4"],
            &["1d", "2d", "3d", "a1d", "a2d", "cube", "acube"],
            &["f32", "s32", "u32"],
        ],
    ),
    (
        "tld4",
        &[&["r", "g", "b", "a", "2d", "v4"], &["f32", "s32", "u32"]],
    ),
    ("ldmatrix", MATRIX_MOVE),
    ("stmatrix", MATRIX_MOVE),
    (
        "prmt",
        &[&["b32", "f4e", "b4e", "rc8", "ecl", "ecr", "rc16"]],
    ),
    ("bfe", &[INT]),
    ("bfi", &[INT]),
    ("brev", &[INT]),
    ("popc", &[INT]),
    ("clz", &[INT]),
    ("bfind", &[INT, &["shiftamt"]]),
    ("dp4a", &[INT]),
    ("vadd4", &[INT, &["sat", "add"]]),
    ("vsub4", &[INT, &["sat", "add"]]),
    ("vabsdiff4", &[INT, &["sat", "add"]]),
    ("vmin4", &[INT, &["sat", "add"]]),
    ("vmax4", &[INT, &["sat", "add"]]),
    ("dp2a", &[INT, &["lo", "hi"]]),
    ("copysign", &[&["f32", "f64"]]),
    ("rcp", &[&["f32", "f64"], RND, APPROX]),
    ("sqrt", &[&["f32", "f64"], RND, APPROX]),
    ("rsqrt", &[&["f32", "f64"], APPROX]),
    ("ex2", &[&["f32", "f16", "f16x2"], APPROX]),
    ("lg2", &[&["f32"], APPROX]),
    ("sin", &[&["f32"], APPROX]),
    ("cos", &[&["f32"], APPROX]),
    ("tanh", &[&["f32", "f16", "f16x2"], APPROX]),
    (
        "testp",
        &[&[
            "finite",
            "infinite",
            "number",
            "notanumber",
            "normal",
            "subnormal",
            "f32",
            "f64",
        ]],
    ),
    ("nanosleep", &[&["u32"]]),
    ("griddepcontrol", &[&["wait", "launch_dependents"]]),
];

/// The modifier groups of `opcode`, or None when the opcode is not translated.
fn groups(opcode: &str) -> Option<&'static [&'static [&'static str]]> {
    TABLE.iter().find(|(op, _)| *op == opcode).map(|(_, g)| *g)
}

/// Why an instruction can not be translated, or None when the table accepts it.
pub fn check_modifiers(opcode: &str, mods: &[String]) -> Option<String> {
    let Some(groups) = groups(opcode) else {
        return Some(format!(
            "opcode `{opcode}` is not translated (not in the PTX translator's instruction table)"
        ));
    };
    let unknown = mods
        .iter()
        .find(|m| !groups.iter().any(|g| g.contains(&m.as_str())))?;
    Some(format!(
        "modifier `.{unknown}` of `{opcode}` is not translated"
    ))
}
