//! The AMDGPU prelude's CUDA device library (`preludes/amdgcn_services.ll`: vprintf, malloc, free,
//! __assertfail)
//! run on the host: its IR is target-neutral, so clang-15 compiles it for x86-64 and a C program
//! links it against a recording stand-in for ockl's printf and device-memory functions (the real
//! ones need an AMD GPU and the HIP runtime's hostcall service). What is checked is what the prelude
//! does — which appends, in which order, with which values, the last one marked — for argument
//! buffers laid out as CUDA lays them out (each argument aligned to its size).

mod common;

/// The recording ockl and the cases: each prints `ok` or `FAIL` with what was appended.
const HARNESS: &str = r#"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static char trace[4096];
static int at;
static void record(const char *s) { at += snprintf(trace + at, sizeof trace - at, "%s", s); }
uint64_t __ockl_printf_begin(uint64_t version) {
  char b[64]; snprintf(b, sizeof b, "begin(%llu)", (unsigned long long)version); record(b); return 100; }
uint64_t __ockl_printf_append_args(uint64_t d, uint32_t n, uint64_t a0, uint64_t a1, uint64_t a2,
    uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint32_t last) {
  uint64_t v[7] = { a0, a1, a2, a3, a4, a5, a6 };
  char b[64];
  snprintf(b, sizeof b, " args%llu(%u:", (unsigned long long)d, n); record(b);
  for (uint32_t i = 0; i < 7; i++) {
    if (i < n) { snprintf(b, sizeof b, "%s%llx", i ? "," : "", (unsigned long long)v[i]); record(b); }
    else if (v[i]) record("+junk");
  }
  record(last ? ";last)" : ")");
  return d + 1; }
uint32_t __ptx_sreg_ctaid_x(void) { return 1; }
uint32_t __ptx_sreg_ctaid_y(void) { return 2; }
uint32_t __ptx_sreg_ctaid_z(void) { return 3; }
uint32_t __ptx_sreg_tid_x(void) { return 4; }
uint32_t __ptx_sreg_tid_y(void) { return 5; }
uint32_t __ptx_sreg_tid_z(void) { return 6; }
void __ptx_trap(void) { record(" trap"); }
uint64_t __ockl_printf_append_string_n(uint64_t d, const char *s, uint64_t n, uint32_t last) {
  char b[256];
  snprintf(b, sizeof b, " str%llu(%s/%llu%s)", (unsigned long long)d, s ? s : "NULL",
           (unsigned long long)n, last ? ";last" : "");
  record(b); return d + 1; }
uint64_t __ockl_dm_alloc(uint64_t size) { char b[64]; snprintf(b, sizeof b, "alloc(%llu)", (unsigned long long)size); record(b); return 0x5000; }
void __ockl_dm_dealloc(uint64_t p) { char b[64]; snprintf(b, sizeof b, " dealloc(%llx)", (unsigned long long)p); record(b); }
void __ockl_grid_sync(void) { record(" grid_sync"); }
uint64_t __ptx_cg_handle(uint32_t scope);
uint32_t __ptx_cg_synchronize(uint64_t handle, uint32_t flags);
int __ptx_vprintf(uint64_t format, uint64_t arguments);
uint64_t __ptx_malloc(uint64_t size);
void __ptx_free(uint64_t p);
void __ptx_assertfail(uint64_t message, uint64_t file, uint32_t line, uint64_t function, uint64_t char_size);
static void check(const char *name, const char *fmt, const void *args, int want_n, const char *want) {
  at = 0; trace[0] = 0;
  int n = __ptx_vprintf((uint64_t)(uintptr_t)fmt, (uint64_t)(uintptr_t)args);
  int ok = n == want_n && strcmp(trace, want) == 0;
  printf("%s %s: %d %s\n", ok ? "ok" : "FAIL", name, n, trace);
  if (!ok) printf("  wanted: %d %s\n", want_n, want);
}
int main(void) {
  check("no arguments", "hello\n", 0, 0, "begin(0) str100(hello\n/7;last)");
  struct { int i; double d; const char *s; int c; long long l; } a = { -2, 1.5, "ab", 'z', 0x1122334455667788LL };
  check("int, double, string, char, long long", "%d %f %s %c %lld\n", &a, 5,
        "begin(0) str100(%d %f %s %c %lld\n/18) args101(1:fffffffe) args102(1:3ff8000000000000) "
        "str103(ab/3) args104(1:7a) args105(1:1122334455667788;last)");
  struct { int w; int p; double v; unsigned u; const void *q; } b = { 8, 3, 2.0, 7, (void *)0x1234 };
  check("* width and precision, flags, %p, %%", "%% %-*.*f|%05u %p %%", &b, 5,
        "begin(0) str100(%% %-*.*f|%05u %p %%/21) args101(1:8) args102(1:3) "
        "args103(1:4000000000000000) args104(1:7) args105(1:1234;last)");
  struct { int h; unsigned long z; const char *s; int x; } c = { 3, 9, 0, 0x10 };
  check("h and z modifiers, NULL string, an unknown conversion", "%hd %zu %s %#x %y", &c, 4,
        "begin(0) str100(%hd %zu %s %#x %y/18) args101(1:3) args102(1:9) str103(NULL/0) args104(1:10;last)");
  struct { double e; int i; } d = { -0.5, 42 };
  check("%e then a 32-bit int after a double", "%.3e%i", &d, 2,
        "begin(0) str100(%.3e%i/7) args101(1:bfe0000000000000) args102(1:2a;last)");
  check("NULL format", 0, 0, -1, "");
  at = 0; trace[0] = 0;
  __ptx_free(__ptx_malloc(24));
  printf("%s malloc/free: %s\n", strcmp(trace, "alloc(24) dealloc(5000)") == 0 ? "ok" : "FAIL", trace);
  at = 0; trace[0] = 0;
  __ptx_assertfail((uint64_t)(uintptr_t)"x == 0", (uint64_t)(uintptr_t)"k.cu", 12,
                   (uint64_t)(uintptr_t)"void k()", 1);
  const char *assertion = "begin(0) str100(%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] "
      "Assertion `%s` failed.\n/73) str101(k.cu/5) args102(1:c) str103(void k()/9) "
      "args104(6:1,2,3,4,5,6) str105(x == 0/7;last) trap";
  printf("%s __assertfail: %s\n", strcmp(trace, assertion) == 0 ? "ok" : "FAIL", trace);
  at = 0; trace[0] = 0;
  /* cudaCGScopeGrid (1) syncs the grid and succeeds; multi-grid (2) answers 1 and waits for none. */
  uint32_t grid = __ptx_cg_synchronize(__ptx_cg_handle(1), 0);
  uint32_t multi = __ptx_cg_synchronize(__ptx_cg_handle(2), 0);
  printf("%s cudaCGSynchronize: %u %u%s\n", grid == 0 && multi == 1 && strcmp(trace, " grid_sync") == 0 ? "ok" : "FAIL",
         grid, multi, trace);
  return 0;
}
"#;

#[test]
fn vprintf_malloc_free_assertfail_and_grid_sync_make_ockls_calls() {
    // The prelude's functions are internal (inlined into kernels); the harness calls them, and
    // stands in for the special registers and the trap of amdgcn.ll. The assertion's format is in
    // AMDGPU's global memory there; on the host, in plain memory.
    let services = include_str!("../preludes/amdgcn_services.ll")
        .replace("define internal", "define")
        .replace(
            "addrspacecast ptr addrspace(1) @__ptx_assert_format to ptr",
            "getelementptr i8, ptr @__ptx_assert_format, i64 0",
        )
        .replace("addrspace(1) constant", "constant")
        + "declare i32 @__ptx_sreg_ctaid_x()\ndeclare i32 @__ptx_sreg_ctaid_y()\n\
           declare i32 @__ptx_sreg_ctaid_z()\ndeclare i32 @__ptx_sreg_tid_x()\n\
           declare i32 @__ptx_sreg_tid_y()\ndeclare i32 @__ptx_sreg_tid_z()\n\
           declare void @__ptx_trap()\n";
    let report = common::run_on_host("services", &services, HARNESS);
    assert!(!report.contains("FAIL"), "{report}");
    let passed = report.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(passed, 9, "{report}");
}
