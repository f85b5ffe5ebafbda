//! A cudarc workload (launches and copies) timed end to end, for the GPU suite's benchmark: run
//! once against NVIDIA's driver and once through cuda-as-hip + the loopback; prints milliseconds.

use real_cudarc::driver::{CudaContext, LaunchConfig, PushKernelArg};
use real_cudarc::nvrtc::compile_ptx;
use std::time::Instant;

fn main() {
    let ctx = CudaContext::new(0).expect("context");
    let stream = ctx.default_stream();
    let ptx = compile_ptx("extern \"C\" __global__ void axpy(float a, const float* x, float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] += a * x[i]; }").expect("compile");
    let module = ctx.load_module(ptx).expect("module");
    let f = module.load_function("axpy").expect("function");
    let n = 1 << 20;
    let host = vec![1.0f32; n];
    let x = stream.clone_htod(&host).expect("htod");
    let mut y = stream.alloc_zeros::<f32>(n).expect("alloc");
    let mut back = vec![0.0f32; n];
    stream.synchronize().expect("sync");
    let start = Instant::now();
    for _ in 0..20 {
        for _ in 0..100 {
            let mut launch = stream.launch_builder(&f);
            let (a, count) = (0.5f32, n as i32);
            launch.arg(&a).arg(&x).arg(&mut y).arg(&count);
            unsafe { launch.launch(LaunchConfig::for_num_elems(n as u32)) }.expect("launch");
        }
        stream.memcpy_htod(&host, &mut y).expect("htod");
        stream.memcpy_dtoh(&y, &mut back).expect("dtoh");
    }
    stream.synchronize().expect("sync");
    println!("{:.3}", start.elapsed().as_secs_f64() * 1e3);
}
