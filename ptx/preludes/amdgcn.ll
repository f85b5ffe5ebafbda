; ---------------------------------------------------------------------------------------------
; cuda-as-hip PTX translator: AMDGPU prelude (shared by wave32 and wave64; the wave-size part
; follows in amdgcn_wave64.ll or amdgcn_wave32.ll). Every function is internal and always
; inlined; the contract (names, arguments) is in ptx/preludes/README.md.
; ---------------------------------------------------------------------------------------------

declare i32 @llvm.amdgcn.workitem.id.x()
declare i32 @llvm.amdgcn.workitem.id.y()
declare i32 @llvm.amdgcn.workitem.id.z()
declare i32 @llvm.amdgcn.workgroup.id.x()
declare i32 @llvm.amdgcn.workgroup.id.y()
declare i32 @llvm.amdgcn.workgroup.id.z()
declare ptr addrspace(4) @llvm.amdgcn.dispatch.ptr()
declare i32 @llvm.amdgcn.mbcnt.lo(i32, i32)
declare i32 @llvm.amdgcn.mbcnt.hi(i32, i32)
declare i32 @llvm.amdgcn.ds.bpermute(i32, i32)
declare i32 @llvm.amdgcn.groupstaticsize()
declare i64 @llvm.readcyclecounter()
declare i64 @llvm.amdgcn.s.memrealtime()
declare void @llvm.amdgcn.s.barrier()
declare void @llvm.amdgcn.wave.barrier()
declare void @llvm.amdgcn.s.sleep(i32)
declare void @llvm.amdgcn.endpgm()
declare i1 @llvm.amdgcn.is.shared(ptr)
declare i1 @llvm.amdgcn.is.private(ptr)
declare float @llvm.amdgcn.rcp.f32(float)
declare float @llvm.amdgcn.rsq.f32(float)
declare double @llvm.amdgcn.rsq.f64(double)
declare double @llvm.amdgcn.rcp.f64(double)
declare float @llvm.sqrt.f32(float)
declare float @llvm.exp2.f32(float)
declare float @llvm.log2.f32(float)
declare float @llvm.sin.f32(float)
declare float @llvm.cos.f32(float)
declare double @llvm.fma.f64(double, double, double)
declare float @__ocml_tanh_f32(float)
declare double @__ocml_sqrt_f64(double)

; --- special registers ------------------------------------------------------------------------

define internal i32 @__ptx_sreg_tid_x() alwaysinline {
  %v = call i32 @llvm.amdgcn.workitem.id.x()
  ret i32 %v
}
define internal i32 @__ptx_sreg_tid_y() alwaysinline {
  %v = call i32 @llvm.amdgcn.workitem.id.y()
  ret i32 %v
}
define internal i32 @__ptx_sreg_tid_z() alwaysinline {
  %v = call i32 @llvm.amdgcn.workitem.id.z()
  ret i32 %v
}
define internal i32 @__ptx_sreg_ctaid_x() alwaysinline {
  %v = call i32 @llvm.amdgcn.workgroup.id.x()
  ret i32 %v
}
define internal i32 @__ptx_sreg_ctaid_y() alwaysinline {
  %v = call i32 @llvm.amdgcn.workgroup.id.y()
  ret i32 %v
}
define internal i32 @__ptx_sreg_ctaid_z() alwaysinline {
  %v = call i32 @llvm.amdgcn.workgroup.id.z()
  ret i32 %v
}

; hsa_kernel_dispatch_packet_t: workgroup_size_{x,y,z} are u16 at 4/6/8, grid_size_{x,y,z} u32 at
; 12/16/20 (in work-items), group_segment_size u32 at 24.
define internal i32 @__ptx_dispatch_u16(i64 %offset) alwaysinline {
  %d = call ptr addrspace(4) @llvm.amdgcn.dispatch.ptr()
  %p = getelementptr i8, ptr addrspace(4) %d, i64 %offset
  %v = load i16, ptr addrspace(4) %p, align 2
  %w = zext i16 %v to i32
  ret i32 %w
}
define internal i32 @__ptx_dispatch_u32(i64 %offset) alwaysinline {
  %d = call ptr addrspace(4) @llvm.amdgcn.dispatch.ptr()
  %p = getelementptr i8, ptr addrspace(4) %d, i64 %offset
  %v = load i32, ptr addrspace(4) %p, align 4
  ret i32 %v
}
define internal i32 @__ptx_sreg_ntid_x() alwaysinline {
  %v = call i32 @__ptx_dispatch_u16(i64 4)
  ret i32 %v
}
define internal i32 @__ptx_sreg_ntid_y() alwaysinline {
  %v = call i32 @__ptx_dispatch_u16(i64 6)
  ret i32 %v
}
define internal i32 @__ptx_sreg_ntid_z() alwaysinline {
  %v = call i32 @__ptx_dispatch_u16(i64 8)
  ret i32 %v
}
define internal i32 @__ptx_blocks(i64 %grid, i64 %block) alwaysinline {
  %g = call i32 @__ptx_dispatch_u32(i64 %grid)
  %b = call i32 @__ptx_dispatch_u16(i64 %block)
  %b1 = sub i32 %b, 1
  %s = add i32 %g, %b1
  %n = udiv i32 %s, %b
  ret i32 %n
}
define internal i32 @__ptx_sreg_nctaid_x() alwaysinline {
  %v = call i32 @__ptx_blocks(i64 12, i64 4)
  ret i32 %v
}
define internal i32 @__ptx_sreg_nctaid_y() alwaysinline {
  %v = call i32 @__ptx_blocks(i64 16, i64 6)
  ret i32 %v
}
define internal i32 @__ptx_sreg_nctaid_z() alwaysinline {
  %v = call i32 @__ptx_blocks(i64 20, i64 8)
  ret i32 %v
}

; Linear thread index in the block; %warpid is it / 32 (CUDA warps, the wavefront rule).
define internal i32 @__ptx_linear_tid() alwaysinline {
  %x = call i32 @llvm.amdgcn.workitem.id.x()
  %y = call i32 @llvm.amdgcn.workitem.id.y()
  %z = call i32 @llvm.amdgcn.workitem.id.z()
  %nx = call i32 @__ptx_sreg_ntid_x()
  %ny = call i32 @__ptx_sreg_ntid_y()
  %zy = mul i32 %z, %ny
  %yz = add i32 %zy, %y
  %r = mul i32 %yz, %nx
  %t = add i32 %r, %x
  ret i32 %t
}
define internal i32 @__ptx_sreg_warpid() alwaysinline {
  %t = call i32 @__ptx_linear_tid()
  %w = lshr i32 %t, 5
  ret i32 %w
}
define internal i32 @__ptx_sreg_nwarpid() alwaysinline {
  %nx = call i32 @__ptx_sreg_ntid_x()
  %ny = call i32 @__ptx_sreg_ntid_y()
  %nz = call i32 @__ptx_sreg_ntid_z()
  %xy = mul i32 %nx, %ny
  %n = mul i32 %xy, %nz
  %n31 = add i32 %n, 31
  %w = lshr i32 %n31, 5
  ret i32 %w
}
; The compute unit is not exposed portably across gfx9/gfx10/gfx11: every block reports unit 0
; of 1 — a valid %smid < %nsmid, never an out-of-range index.
define internal i32 @__ptx_sreg_smid() alwaysinline {
  ret i32 0
}
define internal i32 @__ptx_sreg_nsmid() alwaysinline {
  ret i32 1
}
define internal i64 @__ptx_sreg_gridid() alwaysinline {
  ret i64 0
}
define internal i32 @__ptx_sreg_lanemask_eq() alwaysinline {
  %l = call i32 @__ptx_sreg_laneid()
  %m = shl i32 1, %l
  ret i32 %m
}
define internal i32 @__ptx_sreg_lanemask_lt() alwaysinline {
  %l = call i32 @__ptx_sreg_laneid()
  %b = shl i32 1, %l
  %m = sub i32 %b, 1
  ret i32 %m
}
define internal i32 @__ptx_sreg_lanemask_le() alwaysinline {
  %l = call i32 @__ptx_sreg_laneid()
  %b = shl i32 2, %l
  %m = sub i32 %b, 1
  ret i32 %m
}
define internal i32 @__ptx_sreg_lanemask_gt() alwaysinline {
  %le = call i32 @__ptx_sreg_lanemask_le()
  %m = xor i32 %le, -1
  ret i32 %m
}
define internal i32 @__ptx_sreg_lanemask_ge() alwaysinline {
  %lt = call i32 @__ptx_sreg_lanemask_lt()
  %m = xor i32 %lt, -1
  ret i32 %m
}
define internal i64 @__ptx_sreg_clock64() alwaysinline {
  %c = call i64 @llvm.readcyclecounter()
  ret i64 %c
}
define internal i32 @__ptx_sreg_clock() alwaysinline {
  %c = call i64 @llvm.readcyclecounter()
  %t = trunc i64 %c to i32
  ret i32 %t
}
; s_memrealtime counts at a constant 100 MHz: ×10 gives nanoseconds.
define internal i64 @__ptx_sreg_globaltimer() alwaysinline {
  %c = call i64 @llvm.amdgcn.s.memrealtime()
  %ns = mul i64 %c, 10
  ret i64 %ns
}
define internal i32 @__ptx_sreg_total_smem_size() alwaysinline {
  %v = call i32 @__ptx_dispatch_u32(i64 24)
  ret i32 %v
}
define internal i32 @__ptx_sreg_dynamic_smem_size() alwaysinline {
  %all = call i32 @__ptx_dispatch_u32(i64 24)
  %static = call i32 @llvm.amdgcn.groupstaticsize()
  %v = sub i32 %all, %static
  ret i32 %v
}

; --- barriers, fences, misc -------------------------------------------------------------------

; bar.sync / barrier.sync: s_barrier between workgroup fences (as HIP's __syncthreads).
define internal void @__ptx_bar_sync(i32 %id, i32 %count) alwaysinline {
  fence syncscope("workgroup") release
  call void @llvm.amdgcn.s.barrier()
  fence syncscope("workgroup") acquire
  ret void
}
; bar.warp.sync: a wavefront is in lockstep; wait for the whole wavefront (both CUDA warps on
; wave64, a superset of CUDA's wait) with memory ordering among its lanes.
define internal void @__ptx_bar_warp_sync(i32 %mask) alwaysinline {
  fence syncscope("wavefront") release
  call void @llvm.amdgcn.wave.barrier()
  fence syncscope("wavefront") acquire
  ret void
}

; bar.red.popc: count in one LDS word. Barrier (earlier readers done), thread 0 clears, barrier,
; every thread adds its predicate, barrier, everyone reads.
@__ptx_bar_red_count = internal addrspace(3) global i32 undef, align 4
define internal i32 @__ptx_bar_red_popc(i32 %id, i1 %p) alwaysinline {
entry:
  call void @__ptx_bar_sync(i32 %id, i32 0)
  %t = call i32 @__ptx_linear_tid()
  %first = icmp eq i32 %t, 0
  br i1 %first, label %clear, label %add
clear:
  store i32 0, ptr addrspace(3) @__ptx_bar_red_count, align 4
  br label %add
add:
  call void @__ptx_bar_sync(i32 %id, i32 0)
  %one = zext i1 %p to i32
  %old = atomicrmw add ptr addrspace(3) @__ptx_bar_red_count, i32 %one syncscope("workgroup") monotonic
  call void @__ptx_bar_sync(i32 %id, i32 0)
  %n = load i32, ptr addrspace(3) @__ptx_bar_red_count, align 4
  ret i32 %n
}
define internal i1 @__ptx_bar_red_and(i32 %id, i1 %p) alwaysinline {
  %np = xor i1 %p, true
  %n = call i32 @__ptx_bar_red_popc(i32 %id, i1 %np)
  %r = icmp eq i32 %n, 0
  ret i1 %r
}
define internal i1 @__ptx_bar_red_or(i32 %id, i1 %p) alwaysinline {
  %n = call i32 @__ptx_bar_red_popc(i32 %id, i1 %p)
  %r = icmp ne i32 %n, 0
  ret i1 %r
}

; nanosleep t: PTX allows any delay in [0, 2t]; s_sleep 1 is about 64 clocks (≥ 30 ns).
define internal void @__ptx_nanosleep(i32 %t) alwaysinline {
entry:
  %long = icmp uge i32 %t, 100
  br i1 %long, label %sleep, label %done
sleep:
  call void @llvm.amdgcn.s.sleep(i32 1)
  br label %done
done:
  ret void
}
define internal void @__ptx_exit() alwaysinline {
  call void @llvm.amdgcn.endpgm()
  unreachable
}

; isspacep: constant data lives in global memory on AMDGPU, so .const is never told apart.
define internal i1 @__ptx_isspacep_shared(ptr %p) alwaysinline {
  %r = call i1 @llvm.amdgcn.is.shared(ptr %p)
  ret i1 %r
}
define internal i1 @__ptx_isspacep_local(ptr %p) alwaysinline {
  %r = call i1 @llvm.amdgcn.is.private(ptr %p)
  ret i1 %r
}
define internal i1 @__ptx_isspacep_global(ptr %p) alwaysinline {
  %s = call i1 @llvm.amdgcn.is.shared(ptr %p)
  %l = call i1 @llvm.amdgcn.is.private(ptr %p)
  %either = or i1 %s, %l
  %r = xor i1 %either, true
  ret i1 %r
}
define internal i1 @__ptx_isspacep_const(ptr %p) alwaysinline {
  ret i1 false
}

; --- warp operations (the lane functions come from the wave-size file) ------------------------

; Value `v` of lane `src` of the caller's CUDA warp (ds_bpermute addresses wavefront lanes × 4).
define internal i32 @__ptx_read_lane(i32 %v, i32 %src) alwaysinline {
  %base = call i32 @__ptx_warp_base()
  %lane = add i32 %base, %src
  %addr = shl i32 %lane, 2
  %r = call i32 @llvm.amdgcn.ds.bpermute(i32 %addr, i32 %v)
  ret i32 %r
}

; shfl.sync: PTX's lane computation (c[4:0] clamp, c[12:8] segment mask); pval false → own value.
define internal { i32, i1 } @__ptx_shfl(i32 %mode, i32 %a, i32 %b, i32 %c) alwaysinline {
  %lane = call i32 @__ptx_sreg_laneid()
  %bval = and i32 %b, 31
  %cval = and i32 %c, 31
  %seg0 = lshr i32 %c, 8
  %seg = and i32 %seg0, 31
  %nseg = xor i32 %seg, 31
  %lane_seg = and i32 %lane, %seg
  %c_nseg = and i32 %cval, %nseg
  %max = or i32 %lane_seg, %c_nseg
  %up_j = sub i32 %lane, %bval
  %down_j = add i32 %lane, %bval
  %bfly_j = xor i32 %lane, %bval
  %b_nseg = and i32 %bval, %nseg
  %idx_j = or i32 %lane_seg, %b_nseg
  %is_up = icmp eq i32 %mode, 0
  %is_down = icmp eq i32 %mode, 1
  %is_bfly = icmp eq i32 %mode, 2
  %j1 = select i1 %is_bfly, i32 %bfly_j, i32 %idx_j
  %j2 = select i1 %is_down, i32 %down_j, i32 %j1
  %j = select i1 %is_up, i32 %up_j, i32 %j2
  %up_ok = icmp sge i32 %j, %max
  %other_ok = icmp sle i32 %j, %max
  %ok = select i1 %is_up, i1 %up_ok, i1 %other_ok
  %src = select i1 %ok, i32 %j, i32 %lane
  %v = call i32 @__ptx_read_lane(i32 %a, i32 %src)
  %r0 = insertvalue { i32, i1 } undef, i32 %v, 0
  %r = insertvalue { i32, i1 } %r0, i1 %ok, 1
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_shfl_up(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @__ptx_shfl(i32 0, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_shfl_down(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @__ptx_shfl(i32 1, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_shfl_bfly(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @__ptx_shfl(i32 2, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_shfl_idx(i32 %a, i32 %b, i32 %c, i32 %mask) alwaysinline {
  %r = call { i32, i1 } @__ptx_shfl(i32 3, i32 %a, i32 %b, i32 %c)
  ret { i32, i1 } %r
}

define internal i32 @__ptx_activemask() alwaysinline {
  %b = call i32 @__ptx_warp_ballot(i1 true)
  ret i32 %b
}
define internal i32 @__ptx_vote_ballot(i1 %p, i32 %mask) alwaysinline {
  %b = call i32 @__ptx_warp_ballot(i1 %p)
  %r = and i32 %b, %mask
  ret i32 %r
}
define internal i1 @__ptx_vote_any(i1 %p, i32 %mask) alwaysinline {
  %b = call i32 @__ptx_vote_ballot(i1 %p, i32 %mask)
  %r = icmp ne i32 %b, 0
  ret i1 %r
}
define internal i1 @__ptx_vote_all(i1 %p, i32 %mask) alwaysinline {
  %np = xor i1 %p, true
  %b = call i32 @__ptx_vote_ballot(i1 %np, i32 %mask)
  %r = icmp eq i32 %b, 0
  ret i1 %r
}
define internal i1 @__ptx_vote_uni(i1 %p, i32 %mask) alwaysinline {
  %all = call i1 @__ptx_vote_all(i1 %p, i32 %mask)
  %any = call i1 @__ptx_vote_any(i1 %p, i32 %mask)
  %none = xor i1 %any, true
  %r = or i1 %all, %none
  ret i1 %r
}

; match.any: lanes of the mask (and active) whose value equals the caller's.
define internal i32 @__ptx_match_any_b32(i32 %v, i32 %mask) alwaysinline {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc2, %loop ]
  %other = call i32 @__ptx_read_lane(i32 %v, i32 %i)
  %same = icmp eq i32 %other, %v
  %bit = shl i32 1, %i
  %with = or i32 %acc, %bit
  %acc2 = select i1 %same, i32 %with, i32 %acc
  %next = add i32 %i, 1
  %more = icmp ult i32 %next, 32
  br i1 %more, label %loop, label %done
done:
  %active = call i32 @__ptx_activemask()
  %m = and i32 %mask, %active
  %r = and i32 %acc2, %m
  ret i32 %r
}
define internal i32 @__ptx_match_any_b64(i64 %v, i32 %mask) alwaysinline {
  %lo = trunc i64 %v to i32
  %hi0 = lshr i64 %v, 32
  %hi = trunc i64 %hi0 to i32
  %a = call i32 @__ptx_match_any_b32(i32 %lo, i32 %mask)
  %b = call i32 @__ptx_match_any_b32(i32 %hi, i32 %mask)
  %r = and i32 %a, %b
  ret i32 %r
}
define internal { i32, i1 } @__ptx_match_all(i32 %same, i32 %mask) alwaysinline {
  %active = call i32 @__ptx_activemask()
  %m = and i32 %mask, %active
  %all = icmp eq i32 %same, %m
  %d = select i1 %all, i32 %m, i32 0
  %r0 = insertvalue { i32, i1 } undef, i32 %d, 0
  %r = insertvalue { i32, i1 } %r0, i1 %all, 1
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_match_all_b32(i32 %v, i32 %mask) alwaysinline {
  %s = call i32 @__ptx_match_any_b32(i32 %v, i32 %mask)
  %r = call { i32, i1 } @__ptx_match_all(i32 %s, i32 %mask)
  ret { i32, i1 } %r
}
define internal { i32, i1 } @__ptx_match_all_b64(i64 %v, i32 %mask) alwaysinline {
  %s = call i32 @__ptx_match_any_b64(i64 %v, i32 %mask)
  %r = call { i32, i1 } @__ptx_match_all(i32 %s, i32 %mask)
  ret { i32, i1 } %r
}

; redux.sync: op 0 add, 1 and, 2 or, 3 xor, 4 umin, 5 umax, 6 smin, 7 smax over the lanes of
; the mask that are active; every lane gets the result.
define internal i32 @__ptx_redux_op(i32 %op, i32 %a, i32 %b) alwaysinline {
  %add = add i32 %a, %b
  %and = and i32 %a, %b
  %or = or i32 %a, %b
  %xor = xor i32 %a, %b
  %ult = icmp ult i32 %a, %b
  %umin = select i1 %ult, i32 %a, i32 %b
  %umax = select i1 %ult, i32 %b, i32 %a
  %slt = icmp slt i32 %a, %b
  %smin = select i1 %slt, i32 %a, i32 %b
  %smax = select i1 %slt, i32 %b, i32 %a
  %is0 = icmp eq i32 %op, 0
  %is1 = icmp eq i32 %op, 1
  %is2 = icmp eq i32 %op, 2
  %is3 = icmp eq i32 %op, 3
  %is4 = icmp eq i32 %op, 4
  %is5 = icmp eq i32 %op, 5
  %is6 = icmp eq i32 %op, 6
  %s6 = select i1 %is6, i32 %smin, i32 %smax
  %s5 = select i1 %is5, i32 %umax, i32 %s6
  %s4 = select i1 %is4, i32 %umin, i32 %s5
  %s3 = select i1 %is3, i32 %xor, i32 %s4
  %s2 = select i1 %is2, i32 %or, i32 %s3
  %s1 = select i1 %is1, i32 %and, i32 %s2
  %s0 = select i1 %is0, i32 %add, i32 %s1
  ret i32 %s0
}
define internal i32 @__ptx_redux(i32 %op, i32 %v, i32 %mask) alwaysinline {
entry:
  %active = call i32 @__ptx_activemask()
  %live = and i32 %mask, %active
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc2, %loop ]
  %seen = phi i1 [ false, %entry ], [ %seen2, %loop ]
  %other = call i32 @__ptx_read_lane(i32 %v, i32 %i)
  %bit0 = lshr i32 %live, %i
  %bit = trunc i32 %bit0 to i1
  %combined = call i32 @__ptx_redux_op(i32 %op, i32 %acc, i32 %other)
  %first = select i1 %seen, i32 %combined, i32 %other
  %acc2 = select i1 %bit, i32 %first, i32 %acc
  %seen2 = or i1 %seen, %bit
  %next = add i32 %i, 1
  %more = icmp ult i32 %next, 32
  br i1 %more, label %loop, label %done
done:
  ret i32 %acc2
}

; --- approximate math ---------------------------------------------------------------------------

define internal float @__ptx_rcp_approx_f32(float %x) alwaysinline {
  %r = call float @llvm.amdgcn.rcp.f32(float %x)
  ret float %r
}
define internal float @__ptx_div_approx_f32(float %a, float %b) alwaysinline {
  %r = call float @llvm.amdgcn.rcp.f32(float %b)
  %q = fmul float %a, %r
  ret float %q
}
define internal float @__ptx_rsqrt_approx_f32(float %x) alwaysinline {
  %r = call float @llvm.amdgcn.rsq.f32(float %x)
  ret float %r
}
define internal double @__ptx_rsqrt_approx_f64(double %x) alwaysinline {
  %r = call double @llvm.amdgcn.rsq.f64(double %x)
  ret double %r
}
; rcp.approx.ftz.f64 / rsqrt.approx.ftz.f64 as NVIDIA's work: on the operand's high 32 bits (sign,
; exponent, 20 fraction bits; a subnormal is a signed zero), the result's low 32 bits zero.
define internal double @__ptx_high_word_ftz_f64(double %x) alwaysinline {
  %b = bitcast double %x to i64
  %high = and i64 %b, -4294967296
  %exponent = and i64 %b, 9218868437227405312
  %subnormal = icmp eq i64 %exponent, 0
  %sign = and i64 %b, -9223372036854775808
  %r = select i1 %subnormal, i64 %sign, i64 %high
  %d = bitcast i64 %r to double
  ret double %d
}
define internal double @__ptx_rcp_approx_ftz_f64(double %x) alwaysinline {
  %a = call double @__ptx_high_word_ftz_f64(double %x)
  %r = call double @llvm.amdgcn.rcp.f64(double %a)
  %d = call double @__ptx_high_word_ftz_f64(double %r)
  ret double %d
}
define internal double @__ptx_rsqrt_approx_ftz_f64(double %x) alwaysinline {
  %a = call double @__ptx_high_word_ftz_f64(double %x)
  %r = call double @llvm.amdgcn.rsq.f64(double %a)
  %d = call double @__ptx_high_word_ftz_f64(double %r)
  ret double %d
}
define internal float @__ptx_sqrt_approx_f32(float %x) alwaysinline {
  %r = call float @llvm.sqrt.f32(float %x)
  ret float %r
}
; ex2.approx: the hardware exp flushes subnormal results; scale by 2^64 around it.
define internal float @__ptx_ex2_approx_f32(float %x) alwaysinline {
  %small = fcmp olt float %x, -126.0
  %shifted = fadd float %x, 64.0
  %in = select i1 %small, float %shifted, float %x
  %e = call float @llvm.exp2.f32(float %in)
  %scaled = fmul float %e, 0x3BF0000000000000
  %r = select i1 %small, float %scaled, float %e
  ret float %r
}
; lg2.approx: subnormal inputs scaled by 2^64 first.
define internal float @__ptx_lg2_approx_f32(float %x) alwaysinline {
  %small = fcmp olt float %x, 0x3810000000000000
  %big = fmul float %x, 0x43F0000000000000
  %in = select i1 %small, float %big, float %x
  %l = call float @llvm.log2.f32(float %in)
  %fixed = fsub float %l, 64.0
  %r = select i1 %small, float %fixed, float %l
  ret float %r
}
define internal float @__ptx_sin_approx_f32(float %x) alwaysinline {
  %r = call float @llvm.sin.f32(float %x)
  ret float %r
}
define internal float @__ptx_cos_approx_f32(float %x) alwaysinline {
  %r = call float @llvm.cos.f32(float %x)
  ret float %r
}
define internal float @__ptx_tanh_approx_f32(float %x) alwaysinline {
  %r = call float @__ocml_tanh_f32(float %x)
  ret float %r
}

; --- correctly rounded square root --------------------------------------------------------------

; f64: OCML's square root (correctly rounded).
define internal double @__ptx_sqrt_rn_f64(double %x) alwaysinline {
  %r = call double @__ocml_sqrt_f64(double %x)
  ret double %r
}
; f32: v_sqrt_f32 is within 1 ulp; fix it with the exact midpoint tests (r ± ½ulp)² vs x in f64
; (a 25-bit midpoint squares exactly in 53 bits).
define internal float @__ptx_sqrt_rn_f32(float %x) alwaysinline {
  %r = call float @llvm.sqrt.f32(float %x)
  %xd = fpext float %x to double
  %rd = fpext float %r to double
  %up = call float @__ptx_next_f32(float %r, i1 true)
  %down = call float @__ptx_next_f32(float %r, i1 false)
  %upd = fpext float %up to double
  %downd = fpext float %down to double
  %hi_sum = fadd double %rd, %upd
  %hi = fmul double %hi_sum, 0.5
  %lo_sum = fadd double %rd, %downd
  %lo = fmul double %lo_sum, 0.5
  %hi2 = fmul double %hi, %hi
  %lo2 = fmul double %lo, %lo
  %above = fcmp ogt double %xd, %hi2
  %below = fcmp olt double %xd, %lo2
  %pos = fcmp ogt float %x, 0.0
  %fin = fcmp one float %x, 0x7FF0000000000000
  %normal = and i1 %pos, %fin
  %go_up = and i1 %normal, %above
  %go_down = and i1 %normal, %below
  %r1 = select i1 %go_up, float %up, float %r
  %r2 = select i1 %go_down, float %down, float %r1
  ret float %r2
}

; --- directed rounding (.rz/.rm/.rp: mode 1/2/3), exact ----------------------------------------
; Each operation computes the round-to-nearest result r and the sign of (exact − r) with an
; error-free transformation (TwoSum, fma residuals, f32 operations carried out exactly in f64);
; @__ptx_step_* then moves r one unit in the last place where the mode asks. LLVM's constrained
; intrinsics are not used: their rounding argument only states an assumption, it does not set
; the hardware mode.

; The next float above (up) or below (!up) x; NaN stays, ±inf stays in its own direction.
define internal float @__ptx_next_f32(float %x, i1 %up) alwaysinline {
  %neg = fneg float %x
  %v = select i1 %up, float %x, float %neg
  %b = bitcast float %v to i32
  %isnan = fcmp uno float %v, %v
  %pinf = fcmp oeq float %v, 0x7FF0000000000000
  %keep = or i1 %isnan, %pinf
  %mag = and i32 %b, 2147483647
  %zero = icmp eq i32 %mag, 0
  %positive = icmp sge i32 %b, 0
  %inc = add i32 %b, 1
  %dec = sub i32 %b, 1
  %n0 = select i1 %positive, i32 %inc, i32 %dec
  %n1 = select i1 %zero, i32 1, i32 %n0
  %n2 = select i1 %keep, i32 %b, i32 %n1
  %nf = bitcast i32 %n2 to float
  %nneg = fneg float %nf
  %r = select i1 %up, float %nf, float %nneg
  ret float %r
}
define internal double @__ptx_next_f64(double %x, i1 %up) alwaysinline {
  %neg = fneg double %x
  %v = select i1 %up, double %x, double %neg
  %b = bitcast double %v to i64
  %isnan = fcmp uno double %v, %v
  %pinf = fcmp oeq double %v, 0x7FF0000000000000
  %keep = or i1 %isnan, %pinf
  %mag = and i64 %b, 9223372036854775807
  %zero = icmp eq i64 %mag, 0
  %positive = icmp sge i64 %b, 0
  %inc = add i64 %b, 1
  %dec = sub i64 %b, 1
  %n0 = select i1 %positive, i64 %inc, i64 %dec
  %n1 = select i1 %zero, i64 1, i64 %n0
  %n2 = select i1 %keep, i64 %b, i64 %n1
  %nf = bitcast i64 %n2 to double
  %nneg = fneg double %nf
  %r = select i1 %up, double %nf, double %nneg
  ret double %r
}

; r rounded to nearest, cmp = sign(exact − r): the result in mode 1 (rz), 2 (rm), 3 (rp).
define internal float @__ptx_step_f32(float %r, i32 %cmp, i32 %mode) alwaysinline {
  %above_exact = icmp slt i32 %cmp, 0
  %below_exact = icmp sgt i32 %cmp, 0
  %rneg = fcmp olt float %r, 0.0
  %rpos = fcmp ogt float %r, 0.0
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %is_rp = icmp eq i32 %mode, 3
  %rz_down = and i1 %rpos, %above_exact
  %rz_up = and i1 %rneg, %below_exact
  %down_rz = and i1 %is_rz, %rz_down
  %down_rm = and i1 %is_rm, %above_exact
  %down = or i1 %down_rz, %down_rm
  %up_rz = and i1 %is_rz, %rz_up
  %up_rp = and i1 %is_rp, %below_exact
  %up = or i1 %up_rz, %up_rp
  %u = call float @__ptx_next_f32(float %r, i1 true)
  %d = call float @__ptx_next_f32(float %r, i1 false)
  %r1 = select i1 %up, float %u, float %r
  %r2 = select i1 %down, float %d, float %r1
  ret float %r2
}
define internal double @__ptx_step_f64(double %r, i32 %cmp, i32 %mode) alwaysinline {
  %above_exact = icmp slt i32 %cmp, 0
  %below_exact = icmp sgt i32 %cmp, 0
  %rneg = fcmp olt double %r, 0.0
  %rpos = fcmp ogt double %r, 0.0
  %is_rz = icmp eq i32 %mode, 1
  %is_rm = icmp eq i32 %mode, 2
  %is_rp = icmp eq i32 %mode, 3
  %rz_down = and i1 %rpos, %above_exact
  %rz_up = and i1 %rneg, %below_exact
  %down_rz = and i1 %is_rz, %rz_down
  %down_rm = and i1 %is_rm, %above_exact
  %down = or i1 %down_rz, %down_rm
  %up_rz = and i1 %is_rz, %rz_up
  %up_rp = and i1 %is_rp, %below_exact
  %up = or i1 %up_rz, %up_rp
  %u = call double @__ptx_next_f64(double %r, i1 true)
  %d = call double @__ptx_next_f64(double %r, i1 false)
  %r1 = select i1 %up, double %u, double %r
  %r2 = select i1 %down, double %d, double %r1
  ret double %r2
}
; sign(x): -1, 0 or 1 (0 for NaN).
define internal i32 @__ptx_sign_f64(double %x) alwaysinline {
  %pos = fcmp ogt double %x, 0.0
  %neg = fcmp olt double %x, 0.0
  %p = zext i1 %pos to i32
  %n = zext i1 %neg to i32
  %s = sub i32 %p, %n
  ret i32 %s
}

; The exact value s + e (s = the f64 rounding, e its exact error) rounded to f32 in `mode`.
define internal float @__ptx_f32_from_f64_dir(double %s, double %e, i32 %mode) alwaysinline {
  %r = fptrunc double %s to float
  %rd = fpext float %r to double
  %diff = fsub double %s, %rd
  %ds = call i32 @__ptx_sign_f64(double %diff)
  %es = call i32 @__ptx_sign_f64(double %e)
  %exact_here = icmp eq i32 %ds, 0
  %cmp = select i1 %exact_here, i32 %es, i32 %ds
  %v = call float @__ptx_step_f32(float %r, i32 %cmp, i32 %mode)
  ret float %v
}
; TwoSum's exact error of s = a + b.
define internal double @__ptx_two_sum_err(double %a, double %b, double %s) alwaysinline {
  %bb = fsub double %s, %a
  %ab = fsub double %s, %bb
  %ea = fsub double %a, %ab
  %eb = fsub double %b, %bb
  %e = fadd double %ea, %eb
  ret double %e
}
define internal float @__ptx_add_dir_f32(float %a, float %b, i32 %mode) alwaysinline {
  %da = fpext float %a to double
  %db = fpext float %b to double
  %s = fadd double %da, %db
  %e = call double @__ptx_two_sum_err(double %da, double %db, double %s)
  %r = call float @__ptx_f32_from_f64_dir(double %s, double %e, i32 %mode)
  ret float %r
}
; A product of two f32 is exact in f64.
define internal float @__ptx_mul_dir_f32(float %a, float %b, i32 %mode) alwaysinline {
  %da = fpext float %a to double
  %db = fpext float %b to double
  %p = fmul double %da, %db
  %r = call float @__ptx_f32_from_f64_dir(double %p, double 0.0, i32 %mode)
  ret float %r
}
define internal float @__ptx_fma_dir_f32(float %a, float %b, float %c, i32 %mode) alwaysinline {
  %da = fpext float %a to double
  %db = fpext float %b to double
  %dc = fpext float %c to double
  %p = fmul double %da, %db
  %s = fadd double %p, %dc
  %e = call double @__ptx_two_sum_err(double %p, double %dc, double %s)
  %r = call float @__ptx_f32_from_f64_dir(double %s, double %e, i32 %mode)
  ret float %r
}
; q = a/b rounded; the residual a − q·b (exact by fma) has the sign of (exact − q)·sign(b).
define internal float @__ptx_div_dir_f32(float %a, float %b, i32 %mode) alwaysinline {
  %da = fpext float %a to double
  %db = fpext float %b to double
  %q = fdiv double %da, %db
  %nq = fneg double %q
  %res = call double @llvm.fma.f64(double %nq, double %db, double %da)
  %e = fmul double %res, %db
  %r = call float @__ptx_f32_from_f64_dir(double %q, double %e, i32 %mode)
  ret float %r
}
; r = sqrt rounded to nearest; x − r² is exact in f64.
define internal float @__ptx_sqrt_dir_f32(float %x, i32 %mode) alwaysinline {
  %r = call float @__ptx_sqrt_rn_f32(float %x)
  %rd = fpext float %r to double
  %xd = fpext float %x to double
  %sq = fmul double %rd, %rd
  %res = fsub double %xd, %sq
  %cmp = call i32 @__ptx_sign_f64(double %res)
  %v = call float @__ptx_step_f32(float %r, i32 %cmp, i32 %mode)
  ret float %v
}
; f64 results: an overflow to ±inf from finite inputs lies beyond the largest finite value.
define internal i32 @__ptx_cmp_f64(double %r, double %e, i1 %finite_inputs) alwaysinline {
  %s = call i32 @__ptx_sign_f64(double %e)
  %abs = call double @llvm.fabs.f64(double %r)
  %inf = fcmp oeq double %abs, 0x7FF0000000000000
  %overflow = and i1 %inf, %finite_inputs
  %pos = fcmp ogt double %r, 0.0
  %ov = select i1 %pos, i32 -1, i32 1
  %c = select i1 %overflow, i32 %ov, i32 %s
  ret i32 %c
}
declare double @llvm.fabs.f64(double)
define internal i1 @__ptx_finite2(double %a, double %b) alwaysinline {
  %aa = call double @llvm.fabs.f64(double %a)
  %ab = call double @llvm.fabs.f64(double %b)
  %fa = fcmp olt double %aa, 0x7FF0000000000000
  %fb = fcmp olt double %ab, 0x7FF0000000000000
  %f = and i1 %fa, %fb
  ret i1 %f
}
define internal double @__ptx_add_dir_f64(double %a, double %b, i32 %mode) alwaysinline {
  %s = fadd double %a, %b
  %e = call double @__ptx_two_sum_err(double %a, double %b, double %s)
  %fin = call i1 @__ptx_finite2(double %a, double %b)
  %cmp = call i32 @__ptx_cmp_f64(double %s, double %e, i1 %fin)
  %r = call double @__ptx_step_f64(double %s, i32 %cmp, i32 %mode)
  ret double %r
}
define internal double @__ptx_mul_dir_f64(double %a, double %b, i32 %mode) alwaysinline {
  %p = fmul double %a, %b
  %np = fneg double %p
  %e = call double @llvm.fma.f64(double %a, double %b, double %np)
  %fin = call i1 @__ptx_finite2(double %a, double %b)
  %cmp = call i32 @__ptx_cmp_f64(double %p, double %e, i1 %fin)
  %r = call double @__ptx_step_f64(double %p, i32 %cmp, i32 %mode)
  ret double %r
}
define internal double @__ptx_div_dir_f64(double %a, double %b, i32 %mode) alwaysinline {
  %q = fdiv double %a, %b
  %nq = fneg double %q
  %res = call double @llvm.fma.f64(double %nq, double %b, double %a)
  %e = fmul double %res, %b
  %nz = fcmp one double %b, 0.0
  %fin0 = call i1 @__ptx_finite2(double %a, double %b)
  %fin = and i1 %fin0, %nz
  %cmp = call i32 @__ptx_cmp_f64(double %q, double %e, i1 %fin)
  %r = call double @__ptx_step_f64(double %q, i32 %cmp, i32 %mode)
  ret double %r
}
define internal double @__ptx_sqrt_dir_f64(double %x, i32 %mode) alwaysinline {
  %s = call double @__ocml_sqrt_f64(double %x)
  %ns = fneg double %s
  %res = call double @llvm.fma.f64(double %ns, double %s, double %x)
  %cmp = call i32 @__ptx_sign_f64(double %res)
  %r = call double @__ptx_step_f64(double %s, i32 %cmp, i32 %mode)
  ret double %r
}

; Conversions with directed rounding.
define internal float @__ptx_cvt_dir_f32_f64(double %x, i32 %mode) alwaysinline {
  %r = call float @__ptx_f32_from_f64_dir(double %x, double 0.0, i32 %mode)
  ret float %r
}
define internal float @__ptx_cvt_dir_f32_s32(i32 %x, i32 %mode) alwaysinline {
  %d = sitofp i32 %x to double
  %r = call float @__ptx_f32_from_f64_dir(double %d, double 0.0, i32 %mode)
  ret float %r
}
define internal float @__ptx_cvt_dir_f32_u32(i32 %x, i32 %mode) alwaysinline {
  %d = uitofp i32 %x to double
  %r = call float @__ptx_f32_from_f64_dir(double %d, double 0.0, i32 %mode)
  ret float %r
}
define internal double @__ptx_cvt_dir_f64_s32(i32 %x, i32 %mode) alwaysinline {
  %d = sitofp i32 %x to double
  ret double %d
}
define internal double @__ptx_cvt_dir_f64_u32(i32 %x, i32 %mode) alwaysinline {
  %d = uitofp i32 %x to double
  ret double %d
}
; 64-bit integers: compare the rounded value, converted back exactly, with the integer.
define internal float @__ptx_cvt_dir_f32_s64(i64 %x, i32 %mode) alwaysinline {
  %r = sitofp i64 %x to float
  %big = fcmp oge float %r, 0x43E0000000000000
  %back = fptosi float %r to i64
  %gt = icmp sgt i64 %x, %back
  %lt = icmp slt i64 %x, %back
  %g = zext i1 %gt to i32
  %l = zext i1 %lt to i32
  %c0 = sub i32 %g, %l
  %cmp = select i1 %big, i32 -1, i32 %c0
  %v = call float @__ptx_step_f32(float %r, i32 %cmp, i32 %mode)
  ret float %v
}
define internal float @__ptx_cvt_dir_f32_u64(i64 %x, i32 %mode) alwaysinline {
  %r = uitofp i64 %x to float
  %big = fcmp oge float %r, 0x43F0000000000000
  %back = fptoui float %r to i64
  %gt = icmp ugt i64 %x, %back
  %lt = icmp ult i64 %x, %back
  %g = zext i1 %gt to i32
  %l = zext i1 %lt to i32
  %c0 = sub i32 %g, %l
  %cmp = select i1 %big, i32 -1, i32 %c0
  %v = call float @__ptx_step_f32(float %r, i32 %cmp, i32 %mode)
  ret float %v
}
define internal double @__ptx_cvt_dir_f64_s64(i64 %x, i32 %mode) alwaysinline {
  %r = sitofp i64 %x to double
  %big = fcmp oge double %r, 0x43E0000000000000
  %back = fptosi double %r to i64
  %gt = icmp sgt i64 %x, %back
  %lt = icmp slt i64 %x, %back
  %g = zext i1 %gt to i32
  %l = zext i1 %lt to i32
  %c0 = sub i32 %g, %l
  %cmp = select i1 %big, i32 -1, i32 %c0
  %v = call double @__ptx_step_f64(double %r, i32 %cmp, i32 %mode)
  ret double %v
}
define internal double @__ptx_cvt_dir_f64_u64(i64 %x, i32 %mode) alwaysinline {
  %r = uitofp i64 %x to double
  %big = fcmp oge double %r, 0x43F0000000000000
  %back = fptoui double %r to i64
  %gt = icmp ugt i64 %x, %back
  %lt = icmp ult i64 %x, %back
  %g = zext i1 %gt to i32
  %l = zext i1 %lt to i32
  %c0 = sub i32 %g, %l
  %cmp = select i1 %big, i32 -1, i32 %c0
  %v = call double @__ptx_step_f64(double %r, i32 %cmp, i32 %mode)
  ret double %v
}

declare void @llvm.trap()
define internal void @__ptx_trap() alwaysinline {
  call void @llvm.trap()
  unreachable
}

; membar / fence.{sc,acq_rel}.{cta,gpu,sys}: sequentially consistent fences at each scope.
define internal void @__ptx_fence_cta() alwaysinline {
  fence syncscope("workgroup") seq_cst
  ret void
}
define internal void @__ptx_fence_gpu() alwaysinline {
  fence syncscope("agent") seq_cst
  ret void
}
define internal void @__ptx_fence_sys() alwaysinline {
  fence seq_cst
  ret void
}
