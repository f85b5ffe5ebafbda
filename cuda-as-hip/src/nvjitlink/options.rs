//! nvJitLink's options (`-arch=sm_90`, `-verbose` …): which it takes, and what they mean here.
//! The AMD target does not come from `-arch` (the device, or `CUDA_AS_HIP_OFFLOAD_ARCH`, says it),
//! but nvJitLink requires one, so this layer does too; the options that steer NVIDIA's code
//! generator (`-maxrregcount`, `-O3`, `-ftz` …) have no AMD meaning and are read past.

use super::sys::nvJitLinkResult;

/// What a link's options ask of this layer.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkOptions {
    /// `-verbose` or `-time`: the info log reports each step.
    pub info: bool,
    /// `-arch`'s value: the NVIDIA target LTO-IR inputs are linked for by NVIDIA's nvJitLink.
    pub arch: Option<String>,
}

/// Options taken with a value (`-name=value`) and read past.
const VALUED: [&str; 13] = [
    "maxrregcount",
    "ftz",
    "prec-div",
    "prec-sqrt",
    "fma",
    "kernels-used",
    "variables-used",
    "Xptxas",
    "Xlinker",
    "split-compile",
    "split-compile-extended",
    "jump-table-density",
    "device-stack-protector",
];

/// Options taken alone and read past.
const FLAGS: [&str; 5] = [
    "lto",
    "g",
    "lineinfo",
    "optimize-unused-variables",
    "no-cache",
];

/// Reads the options: an unknown one is `UNRECOGNIZED_OPTION`, no `-arch` `MISSING_ARCH` (as
/// NVIDIA's), each with why. `-ptx` (PTX out of an LTO link, in place of a cubin) is refused as
/// unrecognized: this layer links into AMD code objects and makes no PTX.
pub fn read<'a>(
    options: impl IntoIterator<Item = &'a str>,
) -> Result<LinkOptions, (nvJitLinkResult, String)> {
    let mut out = LinkOptions::default();
    for option in options {
        let unrecognized = || {
            (
                nvJitLinkResult::NVJITLINK_ERROR_UNRECOGNIZED_OPTION,
                format!("`{option}` is not an nvJitLink option"),
            )
        };
        let body = option.strip_prefix('-').ok_or_else(unrecognized)?;
        match body.split_once('=') {
            Some(("arch", value)) if valid_arch(value) => out.arch = Some(value.to_string()),
            Some((name, _)) if VALUED.contains(&name) => {}
            None if body == "verbose" || body == "time" => out.info = true,
            None if body == "ptx" => {
                return Err((
                    nvJitLinkResult::NVJITLINK_ERROR_UNRECOGNIZED_OPTION,
                    "-ptx: this layer links into AMD code objects (nvJitLinkGetLinkedCubin), \
                     never PTX"
                        .into(),
                ))
            }
            None if FLAGS.contains(&body) => {}
            None if optimisation_level(body) => {}
            _ => return Err(unrecognized()),
        }
    }
    match out.arch {
        Some(_) => Ok(out),
        None => Err((
            nvJitLinkResult::NVJITLINK_ERROR_MISSING_ARCH,
            "-arch=sm_NN is required (nvJitLink's rule; the AMD target comes from the device or \
             CUDA_AS_HIP_OFFLOAD_ARCH)"
                .into(),
        )),
    }
}

/// `sm_90`, `sm_90a`, `compute_80`, `lto_89`: NVIDIA's architecture names.
fn valid_arch(value: &str) -> bool {
    ["sm_", "compute_", "lto_"].iter().any(|p| {
        value.strip_prefix(p).is_some_and(|n| {
            let digits = n.trim_end_matches(['a', 'f']);
            digits.len() >= 2 && digits.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// `-O0` … `-O3`.
fn optimisation_level(body: &str) -> bool {
    matches!(body, "O0" | "O1" | "O2" | "O3")
}

#[cfg(test)]
mod tests {
    use super::*;
    use nvJitLinkResult::*;

    #[test]
    fn arch_is_required_and_unknown_options_are_named() {
        let ok = read([
            "-arch=sm_90a",
            "-O3",
            "-maxrregcount=64",
            "-lto",
            "-verbose",
        ])
        .unwrap();
        let arch = Some("sm_90a".to_string());
        assert_eq!(ok, LinkOptions { info: true, arch });
        assert!(!read(["-arch=compute_80", "-lineinfo"]).unwrap().info);
        let (code, why) = read(["-arch=sm_80", "-lto", "-ptx"]).unwrap_err();
        assert_eq!(code, NVJITLINK_ERROR_UNRECOGNIZED_OPTION);
        assert!(why.contains("AMD code objects"), "{why}");
        assert_eq!(read(["-O3"]).unwrap_err().0, NVJITLINK_ERROR_MISSING_ARCH);
        let (code, why) = read(["-arch=sm_80", "--fast-math"]).unwrap_err();
        assert_eq!(code, NVJITLINK_ERROR_UNRECOGNIZED_OPTION);
        assert!(why.contains("--fast-math"), "{why}");
        for bad in [
            "-arch=sm_8",
            "-arch=gfx90a",
            "arch=sm_80",
            "-O4",
            "-verbose=1",
        ] {
            assert_eq!(
                read(["-arch=sm_80", bad]).unwrap_err().0,
                NVJITLINK_ERROR_UNRECOGNIZED_OPTION,
                "{bad}"
            );
        }
    }
}
