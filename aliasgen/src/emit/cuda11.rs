//! `runtime_cuda11.rs`: CUDA 11.8's `cudaDeviceProp`, the struct that the old-ABI
//! `cudaGetDeviceProperties` (still exported by CUDA 12's libcudart) fills, and its copy from
//! CUDA 12.9's struct, field by field by name; `runtime_cuda11_layout.rs`: Rust's offsets of it
//! for the test that checks them against gcc's reading of CUDA 11.8's header.

use super::*;
use crate::model::Record;

/// The records of CUDA 11's ABI that libcudart.so.12 still serves, and the names they take here.
const OLD_RECORDS: &[(&str, &str)] = &[("cudaDeviceProp", "cudaDeviceProp_cuda11")];

fn old_record<'a>(cuda11: &'a Api, name: &str) -> Result<&'a Record, String> {
    cuda11
        .records
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| format!("CUDA 11.8's headers declare no {name}"))
}

/// The struct under its new name and `From<&New>`: every CUDA 11 field must exist in the new
/// struct with the same type (CUDA 12 only appended fields), or generation fails naming it.
fn record_and_copy(cuda11: &Api, current: &Api, name: &str, rust: &str) -> Result<String, String> {
    let old = old_record(cuda11, name)?;
    let new = current
        .records
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| format!("CUDA 12.9's headers declare no {name}"))?;
    let renamed = Record {
        name: rust.to_string(),
        ..old.clone()
    };
    let mut out = format!("/// CUDA 11.8's `struct {name}` ({} bytes).\n", old.size);
    out.push_str(&rust::record(&renamed));
    let _ = write!(
        out,
        "impl From<&{name}> for {rust} {{\n    fn from(p: &{name}) -> Self {{\n        {rust} {{\n"
    );
    for f in &old.fields {
        match new.fields.iter().find(|g| g.name == f.name) {
            Some(g) if g.ty == f.ty => {
                let _ = writeln!(out, "            {0}: p.{0},", rust::ident(&f.name));
            }
            _ => {
                return Err(format!(
                    "{name}.{}: CUDA 12.9 has no field of that name and type",
                    f.name
                ))
            }
        }
    }
    out.push_str("        }\n    }\n}\n");
    Ok(out)
}

pub fn cuda11_files(cuda11: &Api, current: &Api) -> Result<Vec<(String, String)>, String> {
    let mut types = header("CUDA 11.8's driver_types.h and CUDA 12.9's");
    types.push_str("//! CUDA 11's layouts that libcudart.so.12 still serves (its old-ABI exports), copied from CUDA 12.9's.\n#![allow(non_camel_case_types, non_snake_case, unused_imports)]\n\n");
    types.push_str(IMPORTS);
    types.push_str("use crate::runtime::sys::*;\n\n");
    let mut layout = header("CUDA 11.8's driver_types.h");
    layout.push_str("// Rust's offsets of CUDA 11's records, for tests/cuda11_layout.rs.\n\nuse cuda_as_hip::runtime::cuda11::*;\n\n");
    layout.push_str("pub struct OldRecord {\n    pub c: &'static str,\n    pub rust: &'static str,\n    pub size: usize,\n    pub fields: Vec<(&'static str, usize)>,\n}\n\npub fn all() -> Vec<OldRecord> {\n    vec![\n");
    for (name, rust) in OLD_RECORDS {
        types.push_str(&record_and_copy(cuda11, current, name, rust)?);
        let fields: Vec<String> = old_record(cuda11, name)?
            .fields
            .iter()
            .map(|f| {
                format!(
                    "({:?}, core::mem::offset_of!({rust}, {}))",
                    f.name,
                    rust::ident(&f.name)
                )
            })
            .collect();
        let _ = writeln!(
            layout,
            "        OldRecord {{ c: \"struct {name}\", rust: \"{rust}\", size: core::mem::size_of::<{rust}>(), fields: vec![{}] }},",
            fields.join(", ")
        );
    }
    layout.push_str("    ]\n}\n");
    Ok(vec![
        ("cuda-as-hip/src/generated/runtime_cuda11.rs".into(), types),
        (
            "cuda-as-hip/tests/generated/runtime_cuda11_layout.rs".into(),
            layout,
        ),
    ])
}
