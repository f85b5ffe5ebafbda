//! CUDA 11's `cudaDeviceProp` (which libcudart's old-ABI `cudaGetDeviceProperties` fills) has,
//! field by field, the offsets gcc computes from CUDA 11.8's own driver_types.h, and the copy
//! from CUDA 12.9's struct carries every field.

use cuda_as_hip::runtime::cuda11::cudaDeviceProp_cuda11;
use cuda_as_hip::runtime::sys::cudaDeviceProp;
use std::fmt::Write;
use std::process::Command;
use test_support::{root, run, Scratch};

#[rustfmt::skip]
#[path = "generated/runtime_cuda11_layout.rs"]
mod generated;

#[test]
fn cuda11_records_match_gccs_reading_of_cuda_11_8s_header() {
    let include = root().join(".cache/inputs/cuda-11.8/include");
    assert!(
        include.join("driver_types.h").exists(),
        "{}: missing; run scripts/setup.sh",
        include.display()
    );
    let mut probe = String::from("#include <stddef.h>\n#include <cuda_runtime_api.h>\n");
    let mut facts = 0;
    for generated::OldRecord {
        c,
        rust,
        size,
        fields,
    } in generated::all()
    {
        let _ = writeln!(
            probe,
            "_Static_assert(sizeof({c}) == {size}, \"{rust}: size {size}\");"
        );
        for (field, offset) in &fields {
            let _ = writeln!(
                probe,
                "_Static_assert(offsetof({c}, {field}) == {offset}, \"{rust}.{field}: offset {offset}\");"
            );
        }
        assert!(fields.len() >= 80, "{rust}: {} fields", fields.len());
        facts += 1 + fields.len();
    }
    let work = Scratch::new("cuda11-layout");
    let file = work.path().join("probe.c");
    std::fs::write(&file, probe).unwrap();
    run(Command::new("gcc")
        .args(["-fsyntax-only", "-std=c11", "-I"])
        .arg(&include)
        .arg(&file));
    assert_eq!(std::mem::size_of::<cudaDeviceProp_cuda11>(), 728);
    println!("{facts} layout facts of CUDA 11.8 checked by gcc");
}

#[test]
fn the_cuda11_copy_carries_every_field_of_cuda_12s_struct() {
    // CUDA 11's struct is a prefix of CUDA 12's: the copy's bytes are the new struct's first 728,
    // wherever a field lies (padding aside, which both leave zero here).
    let mut current: cudaDeviceProp = unsafe { std::mem::zeroed() };
    let bytes = unsafe {
        std::slice::from_raw_parts_mut(
            (&raw mut current).cast::<u8>(),
            std::mem::size_of::<cudaDeviceProp>(),
        )
    };
    for (offset, field) in generated::all()[0].fields.iter().map(|(n, o)| (*o, n)) {
        // A distinct non-zero byte at the start of every field.
        bytes[offset] = (offset % 251 + 1) as u8;
        assert!(offset < 728, "{field}");
    }
    let old = cudaDeviceProp_cuda11::from(&current);
    let old_bytes = unsafe {
        std::slice::from_raw_parts((&raw const old).cast::<u8>(), std::mem::size_of_val(&old))
    };
    for (field, offset) in &generated::all()[0].fields {
        assert_eq!(old_bytes[*offset], bytes[*offset], "{field}");
    }
    assert_eq!(old.major, current.major);
    assert_eq!(
        old.reservedSharedMemPerBlock,
        current.reservedSharedMemPerBlock
    );
}
