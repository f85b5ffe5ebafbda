//! `Translation::device_libraries`: whether a module reaches AMD's device libraries (through the
//! prelude's printf, malloc or math, or by naming one of their functions itself), which decides
//! whether comgr links them. Wrong one way, a code object fails to link (undefined symbols); the
//! other way, a load pays for linking them for nothing.

mod common;

use common::kernel;
use ptx::Target;

fn reaches(ptx: &str) -> [bool; 2] {
    [true, false].map(|wave64| {
        ptx::translate(ptx, Target::Amdgcn { wave64 })
            .unwrap_or_else(|e| panic!("translation failed: {e}\n{ptx}"))
            .device_libraries
    })
}

/// A module with `declarations` before a kernel `k()` whose body is `body`.
fn module(declarations: &str, body: &str) -> String {
    format!(
        ".version 8.0\n.target sm_80\n.address_size 64\n{declarations}\n.visible .entry k()\n{{\n\
         \t.reg .b32 %r<2>;\n\t.reg .b64 %rd<2>;\n\t.reg .f32 %f<2>;\n{body}\n\tret;\n}}\n"
    )
}

#[test]
fn arithmetic_loads_and_stores_need_none() {
    let body = "\tadd.s32 %r2, %r1, 1;\n\tmul.rn.f32 %f2, %f1, %f1;\n\tst.global.u32 [%rd1], %r2;\n\tbar.sync 0;";
    assert_eq!(reaches(&kernel(body)), [false, false]);
}

#[test]
fn printf_and_malloc_reach_ockl() {
    let vprintf = ".extern .func (.param .b32 r) vprintf(.param .b64 f, .param .b64 a);";
    let call = "\t{\n\t.param .b64 p0;\n\tst.param.b64 [p0], 0;\n\t.param .b64 p1;\n\tst.param.b64 [p1], 0;\n\t.param .b32 r0;\n\tcall.uni (r0), vprintf, (p0, p1);\n\t}";
    assert_eq!(reaches(&module(vprintf, call)), [true, true]);
    let malloc = ".extern .func (.param .b64 r) malloc(.param .b64 n);";
    let call = "\t{\n\t.param .b64 p0;\n\tst.param.b64 [p0], 16;\n\t.param .b64 r0;\n\tcall.uni (r0), malloc, (p0);\n\t}";
    assert_eq!(reaches(&module(malloc, call)), [true, true]);
}

#[test]
fn math_the_prelude_takes_from_ocml_reaches_it() {
    // sqrt.rn.f64 and tanh.approx.f32 are ocml's in the AMDGPU prelude.
    let body = "\t.reg .f64 %fd<3>;\n\tsqrt.rn.f64 %fd2, %fd1;";
    assert_eq!(reaches(&kernel(body)), [true, true]);
    assert_eq!(
        reaches(&kernel("\ttanh.approx.f32 %f2, %f1;")),
        [true, true]
    );
}

#[test]
fn a_device_library_function_the_ptx_names_itself_reaches_it() {
    let sin = ".extern .func (.param .b32 r) __ocml_sin_f32(.param .b32 x);";
    let call = "\t{\n\t.param .b32 p0;\n\tst.param.f32 [p0], %f1;\n\t.param .b32 r0;\n\tcall.uni (r0), __ocml_sin_f32, (p0);\n\t}";
    assert_eq!(reaches(&module(sin, call)), [true, true]);
}

#[test]
fn the_nvptx_prelude_never_does() {
    let t = ptx::translate(
        &kernel("\t.reg .f64 %fd<3>;\n\tsqrt.rn.f64 %fd2, %fd1;"),
        Target::Nvptx,
    )
    .expect("translates");
    assert!(!t.device_libraries);
}
