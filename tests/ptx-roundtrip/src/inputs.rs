//! The launch convention: what each parameter gets, from the kernel's `.param` list alone, the same
//! for the original and the round-tripped PTX.
//!
//! - a pointer ([`Kind::Pointer`]) → a device buffer of [`BUFFER_BYTES`], filled by the data set;
//! - a table of sizes and strides ([`Kind::Table`]) → such a buffer of the small data set, whatever
//!   the data set (candle's kernels fault on any other);
//! - an integer → [`INT_SCALAR`] (a count or size: 200 keeps indices inside the buffers and leaves the
//!   launch's last threads out of range, so bounds checks take both ways);
//! - a float → 1.5 (`.f16`: its half-precision bits);
//! - a structure by value (`.b8 name[N]`) → N bytes of the data set;
//! - the launch: [`GRID`] blocks of [`BLOCK`] threads (fewer where `.maxntid`/`.reqntid` say so),
//!   [`DYNAMIC_SHARED`] bytes of dynamic shared memory where the module declares `.extern .shared`.
//!
//! Each kernel runs once per data set ([`DataSet`]); one whose original faults or hangs on a data set
//! is not compared on it (reported as such, never as a pass).
use crate::signature::{Kernel, Kind, Param};

pub const BUFFER_BYTES: usize = 1 << 20;
pub const INT_SCALAR: u64 = 200;
pub const GRID: u32 = 4;
pub const BLOCK: u32 = 128;
pub const DYNAMIC_SHARED: u32 = 16 << 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSet {
    /// Every 8-byte word a u64 in [1, 16): valid sizes, strides and indices (candle's shape tables:
    /// never a dimension of 0, which their index arithmetic divides by), small integers of every
    /// width.
    Small,
    /// Every 4-byte word an f32 in [-4, 4), with zeros, infinities, NaNs and subnormals mixed in.
    F32,
    /// Every 8-byte word an f64 in [-4, 4), with the same special values.
    F64,
    /// Uniformly random bytes.
    Bytes,
}

pub const DATA_SETS: [DataSet; 4] = [DataSet::Small, DataSet::F32, DataSet::F64, DataSet::Bytes];

impl DataSet {
    pub fn name(self) -> &'static str {
        match self {
            DataSet::Small => "small",
            DataSet::F32 => "f32",
            DataSet::F64 => "f64",
            DataSet::Bytes => "bytes",
        }
    }

    /// `len` bytes of this data set; `seed` tells buffers apart (the parameter's index).
    pub fn fill(self, len: usize, seed: u64) -> Vec<u8> {
        let mut rng = SplitMix(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self as u64);
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            let r = rng.next();
            match self {
                DataSet::Small => out.extend_from_slice(&(1 + r % 15).to_le_bytes()),
                DataSet::F32 => {
                    for half in [r as u32, (r >> 32) as u32] {
                        let bits =
                            special_f32(half).unwrap_or_else(|| uniform(half as u64, 32).to_bits());
                        out.extend_from_slice(&bits.to_le_bytes());
                    }
                }
                DataSet::F64 => out.extend_from_slice(
                    &special_f64(r).unwrap_or_else(|| uniform64(r)).to_le_bytes(),
                ),
                DataSet::Bytes => out.extend_from_slice(&r.to_le_bytes()),
            }
        }
        out.truncate(len);
        out
    }
}

/// One in 32 values is special: ±0, ±∞, NaN, the smallest subnormal, 1.
fn special_f32(r: u32) -> Option<u32> {
    const SPECIAL: [u32; 7] = [
        0,
        0x8000_0000,
        0x7F80_0000,
        0xFF80_0000,
        0x7FC0_0000,
        1,
        0x3F80_0000,
    ];
    (r % 32 == 0).then(|| SPECIAL[(r / 32) as usize % SPECIAL.len()])
}

fn special_f64(r: u64) -> Option<u64> {
    const SPECIAL: [u64; 7] = [
        0,
        1 << 63,
        0x7FF0 << 48,
        0xFFF0 << 48,
        0x7FF8 << 48,
        1,
        0x3FF0 << 48,
    ];
    (r % 32 == 0).then(|| SPECIAL[(r / 32) as usize % SPECIAL.len()])
}

/// An f32 in [-4, 4) from the top 24 of `bits` random bits.
fn uniform(r: u64, bits: u32) -> f32 {
    ((r >> (bits - 24)) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0
}

fn uniform64(r: u64) -> u64 {
    (((r >> 11) as f64 / (1u64 << 53) as f64) * 8.0 - 4.0).to_bits()
}

/// SplitMix64: small, fast, the same sequence on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What one parameter is given: a buffer's initial contents, or the bytes of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Argument {
    Buffer(Vec<u8>),
    Value(Vec<u8>),
}

/// The arguments of `kernel` for `data`, in parameter order.
pub fn arguments(kernel: &Kernel, data: DataSet) -> Vec<Argument> {
    kernel
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| argument(p, data, i as u64))
        .collect()
}

fn argument(p: &Param, data: DataSet, seed: u64) -> Argument {
    match p.kind {
        Kind::Pointer => Argument::Buffer(data.fill(BUFFER_BYTES, seed)),
        Kind::Table => Argument::Buffer(DataSet::Small.fill(BUFFER_BYTES, seed)),
        Kind::Bytes => Argument::Value(data.fill(p.size, seed)),
        Kind::Int => Argument::Value(INT_SCALAR.to_le_bytes()[..p.size].to_vec()),
        Kind::Float => Argument::Value(match p.size {
            2 => 0x3E00u16.to_le_bytes().to_vec(), // 1.5 in binary16
            4 => 1.5f32.to_le_bytes().to_vec(),
            _ => 1.5f64.to_le_bytes().to_vec(),
        }),
    }
}

/// Threads per block for `kernel`: [`BLOCK`], or its `.maxntid`/`.reqntid` limit when lower.
pub fn block_size(kernel: &Kernel) -> u32 {
    kernel.max_threads.map_or(BLOCK, |m| m.min(BLOCK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::kernels;

    #[test]
    fn data_sets_are_reproducible_and_distinct() {
        for d in DATA_SETS {
            assert_eq!(d.fill(4096, 3), d.fill(4096, 3), "{}", d.name());
            assert_ne!(d.fill(4096, 3), d.fill(4096, 4), "{}", d.name());
        }
        let small = DataSet::Small.fill(4096, 0);
        assert!(small
            .chunks(8)
            .all(|w| (1..16).contains(&u64::from_le_bytes(w.try_into().unwrap()))));
        let f32s = DataSet::F32.fill(1 << 16, 0);
        let values: Vec<f32> = f32s
            .chunks(4)
            .map(|w| f32::from_le_bytes(w.try_into().unwrap()))
            .collect();
        assert!(values.iter().any(|v| v.is_nan()) && values.iter().any(|v| v.is_infinite()));
        assert!(values
            .iter()
            .filter(|v| v.is_finite())
            .all(|v| (-4.0..4.0).contains(v) || v.abs() < 1e-30));
    }

    #[test]
    fn each_parameter_gets_its_kind_of_argument() {
        let ptx = ".entry k(.param .u64 .ptr p, .param .u32 n, .param .f16 h, .param .align 4 .b8 s[12])\n.reqntid 64\n{\nret;\n}";
        let k = &kernels(ptx).unwrap()[0];
        let args = arguments(k, DataSet::Bytes);
        assert!(matches!(&args[0], Argument::Buffer(b) if b.len() == BUFFER_BYTES));
        assert_eq!(args[1], Argument::Value(200u32.to_le_bytes().to_vec()));
        assert_eq!(args[2], Argument::Value(vec![0x00, 0x3E]));
        assert!(matches!(&args[3], Argument::Value(b) if b.len() == 12));
        assert_eq!(block_size(k), 64);
    }
}
