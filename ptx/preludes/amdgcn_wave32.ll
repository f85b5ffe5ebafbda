; ---------------------------------------------------------------------------------------------
; AMDGPU wave32 (RDNA): one wavefront is one CUDA warp (README.md, "The wavefront rule").
; ---------------------------------------------------------------------------------------------

declare i32 @llvm.amdgcn.ballot.i32(i1)

define internal i32 @__ptx_sreg_laneid() alwaysinline {
  %l = call i32 @llvm.amdgcn.mbcnt.lo(i32 -1, i32 0)
  ret i32 %l
}
define internal i32 @__ptx_warp_base() alwaysinline {
  ret i32 0
}
define internal i32 @__ptx_warp_ballot(i1 %p) alwaysinline {
  %b = call i32 @llvm.amdgcn.ballot.i32(i1 %p)
  ret i32 %b
}
