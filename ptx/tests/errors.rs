//! Errors: an untranslated opcode or modifier is an error naming it, its line and its function;
//! malformed input is an error, never a panic.

mod common;

use common::kernel;
use ptx::Target;

fn error_of(ptx: &str) -> ptx::Error {
    match ptx::translate(ptx, Target::Amdgcn { wave64: true }) {
        Ok(_) => panic!("expected an error for:\n{ptx}"),
        Err(e) => e,
    }
}

/// Line of the body's first line inside `kernel()` (its header and declarations come first).
fn body_line() -> u32 {
    kernel("")
        .lines()
        .position(|l| l.contains("ld.param.u32 %r1"))
        .expect("kernel template") as u32
        + 2
}

#[test]
fn unknown_opcode_names_it_with_line_and_function() {
    let e = error_of(&kernel("wgmma.fence.sync.aligned;"));
    assert_eq!(e.line, body_line());
    assert_eq!(e.function.as_deref(), Some("k"));
    assert!(e.message.contains("`wgmma`"), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!(
            "line {}, function `k`: instruction `wgmma.fence.sync.aligned`",
            body_line()
        )),
        "{shown}"
    );
}

/// wmma forms outside the PTX ISA's tables (or what the translator takes) are errors that
/// name the instruction: sub-byte shapes, s8 × u8 (which ptxas refuses too), a register count
/// other than the fragment's, directed rounding of the f64 form.
#[test]
fn wmma_forms_outside_the_tables_are_named() {
    let a8 = "{%r1,%r2,%r3,%r4,%r5,%r6,%r7,%r8}";
    let f8 = "{%f1,%f2,%f3,%f4,%f5,%f6,%f7,%f8}";
    let cases = [
        (
            "wmma.load.a.sync.aligned.row.m8n8k32.s4 {%r1}, [%rd1];".to_string(),
            "modifier `.m8n8k32` of `wmma`",
        ),
        (
            format!("wmma.mma.sync.aligned.row.col.m16n16k16.s32.s8.u8.s32 {f8}, {{%r1,%r2}}, {{%r3,%r4}}, {f8};"),
            "these wmma types are not translated",
        ),
        (
            format!("wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 {f8}, {{%r1,%r2,%r3,%r4}}, {a8}, {f8};"),
            "must be a vector of 8 registers",
        ),
        (
            "wmma.load.c.sync.aligned.row.m16n16k16.f32 {%f1,%f2,%f3,%f4}, [%rd1];".to_string(),
            "must be a vector of 8 registers",
        ),
        (
            "wmma.mma.sync.aligned.row.col.m8n8k4.rz.f64.f64.f64.f64 {%fd1,%fd2}, {%fd3}, {%fd4}, {%fd1,%fd2};".to_string(),
            "directed rounding",
        ),
    ];
    for (body, want) in cases {
        let e = error_of(&kernel(&body));
        assert!(e.message.contains(want), "{body}: {e}");
        assert!(e.to_string().contains("function `k`"), "{e}");
    }
}

#[test]
fn unknown_modifier_names_it() {
    let e = error_of(&kernel("add.rnd.f32 %f1, %f2, %f3;"));
    assert!(e.message.contains("modifier `.rnd` of `add`"), "{e}");
    assert_eq!(e.line, body_line());
}

#[test]
fn untranslated_families_are_errors() {
    for (body, name) in [
        (
            "ldmatrix.sync.aligned.m16n16.x1.trans.shared.b8 {%r1,%r2}, [%r5];",
            "modifier `.m16n16` of `ldmatrix`",
        ),
        (
            // Volta's quad-pair form: other layouts than the m16n8 forms'.
            "mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32 {%f1,%f2,%f3,%f4,%f5,%f6,%f7,%f8}, {%r1,%r2}, {%r3,%r4}, {%f1,%f2,%f3,%f4,%f5,%f6,%f7,%f8};",
            "mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32` is not translated",
        ),
        (
            "mma.sync.aligned.m16n8k64.row.col.s32.s4.s4.s32 {%r1,%r2,%r3,%r4}, {%r1,%r2,%r3,%r4}, {%r5,%r6}, {%r1,%r2,%r3,%r4};",
            "modifier `.m16n8k64` of `mma`",
        ),
        (
            "cp.async.bulk.shared::cluster.global [%r1], [%rd1], 16, [%rd2];",
            "`.bulk` of `cp`",
        ),
        (
            "tex.2dms.v4.f32.s32 {%f1,%f2,%f3,%f4}, [%rd1, {%r1,%r2,%r3,%r4}];",
            "modifier `.2dms` of `tex`",
        ),
        (
            "tex.2d.v4.f32.s32 {%f1,%f2,%f3,%f4}, [%rd1, {%r1,%r2}];",
            "integer coordinates are translated for `tex.1d` only",
        ),
        (
            "tex.2d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6}], {%r1,%r2};",
            "texel offsets",
        ),
        (
            "tex.grad.cube.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6,%f7,%f7}], {%f5,%f6,%f7,%f7}, {%f5,%f6,%f7,%f7};",
            "cube maps take no gradients",
        ),
        (
            "tex.3d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6}];",
            "takes 3 coordinates, not 2",
        ),
        (
            "tld4.r.a2d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%r1,%f5,%f6,%f6}];",
            "modifier `.a2d` of `tld4`",
        ),
        ("suld.b.2d.b32.trap {%r1}, [%rd1, {%r2,%r3}];", "`suld`"),
        ("txq.width.b32 %r1, [%rd1];", "`txq`"),
        (
            "tex.2d.v4.f32.u32 {%f1,%f2,%f3,%f4}, [%rd1, {%r1,%r2}];",
            "coordinates are .f32 or .s32",
        ),
        ("bar.arrive 1, 64;", "bar.arrive"),
        ("bar.sync 1, 64;", "with a thread count"),
        (
            "mbarrier.expect_tx.shared.b64 [%r1], 32;",
            "`.expect_tx` of `mbarrier`",
        ),
        ("min.relu.f32 %f1, %f2, %f3;", "`.relu` on floats"),
        ("max.relu.u32 %r1, %r2, %r3;", "`.relu` takes a signed type"),
        ("mul.lo.u16x2 %r1, %r2, %r3;", "modifier `.u16x2` of `mul`"),
        ("add.sat.s16x2 %r1, %r2, %r3;", "packed `.sat`"),
    ] {
        let e = error_of(&kernel(body));
        assert!(e.message.contains(name), "{body}: {e}");
        assert_eq!(e.function.as_deref(), Some("k"), "{body}");
    }
}

#[test]
fn device_library_calls_need_cudas_signatures() {
    // vprintf / malloc / free are the prelude's (tests/services.rs); declared otherwise than CUDA
    // declares them, a call would pass the wrong values: an error naming the function.
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.extern .func (.param .b32 r) vprintf(.param .b32 f, .param .b64 a);\n.visible .entry k()\n{\n\t.reg .b32 %r<2>;\n\t{\n\t.param .b32 p0;\n\tst.param.b32 [p0], 0;\n\t.param .b64 p1;\n\tst.param.b64 [p1], 0;\n\t.param .b32 r0;\n\tcall.uni (r0), vprintf, (p0, p1);\n\t}\n\tret;\n}\n";
    let e = error_of(ptx);
    assert!(
        e.message
            .contains("`vprintf` is declared with a signature other than CUDA's"),
        "{e}"
    );
    assert_eq!(e.line, 14);
}

/// A kernel calling the device runtime's `name(handle, flags)` (as numba's grid.sync() calls
/// `cudaCGSynchronize`).
fn calling_device_runtime(name: &str) -> String {
    format!(".version 8.0\n.target sm_80\n.address_size 64\n.extern .func (.param .b32 r) {name}(.param .b64 h, .param .b32 f);\n.visible .entry k()\n{{\n\t.reg .b32 %r<2>;\n\t{{\n\t.param .b64 p0;\n\tst.param.b64 [p0], 1;\n\t.param .b32 p1;\n\tst.param.b32 [p1], 0;\n\t.param .b32 r0;\n\tcall.uni (r0), {name}, (p0, p1);\n\t}}\n\tret;\n}}\n")
}

#[test]
fn device_runtime_calls_other_than_a_grids_handle_and_sync_are_errors() {
    let e = error_of(&calling_device_runtime("cudaCGGetRank"));
    assert!(
        e.message.contains("`cudaCGGetRank`") && e.message.contains("device runtime"),
        "{e}"
    );
    assert_eq!((e.line, e.function.as_deref()), (14, Some("k")));
    // The grid's sync is the prelude's: ockl's grid barrier on AMDGPU.
    let ir = ptx::translate(
        &calling_device_runtime("cudaCGSynchronize"),
        Target::Amdgcn { wave64: true },
    )
    .expect("a grid sync translates")
    .ir;
    assert!(ir.contains("call i32 @\"__ptx_cg_synchronize\"("), "{ir}");
    assert!(ir.contains("call void @__ockl_grid_sync()"), "prelude");
}

#[test]
fn undeclared_names_and_labels_are_errors() {
    assert!(error_of(&kernel("add.s32 %r1, %q9, 1;"))
        .message
        .contains("%q9"));
    assert!(error_of(&kernel("bra $L_nowhere;"))
        .message
        .contains("$L_nowhere"));
    // (Found by cuda-as-hip's fuzz test: a repeated label made comgr refuse the IR.)
    let twice = error_of(&kernel("$L_a:\nadd.s32 %r1, %r1, 1;\n$L_a:\nbra $L_a;"));
    assert!(
        twice.message.contains("`$L_a` is defined more than once"),
        "{twice}"
    );
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    let good = kernel("add.s32 %r2, %r1, 1;\nst.global.u32 [%rd1], %r2;");
    // Every prefix, and every token swapped for garbage, gives Ok or Err — never a panic.
    for cut in (0..good.len()).step_by(7) {
        let _ = ptx::translate(&good[..cut], Target::Amdgcn { wave64: true });
    }
    let words: Vec<&str> = good.split_whitespace().collect();
    for k in 0..words.len() {
        for junk in [
            "",
            "{",
            "}",
            ";",
            "0x",
            "9999999999999999999999",
            ".b32",
            "@",
            "[",
            "%r1,",
        ] {
            let mut w = words.clone();
            w[k] = junk;
            let _ = ptx::translate(&w.join(" "), Target::Nvptx);
        }
    }
    assert!(ptx::translate("", Target::Nvptx).is_ok());
    assert!(ptx::translate("/* unterminated", Target::Nvptx).is_err());
    assert!(ptx::translate(".version 8.0 .target sm_80 .address_size 32", Target::Nvptx).is_err());
}

#[test]
fn dumps_each_stage() {
    let ptx = kernel("add.s32 %r2, %r1, 1;");
    let tokens = ptx::dump(&ptx, Target::Nvptx, ptx::Stage::Tokens).expect("tokens");
    assert!(
        tokens.contains("Ident(\"add\")") && tokens.contains("Dot(\"s32\")"),
        "{tokens}"
    );
    let ast = ptx::dump(&ptx, Target::Nvptx, ptx::Stage::Ast).expect("ast");
    assert!(ast.contains("opcode: \"add\""), "{ast}");
    let ir = ptx::dump(&ptx, Target::Nvptx, ptx::Stage::Ir).expect("ir");
    assert!(
        ir.contains("target triple = \"nvptx64-nvidia-cuda\""),
        "{ir}"
    );
}

#[test]
fn failed_assert_goes_to_the_prelude() {
    // Not an error any more: __assertfail prints CUDA's message and traps (tests/services.rs).
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.extern .func __assertfail(.param .b64 m, .param .b64 f, .param .b32 l, .param .b64 fn, .param .b64 s);\n.visible .entry k()\n{\n\t{\n\t.param .b64 p0;\n\tst.param.b64 [p0], 0;\n\t.param .b64 p1;\n\tst.param.b64 [p1], 0;\n\t.param .b32 p2;\n\tst.param.b32 [p2], 7;\n\t.param .b64 p3;\n\tst.param.b64 [p3], 0;\n\t.param .b64 p4;\n\tst.param.b64 [p4], 1;\n\tcall.uni __assertfail, (p0, p1, p2, p3, p4);\n\t}\n\tret;\n}\n";
    let t = ptx::translate(ptx, Target::Amdgcn { wave64: true }).expect("assert translates");
    assert!(
        t.ir.contains("call void @\"__ptx_assertfail\"(i64 %"),
        "{}",
        t.ir
    );
    assert!(!t.ir.contains("declare void @\"__assertfail\""), "{}", t.ir);
    assert!(t.notes.is_empty(), "{:?}", t.notes);
}
