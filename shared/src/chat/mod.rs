//! Chat logic both sides run: the context arithmetic behind the meter and the rendering of
//! model output.

pub mod context;
pub mod markdown;
