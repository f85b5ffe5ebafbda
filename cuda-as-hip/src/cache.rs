//! The compile cache: code objects kept on disk, so a program's second start does not pay the
//! compile again — hiprtc's for NVRTC programs (0.3–0.7 s a kernel, where NVIDIA's NVRTC takes
//! about 0.1 s), the PTX translator's and comgr's for PTX. One cache, a namespace (directory and
//! entry magic) per producer.
//!
//! Where: `$CUDA_AS_HIP_CACHE_DIR/<namespace>`, else `$XDG_CACHE_HOME/cuda-as-hip/<namespace>`,
//! else `~/.cache/cuda-as-hip/<namespace>`; `CUDA_AS_HIP_CACHE=0` turns it off. One file per entry, named by
//! its key: a 128-bit FNV-1a hash of everything that changes the result (the caller builds it
//! with [`Key::of`]). Written to a temporary file and renamed into place, so concurrent processes
//! never see half an entry; each file ends with a checksum, and an entry that fails it (or reads
//! short) is ignored and removed. After each write the oldest entries go until the directory is
//! under its bound (`CUDA_AS_HIP_CACHE_MAX_MB`, default 512).
//!
//! comgr 7.x has a cache of its own (`AMD_COMGR_CACHE`): on a miss here hiprtc still runs, and
//! comgr may answer it from that; a hit here never reaches hiprtc at all.

use std::io::Write;
use std::path::{Path, PathBuf};

pub const DIR_ENV: &str = "CUDA_AS_HIP_CACHE_DIR";
pub const ENABLE_ENV: &str = "CUDA_AS_HIP_CACHE";
pub const MAX_MB_ENV: &str = "CUDA_AS_HIP_CACHE_MAX_MB";

/// Who produced an entry: each has its own directory under the cache root and its own magic, so
/// no producer reads another's entries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Namespace {
    /// `nvrtcCompileProgram`: hiprtc's code objects, logs and lowered names.
    Nvrtc,
    /// PTX handed to the driver: the translator's and comgr's code objects.
    Ptx,
}

impl Namespace {
    fn dir_name(self) -> &'static str {
        match self {
            Namespace::Nvrtc => "nvrtc",
            Namespace::Ptx => "ptx",
        }
    }

    fn magic(self) -> &'static [u8] {
        match self {
            Namespace::Nvrtc => b"cuda-as-hip nvrtc cache 1\n",
            Namespace::Ptx => b"cuda-as-hip ptx cache 1\n",
        }
    }
}

/// A cache key: FNV-1a (128 bits) over length-prefixed parts, so no two part lists collide by
/// concatenation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Key(pub u128);

fn fnv1a(mut h: u128, bytes: &[u8]) -> u128 {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    for &b in bytes {
        h = (h ^ u128::from(b)).wrapping_mul(PRIME);
    }
    h
}
const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;

impl Key {
    pub fn of(parts: &[&[u8]]) -> Key {
        Key(parts.iter().fold(OFFSET, |h, p| {
            fnv1a(fnv1a(h, &(p.len() as u64).to_le_bytes()), p)
        }))
    }

    fn file_name(self) -> String {
        format!("{:032x}.hipfb", self.0)
    }
}

/// What a compile produced: the code object, hiprtc's log, and the lowered name of each name
/// expression.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub code: Vec<u8>,
    pub log: Vec<u8>,
    pub lowered: Vec<(String, String)>,
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

/// Reads length-prefixed fields; `None` once the data runs short.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let (len, rest) = self.0.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > rest.len() {
            return None;
        }
        let (b, rest) = rest.split_at(len);
        self.0 = rest;
        Some(b)
    }

    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
}

impl Entry {
    fn encode(&self, key: Key, magic: &[u8]) -> Vec<u8> {
        let mut out = magic.to_vec();
        out.extend_from_slice(&key.0.to_le_bytes());
        put_bytes(&mut out, &self.code);
        put_bytes(&mut out, &self.log);
        put_bytes(&mut out, &(self.lowered.len() as u64).to_le_bytes());
        for (expr, lowered) in &self.lowered {
            put_bytes(&mut out, expr.as_bytes());
            put_bytes(&mut out, lowered.as_bytes());
        }
        let sum = Key::of(&[&out]).0;
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// `None` for anything but a whole, unaltered entry for `key`.
    fn decode(data: &[u8], key: Key, magic: &[u8]) -> Option<Entry> {
        let (body, sum) = data.split_last_chunk::<16>()?;
        if Key::of(&[body]).0 != u128::from_le_bytes(*sum) {
            return None;
        }
        let body = body.strip_prefix(magic)?;
        let (stored, body) = body.split_first_chunk::<16>()?;
        if u128::from_le_bytes(*stored) != key.0 {
            return None;
        }
        let mut r = Reader(body);
        let code = r.bytes()?.to_vec();
        let log = r.bytes()?.to_vec();
        let count = u64::from_le_bytes(r.bytes()?.try_into().ok()?);
        let lowered = (0..count)
            .map(|_| Some((r.text()?, r.text()?)))
            .collect::<Option<Vec<_>>>()?;
        r.0.is_empty().then_some(Entry { code, log, lowered })
    }
}

/// A cache directory, its namespace and its size bound.
#[derive(Clone, Debug)]
pub struct Cache {
    namespace: Namespace,
    dir: PathBuf,
    max_bytes: u64,
}

impl Cache {
    pub fn at(namespace: Namespace, dir: impl Into<PathBuf>, max_bytes: u64) -> Cache {
        Cache {
            namespace,
            dir: dir.into(),
            max_bytes,
        }
    }

    /// `namespace`'s cache where the environment puts it; `None` when it is turned off or has no
    /// place.
    pub fn from_env(namespace: Namespace) -> Option<Cache> {
        if std::env::var(ENABLE_ENV).is_ok_and(|v| v == "0") {
            return None;
        }
        let var = |n: &str| {
            std::env::var_os(n)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let root = var(DIR_ENV)
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("cuda-as-hip")))
            .or_else(|| var("HOME").map(|d| d.join(".cache/cuda-as-hip")))?;
        let mb = std::env::var(MAX_MB_ENV)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(512);
        let dir = root.join(namespace.dir_name());
        Some(Cache::at(namespace, dir, mb * 1024 * 1024))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry for `key`, if a whole one is there; a damaged one is removed.
    pub fn get(&self, key: Key) -> Option<Entry> {
        let path = self.dir.join(key.file_name());
        let data = std::fs::read(&path).ok()?;
        let entry = Entry::decode(&data, key, self.namespace.magic());
        if entry.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        entry
    }

    /// Stores `entry` under `key`: written aside, then renamed into place in one step.
    pub fn put(&self, key: Key, entry: &Entry) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!(
            ".{}.{}.{:?}.tmp",
            key.file_name(),
            std::process::id(),
            std::thread::current().id()
        ));
        let written = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&entry.encode(key, self.namespace.magic())))
            .and_then(|()| std::fs::rename(&tmp, self.dir.join(key.file_name())));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written?;
        self.trim();
        Ok(())
    }

    /// Removes the oldest entries until the directory holds at most `max_bytes`.
    fn trim(&self) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries: Vec<_> = dir
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".hipfb"))
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                Some((m.modified().ok()?, m.len(), e.path()))
            })
            .collect();
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if std::fs::remove_file(path).is_ok() {
                total -= len;
            }
        }
    }
}
