//! The two macros the generated files are written in. They keep each generated item one line long
//! (and the crate quick to build) while the expansion carries the safety-relevant shape.

/// A C enum as a `#[repr(transparent)]` newtype over its integer, with the C constants as
/// associated constants. Unlike a Rust `enum`, every integer HIP might return is a valid value.
#[macro_export]
#[doc(hidden)]
macro_rules! hip_enum {
    ($name:ident: $repr:ty { $($variant:ident = $value:expr,)* }) => {
        #[repr(transparent)]
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub $repr);

        impl $name {
            $(pub const $variant: Self = Self($value);)*

            /// The C name of this value (the first one declared, where several share it).
            #[allow(unreachable_patterns)]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(v if v == $value => Some(stringify!($variant)),)*
                    _ => None,
                }
            }
        }

        /// From a value known to be one of the constants (cuda-as-hip's tables produce only those).
        impl From<i64> for $name {
            #[inline]
            fn from(v: i64) -> Self {
                Self(v as $repr)
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }
    };
}

/// Methods that call a HIP function through its lazily resolved symbol slot. Each returns
/// `Err(SymbolError)` when the loaded HIP runtime does not export the symbol.
#[macro_export]
#[doc(hidden)]
macro_rules! hip_fns {
    (impl $target:ty { $(fn $name:ident($($arg:ident: $argty:ty),* $(,)?) -> $ret:ty = $slot:expr;)* }) => {
        impl $target {
            $(
                /// Calls the HIP function of this name (C signature as declared by the headers).
                ///
                /// # Safety
                /// Same contract as the C function: pointers must be valid as HIP documents.
                #[inline]
                pub unsafe fn $name(&self, $($arg: $argty),*) -> Result<$ret, $crate::SymbolError> {
                    let f = self.hip().symbol($slot)?;
                    // SAFETY: the slot holds the address of the symbol named by `SYMBOLS[$slot]`,
                    // whose C signature this is (both generated from the same declaration).
                    let f: unsafe extern "C" fn($($argty),*) -> $ret = unsafe { core::mem::transmute(f) };
                    Ok(unsafe { f($($arg),*) })
                }
            )*
        }
    };
}
