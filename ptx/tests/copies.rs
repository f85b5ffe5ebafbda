//! cp.async: what the translator makes of each form (ptx/src/lower/memory.rs) and what the shared
//! prelude's copy (`preludes/common.ll`: `__ptx_cp_async`) does, run on the host — clang-15
//! compiles its target-neutral IR for x86-64 and a C program checks the bytes it copies and the
//! zero fill past src-size.

mod common;

use common::{assert_contains, kernel_ir, llc, TARGETS};

const HARNESS: &str = r#"
#include <stdint.h>
#include <stdio.h>
void __ptx_fence_cta(void) {}
#include <string.h>
void __ptx_cp_async(uint8_t *dst, const uint8_t *src, uint32_t size, uint32_t copied);
static void check(uint32_t size, uint32_t copied) {
  _Alignas(16) uint8_t src[16], dst[16], want[16];
  for (int i = 0; i < 16; i++) { src[i] = 0xa0 + i; dst[i] = 0x55; }
  memcpy(want, dst, 16);
  for (uint32_t i = 0; i < size; i++) want[i] = i < copied ? src[i] : 0;
  __ptx_cp_async(dst, src, size, copied);
  printf("%s %u/%u\n", memcmp(dst, want, 16) ? "FAIL" : "ok", copied, size);
}
int main(void) {
  check(4, 4); check(8, 8); check(16, 16);
  check(16, 6); check(8, 0); check(4, 3); check(16, 0);
  return 0;
}
"#;

#[test]
fn the_prelude_copies_whole_words_and_zero_fills_past_src_size() {
    let report = common::run_on_host("cp-async", &common::common_prelude_for_host(), HARNESS);
    assert!(!report.contains("FAIL"), "{report}");
    assert_eq!(
        report.lines().filter(|l| l.starts_with("ok ")).count(),
        7,
        "{report}"
    );
}

#[test]
fn each_form_becomes_one_prelude_copy_and_the_group_waits_nothing() {
    let body = "\t.shared .align 16 .b8 buf[64];\n\tmov.u32 %r2, buf;\n\tmov.u32 %r3, 5;\n\
        \tsetp.ne.u32 %p1, %r1, 0;\n\tmov.u64 %rd2, 0;\n\
        \tcp.async.ca.shared.global [%r2], [%rd1], 4;\n\
        \tcp.async.cg.shared.global.L2::128B [%r2+16], [%rd1+16], 16, %r3;\n\
        \tcp.async.ca.shared.global [buf+32], [%rd1], 8, %p1;\n\
        \tcp.async.cg.shared.global.L2::cache_hint [%r2+48], [%rd1], 16, 16, %rd2;\n\
        \tcp.async.commit_group;\n\tcp.async.wait_group 0;\n\tcp.async.wait_all;";
    let ir = kernel_ir(body);
    assert_eq!(
        ir.matches("call void @\"__ptx_cp_async\"(").count(),
        4,
        "{ir}"
    );
    assert_contains(&ir, &["i32 4, i32 4)", "i32 16, i32 16)"]);
    for (target, arch, cpu) in TARGETS {
        let ir = common::ir(&common::kernel(body), target);
        llc(&ir, arch, cpu).unwrap_or_else(|e| panic!("{cpu}: {e}"));
    }
}

#[test]
fn bulk_copies_and_wrong_sizes_are_errors_naming_them() {
    for (body, names) in [
        (
            "cp.async.bulk.shared::cluster.global [%r2], [%rd1], 16, [%rd2];",
            "`.bulk`",
        ),
        ("cp.async.ca.shared.global [%r2], [%rd1], 12;", "4, 8 or 16"),
        ("cp.async.cg.shared.global [%r2], [%rd1], 8;", "4, 8 or 16"),
    ] {
        let e = ptx::translate(&common::kernel(&format!("\t{body}")), TARGETS[0].0)
            .err()
            .unwrap_or_else(|| panic!("`{body}` translated"));
        assert!(e.to_string().contains(names), "`{body}`: {e}");
    }
}
