//! The verdict on one kernel and data set: the buffers after the original's two runs and the
//! round trip's one, compared.
//!
//! Bit for bit, except where the original uses an `.approx` instruction ([`approx_ulp`]): there each
//! differing 4-byte word may differ by up to that many units in the last place as an f32 (the PTX ISA
//! gives these instructions' maximum errors in ulp; a round trip that keeps the instruction keeps the
//! bits, one that computes it otherwise may be off by the bound). Kernels whose original gives two
//! different results on the same inputs (float atomics in a different order, races) are nondeterministic
//! and not compared. Where every difference is a NaN against a NaN of the same width (f16, f32 or f64:
//! the PTX ISA leaves which NaN a floating-point instruction returns unspecified — `abs.f16`, `neg`, the
//! arithmetic), the verdict says so apart ([`Verdict::NanOnly`]): a pass, counted apart from identical.

/// The `.approx` f32 instructions and their ulp bounds. rcp, sqrt, rsqrt, div, ex2: the PTX ISA's
/// maximum errors (1, 1 (2^-23 relative), 2 (2^-22.9), 2, 2 (2^-22.5) ulp). lg2, sin, cos: the ISA
/// gives absolute errors (2^-22.6, 2^-20.9), which near zero results are many ulp; 4 ulp is this
/// harness's choice, and a larger difference fails (then the instruction is worth a look).
pub const APPROX_ULP: [(&str, u32); 9] = [
    ("rcp.approx", 1),
    ("sqrt.approx", 1),
    ("rsqrt.approx", 2),
    ("div.approx", 2),
    ("div.full", 2),
    ("ex2.approx", 2),
    ("lg2.approx", 4),
    ("sin.approx", 4),
    ("cos.approx", 4),
];

/// The largest ulp bound among the `.approx` instructions `ptx` uses; 0 (bit for bit) when none.
pub fn approx_ulp(ptx: &str) -> u32 {
    APPROX_ULP
        .iter()
        .filter(|(op, _)| ptx.contains(op))
        .map(|&(_, ulp)| ulp)
        .max()
        .unwrap_or(0)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Identical,
    /// Equal but for f32 words at most `max_ulp` apart (allowed: `max_ulp` ≤ the kernel's bound).
    WithinUlp {
        max_ulp: u32,
    },
    /// The first difference: its buffer and byte offset, how many words differ, and the 8-byte
    /// word around it as the original and the round trip left it (what to look into).
    Differs {
        buffer: usize,
        offset: usize,
        words: usize,
        original: Hex,
        roundtrip: Hex,
    },
    /// Equal but for `words` NaNs that are other NaNs of the same width (sign or payload).
    NanOnly {
        words: usize,
    },
    /// The original's two runs differ: not compared.
    Nondeterministic,
}

/// A little-endian 8-byte word, shown in hex.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Hex(pub u64);

impl std::fmt::Debug for Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#018x}", self.0)
    }
}

/// The aligned 8-byte word of `buffer` that holds byte `offset` (zero-padded at its end).
fn word_at(buffer: &[u8], offset: usize) -> Hex {
    let mut w = [0u8; 8];
    let start = offset / 8 * 8;
    let bytes = &buffer[start..buffer.len().min(start + 8)];
    w[..bytes.len()].copy_from_slice(bytes);
    Hex(u64::from_le_bytes(w))
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(
            self,
            Verdict::Identical | Verdict::WithinUlp { .. } | Verdict::NanOnly { .. }
        )
    }
}

/// Compares the buffers of the original's runs `a` and `b` and of the round trip `rt`.
pub fn verdict(a: &[Vec<u8>], b: &[Vec<u8>], rt: &[Vec<u8>], ulp_bound: u32) -> Verdict {
    if a != b {
        return Verdict::Nondeterministic;
    }
    let (mut max_ulp, mut nans) = (0, 0);
    for (buffer, (x, y)) in a.iter().zip(rt).enumerate() {
        if x == y {
            continue;
        }
        let mut first = None;
        let mut words = 0;
        for (k, (wx, wy)) in x.chunks(8).zip(y.chunks(8)).enumerate() {
            match word_difference(wx, wy, ulp_bound) {
                Difference::None => {}
                Difference::Ulp(d) => max_ulp = max_ulp.max(d),
                Difference::Nans(n) => nans += n,
                Difference::Wrong(at) => {
                    first.get_or_insert(k * 8 + at);
                    words += 1;
                }
            }
        }
        if let Some(offset) = first {
            return Verdict::Differs {
                buffer,
                offset,
                words,
                original: word_at(x, offset),
                roundtrip: word_at(y, offset),
            };
        }
    }
    match (nans, max_ulp) {
        (0, 0) => Verdict::Identical,
        (0, max_ulp) => Verdict::WithinUlp { max_ulp },
        (words, _) => Verdict::NanOnly { words },
    }
}

/// How an 8-byte word of the original and the round trip's differ.
enum Difference {
    None,
    /// f32 words at most this many ulp apart (within the bound).
    Ulp(u32),
    /// Only NaNs against NaNs of the same width: how many.
    Nans(usize),
    /// A real difference, at this byte of the word.
    Wrong(usize),
}

/// The difference of 8-byte words `x` and `y` (shorter at a buffer's end): an f64 NaN pair, else
/// per 4-byte half an f32 within `ulp_bound` or an f32 NaN pair, else per 2-byte quarter an f16 NaN
/// pair; anything else is wrong.
fn word_difference(x: &[u8], y: &[u8], ulp_bound: u32) -> Difference {
    if x == y {
        return Difference::None;
    }
    if x.len() == 8 && nan_pair(x, y) {
        return Difference::Nans(1);
    }
    let (mut ulp, mut nans) = (0, 0);
    for (h, (hx, hy)) in x.chunks(4).zip(y.chunks(4)).enumerate() {
        if hx == hy {
            continue;
        }
        match f32_ulp(hx, hy) {
            Some(d) if d <= ulp_bound => ulp = ulp.max(d),
            _ if hx.len() == 4 && nan_pair(hx, hy) => nans += 1,
            _ => {
                for (q, (qx, qy)) in hx.chunks(2).zip(hy.chunks(2)).enumerate() {
                    match qx == qy || (qx.len() == 2 && nan_pair(qx, qy)) {
                        true => nans += usize::from(qx != qy),
                        false => return Difference::Wrong(h * 4 + q * 2),
                    }
                }
            }
        }
    }
    match nans {
        0 => Difference::Ulp(ulp),
        n => Difference::Nans(n),
    }
}

/// Whether little-endian floats `x` and `y` (2, 4 or 8 bytes) are both NaNs.
fn nan_pair(x: &[u8], y: &[u8]) -> bool {
    let nan = |w: &[u8]| match w.len() {
        2 => {
            let h = u16::from_le_bytes([w[0], w[1]]);
            h & 0x7c00 == 0x7c00 && h & 0x03ff != 0
        }
        4 => f32::from_le_bytes(w.try_into().unwrap()).is_nan(),
        8 => f64::from_le_bytes(w.try_into().unwrap()).is_nan(),
        _ => false,
    };
    nan(x) && nan(y)
}

/// Units in the last place between two f32 words; None when not both finite numbers of one sign.
fn f32_ulp(x: &[u8], y: &[u8]) -> Option<u32> {
    let x = f32::from_le_bytes(x.try_into().ok()?);
    let y = f32::from_le_bytes(y.try_into().ok()?);
    if !x.is_finite() || !y.is_finite() || x.is_sign_negative() != y.is_sign_negative() {
        return None;
    }
    Some(x.to_bits().abs_diff(y.to_bits()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32s(v: &[f32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn bits_decide_unless_approx() {
        let a = vec![f32s(&[1.0, 2.0, 3.0])];
        let near = vec![f32s(&[1.0, f32::from_bits(2.0f32.to_bits() + 2), 3.0])];
        assert_eq!(verdict(&a, &a, &a, 0), Verdict::Identical);
        assert_eq!(
            verdict(&a, &a, &near, 0),
            Verdict::Differs {
                buffer: 0,
                offset: 4,
                words: 1,
                original: Hex(0x4000_0000_3f80_0000),
                roundtrip: Hex(0x4000_0002_3f80_0000),
            }
        );
        assert_eq!(verdict(&a, &a, &near, 2), Verdict::WithinUlp { max_ulp: 2 });
        assert_eq!(
            verdict(&a, &a, &near, 1),
            Verdict::Differs {
                buffer: 0,
                offset: 4,
                words: 1,
                original: Hex(0x4000_0000_3f80_0000),
                roundtrip: Hex(0x4000_0002_3f80_0000),
            }
        );
        assert_eq!(verdict(&a, &near, &a, 4), Verdict::Nondeterministic);
        let nan = vec![f32s(&[1.0, f32::NAN, 3.0])];
        assert!(!verdict(&a, &a, &nan, 4).passed());
    }

    #[test]
    fn nans_against_other_nans_are_told_apart_from_wrong_numbers() {
        let halves = |v: &[u16]| vec![v.iter().flat_map(|h| h.to_le_bytes()).collect::<Vec<u8>>()];
        // abs.f16 of a negative NaN: NVIDIA's canonical NaN against the sign bit cleared.
        let (nvidia, cleared) = (
            halves(&[0x3c00, 0x7fff, 0, 0]),
            halves(&[0x3c00, 0x7e01, 0, 0]),
        );
        assert_eq!(
            verdict(&nvidia, &nvidia, &cleared, 0),
            Verdict::NanOnly { words: 1 }
        );
        assert!(Verdict::NanOnly { words: 1 }.passed());
        // A NaN against a number is wrong, whatever the width.
        let number = halves(&[0x3c00, 0x3c00, 0, 0]);
        assert_eq!(
            verdict(&nvidia, &nvidia, &number, 0),
            Verdict::Differs {
                buffer: 0,
                offset: 2,
                words: 1,
                original: Hex(0x7fff_3c00),
                roundtrip: Hex(0x3c00_3c00),
            }
        );
        let f64s = |v: f64| vec![v.to_le_bytes().to_vec()];
        let other_nan = f64::from_bits(f64::NAN.to_bits() | 1);
        assert_eq!(
            verdict(&f64s(f64::NAN), &f64s(f64::NAN), &f64s(other_nan), 0),
            Verdict::NanOnly { words: 1 }
        );
    }

    #[test]
    fn the_bound_is_the_largest_of_the_instructions_used() {
        assert_eq!(approx_ulp("add.f32 %f1, %f2, %f3;"), 0);
        assert_eq!(
            approx_ulp("rcp.approx.ftz.f32 %f1, %f2;\nlg2.approx.f32 %f3, %f1;"),
            4
        );
    }
}
