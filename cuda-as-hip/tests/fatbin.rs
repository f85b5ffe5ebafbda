//! NVIDIA fat binaries as NVIDIA's own tools write them: the `.nv_fatbin` sections of libcurand
//! from CUDA 12.9 (PyPI nvidia-curand-cu12: SASS for each GPU generation, LZ4-compressed PTX for
//! the newest) and CUDA 13 (PyPI nvidia-curand: zstd-compressed PTX for each generation), fetched
//! by scripts/setup.sh.

use cuda_as_hip::jit::fatbin;

#[test]
fn cuda12_fatbins_give_their_sass_list_and_lz4_ptx() {
    let contents = curand("curand-12.9");
    assert!(contents.sass.contains(&80) && contents.sass.contains(&90));
    assert!(contents.ptx.iter().all(|e| e.sm == 121));
}

#[test]
fn cuda13_fatbins_give_zstd_ptx_for_each_generation() {
    let contents = curand("curand-13");
    let mut sms: Vec<u32> = contents.ptx.iter().map(|e| e.sm).collect();
    sms.dedup();
    assert!(sms.contains(&80) && sms.contains(&90), "{sms:?}");
    assert_eq!(fatbin::best_ptx(&contents.ptx).unwrap().sm, 90);
}

/// The fat binaries of `.cache/inputs/DIR/libcurand.so.10`, checked to be whole PTX.
fn curand(dir: &str) -> fatbin::Contents {
    let lib = test_support::root().join(format!(".cache/inputs/{dir}/libcurand.so.10"));
    let elf = std::fs::read(&lib)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", lib.display()));
    let section = fatbin::nv_fatbin_section(&elf).expect("libcurand has a .nv_fatbin section");
    let containers = fatbin::read_all(section).expect("every container reads");
    assert!(containers.len() > 1);
    let contents = fatbin::Contents {
        ptx: containers.iter().flat_map(|c| c.ptx.clone()).collect(),
        sass: containers.iter().flat_map(|c| c.sass.clone()).collect(),
    };
    assert!(!contents.ptx.is_empty());
    for entry in &contents.ptx {
        let text = std::str::from_utf8(&entry.text).expect("PTX is text");
        assert!(
            text.contains(".version "),
            "{}",
            &text[..text.len().min(200)]
        );
        assert!(text.contains(&format!(".target sm_{}", entry.sm)));
    }
    let biggest = contents.ptx.iter().map(|e| e.text.len()).max().unwrap();
    assert!(
        biggest > 1_000_000,
        "payloads decompress whole ({biggest} bytes)"
    );
    contents
}

#[test]
fn files_without_fat_binaries_have_no_section() {
    assert_eq!(fatbin::nv_fatbin_section(b"PTX text"), None);
    let own = std::fs::read(test_support::test_executable()).unwrap();
    assert_eq!(fatbin::nv_fatbin_section(&own), None);
}
