//! The fat binaries nvcc built into CuPy 14.2's wheel (`cupy/cuda/cub`, `cupy/cuda/thrust`,
//! `cupy/random/_generator_api`: CUB's and thrust's sort, scan, reduce and merge kernels, cuRAND's
//! device API) carry SASS and sm_100 PTX; on an AMD GPU their PTX is what loads (NVIDIA's static
//! runtime hands them to the driver's CUDART_INTERFACE table, `driver/export_tables.rs`). Every
//! kernel of each translates, for wave64 and wave32 — a floor: a change that loses one fails here.
//! The wheel is scripts/setup.sh's (.cache/inputs/cupy-14.2).

use cuda_as_hip::jit::fatbin;
use ptx::Target;

const MODULES: [&str; 3] = [
    "cupy/cuda/cub",
    "cupy/cuda/thrust",
    "cupy/random/_generator_api",
];

/// The PTX the loader would choose from each container of the module's `.nv_fatbin` section.
fn ptx_of(module: &str) -> Vec<String> {
    let site = test_support::root().join(".cache/inputs/cupy-14.2/venv/lib");
    let pattern = format!("{}.cpython-", module.rsplit('/').next().unwrap());
    let dir = std::fs::read_dir(&site)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", site.display()))
        .map(|python| {
            python
                .unwrap()
                .path()
                .join("site-packages")
                .join(module)
                .with_file_name("")
        })
        .next()
        .expect("one python in the venv");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&pattern)
        })
        .unwrap_or_else(|| panic!("no {pattern}* in {}", dir.display()));
    let elf = std::fs::read(&file).unwrap();
    let section = fatbin::nv_fatbin_section(&elf).expect("an .nv_fatbin section");
    let containers = fatbin::read_all(section).expect("its containers read");
    containers
        .iter()
        .filter_map(|c| fatbin::best_ptx(&c.ptx))
        .map(|e| String::from_utf8(e.text.clone()).expect("PTX is text"))
        .collect()
}

#[test]
fn every_kernel_of_cupys_nvcc_modules_translates() {
    for module in MODULES {
        let ptx = ptx_of(module);
        assert!(!ptx.is_empty(), "{module}: no PTX");
        for text in &ptx {
            let kernels = text.matches(".entry ").count();
            assert!(kernels > 0, "{module}");
            for wave64 in [true, false] {
                if let Err(e) = ptx::translate(text, Target::Amdgcn { wave64 }) {
                    panic!("{module} ({kernels} kernels, wave64 {wave64}): {e}");
                }
            }
        }
    }
}
