//! An unmodified client of the real cudarc 0.19.10 (dynamic loading): it opens whatever
//! `libcuda.so` / `libnvrtc.so` / `libcudart.so` the loader finds. Run against cuda-as-hip's
//! libraries with no AMD GPU, the context fails cleanly with CUDA_ERROR_NO_DEVICE, NVRTC yields an
//! AMD code object, and the runtime reports its versions and no device. Built only with
//! `--features real`; run by cabi/libcuda/tests/cudarc_client.rs.

fn main() {
    use real_cudarc::runtime::result as rt;
    println!(
        "runtime versions {:?} {:?}",
        rt::version::get_runtime_version(),
        rt::version::get_driver_version()
    );
    let devices = rt::device::get_count();
    println!("runtime devices {devices:?}");
    if devices.is_ok_and(|n| n > 0) {
        runtime_round_trip();
    }
    match real_cudarc::driver::CudaContext::new(0) {
        Ok(_) => println!("context ok"),
        Err(e) => println!("context error {e:?}"),
    }
    let src = "extern \"C\" __global__ void fill(float *x) { x[threadIdx.x] = 1.0f; }";
    let ptx = real_cudarc::nvrtc::compile_ptx(src).expect("NVRTC compiles");
    let image = ptx.as_bytes().expect("a compiled image");
    let machine = u16::from_le_bytes([image[18], image[19]]);
    println!(
        "ptx {} bytes {} e_machine {machine:#x}",
        image.len(),
        if image.starts_with(b"\x7fELF") {
            "ELF"
        } else {
            "not-ELF"
        }
    );
}

/// On a GPU: cudarc's runtime memory calls, through libcudart, give the data back.
fn runtime_round_trip() {
    use real_cudarc::runtime::result as rt;
    let host: Vec<u32> = (0..1 << 20)
        .map(|i: u32| i.wrapping_mul(2654435761))
        .collect();
    let mut back = vec![0u32; host.len()];
    unsafe {
        let d = rt::malloc_sync(host.len() * 4).expect("cudaMalloc");
        rt::memcpy_htod_sync(d, &host).expect("cudaMemcpy to the device");
        rt::memcpy_dtoh_sync(&mut back, d).expect("cudaMemcpy back");
        rt::free_sync(d).expect("cudaFree");
    }
    assert_eq!(back, host, "runtime round trip");
    println!("runtime round trip ok");
}
