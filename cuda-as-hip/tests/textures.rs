//! Texture and surface reads, both ways in, on this HIP version's hiprtc and comgr (no GPU):
//! CUDA C++ through our NVRTC, and the PTX NVIDIA's NVRTC 12.9 made of the same sources through
//! the PTX translator. The sources are `fixtures/textures_{plain,lod}.cu`: CUDA's `tex1Dfetch`,
//! `tex1D` … `texCubemapLayered` (plain) and `tex2DLod`, `tex2DGrad`, `tex3DGrad`,
//! `texCubemapLod`, `tex2Dgather` (lod); their PTX beside them (to remake it, run
//! `.cache/corpus/nvrtc-12.9`'s libnvrtc on each with `--gpu-architecture=compute_80
//! -default-device`). For gfx1030 every kernel holds the image (or, for `tex1Dfetch`, buffer)
//! instruction it needs, as llvm-objdump-15 reads the code object — never a kernel the compiler
//! left the read out of; gfx90a (MI200) compiles the plain reads and refuses the others, naming
//! them; gfx942 (MI300) refuses them all.

mod nvrtc_common;

use cuda_as_hip::jit::{self, AmdTarget};
use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::path::PathBuf;

/// Each kernel of the two fixtures and the instruction its read becomes on gfx1030.
const EXPECTED: [(&str, &str); 16] = [
    ("fetch1d", "buffer_load_format_xyzw"),
    ("fetch1d_int", "buffer_load_format_x"),
    ("sample1d", "image_sample"),
    ("sample2d", "image_sample"),
    ("sample2d_uint", "image_sample"),
    ("sample3d", "image_sample"),
    ("layered1d", "image_sample"),
    ("layered2d", "image_sample"),
    ("cube", "image_sample"),
    ("cube_layered", "image_sample"),
    ("lod2d", "image_sample_l "),
    ("grad2d", "image_sample_d"),
    ("grad3d", "image_sample_d"),
    ("lod_cube", "image_sample_l "),
    ("gather", "image_gather4"),
    ("gather_int", "image_gather4"),
];

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every kernel of [`EXPECTED`] in `code_objects` (gfx1030) holds its instruction.
fn assert_reads_compiled(code_objects: &[Vec<u8>], way: &str) {
    let mut kernels = std::collections::BTreeMap::new();
    for code in code_objects {
        kernels.extend(test_support::disassembled(code, "gfx1030"));
    }
    for (kernel, instruction) in EXPECTED {
        let code = kernels
            .get(kernel)
            .unwrap_or_else(|| panic!("{way}: no kernel {kernel}"));
        assert!(
            code.contains(instruction),
            "{way}: {kernel}: no {instruction} in\n{code}"
        );
    }
}

#[test]
fn ptx_texture_reads_become_image_instructions_where_the_gpu_has_them() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let compile = |file: &str, arch: &str| {
        let target = AmdTarget {
            arch: arch.to_string(),
        };
        jit::compile(&[fixture(file).as_bytes()], &target, hip_version).map(|c| c.code)
    };
    let codes: Vec<Vec<u8>> = ["textures_plain.ptx", "textures_lod.ptx"]
        .iter()
        .map(|f| compile(f, "gfx1030").unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    assert_reads_compiled(&codes, "PTX");
    let gfx90a = compile("textures_plain.ptx", "gfx90a").expect("gfx90a: plain reads");
    let sample = &test_support::disassembled(&gfx90a, "gfx90a")["sample2d"];
    assert!(sample.contains("image_sample"), "{sample}");
    let refused = |file: &str, arch: &str| match compile(file, arch) {
        Ok(_) => panic!("{file} compiled for {arch}"),
        Err(e) => e.to_string(),
    };
    let e = refused("textures_lod.ptx", "gfx90a");
    assert!(
        e.contains("function `lod2d`: `tex.level.2d.v4.f32.f32`: gfx90a has no image instruction"),
        "{e}"
    );
    let e = refused("textures_plain.ptx", "gfx942");
    assert!(e.contains("gfx942 has no image instruction"), "{e}");
}

/// Surface reads and writes of each CUDA form (x in bytes, as CUDA takes it).
const SURFACES: &str = r#"
extern "C" __global__ void surfaces(cudaSurfaceObject_t in, cudaSurfaceObject_t out) {
    int x = threadIdx.x, y = blockIdx.x;
    float4 v = surf2Dread<float4>(in, x * sizeof(float4), y);
    surf2Dwrite(v, out, x * sizeof(float4), y);
    uchar4 c;
    surf1Dread(&c, in, x * 4);
    surf1Dwrite(c, out, x * 4, cudaBoundaryModeZero);
    float f = surf3Dread<float>(in, x * 4, y, 1);
    surf3Dwrite(f, out, x * 4, y, 1);
    int i = surf2DLayeredread<int>(in, x * 4, y, 2);
    surf2DLayeredwrite(i, out, x * 4, y, 2);
}
"#;

#[test]
fn cuda_texture_and_surface_objects_compile_through_nvrtc() {
    let codes: Vec<Vec<u8>> = ["textures_plain.cu", "textures_lod.cu"]
        .iter()
        .map(|f| nvrtc_common::compile_for(&fixture(f), &["gfx1030"], &[]).remove(0))
        .collect();
    assert_reads_compiled(&codes, "NVRTC");
    let surfaces = nvrtc_common::compile_for(SURFACES, &["gfx1030"], &["surfaces"]).remove(0);
    let code = &test_support::disassembled(&surfaces, "gfx1030")["surfaces"];
    assert!(
        code.contains("image_load") && code.contains("image_store"),
        "{code}"
    );
    nvrtc_common::compile_for(&fixture("textures_plain.cu"), &["gfx90a"], &["sample2d"]);
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    let c = nvrtc_common::compile(&fixture("textures_lod.cu"), "lod.cu", &[], &[], &[]);
    assert_eq!(c.result, nvrtcResult::NVRTC_ERROR_COMPILATION);
    assert!(
        c.log
            .contains("gfx90a has no image instruction for levels of detail"),
        "{}",
        c.log
    );
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx942");
    let c = nvrtc_common::compile(SURFACES, "surfaces.cu", &[], &[], &[]);
    if hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0) >= 50_700_000 {
        assert_eq!(c.result, nvrtcResult::NVRTC_ERROR_COMPILATION);
        assert!(
            c.log.contains("this GPU has no image instructions"),
            "{}",
            c.log
        );
    } else {
        // HIP 5.2 knows no gfx94x: refused before hiprtc, which would stop the process.
        assert_eq!(c.result, nvrtcResult::NVRTC_ERROR_INVALID_OPTION);
        assert!(
            c.log.contains("comgr does not know the ISA \"gfx942\""),
            "{}",
            c.log
        );
    }
    // A target no HIP knows: refused the same way on every version.
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx9o8");
    let c = nvrtc_common::compile(SURFACES, "surfaces.cu", &[], &[], &[]);
    assert_eq!(c.result, nvrtcResult::NVRTC_ERROR_INVALID_OPTION);
    assert!(c.log.contains("it knows: gfx"), "{}", c.log);
}
