; ---------------------------------------------------------------------------------------------
; AMDGPU wave64 (CDNA): each 64-lane wavefront runs two 32-lane CUDA warps, lanes 0-31 and 32-63
; (README.md, "The wavefront rule"). %laneid, masks and ballots are per 32-lane half.
; ---------------------------------------------------------------------------------------------

declare i64 @llvm.amdgcn.ballot.i64(i1)

define internal i32 @__ptx_wave_lane() alwaysinline {
  %lo = call i32 @llvm.amdgcn.mbcnt.lo(i32 -1, i32 0)
  %l = call i32 @llvm.amdgcn.mbcnt.hi(i32 -1, i32 %lo)
  ret i32 %l
}
define internal i32 @__ptx_sreg_laneid() alwaysinline {
  %l = call i32 @__ptx_wave_lane()
  %r = and i32 %l, 31
  ret i32 %r
}
; Wavefront lane of lane 0 of the caller's CUDA warp: 0 or 32.
define internal i32 @__ptx_warp_base() alwaysinline {
  %l = call i32 @__ptx_wave_lane()
  %r = and i32 %l, 32
  ret i32 %r
}
; The caller's 32 bits of a wavefront-wide ballot.
define internal i32 @__ptx_warp_ballot(i1 %p) alwaysinline {
  %b = call i64 @llvm.amdgcn.ballot.i64(i1 %p)
  %base = call i32 @__ptx_warp_base()
  %sh = zext i32 %base to i64
  %half = lshr i64 %b, %sh
  %r = trunc i64 %half to i32
  ret i32 %r
}
