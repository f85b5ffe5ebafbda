//! Whether a CUDA type and a HIP type are the same memory, and how an argument crosses from
//! CUDA to HIP when they are not: one HIP version's types compared against CUDA's, field by field.

use super::enums::{enum_values_equal, EnumPairs};
use super::{FieldConv, FieldPair, Inputs, Pass, StructPair};
use crate::family::Family;
use crate::model::{Api, Enum, Record, Ty};

pub(super) struct Types<'a, 'i> {
    pub(super) inputs: &'a Inputs<'i>,
    pub(super) vi: usize,
}

fn resolve(api: &Api, t: &Ty) -> Ty {
    let mut t = t.clone();
    while let Ty::Named(n) = &t {
        match api.typedefs.iter().find(|d| &d.name == n) {
            Some(d) => t = d.ty.clone(),
            None => break,
        }
    }
    t
}

fn prim_size(p: &str) -> &str {
    prim_class(p).trim_start_matches(['i', 'u'])
}

/// Size and signedness of an integer primitive, so `c_ulonglong` and `u64` compare equal.
fn prim_class(p: &str) -> &str {
    match p {
        "c_int" | "i32" => "i32",
        "c_uint" | "u32" => "u32",
        "c_long" | "c_longlong" | "i64" | "isize" => "i64",
        "c_ulong" | "c_ulonglong" | "u64" | "usize" => "u64",
        "c_char" | "c_schar" | "i8" => "i8",
        "c_uchar" | "u8" => "u8",
        "c_short" | "i16" => "i16",
        "c_ushort" | "u16" => "u16",
        "c_float" | "f32" => "f32",
        "c_double" | "f64" => "f64",
        other => other,
    }
}

impl Types<'_, '_> {
    fn hip(&self) -> &Api {
        self.inputs.hips[self.vi].1
    }

    pub(super) fn cuda_resolve(&self, t: &Ty) -> Ty {
        resolve(self.inputs.cuda, t)
    }

    pub(super) fn enum_of(&self, t: &Ty) -> Option<&Enum> {
        match self.cuda_resolve(t) {
            Ty::Named(n) => self.inputs.cuda.enums.iter().find(|e| e.name == n),
            _ => None,
        }
    }

    pub(super) fn enum_of_hip(&self, t: &Ty) -> Option<&Enum> {
        match resolve(self.hip(), t) {
            Ty::Named(n) => self.hip().enums.iter().find(|e| e.name == n),
            _ => None,
        }
    }

    pub(super) fn cuda_record(&self, t: &Ty) -> Option<&Record> {
        match self.cuda_resolve(t) {
            Ty::Named(n) => self.inputs.cuda.records.iter().find(|r| r.name == n),
            _ => None,
        }
    }

    fn hip_record(&self, t: &Ty) -> Option<&Record> {
        match resolve(self.hip(), t) {
            Ty::Named(n) => self.hip().records.iter().find(|r| r.name == n),
            _ => None,
        }
    }

    fn is_cuda_named(&self, t: &Ty, name: &str) -> bool {
        let mut t = t.clone();
        loop {
            match &t {
                Ty::Named(n) if n == name => return true,
                Ty::Named(n) => match self.inputs.cuda.typedefs.iter().find(|d| &d.name == n) {
                    Some(d) => t = d.ty.clone(),
                    None => return false,
                },
                _ => return false,
            }
        }
    }

    /// How a value of CUDA type `c` is passed where HIP declares `h`.
    pub(super) fn pass(&self, enums: &mut EnumPairs, c: &Ty, h: &Ty) -> Result<Pass, String> {
        if let Some(ce) = self.enum_of(c) {
            let he = self
                .enum_of_hip(h)
                .ok_or_else(|| format!("CUDA enum {} where HIP takes {h:?}", ce.name))?;
            return enums
                .pair(&ce.name, &he.name)
                .map(Pass::EnumIn)
                .ok_or_else(|| format!("no constant of {} maps to {}", ce.name, he.name));
        }
        let (rc, rh) = (self.cuda_resolve(c), resolve(self.hip(), h));
        if let (Some(pass), Ty::Ptr { .. }) = (self.id_handle_pass(c), &rh) {
            return Ok(pass);
        }
        if let (
            Ty::Ptr {
                pointee: pc,
                is_const: false,
            },
            Ty::Ptr { pointee: ph, .. },
        ) = (&rc, &rh)
        {
            let (ic, ih) = (self.cuda_resolve(pc), resolve(self.hip(), ph));
            if matches!((&ic, &ih), (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == "i32" && prim_class(b) == "u64")
            {
                return Ok(Pass::NarrowOut);
            }
        }
        match (&rc, &rh) {
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == prim_class(b) => Ok(Pass::Same),
            (Ty::Prim(a), Ty::Ptr { .. }) if prim_class(a) == "u64" => Ok(Pass::DevicePtr),
            (Ty::Ptr { .. }, Ty::Ptr { .. })
                if ["CUstream", "cudaStream_t"]
                    .iter()
                    .any(|s| self.is_cuda_named(c, s)) =>
            {
                Ok(Pass::Stream)
            }
            (
                Ty::Ptr {
                    pointee: pc,
                    is_const: cuda_const,
                },
                Ty::Ptr {
                    pointee: ph,
                    is_const,
                },
            ) => {
                if let (Some(ce), false) = (self.enum_of(pc), is_const) {
                    let he = self
                        .enum_of_hip(ph)
                        .ok_or_else(|| format!("pointer to CUDA enum {}", ce.name))?;
                    return enums
                        .pair(&ce.name, &he.name)
                        .map(Pass::EnumOut)
                        .ok_or_else(|| format!("no constant of {} maps to {}", ce.name, he.name));
                }
                match self.same_memory(c, h, 0) {
                    Ok(()) => Ok(Pass::Cast),
                    // Either side's `const` says HIP only reads it (HIP 6's
                    // hipGraphExecMemcpyNodeSetParams drops the const CUDA has).
                    Err(why) => match self.struct_pair(enums, pc, ph, 0, false).or_else(|| {
                        match *is_const || *cuda_const {
                            true => None,
                            false => self.struct_pair(enums, pc, ph, 0, true),
                        }
                    }) {
                        Some(i) if *is_const || *cuda_const => Ok(Pass::StructIn(i)),
                        Some(i) => Ok(Pass::StructOut(i)),
                        None => Err(why),
                    },
                }
            }
            (Ty::Prim(a), Ty::Prim(b)) if prim_size(a) == prim_size(b) => Ok(Pass::Cast),
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == "u64" && prim_class(b) == "u32" => {
                Ok(Pass::Narrow)
            }
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == "f32" && prim_class(b) == "f64" => {
                Ok(Pass::Widen)
            }
            (Ty::FnPtr { .. }, Ty::FnPtr { .. }) => {
                self.same_memory(c, h, 0).map(|()| Pass::Transmute)
            }
            (Ty::Named(_), Ty::Named(_)) => self.same_record(c, h, 0).map(|()| Pass::Transmute),
            _ => Err(format!("{c:?} and {h:?} differ")),
        }
    }

    /// A family's integer handle (`cufftHandle`) or a pointer for one to be written to, where
    /// HIP's handle is a pointer.
    fn id_handle_pass(&self, c: &Ty) -> Option<Pass> {
        let is_id = |t: &Ty| {
            Family::all()
                .filter_map(|f| f.id_handle)
                .any(|n| self.is_cuda_named(t, n))
        };
        match c {
            t if is_id(t) => Some(Pass::IdIn),
            Ty::Ptr {
                pointee,
                is_const: false,
            } if is_id(pointee) => Some(Pass::IdOut),
            _ => None,
        }
    }

    /// Whether CUDA memory of type `c` reads correctly as HIP type `h` (pointees, fields).
    fn same_memory(&self, c: &Ty, h: &Ty, depth: usize) -> Result<(), String> {
        if depth > 8 {
            return Err("types nest too deeply".into());
        }
        if let Some(ce) = self.enum_of(c) {
            // HIP sometimes stores a CUDA flags field as a plain integer of the same size
            // (`hipMemAllocationProp::requestedHandleTypes`); HIP validates what it reads, and
            // what it writes is a valid value of CUDA's flags newtype (not of a Rust enum).
            let hip_int =
                matches!(resolve(self.hip(), h), Ty::Prim(p) if prim_size(p) == prim_size(ce.repr));
            if hip_int && depth > 0 && self.inputs.overrides.bitflags.contains(&ce.name) {
                return Ok(());
            }
            let he = self.enum_of_hip(h).ok_or("enum against non-enum")?;
            return match enum_values_equal(self.inputs, ce, he, self.vi) {
                true => Ok(()),
                false => Err(format!("{} and {} differ in value", ce.name, he.name)),
            };
        }
        let (rc, rh) = (self.cuda_resolve(c), resolve(self.hip(), h));
        match (&rc, &rh) {
            (Ty::Void, Ty::Void) | (Ty::Bool, Ty::Bool) => Ok(()),
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == prim_class(b) => Ok(()),
            // CUdeviceptr stored where HIP stores hipDeviceptr_t: both 8 bytes.
            (Ty::Prim(a), Ty::Ptr { .. }) if prim_class(a) == "u64" => Ok(()),
            (Ty::Ptr { .. }, Ty::Prim(b)) if prim_class(b) == "u64" => Ok(()),
            // HIP declares an untyped buffer where CUDA stores a CUdeviceptr.
            (Ty::Prim(a), Ty::Void) if prim_class(a) == "u64" && depth > 0 => Ok(()),
            (Ty::Ptr { pointee: pc, .. }, Ty::Ptr { pointee: ph, .. }) => {
                // A handle: a pointer to a type never defined (or `void*`) on both sides.
                let opaque_c = self.cuda_resolve(pc) == Ty::Void
                    || self.cuda_record(pc).is_some_and(|r| {
                        r.opaque || self.inputs.overrides.opaque.contains(&r.name)
                    });
                let opaque_h = resolve(self.hip(), ph) == Ty::Void
                    || self.hip_record(ph).is_some_and(|r| r.opaque);
                // A CUDA handle is never looked into by its holder: it only ever holds what a
                // HIP call returned, whatever HIP's type behind it (`textureReference*`).
                let device_ptr =
                    matches!(self.cuda_resolve(pc), Ty::Prim(p) if prim_class(p) == "u64");
                match (opaque_c, opaque_h) {
                    (true, _) => Ok(()),
                    // HIP writes a `void*` where CUDA reads a CUdeviceptr: both 8 bytes.
                    (false, true) if device_ptr => Ok(()),
                    (false, true) => Err(format!("{pc:?} is a struct where HIP has a handle")),
                    _ => self.same_memory(pc, ph, depth + 1),
                }
            }
            (
                Ty::FnPtr {
                    ret: rc,
                    params: pc,
                    variadic: vc,
                },
                Ty::FnPtr {
                    ret: rh,
                    params: ph,
                    variadic: vh,
                },
            ) if pc.len() == ph.len() && vc == vh => {
                // HIP would hand the callback HIP's values where CUDA's are expected.
                if pc.iter().chain([&**rc]).any(|t| self.enum_of(t).is_some()) {
                    return Err(
                        "a callback taking CUDA enum values (HIP would pass its own)".into(),
                    );
                }
                self.same_memory(rc, rh, depth + 1)?;
                pc.iter()
                    .zip(ph)
                    .try_for_each(|(a, b)| self.same_memory(a, b, depth + 1))
                    .map_err(|e| format!("a callback whose arguments differ: {e}"))
            }
            (Ty::Array { elem: ec, len: lc }, Ty::Array { elem: eh, len: lh }) if lc == lh => {
                self.same_memory(ec, eh, depth + 1)
            }
            (Ty::Named(_), Ty::Named(_)) => self.same_record(c, h, depth),
            (Ty::FnPtr { .. }, _) => Err("a callback (its arguments carry CUDA values)".into()),
            _ => Err(format!("{c:?} against {h:?}")),
        }
    }

    /// A converter between CUDA struct `c` and HIP struct `h`, when every field of one has a
    /// same-named field in the other (CUDA's `reserved*` fields aside) that copies, translates
    /// through an enum table, or converts as a struct itself. No unions, no bit-fields.
    ///
    /// With `out_only` (HIP fills the struct, nothing is read from it), HIP's fields CUDA lacks
    /// are dropped and CUDA's integer fields HIP lacks come back zero.
    fn struct_pair(
        &self,
        pairs: &mut EnumPairs,
        c: &Ty,
        h: &Ty,
        depth: usize,
        out_only: bool,
    ) -> Option<usize> {
        let (rc, rh) = (self.cuda_record(c)?, self.hip_record(h)?);
        let plain =
            |r: &Record| !r.is_union && !r.opaque && r.fields.iter().all(|f| f.bit_width.is_none());
        if depth > 4 || !plain(rc) || !plain(rh) {
            return None;
        }
        if let Some(i) = pairs.structs.iter().position(|p| {
            p.cuda == rc.name && p.hip == rh.name && p.version == self.vi && p.out_only == out_only
        }) {
            return Some(i);
        }
        // Reserved fields are not copied (HIP's stay zero). A CUDA field HIP lacks is dropped
        // only where HIP keeps reserved room for it (`CUmemPoolProps::usage`).
        let reserved = |n: &str| n.starts_with("reserved");
        let hip_has_room = rh.fields.iter().any(|f| reserved(&f.name));
        let hip_fields = self.hip_members(rh);
        let unmatched_cuda: Vec<&crate::model::Field> = rc
            .fields
            .iter()
            .filter(|fc| !reserved(&fc.name))
            .filter(|fc| {
                !hip_fields
                    .iter()
                    .any(|(n, _)| same_field(n.rsplit('.').next().unwrap_or(n), &fc.name))
            })
            .collect();
        let zeroed = match (out_only, unmatched_cuda.is_empty() || hip_has_room) {
            (_, true) => Vec::new(),
            (true, false) if unmatched_cuda.iter().all(|f| self.zero_is_valid(&f.ty)) => {
                unmatched_cuda.iter().map(|f| f.name.clone()).collect()
            }
            _ => return None,
        };
        let mut fields = Vec::new();
        for (path, fh) in hip_fields.iter().filter(|(n, _)| !reserved(n)) {
            let member = path.rsplit('.').next().unwrap_or(path);
            let Some(fc) = rc.fields.iter().find(|fc| same_field(member, &fc.name)) else {
                // An anonymous union's other members alias the one matched; what HIP alone
                // fills is dropped.
                match path.contains('.') || out_only {
                    true => continue,
                    false => return None,
                }
            };
            let conv = if self.same_memory(&fc.ty, &fh.ty, depth + 1).is_ok() {
                FieldConv::Copy
            } else if let (Some(ce), Some(he)) = (self.enum_of(&fc.ty), self.enum_of_hip(&fh.ty)) {
                FieldConv::Enum(pairs.pair(&ce.name, &he.name)?, ce.repr)
            } else {
                FieldConv::Struct(self.struct_pair(pairs, &fc.ty, &fh.ty, depth + 1, out_only)?)
            };
            fields.push(FieldPair {
                cuda: fc.name.clone(),
                hip: path.clone(),
                conv,
            });
        }
        pairs.structs.push(StructPair {
            cuda: rc.name.clone(),
            hip: rh.name.clone(),
            version: self.vi,
            out_only,
            zeroed,
            fields,
        });
        Some(pairs.structs.len() - 1)
    }

    /// A HIP struct's fields by access path; an anonymous union member (`__anon1`, HIP 7's
    /// `union { requestedHandleType; requestedHandleTypes; }`) contributes its members.
    fn hip_members<'r>(&'r self, rh: &'r Record) -> Vec<(String, &'r crate::model::Field)> {
        let mut out = Vec::new();
        for f in &rh.fields {
            match self
                .hip_record(&f.ty)
                .filter(|u| u.is_union && f.name.starts_with("__anon"))
            {
                Some(u) => out.extend(
                    u.fields
                        .iter()
                        .map(|m| (format!("{}.{}", f.name, m.name), m)),
                ),
                None => out.push((f.name.clone(), f)),
            }
        }
        out
    }

    /// An integer, a pointer, or an array of them: zero bytes are a valid value (no Rust enum).
    fn zero_is_valid(&self, t: &Ty) -> bool {
        match self.cuda_resolve(t) {
            Ty::Prim(_) | Ty::Bool | Ty::Ptr { .. } => self.enum_of(t).is_none(),
            Ty::Array { elem, .. } => self.zero_is_valid(&elem),
            Ty::Named(_) => self
                .cuda_record(t)
                .is_some_and(|r| !r.opaque && r.fields.iter().all(|f| self.zero_is_valid(&f.ty))),
            _ => false,
        }
    }

    fn same_record(&self, c: &Ty, h: &Ty, depth: usize) -> Result<(), String> {
        let (Some(rc), Some(rh)) = (self.cuda_record(c), self.hip_record(h)) else {
            return Err(format!("{c:?} against {h:?}"));
        };
        let differs = || format!("struct {} differs from {}", rc.name, rh.name);
        if rc.opaque || rh.opaque || rc.size != rh.size || rc.fields.len() != rh.fields.len() {
            return Err(differs());
        }
        for (fc, fh) in rc.fields.iter().zip(&rh.fields) {
            if fc.offset_bits != fh.offset_bits || fc.bit_width != fh.bit_width {
                return Err(differs());
            }
            self.same_memory(&fc.ty, &fh.ty, depth + 1)
                .map_err(|e| format!("{}: field {}: {e}", differs(), fc.name))?;
        }
        Ok(())
    }
}

/// Field names that mean the same member: equal, or equal once CUDA's handle prefix `h` is
/// dropped (`hUploadStream` / `uploadStream`, `hErrNode_out` / `errNode_out`).
fn same_field(hip: &str, cuda: &str) -> bool {
    if hip == cuda {
        return true;
    }
    let mut rest = cuda.strip_prefix('h').unwrap_or("").chars();
    match rest.next() {
        Some(first) if first.is_ascii_uppercase() => {
            let unprefixed: String = first.to_lowercase().chain(rest).collect();
            unprefixed == hip
        }
        _ => false,
    }
}
