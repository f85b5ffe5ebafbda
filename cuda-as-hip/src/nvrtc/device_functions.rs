//! CUDA device functions a kernel calls that hiprtc does not declare: a failed compile's log gets
//! a note for each, naming the cause from hipify-perl's device-function tables (HIP lacks it, or
//! this HIP's hiprtc does not declare what newer ones do).

use super::hipify::{HIPIFY_DEVICE_FUNCTIONS, HIPIFY_UNSUPPORTED_DEVICE_FUNCTIONS};
use std::collections::BTreeSet;

/// How clang reports a name it does not know, up to the quoted name.
const UNDECLARED: &[&str] = &["use of undeclared identifier '", "no member named '"];

/// Why a family of CUDA device functions has no HIP counterpart: (part of the name, reason).
const FAMILIES: &[(&str, &str)] = &[
    ("__nv_fp128_", "AMD GPUs have no quad-precision arithmetic"),
    (
        "e8m0",
        "CUDA 12.8's e8m0 scale format has no HIP counterpart",
    ),
    (
        "fp4",
        "CUDA's fp4 types have no HIP counterpart under hiprtc",
    ),
    (
        "fp6",
        "CUDA's fp6 types have no HIP counterpart under hiprtc",
    ),
    ("__pm", "NVIDIA's profiler counters have no AMD counterpart"),
    (
        "__prof_trigger",
        "NVIDIA's profiler counters have no AMD counterpart",
    ),
];

/// CUDA's directed-rounding arithmetic (`__fadd_rz` …): AMD GPUs set the rounding mode for a whole
/// wavefront, not per instruction, and HIP offers no such functions.
const DIRECTED_ROUNDING: &[&str] = &["_rd", "_ru", "_rz"];
const DIRECTED_ROUNDING_WHY: &str = "AMD GPUs round by a mode set for the whole wavefront, not per instruction, and HIP has no directed-rounding arithmetic; use the `_rn` form (or widen to double and round once)";

/// One note line per undeclared CUDA device function in `log` (none for other names), each
/// starting with `program` (the name given to `nvrtcCreateProgram`).
pub fn notes(log: &str, program: &str) -> String {
    let mut names = BTreeSet::new();
    for marker in UNDECLARED {
        for (at, _) in log.match_indices(marker) {
            let rest = &log[at + marker.len()..];
            if let Some(end) = rest.find('\'') {
                names.insert(&rest[..end]);
            }
        }
    }
    names
        .into_iter()
        .filter_map(|n| Some(format!("{program}: note: {}\n", note(n)?)))
        .collect()
}

/// What hipify's tables say of CUDA device function `name`, if it is one.
pub fn note(name: &str) -> Option<String> {
    let family = FAMILIES.iter().find(|(part, _)| name.contains(part));
    if HIPIFY_UNSUPPORTED_DEVICE_FUNCTIONS
        .binary_search(&name)
        .is_ok()
    {
        let rounding = DIRECTED_ROUNDING.iter().any(|s| name.ends_with(s));
        let why = match family {
            Some((_, why)) => format!(": {why}"),
            None if rounding => format!(": {DIRECTED_ROUNDING_WHY}"),
            None => String::new(),
        };
        return Some(format!(
            "`{name}` is a CUDA device function that HIP does not provide (hipify-perl lists it unsupported){why}; write it in CUDA C++ in the kernel"
        ));
    }
    let at = HIPIFY_DEVICE_FUNCTIONS
        .binary_search_by_key(&name, |&(cuda, _)| cuda)
        .ok()?;
    let hip = HIPIFY_DEVICE_FUNCTIONS[at].1;
    Some(match family {
        Some((_, why)) => format!("`{name}` is a CUDA device function: {why}"),
        None => format!(
            "`{name}` is a CUDA device function HIP provides (as `{hip}`, by hipify-perl 7.2.4) that this HIP's hiprtc does not declare here: include the CUDA header that declares it, or use a newer HIP"
        ),
    })
}
