#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod assess;
mod bundled;
mod condition;
mod emit;
mod error;
mod framework;
mod load;
pub mod model;
mod prepare;
pub mod report;
mod score;
mod shares;
mod suggest;
mod validate;

pub use error::{Error, Location, Problem, Problems};
pub use framework::Framework;
/// The date library of [`PreparedEvidence::assess`]'s `as_of`, re-exported so that a host
/// needs no version of its own.
pub use jiff;
pub use load::{
    DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_NODES, DEFAULT_MAX_SCALAR_BYTES,
    Format, LoadOptions, MAX_NESTING,
};
pub use model::EvidenceBundle;
pub use prepare::PreparedEvidence;
pub use report::{Finding, Report, Status};
/// The version library of [`Framework::version`], re-exported.
pub use semver;
pub use shares::RuleShare;

/// Design notes: questions and answers about why the crate works the way it does.
pub mod _documentation {
    #![doc = include_str!("../docs/DESIGN-NOTES.md")]
}

/// The file formats, as a reference.
pub mod _format {
    #![doc = include_str!("../docs/FORMAT.md")]
}
