//! cuFFT through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipFFT loopback, AMD's hipFFT NVIDIA backend on NVIDIA's
//! libcufft). Each transform runs through the shim (`cuda_as_hip::cufft::sys`: plan numbers →
//! hipFFT's plans → cuFFT) and through NVIDIA's libcufft called directly
//! (`CUDA_AS_HIP_TEST_NVIDIA_CUFFT`) on the same input: the bits must be equal — the proof of the
//! plan-number table, the type translation and every argument's passage — and a transform of a unit
//! impulse must give CUDA's answer (all ones), so the comparison is not of two wrong results.

use cuda_as_hip::cufft::sys::{self as fft, cufftResult as R, cufftType as T};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::runtime_ok as ok;
use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

/// NVIDIA's libcufft, called directly (the comparison's other side).
struct Native {
    lib: libloading::Library,
}

type Plan1d = unsafe extern "C" fn(*mut c_int, c_int, u32, c_int) -> u32;
type Plan2d = unsafe extern "C" fn(*mut c_int, c_int, c_int, u32) -> u32;
type Exec = unsafe extern "C" fn(c_int, *mut c_void, *mut c_void, c_int) -> u32;
type ExecReal = unsafe extern "C" fn(c_int, *mut c_void, *mut c_void) -> u32;
type Destroy = unsafe extern "C" fn(c_int) -> u32;

impl Native {
    fn open() -> Native {
        let lib = gpu_tests::nvidia_library("CUFFT");
        Native { lib }
    }

    fn get<F: Copy>(&self, name: &str) -> F {
        // SAFETY: the caller names the function's C signature by `F`.
        unsafe {
            *self
                .lib
                .get::<F>(name.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }
    }

    /// `transform` of NVIDIA's plan `plan`, which is destroyed after.
    fn run(&self, made: u32, plan: c_int, transform: &Transform, (i, o): Buffers) {
        assert_eq!(made, 0, "native plan for {transform:?}");
        // SAFETY: cuFFT's documented calls on device buffers large enough for the transform.
        unsafe {
            let r = match transform.direction {
                Some(d) => self.get::<Exec>(transform.exec)(plan, i, o, d),
                None => self.get::<ExecReal>(transform.exec)(plan, i, o),
            };
            assert_eq!(r, 0, "native {transform:?}");
            assert_eq!(cudaDeviceSynchronize(), cudaError_t::cudaSuccess);
            assert_eq!(self.get::<Destroy>("cufftDestroy")(plan), 0);
        }
    }
}

type Buffers = (*mut c_void, *mut c_void);

/// One transform: its type, shape (1 or 2 dimensions, and a batch for 1), exec function and
/// direction (none for the real ones, whose direction is their type's).
#[derive(Debug)]
struct Transform {
    ty: T,
    dims: &'static [c_int],
    batch: c_int,
    exec: &'static str,
    direction: Option<c_int>,
}

const TRANSFORMS: [Transform; 6] = [
    Transform {
        ty: T::CUFFT_C2C,
        dims: &[1024],
        batch: 8,
        exec: "cufftExecC2C",
        direction: Some(-1),
    },
    Transform {
        ty: T::CUFFT_C2C,
        dims: &[96, 80],
        batch: 1,
        exec: "cufftExecC2C",
        direction: Some(1),
    },
    Transform {
        ty: T::CUFFT_R2C,
        dims: &[4096],
        batch: 3,
        exec: "cufftExecR2C",
        direction: None,
    },
    Transform {
        ty: T::CUFFT_C2R,
        dims: &[64, 48],
        batch: 1,
        exec: "cufftExecC2R",
        direction: None,
    },
    Transform {
        ty: T::CUFFT_Z2Z,
        dims: &[1000],
        batch: 2,
        exec: "cufftExecZ2Z",
        direction: Some(-1),
    },
    Transform {
        ty: T::CUFFT_D2Z,
        dims: &[30, 50],
        batch: 1,
        exec: "cufftExecD2Z",
        direction: None,
    },
];

/// Bytes each buffer holds: enough for any transform above, in or out of place.
const BYTES: usize = 1 << 20;

#[track_caller]
fn ok_fft(r: R) {
    assert_eq!(r, R::CUFFT_SUCCESS, "cuFFT call through the shim failed");
}

/// A plan for `t` through the shim (1D with its batch, or 2D), on `stream`.
fn plan_shim(t: &Transform, stream: cudaStream_t) -> fft::cufftHandle {
    let mut plan = -1;
    // SAFETY: valid out-pointers; the shapes are cuFFT's.
    unsafe {
        ok_fft(match t.dims {
            [n] => fft::cufftPlan1d(&mut plan, *n, t.ty, t.batch),
            [nx, ny] => fft::cufftPlan2d(&mut plan, *nx, *ny, t.ty),
            _ => unreachable!(),
        });
        ok_fft(fft::cufftSetStream(plan, stream.cast()));
    }
    assert!(plan > 0, "a plan number of ours");
    plan
}

/// `t` through the shim on plan `plan`, which is destroyed after.
fn run_shim(plan: fft::cufftHandle, t: &Transform, (i, o): Buffers, stream: cudaStream_t) {
    // SAFETY: device buffers large enough for the transform.
    unsafe {
        ok_fft(match t.ty {
            T::CUFFT_C2C => fft::cufftExecC2C(plan, i.cast(), o.cast(), t.direction.unwrap()),
            T::CUFFT_R2C => fft::cufftExecR2C(plan, i.cast(), o.cast()),
            T::CUFFT_C2R => fft::cufftExecC2R(plan, i.cast(), o.cast()),
            T::CUFFT_Z2Z => fft::cufftExecZ2Z(plan, i.cast(), o.cast(), t.direction.unwrap()),
            T::CUFFT_D2Z => fft::cufftExecD2Z(plan, i.cast(), o.cast()),
            T::CUFFT_Z2D => fft::cufftExecZ2D(plan, i.cast(), o.cast()),
        });
        ok(cudaStreamSynchronize(stream));
        ok_fft(fft::cufftDestroy(plan));
        assert_eq!(
            fft::cufftDestroy(plan),
            R::CUFFT_INVALID_PLAN,
            "a destroyed plan's number"
        );
    }
}

fn upload(d: *mut c_void, bytes: &[u8]) {
    let kind = cudaMemcpyKind::cudaMemcpyHostToDevice;
    ok(unsafe { cudaMemcpy(d, bytes.as_ptr().cast(), bytes.len(), kind) });
}

fn download(d: *mut c_void) -> Vec<u8> {
    let mut v = vec![0u8; BYTES];
    let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
    ok(unsafe { cudaMemcpy(v.as_mut_ptr().cast(), d, BYTES, kind) });
    v
}

/// Input values in [-1, 1) from a fixed sequence, as f32 or f64 bytes (the double transforms').
fn input(double: bool) -> Vec<u8> {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    };
    match double {
        true => (0..BYTES / 8).flat_map(|_| next().to_ne_bytes()).collect(),
        false => (0..BYTES / 4)
            .flat_map(|_| (next() as f32).to_ne_bytes())
            .collect(),
    }
}

#[test]
fn every_transform_matches_nvidias_bit_for_bit() {
    ok(unsafe { cudaSetDevice(0) });
    let native = Native::open();
    let (mut i, mut a, mut b, mut stream) = (null_mut(), null_mut(), null_mut(), null_mut());
    for p in [&mut i, &mut a, &mut b] {
        ok(unsafe { cudaMalloc(p, BYTES) });
    }
    ok(unsafe { cudaStreamCreate(&mut stream) });
    for t in &TRANSFORMS {
        let double = matches!(t.ty, T::CUFFT_Z2Z | T::CUFFT_D2Z | T::CUFFT_Z2D);
        let data = input(double);
        upload(i, &data);
        for out in [a, b] {
            ok(unsafe { cudaMemset(out, 0, BYTES) });
        }
        run_shim(plan_shim(t, stream), t, (i, a), stream);
        // cuFFT's complex-to-real transforms overwrite their input, out of place too.
        upload(i, &data);
        let mut plan = -1;
        // SAFETY: valid out-pointers; the shapes are cuFFT's.
        let made = unsafe {
            match t.dims {
                [n] => native.get::<Plan1d>("cufftPlan1d")(&mut plan, *n, t.ty as u32, t.batch),
                [nx, ny] => native.get::<Plan2d>("cufftPlan2d")(&mut plan, *nx, *ny, t.ty as u32),
                _ => unreachable!(),
            }
        };
        native.run(made, plan, t, (i, b));
        let (shim, nvidia) = (download(a), download(b));
        assert!(shim.iter().any(|&x| x != 0), "{t:?}: nothing written");
        assert!(
            shim == nvidia,
            "{t:?}: the shim's transform differs from NVIDIA's"
        );
        println!("{t:?}: equal to NVIDIA's");
    }
    ok(unsafe { cudaStreamDestroy(stream) });
    for p in [i, a, b] {
        ok(unsafe { cudaFree(p) });
    }
}

/// A forward transform of a unit impulse is all ones: the transform's meaning, not only its
/// agreement with NVIDIA's.
#[test]
fn an_impulse_transforms_to_all_ones() {
    const N: usize = 512;
    ok(unsafe { cudaSetDevice(0) });
    let (mut d, mut plan, mut size) = (null_mut(), -1, 0usize);
    ok(unsafe { cudaMalloc(&mut d, N * 8) });
    let mut impulse = vec![0f32; 2 * N];
    impulse[0] = 1.0;
    let bytes: Vec<u8> = impulse.iter().flat_map(|x| x.to_ne_bytes()).collect();
    upload(d, &bytes);
    // SAFETY: a plan made in two steps, as cudarc's safe layer does; in place on N complexes.
    unsafe {
        ok_fft(fft::cufftCreate(&mut plan));
        ok_fft(fft::cufftMakePlan1d(
            plan,
            N as c_int,
            T::CUFFT_C2C,
            1,
            &mut size,
        ));
        ok_fft(fft::cufftExecC2C(
            plan,
            d.cast(),
            d.cast(),
            fft::CUFFT_FORWARD,
        ));
        ok(cudaDeviceSynchronize());
        ok_fft(fft::cufftDestroy(plan));
    }
    let mut out = vec![0f32; 2 * N];
    let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
    ok(unsafe { cudaMemcpy(out.as_mut_ptr().cast(), d, N * 8, kind) });
    for (k, c) in out.chunks(2).enumerate() {
        assert!(
            (c[0] - 1.0).abs() < 1e-6 && c[1].abs() < 1e-6,
            "bin {k}: {c:?}"
        );
    }
    ok(unsafe { cudaFree(d) });
}
