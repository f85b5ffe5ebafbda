; CUDA's device library calls PTX makes — vprintf, malloc, free, __assertfail — on ROCm's device
; services: ockl's printf and device-memory functions (comgr links them with the device libraries;
; the HIP runtime serves them through the kernel's hostcall buffer), the calls HIP's own printf /
; malloc / free / assert make. Part of the AMDGPU prelude (both wave sizes); target-neutral IR, so
; ptx/tests/services.rs runs it on the host against a recording ockl.

declare i64 @__ockl_printf_begin(i64)
declare i64 @__ockl_printf_append_args(i64, i32, i64, i64, i64, i64, i64, i64, i64, i32)
declare i64 @__ockl_printf_append_string_n(i64, ptr, i64, i32)
declare i64 @__ockl_dm_alloc(i64)
declare void @__ockl_dm_dealloc(i64)
declare void @__ockl_grid_sync() convergent

define internal i64 @__ptx_malloc(i64 %size) alwaysinline {
  %p = call i64 @__ockl_dm_alloc(i64 %size)
  ret i64 %p
}
define internal void @__ptx_free(i64 %p) alwaysinline {
  call void @__ockl_dm_dealloc(i64 %p)
  ret void
}

; cudaCGGetIntrinsicHandle(scope) and cudaCGSynchronize(handle, flags): the handle is the scope;
; a grid's (cudaCGScopeGrid, 1) sync is ockl's grid barrier, which HIP's own grid_group::sync()
; calls and which needs a cooperative launch (cuLaunchCooperativeKernel), as CUDA's does. Other
; scopes (multi-grid, 2) answer cudaErrorInvalidValue (1) without waiting.
define internal i64 @__ptx_cg_handle(i32 %scope) alwaysinline {
  %h = zext i32 %scope to i64
  ret i64 %h
}
define internal i32 @__ptx_cg_synchronize(i64 %handle, i32 %flags) convergent alwaysinline {
entry:
  %grid = icmp eq i64 %handle, 1
  br i1 %grid, label %sync, label %other
sync:
  call void @__ockl_grid_sync()
  ret i32 0
other:
  ret i32 1
}

; vprintf(format, arguments): CUDA packs the arguments in a buffer, each aligned to its size, and
; only the format says which size each has. ockl's printf takes the format, then each argument
; in order (a value widened to 64 bits, or a %s argument's characters), the last one marked.
; Returns the number of arguments, -1 for a NULL format (as CUDA's).
define internal i32 @__ptx_vprintf(i64 %format, i64 %arguments) alwaysinline {
entry:
  %fmt = inttoptr i64 %format to ptr
  %args = inttoptr i64 %arguments to ptr
  %no.format = icmp eq i64 %format, 0
  br i1 %no.format, label %fail, label %count
fail:
  ret i32 -1
count:
  %c.state = phi i64 [ 0, %entry ], [ %c.next, %count.one ]
  %n = phi i32 [ 0, %entry ], [ %n1, %count.one ]
  %c.r = call i64 @__ptx_printf_next(ptr %fmt, i64 %c.state)
  %c.kind = and i64 %c.r, 7
  %c.end = icmp eq i64 %c.kind, 0
  br i1 %c.end, label %begin, label %count.one
count.one:
  %c.next = lshr i64 %c.r, 3
  %n1 = add i32 %n, 1
  br label %count
begin:
  %d0 = call i64 @__ockl_printf_begin(i64 0)
  %no.args = icmp eq i32 %n, 0
  %last0 = zext i1 %no.args to i32
  %d1 = call i64 @__ptx_printf_string(i64 %d0, i64 %format, i32 %last0)
  br i1 %no.args, label %done, label %argument
argument:
  %state = phi i64 [ 0, %begin ], [ %next, %appended ]
  %k = phi i32 [ 0, %begin ], [ %k1, %appended ]
  %offset = phi i64 [ 0, %begin ], [ %end, %appended ]
  %desc = phi i64 [ %d1, %begin ], [ %d2, %appended ]
  %r = call i64 @__ptx_printf_next(ptr %fmt, i64 %state)
  %next = lshr i64 %r, 3
  %kind = and i64 %r, 7
  %k1 = add i32 %k, 1
  %is.last = icmp eq i32 %k1, %n
  %last = zext i1 %is.last to i32
  %narrow = icmp eq i64 %kind, 1
  %size = select i1 %narrow, i64 4, i64 8
  %mask = sub i64 %size, 1
  %padded = add i64 %offset, %mask
  %align = xor i64 %mask, -1
  %at = and i64 %padded, %align
  %end = add i64 %at, %size
  %p = getelementptr i8, ptr %args, i64 %at
  br i1 %narrow, label %int32, label %wide
int32:
  %v32 = load i32, ptr %p, align 4
  %v32.64 = zext i32 %v32 to i64
  br label %value
wide:
  %v64 = load i64, ptr %p, align 8
  %is.string = icmp eq i64 %kind, 4
  br i1 %is.string, label %string, label %value
string:
  %d.s = call i64 @__ptx_printf_string(i64 %desc, i64 %v64, i32 %last)
  br label %appended
value:
  %v = phi i64 [ %v32.64, %int32 ], [ %v64, %wide ]
  %d.v = call i64 @__ockl_printf_append_args(i64 %desc, i32 1, i64 %v, i64 0, i64 0, i64 0, i64 0, i64 0, i64 0, i32 %last)
  br label %appended
appended:
  %d2 = phi i64 [ %d.s, %string ], [ %d.v, %value ]
  br i1 %is.last, label %done, label %argument
done:
  ret i32 %n
}

; __assertfail(message, file, line, function, char size): a failed `assert`. CUDA's message (file,
; line, function, block and thread, the assertion) through ockl's printf, then the kernel traps (the
; launch fails, as CUDA's does).
@__ptx_assert_format = private unnamed_addr addrspace(1) constant [73 x i8] c"%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\0A\00"
define internal void @__ptx_assertfail(i64 %message, i64 %file, i32 %line, i64 %function, i64 %char_size) alwaysinline {
  %format = addrspacecast ptr addrspace(1) @__ptx_assert_format to ptr
  %d0 = call i64 @__ockl_printf_begin(i64 0)
  %d1 = call i64 @__ockl_printf_append_string_n(i64 %d0, ptr %format, i64 73, i32 0)
  %d2 = call i64 @__ptx_printf_string(i64 %d1, i64 %file, i32 0)
  %line64 = zext i32 %line to i64
  %d3 = call i64 @__ockl_printf_append_args(i64 %d2, i32 1, i64 %line64, i64 0, i64 0, i64 0, i64 0, i64 0, i64 0, i32 0)
  %d4 = call i64 @__ptx_printf_string(i64 %d3, i64 %function, i32 0)
  %bx = call i32 @__ptx_sreg_ctaid_x()
  %by = call i32 @__ptx_sreg_ctaid_y()
  %bz = call i32 @__ptx_sreg_ctaid_z()
  %tx = call i32 @__ptx_sreg_tid_x()
  %ty = call i32 @__ptx_sreg_tid_y()
  %tz = call i32 @__ptx_sreg_tid_z()
  %bx64 = zext i32 %bx to i64
  %by64 = zext i32 %by to i64
  %bz64 = zext i32 %bz to i64
  %tx64 = zext i32 %tx to i64
  %ty64 = zext i32 %ty to i64
  %tz64 = zext i32 %tz to i64
  %d5 = call i64 @__ockl_printf_append_args(i64 %d4, i32 6, i64 %bx64, i64 %by64, i64 %bz64, i64 %tx64, i64 %ty64, i64 %tz64, i64 0, i32 0)
  %d6 = call i64 @__ptx_printf_string(i64 %d5, i64 %message, i32 1)
  call void @__ptx_trap()
  ret void
}

; A %s argument: the string's characters (with its NUL; none for NULL).
define internal i64 @__ptx_printf_string(i64 %desc, i64 %address, i32 %last) alwaysinline {
  %s = inttoptr i64 %address to ptr
  %length = call i64 @__ptx_printf_length(ptr %s)
  %d = call i64 @__ockl_printf_append_string_n(i64 %desc, ptr %s, i64 %length, i32 %last)
  ret i64 %d
}

; The length ockl's printf takes for a string: with its terminating NUL; 0 for NULL.
define internal i64 @__ptx_printf_length(ptr %s) alwaysinline {
entry:
  %null = icmp eq ptr %s, null
  br i1 %null, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %p = getelementptr i8, ptr %s, i64 %i
  %c = load i8, ptr %p, align 1
  %i1 = add i64 %i, 1
  %nul = icmp eq i8 %c, 0
  br i1 %nul, label %done, label %loop
done:
  %n = phi i64 [ 0, %entry ], [ %i1, %loop ]
  ret i64 %n
}

; The format's next argument from `state` (position << 2 | phase): returns (the state after it << 3)
; | its kind — 0 none (the end), 1 a 32-bit integer, 2 a 64-bit integer, 3 a double, 4 a string,
; 5 a pointer. A `*` width or precision is a 32-bit integer argument of its own: phase 1 resumes
; the conversion at its precision, phase 2 at its length modifier.
define internal i64 @__ptx_printf_next(ptr %fmt, i64 %state) alwaysinline {
entry:
  %start = lshr i64 %state, 2
  %phase = and i64 %state, 3
  switch i64 %phase, label %text [ i64 1, label %precision
                                   i64 2, label %modifier ]
text:
  %i.t = phi i64 [ %start, %entry ], [ %i.t1, %text.more ], [ %i.pp, %percent.sign ], [ %i.m1, %unknown ]
  %p.t = getelementptr i8, ptr %fmt, i64 %i.t
  %c.t = load i8, ptr %p.t, align 1
  %i.t1 = add i64 %i.t, 1
  switch i8 %c.t, label %text.more [ i8 0, label %end
                                     i8 37, label %percent ]
text.more:
  br label %text
percent:
  %p.pc = getelementptr i8, ptr %fmt, i64 %i.t1
  %c.pc = load i8, ptr %p.pc, align 1
  %is.percent = icmp eq i8 %c.pc, 37
  br i1 %is.percent, label %percent.sign, label %flags
percent.sign:
  %i.pp = add i64 %i.t1, 1
  br label %text
flags:
  %i.f = phi i64 [ %i.t1, %percent ], [ %i.f1, %flags.more ]
  %p.f = getelementptr i8, ptr %fmt, i64 %i.f
  %c.f = load i8, ptr %p.f, align 1
  %i.f1 = add i64 %i.f, 1
  switch i8 %c.f, label %width [ i8 45, label %flags.more
                                 i8 43, label %flags.more
                                 i8 32, label %flags.more
                                 i8 35, label %flags.more
                                 i8 48, label %flags.more
                                 i8 42, label %width.star ]
flags.more:
  br label %flags
width.star:
  %ws = shl i64 %i.f1, 5
  %ws.r = or i64 %ws, 9          ; phase 1, kind 1
  ret i64 %ws.r
width:
  %i.w = phi i64 [ %i.f, %flags ], [ %i.w1, %width.more ]
  %p.w = getelementptr i8, ptr %fmt, i64 %i.w
  %c.w = load i8, ptr %p.w, align 1
  %i.w1 = add i64 %i.w, 1
  %d.w = sub i8 %c.w, 48
  %digit.w = icmp ult i8 %d.w, 10
  br i1 %digit.w, label %width.more, label %precision
width.more:
  br label %width
precision:
  %i.p = phi i64 [ %start, %entry ], [ %i.w, %width ]
  %p.p = getelementptr i8, ptr %fmt, i64 %i.p
  %c.p = load i8, ptr %p.p, align 1
  %is.dot = icmp eq i8 %c.p, 46
  br i1 %is.dot, label %dot, label %modifier
dot:
  %i.d = add i64 %i.p, 1
  %p.d = getelementptr i8, ptr %fmt, i64 %i.d
  %c.d = load i8, ptr %p.d, align 1
  %is.star = icmp eq i8 %c.d, 42
  br i1 %is.star, label %precision.star, label %digits
precision.star:
  %i.ps = add i64 %i.d, 1
  %ps = shl i64 %i.ps, 5
  %ps.r = or i64 %ps, 17         ; phase 2, kind 1
  ret i64 %ps.r
digits:
  %i.g = phi i64 [ %i.d, %dot ], [ %i.g1, %digits.more ]
  %p.g = getelementptr i8, ptr %fmt, i64 %i.g
  %c.g = load i8, ptr %p.g, align 1
  %i.g1 = add i64 %i.g, 1
  %d.g = sub i8 %c.g, 48
  %digit.g = icmp ult i8 %d.g, 10
  br i1 %digit.g, label %digits.more, label %modifier
digits.more:
  br label %digits
modifier:
  %i.l = phi i64 [ %start, %entry ], [ %i.p, %precision ], [ %i.g, %digits ]
  br label %modifiers
modifiers:
  %i.m = phi i64 [ %i.l, %modifier ], [ %i.m1, %modifiers.more ]
  %wide = phi i1 [ false, %modifier ], [ %wide1, %modifiers.more ]
  %p.m = getelementptr i8, ptr %fmt, i64 %i.m
  %c.m = load i8, ptr %p.m, align 1
  %i.m1 = add i64 %i.m, 1
  switch i8 %c.m, label %unknown [ i8 104, label %short             ; h
                                   i8 108, label %long              ; l
                                   i8 76, label %long               ; L
                                   i8 113, label %long              ; q
                                   i8 106, label %long              ; j
                                   i8 122, label %long              ; z
                                   i8 116, label %long              ; t
                                   i8 100, label %integer           ; d
                                   i8 105, label %integer           ; i
                                   i8 117, label %integer           ; u
                                   i8 111, label %integer           ; o
                                   i8 120, label %integer           ; x
                                   i8 88, label %integer            ; X
                                   i8 99, label %integer            ; c
                                   i8 102, label %double            ; f
                                   i8 70, label %double             ; F
                                   i8 101, label %double            ; e
                                   i8 69, label %double             ; E
                                   i8 103, label %double            ; g
                                   i8 71, label %double             ; G
                                   i8 97, label %double             ; a
                                   i8 65, label %double             ; A
                                   i8 115, label %string            ; s
                                   i8 112, label %pointer           ; p
                                   i8 0, label %end ]
short:
  br label %modifiers.more
long:
  br label %modifiers.more
modifiers.more:
  %wide1 = phi i1 [ %wide, %short ], [ true, %long ]
  br label %modifiers
unknown:
  br label %text
integer:
  %int.kind = select i1 %wide, i64 2, i64 1
  br label %found
double:
  br label %found
string:
  br label %found
pointer:
  br label %found
found:
  %kind = phi i64 [ %int.kind, %integer ], [ 3, %double ], [ 4, %string ], [ 5, %pointer ]
  %after = shl i64 %i.m1, 5
  %r = or i64 %after, %kind
  ret i64 %r
end:
  ret i64 0
}
