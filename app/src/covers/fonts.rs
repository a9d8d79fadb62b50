//! The cover typefaces, compiled into the server from `public/fonts` (the files the browser
//! loads), so server and preview always use the same font bytes.

use std::sync::OnceLock;

use shared::overlay::Fonts;

static FONTS: OnceLock<Fonts> = OnceLock::new();

pub fn fonts() -> &'static Fonts {
    FONTS.get_or_init(|| {
        Fonts::from_bytes(
            include_bytes!("../../../public/fonts/Anton-Regular.ttf").to_vec(),
            include_bytes!("../../../public/fonts/PlayfairDisplay-Regular.ttf").to_vec(),
            include_bytes!("../../../public/fonts/Roboto-Light.ttf").to_vec(),
        )
        // The bytes are fixed at compile time and covered by tests; failing here is a build error
        // in all but name.
        .expect("bundled cover fonts parse")
    })
}
