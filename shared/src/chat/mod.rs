//! Chat logic both sides run: the context arithmetic behind the meter, which messages a
//! summary replaces, and the rendering of model output.

pub mod compress;
pub mod context;
pub mod markdown;
