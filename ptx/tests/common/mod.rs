//! Shared helpers of the translator's tests: PTX snippets wrapped into kernels, and LLVM 15's
//! tools (`llc-15`, `opt-15`, from Debian's llvm-15, installed by scripts/setup.sh).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

use ptx::Target;

pub const TARGETS: [(Target, &str, &str); 3] = [
    (Target::Amdgcn { wave64: true }, "amdgcn", "gfx90a"),
    (Target::Amdgcn { wave64: false }, "amdgcn", "gfx1030"),
    (Target::Nvptx, "nvptx64", "sm_80"),
];

/// A kernel `k` around `body`, with registers of every kind declared and two parameters: an output
/// pointer (loaded into %rd1) and a u32 (in %r1).
pub fn kernel(body: &str) -> String {
    format!(
        ".version 8.0\n.target sm_80\n.address_size 64\n\n.visible .entry k(\n\t.param .u64 k_out,\n\t.param .u32 k_n\n)\n{{\n\
         \t.reg .pred %p<8>;\n\t.reg .b16 %rs<8>;\n\t.reg .b32 %r<16>;\n\t.reg .f32 %f<16>;\n\t.reg .b64 %rd<16>;\n\t.reg .f64 %fd<8>;\n\
         \tld.param.u64 %rd1, [k_out];\n\tld.param.u32 %r1, [k_n];\n{body}\n\tret;\n}}\n"
    )
}

pub fn ir(ptx: &str, target: Target) -> String {
    match ptx::translate(ptx, target) {
        Ok(t) => t.ir,
        Err(e) => panic!("translation failed: {e}\n{ptx}"),
    }
}

/// IR of `body` in a kernel, for AMDGPU wave64.
pub fn kernel_ir(body: &str) -> String {
    ir(&kernel(body), Target::Amdgcn { wave64: true })
}

pub fn assert_contains(ir: &str, fragments: &[&str]) {
    for f in fragments {
        assert!(ir.contains(f), "IR lacks `{f}`:\n{}", kernel_part(ir));
    }
}

/// The module without its prelude (for messages).
pub fn kernel_part(ir: &str) -> &str {
    ir.split("; cuda-as-hip PTX translator:")
        .next()
        .unwrap_or(ir)
}

/// Runs an LLVM 15 tool on `input`; Err(stderr) when it fails. Panics when the tool is missing:
/// the tests need Debian's llvm-15 (scripts/setup.sh installs it).
pub fn llvm_tool(tool: &str, args: &[&str], input: &str) -> Result<String, String> {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{tool} is missing ({e}): install Debian's llvm-15 (bash scripts/setup.sh)")
        });
    let mut stdin = child.stdin.take().expect("piped stdin");
    let text = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("tool output");
    let _ = writer.join();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `llc-15` for one target: Ok or the compiler's complaint.
pub fn llc(ir: &str, arch: &str, cpu: &str) -> Result<(), String> {
    llvm_tool(
        "llc-15",
        &[
            &format!("-march={arch}"),
            &format!("-mcpu={cpu}"),
            "-o",
            "/dev/null",
            "-",
        ],
        ir,
    )
    .map(|_| ())
}

/// The constant kernel `k` stores after `opt-15 -O3` folded `body` (which stores one 32- or
/// 64-bit value to [%rd1]): evaluates PTX semantics without a GPU.
pub fn folded_store(body: &str) -> i128 {
    let ir = kernel_ir(body);
    let opt =
        llvm_tool("opt-15", &["-O3", "-S"], &ir).unwrap_or_else(|e| panic!("opt-15 failed: {e}"));
    let start = opt.find("@k(").expect("kernel k in the optimised IR");
    let body = &opt[start
        ..opt[start..]
            .find("\n}")
            .map(|e| start + e)
            .unwrap_or(opt.len())];
    let store = body
        .lines()
        .find(|l| l.trim_start().starts_with("store "))
        .unwrap_or_else(|| panic!("no store in the optimised kernel:\n{body}"));
    let value = store
        .trim_start()
        .trim_start_matches("store ")
        .split(',')
        .next()
        .expect("store value");
    let (ty, v) = value.split_once(' ').expect("typed value");
    match ty {
        "float" | "double" => {
            let bits = match v.strip_prefix("0x") {
                Some(hex) => {
                    u64::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("float constant {v}"))
                }
                None => v
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("float constant {v}"))
                    .to_bits(),
            };
            if ty == "float" {
                i128::from((f64::from_bits(bits) as f32).to_bits())
            } else {
                i128::from(bits)
            }
        }
        _ => v
            .parse()
            .unwrap_or_else(|_| panic!("constant store expected, got `{store}`\n{body}")),
    }
}

/// The shared prelude (`preludes/common.ll`) for the host: its functions external, the target
/// preludes' functions it calls declared (a host harness defines them).
pub fn common_prelude_for_host() -> String {
    include_str!("../../preludes/common.ll").replace("define internal", "define")
        + "declare void @__ptx_fence_cta()\n"
}

/// Prelude IR `ll` (target-neutral: its internal functions made external by the caller) compiled
/// for the host by clang-15 and linked with the C program `harness` by gcc: what the program
/// prints. Linked without PIE, so that its arrays have 32-bit addresses, as PTX's shared-memory
/// window has.
pub fn run_on_host(name: &str, ll: &str, harness: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ptx-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ir, c, obj, exe) = (
        dir.join("prelude.ll"),
        dir.join("harness.c"),
        dir.join("prelude.o"),
        dir.join("harness"),
    );
    std::fs::write(&ir, ll).unwrap();
    std::fs::write(&c, harness).unwrap();
    run(Command::new("clang-15")
        .args(["-O2", "-c", "-Wno-override-module", "-x", "ir"])
        .arg(&ir)
        .arg("-o")
        .arg(&obj));
    run(Command::new("gcc")
        .arg(&c)
        .arg(&obj)
        .args(["-no-pie", "-lm", "-o"])
        .arg(&exe));
    let report = run(&mut Command::new(&exe));
    std::fs::remove_dir_all(&dir).unwrap();
    report
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The host's stand-ins for the prelude functions a warp test kernel calls: its lane, shuffles
/// and barriers, served by `WARP_RUNTIME`'s 32 threads.
const HOST_WARP_PRELUDE: &str = r#"
declare i32 @host_lane()
declare i32 @host_shfl(i32, i32)
declare void @host_barrier()
define { i32, i1 } @__ptx_shfl_idx(i32 %a, i32 %b, i32 %c, i32 %m) {
  %v = call i32 @host_shfl(i32 %a, i32 %b)
  %r = insertvalue { i32, i1 } undef, i32 %v, 0
  %s = insertvalue { i32, i1 } %r, i1 true, 1
  ret { i32, i1 } %s
}
define i32 @__ptx_sreg_laneid() {
  %l = call i32 @host_lane()
  ret i32 %l
}
define void @__ptx_bar_sync(i32 %id, i32 %count) {
  call void @host_barrier()
  ret void
}
"#;

/// C for a warp of 32 host threads: `run_warp(f)` runs `f(lane)` on each, `host_shfl` is
/// shfl.sync.idx over all 32 (every lane calls it, as PTX requires), `host_barrier` bar.sync.
pub const WARP_RUNTIME: &str = r#"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static __thread int my_lane;
static pthread_barrier_t warp_barrier;
static uint32_t exchange[32];
int host_lane(void) { return my_lane; }
void host_barrier(void) { pthread_barrier_wait(&warp_barrier); }
uint32_t host_shfl(uint32_t v, uint32_t from) {
  exchange[my_lane] = v;
  host_barrier();
  uint32_t r = exchange[from & 31];
  host_barrier();
  return r;
}
struct lane_start { void (*f)(int); int lane; };
static void *lane_main(void *p) {
  struct lane_start *s = p;
  my_lane = s->lane;
  s->f(s->lane);
  return 0;
}
static void run_warp(void (*f)(int)) {
  pthread_t t[32];
  struct lane_start s[32];
  pthread_barrier_init(&warp_barrier, 0, 32);
  for (int l = 0; l < 32; l++) { s[l].f = f; s[l].lane = l; pthread_create(&t[l], 0, lane_main, &s[l]); }
  for (int l = 0; l < 32; l++) pthread_join(t[l], 0);
  pthread_barrier_destroy(&warp_barrier);
}
"#;

/// PTX kernel `k` run by a warp of 32 host threads: translated for NVPTX (target-neutral but
/// for its prelude, which the host stands in for: lanes, shuffles, barriers), its address spaces
/// and by-value parameters made host pointers (each parameter a pointer to its value), compiled
/// by clang-15 and linked with the C program `harness` (which starts with `WARP_RUNTIME`).
pub fn run_warp_on_host(name: &str, ptx: &str, harness: &str) -> String {
    let translated = ir(ptx, Target::Nvptx);
    let mut host = String::new();
    for line in kernel_part(&translated).lines() {
        if line.starts_with("target ") {
            continue;
        }
        host.push_str(&strip_address_spaces(line).replace("ptx_kernel ", ""));
        host.push('\n');
    }
    host.push_str(HOST_WARP_PRELUDE);
    run_on_host(name, &host, harness)
}

/// `line` with every `addrspace(N)` and `byval(T)` removed (`addrspacecast` becomes `bitcast`).
fn strip_address_spaces(line: &str) -> String {
    let mut out = line.replace("addrspacecast", "bitcast");
    for word in ["addrspace(", "byval("] {
        while let Some(at) = out.find(word) {
            let close = at + out[at..].find(')').expect("closing parenthesis");
            out.replace_range(at..=close, "");
        }
    }
    out
}
