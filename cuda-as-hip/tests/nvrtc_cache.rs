//! The NVRTC compile cache, on the real hiprtc (HIP 5.2.3, no GPU): a hit, a miss on every key
//! change, a damaged entry, concurrent writers, the size bound. One test function: the cache is
//! chosen through the environment, which the steps change one after another.

mod nvrtc_common;

use cuda_as_hip::cache::{self, Cache, Entry, Key, Namespace};
use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::path::{Path, PathBuf};

/// A temporary directory, removed when dropped (also when a step fails).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles `source` with `options` and name expressions `names`; the code object and the log.
fn compile(source: &str, options: &[&str], names: &[&str]) -> (Vec<u8>, String) {
    let c = nvrtc_common::compile(source, "cached.cu", options, &[], names);
    assert_eq!(c.result, nvrtcResult::NVRTC_SUCCESS, "{}", c.log);
    assert_eq!(c.lowered.len(), names.len());
    (c.code, c.log)
}

/// The cache's entries, by key.
fn entries(dir: &Path) -> Vec<Key> {
    let mut keys: Vec<Key> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                let hex = name.strip_suffix(".hipfb")?;
                u128::from_str_radix(hex, 16).ok().map(Key)
            })
            .collect()
        })
        .unwrap_or_default();
    keys.sort_by_key(|k| k.0);
    keys
}

const KERNEL: &str = "template <class T> __global__ void add(T* x) { x[threadIdx.x] += T(1); }";

#[test]
fn compile_cache() {
    let tmp = TempDir(
        std::env::temp_dir().join(format!("cuda-as-hip-cache-test-{}", std::process::id())),
    );
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    std::env::set_var(cache::DIR_ENV, &tmp.0);
    std::env::remove_var(cache::ENABLE_ENV);

    // A miss stores one entry; the same compile again is answered from it (its log, marked here,
    // comes back: hiprtc did not run).
    let (code, _) = compile(KERNEL, &["-arch=compute_80"], &["add<float>"]);
    let nvrtc_dir = tmp.0.join("nvrtc");
    let keys = entries(&nvrtc_dir);
    assert_eq!(keys.len(), 1);
    let store = Cache::at(Namespace::Nvrtc, &nvrtc_dir, u64::MAX);
    let mut entry = store.get(keys[0]).expect("a whole entry");
    assert_eq!(entry.code, code);
    assert_eq!(
        entry.lowered,
        [("add<float>".to_string(), "_Z3addIfEvPT_".to_string())]
    );
    entry.log = b"marked in the cache".to_vec();
    store.put(keys[0], &entry).unwrap();
    let (again, log) = compile(KERNEL, &["-arch=compute_80"], &["add<float>"]);
    assert_eq!((again, log.as_str()), (code.clone(), "marked in the cache"));

    // Every change of what hiprtc is given is a miss: a new entry each.
    compile(KERNEL, &["-arch=compute_80", "-DX=1"], &["add<float>"]);
    compile(KERNEL, &["-arch=compute_70"], &["add<float>"]); // __CUDA_ARCH__ differs
    compile(KERNEL, &["-arch=compute_80"], &["add<double>"]);
    compile(
        &format!("{KERNEL}\n"),
        &["-arch=compute_80"],
        &["add<float>"],
    );
    // (gfx1030: HIP 5.2.3's comgr crashes on targets newer than it knows, gfx1100 among them.)
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx1030");
    compile(KERNEL, &["-arch=compute_80"], &["add<float>"]);
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    assert_eq!(entries(&nvrtc_dir).len(), 6);

    // A damaged entry is ignored: hiprtc compiles again and the entry is rewritten whole.
    let path = nvrtc_dir.join(format!("{:032x}.hipfb", keys[0].0));
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let (recompiled, log) = compile(KERNEL, &["-arch=compute_80"], &["add<float>"]);
    assert_eq!(recompiled, code);
    assert_ne!(log, "marked in the cache");
    assert!(store.get(keys[0]).is_some());
    std::fs::write(&path, &bytes[..10]).unwrap();
    assert!(store.get(keys[0]).is_none(), "a short entry is no entry");
    assert!(!path.exists(), "and is removed");

    // Turned off: nothing read, nothing written.
    std::env::set_var(cache::ENABLE_ENV, "0");
    let before = entries(&nvrtc_dir).len();
    compile(KERNEL, &["-arch=compute_80", "-DOFF"], &[]);
    assert_eq!(entries(&nvrtc_dir).len(), before);
    std::env::remove_var(cache::ENABLE_ENV);

    concurrent_writers_leave_whole_entries(&tmp.0.join("concurrent"));
    size_is_bounded(&tmp.0.join("bounded"));
}

fn concurrent_writers_leave_whole_entries(dir: &Path) {
    let key = Key::of(&[b"shared"]);
    std::thread::scope(|s| {
        for t in 0..8u8 {
            s.spawn(move || {
                let c = Cache::at(Namespace::Nvrtc, dir, u64::MAX);
                for i in 0..20u8 {
                    let entry = Entry {
                        code: vec![t; 4096 + usize::from(i)],
                        log: vec![b'l'; 100],
                        lowered: vec![],
                    };
                    c.put(key, &entry).unwrap();
                    let seen = c.get(key).expect("never half an entry");
                    assert!(seen.code.iter().all(|&b| b == seen.code[0]));
                }
            });
        }
    });
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary files left: {names:?}");
}

fn size_is_bounded(dir: &Path) {
    let c = Cache::at(Namespace::Nvrtc, dir, 10_000);
    for i in 0..5u8 {
        let entry = Entry {
            code: vec![i; 4000],
            ..Entry::default()
        };
        c.put(Key::of(&[&[i]]), &entry).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let total: u64 = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(total <= 10_000, "{total} bytes");
    assert!(c.get(Key::of(&[&[4u8]])).is_some(), "the newest stays");
    assert!(c.get(Key::of(&[&[0u8]])).is_none(), "the oldest went");
}

#[test]
fn keys_differ_for_every_part() {
    let base = Key::of(&[b"a", b"bc"]);
    assert_ne!(base, Key::of(&[b"ab", b"c"]), "parts are length-prefixed");
    assert_ne!(base, Key::of(&[b"a", b"bd"]));
    assert_eq!(base, Key::of(&[b"a", b"bc"]));
    // The HIP version is part of the key.
    let source = cuda_as_hip::nvrtc::program::Source {
        text: KERNEL.into(),
        name: "k.cu".into(),
        ..Default::default()
    };
    let t = cuda_as_hip::nvrtc::options::translate(&[], Some("gfx90a")).unwrap();
    let input = cuda_as_hip::nvrtc::program::hiprtc_input(&source, &t, 60443484);
    let k = |v, env: &str| cuda_as_hip::nvrtc::program::key(&input, &[], v, env);
    assert_ne!(k(50221153, ""), k(60443484, ""));
    // So is the environment comgr reads (a HIP sysroot's headers are not the host's).
    assert_ne!(
        k(50221153, "LLVM_PATH=Some(\"/a\")\n"),
        k(50221153, "LLVM_PATH=None\n")
    );
}
