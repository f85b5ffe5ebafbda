//! libnvJitLink.so.12 as C programs see it: NVIDIA's exports (every 12.x release's names) with
//! its symbol version, and a gcc-built client of nvJitLink.h linking PTX through comgr into AMD
//! code objects on each HIP version (no GPU: the target is `CUDA_AS_HIP_OFFLOAD_ARCH`'s).

use std::path::Path;
use test_support::{
    dynamic_exports, host_object_with_ptx, line, nvidia_exports, profile_dir, root, CProgram,
    Scratch,
};

/// Ours exports nvJitLink.h's 14 functions under their plain names and the 13 versioned ones
/// under every 12.x release's name (`__nvJitLinkCreate_12_0` … `_12_9`): all of NVIDIA's but its
/// internal `__nvJitLinkAPI`, nothing more.
#[test]
fn libnvjitlink_exports_every_release_name_of_nvidias_with_its_symbol_version() {
    let ours = dynamic_exports(&profile_dir().join("libnvJitLink.so"));
    let nvidia = nvidia_exports("nvjitlink-12.9/libnvJitLink.so.12.exports");
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(functions, 14 + 13 * 10, "plain and release names");
    let extra: Vec<&String> = ours.difference(&nvidia).collect();
    assert!(
        extra.is_empty(),
        "ours exports what NVIDIA's does not: {extra:?}"
    );
    let missing: Vec<&String> = nvidia.difference(&ours).collect();
    assert_eq!(missing, ["T __nvJitLinkAPI@@libnvJitLink.so.12"]);
}

fn client() -> CProgram {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvjitlink.c");
    let include = root().join(".cache/inputs/nvjitlink-12.9/include");
    CProgram::build_with(&source, "nvJitLink", &[format!("-I{}", include.display())])
}

/// Each line of `expected` is the client's line for its first word.
fn expect(out: &str, err: &str, expected: &[&str]) {
    for expected in expected {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(out, key), *expected, "{out}{err}");
    }
}

#[test]
fn an_nvjitlink_client_links_ptx_into_an_amd_code_object() {
    let (out, err) = client().output(&[("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")]);
    expect(
        &out,
        &err,
        &[
            "version 0 12 9",
            // NVIDIA's codes: MISSING_ARCH 2, UNRECOGNIZED_OPTION 1, INVALID_INPUT 3.
            "no_arch 2",
            "unknown 1",
            "create_null 3",
            "add_no_link 3",
            // Two modules, one calling the other's `.extern` function: an AMD ELF (EM_AMDGPU).
            "link_create 0",
            "link_add0 0",
            "link_add1 0",
            "link_complete 0",
            "link_cubin 0 7f454c46 e0",
            // No -verbose: the info log is empty (its size counts the NUL).
            "link_info 0 1 ",
            "link_errors 0 1 ",
            "link_destroy 0 1",
            "verbose_complete 0",
            "verbose_cubin 0 7f454c46 e0",
            // A module alone: `cube` is defined nowhere; the link fails (FINALIZE 9).
            "alone_add0 0",
            "alone_complete 9",
            "alone_cubin 3",
            // A program built against CUDA 12.4's header; inputs refused (INVALID_INPUT 3).
            "create_12_4 0",
            "ltoir 3",
            "wrong_type 3",
            "bad_type 3",
            "missing_file 3",
            "cubin_early 3",
            "ptx_size 3",
            "destroy 0 1",
            "destroy_again 3",
        ],
    );
    let verbose = line(&out, "verbose_info");
    assert!(
        verbose.contains("module: PTX, translated|")
            && verbose.contains("linked 2 module(s) into a")
            && verbose.contains("for gfx90a"),
        "{verbose}"
    );
    assert!(line(&out, "alone_errors").contains("cube"), "{out}");
    let refusals = line(&out, "refusals_errors");
    for why in [
        "lto: the input is Ptx, not of input type 3",
        "cube: the input is Ptx, not of input type 4",
        "9 is not an nvJitLinkInputType value",
        "/nonexistent/cube.ptx: No such file",
        "no linked code object",
        "no linked PTX",
    ] {
        assert!(refusals.contains(why), "{why}: {refusals}");
    }
}

#[test]
fn without_a_target_ptx_is_refused_naming_the_variable() {
    let (out, err) = client().output(&[
        ("CUDA_AS_HIP_OFFLOAD_ARCH", ""),
        ("CUDA_AS_HIP_LOG", "warn"),
    ]);
    expect(
        &out,
        &err,
        &["link_create 0", "link_add0 2", "link_complete 3"],
    );
    assert!(
        line(&out, "link_errors").contains("CUDA_AS_HIP_OFFLOAD_ARCH"),
        "{out}"
    );
    assert!(err.contains("nvJitLinkAddData"), "{err}");
}

/// `cube` as nvcc's `-rdc=true -c` would leave it in a host object's fat binary.
const CUBE: &str = "
.version 7.0
.target sm_80
.address_size 64
.visible .func (.param .b32 r) cube(.param .b32 x)
{
    .reg .b32 %r<4>;
    ld.param.b32 %r1, [x];
    mul.lo.s32 %r2, %r1, %r1;
    mul.lo.s32 %r3, %r2, %r1;
    st.param.b32 [r], %r3;
    ret;
}
";

/// nvcc's host objects and static libraries (NVJITLINK_INPUT_OBJECT / LIBRARY): the PTX of their
/// `.nv_fatbin` sections is linked, here with a module calling the function it defines.
#[test]
fn host_objects_and_libraries_link_through_their_fat_binaries() {
    let work = Scratch::new("nvjitlink-host-code");
    let (object, library) = host_object_with_ptx(work.path(), CUBE.as_bytes());
    let (out, err) = client().output(&[
        ("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a"),
        ("HOST_OBJECT", object.to_str().unwrap()),
        ("HOST_LIBRARY", library.to_str().unwrap()),
    ]);
    expect(
        &out,
        &err,
        &[
            "object 0 0 0 1",
            "object_mistyped 3",
            "library 0 0 0 1",
            "library_mistyped 3",
        ],
    );
}
