//! Name expressions lowered through the code object, for hiprtc before 6. That hiprtc finds an
//! expression's mangled name by comparing its text with the demangled names of the code object:
//! an expression spelled with a typedef (`knn<half>`, the kernel demangles as `knn<__half>`) or
//! leaving out a namespace the demangler shows (`knn<thrust::complex<float>>`: Thrust's versioned
//! inline namespace) is no match there, while NVIDIA's NVRTC, and hiprtc from 6 (through comgr),
//! lower what the compiler resolved. Here the compiler resolves it too: after the source, one
//! device variable per expression holds its address, and the code object's relocation of that
//! variable names the function or variable the expression denotes.

use crate::elf::Elf;

/// The variables' names: this, then the expression's index.
const VARIABLE: &str = "__cuda_as_hip_lowered_";

/// Whether hiprtc of `hip_version` (encoded) lowers name expressions by their text.
pub fn by_text(hip_version: u32) -> bool {
    hip_version < 60_000_000
}

/// The source lines that follow the program's source: one variable per name expression.
pub fn variables(names: &[String]) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| format!("__device__ auto {VARIABLE}{i} = ({name});\n"))
        .collect()
}

/// (expression, mangled name) of each of `names` whose variable the code object relocates to a
/// symbol of its own; none when `code` is no ELF file (`-rdc=true` gives bitcode).
pub fn from_code(code: &[u8], names: &[String]) -> Vec<(String, String)> {
    let Some(elf) = Elf::parse(code) else {
        return Vec::new();
    };
    let symbols = elf.symbols();
    let denoted = |i: usize| {
        let variable = format!("{VARIABLE}{i}");
        let at = symbols.iter().find(|s| s.name == variable)?.value;
        let target = elf.relocated(at)?;
        // A kernel's code and its descriptor (`.kd`) are two symbols: the code is the kernel.
        let symbol = symbols.iter().find(|s| {
            s.value == target
                && !s.name.is_empty()
                && !s.name.starts_with(VARIABLE)
                && !s.name.ends_with(".kd")
        })?;
        Some(symbol.name.to_string())
    };
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| Some((name.clone(), denoted(i)?)))
        .collect()
}
