//! What hipify-perl knows about CUDA's device side, as data for our NVRTC
//! (`cuda-as-hip/src/nvrtc/`): the CUDA header names it maps, with HIP's counterpart (the headers
//! served to hiprtc refuse those whose counterpart is a library hiprtc cannot reach), and its
//! device-function lists (what HIP provides, what it lacks), which name the cause in a failed
//! compile's log and which the tests probe on every HIP version.

use crate::hipify::Table;

/// hipify writes `/` as `\/` inside its Perl strings.
fn unescape(s: &str) -> String {
    s.replace("\\/", "/")
}

/// The generated file: (path, text).
pub fn file(hipify: &Table) -> (String, String) {
    let mut out = super::header("hipify-perl's table");
    out.push_str(
        "//! hipify-perl's device-side data: CUDA header names with HIP's counterpart, and CUDA device\n\
         //! functions HIP provides (with HIP's name) or lacks.\n\n\
         pub const HIPIFY_HEADERS: &[(&str, &str)] = &[\n",
    );
    for (cuda, e) in &hipify.entries {
        if e.kind.starts_with("include") && !e.experimental {
            out.push_str(&format!(
                "    ({:?}, {:?}),\n",
                unescape(cuda),
                unescape(&e.hip)
            ));
        }
    }
    out.push_str(
        "];\n\n/// `@SupportedDeviceFunctions`: (CUDA name, HIP name by its `device_function` substitution).\n\
         pub const HIPIFY_DEVICE_FUNCTIONS: &[(&str, &str)] = &[\n",
    );
    for cuda in &hipify.device_functions {
        let hip = hipify.hip(cuda).map_or(cuda.as_str(), |e| e.hip.as_str());
        out.push_str(&format!("    ({cuda:?}, {hip:?}),\n"));
    }
    out.push_str(
        "];\n\n/// `@UnsupportedDeviceFunctions`: CUDA device functions HIP lacks.\n\
         pub const HIPIFY_UNSUPPORTED_DEVICE_FUNCTIONS: &[&str] = &[\n",
    );
    for cuda in &hipify.unsupported_device_functions {
        out.push_str(&format!("    {cuda:?},\n"));
    }
    out.push_str("];\n");
    ("cuda-as-hip/src/generated/nvrtc_hipify.rs".into(), out)
}
