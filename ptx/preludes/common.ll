; ---------------------------------------------------------------------------------------------
; cuda-as-hip PTX translator: the functions every target spells the same (both targets number
; the global space 1 and the shared space 3). Internal and always inlined, as the rest.
; ---------------------------------------------------------------------------------------------

; cp.async as a synchronous copy of `size` bytes (4, 8 or 16, the address aligned to it), those
; from `copied` on zero (PTX's zero fill for a src-size below the copy size).
define internal void @__ptx_cp_async(ptr addrspace(3) %dst, ptr addrspace(1) %src, i32 %size, i32 %copied) alwaysinline {
entry:
  %whole = icmp uge i32 %copied, %size
  br i1 %whole, label %words, label %bytes
words:
  switch i32 %size, label %w4 [ i32 8, label %w8
                                i32 16, label %w16 ]
w4:
  %a = load i32, ptr addrspace(1) %src, align 4
  store i32 %a, ptr addrspace(3) %dst, align 4
  ret void
w8:
  %b = load i64, ptr addrspace(1) %src, align 8
  store i64 %b, ptr addrspace(3) %dst, align 8
  ret void
w16:
  %c = load <4 x i32>, ptr addrspace(1) %src, align 16
  store <4 x i32> %c, ptr addrspace(3) %dst, align 16
  ret void
bytes:
  %k = phi i32 [ 0, %entry ], [ %next, %put ]
  %in = icmp ult i32 %k, %copied
  br i1 %in, label %get, label %put
get:
  %s = getelementptr i8, ptr addrspace(1) %src, i32 %k
  %byte = load i8, ptr addrspace(1) %s, align 1
  br label %put
put:
  %v = phi i8 [ %byte, %get ], [ 0, %bytes ]
  %d = getelementptr i8, ptr addrspace(3) %dst, i32 %k
  store i8 %v, ptr addrspace(3) %d, align 1
  %next = add i32 %k, 1
  %more = icmp ult i32 %next, %size
  br i1 %more, label %bytes, label %done
done:
  ret void
}

; mbarrier objects (64 bits in shared memory, opaque to programs): bits 0-30 the arrivals still
; pending in the current phase, bits 32-62 the arrivals each phase expects, bit 63 the phase's
; parity. A state token is the object as it was before an arrive. Accesses are relaxed atomics
; between the target's CTA-scope fences (arrive releases, a wait that sees completion acquires;
; LLVM 15's NVPTX selects no acquire / release atomics).
define internal void @__ptx_mbarrier_init(ptr addrspace(3) %b, i32 %count) alwaysinline {
  %c = zext i32 %count to i64
  %e = shl i64 %c, 32
  %v = or i64 %e, %c
  store atomic i64 %v, ptr addrspace(3) %b monotonic, align 8
  ret void
}

; `count` arrivals (`drop`: each also leaves the expected count of later phases); the last pending
; one completes the phase: parity flips, the pending count starts again from the expected.
define internal i64 @__ptx_mbarrier_arrive(ptr addrspace(3) %b, i32 %count, i1 %drop) alwaysinline {
entry:
  %n = zext i32 %count to i64
  call void @__ptx_fence_cta()
  %first = load atomic i64, ptr addrspace(3) %b monotonic, align 8
  br label %try
try:
  %old = phi i64 [ %first, %entry ], [ %seen, %try ]
  %pending = and i64 %old, 2147483647
  %above = lshr i64 %old, 32
  %expected = and i64 %above, 2147483647
  %parity = and i64 %old, -9223372036854775808
  %dropped = select i1 %drop, i64 %n, i64 0
  %expected.next = sub i64 %expected, %dropped
  %done = icmp ule i64 %pending, %n
  %left = sub i64 %pending, %n
  %flipped = xor i64 %parity, -9223372036854775808
  %parity.next = select i1 %done, i64 %flipped, i64 %parity
  %pending.next = select i1 %done, i64 %expected.next, i64 %left
  %expected.bits = shl i64 %expected.next, 32
  %high = or i64 %parity.next, %expected.bits
  %new = or i64 %high, %pending.next
  %pair = cmpxchg ptr addrspace(3) %b, i64 %old, i64 %new monotonic monotonic, align 8
  %seen = extractvalue { i64, i1 } %pair, 0
  %stored = extractvalue { i64, i1 } %pair, 1
  br i1 %stored, label %out, label %try
out:
  call void @__ptx_fence_cta()
  ret i64 %old
}

; Whether the phase of `state` (an arrive's token) has completed.
define internal i1 @__ptx_mbarrier_test_wait(ptr addrspace(3) %b, i64 %state) alwaysinline {
  %now = load atomic i64, ptr addrspace(3) %b monotonic, align 8
  call void @__ptx_fence_cta()
  %differ = xor i64 %now, %state
  %completed = icmp slt i64 %differ, 0
  ret i1 %completed
}

; Whether the phase of parity `parity` has completed (the current phase has the other parity).
define internal i1 @__ptx_mbarrier_test_wait_parity(ptr addrspace(3) %b, i32 %parity) alwaysinline {
  %now = load atomic i64, ptr addrspace(3) %b monotonic, align 8
  call void @__ptx_fence_cta()
  %bit = lshr i64 %now, 63
  %p = and i32 %parity, 1
  %p64 = zext i32 %p to i64
  %completed = icmp ne i64 %bit, %p64
  ret i1 %completed
}

define internal i32 @__ptx_mbarrier_pending_count(i64 %state) alwaysinline {
  %low = trunc i64 %state to i32
  %pending = and i32 %low, 2147483647
  ret i32 %pending
}
