//! mbarrier: what the translator makes of each form (ptx/src/lower/mbarrier.rs), and the shared
//! prelude's barrier object (`preludes/common.ll`) run on the host — clang-15 compiles its
//! target-neutral IR for x86-64 and a C program drives phases through it: arrivals, tokens,
//! parity, pending counts, arrive_drop.

mod common;

use common::{kernel, kernel_ir, llc, TARGETS};

const HARNESS: &str = r#"
#include <stdint.h>
#include <stdio.h>
void __ptx_fence_cta(void) {}
void __ptx_mbarrier_init(uint64_t *b, uint32_t count);
uint64_t __ptx_mbarrier_arrive(uint64_t *b, uint32_t count, _Bool drop);
_Bool __ptx_mbarrier_test_wait(uint64_t *b, uint64_t state);
_Bool __ptx_mbarrier_test_wait_parity(uint64_t *b, uint32_t parity);
uint32_t __ptx_mbarrier_pending_count(uint64_t state);
static int failed;
static void expect(const char *what, long got, long want) {
  if (got != want) { failed = 1; printf("FAIL %s: %ld, wanted %ld\n", what, got, want); }
}
int main(void) {
  uint64_t b;
  __ptx_mbarrier_init(&b, 3);
  uint64_t t0 = __ptx_mbarrier_arrive(&b, 1, 0);
  expect("pending before the first arrival", __ptx_mbarrier_pending_count(t0), 3);
  expect("phase 0 open after 1 of 3", __ptx_mbarrier_test_wait(&b, t0), 0);
  expect("parity 0 open", __ptx_mbarrier_test_wait_parity(&b, 0), 0);
  uint64_t t1 = __ptx_mbarrier_arrive(&b, 2, 0);
  expect("pending before the last arrivals", __ptx_mbarrier_pending_count(t1), 2);
  expect("phase 0 complete (first token)", __ptx_mbarrier_test_wait(&b, t0), 1);
  expect("phase 0 complete (last token)", __ptx_mbarrier_test_wait(&b, t1), 1);
  expect("parity 0 complete", __ptx_mbarrier_test_wait_parity(&b, 0), 1);
  expect("parity 1 open", __ptx_mbarrier_test_wait_parity(&b, 1), 0);
  uint64_t t2 = __ptx_mbarrier_arrive(&b, 1, 1);
  expect("phase 1 starts with 3 pending", __ptx_mbarrier_pending_count(t2), 3);
  uint64_t t3 = __ptx_mbarrier_arrive(&b, 2, 0);
  expect("phase 1 complete", __ptx_mbarrier_test_wait(&b, t2), 1);
  expect("parity 1 complete", __ptx_mbarrier_test_wait_parity(&b, 1), 1);
  (void)t3;
  uint64_t t4 = __ptx_mbarrier_arrive(&b, 1, 0);
  expect("after a drop, phase 2 expects 2", __ptx_mbarrier_pending_count(t4), 2);
  expect("phase 2 open after 1 of 2", __ptx_mbarrier_test_wait(&b, t4), 0);
  __ptx_mbarrier_arrive(&b, 1, 0);
  expect("phase 2 complete", __ptx_mbarrier_test_wait(&b, t4), 1);
  puts(failed ? "FAIL" : "ok phases");
  return 0;
}
"#;

#[test]
fn the_prelude_object_completes_phases_as_ptx_defines() {
    let report = common::run_on_host("mbarrier", &common::common_prelude_for_host(), HARNESS);
    assert!(
        !report.contains("FAIL") && report.contains("ok phases"),
        "{report}"
    );
}

const FORMS: &str =
    "\t.shared .align 8 .b64 bar;\n\tmov.u32 %r2, bar;\n\tcvta.shared.u64 %rd2, %rd3;\n\
    \tmbarrier.init.shared.b64 [bar], 4;\n\
    \tmbarrier.arrive.shared.b64 %rd4, [%r2];\n\
    \tmbarrier.arrive.release.cta.shared::cta.b64 %rd5, [bar], 2;\n\
    \tmbarrier.arrive_drop.noComplete.shared.b64 _, [%r2], 1;\n\
    \tmbarrier.arrive.b64 %rd6, [%rd2];\n\
    \tmbarrier.test_wait.shared.b64 %p1, [bar], %rd4;\n\
    \tmbarrier.test_wait.parity.acquire.cta.shared.b64 %p2, [bar], %r1;\n\
    \tmbarrier.try_wait.parity.shared.b64 %p3, [%r2], 0, 1000;\n\
    \tmbarrier.pending_count.b64 %r3, %rd5;\n\
    \tcp.async.mbarrier.arrive.noinc.shared.b64 [bar];\n\
    \tcp.async.mbarrier.arrive.shared.b64 [bar];\n\
    \tmbarrier.inval.shared.b64 [bar];";

#[test]
fn each_form_becomes_its_prelude_call_on_every_target() {
    let ir = kernel_ir(FORMS);
    for (call, n) in [
        ("@\"__ptx_mbarrier_init\"(", 1),
        ("@\"__ptx_mbarrier_arrive\"(", 5), // arrive ×3, arrive_drop, cp.async's .noinc
        ("i1 true)", 1),                    // the drop
        ("@\"__ptx_mbarrier_test_wait\"(", 1),
        ("@\"__ptx_mbarrier_test_wait_parity\"(", 2),
        ("@\"__ptx_mbarrier_pending_count\"(", 1),
        ("addrspacecast ptr %", 1), // the generic address
    ] {
        let kernel = common::kernel_part(&ir);
        assert_eq!(kernel.matches(call).count(), n, "{call}\n{kernel}");
    }
    for (target, arch, cpu) in TARGETS {
        let ir = common::ir(&kernel(FORMS), target);
        llc(&ir, arch, cpu).unwrap_or_else(|e| panic!("{cpu}: {e}"));
    }
}

#[test]
fn transaction_counts_and_cluster_objects_are_errors_naming_them() {
    for (body, names) in [
        ("mbarrier.expect_tx.shared.b64 [%r2], 16;", "`.expect_tx`"),
        (
            "mbarrier.arrive.shared::cluster.b64 _, [%r2];",
            "`.shared::cluster`",
        ),
    ] {
        let e = ptx::translate(&kernel(&format!("\t{body}")), TARGETS[0].0)
            .err()
            .unwrap_or_else(|| panic!("`{body}` translated"));
        assert!(e.to_string().contains(names), "`{body}`: {e}");
    }
}
