//! NVRTC's compile options as hiprtc's. hiprtc is clang: it takes `--offload-arch=gfx…` where
//! NVRTC takes `--gpu-architecture=compute_XX`, and it rejects nvcc-only flags. Each option is
//! mapped, dropped (with a note saying why) or passed on as it is.

/// The options for hiprtc and a note for each one changed or dropped.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Translated {
    pub options: Vec<String>,
    pub notes: Vec<String>,
}

/// nvcc/NVRTC flags that steer NVIDIA's code generator only, with or without a value.
const DROPPED: &[&str] = &[
    "-dlto",
    "--dlink-time-opt",
    "-lto",
    "--extra-device-vectorization",
    "-extra-device-vectorization",
    "--restrict",
    "-restrict",
    "-default-device",
    "--device-as-default-execution-space",
    "-lineinfo",
    "--generate-line-info",
    "--fmad",
    "-fmad",
    "--ftz",
    "-ftz",
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
    "--disable-warnings",
    "-w",
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
];

/// Splits `--name=value` / `-name=value` into (name, value).
fn split(option: &str) -> (&str, Option<&str>) {
    match option.split_once('=') {
        Some((n, v)) if n.starts_with('-') => (n, Some(v)),
        _ => (option, None),
    }
}

/// Translates NVRTC `options` for hiprtc; `arch` is the AMD target (`gfx90a`) that replaces
/// `--gpu-architecture`, `None` when none is known (the option is then dropped, with a note).
pub fn translate(options: &[&str], arch: Option<&str>) -> Translated {
    let mut out = Translated::default();
    let mut arch_given = false;
    let mut i = 0;
    while i < options.len() {
        let raw = options[i];
        i += 1;
        let (name, mut value) = split(raw);
        // Options whose value may come as the next argument.
        let takes_value = matches!(
            name,
            "-arch" | "--gpu-architecture" | "-I" | "-D" | "--include-path" | "--define-macro"
        );
        if takes_value && value.is_none() && i < options.len() && !options[i].starts_with('-') {
            value = Some(options[i]);
            i += 1;
        }
        match name {
            "-arch" | "--gpu-architecture" => {
                arch_given = true;
                match arch {
                    Some(a) => {
                        out.options.push(format!("--offload-arch={a}"));
                        out.notes
                            .push(format!("`{raw}` became `--offload-arch={a}`"));
                    }
                    None => out.notes.push(format!(
                        "`{raw}` dropped: no AMD GPU to read the architecture from; set {}",
                        crate::OFFLOAD_ARCH_ENV
                    )),
                }
            }
            "--include-path" => out.options.push(format!("-I{}", value.unwrap_or(""))),
            "--define-macro" => out.options.push(format!("-D{}", value.unwrap_or(""))),
            "-I" | "-D" => out.options.push(format!("{name}{}", value.unwrap_or(""))),
            "--std" | "-std" => out
                .options
                .push(format!("-std={}", value.unwrap_or("c++17"))),
            "--device-debug" | "-G" => out.options.push("-g".into()),
            "--use_fast_math" | "-use_fast_math" => out.options.push("-ffast-math".into()),
            "--relocatable-device-code" | "-rdc" => match value {
                Some("true") => out.options.push("-fgpu-rdc".into()),
                _ => out.notes.push(format!("`{raw}` dropped (the default)")),
            },
            n if DROPPED.contains(&n) => out.notes.push(format!(
                "`{raw}` dropped: it only steers NVIDIA's code generator"
            )),
            _ => out.options.push(raw.to_string()),
        }
    }
    if let (false, Some(a)) = (arch_given, arch) {
        out.options.push(format!("--offload-arch={a}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architecture_becomes_offload_arch() {
        let t = translate(
            &["--gpu-architecture=compute_80", "-default-device"],
            Some("gfx90a"),
        );
        assert_eq!(t.options, ["--offload-arch=gfx90a"]);
        assert_eq!(t.notes.len(), 2);
        let t = translate(&["-arch", "sm_90", "-DN=4"], Some("gfx1100"));
        assert_eq!(t.options, ["--offload-arch=gfx1100", "-DN=4"]);
    }

    #[test]
    fn arch_is_added_when_not_asked_for_and_dropped_when_unknown() {
        assert_eq!(
            translate(&[], Some("gfx90a")).options,
            ["--offload-arch=gfx90a"]
        );
        let t = translate(&["--gpu-architecture=sm_80"], None);
        assert!(t.options.is_empty());
        assert!(t.notes[0].contains(crate::OFFLOAD_ARCH_ENV));
    }

    #[test]
    fn nvcc_flags_are_mapped_or_dropped() {
        let t = translate(
            &[
                "--use_fast_math",
                "-G",
                "--fmad=false",
                "--include-path=/x",
                "-rdc=true",
                "-lineinfo",
                "--std=c++17",
            ],
            None,
        );
        assert_eq!(
            t.options,
            ["-ffast-math", "-g", "-I/x", "-fgpu-rdc", "-std=c++17"]
        );
    }
}
