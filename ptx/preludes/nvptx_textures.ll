; ---------------------------------------------------------------------------------------------
; cuda-as-hip PTX translator: NVPTX textures (the round trip). Each function is the texture
; instruction itself, through LLVM's unified-texture intrinsics, for the result type `dtype` names
; (0 f32, 1 s32, 2 u32: a constant after inlining, so one arm remains). The contract is in
; ptx/preludes/README.md.
; ---------------------------------------------------------------------------------------------

declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.v4f32.s32(i64, i32)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4s32.s32(i64, i32)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4u32.s32(i64, i32)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.v4f32.f32(i64, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4s32.f32(i64, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4u32.f32(i64, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.v4u32.f32(i64, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.3d.v4f32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.v4s32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.v4u32.f32(i64, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.v4f32.f32(i64, i32, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.v4s32.f32(i64, i32, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.v4u32.f32(i64, i32, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.v4f32.f32(i64, i32, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.v4s32.f32(i64, i32, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.v4u32.f32(i64, i32, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.cube.v4f32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.v4s32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.v4u32.f32(i64, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.cube.array.v4f32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.v4s32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.v4u32.f32(i64, i32, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.level.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.level.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.level.v4u32.f32(i64, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.level.v4f32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.level.v4s32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.level.v4u32.f32(i64, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.3d.level.v4f32.f32(i64, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.level.v4s32.f32(i64, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.level.v4u32.f32(i64, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.level.v4f32.f32(i64, i32, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.level.v4s32.f32(i64, i32, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.level.v4u32.f32(i64, i32, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.level.v4f32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.level.v4s32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.level.v4u32.f32(i64, i32, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.cube.level.v4f32.f32(i64, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.level.v4s32.f32(i64, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.level.v4u32.f32(i64, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.cube.array.level.v4f32.f32(i64, i32, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.level.v4s32.f32(i64, i32, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.level.v4u32.f32(i64, i32, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.grad.v4f32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.grad.v4s32.f32(i64, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.grad.v4u32.f32(i64, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.grad.v4f32.f32(i64, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.grad.v4s32.f32(i64, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.grad.v4u32.f32(i64, float, float, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.3d.grad.v4f32.f32(i64, float, float, float, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.grad.v4s32.f32(i64, float, float, float, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.grad.v4u32.f32(i64, float, float, float, float, float, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.grad.v4f32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.grad.v4s32.f32(i64, i32, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.grad.v4u32.f32(i64, i32, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.grad.v4f32.f32(i64, i32, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.grad.v4s32.f32(i64, i32, float, float, float, float, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.grad.v4u32.f32(i64, i32, float, float, float, float, float, float)
declare { float, float, float, float } @llvm.nvvm.tld4.unified.r.2d.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.r.2d.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.r.2d.v4u32.f32(i64, float, float)
declare { float, float, float, float } @llvm.nvvm.tld4.unified.g.2d.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.g.2d.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.g.2d.v4u32.f32(i64, float, float)
declare { float, float, float, float } @llvm.nvvm.tld4.unified.b.2d.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.b.2d.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.b.2d.v4u32.f32(i64, float, float)
declare { float, float, float, float } @llvm.nvvm.tld4.unified.a.2d.v4f32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.a.2d.v4s32.f32(i64, float, float)
declare { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.a.2d.v4u32.f32(i64, float, float)

define internal <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r) alwaysinline {
  %x = extractvalue { float, float, float, float } %r, 0
  %y = extractvalue { float, float, float, float } %r, 1
  %z = extractvalue { float, float, float, float } %r, 2
  %w = extractvalue { float, float, float, float } %r, 3
  %v0 = insertelement <4 x float> poison, float %x, i32 0
  %v1 = insertelement <4 x float> %v0, float %y, i32 1
  %v2 = insertelement <4 x float> %v1, float %z, i32 2
  %v3 = insertelement <4 x float> %v2, float %w, i32 3
  %b = bitcast <4 x float> %v3 to <4 x i32>
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r) alwaysinline {
  %x = extractvalue { i32, i32, i32, i32 } %r, 0
  %y = extractvalue { i32, i32, i32, i32 } %r, 1
  %z = extractvalue { i32, i32, i32, i32 } %r, 2
  %w = extractvalue { i32, i32, i32, i32 } %r, 3
  %v0 = insertelement <4 x i32> poison, i32 %x, i32 0
  %v1 = insertelement <4 x i32> %v0, i32 %y, i32 1
  %v2 = insertelement <4 x i32> %v1, i32 %z, i32 2
  %v3 = insertelement <4 x i32> %v2, i32 %w, i32 3
  ret <4 x i32> %v3
}

; --- tex.1d with integer coordinates: tex1Dfetch -------------------------------------------------

define internal <4 x i32> @__ptx_tex_fetch_1d(i64 %t, i32 %dtype, i32 %x) alwaysinline {
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.v4f32.s32(i64 %t, i32 %x)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4s32.s32(i64 %t, i32 %x)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4u32.s32(i64 %t, i32 %x)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

; --- tex: sampled at float coordinates ------------------------------------------------------

define internal <4 x i32> @__ptx_tex_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.v4f32.f32(i64 %t, float %cx)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4s32.f32(i64 %t, float %cx)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.v4u32.f32(i64 %t, float %cx)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.v4f32.f32(i64 %t, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.v4s32.f32(i64 %t, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.v4u32.f32(i64 %t, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.3d.v4f32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.v4s32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.v4u32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.v4f32.f32(i64 %t, i32 %layer, float %cx)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.v4s32.f32(i64 %t, i32 %layer, float %cx)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.v4u32.f32(i64 %t, i32 %layer, float %cx)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.v4f32.f32(i64 %t, i32 %layer, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.v4s32.f32(i64 %t, i32 %layer, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.v4u32.f32(i64 %t, i32 %layer, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_cube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.cube.v4f32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.v4s32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.v4u32.f32(i64 %t, float %cx, float %cy, float %cz)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_acube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.cube.array.v4f32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.v4s32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.v4u32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

; --- tex.level ------------------------------------------------------------------------------

define internal <4 x i32> @__ptx_tex_level_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.level.v4f32.f32(i64 %t, float %cx, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.level.v4s32.f32(i64 %t, float %cx, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.level.v4u32.f32(i64 %t, float %cx, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.level.v4f32.f32(i64 %t, float %cx, float %cy, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.level.v4s32.f32(i64 %t, float %cx, float %cy, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.level.v4u32.f32(i64 %t, float %cx, float %cy, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.3d.level.v4f32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.level.v4s32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.level.v4u32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.level.v4f32.f32(i64 %t, i32 %layer, float %cx, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.level.v4s32.f32(i64 %t, i32 %layer, float %cx, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.level.v4u32.f32(i64 %t, i32 %layer, float %cx, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.level.v4f32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.level.v4s32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.level.v4u32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_cube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.cube.level.v4f32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.level.v4s32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.level.v4u32.f32(i64 %t, float %cx, float %cy, float %cz, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_level_acube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.cube.array.level.v4f32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz, float %lod)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.level.v4s32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz, float %lod)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.cube.array.level.v4u32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %cz, float %lod)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

; --- tex.grad -------------------------------------------------------------------------------

define internal <4 x i32> @__ptx_tex_grad_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %dxx = extractelement <4 x float> %dx, i32 0
  %dyx = extractelement <4 x float> %dy, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.grad.v4f32.f32(i64 %t, float %cx, float %dxx, float %dyx)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.grad.v4s32.f32(i64 %t, float %cx, float %dxx, float %dyx)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.grad.v4u32.f32(i64 %t, float %cx, float %dxx, float %dyx)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_grad_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %dxx = extractelement <4 x float> %dx, i32 0
  %dxy = extractelement <4 x float> %dx, i32 1
  %dyx = extractelement <4 x float> %dy, i32 0
  %dyy = extractelement <4 x float> %dy, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.grad.v4f32.f32(i64 %t, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.grad.v4s32.f32(i64 %t, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.grad.v4u32.f32(i64 %t, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_grad_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %cz = extractelement <4 x float> %c, i32 2
  %dxx = extractelement <4 x float> %dx, i32 0
  %dxy = extractelement <4 x float> %dx, i32 1
  %dxz = extractelement <4 x float> %dx, i32 2
  %dyx = extractelement <4 x float> %dy, i32 0
  %dyy = extractelement <4 x float> %dy, i32 1
  %dyz = extractelement <4 x float> %dy, i32 2
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.3d.grad.v4f32.f32(i64 %t, float %cx, float %cy, float %cz, float %dxx, float %dxy, float %dxz, float %dyx, float %dyy, float %dyz)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.grad.v4s32.f32(i64 %t, float %cx, float %cy, float %cz, float %dxx, float %dxy, float %dxz, float %dyx, float %dyy, float %dyz)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.3d.grad.v4u32.f32(i64 %t, float %cx, float %cy, float %cz, float %dxx, float %dxy, float %dxz, float %dyx, float %dyy, float %dyz)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_grad_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %dxx = extractelement <4 x float> %dx, i32 0
  %dyx = extractelement <4 x float> %dy, i32 0
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.1d.array.grad.v4f32.f32(i64 %t, i32 %layer, float %cx, float %dxx, float %dyx)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.grad.v4s32.f32(i64 %t, i32 %layer, float %cx, float %dxx, float %dyx)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.1d.array.grad.v4u32.f32(i64 %t, i32 %layer, float %cx, float %dxx, float %dyx)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tex_grad_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  %dxx = extractelement <4 x float> %dx, i32 0
  %dxy = extractelement <4 x float> %dx, i32 1
  %dyx = extractelement <4 x float> %dy, i32 0
  %dyy = extractelement <4 x float> %dy, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tex.unified.2d.array.grad.v4f32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.grad.v4s32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tex.unified.2d.array.grad.v4u32.f32(i64 %t, i32 %layer, float %cx, float %cy, float %dxx, float %dxy, float %dyx, float %dyy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

; --- tld4 -----------------------------------------------------------------------------------

define internal <4 x i32> @__ptx_tld4_r_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tld4.unified.r.2d.v4f32.f32(i64 %t, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.r.2d.v4s32.f32(i64 %t, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.r.2d.v4u32.f32(i64 %t, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tld4_g_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tld4.unified.g.2d.v4f32.f32(i64 %t, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.g.2d.v4s32.f32(i64 %t, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.g.2d.v4u32.f32(i64 %t, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tld4_b_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tld4.unified.b.2d.v4f32.f32(i64 %t, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.b.2d.v4s32.f32(i64 %t, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.b.2d.v4u32.f32(i64 %t, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}

define internal <4 x i32> @__ptx_tld4_a_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %cx = extractelement <4 x float> %c, i32 0
  %cy = extractelement <4 x float> %c, i32 1
  switch i32 %dtype, label %f32 [ i32 1, label %s32
                                  i32 2, label %u32 ]
f32:
  %r.f32 = call { float, float, float, float } @llvm.nvvm.tld4.unified.a.2d.v4f32.f32(i64 %t, float %cx, float %cy)
  %b.f32 = call <4 x i32> @__ptx_tex_bits_f({ float, float, float, float } %r.f32)
  ret <4 x i32> %b.f32
s32:
  %r.s32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.a.2d.v4s32.f32(i64 %t, float %cx, float %cy)
  %b.s32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.s32)
  ret <4 x i32> %b.s32
u32:
  %r.u32 = call { i32, i32, i32, i32 } @llvm.nvvm.tld4.unified.a.2d.v4u32.f32(i64 %t, float %cx, float %cy)
  %b.u32 = call <4 x i32> @__ptx_tex_bits_i({ i32, i32, i32, i32 } %r.u32)
  ret <4 x i32> %b.u32
}
