//! CUDA enums paired with HIP's: each constant's HIP counterpart and its value per HIP version.

use super::{ConstPair, EnumPair, Inputs, StructPair};
use crate::model::{Api, Enum};

/// Every CUDA constant maps (by hipify) to a HIP constant of the same value in version `vi`.
/// A CUDA-only constant is allowed when no HIP constant has its value (HIP then rejects it
/// rather than reading it as something else). Memory shared both ways must also hold only CUDA
/// values when HIP writes it: every HIP constant's value is a CUDA one, unless the CUDA type is
/// an OR-able flags newtype (any integer is a valid value of it, never of a Rust enum).
pub(super) fn enum_values_equal(inputs: &Inputs, ce: &Enum, he: &Enum, vi: usize) -> bool {
    let pair = pair_constants(inputs, ce, &he.name);
    let hip_has = |v: i64| he.constants.iter().any(|(_, hv)| *hv == v);
    let cuda_has = |v: i64| ce.constants.iter().any(|(_, cv)| *cv == v);
    let mapped = pair.iter().all(|c| match c.hip_values[vi] {
        Some(h) => h == c.cuda_value,
        None => !hip_has(c.cuda_value),
    });
    let hip_writes_cuda_values = inputs.overrides.bitflags.contains(&ce.name)
        || he.constants.iter().all(|(_, hv)| cuda_has(*hv));
    mapped && hip_writes_cuda_values
}

/// The `const` override that maps a CUDA constant to no HIP constant.
const NO_COUNTERPART: &str = "-";

pub(super) fn pair_constants(inputs: &Inputs, ce: &Enum, hip_enum: &str) -> Vec<ConstPair> {
    ce.constants
        .iter()
        .map(|(name, value)| {
            // The override where `hip_enum` has it (it names the constant of another enum than
            // hipify's), else hipify's name.
            let value_in = |api: &Api, h: &str| {
                let e = api.enums.iter().find(|e| e.name == hip_enum)?;
                e.constants.iter().find(|(n, _)| n == h).map(|(_, v)| *v)
            };
            let overridden = inputs.overrides.constants.get(name);
            let none = overridden.is_some_and(|h| h.iter().any(|h| h == NO_COUNTERPART));
            let override_fits = (overridden.into_iter().flatten()).find(|h| {
                inputs
                    .hips
                    .iter()
                    .any(|(_, api)| value_in(api, h).is_some())
            });
            let hip = override_fits
                .cloned()
                .or_else(|| inputs.hipify.hip(name).map(|e| e.hip.clone()))
                .filter(|_| !none);
            let hip_values = inputs
                .hips
                .iter()
                .map(|(_, api)| value_in(api, hip.as_ref()?))
                .collect();
            ConstPair {
                cuda: name.clone(),
                cuda_value: *value,
                hip,
                hip_values,
            }
        })
        .collect()
}

pub(super) struct EnumPairs<'a, 'i> {
    pub(super) inputs: &'a Inputs<'i>,
    pub(super) pairs: Vec<EnumPair>,
    pub(super) structs: Vec<StructPair>,
}

impl EnumPairs<'_, '_> {
    /// Index of the (CUDA enum, HIP enum) table, built on first use; `None` when no constant
    /// of one maps to the other.
    pub(super) fn pair(&mut self, cuda: &str, hip: &str) -> Option<usize> {
        if let Some(i) = self
            .pairs
            .iter()
            .position(|p| p.cuda == cuda && p.hip == hip)
        {
            return Some(i);
        }
        let ce = self.inputs.cuda.enums.iter().find(|e| e.name == cuda)?;
        let constants = pair_constants(self.inputs, ce, hip);
        if constants
            .iter()
            .all(|c| c.hip_values.iter().all(Option::is_none))
        {
            return None;
        }
        self.pairs.push(EnumPair {
            cuda: cuda.to_string(),
            hip: hip.to_string(),
            constants,
            cuda_repr: ce.repr,
        });
        Some(self.pairs.len() - 1)
    }
}
