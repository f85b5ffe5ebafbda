//! PTX semantics checked without a GPU: each snippet computes from constants and stores one
//! value; `opt-15 -O3` folds the translated kernel (AMDGPU wave64, prelude inlined) to that
//! constant, which must be what PTX defines.

mod common;

use common::folded_store;

fn u32_result(body: &str) -> u32 {
    folded_store(&format!("{body}\n\tst.global.u32 [%rd1], %r9;")) as u32
}

fn f32_result(body: &str) -> u32 {
    folded_store(&format!(
        "{body}\n\tmov.b32 %r9, %f9;\n\tst.global.u32 [%rd1], %r9;"
    )) as u32
}

fn u64_result(body: &str) -> u64 {
    folded_store(&format!("{body}\n\tst.global.u64 [%rd1], %rd9;")) as u64
}

fn f64_result(body: &str) -> u64 {
    folded_store(&format!(
        "{body}\n\tmov.b64 %rd9, %fd7;\n\tst.global.u64 [%rd1], %rd9;"
    )) as u64
}

#[test]
fn integer_edge_cases() {
    // Shifts by the width or more give 0 (sign for shr.s), not LLVM poison.
    assert_eq!(u32_result("mov.b32 %r2, 40;\n\tshl.b32 %r9, 1, %r2;"), 0);
    assert_eq!(
        u32_result("mov.b32 %r2, 40;\n\tmov.b32 %r3, -8;\n\tshr.s32 %r9, %r3, %r2;"),
        u32::MAX
    );
    // Division by zero: all ones, the remainder too (as NVIDIA's GPUs); INT_MIN / -1 wraps.
    assert_eq!(
        u32_result("mov.b32 %r2, 0;\n\tdiv.u32 %r9, 7, %r2;"),
        u32::MAX
    );
    assert_eq!(
        u32_result("mov.b32 %r2, 0;\n\trem.u32 %r9, 7, %r2;"),
        u32::MAX
    );
    assert_eq!(
        u64_result("mov.b64 %rd2, 0;\n\trem.s64 %rd9, 7, %rd2;"),
        u64::MAX
    );
    assert_eq!(
        u32_result("mov.b32 %r2, -1;\n\tdiv.s32 %r9, -2147483648, %r2;"),
        0x8000_0000
    );
    assert_eq!(u32_result("mul.hi.s32 %r9, -2, 3;"), u32::MAX);
    assert_eq!(u32_result("mul24.lo.s32 %r9, 0x00800000, 2;"), 0xff00_0000);
}

#[test]
fn carry_chain_propagates() {
    // 0xffffffff + 1 carries into the high word: 0x0000_0001_0000_0000 split as (0, 1).
    let body = "add.cc.u32 %r2, -1, 1;\n\taddc.u32 %r9, 0, 0;";
    assert_eq!(u32_result(body), 1);
    let body = "sub.cc.u32 %r2, 0, 1;\n\tsubc.u32 %r9, 5, 0;";
    assert_eq!(u32_result(body), 4);
}

#[test]
fn bit_manipulation() {
    assert_eq!(
        u32_result("prmt.b32 %r9, 0x44332211, 0x88776655, 0x7340;"),
        0x8844_5511
    );
    // Selector nibble with bit 3: replicate the sign of byte 7 (0x88 → 0xff); the rest pick byte 0.
    assert_eq!(
        u32_result("prmt.b32 %r9, 0x44332211, 0x88776655, 0xf;"),
        0x1111_11ff
    );
    assert_eq!(
        u32_result("prmt.b32.ecl %r9, 0x44332211, 0, 2;"),
        0x4433_3333
    );
    assert_eq!(u32_result("bfe.u32 %r9, 0xabcd1234, 8, 12;"), 0xd12);
    assert_eq!(u32_result("bfe.s32 %r9, 0x00000f00, 8, 4;"), u32::MAX);
    assert_eq!(u32_result("bfe.s32 %r9, 0x80000000, 40, 4;"), u32::MAX);
    assert_eq!(
        u32_result("bfi.b32 %r9, 0xff, 0x12345678, 8, 4;"),
        0x1234_5f78
    );
    // 32-bit data: position and length are their low 8 bits (260 is 4, 264 is 8).
    assert_eq!(u32_result("bfe.u32 %r9, 0xabcd1234, 264, 12;"), 0xd12);
    assert_eq!(
        u32_result("bfi.b32 %r9, 0xff, 0x12345678, 8, 260;"),
        0x1234_5f78
    );
    // 64-bit data: NVIDIA's GPUs take them whole (measured by the GPU round trip).
    assert_eq!(u64_result("bfe.u64 %rd9, 0xabcd1234, 4, 256;"), 0xabcd123);
    assert_eq!(u64_result("bfe.u64 %rd9, 0xabcd1234, 260, 8;"), 0);
    assert_eq!(
        u64_result("bfi.b64 %rd9, 0xff, 0x12345678, 264, 4;"),
        0x1234_5678
    );
    assert_eq!(
        u64_result("bfi.b64 %rd9, 0xff, 0x12345678, 8, 256;"),
        0xff78
    );
    assert_eq!(
        u32_result("lop3.b32 %r9, 0xf0f0f0f0, 0xcccccccc, 0xaaaaaaaa, 0x96;"),
        0xf0f0f0f0 ^ 0xcccccccc ^ 0xaaaaaaaa
    );
    assert_eq!(
        u32_result("shf.r.clamp.b32 %r9, 0x11111111, 0x22222222, 40;"),
        0x2222_2222
    );
    assert_eq!(u32_result("bfind.u32 %r9, 0x00010000;"), 16);
    assert_eq!(u32_result("bfind.s32 %r9, -1;"), u32::MAX);
    assert_eq!(
        u32_result("dp4a.s32.s32 %r9, 0xff020304, 0x01010101, 10;"),
        10 + 4 + 3 + 2 - 1
    );
    assert_eq!(
        u32_result("dp2a.hi.u32.u32 %r9, 0x00020003, 0x05040000, 1;"),
        1 + 3 * 4 + 2 * 5
    );
}

#[test]
fn conversions_saturate_and_round() {
    // float → int saturates.
    assert_eq!(u32_result("cvt.rzi.s32.f32 %r9, 0f7F800000;"), 0x7fff_ffff);
    assert_eq!(u32_result("cvt.rzi.u32.f32 %r9, 0fBF800000;"), 0);
    // NaN: 0 from f32 to 32 bits; only the top bit set from f64, and to 64 bits (NVIDIA's GPUs).
    assert_eq!(u32_result("cvt.rzi.s32.f32 %r9, 0f7FC00000;"), 0);
    assert_eq!(
        u32_result("cvt.rzi.u32.f64 %r9, 0d7FF8000000000000;"),
        0x8000_0000
    );
    assert_eq!(
        u32_result("cvt.rni.s32.f64 %r9, 0d7FF8000000000000;"),
        0x8000_0000
    );
    assert_eq!(u64_result("cvt.rzi.u64.f32 %rd9, 0f7FC00000;"), 1 << 63);
    assert_eq!(
        u64_result("cvt.rzi.s64.f64 %rd9, 0d7FF8000000000000;"),
        1 << 63
    );
    assert_eq!(u32_result("cvt.rni.s32.f32 %r9, 0f40200000;"), 2); // 2.5 → 2 (to even)
    assert_eq!(
        u32_result("cvt.rmi.s32.f32 %r9, 0fC0200000;"),
        (-3i32) as u32
    );
    assert_eq!(u32_result("cvt.sat.u8.s32 %r9, 300;"), 255);
    // int → float with directed rounding: 2^24 + 1 is not a float.
    assert_eq!(f32_result("cvt.rp.f32.s32 %f9, 16777217;"), 0x4b80_0001);
    assert_eq!(f32_result("cvt.rm.f32.s32 %f9, 16777217;"), 0x4b80_0000);
    assert_eq!(f32_result("cvt.rz.f32.s32 %f9, -16777217;"), 0xcb80_0000);
    // f32 → bf16 to nearest even (0x3f808000 is a tie: stays 0x3f80; 0x3f818000 rounds up).
    assert_eq!(
        u32_result("cvt.rn.bf16.f32 %rs1, 0f3F808000;\n\tcvt.u32.u16 %r9, %rs1;"),
        0x3f80
    );
    assert_eq!(
        u32_result("cvt.rn.bf16.f32 %rs1, 0f3F818000;\n\tcvt.u32.u16 %r9, %rs1;"),
        0x3f82
    );
}

#[test]
fn pack_conversions_put_a_in_the_upper_half() {
    assert_eq!(
        u32_result("cvt.rn.f16x2.f32 %r9, 0f3F800000, 0f40000000;"),
        0x3c00_4000
    );
    assert_eq!(
        u32_result("cvt.rn.bf16x2.f32 %r9, 0f3F800000, 0f40000000;"),
        0x3f80_4000
    );
}

#[test]
fn directed_rounding_is_exact() {
    // 1 + 2^-30: rounds to 1.0 downward and to the next float upward.
    assert_eq!(
        f32_result("add.rm.f32 %f9, 0f3F800000, 0f30800000;"),
        0x3f80_0000
    );
    assert_eq!(
        f32_result("add.rp.f32 %f9, 0f3F800000, 0f30800000;"),
        0x3f80_0001
    );
    assert_eq!(
        f32_result("add.rz.f32 %f9, 0fBF800000, 0fB0800000;"),
        0xbf80_0000
    );
    // fma.rm: 1·1 − 2^-30 lies just below 1.
    assert_eq!(
        f32_result("fma.rm.f32 %f9, 0f3F800000, 0f3F800000, 0fB0800000;"),
        0x3f7f_ffff
    );
    assert_eq!(
        f32_result("mul.rp.f32 %f9, 0f3F800001, 0f3F800001;"),
        0x3f80_0003
    );
    assert_eq!(
        f32_result("div.rz.f32 %f9, 0f3F800000, 0f40400000;"),
        0x3eaa_aaaa
    );
    assert_eq!(
        f32_result("div.rp.f32 %f9, 0f3F800000, 0f40400000;"),
        0x3eaa_aaab
    );
    // Overflow: rz gives the largest finite float, not infinity.
    assert_eq!(
        f32_result("mul.rz.f32 %f9, 0f7F000000, 0f40800000;"),
        0x7f7f_ffff
    );
    assert_eq!(
        f64_result("add.rm.f64 %fd7, 0d3FF0000000000000, 0d3C90000000000000;"),
        0x3ff0_0000_0000_0000
    );
    assert_eq!(
        f64_result("add.rp.f64 %fd7, 0d3FF0000000000000, 0d3C90000000000000;"),
        0x3ff0_0000_0000_0001
    );
}

#[test]
fn ftz_and_sat() {
    // A subnormal input is flushed to zero: 2^-149 · 2^100 = 0, not 2^-49.
    assert_eq!(f32_result("mul.ftz.f32 %f9, 0f00000001, 0f71800000;"), 0);
    assert_eq!(
        f32_result("mul.f32 %f9, 0f00000001, 0f71800000;"),
        0x2700_0000
    );
    assert_eq!(
        f32_result("add.sat.f32 %f9, 0f3F800000, 0f3F800000;"),
        0x3f80_0000
    );
    assert_eq!(f32_result("add.sat.f32 %f9, 0f7FC00000, 0f3F800000;"), 0);
}

#[test]
fn bf16_fma_rounds_once() {
    // bf16: a = 1 + 2^-7, b = 1 + 2^-7, c = -1: a·b + c = 2^-6 + 2^-14, exactly representable... as
    // 2^-6 · (1 + 2^-8), which needs 8 fraction bits: rounds to even → 2^-6 = 0x3c80.
    assert_eq!(
        u32_result("mov.b16 %rs1, 0x3f81;\n\tmov.b16 %rs2, 0xbf80;\n\tfma.rn.bf16 %rs3, %rs1, %rs1, %rs2;\n\tcvt.u32.u16 %r9, %rs3;"),
        0x3c80
    );
}

#[test]
fn coarse_f64_approximations_keep_the_high_word() {
    // rcp/rsqrt.approx.ftz.f64 as NVIDIA's: the operand's high 32 bits, subnormals flushed, the
    // result's low 32 bits zero (measured by the GPU round trip). Exact results only: opt folds the
    // AMDGPU approximations of a constant only where they are exact.
    assert_eq!(
        f64_result("rcp.approx.ftz.f64 %fd7, 0d4000000000000000;"),
        0x3fe0_0000_0000_0000
    );
    assert_eq!(
        f64_result("rcp.approx.ftz.f64 %fd7, 0d8000000000000005;"),
        0xfff0_0000_0000_0000
    );
    // The low word of the operand is not read: 4 + 2^-40 is 4.
    assert_eq!(
        f64_result("rcp.approx.ftz.f64 %fd7, 0d4010000000001000;"),
        0x3fd0_0000_0000_0000
    );
}

#[test]
fn packed_halves_take_their_own_minimum_and_maximum() {
    // a = (hi -1, lo 5), b = (hi 3, lo -2), as 16-bit halves.
    let packed = |op: &str| {
        u32_result(&format!(
            "mov.b32 %r2, 0xFFFF0005;\n\tmov.b32 %r3, 0x0003FFFE;\n\t{op} %r9, %r2, %r3;"
        ))
    };
    assert_eq!(packed("min.s16x2"), 0xFFFF_FFFE);
    assert_eq!(packed("min.u16x2"), 0x0003_0005);
    assert_eq!(packed("max.s16x2"), 0x0003_0005);
    assert_eq!(packed("max.u16x2"), 0xFFFF_FFFE);
    // .relu: a negative half becomes 0.
    assert_eq!(packed("min.relu.s16x2"), 0);
    assert_eq!(packed("max.relu.s16x2"), 0x0003_0005);
    assert_eq!(
        u32_result("mov.b32 %r2, -5;\n\tmin.relu.s32 %r9, %r2, 7;"),
        0
    );
    assert_eq!(
        u32_result("mov.b32 %r2, 5;\n\tmin.relu.s32 %r9, %r2, 7;"),
        5
    );
}

/// `max.NaN` / `min.NaN` give the canonical NaN (f32 0x7FFFFFFF, f16 and bf16 0x7FFF) when an
/// input is NaN, as NVIDIA's GPUs do; without `.NaN` the other input.
#[test]
fn max_and_min_with_nan_give_the_canonical_nan() {
    let b16 = |op: &str, a: &str, b: &str| {
        u32_result(&format!(
            "mov.b16 %rs1, {a};\n\tmov.b16 %rs2, {b};\n\t{op} %rs3, %rs1, %rs2;\n\tcvt.u32.u16 %r9, %rs3;"
        ))
    };
    assert_eq!(b16("max.NaN.bf16", "0x7FC1", "0x3F80"), 0x7FFF);
    assert_eq!(b16("min.NaN.bf16", "0x3F80", "0xFF81"), 0x7FFF);
    assert_eq!(b16("max.bf16", "0x7FC1", "0x3F80"), 0x3F80);
    assert_eq!(b16("max.NaN.f16", "0x7E01", "0x3C00"), 0x7FFF);
    assert_eq!(b16("min.f16", "0x7E01", "0x3C00"), 0x3C00);
    let f32_op = |op: &str| {
        f32_result(&format!(
            "mov.b32 %f1, 0f7FC00001;\n\tmov.b32 %f2, 0f3F800000;\n\t{op} %f9, %f1, %f2;"
        ))
    };
    assert_eq!(f32_op("max.NaN.f32"), 0x7FFF_FFFF);
    assert_eq!(f32_op("max.f32"), 0x3F80_0000);
}
