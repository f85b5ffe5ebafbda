//! The PTX translator's GPU proof (issue 18, "How it is proven", GPU part; README.md, "Verified on
//! GPU"). The loopback cannot load AMD code objects, so the semantics are proven by a round trip:
//! each PTX file is translated with the NVPTX prelude, compiled back to PTX by `llc-15`, and both the
//! original and the round-tripped PTX run on an NVIDIA GPU through NVIDIA's own driver, on the same
//! generated inputs; every buffer must come back bit-identical (documented ulp bounds where the
//! original uses `.approx` instructions).
//!
//! - [`signature`]: each `.entry` and its `.param` list, read from the PTX text;
//! - [`inputs`]: the argument convention (which parameter gets what) and the data sets;
//! - [`compare`]: buffers compared, the verdicts, the ulp bounds;
//! - [`instructions`]: per-instruction kernels, generated from the corpus' opcode census;
//! - [`matrix`]: warp matrix kernels (mma, wmma, ldmatrix, stmatrix) against the tensor cores;
//! - [`bundle`]: the bundle the GPU machine receives (built here: translate, `llc-15`, `ptxas`);
//! - [`driver`]: NVIDIA's libcuda, opened at run time.

pub mod bundle;
pub mod compare;
pub mod driver;
pub mod inputs;
pub mod instructions;
pub mod matrix;
pub mod signature;
