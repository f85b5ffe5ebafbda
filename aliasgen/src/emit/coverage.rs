//! `COVERAGE.md` and the coverage totals `cuda-as-hip doctor` prints.

use super::*;

/// Per family of the model, hipify's function names whose target HIP version `vi` declares, and
/// how many of them reach a forwarded CUDA function.
fn hipify_counts(cx: &Context, family: Family, vi: usize) -> (usize, usize) {
    let names = cx
        .hipify_names
        .iter()
        .filter(|(n, _, d)| d[vi] && Family::find(n) == Some(family));
    let forwarded = names
        .clone()
        .filter(|(_, f, _)| f.is_some_and(|f| f.targets[vi].class != Class::Unsupported));
    (names.count(), forwarded.count())
}

/// COVERAGE.md's headline numbers, for `cuda-as-hip doctor` and README's tables: per HIP version
/// and family, the names hipify maps to a declared HIP function and how many of them are forwarded.
pub(super) fn coverage_rows(models: &[Context]) -> String {
    let versions = &models[0].mapping.versions;
    let mut rows = String::new();
    let mut count = 0;
    for (hi, v) in versions.iter().enumerate() {
        for (cx, vi) in beside(models, hi) {
            for &family in &cx.families {
                let (mapped, forwarded) = hipify_counts(cx, family, vi);
                let _ = writeln!(
                    rows,
                    "    Coverage {{\n        hip: {v:?},\n        family: {:?},\n        mapped: {mapped},\n        forwarded: {forwarded},\n    }},",
                    family.label
                );
                count += 1;
            }
        }
    }
    format!(
        "/// How many of hipify's function names a family forwards on one HIP version, as COVERAGE.md\n/// counts them: names whose HIP target the version declares (`mapped`), and of those the ones\n/// forwarded.\npub struct Coverage {{\n    pub hip: &'static str,\n    pub family: &'static str,\n    pub mapped: usize,\n    pub forwarded: usize,\n}}\n\n/// Per HIP version, per family.\npub const COVERAGE: [Coverage; {count}] = [\n{rows}];\n"
    )
}

pub(super) fn coverage_md(models: &[Context]) -> String {
    let versions = &models[0].mapping.versions;
    let mut out = format!(
        "<!-- {} -->\n",
        generated_notice("CUDA 12.9's and HIP's headers and hipify-perl 7.2.4's table")
    );
    let families: Vec<Family> = Family::all().collect();
    let labels: Vec<&str> = families.iter().map(|f| f.label).collect();
    let (last, rest) = labels.split_last().expect("families");
    let _ = writeln!(
        out,
        "# Coverage: CUDA 12.9 {} and {last} functions on HIP\n",
        rest.join(", ")
    );
    let modules: Vec<&str> = families.iter().map(|f| f.module).collect();
    let codes: Vec<String> = (families.iter().skip(1))
        .map(|f| format!("{}: `{}`", f.label, f.status.not_supported))
        .collect();
    let absent: Vec<String> = (families.iter())
        .filter_map(|f| {
            let lib = f.rocm_library()?;
            let none: Vec<&str> = (lib.releases.iter().zip(&models[0].mapping.versions))
                .filter(|(r, _)| r.is_none())
                .map(|(_, v)| *v)
                .collect();
            (!none.is_empty()).then(|| format!("{} beside {}", lib.label, none.join(" and ")))
        })
        .collect();
    let _ = write!(
        out,
        "Classes (see ARCHITECTURE.md): **direct** — forwarded, arguments passed as they are or as a cast of the same bits;\n**translated** — forwarded with enum values (or plan numbers) translated through generated tables; **hand-written** — implemented in\n`cuda-as-hip/src/{{{}}}/hand.rs`; **unsupported** — returns `{}` ({}) and logs once why.\nA CUDA library's rows are keyed by the HIP version its ROCm library comes beside (none for a HIP\nversion Debian ships none beside: {}; RCCL keeps NCCL's names,\nso each NCCL function maps to its own). *hipify-mapped* counts CUDA\nfunctions hipify-perl maps to a `hip*` function declared by that HIP version; *forwarded* counts those that are\ndirect, translated or hand-written.\n\n",
        modules.join(","),
        families[0].status.not_supported,
        codes.join("; "),
        absent.join(", "),
    );
    out.push_str("| HIP | API | functions | hipify-mapped | forwarded of mapped | direct | translated | hand-written | unsupported |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (hi, v) in versions.iter().enumerate() {
        for (cx, vi) in beside(models, hi) {
            for &family in &cx.families {
                out.push_str(&class_row(cx, family, vi, v));
            }
        }
    }
    out.push_str(&exports_section(models));
    out.push_str("\n## By hipify name\n\nDistinct function names in hipify-perl 7.2.4's table (plain and versioned, `cuMemAlloc` and `cuMemAlloc_v2`)\nwhose HIP target the version declares, and how many of them this layer forwards.\n\n| HIP | API | names mapped to a declared HIP function | forwarded | not forwarded |\n|---|---|---:|---:|---:|\n");
    for (hi, v) in versions.iter().enumerate() {
        for (cx, vi) in beside(models, hi) {
            for &family in &cx.families {
                let (mapped, forwarded) = hipify_counts(cx, family, vi);
                let _ = writeln!(
                    out,
                    "| {v} | {} | {mapped} | {forwarded} | {} |",
                    api_label(cx, family, vi),
                    mapped - forwarded
                );
            }
        }
    }
    let last = versions.len() - 1;
    let _ = writeln!(
        out,
        "\nNot forwarded on HIP {}, each with the reason:\n",
        versions[last]
    );
    beside(models, last).for_each(|(cx, vi)| out.push_str(&hipify_not_forwarded(cx, vi)));
    let _ = writeln!(
        out,
        "\n## Mapped by hipify but not forwarded (HIP {})\n",
        versions[last]
    );
    for (cx, vi) in beside(models, last) {
        for f in &cx.mapping.functions {
            if f.hipify_declared[vi] && f.targets[vi].class == Class::Unsupported {
                let _ = writeln!(
                    out,
                    "- `{}` → `{}`: {}",
                    f.cuda.name,
                    f.hipify.as_deref().unwrap_or("-"),
                    f.targets[vi].reason
                );
            }
        }
    }
    out.push_str("\n## Structs HIP fills only in part\n\nOut-parameters whose HIP struct lacks some of CUDA's fields: those come back zero.\n\n| CUDA struct | HIP struct (version) | fields zero |\n|---|---|---|\n");
    for cx in models {
        for p in cx.mapping.structs.iter().filter(|p| !p.zeroed.is_empty()) {
            let _ = writeln!(
                out,
                "| `{}` | `{}` ({}) | {} |",
                p.cuda,
                p.hip,
                cx.mapping.versions[p.version],
                p.zeroed.join(", ")
            );
        }
    }
    out.push_str("\n## Every function\n\n| CUDA | HIP target | class (5.2.3 / 5.7.1 / 6.4.3 / 7.2.4; a CUDA library's: per release of its ROCm library) | versions that have the target | why |\n|---|---|---|---|---|\n");
    for cx in models {
        for f in &cx.mapping.functions {
            out.push_str(&function_row(&cx.mapping.versions, f));
        }
    }
    out
}

/// Each model with a release beside HIP version `hi` (an index of the first model's versions, the
/// HIP versions), and that release's index: a CUDA library's ROCm library may have none.
fn beside<'c, 'a>(
    models: &'c [Context<'a>],
    hi: usize,
) -> impl Iterator<Item = (&'c Context<'a>, usize)> {
    models.iter().filter_map(move |cx| {
        let Some(lib) = cx.lead().rocm_library() else {
            return Some((cx, hi));
        };
        let release = lib.releases[hi]?;
        Some((cx, cx.mapping.versions.iter().position(|v| *v == release)?))
    })
}

/// One row of the class table: `family`'s functions under HIP version `vi`.
/// The API column: the family, and for a CUDA library the release of its ROCm library beside
/// that HIP version (`cuRAND on hipRAND 5.3.3`).
fn api_label(cx: &Context, family: Family, vi: usize) -> String {
    match family.rocm_library() {
        Some(lib) => format!(
            "{} on {} {}",
            family.label, lib.label, cx.mapping.versions[vi]
        ),
        None => family.label.to_string(),
    }
}

fn class_row(cx: &Context, family: Family, vi: usize, version: &str) -> String {
    let fns: Vec<&FnMap> = cx
        .mapping
        .functions
        .iter()
        .filter(|f| f.family == family)
        .collect();
    let mapped: Vec<&&FnMap> = fns.iter().filter(|f| f.hipify_declared[vi]).collect();
    let forwarded = mapped
        .iter()
        .filter(|f| f.targets[vi].class != Class::Unsupported)
        .count();
    let count = |c: Class| fns.iter().filter(|f| f.targets[vi].class == c).count();
    format!(
        "| {version} | {} | {} | {} | {forwarded} | {} | {} | {} | {} |\n",
        api_label(cx, family, vi),
        fns.len(),
        mapped.len(),
        count(Class::Direct),
        count(Class::Translated),
        count(Class::Hand),
        count(Class::Unsupported)
    )
}

/// hipify's names whose target HIP version `last` declares but which this layer does not
/// forward, each with the reason.
fn hipify_not_forwarded(cx: &Context, last: usize) -> String {
    let mut out = String::new();
    for (name, f, declared) in &cx.hipify_names {
        if !declared[last] {
            continue;
        }
        let why = match f {
            None => "not declared by CUDA 12.9's headers (a removed or internal name)".to_string(),
            Some(f) if f.targets[last].class == Class::Unsupported => {
                format!("`{}`: {}", f.cuda.name, f.targets[last].reason)
            }
            Some(_) => continue,
        };
        let _ = writeln!(out, "- `{name}`: {why}");
    }
    out
}

/// One row of the every-function table.
fn function_row(versions: &[&str], f: &FnMap) -> String {
    let target = f
        .targets
        .iter()
        .rev()
        .find_map(|t| t.hip.clone())
        .or_else(|| f.hipify.clone())
        .unwrap_or_else(|| "—".into());
    let classes: Vec<&str> = f.targets.iter().map(|t| t.class.label()).collect();
    let classes = match classes.iter().all(|c| *c == classes[0]) {
        true => classes[0].to_string(),
        false => classes.join(" / "),
    };
    let have: Vec<&str> = versions
        .iter()
        .zip(&f.target_declared)
        .filter(|(_, d)| **d)
        .map(|(v, _)| *v)
        .collect();
    let why = f
        .targets
        .iter()
        .rev()
        .map(|t| t.reason.as_str())
        .find(|r| !r.is_empty())
        .unwrap_or("");
    format!(
        "| `{}` | `{target}` | {classes} | {} | {} |\n",
        f.cuda.name,
        have.join(", "),
        why.replace('|', "\\|")
    )
}

/// What each C ABI library exports beyond the functions of the headers' default view: per-thread
/// names, and the legacy names NVIDIA's libraries keep for programs built against older headers.
fn exports_section(models: &[Context]) -> String {
    use crate::exports::Export;
    let mut out = String::from("\n## Exports\n\nEvery symbol of the C ABI libraries, by what it is. *Legacy* names are those the headers re-declare for\nNVIDIA's own view (`__CUDA_API_VERSION_INTERNAL`): ones with their successor's ABI are that function; the C ABI\nlibrary translates the others it names (`cabi` overrides), and older ABIs (32-bit device pointers) return\n`CUDA_ERROR_NOT_SUPPORTED`. nvcc's `__cuda*` entry points (`cabi/libcudart/src/nvcc.rs`) and NVRTC's\n`__nvrtcCPEx` (`cabi/libnvrtc/src/internal.rs`) are written by hand.\n\n| library | symbols | declared | per-thread | legacy, successor's ABI | legacy, translated | legacy ABI, not supported |\n|---|---:|---:|---:|---:|---:|---:|\n");
    let mut translated = Vec::new();
    for cx in models {
        let all = &cx.exports.exports;
        let legacy_own = |n: &String| cx.cuda.function(n).is_none() && cx.cabi_hand.contains(n);
        let count =
            |f: &dyn Fn(&String, &Export) -> bool| all.iter().filter(|(n, (k, _))| f(n, k)).count();
        let lib = cx.lead().library.file;
        let _ = writeln!(
            out,
            "| `{lib}` | {} | {} | {} | {} | {} | {} |",
            all.len(),
            count(&|_, k| *k == Export::Declared),
            count(&|_, k| matches!(k, Export::PerThread { .. })),
            count(&|n, k| matches!(k, Export::Legacy { .. }) && !legacy_own(n)),
            count(&|n, _| legacy_own(n)),
            count(&|n, k| *k == Export::LegacyStub && !legacy_own(n)),
        );
        translated.extend(
            all.keys()
                .filter(|n| legacy_own(n))
                .map(|n| format!("`{n}`")),
        );
    }
    let _ = writeln!(
        out,
        "\nTranslated by the C ABI libraries: {}.",
        translated.join(", ")
    );
    out
}
