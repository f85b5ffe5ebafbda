//! cuRAND through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipRAND loopback, AMD's hipRAND NVIDIA backend on NVIDIA's
//! libcurand). Each generator, seeded and offset the same, fills device memory through the shim
//! (`cuda_as_hip::curand::sys` → hipRAND's numbering → hipRAND → cuRAND) and through NVIDIA's
//! libcurand called directly (`CUDA_AS_HIP_TEST_NVIDIA_CURAND`): the bits must be equal — the proof
//! of the generator-type, ordering and stream translations and of every argument's passage.

use cuda_as_hip::curand::sys::{self as rand, curandRngType_t as Rng, curandStatus_t as S};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::runtime_ok as ok;
use std::ffi::c_void;
use std::ptr::null_mut;

const N: usize = 1 << 16;

/// NVIDIA's libcurand.so.10, called directly (the comparison's other side).
struct Native {
    lib: libloading::Library,
}

type Create = unsafe extern "C" fn(*mut *mut c_void, u32) -> u32;
type Seed = unsafe extern "C" fn(*mut c_void, u64) -> u32;
type Fill = unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> u32;
type FillNormal = unsafe extern "C" fn(*mut c_void, *mut c_void, usize, f32, f32) -> u32;
type Destroy = unsafe extern "C" fn(*mut c_void) -> u32;

impl Native {
    fn open() -> Native {
        let lib = gpu_tests::nvidia_library("CURAND");
        Native { lib }
    }

    fn get<T: Copy>(&self, name: &str) -> T {
        // SAFETY: the caller names the function's C signature by `T`.
        unsafe {
            *self
                .lib
                .get::<T>(name.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }
    }

    /// `generate` of a generator of `rng` (cuRAND's number) seeded `seed`, into `out`.
    fn fill(&self, rng: u32, seed: u64, out: *mut c_void, generate: &Generate) {
        let mut g = null_mut();
        // SAFETY: cuRAND's documented calls on a valid device buffer of N elements.
        unsafe {
            assert_eq!(self.get::<Create>("curandCreateGenerator")(&mut g, rng), 0);
            assert_eq!(
                self.get::<Seed>("curandSetPseudoRandomGeneratorSeed")(g, seed),
                0
            );
            let r = match generate {
                Generate::Bits => self.get::<Fill>("curandGenerate")(g, out, N),
                Generate::Uniform => self.get::<Fill>("curandGenerateUniform")(g, out, N),
                Generate::Normal(m, s) => {
                    self.get::<FillNormal>("curandGenerateNormal")(g, out, N, *m, *s)
                }
            };
            assert_eq!(r, 0, "native {generate:?}");
            assert_eq!(self.get::<Destroy>("curandDestroyGenerator")(g), 0);
        }
    }
}

#[derive(Debug)]
enum Generate {
    Bits,
    Uniform,
    Normal(f32, f32),
}

#[track_caller]
fn ok_rand(r: S) {
    assert_eq!(
        r,
        S::CURAND_STATUS_SUCCESS,
        "cuRAND call through the shim failed"
    );
}

/// The same through the shim, on `stream`.
fn fill_shim(rng: Rng, seed: u64, out: *mut c_void, generate: &Generate, stream: cudaStream_t) {
    let mut g = null_mut();
    // SAFETY: cuRAND's documented calls on a valid device buffer of N elements.
    unsafe {
        ok_rand(rand::curandCreateGenerator(&mut g, rng));
        ok_rand(rand::curandSetStream(g, stream.cast())); // each sys module has its own stream type, as in cudarc
        ok_rand(rand::curandSetPseudoRandomGeneratorSeed(g, seed));
        ok_rand(match generate {
            Generate::Bits => rand::curandGenerate(g, out.cast(), N),
            Generate::Uniform => rand::curandGenerateUniform(g, out.cast(), N),
            Generate::Normal(m, s) => rand::curandGenerateNormal(g, out.cast(), N, *m, *s),
        });
        ok(cudaStreamSynchronize(stream));
        ok_rand(rand::curandDestroyGenerator(g));
    }
}

fn download(p: *mut c_void) -> Vec<u32> {
    let mut v = vec![0u32; N];
    // SAFETY: `p` holds N 32-bit values.
    ok(unsafe {
        cudaMemcpy(
            v.as_mut_ptr().cast(),
            p,
            N * 4,
            cudaMemcpyKind::cudaMemcpyDeviceToHost,
        )
    });
    v
}

#[test]
fn every_pseudo_generator_matches_nvidias_bit_for_bit() {
    ok(unsafe { cudaSetDevice(0) });
    let native = Native::open();
    let (mut a, mut b, mut stream) = (null_mut(), null_mut(), null_mut());
    ok(unsafe { cudaMalloc(&mut a, N * 4) });
    ok(unsafe { cudaMalloc(&mut b, N * 4) });
    ok(unsafe { cudaStreamCreate(&mut stream) });
    let generators = [
        Rng::CURAND_RNG_PSEUDO_XORWOW,
        Rng::CURAND_RNG_PSEUDO_MRG32K3A,
        Rng::CURAND_RNG_PSEUDO_MTGP32,
        Rng::CURAND_RNG_PSEUDO_PHILOX4_32_10,
    ];
    let mut compared = 0;
    for rng in generators {
        for generate in [
            Generate::Bits,
            Generate::Uniform,
            Generate::Normal(0.5, 2.0),
        ] {
            fill_shim(rng, 1234, a, &generate, stream);
            native.fill(rng as u32, 1234, b, &generate);
            ok(unsafe { cudaDeviceSynchronize() });
            let (shim, nvidia) = (download(a), download(b));
            assert!(
                shim.iter().any(|&x| x != 0),
                "{rng:?} {generate:?}: nothing written"
            );
            assert_eq!(
                shim, nvidia,
                "{rng:?} {generate:?}: the shim's numbers differ"
            );
            compared += 1;
        }
    }
    println!("{compared} generator × distribution pairs equal NVIDIA's, {N} values each");
    ok(unsafe { cudaStreamDestroy(stream) });
    for p in [a, b] {
        ok(unsafe { cudaFree(p) });
    }
}

#[test]
fn the_version_is_curands_and_errors_are_curands_codes() {
    let mut v = 0;
    ok_rand(unsafe { rand::curandGetVersion(&mut v) });
    assert_eq!(v, 10310);
    let mut g = null_mut();
    // An rng type cuRAND lacks: refused before hipRAND.
    let r = unsafe { cuda_as_hip::raw::curandCreateGenerator(&mut g, 12345) };
    assert_eq!(r, S::CURAND_STATUS_OUT_OF_RANGE);
}
