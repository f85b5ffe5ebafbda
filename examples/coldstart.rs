//! Cold-start benchmark body (`scripts/bench-coldstart.sh` runs it as fresh processes): the time
//! from `dlopen` of cuda-as-hip's libcuda.so to the return of the first `cuInit`, or from `dlopen`
//! of libamdhip64 to the return of the first `hipInit`; prints microseconds.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args
        .next()
        .expect("usage: coldstart shim PATH/libcuda.so | coldstart hip");
    let start = Instant::now();
    let r = unsafe {
        match mode.as_str() {
            "shim" => {
                let lib = libloading::Library::new(args.next().expect("libcuda.so path"))
                    .expect("dlopen");
                let init: libloading::Symbol<unsafe extern "C" fn(u32) -> u32> =
                    lib.get(b"cuInit\0").expect("cuInit");
                let r = init(0);
                std::mem::forget(lib);
                r
            }
            _ => {
                let lib = libloading::Library::new("libamdhip64.so.5").expect("dlopen");
                let init: libloading::Symbol<unsafe extern "C" fn(u32) -> u32> =
                    lib.get(b"hipInit\0").expect("hipInit");
                let r = init(0);
                std::mem::forget(lib);
                r
            }
        }
    };
    println!("{} {r}", start.elapsed().as_micros());
}
