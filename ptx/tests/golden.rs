//! Golden IR tests per instruction family: small PTX snippets and the IR fragments that carry
//! their meaning (not whole texts, so a harmless rename does not break them). The last test
//! compiles every snippet with llc-15 for gfx90a, gfx1030 and sm_80.

mod common;

use common::{assert_contains, ir, kernel, kernel_ir, llc, TARGETS};
use ptx::Target;

/// (family, PTX body, fragments its AMDGPU wave64 IR must contain).
const FAMILIES: &[(&str, &str, &[&str])] = &[
    ("integer add", "add.s32 %r2, %r1, 7;", &["add i32", ", 7"]),
    (
        "mul.wide",
        "mul.wide.s32 %rd2, %r1, 4;",
        &["sext i32", "to i64", "mul i64"],
    ),
    (
        "mul.hi",
        "mul.hi.u32 %r2, %r1, %r1;",
        &["zext i32", "lshr i64", ", 32"],
    ),
    (
        "mad.lo",
        "mad.lo.s32 %r2, %r1, %r1, 3;",
        &["mul i32", "add i32"],
    ),
    (
        "div by zero is defined",
        "div.u32 %r2, 7, %r1;",
        &["udiv i32", "icmp eq i32", "select i1"],
    ),
    ("signed rem", "rem.s32 %r2, %r1, 3;", &["srem i32"]),
    (
        "carry chain",
        "add.cc.u32 %r2, %r1, 1;\naddc.u32 %r3, %r1, 0;",
        &["@llvm.uadd.with.overflow.i32"],
    ),
    (
        "min/max",
        "min.s32 %r2, %r1, 5;\nmax.u32 %r3, %r1, 5;",
        &["icmp slt i32", "icmp ugt i32"],
    ),
    ("float add", "add.rn.f32 %f2, %f1, %f1;", &["fadd float"]),
    (
        "float mul, add without rounding modifiers: fusable, as ptxas fuses them",
        "mul.f32 %f2, %f1, %f1;\nadd.f32 %f3, %f2, %f1;\nsub.f16 %rs2, %rs1, %rs1;",
        &[
            "fmul contract float",
            "fadd contract float",
            "fsub contract half",
        ],
    ),
    ("fma", "fma.rn.f32 %f2, %f1, %f1, %f1;", &["@llvm.fma.f32("]),
    (
        "fma.rm (directed)",
        "fma.rm.f32 %f2, %f1, %f1, %f1;",
        &["@\"__ptx_fma_dir_f32\"(", "i32 2)"],
    ),
    (
        "ftz",
        "mul.ftz.f32 %f2, %f1, %f1;",
        &["@llvm.fabs.f32", "0x3810000000000000", "@llvm.copysign.f32"],
    ),
    (
        "sat",
        "add.sat.f32 %f2, %f1, %f1;",
        &["@llvm.maxnum.f32", "@llvm.minnum.f32"],
    ),
    ("f64 div", "div.rn.f64 %fd2, %fd1, %fd1;", &["fdiv double"]),
    (
        "f16 fma",
        "fma.rn.f16 %rs2, %rs1, %rs1, %rs1;",
        &["@llvm.fma.f16("],
    ),
    (
        "f16x2 add",
        "add.f16x2 %r2, %r1, %r1;",
        &["fadd contract <2 x half>"],
    ),
    (
        "bf16 fma (round to odd)",
        "fma.rn.bf16 %rs2, %rs1, %rs1, %rs1;",
        &["fmul double", "fadd double", "32767"],
    ),
    ("setp int", "setp.lt.s32 %p1, %r1, 4;", &["icmp slt i32"]),
    (
        "setp unordered float",
        "setp.ltu.f32 %p1, %f1, %f2;",
        &["fcmp ult float"],
    ),
    (
        "setp with bool op",
        "setp.ne.and.s32 %p2, %r1, 0, %p1;",
        &["icmp ne i32", "and i1"],
    ),
    (
        "set",
        "set.gt.u32.f32 %r2, %f1, %f2;",
        &["fcmp ogt float", "select i1"],
    ),
    ("selp", "selp.b32 %r2, %r1, 3, %p1;", &["select i1"]),
    (
        "cvt float to int saturates",
        "cvt.rzi.s32.f32 %r2, %f1;",
        &["@llvm.trunc.f32", "@llvm.fptosi.sat.i32.f32"],
    ),
    ("cvt int widening", "cvt.u64.u32 %rd2, %r1;", &["zext i32"]),
    (
        "cvt narrowing float",
        "cvt.rn.f32.f64 %f2, %fd1;",
        &["fptrunc double"],
    ),
    (
        "cvt directed",
        "cvt.rm.f32.s32 %f2, %r1;",
        &["@\"__ptx_cvt_dir_f32_s32\"("],
    ),
    (
        "cvt bf16",
        "cvt.rn.bf16.f32 %rs2, %f1;",
        &["32767", "trunc i32"],
    ),
    (
        "mov pack",
        "mov.b64 %rd2, {%r1, %r2};",
        &["shl i64", ", 32", "or i64"],
    ),
    (
        "mov unpack",
        "mov.b32 {%rs1, %rs2}, %r1;",
        &["lshr i32", ", 16", "trunc i32"],
    ),
    (
        "ld.global.v4",
        "ld.global.v4.f32 {%f1, %f2, %f3, %f4}, [%rd1+16];",
        &["load <4 x float>, ptr addrspace(1)", "align 16"],
    ),
    (
        "st.global.u8",
        "st.global.u8 [%rd1], %rs1;",
        &["store i8", "ptr addrspace(1)"],
    ),
    (
        "ld.shared",
        "ld.shared.u32 %r2, [%r1];",
        &["ptr addrspace(3)"],
    ),
    (
        "ld.volatile",
        "ld.volatile.global.u32 %r2, [%rd1];",
        &["load volatile i32"],
    ),
    (
        "ld.acquire",
        "ld.acquire.gpu.global.u32 %r2, [%rd1];",
        &["load atomic i32", "syncscope(\"agent\") acquire"],
    ),
    (
        "st.release",
        "st.release.cta.global.u32 [%rd1], %r1;",
        &["store atomic i32", "syncscope(\"workgroup\") release"],
    ),
    (
        "ld.relaxed.v2",
        "ld.relaxed.gpu.global.v2.u32 {%r2, %r3}, [%rd1];",
        &["load atomic i64", "syncscope(\"agent\") monotonic", "bitcast i64"],
    ),
    (
        "st.relaxed.v2",
        "st.relaxed.gpu.global.v2.u32 [%rd1], {%r1, %r1};",
        &["bitcast <2 x i32>", "store atomic i64"],
    ),
    (
        "ld.acquire.v2.u64",
        "ld.acquire.gpu.global.v2.u64 {%rd2, %rd3}, [%rd1];",
        &["load volatile <2 x i64>", "__ptx_fence_gpu"],
    ),
    (
        "griddepcontrol",
        "griddepcontrol.launch_dependents;\n\tgriddepcontrol.wait;\n\tst.global.u32 [%rd1], %r1;",
        &["store i32"],
    ),
    (
        "min.s16x2",
        "min.s16x2 %r2, %r1, %r1;",
        &["trunc i32", "icmp slt i16"],
    ),
    (
        "cvta.to.global",
        "cvta.to.global.u64 %rd2, %rd1;",
        &["addrspacecast ptr", "to ptr addrspace(1)"],
    ),
    (
        "atom.add.f32",
        "atom.global.add.f32 %f2, [%rd1], %f1;",
        &[
            "atomicrmw fadd ptr addrspace(1)",
            "syncscope(\"agent\") monotonic",
        ],
    ),
    (
        "atom.sys",
        "atom.sys.global.exch.b32 %r2, [%rd1], %r1;",
        &["atomicrmw xchg", "monotonic"],
    ),
    (
        "atom.cas",
        "atom.global.cas.b32 %r2, [%rd1], %r1, 5;",
        &["cmpxchg ptr addrspace(1)"],
    ),
    (
        "atom.inc wraps",
        "atom.global.inc.u32 %r2, [%rd1], 9;",
        &["cmpxchg", "icmp uge i32"],
    ),
    (
        "atom.add.f16",
        "atom.global.add.noftz.f16 %rs2, [%rd1], %rs1;",
        &["fadd half", "cmpxchg"],
    ),
    ("red", "red.global.add.u32 [%rd1], 1;", &["atomicrmw add"]),
    (
        "bar.sync",
        "bar.sync 0;",
        &["@\"__ptx_bar_sync\"(i32 0, i32 0)"],
    ),
    (
        // Another id without a thread count: every thread, so the workgroup barrier.
        "barrier.sync id",
        "barrier.sync %r1;",
        &["@\"__ptx_bar_sync\"(i32 %", ", i32 0)"],
    ),
    (
        "bar.red.popc",
        "bar.red.popc.u32 %r2, 0, %p1;",
        &["@\"__ptx_bar_red_popc\""],
    ),
    ("membar", "membar.gl;", &["@\"__ptx_fence_gpu\"()"]),
    ("fence.sc.cta", "fence.sc.cta;", &["@\"__ptx_fence_cta\"()"]),
    (
        "shfl",
        "shfl.sync.bfly.b32 %r2|%p1, %r1, 16, 31, -1;",
        &["@\"__ptx_shfl_bfly\"", "extractvalue"],
    ),
    (
        "vote",
        "vote.sync.ballot.b32 %r2, %p1, -1;",
        &["@\"__ptx_vote_ballot\""],
    ),
    (
        "match",
        "match.any.sync.b64 %r2, %rd1, -1;",
        &["@\"__ptx_match_any_b64\""],
    ),
    (
        "redux",
        "redux.sync.max.s32 %r2, %r1, -1;",
        &["@\"__ptx_redux\"(i32 7"],
    ),
    (
        "activemask",
        "activemask.b32 %r2;",
        &["@\"__ptx_activemask\""],
    ),
    (
        "special registers",
        "mov.u32 %r2, %tid.x;\nmov.u32 %r3, %laneid;\nmov.u64 %rd2, %clock64;",
        &[
            "@\"__ptx_sreg_tid_x\"",
            "@\"__ptx_sreg_laneid\"",
            "@\"__ptx_sreg_clock64\"",
        ],
    ),
    ("WARP_SZ", "mov.u32 %r2, WARP_SZ;", &["store i32 32"]),
    ("prmt", "prmt.b32 %r2, %r1, 0, 0x3210;", &["lshr i64"]),
    ("bfe", "bfe.s32 %r2, %r1, 4, 8;", &["ashr i32"]),
    ("bfi", "bfi.b32 %r2, %r1, %r1, 4, 8;", &["shl i32"]),
    (
        "popc/clz/brev",
        "popc.b64 %r2, %rd1;\nclz.b32 %r3, %r1;\nbrev.b32 %r4, %r1;",
        &["@llvm.ctpop.i64", "@llvm.ctlz.i32", "@llvm.bitreverse.i32"],
    ),
    (
        "dp4a",
        "dp4a.s32.s32 %r2, %r1, %r1, %r1;",
        &["ashr i32", ", 24"],
    ),
    (
        "shf",
        "shf.l.wrap.b32 %r2, %r1, %r1, 5;",
        &["@llvm.fshl.i32"],
    ),
    (
        "approx math",
        "ex2.approx.ftz.f32 %f2, %f1;\nrsqrt.approx.f32 %f3, %f1;",
        &["@\"__ptx_ex2_approx_f32\"", "@\"__ptx_rsqrt_approx_f32\""],
    ),
    (
        "coarse f64 approx math",
        "rsqrt.approx.ftz.f64 %fd2, %fd1;\nrcp.approx.ftz.f64 %fd3, %fd1;\nrsqrt.approx.f64 %fd4, %fd1;",
        &[
            "@\"__ptx_rsqrt_approx_ftz_f64\"",
            "@\"__ptx_rcp_approx_ftz_f64\"",
            "@\"__ptx_rsqrt_approx_f64\"",
        ],
    ),
    (
        "sqrt.rn",
        "sqrt.rn.f32 %f2, %f1;",
        &["@\"__ptx_sqrt_rn_f32\""],
    ),
    ("testp", "testp.finite.f32 %p1, %f1;", &["fcmp olt float"]),
    (
        "copysign",
        "copysign.f32 %f3, %f1, %f2;",
        &["@llvm.copysign.f32"],
    ),
    (
        "isspacep",
        "isspacep.shared %p1, %rd1;",
        &["@\"__ptx_isspacep_shared\""],
    ),
    ("nanosleep", "nanosleep.u32 100;", &["@\"__ptx_nanosleep\""]),
    (
        "guarded instruction",
        "@!%p1 add.s32 %r2, %r1, 1;",
        &["xor i1", "br i1"],
    ),
    (
        "tex on a texture object: the prelude samples (AMDGPU: HIP's descriptors through ockl)",
        "tex.2d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6}];",
        &["call <4 x i32> @\"__ptx_tex_2d\"(i64 ", ", i32 0, i32 0, <4 x float> "],
    ),
    (
        "tex1Dfetch: integer coordinates, unsigned texels",
        "tex.1d.v4.u32.s32 {%r2,%r3,%r4,%r5}, [%rd1, {%r1}];",
        &["@\"__ptx_tex_fetch_1d\"(i64 ", ", i32 2, i32 "],
    ),
    (
        "layered, at a level of detail: the layer apart",
        "tex.level.a2d.v4.s32.f32 {%r2,%r3,%r4,%r5}, [%rd1, {%r1,%f1,%f2,%f2}], %f3;",
        &["@\"__ptx_tex_level_a2d\"(i64 ", ", i32 1, i32 ", "float "],
    ),
    (
        "gradients and gathers",
        "tex.grad.3d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6,%f7,%f7}], {%f8,%f9,%f10,%f10}, {%f8,%f9,%f10,%f10};\ntld4.g.2d.v4.f32.f32 {%f1,%f2,%f3,%f4}, [%rd1, {%f5,%f6}];",
        &["@\"__ptx_tex_grad_3d\"(", "@\"__ptx_tld4_g_2d\"("],
    ),
];

#[test]
fn each_family_lowers_to_its_ir() {
    for (family, body, fragments) in FAMILIES {
        let ir = kernel_ir(body);
        for f in *fragments {
            assert!(
                ir.contains(f),
                "{family}: IR lacks `{f}`:\n{}",
                common::kernel_part(&ir)
            );
        }
    }
}

#[test]
fn kernel_parameters_keep_cuda_offsets() {
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k(.param .u32 a, .param .align 8 .b8 s[16], .param .u64 p)\n{\n\tret;\n}\n";
    let amd = ir(ptx, Target::Amdgcn { wave64: true });
    assert_contains(
        &amd,
        &["define amdgpu_kernel void @\"k\"(ptr addrspace(4) byref(i32) align 4 %a0, ptr addrspace(4) byref([16 x i8]) align 8 %a1, ptr addrspace(4) byref(i64) align 8 %a2)"],
    );
    let nv = ir(ptx, Target::Nvptx);
    assert_contains(&nv, &["define ptx_kernel void @\"k\"(ptr byval(i32) align 4 %a0, ptr byval([16 x i8]) align 8 %a1"]);
}

#[test]
fn block_size_bounds_reach_amdgpu() {
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k()\n.maxntid 128, 2, 1\n{\n\tret;\n}\n";
    assert_contains(
        &ir(ptx, Target::Amdgcn { wave64: true }),
        &["\"amdgpu-flat-work-group-size\"=\"1,256\""],
    );
    let plain =
        ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k()\n{\n\tret;\n}\n";
    assert_contains(
        &ir(plain, Target::Amdgcn { wave64: true }),
        &["\"amdgpu-flat-work-group-size\"=\"1,1024\""],
    );
}

#[test]
fn globals_keep_names_and_initializers() {
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.global .align 4 .u32 counter = 7;\n.const .align 4 .f32 table[2] = {0f3F800000, 0f40000000};\n.visible .global .align 8 .u64 ptrs[1] = {generic(counter)};\n.extern .shared .align 16 .b8 dyn[];\n.shared .align 4 .b8 tile[64];\n.global .align 1 .b8 __unnamed_1[3] = {104, 105, 0};\n.visible .entry k()\n{\n\tret;\n}\n";
    let ir = ir(ptx, Target::Amdgcn { wave64: true });
    assert_contains(
        &ir,
        &[
            "@\"counter\" = protected addrspace(1) externally_initialized global [4 x i8] [i8 7, i8 0, i8 0, i8 0], align 4",
            "@\"table\" = protected addrspace(4) externally_initialized global [8 x i8] [i8 0, i8 0, i8 128, i8 63, i8 0, i8 0, i8 0, i8 64]",
            "addrspacecast (ptr addrspace(1) @\"counter\" to ptr)",
            "@\"dyn\" = external addrspace(3) global [0 x i8], align 16",
            "@\"tile\" = internal addrspace(3) global [64 x i8] undef, align 4",
            // NVRTC's nameless strings stay internal, renamed (LLVM 14 labels its own anonymous
            // globals __unnamed_N).
            "@\"__ptx.unnamed_1\" = internal addrspace(1) global [3 x i8] [i8 104, i8 105, i8 0], align 1",
        ],
    );
    for (target, arch, cpu) in TARGETS {
        if let Err(e) = llc(&common::ir(ptx, target), arch, cpu) {
            panic!("llc-15 for {cpu}: {e}");
        }
    }
}

#[test]
fn functions_calls_and_returns() {
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.extern .func (.param .b32 r) ext(.param .b32 x);\n.func (.param .b32 r) twice(.param .b32 x)\n{\n\t.reg .b32 %r<3>;\n\tld.param.b32 %r1, [x];\n\tadd.s32 %r2, %r1, %r1;\n\tst.param.b32 [r], %r2;\n\tret;\n}\n.visible .entry k(.param .u64 out)\n{\n\t.reg .b32 %r<3>;\n\t.reg .b64 %rd<2>;\n\t{\n\t.param .b32 p0;\n\tst.param.b32 [p0], 21;\n\t.param .b32 ret0;\n\tcall.uni (ret0), twice, (p0);\n\tld.param.b32 %r1, [ret0];\n\t}\n\t{\n\t.param .b32 p0;\n\tst.param.b32 [p0], %r1;\n\t.param .b32 ret0;\n\tcall.uni (ret0), ext, (p0);\n\tld.param.b32 %r2, [ret0];\n\t}\n\tld.param.u64 %rd1, [out];\n\tst.global.u32 [%rd1], %r2;\n\tret;\n}\n";
    let translation = ptx::translate(ptx, Target::Amdgcn { wave64: true }).expect("translates");
    assert_eq!(
        translation.notes,
        ["function `ext` is .extern: another module linked with this one must define it"]
    );
    let ir = translation.ir;
    for (target, arch, cpu) in TARGETS {
        if let Err(e) = llc(&common::ir(ptx, target), arch, cpu) {
            panic!("llc-15 for {cpu}: {e}");
        }
    }
    assert_contains(
        &ir,
        &[
            "declare i32 @\"ext\"(i32)",
            "define internal i32 @\"twice\"(i32 %a0)",
            "call i32 @\"twice\"(i32",
            "call i32 @\"ext\"(i32",
        ],
    );
}

#[test]
fn wavefront_rule_per_target() {
    let body = "mov.u32 %r2, %laneid;\nvote.sync.ballot.b32 %r3, %p1, -1;";
    let wave64 = ir(&kernel(body), Target::Amdgcn { wave64: true });
    // Two 32-lane CUDA warps per 64-lane wavefront: lane within the half, the half's 32 ballot bits.
    assert_contains(
        &wave64,
        &[
            "@llvm.amdgcn.ballot.i64",
            "%r = and i32 %l, 31",
            "%r = and i32 %l, 32",
            "lshr i64 %b, %sh",
        ],
    );
    let wave32 = ir(&kernel(body), Target::Amdgcn { wave64: false });
    assert_contains(&wave32, &["@llvm.amdgcn.ballot.i32"]);
    assert!(
        !wave32.contains("ballot.i64"),
        "wave32 must not use 64-lane ballots"
    );
    let nv = ir(&kernel(body), Target::Nvptx);
    assert_contains(
        &nv,
        &[
            "@llvm.nvvm.read.ptx.sreg.laneid",
            "@llvm.nvvm.vote.ballot.sync",
        ],
    );
}

#[test]
fn every_family_compiles_with_llc_for_every_target() {
    let all: String = FAMILIES
        .iter()
        .map(|(_, body, _)| format!("\t{{\n{body}\n\t}}\n"))
        .collect();
    for (target, arch, cpu) in TARGETS {
        let module = ir(&kernel(&all), target);
        if let Err(e) = llc(&module, arch, cpu) {
            panic!("llc-15 -march={arch} -mcpu={cpu} rejected the families' module:\n{e}");
        }
    }
}

#[test]
fn host_written_constants_are_not_folded() {
    // cudarc writes `__constant__` memory through cuModuleGetGlobal: -O3 must still load it.
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.const .align 4 .u32 c = 5;\n.visible .entry k(.param .u64 out)\n{\n\t.reg .b32 %r<2>;\n\t.reg .b64 %rd<2>;\n\tld.const.u32 %r1, [c];\n\tld.param.u64 %rd1, [out];\n\tst.global.u32 [%rd1], %r1;\n\tret;\n}\n";
    let optimised = common::llvm_tool(
        "opt-15",
        &["-O3", "-S"],
        &ir(ptx, Target::Amdgcn { wave64: true }),
    )
    .expect("opt-15");
    assert_contains(&optimised, &["load i32, ptr addrspace(4) @c"]);
}

#[test]
fn code_object_argument_offsets_are_cudas() {
    // CUDA lays parameters out at their own alignment: a u32 at 0, a 16-byte struct aligned to 8
    // at 8, a u64 at 24, a u8 at 32 — the code object's argument metadata must say the same.
    let ptx = ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k(.param .u32 a, .param .align 8 .b8 s[16], .param .u64 p, .param .u8 c)\n{\n\tret;\n}\n";
    let asm = common::llvm_tool(
        "llc-15",
        &["-march=amdgcn", "-mcpu=gfx90a", "-o", "-"],
        &ir(ptx, Target::Amdgcn { wave64: true }),
    )
    .expect("llc-15");
    let offsets: Vec<u64> = asm
        .lines()
        .filter_map(|l| l.trim().strip_prefix(".offset:"))
        .map(|v| v.trim().parse().expect("offset"))
        .take(4)
        .collect();
    assert_eq!(offsets, [0, 8, 24, 32], "{asm}");
}
