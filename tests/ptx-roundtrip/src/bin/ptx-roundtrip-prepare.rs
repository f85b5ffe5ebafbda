//! The build half of the round trip (scripts/gpu-suite.sh build): the bundle ([`ptx_roundtrip::bundle`])
//! from the PTX corpus, with the translator's NVPTX target.
//!
//!   ptx-roundtrip-prepare CORPUS OUT OPT LLC PTXAS
//!
//! Built only with the feature `translator` (tests/ptx-roundtrip/Cargo.toml says why).
use ptx_roundtrip::bundle::{build, Tools};
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out, opt, llc, ptxas] = &args[..] else {
        eprintln!("usage: ptx-roundtrip-prepare CORPUS OUT OPT LLC PTXAS");
        std::process::exit(2);
    };
    let tools = Tools {
        translate: Box::new(|text| {
            ptx::translate(text, ptx::Target::Nvptx)
                .map(|t| t.ir)
                .map_err(|e| e.to_string())
        }),
        opt: PathBuf::from(opt),
        llc: PathBuf::from(llc),
        ptxas: PathBuf::from(ptxas),
    };
    match build(Path::new(corpus), Path::new(out), &tools) {
        Ok(index) => {
            let ok = index.iter().filter(|e| e.ok()).count();
            println!(
                "ptx-roundtrip bundle: {ok} of {} PTX files round-tripped (index: {out}/index.tsv)",
                index.len()
            );
        }
        Err(e) => {
            eprintln!("ptx-roundtrip-prepare: {e}");
            std::process::exit(1);
        }
    }
}
