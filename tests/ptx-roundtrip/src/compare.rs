//! The verdict on one kernel and data set: the buffers after the original's two runs and the
//! round trip's one, compared.
//!
//! Bit for bit, except where the original uses an `.approx` instruction ([`approx_ulp`]): there each
//! differing 4-byte word may differ by up to that many units in the last place as an f32 (the PTX ISA
//! gives these instructions' maximum errors in ulp; a round trip that keeps the instruction keeps the
//! bits, one that computes it otherwise may be off by the bound). Kernels whose original gives two
//! different results on the same inputs (float atomics in a different order, races) are nondeterministic
//! and not compared.

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
    Differs {
        buffer: usize,
        offset: usize,
        words: usize,
    },
    /// The original's two runs differ: not compared.
    Nondeterministic,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Identical | Verdict::WithinUlp { .. })
    }
}

/// Compares the buffers of the original's runs `a` and `b` and of the round trip `rt`.
pub fn verdict(a: &[Vec<u8>], b: &[Vec<u8>], rt: &[Vec<u8>], ulp_bound: u32) -> Verdict {
    if a != b {
        return Verdict::Nondeterministic;
    }
    let mut max_ulp = 0;
    for (buffer, (x, y)) in a.iter().zip(rt).enumerate() {
        if x == y {
            continue;
        }
        let mut first = None;
        let mut words = 0;
        for (k, (wx, wy)) in x.chunks(4).zip(y.chunks(4)).enumerate() {
            if wx == wy {
                continue;
            }
            match f32_ulp(wx, wy) {
                Some(d) if d <= ulp_bound => max_ulp = max_ulp.max(d),
                _ => {
                    first.get_or_insert(k * 4);
                    words += 1;
                }
            }
        }
        if let Some(offset) = first {
            return Verdict::Differs {
                buffer,
                offset,
                words,
            };
        }
    }
    if max_ulp == 0 {
        Verdict::Identical
    } else {
        Verdict::WithinUlp { max_ulp }
    }
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
                words: 1
            }
        );
        assert_eq!(verdict(&a, &a, &near, 2), Verdict::WithinUlp { max_ulp: 2 });
        assert_eq!(
            verdict(&a, &a, &near, 1),
            Verdict::Differs {
                buffer: 0,
                offset: 4,
                words: 1
            }
        );
        assert_eq!(verdict(&a, &near, &a, 4), Verdict::Nondeterministic);
        let nan = vec![f32s(&[1.0, f32::NAN, 3.0])];
        assert!(!verdict(&a, &a, &nan, 4).passed());
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
