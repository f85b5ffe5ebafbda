//! Launch attributes (`CUlaunchAttribute`, `cudaLaunchAttribute`: one layout, one numbering) of
//! cuLaunchKernelEx and cudaLaunchKernelExC, read here for both: HIP numbers its own otherwise and
//! has no `hipDrvLaunchKernelEx` before 6.2, so each launch is the API's plain (or cooperative)
//! launch once its attributes say nothing else is asked.

use crate::call::{Call, ResultCodes};
use crate::driver::sys::{
    CUlaunchAttribute, CUlaunchAttributeID_enum as Id, CUlaunchAttributeValue,
};

const _: () = assert!(
    size_of::<CUlaunchAttribute>() == size_of::<crate::runtime::sys::cudaLaunchAttribute>()
        && size_of::<CUlaunchAttribute>() == 72
);

/// What one launch attribute asks of the launch.
#[derive(Debug, PartialEq)]
enum Asks {
    /// Nothing that changes what the kernel computes: a scheduling, cache or carve-out hint, a
    /// preferred cluster shape, or clusters of one block.
    Nothing,
    /// A cooperative launch (grid-wide synchronisation), or explicitly not one.
    Cooperative(bool),
    /// What this layer cannot give on AMD GPUs, and why.
    Unsupported(String),
}

/// What the attribute `id` with `value` asks; `None` for an id CUDA does not define.
fn asks(id: u32, value: &CUlaunchAttributeValue) -> Option<Asks> {
    const HINTS: [Id; 9] = [
        Id::CU_LAUNCH_ATTRIBUTE_IGNORE,
        Id::CU_LAUNCH_ATTRIBUTE_ACCESS_POLICY_WINDOW,
        Id::CU_LAUNCH_ATTRIBUTE_SYNCHRONIZATION_POLICY,
        Id::CU_LAUNCH_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE,
        // May the next kernel start early? Never here: a stricter order, the same results.
        Id::CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION,
        Id::CU_LAUNCH_ATTRIBUTE_PRIORITY,
        Id::CU_LAUNCH_ATTRIBUTE_MEM_SYNC_DOMAIN_MAP,
        Id::CU_LAUNCH_ATTRIBUTE_MEM_SYNC_DOMAIN,
        Id::CU_LAUNCH_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT,
    ];
    let is = |a: Id| a as u32 == id;
    Some(match id {
        _ if HINTS.iter().any(|&h| is(h)) => Asks::Nothing,
        _ if is(Id::CU_LAUNCH_ATTRIBUTE_PREFERRED_CLUSTER_DIMENSION) => Asks::Nothing,
        _ if is(Id::CU_LAUNCH_ATTRIBUTE_COOPERATIVE) => {
            Asks::Cooperative(unsafe { value.cooperative } != 0)
        }
        _ if is(Id::CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION) => {
            let d = unsafe { value.clusterDim };
            // One block (a dimension of 0 counts as 1); compared per dimension, as a product
            // of the caller's values could wrap around to 1.
            match [d.x, d.y, d.z].iter().all(|&n| n <= 1) {
                true => Asks::Nothing,
                false => Asks::Unsupported(format!(
                    "thread block clusters of {}×{}×{} blocks: AMD GPUs have none",
                    d.x, d.y, d.z
                )),
            }
        }
        _ if is(Id::CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_EVENT)
            || is(Id::CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT) =>
        {
            Asks::Unsupported(
                "an event CUDA triggers while the kernel runs: HIP has no such trigger".into(),
            )
        }
        _ if is(Id::CU_LAUNCH_ATTRIBUTE_DEVICE_UPDATABLE_KERNEL_NODE) => {
            Asks::Unsupported("device-updatable kernel nodes (graphs only): HIP has none".into())
        }
        _ => return None,
    })
}

/// Whether the `count` attributes at `attributes` ask a cooperative launch; the API's error for
/// one CUDA does not define (invalid value) or that cannot be given (not supported). The runtime's
/// attributes are the driver's, layout and numbers.
///
/// # Safety
/// `attributes` points to `count` attributes; NULL only with a count of 0 (refused otherwise).
pub(crate) unsafe fn cooperative<R: ResultCodes>(
    call: &Call<R>,
    attributes: *const CUlaunchAttribute,
    count: u32,
) -> Result<bool, R> {
    if count > 0 && attributes.is_null() {
        return Err(call.null_argument("config->attrs"));
    }
    let mut cooperative = false;
    for i in 0..count as usize {
        let attribute = unsafe { attributes.add(i) };
        // Read as a number: the caller's value may be none of the enum's.
        let id = unsafe { attribute.cast::<u32>().read() };
        match asks(id, unsafe { &(*attribute).value }) {
            None => return Err(call.invalid_value("CUlaunchAttributeID")),
            Some(Asks::Nothing) => {}
            Some(Asks::Cooperative(on)) => cooperative = on,
            Some(Asks::Unsupported(why)) => return Err(call.unsupported(&why)),
        }
    }
    Ok(cooperative)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(words: [u32; 3]) -> CUlaunchAttributeValue {
        let mut v = CUlaunchAttributeValue { pad: [0; 64] };
        v.clusterDim.x = words[0];
        v.clusterDim.y = words[1];
        v.clusterDim.z = words[2];
        v
    }

    #[test]
    fn each_attribute_is_a_hint_a_cooperative_launch_or_refused_with_why() {
        let id = |a: Id| a as u32;
        let on = value([1, 0, 0]);
        assert_eq!(
            asks(id(Id::CU_LAUNCH_ATTRIBUTE_PRIORITY), &on),
            Some(Asks::Nothing)
        );
        let cooperative = Id::CU_LAUNCH_ATTRIBUTE_COOPERATIVE;
        assert_eq!(asks(id(cooperative), &on), Some(Asks::Cooperative(true)));
        assert_eq!(
            asks(id(cooperative), &value([0; 3])),
            Some(Asks::Cooperative(false))
        );
        let cluster = id(Id::CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION);
        assert_eq!(asks(cluster, &value([1, 1, 1])), Some(Asks::Nothing));
        assert_eq!(asks(cluster, &value([0, 0, 0])), Some(Asks::Nothing));
        let Some(Asks::Unsupported(why)) = asks(cluster, &value([2, 1, 1])) else {
            panic!("a 2-block cluster must be refused");
        };
        assert!(why.contains("2×1×1"), "{why}");
        // 641 × 6700417 = 2^32 + 1: a product in 32 bits would wrap around to one block.
        let wraps = asks(cluster, &value([641, 6_700_417, 1]));
        assert!(matches!(wraps, Some(Asks::Unsupported(_))), "{wraps:?}");
        let event = id(Id::CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT);
        assert!(matches!(asks(event, &on), Some(Asks::Unsupported(_))));
        assert_eq!(asks(15, &on), None);
        assert_eq!(asks(u32::MAX, &on), None);
    }
}
