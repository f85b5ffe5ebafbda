; ---------------------------------------------------------------------------------------------
; cuda-as-hip PTX translator: AMDGPU textures. A CUDA texture object on AMD's HIP is the address of
; the image's descriptor (8 dwords, padded to 12) followed by the sampler's (4 dwords), in constant
; memory (HIP's texture_types.h: HIP_SAMPLER_OBJECT_OFFSET_DWORD = 12); HIP's own tex2D & co. read
; them the same way and call the same ockl functions (comgr links them with the device libraries).
; The contract (names, arguments) is in ptx/preludes/README.md: coordinates come as x, y, z in
; lanes 0-2 of a <4 x float>, a layer apart as an i32; the result is the texel's four 32-bit
; channels as bits, whatever the result type (`dtype` only matters to the NVPTX prelude).
; ---------------------------------------------------------------------------------------------

declare <4 x float> @__ockl_image_load_1Db(ptr addrspace(4), i32)
declare <4 x float> @__ockl_image_sample_1D(ptr addrspace(4), ptr addrspace(4), float)
declare <4 x float> @__ockl_image_sample_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>)
declare <4 x float> @__ockl_image_sample_3D(ptr addrspace(4), ptr addrspace(4), <4 x float>)
declare <4 x float> @__ockl_image_sample_1Da(ptr addrspace(4), ptr addrspace(4), <2 x float>)
declare <4 x float> @__ockl_image_sample_2Da(ptr addrspace(4), ptr addrspace(4), <4 x float>)
declare <4 x float> @__ockl_image_sample_CM(ptr addrspace(4), ptr addrspace(4), <4 x float>)
declare <4 x float> @__ockl_image_sample_CMa(ptr addrspace(4), ptr addrspace(4), <4 x float>)
declare <4 x float> @__ockl_image_sample_lod_1D(ptr addrspace(4), ptr addrspace(4), float, float)
declare <4 x float> @__ockl_image_sample_lod_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>, float)
declare <4 x float> @__ockl_image_sample_lod_3D(ptr addrspace(4), ptr addrspace(4), <4 x float>, float)
declare <4 x float> @__ockl_image_sample_lod_1Da(ptr addrspace(4), ptr addrspace(4), <2 x float>, float)
declare <4 x float> @__ockl_image_sample_lod_2Da(ptr addrspace(4), ptr addrspace(4), <4 x float>, float)
declare <4 x float> @__ockl_image_sample_lod_CM(ptr addrspace(4), ptr addrspace(4), <4 x float>, float)
declare <4 x float> @__ockl_image_sample_lod_CMa(ptr addrspace(4), ptr addrspace(4), <4 x float>, float)
declare <4 x float> @__ockl_image_sample_grad_1D(ptr addrspace(4), ptr addrspace(4), float, float, float)
declare <4 x float> @__ockl_image_sample_grad_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>, <2 x float>, <2 x float>)
declare <4 x float> @__ockl_image_sample_grad_3D(ptr addrspace(4), ptr addrspace(4), <4 x float>, <4 x float>, <4 x float>)
declare <4 x float> @__ockl_image_sample_grad_1Da(ptr addrspace(4), ptr addrspace(4), <2 x float>, float, float)
declare <4 x float> @__ockl_image_sample_grad_2Da(ptr addrspace(4), ptr addrspace(4), <4 x float>, <2 x float>, <2 x float>)
declare <4 x float> @__ockl_image_gather4r_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>)
declare <4 x float> @__ockl_image_gather4g_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>)
declare <4 x float> @__ockl_image_gather4b_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>)
declare <4 x float> @__ockl_image_gather4a_2D(ptr addrspace(4), ptr addrspace(4), <2 x float>)

; --- descriptors and coordinates --------------------------------------------------------------

define internal ptr addrspace(4) @__ptx_tex_image(i64 %t) alwaysinline {
  %i = inttoptr i64 %t to ptr addrspace(4)
  ret ptr addrspace(4) %i
}

define internal ptr addrspace(4) @__ptx_tex_sampler(i64 %t) alwaysinline {
  %i = inttoptr i64 %t to ptr addrspace(4)
  %s = getelementptr i32, ptr addrspace(4) %i, i64 12
  ret ptr addrspace(4) %s
}

; lanes 0-1 of %c
define internal <2 x float> @__ptx_tex_xy(<4 x float> %c) alwaysinline {
  %v = shufflevector <4 x float> %c, <4 x float> poison, <2 x i32> <i32 0, i32 1>
  ret <2 x float> %v
}

; %c with lane %lane replaced by the layer as a float (ockl takes array layers as coordinates)
define internal <4 x float> @__ptx_tex_layered(<4 x float> %c, i32 %layer, i32 %lane) alwaysinline {
  %l = uitofp i32 %layer to float
  %v = insertelement <4 x float> %c, float %l, i32 %lane
  ret <4 x float> %v
}

; (x, layer): the 1-D array coordinates ockl takes
define internal <2 x float> @__ptx_tex_x_layer(<4 x float> %c, i32 %layer) alwaysinline {
  %v = call <4 x float> @__ptx_tex_layered(<4 x float> %c, i32 %layer, i32 1)
  %xl = call <2 x float> @__ptx_tex_xy(<4 x float> %v)
  ret <2 x float> %xl
}

; %c with lane 3 zero (3-D and cube coordinates)
define internal <4 x float> @__ptx_tex_xyz(<4 x float> %c) alwaysinline {
  %v = insertelement <4 x float> %c, float 0.0, i32 3
  ret <4 x float> %v
}

define internal <4 x i32> @__ptx_tex_bits(<4 x float> %r) alwaysinline {
  %b = bitcast <4 x float> %r to <4 x i32>
  ret <4 x i32> %b
}

; --- tex.1d with integer coordinates: tex1Dfetch, a texture over linear memory ------------------

define internal <4 x i32> @__ptx_tex_fetch_1d(i64 %t, i32 %dtype, i32 %x) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %r = call <4 x float> @__ockl_image_load_1Db(ptr addrspace(4) %i, i32 %x)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

; --- tex: sampled at float coordinates ----------------------------------------------------------

define internal <4 x i32> @__ptx_tex_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %x = extractelement <4 x float> %c, i32 0
  %r = call <4 x float> @__ockl_image_sample_1D(ptr addrspace(4) %i, ptr addrspace(4) %s, float %x)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_3D(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyz)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xl = call <2 x float> @__ptx_tex_x_layer(<4 x float> %c, i32 %layer)
  %r = call <4 x float> @__ockl_image_sample_1Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xl)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %xyl = call <4 x float> @__ptx_tex_layered(<4 x float> %xyz, i32 %layer, i32 2)
  %r = call <4 x float> @__ockl_image_sample_2Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyl)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_cube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_CM(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyz)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_acube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyzl = call <4 x float> @__ptx_tex_layered(<4 x float> %c, i32 %layer, i32 3)
  %r = call <4 x float> @__ockl_image_sample_CMa(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyzl)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

; --- tex.level: at a level of detail -----------------------------------------------------------

define internal <4 x i32> @__ptx_tex_level_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %x = extractelement <4 x float> %c, i32 0
  %r = call <4 x float> @__ockl_image_sample_lod_1D(ptr addrspace(4) %i, ptr addrspace(4) %s, float %x, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_lod_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_lod_3D(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyz, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xl = call <2 x float> @__ptx_tex_x_layer(<4 x float> %c, i32 %layer)
  %r = call <4 x float> @__ockl_image_sample_lod_1Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xl, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %xyl = call <4 x float> @__ptx_tex_layered(<4 x float> %xyz, i32 %layer, i32 2)
  %r = call <4 x float> @__ockl_image_sample_lod_2Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyl, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_cube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_sample_lod_CM(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyz, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_level_acube(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, float %lod) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyzl = call <4 x float> @__ptx_tex_layered(<4 x float> %c, i32 %layer, i32 3)
  %r = call <4 x float> @__ockl_image_sample_lod_CMa(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyzl, float %lod)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

; --- tex.grad: with explicit gradients (x, y, z in lanes 0-2 of %dx and %dy) -------------------

define internal <4 x i32> @__ptx_tex_grad_1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %x = extractelement <4 x float> %c, i32 0
  %gx = extractelement <4 x float> %dx, i32 0
  %gy = extractelement <4 x float> %dy, i32 0
  %r = call <4 x float> @__ockl_image_sample_grad_1D(ptr addrspace(4) %i, ptr addrspace(4) %s, float %x, float %gx, float %gy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_grad_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %gx = call <2 x float> @__ptx_tex_xy(<4 x float> %dx)
  %gy = call <2 x float> @__ptx_tex_xy(<4 x float> %dy)
  %r = call <4 x float> @__ockl_image_sample_grad_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy, <2 x float> %gx, <2 x float> %gy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_grad_3d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %gx = call <4 x float> @__ptx_tex_xyz(<4 x float> %dx)
  %gy = call <4 x float> @__ptx_tex_xyz(<4 x float> %dy)
  %r = call <4 x float> @__ockl_image_sample_grad_3D(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyz, <4 x float> %gx, <4 x float> %gy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_grad_a1d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xl = call <2 x float> @__ptx_tex_x_layer(<4 x float> %c, i32 %layer)
  %gx = extractelement <4 x float> %dx, i32 0
  %gy = extractelement <4 x float> %dy, i32 0
  %r = call <4 x float> @__ockl_image_sample_grad_1Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xl, float %gx, float %gy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tex_grad_a2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c, <4 x float> %dx, <4 x float> %dy) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xyz = call <4 x float> @__ptx_tex_xyz(<4 x float> %c)
  %xyl = call <4 x float> @__ptx_tex_layered(<4 x float> %xyz, i32 %layer, i32 2)
  %gx = call <2 x float> @__ptx_tex_xy(<4 x float> %dx)
  %gy = call <2 x float> @__ptx_tex_xy(<4 x float> %dy)
  %r = call <4 x float> @__ockl_image_sample_grad_2Da(ptr addrspace(4) %i, ptr addrspace(4) %s, <4 x float> %xyl, <2 x float> %gx, <2 x float> %gy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

; --- tld4: the component %comp of the four texels bilinear filtering would read ----------------

define internal <4 x i32> @__ptx_tld4_r_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_gather4r_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tld4_g_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_gather4g_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tld4_b_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_gather4b_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}

define internal <4 x i32> @__ptx_tld4_a_2d(i64 %t, i32 %dtype, i32 %layer, <4 x float> %c) alwaysinline {
  %i = call ptr addrspace(4) @__ptx_tex_image(i64 %t)
  %s = call ptr addrspace(4) @__ptx_tex_sampler(i64 %t)
  %xy = call <2 x float> @__ptx_tex_xy(<4 x float> %c)
  %r = call <4 x float> @__ockl_image_gather4a_2D(ptr addrspace(4) %i, ptr addrspace(4) %s, <2 x float> %xy)
  %b = call <4 x i32> @__ptx_tex_bits(<4 x float> %r)
  ret <4 x i32> %b
}
