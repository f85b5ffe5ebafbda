//! HIP version numbers and the binding table each one uses.

use std::fmt;

/// A HIP version as `hipRuntimeGetVersion` encodes it: `major * 10_000_000 + minor * 100_000 + patch`
/// (HIP 5.2.3 reports 50221153: the "patch" is a build number).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HipVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl HipVersion {
    /// Decodes `hipRuntimeGetVersion`'s integer; `None` for a negative value.
    pub fn from_encoded(encoded: i32) -> Option<Self> {
        let v = u32::try_from(encoded).ok()?;
        Some(Self {
            major: v / 10_000_000,
            minor: (v / 100_000) % 100,
            patch: v % 100_000,
        })
    }

    pub fn encoded(self) -> u32 {
        self.major * 10_000_000 + self.minor * 100_000 + self.patch
    }

    /// The generated binding table for this version: the one of the same major version with the
    /// nearest minor (HIP changes struct layouts at major versions, as 6.0 did for
    /// `hipDeviceProp_t`); majors past the newest bound use the newest. `None` before HIP 5.
    pub fn bindings(self) -> Option<Bindings> {
        let same_major = Bindings::ALL.iter().filter(|b| b.version().0 == self.major);
        let nearest = same_major
            .min_by_key(|b| b.version().1.abs_diff(self.minor))
            .copied();
        match nearest {
            Some(b) => Some(b),
            None if self.major > Bindings::NEWEST.version().0 => Some(Bindings::NEWEST),
            None => None,
        }
    }
}

impl fmt::Display for HipVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The HIP versions `hip-sys` has generated bindings for (one module each).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Bindings {
    /// [`crate::v5_2_3`]: Debian bookworm's HIP, the test runtime and the GPU loopback's HIP.
    V5_2_3,
    /// [`crate::v5_7_1`]
    V5_7_1,
    /// [`crate::v6_4_3`]
    V6_4_3,
    /// [`crate::v7_2_4`]
    V7_2_4,
}

impl Bindings {
    pub const ALL: [Bindings; 4] = [
        Bindings::V5_2_3,
        Bindings::V5_7_1,
        Bindings::V6_4_3,
        Bindings::V7_2_4,
    ];
    pub const NEWEST: Bindings = Bindings::V7_2_4;

    /// (major, minor, patch) of the headers the table was generated from.
    pub fn version(self) -> (u32, u32, u32) {
        match self {
            Bindings::V5_2_3 => (5, 2, 3),
            Bindings::V5_7_1 => (5, 7, 1),
            Bindings::V6_4_3 => (6, 4, 3),
            Bindings::V7_2_4 => (7, 2, 4),
        }
    }
}

impl fmt::Display for Bindings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b, c) = self.version();
        write!(f, "{a}.{b}.{c}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bookworm_hip() {
        let v = HipVersion::from_encoded(50221153).unwrap();
        assert_eq!((v.major, v.minor, v.patch), (5, 2, 21153));
        assert_eq!(v.encoded(), 50221153);
        assert_eq!(HipVersion::from_encoded(-1), None);
    }

    #[test]
    fn picks_same_major_nearest_minor() {
        let pick = |major, minor| {
            HipVersion {
                major,
                minor,
                patch: 0,
            }
            .bindings()
        };
        assert_eq!(pick(5, 2), Some(Bindings::V5_2_3));
        assert_eq!(pick(5, 5), Some(Bindings::V5_7_1));
        assert_eq!(
            pick(6, 0),
            Some(Bindings::V6_4_3),
            "6.0 already has the R0600 layouts"
        );
        assert_eq!(pick(7, 0), Some(Bindings::V7_2_4));
        assert_eq!(pick(8, 1), Some(Bindings::V7_2_4));
        assert_eq!(pick(4, 5), None);
    }
}
