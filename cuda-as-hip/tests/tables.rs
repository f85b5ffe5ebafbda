//! The generated enum tables against the two headers' own constants (see generated/enum_tables.rs).

use cuda_as_hip::call::DriverCall;
use cuda_as_hip::driver::sys::CUresult;
use cuda_as_hip::tables as t;
use hip_sys::Bindings;

const F: DriverCall = DriverCall::new("table test");

type ToHip<C> = fn(&DriverCall, C, Bindings) -> Result<i64, CUresult>;
type FromHip<C> = fn(&DriverCall, i64, Bindings) -> Result<C, CUresult>;

/// One constant pair in one HIP version; returns 1 so the caller can count.
fn check<C: TryFrom<i64> + Into<i64> + Copy>(
    to: ToHip<C>,
    from: FromHip<C>,
    cuda: i64,
    hip: i64,
    b: Bindings,
    exact: bool,
) -> usize {
    let c = C::try_from(cuda).unwrap_or_else(|_| panic!("{cuda} fits the CUDA enum's type"));
    assert_eq!(to(&F, c, b), Ok(hip), "CUDA {cuda} → HIP on {b:?}");
    let back = from(&F, hip, b).unwrap_or_else(|e| panic!("HIP {hip} on {b:?} → CUDA: {e:?}"));
    match exact {
        true => assert_eq!(back.into(), cuda, "HIP {hip} on {b:?} → CUDA"),
        false => assert_eq!(to(&F, back, b), Ok(hip), "HIP {hip} on {b:?} round trip"),
    }
    1
}

include!("generated/enum_tables.rs");
