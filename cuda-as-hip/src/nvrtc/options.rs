//! NVRTC's compile options as hiprtc's. hiprtc is clang: it takes `--offload-arch=gfx…` where
//! NVRTC takes `--gpu-architecture=compute_XX`, and it rejects nvcc-only flags. Each option is
//! mapped, dropped (with a note saying why) or passed on as it is.

/// The options for hiprtc, a note for each one changed or dropped, and what the source's prologue
/// needs from them.
#[derive(Debug, PartialEq, Eq)]
pub struct Translated {
    pub options: Vec<String>,
    pub notes: Vec<String>,
    /// `__CUDA_ARCH__`: 10 × the `compute_XX` / `sm_XX` asked for; NVRTC 12.9's default is 52.
    pub cuda_arch: u32,
    /// `-default-device`: functions without an execution space are device functions.
    pub default_device: bool,
}

impl Default for Translated {
    fn default() -> Self {
        Self {
            options: Vec::new(),
            notes: Vec::new(),
            cuda_arch: 520,
            default_device: false,
        }
    }
}

/// nvcc/NVRTC flags that steer NVIDIA's code generator or tool chain only, with or without a
/// value: dropping them changes nothing in the AMD code object's behaviour.
const DROPPED: &[&str] = &[
    "-dlto",
    "--dlink-time-opt",
    "-lto",
    "--extra-device-vectorization",
    "-extra-device-vectorization",
    "--restrict",
    "-restrict",
    "-lineinfo",
    "--generate-line-info",
    "--prec-div",
    "-prec-div",
    "--prec-sqrt",
    "-prec-sqrt",
    "--maxrregcount",
    "-maxrregcount",
    "--ptxas-options",
    "-Xptxas",
    "--minimal",
    "-minimal",
    "--split-compile",
    "-split-compile",
    "--builtin-move-forward",
    "--builtin-initializer-list",
    "--dopt",
    "-dopt",
    "--pch",
    "-pch",
    "--create-pch",
    "--use-pch",
    "--pch-dir",
    "--pch-verbose",
    "--pch-messages",
    "--instantiate-templates-in-pch",
    "--time",
    "-time",
    "--fdevice-time-trace",
    "--device-stack-protector",
    "--device-int128",
    "-device-int128",
    "--modify-stack-limit",
    "--display-error-number",
    "--no-display-error-number",
    "--diag-error",
    "--diag-suppress",
    "--diag-warn",
    "--optimization-info",
    "--no-source-include",
    "-no-source-include",
    "--Wreorder",
    "-Wreorder",
    "--Wno-deprecated-declarations",
];

/// Options whose value may come as `-opt=value` or as the next argument, `-opt value`.
const WITH_VALUE: &[&str] = &[
    "-arch",
    "--gpu-architecture",
    "-I",
    "--include-path",
    "-D",
    "--define-macro",
    "-U",
    "--undefine-macro",
    "--pre-include",
    "-include",
    "-std",
    "--std",
    "-rdc",
    "--relocatable-device-code",
    "-ftz",
    "--ftz",
    "-fmad",
    "--fmad",
    "-prec-div",
    "--prec-div",
    "-prec-sqrt",
    "--prec-sqrt",
    "-dopt",
    "--dopt",
    "-maxrregcount",
    "--maxrregcount",
    "-Xptxas",
    "--ptxas-options",
    "--split-compile",
    "-split-compile",
    "--pch-dir",
    "--diag-error",
    "--diag-suppress",
    "--diag-warn",
];

/// Splits `--name=value` / `-name=value` into (name, value).
fn split(option: &str) -> (&str, Option<&str>) {
    match option.split_once('=') {
        Some((n, v)) if n.starts_with('-') => (n, Some(v)),
        _ => (option, None),
    }
}

/// `compute_80` / `sm_90a` / `lto_75` as `__CUDA_ARCH__` (800, 900, 750).
fn cuda_arch(value: &str) -> Option<u32> {
    let digits = ["compute_", "sm_", "lto_"]
        .iter()
        .find_map(|p| value.strip_prefix(p))?
        .trim_end_matches(['a', 'f']);
    digits
        .parse::<u32>()
        .ok()
        .filter(|&n| n >= 30)
        .map(|n| n * 10)
}

/// A boolean option's value (`true`/`false`; the flag alone is `true`).
fn boolean(raw: &str, value: Option<&str>) -> Result<bool, String> {
    match value {
        None | Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(v) => Err(format!("`{raw}`: `{v}` is not true or false")),
    }
}

/// Translates NVRTC `options` for hiprtc; `arch` is the AMD target (`gfx90a`) that replaces
/// `--gpu-architecture`, `None` when none is known (then none is passed, with a note). `Err`
/// names an option NVRTC itself would refuse (NVRTC_ERROR_INVALID_OPTION).
pub fn translate(options: &[&str], arch: Option<&str>) -> Result<Translated, String> {
    let mut out = Translated::default();
    let mut std_given = false;
    let mut i = 0;
    while i < options.len() {
        let raw = options[i];
        i += 1;
        let (name, mut value) = split(raw);
        if WITH_VALUE.contains(&name)
            && value.is_none()
            && i < options.len()
            && !options[i].starts_with('-')
        {
            value = Some(options[i]);
            i += 1;
        }
        let given = || value.filter(|v| !v.is_empty());
        let needs = |what: &str| format!("`{raw}` needs {what}");
        match name {
            "-arch" | "--gpu-architecture" => {
                let v = given().ok_or_else(|| needs("compute_XX or sm_XX"))?;
                out.cuda_arch = cuda_arch(v)
                    .ok_or_else(|| format!("`{raw}`: `{v}` is not compute_XX or sm_XX"))?;
                out.notes.push(match arch {
                    Some(a) => format!(
                        "`{raw}` became `--offload-arch={a}` (__CUDA_ARCH__ {})",
                        out.cuda_arch
                    ),
                    None => format!(
                        "`{raw}` sets __CUDA_ARCH__ {}; no AMD GPU to read the target from: set {}",
                        out.cuda_arch,
                        crate::OFFLOAD_ARCH_ENV
                    ),
                });
            }
            "--include-path" | "-I" => out.options.push(format!(
                "-I{}",
                given().ok_or_else(|| needs("a directory"))?
            )),
            "--define-macro" | "-D" => out
                .options
                .push(format!("-D{}", given().ok_or_else(|| needs("a macro"))?)),
            "--undefine-macro" | "-U" => out
                .options
                .push(format!("-U{}", given().ok_or_else(|| needs("a macro"))?)),
            "--pre-include" | "-include" => {
                out.options.push("-include".into());
                out.options
                    .push(given().ok_or_else(|| needs("a header"))?.to_string());
            }
            "--std" | "-std" => {
                let v = given().ok_or_else(|| needs("c++03, c++11, c++14, c++17 or c++20"))?;
                if !matches!(v, "c++03" | "c++11" | "c++14" | "c++17" | "c++20") {
                    return Err(format!(
                        "`{raw}`: NVRTC knows c++03, c++11, c++14, c++17, c++20"
                    ));
                }
                std_given = true;
                out.options.push(format!("-std={v}"));
            }
            "--device-debug" | "-G" => out.options.extend(["-g".into(), "-O0".into()]),
            "--use_fast_math" | "-use_fast_math" => out
                .options
                .extend(["-ffast-math".into(), "-fgpu-flush-denormals-to-zero".into()]),
            "--ftz" | "-ftz" => {
                if boolean(raw, value)? {
                    out.options.push("-fgpu-flush-denormals-to-zero".into());
                }
            }
            "--fmad" | "-fmad" => out.options.push(
                if boolean(raw, value)? {
                    "-ffp-contract=fast"
                } else {
                    "-ffp-contract=off"
                }
                .into(),
            ),
            "--relocatable-device-code" | "-rdc" => {
                if boolean(raw, value)? {
                    out.options.push("-fgpu-rdc".into());
                }
            }
            "-default-device" | "--device-as-default-execution-space" => out.default_device = true,
            "--disable-warnings" | "-w" => out.options.push("-w".into()),
            "-Werror" | "--Werror" => out.options.push("-Werror".into()),
            "--extensible-whole-program" | "-ewp" => {
                return Err(format!(
                    "`{raw}`: extensible whole program mode has no hiprtc counterpart"
                ))
            }
            n if DROPPED.contains(&n) => out.notes.push(format!(
                "`{raw}` dropped: it only steers NVIDIA's code generator or tool chain"
            )),
            _ => out.options.push(raw.to_string()),
        }
    }
    if !std_given {
        // NVRTC's default language is C++17; hiprtc's is older.
        out.options.push("-std=c++17".into());
    }
    if let Some(a) = arch {
        out.options.push(format!("--offload-arch={a}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(options: &[&str], arch: Option<&str>) -> Translated {
        translate(options, arch).unwrap()
    }

    #[test]
    fn architecture_becomes_offload_arch_and_cuda_arch() {
        let t = ok(&["--gpu-architecture=compute_80"], Some("gfx90a"));
        assert_eq!(t.options, ["-std=c++17", "--offload-arch=gfx90a"]);
        assert_eq!(t.cuda_arch, 800);
        let t = ok(&["-arch", "sm_90a", "-DN=4"], Some("gfx1100"));
        assert_eq!(t.options, ["-DN=4", "-std=c++17", "--offload-arch=gfx1100"]);
        assert_eq!(t.cuda_arch, 900);
        assert_eq!(ok(&[], None).cuda_arch, 520);
        assert!(translate(&["-arch=gfx90a"], None).is_err());
        assert!(translate(&["-arch"], None).is_err());
    }

    #[test]
    fn without_a_target_no_offload_arch_and_a_note() {
        let t = ok(&["--gpu-architecture=sm_80"], None);
        assert_eq!(t.options, ["-std=c++17"]);
        assert!(t.notes[0].contains(crate::OFFLOAD_ARCH_ENV));
    }

    #[test]
    fn both_spellings_of_valued_options() {
        let eq = ok(
            &[
                "-rdc=true",
                "-std=c++14",
                "-I=/x",
                "--fmad=false",
                "-default-device",
            ],
            None,
        );
        let sep = ok(
            &[
                "-rdc",
                "true",
                "-std",
                "c++14",
                "-I",
                "/x",
                "--fmad",
                "false",
                "-default-device",
            ],
            None,
        );
        assert_eq!(eq, sep);
        assert_eq!(
            eq.options,
            ["-fgpu-rdc", "-std=c++14", "-I/x", "-ffp-contract=off"]
        );
        assert!(eq.default_device);
        // `-rdc true` must never reach hiprtc as an input file named `true`.
        assert!(!sep.options.iter().any(|o| o == "true"));
    }

    #[test]
    fn nvcc_flags_are_mapped_or_dropped_or_refused() {
        let t = ok(
            &[
                "--use_fast_math",
                "-G",
                "--include-path=/x",
                "-lineinfo",
                "-w",
                "-Werror",
                "-U",
                "X",
                "--pre-include=a.h",
                "-ftz=true",
                "-prec-div=false",
                "-prec-sqrt",
                "false",
                "--dopt",
                "on",
                "-dlto",
                "--extra-device-vectorization",
                "--device-as-default-execution-space",
            ],
            None,
        );
        assert_eq!(
            t.options,
            [
                "-ffast-math",
                "-fgpu-flush-denormals-to-zero",
                "-g",
                "-O0",
                "-I/x",
                "-w",
                "-Werror",
                "-UX",
                "-include",
                "a.h",
                "-fgpu-flush-denormals-to-zero",
                "-std=c++17"
            ]
        );
        assert!(t.default_device);
        assert_eq!(t.notes.len(), 6, "{:?}", t.notes);
        assert!(translate(&["-std=c++98"], None).is_err());
        assert!(translate(&["-ftz=maybe"], None).is_err());
        assert!(translate(&["-ewp"], None).is_err());
    }
}
