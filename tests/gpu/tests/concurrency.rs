//! 32 threads sharing one context, 50 rounds: each thread loads its own module from a shared image
//! (racing the others' loads and unloads), launches on its own stream, records and waits on events,
//! copies in and out, and checks its own result.

use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context, download, function, image, launch, load, ok, params, stream};
use std::ptr::null_mut;
use std::sync::Barrier;

const THREADS: usize = 32;
const ROUNDS: usize = 50;
const N: usize = 1 << 14;
const AXPB: &str = r#"
extern "C" __global__ void axpb(unsigned* x, unsigned a, unsigned b, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = x[i] * a + b;
}
"#;

/// One thread's round: its module, stream, events and buffer; the result checked.
fn round(ctx: CUcontext, image: &[u8], t: u32, start: &Barrier) {
    ok(unsafe { cuCtxSetCurrent(ctx) });
    start.wait();
    let m = load(image);
    let f = function(m, c"axpb");
    let (d, s) = (alloc::<u32>(N), stream());
    let input: Vec<u32> = (0..N as u32).map(|i| i ^ t).collect();
    ok(unsafe { cuMemcpyHtoDAsync_v2(d, input.as_ptr().cast(), N * 4, s) });
    let (mut before, mut after) = (null_mut(), null_mut());
    ok(unsafe { cuEventCreate(&mut before, 0) });
    ok(unsafe { cuEventCreate(&mut after, 0) });
    ok(unsafe { cuEventRecord(before, s) });
    let (mut dd, mut a, mut b, mut n) = (d, t + 3, 7 * t, N as i32);
    launch(f, (N / 128) as u32, 128, s, &mut params![dd, a, b, n]);
    ok(unsafe { cuEventRecord(after, s) });
    ok(unsafe { cuEventSynchronize(after) });
    let mut ms = -1.0f32;
    ok(unsafe { cuEventElapsedTime(&mut ms, before, after) });
    assert!(ms >= 0.0, "{ms} ms");
    let got = download::<u32>(d, N);
    let want: Vec<u32> = input
        .iter()
        .map(|x| x.wrapping_mul(t + 3).wrapping_add(7 * t))
        .collect();
    assert!(got == want, "thread {t}: wrong result");
    for e in [before, after] {
        ok(unsafe { cuEventDestroy_v2(e) });
    }
    ok(unsafe { cuStreamDestroy_v2(s) });
    ok(unsafe { cuMemFree_v2(d) });
    ok(unsafe { cuModuleUnload(m) });
}

#[test]
fn thirty_two_threads_share_a_context_fifty_rounds() {
    let (_, ctx) = context();
    let image = image(AXPB);
    // CUcontext is a raw pointer: handed to the threads as an address.
    let ctx_addr = ctx as usize;
    for _ in 0..ROUNDS {
        let start = Barrier::new(THREADS);
        std::thread::scope(|scope| {
            for t in 0..THREADS as u32 {
                let (image, start) = (&image, &start);
                scope.spawn(move || round(ctx_addr as CUcontext, image, t, start));
            }
        });
    }
    ok(unsafe { cuCtxSynchronize() });
}
