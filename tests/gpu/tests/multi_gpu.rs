//! Two devices: enumeration and attributes, a primary context per device, switching the current
//! context, peer access, peer copies with correct data, and a kernel running on each device at once.
//! These need two GPUs: scripts/gpu-suite.sh runs them only where `nvidia-smi` lists two or more,
//! and says in its table that it skipped them otherwise.

use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context_on, download, function, launch, module, ok, params, stream};
use std::ffi::c_char;
use std::ptr::null_mut;

const N: usize = 1 << 20;
const FILL: &str = r#"
extern "C" __global__ void fill(unsigned* x, unsigned seed, int n, int rounds) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned v = seed ^ i;
    for (int r = 0; r < rounds; r++) v = v * 1664525u + 1013904223u;
    x[i] = v;
}
"#;

fn expected(seed: u32, rounds: u32) -> Vec<u32> {
    (0..N as u32)
        .map(|i| {
            (0..rounds).fold(seed ^ i, |v, _| {
                v.wrapping_mul(1664525).wrapping_add(1013904223)
            })
        })
        .collect()
}

/// The primary contexts of devices 0 and 1 (device 1's current on return).
fn two_contexts() -> [CUcontext; 2] {
    ok(unsafe { cuInit(0) });
    let mut count = 0;
    ok(unsafe { cuDeviceGetCount(&mut count) });
    assert!(
        count >= 2,
        "these tests need two devices; this machine has {count}"
    );
    [context_on(0).1, context_on(1).1]
}

fn current_device() -> CUdevice {
    let mut dev = -1;
    ok(unsafe { cuCtxGetDevice(&mut dev) });
    dev
}

#[test]
fn both_devices_enumerated_with_their_attributes() {
    let _ = two_contexts();
    let attr = |a: CUdevice_attribute, dev| {
        let mut v = -1;
        ok(unsafe { cuDeviceGetAttribute(&mut v, a, dev) });
        v
    };
    let mut buses = Vec::new();
    for dev in 0..2 {
        let mut name = [0 as c_char; 256];
        ok(unsafe { cuDeviceGetName(name.as_mut_ptr(), 256, dev) });
        let mut mem = 0;
        ok(unsafe { cuDeviceTotalMem_v2(&mut mem, dev) });
        let sms = attr(
            CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
            dev,
        );
        // The PCI address as text (domain:bus:device.function): the bus alone was 0 for both
        // GPUs of a virtual machine, and HIP 5.2 has no PCI-domain attribute.
        let mut pci = [0 as c_char; 64];
        ok(unsafe { cuDeviceGetPCIBusId(pci.as_mut_ptr(), 64, dev) });
        let bus = unsafe { std::ffi::CStr::from_ptr(pci.as_ptr()) }
            .to_string_lossy()
            .into_owned();
        let name = unsafe { std::ffi::CStr::from_ptr(name.as_ptr()) }
            .to_string_lossy()
            .into_owned();
        println!(
            "device {dev}: {name}, {} GiB, {sms} SMs, PCI {bus}",
            mem >> 30
        );
        assert!(!name.is_empty() && mem > 1 << 30 && sms > 0 && !bus.is_empty());
        buses.push(bus);
    }
    assert_ne!(buses[0], buses[1], "two devices, two PCI addresses");
}

#[test]
fn a_primary_context_per_device_and_switching() {
    let [c0, c1] = two_contexts();
    assert_ne!(c0, c1);
    for (ctx, dev) in [(c0, 0), (c1, 1), (c0, 0)] {
        ok(unsafe { cuCtxSetCurrent(ctx) });
        assert_eq!(current_device(), dev);
        let d = alloc::<u32>(16);
        let mut owner = null_mut();
        let attr = CUpointer_attribute::CU_POINTER_ATTRIBUTE_CONTEXT;
        ok(unsafe { cuPointerGetAttribute((&mut owner as *mut CUcontext).cast(), attr, d) });
        assert_eq!(owner, ctx, "memory belongs to the current context");
        ok(unsafe { cuMemFree_v2(d) });
    }
}

#[test]
fn peer_access_and_peer_copies() {
    let [c0, c1] = two_contexts();
    let mut can = -1;
    ok(unsafe { cuDeviceCanAccessPeer(&mut can, 0, 1) });
    println!("device 0 can access device 1: {can}");
    ok(unsafe { cuCtxSetCurrent(c0) });
    let src: Vec<u32> = (0..N as u32).map(|i| i.wrapping_mul(2654435761)).collect();
    let d0 = alloc::<u32>(N);
    ok(unsafe { cuMemcpyHtoD_v2(d0, src.as_ptr().cast(), N * 4) });
    if can == 1 {
        ok(unsafe { cuCtxEnablePeerAccess(c1, 0) });
        let again = unsafe { cuCtxEnablePeerAccess(c1, 0) };
        assert_eq!(again, CUresult::CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED);
    }
    ok(unsafe { cuCtxSetCurrent(c1) });
    let (d1, d1b, s1) = (alloc::<u32>(N), alloc::<u32>(N), stream());
    ok(unsafe { cuMemcpyPeer(d1, c1, d0, c0, N * 4) });
    assert!(download::<u32>(d1, N) == src, "cuMemcpyPeer 0 → 1");
    ok(unsafe { cuMemcpyPeerAsync(d1b, c1, d0, c0, N * 4, s1) });
    ok(unsafe { cuStreamSynchronize(s1) });
    assert!(download::<u32>(d1b, N) == src, "cuMemcpyPeerAsync 0 → 1");
    // And back, into device 0, from device 1's context.
    ok(unsafe { cuMemsetD32_v2(d1b, 0x5A5A_5A5A, N) });
    ok(unsafe { cuMemcpyPeer(d0, c0, d1b, c1, N * 4) });
    ok(unsafe { cuCtxSetCurrent(c0) });
    assert!(
        download::<u32>(d0, N).iter().all(|&v| v == 0x5A5A_5A5A),
        "cuMemcpyPeer 1 → 0"
    );
    if can == 1 {
        ok(unsafe { cuCtxDisablePeerAccess(c1) });
    }
    ok(unsafe { cuMemFree_v2(d0) });
    ok(unsafe { cuCtxSetCurrent(c1) });
    ok(unsafe { cuStreamDestroy_v2(s1) });
    for d in [d1, d1b] {
        ok(unsafe { cuMemFree_v2(d) });
    }
}

#[test]
fn a_kernel_on_each_device_at_once() {
    let ctxs = two_contexts();
    let rounds = 20_000;
    // Launch on both before waiting on either.
    let work: Vec<_> = ctxs
        .iter()
        .enumerate()
        .map(|(dev, &ctx)| {
            ok(unsafe { cuCtxSetCurrent(ctx) });
            let f = function(module(FILL), c"fill");
            let (d, s) = (alloc::<u32>(N), stream());
            let (mut dd, mut seed, mut n, mut r) = (d, 17 + dev as u32, N as i32, rounds);
            launch(f, (N / 256) as u32, 256, s, &mut params![dd, seed, n, r]);
            (ctx, d, s, seed)
        })
        .collect();
    let mut busy = 0;
    for &(ctx, _, s, _) in &work {
        ok(unsafe { cuCtxSetCurrent(ctx) });
        busy += (unsafe { cuStreamQuery(s) } == CUresult::CUDA_ERROR_NOT_READY) as usize;
    }
    println!("streams still running when both were launched: {busy} of 2");
    for (ctx, d, s, seed) in work {
        ok(unsafe { cuCtxSetCurrent(ctx) });
        ok(unsafe { cuStreamSynchronize(s) });
        assert!(
            download::<u32>(d, N) == expected(seed, rounds as u32),
            "device {}",
            current_device()
        );
        ok(unsafe { cuStreamDestroy_v2(s) });
        ok(unsafe { cuMemFree_v2(d) });
    }
}
