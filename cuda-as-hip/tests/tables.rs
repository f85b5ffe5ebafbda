//! The generated enum tables against the two headers' own constants (see generated/enum_tables.rs
//! for the driver and NVRTC, generated/runtime_enum_tables.rs for the runtime,
//! generated/curand_enum_tables.rs for cuRAND against each hipRAND release).

use cuda_as_hip::call::{Call, ResultCodes};
use std::fmt::Debug;

/// A table's two directions, for HIP's or a ROCm library's binding tables (`B`).
type ToHip<C, R, B> = fn(&Call<R>, C, B) -> Result<i64, R>;
type FromHip<C, R, B> = fn(&Call<R>, i64, B) -> Result<C, R>;

/// One constant pair in one HIP version; returns 1 so the caller can count.
fn check<C: TryFrom<i64> + Into<i64> + Copy, R: ResultCodes, B: Copy + Debug>(
    to: ToHip<C, R, B>,
    from: FromHip<C, R, B>,
    cuda: i64,
    hip: i64,
    b: B,
    exact: bool,
) -> usize {
    let f = Call::<R>::new("table test");
    let c = C::try_from(cuda).unwrap_or_else(|_| panic!("{cuda} fits the CUDA enum's type"));
    assert_eq!(to(&f, c, b), Ok(hip), "CUDA {cuda} → HIP on {b:?}");
    let back = from(&f, hip, b).unwrap_or_else(|e| panic!("HIP {hip} on {b:?} → CUDA: {e:?}"));
    match exact {
        true => assert_eq!(back.into(), cuda, "HIP {hip} on {b:?} → CUDA"),
        false => assert_eq!(to(&f, back, b), Ok(hip), "HIP {hip} on {b:?} round trip"),
    }
    1
}

mod driver {
    use super::check;
    use cuda_as_hip::tables as t;
    include!("generated/enum_tables.rs");
}

mod runtime {
    use super::check;
    use cuda_as_hip::runtime_tables as t;
    include!("generated/runtime_enum_tables.rs");
}

mod curand {
    use super::check;
    use cuda_as_hip::curand_tables as t;
    include!("generated/curand_enum_tables.rs");
}

mod cublas {
    use super::check;
    use cuda_as_hip::cublas_tables as t;
    include!("generated/cublas_enum_tables.rs");
}

mod nccl {
    use super::check;
    use cuda_as_hip::nccl_tables as t;
    include!("generated/nccl_enum_tables.rs");
}

mod cufft {
    use super::check;
    use cuda_as_hip::cufft_tables as t;
    include!("generated/cufft_enum_tables.rs");
}

mod cusolver {
    use super::check;
    use cuda_as_hip::cusolver_tables as t;
    include!("generated/cusolver_enum_tables.rs");
}

mod cusparse {
    use super::check;
    use cuda_as_hip::cusparse_tables as t;
    include!("generated/cusparse_enum_tables.rs");
}

mod cublaslt {
    use super::check;
    use cuda_as_hip::cublaslt_tables as t;
    include!("generated/cublaslt_enum_tables.rs");
}
