; ---------------------------------------------------------------------------------------------
; cuda-as-hip PTX translator: NVPTX prelude (sm_80, used to round-trip the translator's lowering
; back to PTX and to check it against the original on an NVIDIA GPU). Every function is internal
; and always inlined; the contract (names, arguments) is in ptx/preludes/README.md. Operations
; PTX defines exactly are spelled as the PTX instruction itself (inline asm), so the round trip
; runs the same hardware operation.
; ---------------------------------------------------------------------------------------------

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
define internal i32 @__ptx_sreg_tid_x() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()
define internal i32 @__ptx_sreg_tid_y() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.tid.z()
define internal i32 @__ptx_sreg_tid_z() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.tid.z()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
define internal i32 @__ptx_sreg_ntid_x() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.y()
define internal i32 @__ptx_sreg_ntid_y() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ntid.y()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ntid.z()
define internal i32 @__ptx_sreg_ntid_z() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ntid.z()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
define internal i32 @__ptx_sreg_ctaid_x() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
define internal i32 @__ptx_sreg_ctaid_y() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.z()
define internal i32 @__ptx_sreg_ctaid_z() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.z()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
define internal i32 @__ptx_sreg_nctaid_x() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
define internal i32 @__ptx_sreg_nctaid_y() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.z()
define internal i32 @__ptx_sreg_nctaid_z() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.z()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.laneid()
define internal i32 @__ptx_sreg_laneid() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.laneid()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.warpid()
define internal i32 @__ptx_sreg_warpid() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.warpid()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.nwarpid()
define internal i32 @__ptx_sreg_nwarpid() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.nwarpid()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.smid()
define internal i32 @__ptx_sreg_smid() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.smid()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.nsmid()
define internal i32 @__ptx_sreg_nsmid() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.nsmid()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.clock()
define internal i32 @__ptx_sreg_clock() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.clock()
  ret i32 %v
}
declare i64 @llvm.nvvm.read.ptx.sreg.clock64()
define internal i64 @__ptx_sreg_clock64() alwaysinline {
  %v = call i64 @llvm.nvvm.read.ptx.sreg.clock64()
  ret i64 %v
}
define internal i64 @__ptx_sreg_gridid() alwaysinline {
  %v = call i64 asm sideeffect "mov.u64 $0, %gridid;", "=l"()
  ret i64 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.lanemask.eq()
define internal i32 @__ptx_sreg_lanemask_eq() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.lanemask.eq()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.lanemask.le()
define internal i32 @__ptx_sreg_lanemask_le() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.lanemask.le()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.lanemask.lt()
define internal i32 @__ptx_sreg_lanemask_lt() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.lanemask.lt()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.lanemask.ge()
define internal i32 @__ptx_sreg_lanemask_ge() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.lanemask.ge()
  ret i32 %v
}
declare i32 @llvm.nvvm.read.ptx.sreg.lanemask.gt()
define internal i32 @__ptx_sreg_lanemask_gt() alwaysinline {
  %v = call i32 @llvm.nvvm.read.ptx.sreg.lanemask.gt()
  ret i32 %v
}
define internal i64 @__ptx_sreg_globaltimer() alwaysinline {
  %v = call i64 asm sideeffect "mov.u64 $0, %globaltimer;", "=l"()
  ret i64 %v
}
define internal i32 @__ptx_sreg_dynamic_smem_size() alwaysinline {
  %v = call i32 asm sideeffect "mov.u32 $0, %dynamic_smem_size;", "=r"()
  ret i32 %v
}
define internal i32 @__ptx_sreg_total_smem_size() alwaysinline {
  %v = call i32 asm sideeffect "mov.u32 $0, %total_smem_size;", "=r"()
  ret i32 %v
}

declare void @llvm.nvvm.barrier.sync(i32)
declare void @llvm.nvvm.barrier.sync.cnt(i32, i32)
declare void @llvm.nvvm.bar.warp.sync(i32)
declare i32 @llvm.nvvm.barrier0.popc(i32)
declare i32 @llvm.nvvm.barrier0.and(i32)
declare i32 @llvm.nvvm.barrier0.or(i32)
define internal void @__ptx_bar_sync(i32 %id, i32 %count) alwaysinline {
entry:
  %all = icmp eq i32 %count, 0
  br i1 %all, label %plain, label %counted
plain:
  call void @llvm.nvvm.barrier.sync(i32 %id)
  ret void
counted:
  call void @llvm.nvvm.barrier.sync.cnt(i32 %id, i32 %count)
  ret void
}
define internal void @__ptx_bar_warp_sync(i32 %mask) alwaysinline {
  call void @llvm.nvvm.bar.warp.sync(i32 %mask)
  ret void
}
define internal i32 @__ptx_bar_red_popc(i32 %id, i1 %p) alwaysinline {
  %v = zext i1 %p to i32
  %r = call i32 @llvm.nvvm.barrier0.popc(i32 %v)
  ret i32 %r
}
define internal i1 @__ptx_bar_red_and(i32 %id, i1 %p) alwaysinline {
  %v = zext i1 %p to i32
  %r = call i32 @llvm.nvvm.barrier0.and(i32 %v)
  %b = icmp ne i32 %r, 0
  ret i1 %b
}
define internal i1 @__ptx_bar_red_or(i32 %id, i1 %p) alwaysinline {
  %v = zext i1 %p to i32
  %r = call i32 @llvm.nvvm.barrier0.or(i32 %v)
  %b = icmp ne i32 %r, 0
  ret i1 %b
}
define internal void @__ptx_nanosleep(i32 %t) alwaysinline {
  call void asm sideeffect "nanosleep.u32 $0;", "r"(i32 %t)
  ret void
}
define internal void @__ptx_exit() alwaysinline {
  call void asm sideeffect "exit;", ""()
  unreachable
}

declare i1 @llvm.nvvm.isspacep.global(ptr)
define internal i1 @__ptx_isspacep_global(ptr %p) alwaysinline {
  %r = call i1 @llvm.nvvm.isspacep.global(ptr %p)
  ret i1 %r
}
declare i1 @llvm.nvvm.isspacep.shared(ptr)
define internal i1 @__ptx_isspacep_shared(ptr %p) alwaysinline {
  %r = call i1 @llvm.nvvm.isspacep.shared(ptr %p)
  ret i1 %r
}
declare i1 @llvm.nvvm.isspacep.local(ptr)
define internal i1 @__ptx_isspacep_local(ptr %p) alwaysinline {
  %r = call i1 @llvm.nvvm.isspacep.local(ptr %p)
  ret i1 %r
}
declare i1 @llvm.nvvm.isspacep.const(ptr)
define internal i1 @__ptx_isspacep_const(ptr %p) alwaysinline {
  %r = call i1 @llvm.nvvm.isspacep.const(ptr %p)
  ret i1 %r
}
declare { i32, i1 } @llvm.nvvm.shfl.sync.up.i32p(i32, i32, i32, i32)
define internal { i32, i1 } @__ptx_shfl_up(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.shfl.sync.up.i32p(i32 %mask, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
declare { i32, i1 } @llvm.nvvm.shfl.sync.down.i32p(i32, i32, i32, i32)
define internal { i32, i1 } @__ptx_shfl_down(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.shfl.sync.down.i32p(i32 %mask, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
declare { i32, i1 } @llvm.nvvm.shfl.sync.bfly.i32p(i32, i32, i32, i32)
define internal { i32, i1 } @__ptx_shfl_bfly(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.shfl.sync.bfly.i32p(i32 %mask, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
declare { i32, i1 } @llvm.nvvm.shfl.sync.idx.i32p(i32, i32, i32, i32)
define internal { i32, i1 } @__ptx_shfl_idx(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.shfl.sync.idx.i32p(i32 %mask, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
declare i1 @llvm.nvvm.vote.all.sync(i32, i1)
define internal i1 @__ptx_vote_all(i1 %p, i32 %mask) alwaysinline {
  %r = call i1 @llvm.nvvm.vote.all.sync(i32 %mask, i1 %p)
  ret i1 %r
}
declare i1 @llvm.nvvm.vote.any.sync(i32, i1)
define internal i1 @__ptx_vote_any(i1 %p, i32 %mask) alwaysinline {
  %r = call i1 @llvm.nvvm.vote.any.sync(i32 %mask, i1 %p)
  ret i1 %r
}
declare i1 @llvm.nvvm.vote.uni.sync(i32, i1)
define internal i1 @__ptx_vote_uni(i1 %p, i32 %mask) alwaysinline {
  %r = call i1 @llvm.nvvm.vote.uni.sync(i32 %mask, i1 %p)
  ret i1 %r
}
declare i32 @llvm.nvvm.vote.ballot.sync(i32, i1)
define internal i32 @__ptx_vote_ballot(i1 %p, i32 %mask) alwaysinline {
  %r = call i32 @llvm.nvvm.vote.ballot.sync(i32 %mask, i1 %p)
  ret i32 %r
}
define internal i32 @__ptx_activemask() alwaysinline {
  %r = call i32 asm sideeffect "activemask.b32 $0;", "=r"()
  ret i32 %r
}
declare i32 @llvm.nvvm.match.any.sync.i32(i32, i32)
declare i32 @llvm.nvvm.match.any.sync.i64(i32, i64)
declare { i32, i1 } @llvm.nvvm.match.all.sync.i32p(i32, i32)
declare { i32, i1 } @llvm.nvvm.match.all.sync.i64p(i32, i64)
define internal i32 @__ptx_match_any_b32(i32 %v, i32 %mask) alwaysinline {
  %r = call i32 @llvm.nvvm.match.any.sync.i32(i32 %mask, i32 %v)
  ret i32 %r
}
define internal i32 @__ptx_match_any_b64(i64 %v, i32 %mask) alwaysinline {
  %r = call i32 @llvm.nvvm.match.any.sync.i64(i32 %mask, i64 %v)
  ret i32 %r
}
define internal { i32, i1 } @__ptx_match_all_b32(i32 %v, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.match.all.sync.i32p(i32 %mask, i32 %v)
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_match_all_b64(i64 %v, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @llvm.nvvm.match.all.sync.i64p(i32 %mask, i64 %v)
  ret { i32, i1 } %r
}

define internal i32 @__ptx_redux(i32 %op, i32 %v, i32 %mask) alwaysinline {
entry:
  switch i32 %op, label %smax [ i32 0, label %add i32 1, label %and i32 2, label %or i32 3, label %xor i32 4, label %umin i32 5, label %umax i32 6, label %smin ]
add:
  %r.add = call i32 asm sideeffect "redux.sync.add.u32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.add
and:
  %r.and = call i32 asm sideeffect "redux.sync.and.b32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.and
or:
  %r.or = call i32 asm sideeffect "redux.sync.or.b32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.or
xor:
  %r.xor = call i32 asm sideeffect "redux.sync.xor.b32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.xor
umin:
  %r.umin = call i32 asm sideeffect "redux.sync.min.u32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.umin
umax:
  %r.umax = call i32 asm sideeffect "redux.sync.max.u32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.umax
smin:
  %r.smin = call i32 asm sideeffect "redux.sync.min.s32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.smin
smax:
  %r.smax = call i32 asm sideeffect "redux.sync.max.s32 $0, $1, $2;", "=r,r,r"(i32 %v, i32 %mask)
  ret i32 %r.smax
}
define internal float @__ptx_rcp_approx_f32(float %a0) alwaysinline {
  %r = call float asm "rcp.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_div_approx_f32(float %a0, float %a1) alwaysinline {
  %r = call float asm "div.approx.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  ret float %r
}
define internal float @__ptx_rsqrt_approx_f32(float %a0) alwaysinline {
  %r = call float asm "rsqrt.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal double @__ptx_rsqrt_approx_f64(double %a0) alwaysinline {
  %r = call double asm "rsqrt.approx.f64 $0, $1;", "=d,d"(double %a0)
  ret double %r
}
define internal double @__ptx_rcp_approx_ftz_f64(double %a0) alwaysinline {
  %r = call double asm "rcp.approx.ftz.f64 $0, $1;", "=d,d"(double %a0)
  ret double %r
}
define internal double @__ptx_rsqrt_approx_ftz_f64(double %a0) alwaysinline {
  %r = call double asm "rsqrt.approx.ftz.f64 $0, $1;", "=d,d"(double %a0)
  ret double %r
}
define internal float @__ptx_sqrt_approx_f32(float %a0) alwaysinline {
  %r = call float asm "sqrt.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_ex2_approx_f32(float %a0) alwaysinline {
  %r = call float asm "ex2.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_lg2_approx_f32(float %a0) alwaysinline {
  %r = call float asm "lg2.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_sin_approx_f32(float %a0) alwaysinline {
  %r = call float asm "sin.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_cos_approx_f32(float %a0) alwaysinline {
  %r = call float asm "cos.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_tanh_approx_f32(float %a0) alwaysinline {
  %r = call float asm "tanh.approx.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal float @__ptx_sqrt_rn_f32(float %a0) alwaysinline {
  %r = call float asm "sqrt.rn.f32 $0, $1;", "=f,f"(float %a0)
  ret float %r
}
define internal double @__ptx_sqrt_rn_f64(double %a0) alwaysinline {
  %r = call double asm "sqrt.rn.f64 $0, $1;", "=d,d"(double %a0)
  ret double %r
}
define internal float @__ptx_add_dir_f32(float %a0, float %a1, i32 %mode) alwaysinline {
  %rz = call float asm "add.rz.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rm = call float asm "add.rm.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rp = call float asm "add.rp.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal float @__ptx_mul_dir_f32(float %a0, float %a1, i32 %mode) alwaysinline {
  %rz = call float asm "mul.rz.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rm = call float asm "mul.rm.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rp = call float asm "mul.rp.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal float @__ptx_fma_dir_f32(float %a0, float %a1, float %a2, i32 %mode) alwaysinline {
  %rz = call float asm "fma.rz.f32 $0, $1, $2, $3;", "=f,f,f,f"(float %a0, float %a1, float %a2)
  %rm = call float asm "fma.rm.f32 $0, $1, $2, $3;", "=f,f,f,f"(float %a0, float %a1, float %a2)
  %rp = call float asm "fma.rp.f32 $0, $1, $2, $3;", "=f,f,f,f"(float %a0, float %a1, float %a2)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal float @__ptx_div_dir_f32(float %a0, float %a1, i32 %mode) alwaysinline {
  %rz = call float asm "div.rz.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rm = call float asm "div.rm.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %rp = call float asm "div.rp.f32 $0, $1, $2;", "=f,f,f"(float %a0, float %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal float @__ptx_sqrt_dir_f32(float %a0, i32 %mode) alwaysinline {
  %rz = call float asm "sqrt.rz.f32 $0, $1;", "=f,f"(float %a0)
  %rm = call float asm "sqrt.rm.f32 $0, $1;", "=f,f"(float %a0)
  %rp = call float asm "sqrt.rp.f32 $0, $1;", "=f,f"(float %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal double @__ptx_add_dir_f64(double %a0, double %a1, i32 %mode) alwaysinline {
  %rz = call double asm "add.rz.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rm = call double asm "add.rm.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rp = call double asm "add.rp.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal double @__ptx_mul_dir_f64(double %a0, double %a1, i32 %mode) alwaysinline {
  %rz = call double asm "mul.rz.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rm = call double asm "mul.rm.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rp = call double asm "mul.rp.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal double @__ptx_fma_dir_f64(double %a0, double %a1, double %a2, i32 %mode) alwaysinline {
  %rz = call double asm "fma.rz.f64 $0, $1, $2, $3;", "=d,d,d,d"(double %a0, double %a1, double %a2)
  %rm = call double asm "fma.rm.f64 $0, $1, $2, $3;", "=d,d,d,d"(double %a0, double %a1, double %a2)
  %rp = call double asm "fma.rp.f64 $0, $1, $2, $3;", "=d,d,d,d"(double %a0, double %a1, double %a2)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal double @__ptx_div_dir_f64(double %a0, double %a1, i32 %mode) alwaysinline {
  %rz = call double asm "div.rz.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rm = call double asm "div.rm.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %rp = call double asm "div.rp.f64 $0, $1, $2;", "=d,d,d"(double %a0, double %a1)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal double @__ptx_sqrt_dir_f64(double %a0, i32 %mode) alwaysinline {
  %rz = call double asm "sqrt.rz.f64 $0, $1;", "=d,d"(double %a0)
  %rm = call double asm "sqrt.rm.f64 $0, $1;", "=d,d"(double %a0)
  %rp = call double asm "sqrt.rp.f64 $0, $1;", "=d,d"(double %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal float @__ptx_cvt_dir_f32_f64(double %a0, i32 %mode) alwaysinline {
  %rz = call float asm "cvt.rz.f32.f64 $0, $1;", "=f,d"(double %a0)
  %rm = call float asm "cvt.rm.f32.f64 $0, $1;", "=f,d"(double %a0)
  %rp = call float asm "cvt.rp.f32.f64 $0, $1;", "=f,d"(double %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal float @__ptx_cvt_dir_f32_s32(i32 %a0, i32 %mode) alwaysinline {
  %rz = call float asm "cvt.rz.f32.s32 $0, $1;", "=f,r"(i32 %a0)
  %rm = call float asm "cvt.rm.f32.s32 $0, $1;", "=f,r"(i32 %a0)
  %rp = call float asm "cvt.rp.f32.s32 $0, $1;", "=f,r"(i32 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal double @__ptx_cvt_dir_f64_s32(i32 %a0, i32 %mode) alwaysinline {
  %rz = call double asm "cvt.rz.f64.s32 $0, $1;", "=d,r"(i32 %a0)
  %rm = call double asm "cvt.rm.f64.s32 $0, $1;", "=d,r"(i32 %a0)
  %rp = call double asm "cvt.rp.f64.s32 $0, $1;", "=d,r"(i32 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal float @__ptx_cvt_dir_f32_u32(i32 %a0, i32 %mode) alwaysinline {
  %rz = call float asm "cvt.rz.f32.u32 $0, $1;", "=f,r"(i32 %a0)
  %rm = call float asm "cvt.rm.f32.u32 $0, $1;", "=f,r"(i32 %a0)
  %rp = call float asm "cvt.rp.f32.u32 $0, $1;", "=f,r"(i32 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal double @__ptx_cvt_dir_f64_u32(i32 %a0, i32 %mode) alwaysinline {
  %rz = call double asm "cvt.rz.f64.u32 $0, $1;", "=d,r"(i32 %a0)
  %rm = call double asm "cvt.rm.f64.u32 $0, $1;", "=d,r"(i32 %a0)
  %rp = call double asm "cvt.rp.f64.u32 $0, $1;", "=d,r"(i32 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal float @__ptx_cvt_dir_f32_s64(i64 %a0, i32 %mode) alwaysinline {
  %rz = call float asm "cvt.rz.f32.s64 $0, $1;", "=f,l"(i64 %a0)
  %rm = call float asm "cvt.rm.f32.s64 $0, $1;", "=f,l"(i64 %a0)
  %rp = call float asm "cvt.rp.f32.s64 $0, $1;", "=f,l"(i64 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal double @__ptx_cvt_dir_f64_s64(i64 %a0, i32 %mode) alwaysinline {
  %rz = call double asm "cvt.rz.f64.s64 $0, $1;", "=d,l"(i64 %a0)
  %rm = call double asm "cvt.rm.f64.s64 $0, $1;", "=d,l"(i64 %a0)
  %rp = call double asm "cvt.rp.f64.s64 $0, $1;", "=d,l"(i64 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}
define internal float @__ptx_cvt_dir_f32_u64(i64 %a0, i32 %mode) alwaysinline {
  %rz = call float asm "cvt.rz.f32.u64 $0, $1;", "=f,l"(i64 %a0)
  %rm = call float asm "cvt.rm.f32.u64 $0, $1;", "=f,l"(i64 %a0)
  %rp = call float asm "cvt.rp.f32.u64 $0, $1;", "=f,l"(i64 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, float %rm, float %rp
  %r = select i1 %is_rz, float %rz, float %r1
  ret float %r
}
define internal double @__ptx_cvt_dir_f64_u64(i64 %a0, i32 %mode) alwaysinline {
  %rz = call double asm "cvt.rz.f64.u64 $0, $1;", "=d,l"(i64 %a0)
  %rm = call double asm "cvt.rm.f64.u64 $0, $1;", "=d,l"(i64 %a0)
  %rp = call double asm "cvt.rp.f64.u64 $0, $1;", "=d,l"(i64 %a0)
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %r1 = select i1 %is_rm, double %rm, double %rp
  %r = select i1 %is_rz, double %rz, double %r1
  ret double %r
}

declare void @llvm.trap()
define internal void @__ptx_trap() alwaysinline {
  call void @llvm.trap()
  unreachable
}

; LLVM 15's NVPTX selects no `fence`: spell PTX's own.
define internal void @__ptx_fence_cta() alwaysinline {
  call void asm sideeffect "fence.sc.cta;", "~{memory}"()
  ret void
}
define internal void @__ptx_fence_gpu() alwaysinline {
  call void asm sideeffect "fence.sc.gpu;", "~{memory}"()
  ret void
}
define internal void @__ptx_fence_sys() alwaysinline {
  call void asm sideeffect "fence.sc.sys;", "~{memory}"()
  ret void
}

; CUDA's device library: the driver's own vprintf, malloc, free and __assertfail.
declare i32 @vprintf(ptr, ptr)
declare void @__assertfail(ptr, ptr, i32, ptr, i64)
declare ptr @malloc(i64)
declare i64 @cudaCGGetIntrinsicHandle(i32)
declare i32 @cudaCGSynchronize(i64, i32) convergent
declare void @free(ptr)
define internal i32 @__ptx_vprintf(i64 %format, i64 %arguments) alwaysinline {
  %f = inttoptr i64 %format to ptr
  %a = inttoptr i64 %arguments to ptr
  %r = call i32 @vprintf(ptr %f, ptr %a)
  ret i32 %r
}
define internal i64 @__ptx_malloc(i64 %size) alwaysinline {
  %p = call ptr @malloc(i64 %size)
  %r = ptrtoint ptr %p to i64
  ret i64 %r
}
define internal void @__ptx_free(i64 %address) alwaysinline {
  %p = inttoptr i64 %address to ptr
  call void @free(ptr %p)
  ret void
}
define internal void @__ptx_assertfail(i64 %message, i64 %file, i32 %line, i64 %function, i64 %char_size) alwaysinline {
  %m = inttoptr i64 %message to ptr
  %f = inttoptr i64 %file to ptr
  %g = inttoptr i64 %function to ptr
  call void @__assertfail(ptr %m, ptr %f, i32 %line, ptr %g, i64 %char_size)
  ret void
}
define internal i64 @__ptx_cg_handle(i32 %scope) alwaysinline {
  %h = call i64 @cudaCGGetIntrinsicHandle(i32 %scope)
  ret i64 %h
}
define internal i32 @__ptx_cg_synchronize(i64 %handle, i32 %flags) convergent alwaysinline {
  %r = call i32 @cudaCGSynchronize(i64 %handle, i32 %flags)
  ret i32 %r
}
