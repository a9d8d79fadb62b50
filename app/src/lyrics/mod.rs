//! The lyric studio (spec 6.4, 6.7): the editor of a sketch's lyrics with its gutter, structure
//! builder and section tools, rhyme help, and the instance-wide parsing rules that its Cleanup
//! and Format sections run. The text engine is `shared::lyrics`, the same code in the browser
//! (WASM) and on the server, so what the editor shows is what the server computes.
//!
//! - `editor/`: the page at `/sketches/{id}/lyrics` and the saves it makes (a sketch's lyrics,
//!   language and structure, through `crate::sketches`' queries)
//! - `rules/`: the `lyric_parsing_rules` table, its server functions and its page
//! - `rhymes/`: rhyme suggestions (the CMU Pronouncing Dictionary for English, a suffix
//!   heuristic for German)

pub mod editor;
pub mod rhymes;
pub mod rules;

pub use editor::LyricEditorPage;
pub use rules::RulesPage;
