//! Nothing to link: this package only carries the examples (see `Cargo.toml`).
