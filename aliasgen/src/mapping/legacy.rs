//! A CUDA library's legacy API (cuBLAS's cublas.h: `RocmLibrary::legacy_header`), each function made
//! of its `_v2` twin: the same arguments after the twin's handle (the one `cublasInit` made), a
//! `char` where the twin takes an option enum (`'N'` → `CUBLAS_OP_N`), a scalar by value where the
//! twin takes a pointer to it, and the twin's last out-pointer returned as the function's value
//! (`cublasSdot`'s result). A failed twin's status is what `cublasGetError` reports next.

use crate::model::{Api, Function, Ty};

/// How a legacy function calls its twin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyCall {
    /// The `_v2` function called.
    pub twin: String,
    /// The twin's arguments, in its order.
    pub args: Vec<LegacyArg>,
    /// The value the legacy function returns, where the twin writes it through its last
    /// parameter.
    pub result: Option<Ty>,
    /// The legacy function returns the twin's status itself (`cublasGetVersion`), not recording
    /// it.
    pub returns_status: bool,
}

/// One argument of the twin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LegacyArg {
    /// The legacy API's handle.
    Handle,
    /// The legacy parameter of this name, as it is.
    Same(String),
    /// The legacy `char` parameter of this name, as a value of the twin's enum `.1`.
    Char(String, String),
    /// A pointer to the legacy parameter of this name (a scalar passed by value).
    ByRef(String),
    /// A pointer to the value the legacy function returns.
    Result,
}

/// How `f` (a legacy function of a library whose handle type is `handle` and status type
/// `status`) calls its twin in `cuda`; why not, where its shape is not one of the above.
pub fn legacy_call(
    cuda: &Api,
    f: &Function,
    handle: &str,
    status: &str,
) -> Result<LegacyCall, String> {
    let twin_name = format!("{}_v2", f.name);
    let twin = cuda
        .function(&twin_name)
        .ok_or_else(|| format!("legacy {}: no {twin_name} (give it an override)", f.name))?;
    let returns_status = f.ret == Ty::Named(status.into());
    let result = (f.ret != Ty::Void && !returns_status).then(|| f.ret.clone());
    let shape = |why: &str| format!("legacy {} against {twin_name}: {why}", f.name);
    // The legacy trmm works in place: the twin's output `C` / `ldc` are `B` / `ldb` (cuBLAS's
    // documented in-place use of the _v2 trmm).
    let names = |ps: &[crate::model::Param]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    let in_place = names(&twin.params).ends_with(&["C".into(), "ldc".into()])
        && names(&f.params).ends_with(&["B".into(), "ldb".into()])
        && !f.params.iter().any(|p| p.name == "C");
    let expected = f.params.len() + 1 + usize::from(result.is_some()) + 2 * usize::from(in_place);
    if twin.params.len() != expected || twin.params[0].ty != Ty::Named(handle.into()) {
        return Err(shape("not the same parameters after the handle"));
    }
    let mut args = vec![LegacyArg::Handle];
    for (p, t) in f.params.iter().zip(&twin.params[1..]) {
        args.push(match (&p.ty, &t.ty) {
            (a, b) if a == b || mut_for_const(a, b) => LegacyArg::Same(p.name.clone()),
            (Ty::Prim("c_char"), Ty::Named(e)) if is_enum(cuda, e) => {
                LegacyArg::Char(p.name.clone(), e.clone())
            }
            (a, Ty::Ptr { pointee, .. }) if **pointee == *a => LegacyArg::ByRef(p.name.clone()),
            _ => return Err(shape(&format!("parameter `{}` differs", p.name))),
        });
    }
    if in_place {
        args.extend([LegacyArg::Same("B".into()), LegacyArg::Same("ldb".into())]);
    }
    if let Some(r) = &result {
        match &twin.params.last().map(|p| &p.ty) {
            Some(Ty::Ptr {
                pointee,
                is_const: false,
            }) if **pointee == *r => args.push(LegacyArg::Result),
            _ => return Err(shape("the result is not the twin's last out-pointer")),
        }
    }
    Ok(LegacyCall {
        twin: twin_name,
        args,
        result,
        returns_status,
    })
}

/// A legacy `T *` where the twin takes `const T *` (trmm's `B`, read there, written through `C`).
fn mut_for_const(legacy: &Ty, twin: &Ty) -> bool {
    match (legacy, twin) {
        (
            Ty::Ptr {
                pointee: a,
                is_const: false,
            },
            Ty::Ptr {
                pointee: b,
                is_const: true,
            },
        ) => a == b,
        _ => false,
    }
}

/// Whether `name` is an enum or a typedef of one.
fn is_enum(cuda: &Api, name: &str) -> bool {
    cuda.enums.iter().any(|e| e.name == name)
        || (cuda.typedefs.iter())
            .find(|d| d.name == name)
            .is_some_and(|d| matches!(&d.ty, Ty::Named(n) if n != name && is_enum(cuda, n)))
}
