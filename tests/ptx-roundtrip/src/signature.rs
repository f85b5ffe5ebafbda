//! Each kernel (`.entry`) of a PTX text and its `.param` list: what the harness needs to launch it.
//! Only the entry headers are read (and, to tell pointers from 64-bit integers, how the body uses each
//! parameter); this is no PTX parser, the translator has that.

/// The kind of value a kernel parameter holds, as the launch fills it ([`crate::inputs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit parameter the kernel uses as a global address: gets a device buffer.
    Pointer,
    /// A pointer the kernel only reads, 64-bit integers among what it reads: a table of sizes and
    /// strides (candle's `info`, dfdx's `dims` / `strides`), which must hold valid ones on every
    /// data set for the kernel to run at all.
    Table,
    /// An integer (`.u8`…`.s64`, `.b8`…`.b64` scalars).
    Int,
    /// `.f16` / `.f32` / `.f64`.
    Float,
    /// A `.b8 name[N]` array: a structure passed by value.
    Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: Kind,
    /// Bytes (element size × array length).
    pub size: usize,
    pub align: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kernel {
    pub name: String,
    pub params: Vec<Param>,
    /// `.reqntid` / `.maxntid` x-dimension limits: the launch's block size is never above them.
    pub max_threads: Option<u32>,
    /// The kernel declares dynamic shared memory (`.extern .shared`): the launch gives it some.
    pub dynamic_shared: bool,
}

/// The kernels of `ptx`, in the order they are defined.
pub fn kernels(ptx: &str) -> Result<Vec<Kernel>, String> {
    let text = without_comments(ptx);
    let dynamic_shared = text.contains(".extern .shared");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(".entry") {
        let after = &rest[at + ".entry".len()..];
        let open = after.find('{').ok_or("an .entry without a body")?;
        let header = &after[..open];
        let body_len = matching_brace(&after[open..]).ok_or("an .entry whose body never closes")?;
        let body = &after[open..open + body_len];
        out.push(kernel(header, body, dynamic_shared)?);
        rest = &after[open + body_len..];
    }
    Ok(out)
}

fn kernel(header: &str, body: &str, dynamic_shared: bool) -> Result<Kernel, String> {
    let (name, after_name) = match header.find('(') {
        Some(p) => (header[..p].trim(), &header[p + 1..]),
        None => (header.split_whitespace().next().unwrap_or(""), ""),
    };
    if name.is_empty() {
        return Err("an .entry without a name".into());
    }
    let close = after_name.find(')').unwrap_or(0);
    let params = after_name[..close]
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| param(p, body))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("kernel {name}: {e}"))?;
    Ok(Kernel {
        name: name.to_string(),
        params,
        max_threads: thread_limit(&after_name[close..]),
        dynamic_shared,
    })
}

/// One `.param [.ptr [.space]] [.align N] .type name[[N]]` declaration.
fn param(decl: &str, body: &str) -> Result<Param, String> {
    let words: Vec<&str> = decl.split_whitespace().collect();
    if words.first() != Some(&".param") {
        return Err(format!("not a .param: {}", decl.trim()));
    }
    let mut align = None;
    let mut ty = None;
    let mut ptr = false;
    let mut name = None;
    let mut i = 1;
    while i < words.len() {
        match words[i] {
            ".align" => {
                align = words.get(i + 1).and_then(|n| n.parse().ok());
                i += 1;
            }
            ".ptr" => ptr = true,
            w if w.starts_with('.') && type_size(w).is_some() => ty = Some(w),
            w if w.starts_with('.') => {} // the state space after .ptr
            w => name = Some(w),
        }
        i += 1;
    }
    let ty = ty.ok_or_else(|| format!("no type in {}", decl.trim()))?;
    let name = name.ok_or_else(|| format!("no name in {}", decl.trim()))?;
    let (name, count) = match name.split_once('[') {
        Some((n, len)) => (
            n,
            len.trim_end_matches(']')
                .parse::<usize>()
                .map_err(|e| e.to_string())?,
        ),
        None => (name, 1),
    };
    let element = type_size(ty).expect("checked above");
    let kind = if decl.contains('[') {
        Kind::Bytes
    } else if ty.starts_with(".f") {
        Kind::Float
    } else if element == 8 && (ptr || used_as_address(name, body)) {
        if is_table(name, body) {
            Kind::Table
        } else {
            Kind::Pointer
        }
    } else {
        Kind::Int
    };
    Ok(Param {
        name: name.to_string(),
        kind,
        size: element * count,
        align: align.unwrap_or(element),
    })
}

fn type_size(ty: &str) -> Option<usize> {
    Some(match ty {
        ".u8" | ".s8" | ".b8" => 1,
        ".u16" | ".s16" | ".b16" | ".f16" => 2,
        ".u32" | ".s32" | ".b32" | ".f32" => 4,
        ".u64" | ".s64" | ".b64" | ".f64" => 8,
        _ => return None,
    })
}

/// Whether the register a body loads parameter `name` into becomes an address: converted by
/// `cvta.to.global` or `cvta.global`, or used in brackets by a load, store or atomic. What NVRTC,
/// NVVM (numba) and clang emit for pointer parameters at -O3.
fn used_as_address(name: &str, body: &str) -> bool {
    let statements: Vec<&str> = body.split(';').map(instruction).collect();
    param_registers(&statements, name).iter().any(|r| {
        statements.iter().any(|s| {
            let operands: Vec<&str> = s
                .split_whitespace()
                .skip(1)
                .map(|o| o.trim_end_matches(','))
                .collect();
            (s.starts_with("cvta") && operands.get(1) == Some(r))
                || s.contains(&format!("[{r}]"))
                || s.contains(&format!("[{r}+"))
        })
    })
}

/// Whether the kernel loads 64-bit integers through pointer parameter `name` (or an address
/// computed from it) and never stores or runs an atomic through it.
fn is_table(name: &str, body: &str) -> bool {
    let addresses = derived_addresses(name, body);
    let through = |s: &str| {
        let inside = s.split('[').nth(1).and_then(|a| a.split(['+', ']']).next());
        inside.is_some_and(|r| addresses.contains(&r.trim()))
    };
    let mut loads_integers = false;
    for s in body.split(';').map(instruction) {
        let opcode = s.split_whitespace().next().unwrap_or("");
        if opcode.starts_with("ld.") && !opcode.starts_with("ld.param") && through(s) {
            loads_integers |= [".u64", ".s64", ".b64"].iter().any(|t| opcode.ends_with(t));
        } else if (opcode.starts_with("st.")
            || opcode.starts_with("atom.")
            || opcode.starts_with("red."))
            && through(s)
        {
            return false;
        }
    }
    loads_integers
}

/// The registers holding parameter `name`'s value or an address computed from it (moved,
/// converted by `cvta`, offset by `add` / `sub` / `mad`), followed to a fixed point.
fn derived_addresses<'a>(name: &str, body: &'a str) -> Vec<&'a str> {
    let statements: Vec<&str> = body.split(';').map(instruction).collect();
    let mut regs = param_registers(&statements, name);
    loop {
        let before = regs.len();
        for s in &statements {
            let mut words = s.split_whitespace();
            let opcode = words.next().unwrap_or("");
            if !["mov.", "cvta", "add.", "sub.", "mad."]
                .iter()
                .any(|o| opcode.starts_with(o))
            {
                continue;
            }
            let operands: Vec<&str> = words.map(|o| o.trim_end_matches(',')).collect();
            if let Some((dest, sources)) = operands.split_first() {
                if sources.iter().any(|o| regs.contains(o)) && !regs.contains(dest) {
                    regs.push(dest);
                }
            }
        }
        if regs.len() == before {
            return regs;
        }
    }
}

/// The registers `ld.param` loads parameter `name` into, among `statements`.
fn param_registers<'a>(statements: &[&'a str], name: &str) -> Vec<&'a str> {
    statements
        .iter()
        .filter(|s| s.starts_with("ld.param") && loads_param(s, name))
        .filter_map(|s| s.split_whitespace().nth(1).map(|r| r.trim_end_matches(',')))
        .collect()
}

/// A statement without the labels and the guard before its instruction (a `cvta` that opens a
/// block follows the block's label: cudarc's `sin_kernel` converts its output pointer so).
fn instruction(stmt: &str) -> &str {
    let mut s = stmt.trim();
    while let Some(first) = s.split_whitespace().next() {
        if !(first.ends_with(':') || first.starts_with('@')) {
            break;
        }
        s = s[first.len()..].trim_start();
    }
    s
}

fn loads_param(stmt: &str, name: &str) -> bool {
    stmt.contains(&format!("[{name}]")) || stmt.contains(&format!("[{name}+0]"))
}

/// The x-dimension of `.reqntid` or `.maxntid` among an entry's performance directives.
fn thread_limit(directives: &str) -> Option<u32> {
    [".reqntid", ".maxntid"].iter().find_map(|d| {
        let at = directives.find(d)?;
        directives[at + d.len()..]
            .split(',')
            .next()?
            .trim()
            .parse()
            .ok()
    })
}

fn without_comments(ptx: &str) -> String {
    let mut out = String::with_capacity(ptx.len());
    let mut rest = ptx;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |n| &r[n..]);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.find("*/").map_or("", |n| &r[n + 2..]);
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Length of the `{ … }` block `text` starts with, braces nested.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const NVRTC_STYLE: &str = r#"
.version 8.8
.target sm_80
.address_size 64
.extern .shared .align 16 .b8 smem[];
// .globl	scale
.visible .entry scale(
	.param .u64 .ptr .align 1 scale_param_0,
	.param .u64 scale_param_1, /* numel */
	.param .u64 scale_param_2,
	.param .f32 scale_param_3,
	.param .align 8 .b8 scale_param_4[24]
)
.maxntid 256, 1, 1
{
	ld.param.u64 	%rd1, [scale_param_1];
	ld.param.u64 	%rd2, [scale_param_2];
	cvta.to.global.u64 	%rd3, %rd2;
	{ // a nested block
	}
	ret;
}
.entry plain()
{
	ret;
}
"#;

    #[test]
    fn reads_entries_their_parameters_and_limits() {
        let ks = kernels(NVRTC_STYLE).unwrap();
        assert_eq!(ks.len(), 2);
        let k = &ks[0];
        assert_eq!(k.name, "scale");
        let kinds: Vec<Kind> = k.params.iter().map(|p| p.kind).collect();
        // .ptr, a u64 only counted, a u64 turned into a global address, an f32, a struct by value.
        assert_eq!(
            kinds,
            [
                Kind::Pointer,
                Kind::Int,
                Kind::Pointer,
                Kind::Float,
                Kind::Bytes
            ]
        );
        assert_eq!((k.params[4].size, k.params[4].align), (24, 8));
        assert_eq!(k.max_threads, Some(256));
        assert!(k.dynamic_shared);
        assert_eq!(
            (ks[1].name.as_str(), ks[1].params.len(), ks[1].max_threads),
            ("plain", 0, None)
        );
    }

    /// Tables: read as 64-bit integers through an address computed from the parameter, never
    /// written. `t` is one; `w` (also written) and `f` (read as f64) are plain pointers.
    #[test]
    fn tables_are_pointers_read_for_64_bit_integers() {
        let ptx = ".entry k(.param .u64 t, .param .u64 w, .param .u64 f)\n{\n\t.reg .b64 %rd<12>;\n\
            ld.param.u64 %rd1, [t];\n\tld.param.u64 %rd2, [w];\n\tld.param.u64 %rd3, [f];\n\
            cvta.to.global.u64 %rd4, %rd1;\n\tmul.wide.u32 %rd5, %r1, 8;\n\tadd.s64 %rd6, %rd4, %rd5;\n\
            $L__BB0_1:\n\tld.global.nc.u64 %rd7, [%rd6+8];\n\
            cvta.to.global.u64 %rd8, %rd2;\n\tld.global.u64 %rd9, [%rd8];\n\tst.global.u64 [%rd8+8], %rd9;\n\
            cvta.to.global.u64 %rd10, %rd3;\n\tld.global.f64 %fd1, [%rd10];\n\tret;\n}";
        let kinds: Vec<Kind> = kernels(ptx).unwrap()[0]
            .params
            .iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(kinds, [Kind::Table, Kind::Pointer, Kind::Pointer]);
    }

    #[test]
    fn an_unclosed_body_is_an_error() {
        assert!(kernels(".entry k(.param .u32 a)\n{\n ret;")
            .unwrap_err()
            .contains("never closes"));
    }
}

#[cfg(test)]
mod corpus {
    use super::*;
    use std::path::Path;

    fn read(file: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../.cache/ptx-corpus")
            .join(file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (bash scripts/setup.sh builds it)", path.display()))
    }

    /// Every kernel of every sm_80 corpus file is read; each file has as many as it has `.entry`s.
    #[test]
    fn every_corpus_kernel_is_read() {
        let manifest = read("manifest.jsonl");
        let files: Vec<&str> = manifest
            .lines()
            .filter(|l| l.contains("\"arch\": \"compute_80\"") || l.contains("\"arch\": \"sm_80\""))
            .filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next())
            .collect();
        assert!(files.len() > 80, "only {} files", files.len());
        for f in files {
            let text = read(f);
            let ks = kernels(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
            let entries = without_comments(&text).matches(".entry").count();
            assert_eq!(ks.len(), entries, "{f}");
        }
    }

    /// candle's affine kernel: (numel, num_dims, info, inp, out, mul, add), NVRTC's PTX: `info`, the
    /// dims and strides it reads as `size_t`, is a table.
    #[test]
    fn candle_pointers_are_told_from_sizes() {
        let ks = kernels(&read("nvrtc/candle-kernels-0.9.1__src_affine.cu.ptx")).unwrap();
        let affine = ks
            .iter()
            .find(|k| k.name == "affine_f32")
            .expect("affine_f32");
        let kinds: Vec<Kind> = affine.params.iter().map(|p| p.kind).collect();
        use Kind::*;
        assert_eq!(kinds, [Int, Int, Table, Pointer, Pointer, Float, Float]);
    }

    /// cudarc's `sin_kernel(out, inp, numel)`: `out` is converted to a global address only after
    /// a label, at the block that stores the result.
    #[test]
    fn a_pointer_converted_after_a_label_is_a_pointer() {
        let ks = kernels(&read("nvrtc/cudarc-0.19.10__examples_sin.cu.ptx")).unwrap();
        let kinds: Vec<Kind> = ks[0].params.iter().map(|p| p.kind).collect();
        use Kind::*;
        assert_eq!(kinds, [Pointer, Pointer, Int]);
    }
}
