//! NVIDIA fat binaries: the containers nvcc embeds in programs (`.nv_fatbin`), hands to
//! `__cudaRegisterFatBinary` (inside a wrapper) and programs pass to `cuModuleLoadFatBinary` /
//! `cuModuleLoadData`. Only their PTX entries can run on an AMD GPU (through the PTX translator);
//! SASS (cubin) entries cannot.
//!
//! Layout (little-endian; undocumented by NVIDIA, read off real fatbins — a CUDA 12.9 library's
//! `.nv_fatbin` is the test fixture):
//! - wrapper (`__fatBinC_Wrapper_t`): magic `0x466243B1`, version, pointer to the container;
//! - container: magic `0xBA55ED50`, u16 version, u16 header size (16), u64 size of the entries;
//! - entries, back to back: u16 kind (1 PTX, 2 ELF), u16, u32 entry-header size (64, 80, 96 …),
//!   u64 payload size (padded), u32 compressed size, u32, u16 minor, u16 major (the PTX ISA
//!   version), u32 `sm_XX`, u32 name offset, u32 name length, u64 flags (at 40), u64, u64 uncompressed
//!   size; then the payload. Flag `0x2000`: the payload is an LZ4 block (CUDA 12's nvcc);
//!   `0x8000`: a zstd frame (CUDA 13's), decoded by the system's libzstd (`libzstd.so.1`, in every
//!   Debian/Ubuntu base system), opened when first needed.

use crate::elf::{u16_at, u32_at, u64_at};

/// `__fatBinC_Wrapper_t`'s magic.
pub const WRAPPER_MAGIC: u32 = 0x4662_43B1;
/// A fat binary container's magic.
pub const CONTAINER_MAGIC: u32 = 0xBA55_ED50;

const CONTAINER_HEADER: usize = 16;
const ENTRY_HEADER: usize = 64;
const KIND_PTX: u16 = 1;
const KIND_ELF: u16 = 2;
const FLAG_LZ4: u64 = 0x2000;
const FLAG_ZSTD: u64 = 0x8000;
/// A bound on one decompressed PTX entry (libcurand's largest is 3.6 MB).
const MAX_PTX: usize = 1 << 30;

/// One PTX entry: the `sm_XX` it was written for and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtxEntry {
    pub sm: u32,
    pub text: Vec<u8>,
}

/// What a fat binary holds, as far as an AMD GPU cares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Contents {
    pub ptx: Vec<PtxEntry>,
    /// `sm_XX` of each SASS (cubin) entry: code for NVIDIA GPUs only.
    pub sass: Vec<u32>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum FatbinError {
    BadMagic(u32),
    Truncated,
    NoZstd(String),
    CorruptPayload,
}

impl std::fmt::Display for FatbinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadMagic(m) => write!(f, "not an NVIDIA fat binary (magic {m:#010x})"),
            Self::Truncated => f.write_str("the fat binary ends inside an entry"),
            Self::NoZstd(why) => write!(
                f,
                "a PTX entry is zstd-compressed (CUDA 13) and libzstd.so.1 does not load ({why}): \
                 install libzstd (Debian/Ubuntu: libzstd1)"
            ),
            Self::CorruptPayload => f.write_str("a compressed PTX entry does not decompress"),
        }
    }
}

/// The length of the container starting `head` (its first 16 bytes), header included.
pub fn container_len(head: &[u8]) -> Result<usize, FatbinError> {
    let magic = u32_at(head, 0).ok_or(FatbinError::Truncated)?;
    if magic != CONTAINER_MAGIC {
        return Err(FatbinError::BadMagic(magic));
    }
    let header = usize::from(u16_at(head, 6).ok_or(FatbinError::Truncated)?);
    let body = u64_at(head, 8).ok_or(FatbinError::Truncated)?;
    usize::try_from(body)
        .ok()
        .and_then(|b| b.checked_add(header))
        .ok_or(FatbinError::Truncated)
}

/// Every container in `bytes` (a `.nv_fatbin` section holds one per translation unit, back to
/// back, 8-aligned).
pub fn read_all(bytes: &[u8]) -> Result<Vec<Contents>, FatbinError> {
    let mut all = Vec::new();
    let mut at = 0;
    while at + CONTAINER_HEADER <= bytes.len() {
        if u32_at(bytes, at) != Some(CONTAINER_MAGIC) {
            at += 8;
            continue;
        }
        let len = container_len(&bytes[at..])?;
        all.push(read(
            bytes.get(at..at + len).ok_or(FatbinError::Truncated)?,
        )?);
        at += len;
    }
    Ok(all)
}

/// The entries of the one container `bytes` (exactly [`container_len`] long).
pub fn read(bytes: &[u8]) -> Result<Contents, FatbinError> {
    let len = container_len(bytes)?;
    let bytes = bytes.get(..len).ok_or(FatbinError::Truncated)?;
    let mut at = usize::from(u16_at(bytes, 6).ok_or(FatbinError::Truncated)?);
    let mut contents = Contents::default();
    while at < bytes.len() {
        let entry = &bytes[at..];
        let field = |v: Option<u64>| v.and_then(|v| usize::try_from(v).ok());
        let (kind, header, padded, compressed, sm, flags, plain) = (
            u16_at(entry, 0),
            field(u32_at(entry, 4).map(u64::from)),
            field(u64_at(entry, 8)),
            field(u32_at(entry, 16).map(u64::from)),
            u32_at(entry, 28),
            u64_at(entry, 40),
            field(u64_at(entry, 56)),
        );
        let (
            Some(kind),
            Some(header),
            Some(padded),
            Some(compressed),
            Some(sm),
            Some(flags),
            Some(plain),
        ) = (kind, header, padded, compressed, sm, flags, plain)
        else {
            return Err(FatbinError::Truncated);
        };
        if header < ENTRY_HEADER {
            return Err(FatbinError::Truncated);
        }
        let payload = entry
            .get(header..header.checked_add(padded).ok_or(FatbinError::Truncated)?)
            .ok_or(FatbinError::Truncated)?;
        match kind {
            KIND_PTX => contents.ptx.push(PtxEntry {
                sm,
                text: ptx_text(payload, flags, compressed, plain)?,
            }),
            KIND_ELF => contents.sass.push(sm),
            _ => {}
        }
        at += header + padded;
    }
    Ok(contents)
}

/// A PTX payload as text, decompressed where needed, without its NUL padding.
fn ptx_text(
    payload: &[u8],
    flags: u64,
    compressed: usize,
    plain: usize,
) -> Result<Vec<u8>, FatbinError> {
    let input = || payload.get(..compressed).ok_or(FatbinError::Truncated);
    if flags & (FLAG_LZ4 | FLAG_ZSTD) != 0 && plain > MAX_PTX {
        return Err(FatbinError::CorruptPayload);
    }
    let mut text = if flags & FLAG_ZSTD != 0 {
        zstd_frame(input()?, plain)?
    } else if flags & FLAG_LZ4 != 0 {
        lz4_block(input()?, plain).ok_or(FatbinError::CorruptPayload)?
    } else {
        payload.to_vec()
    };
    while text.last() == Some(&0) {
        text.pop();
    }
    Ok(text)
}

/// Decodes one LZ4 block (the format of LZ4's `LZ4_compress_default`) of `size` bytes; `None`
/// for input that is not such a block.
fn lz4_block(src: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(size);
    let mut at = 0;
    // A length field: 4 bits of the token, then bytes while they are 255.
    let length = |mut n: usize, at: &mut usize| -> Option<usize> {
        if n == 15 {
            loop {
                let b = *src.get(*at)?;
                *at += 1;
                n = n.checked_add(usize::from(b))?;
                if b != 255 {
                    break;
                }
            }
        }
        Some(n)
    };
    while at < src.len() {
        let token = src[at];
        at += 1;
        let literals = length(usize::from(token >> 4), &mut at)?;
        out.extend_from_slice(src.get(at..at.checked_add(literals)?)?);
        at += literals;
        if at == src.len() {
            break;
        }
        let offset = usize::from(u16_at(src, at)?);
        at += 2;
        let matched = length(usize::from(token & 15), &mut at)? + 4;
        if offset == 0 || offset > out.len() || out.len() + matched > size {
            return None;
        }
        let start = out.len() - offset;
        for i in 0..matched {
            out.push(out[start + i]);
        }
    }
    (out.len() == size).then_some(out)
}

/// Decodes one zstd frame of `size` bytes with the system's libzstd.
fn zstd_frame(src: &[u8], size: usize) -> Result<Vec<u8>, FatbinError> {
    type Decompress = unsafe extern "C" fn(*mut u8, usize, *const u8, usize) -> usize;
    type IsError = unsafe extern "C" fn(usize) -> std::ffi::c_uint;
    static ZSTD: std::sync::OnceLock<Result<(Decompress, IsError), String>> =
        std::sync::OnceLock::new();
    let (decompress, is_error) = ZSTD
        .get_or_init(|| {
            // SAFETY: libzstd's initialisers are plain; the library stays loaded (leaked) so the
            // function pointers stay valid, and both have these C signatures (zstd.h).
            unsafe {
                let lib = libloading::Library::new("libzstd.so.1").map_err(|e| e.to_string())?;
                let d = *lib
                    .get::<Decompress>(b"ZSTD_decompress\0")
                    .map_err(|e| e.to_string())?;
                let e = *lib
                    .get::<IsError>(b"ZSTD_isError\0")
                    .map_err(|e| e.to_string())?;
                std::mem::forget(lib);
                Ok((d, e))
            }
        })
        .clone()
        .map_err(FatbinError::NoZstd)?;
    let mut out = vec![0u8; size];
    // SAFETY: both buffers are valid for the lengths given; libzstd checks its input.
    let n = unsafe { decompress(out.as_mut_ptr(), out.len(), src.as_ptr(), src.len()) };
    if unsafe { is_error(n) } != 0 || n != size {
        return Err(FatbinError::CorruptPayload);
    }
    Ok(out)
}

/// The `.nv_fatbin` section of an ELF file (a program or library nvcc built): where the fat
/// binaries of its kernels are. `None` when `elf` is no 64-bit little-endian ELF or has no such
/// section.
pub fn nv_fatbin_section(elf: &[u8]) -> Option<&[u8]> {
    crate::elf::Elf::parse(elf)?.section(".nv_fatbin")
}

/// The PTX to translate for an AMD GPU: the newest written for `sm_90` or older (what the
/// translator reads), else the oldest newer one.
pub fn best_ptx(entries: &[PtxEntry]) -> Option<&PtxEntry> {
    const NEWEST_READ: u32 = 90;
    entries
        .iter()
        .filter(|e| e.sm <= NEWEST_READ)
        .max_by_key(|e| e.sm)
        .or_else(|| entries.iter().min_by_key(|e| e.sm))
}

/// What a `__fatBinC_Wrapper_t` at `image` points to (its container); any other image itself.
/// NVIDIA's static runtime hands `cuLibraryLoadData` the wrapper, which NVIDIA's
/// `cuModuleLoadData` does not take.
///
/// # Safety
/// `image` points to at least 16 readable bytes when it starts with the wrapper's magic, 4 else.
pub unsafe fn unwrapped(image: *const u8) -> *const u8 {
    match unsafe { image.cast::<u32>().read_unaligned() } {
        // { int magic; int version; const unsigned long long *data; void *filename_or_fatbins }
        WRAPPER_MAGIC => unsafe { image.add(8).cast::<*const u8>().read_unaligned() },
        _ => image,
    }
}

/// The container a program hands over: `image` is a container or a `__fatBinC_Wrapper_t`
/// pointing to one.
///
/// # Safety
/// `image` points to a wrapper or a container, which is whole (its header's size is readable).
pub unsafe fn container_at<'a>(image: *const u8) -> Result<&'a [u8], FatbinError> {
    let container = unsafe { unwrapped(image) };
    if container.is_null() {
        return Err(FatbinError::Truncated);
    }
    let head = unsafe { std::slice::from_raw_parts(container, CONTAINER_HEADER) };
    let len = container_len(head)?;
    Ok(unsafe { std::slice::from_raw_parts(container, len) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container of `entries` (kind, sm, flags, payload, uncompressed size), laid out as nvcc does.
    fn container(entries: &[(u16, u32, u64, &[u8], usize)]) -> Vec<u8> {
        let mut body = Vec::new();
        for &(kind, sm, flags, payload, plain) in entries {
            let padded = payload.len().div_ceil(8) * 8;
            body.extend_from_slice(&kind.to_le_bytes());
            body.extend_from_slice(&0x0101u16.to_le_bytes());
            body.extend_from_slice(&64u32.to_le_bytes());
            body.extend_from_slice(&(padded as u64).to_le_bytes());
            body.extend_from_slice(&(payload.len() as u32).to_le_bytes());
            body.extend_from_slice(&[0; 4]);
            body.extend_from_slice(&[8, 0, 8, 0]);
            body.extend_from_slice(&sm.to_le_bytes());
            body.extend_from_slice(&[0; 8]);
            body.extend_from_slice(&flags.to_le_bytes());
            body.extend_from_slice(&[0; 8]);
            body.extend_from_slice(&(plain as u64).to_le_bytes());
            body.extend_from_slice(payload);
            body.resize(body.len() + padded - payload.len(), 0);
        }
        let mut out = CONTAINER_MAGIC.to_le_bytes().to_vec();
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn plain_and_lz4_ptx_entries_and_sass_are_told_apart() {
        // "abcabcabcabc!" as an LZ4 block: 3 literals, a 9-byte match at offset 3, 1 literal.
        let lz4: &[u8] = &[0x35, b'a', b'b', b'c', 3, 0, 0x10, b'!'];
        let c = container(&[
            (KIND_ELF, 80, 0x11, b"\x7fELF....", 0),
            (KIND_PTX, 52, 0x11, b".version 6.0\0\0", 0),
            (KIND_PTX, 80, 0x11 | FLAG_LZ4, lz4, 13),
        ]);
        let got = read(&c).unwrap();
        assert_eq!(got.sass, vec![80]);
        assert_eq!(got.ptx[0].text, b".version 6.0");
        assert_eq!(got.ptx[1].text, b"abcabcabcabc!");
        assert_eq!(best_ptx(&got.ptx).unwrap().sm, 80);
    }

    #[test]
    fn damaged_containers_are_errors_not_panics() {
        let c = container(&[(
            KIND_PTX,
            80,
            FLAG_LZ4,
            &[0x35, b'a', b'b', b'c', 9, 0, 0x10, b'!'],
            13,
        )]);
        assert_eq!(read(&c), Err(FatbinError::CorruptPayload));
        let c = container(&[(KIND_PTX, 80, FLAG_ZSTD, b"(\xb5/\xfd", 4)]);
        assert_eq!(read(&c), Err(FatbinError::CorruptPayload));
        let whole = container(&[(KIND_PTX, 80, 0, b".version 8.0", 0)]);
        for cut in 0..whole.len() {
            assert!(read(&whole[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(read(b"\0\0\0\0xxxxxxxxxxxx"), Err(FatbinError::BadMagic(0)));
    }

    #[test]
    fn the_best_ptx_is_the_newest_the_translator_reads() {
        let e = |sm| PtxEntry {
            sm,
            text: Vec::new(),
        };
        assert_eq!(best_ptx(&[e(52), e(90), e(70)]).unwrap().sm, 90);
        assert_eq!(best_ptx(&[e(121), e(100)]).unwrap().sm, 100);
        assert_eq!(best_ptx(&[]), None);
    }
}
