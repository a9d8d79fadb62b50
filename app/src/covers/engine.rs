//! The preview's pixel engine: decoding, resampling and the overlay renderer. It is most of the
//! cover editor's code by size, so it sits behind one lazily loaded function (`load`): its
//! WASM chunk arrives when the editor opens an image, not with every page of the app.

use shared::overlay::{decode, layout, render_onto, resize, Fonts, OverlaySpec, RgbaImage};

/// A picked image, decoded and resampled to the preview size once; every frame copies it and
/// draws the text on the copy — exactly what `render_at` does at that size.
pub trait Frames {
    /// The cover as RGBA, and where each text's position point landed (for the crosshairs).
    fn paint(&self, spec: &OverlaySpec) -> (RgbaImage, Vec<(f32, f32)>);
}

struct Loaded {
    background: RgbaImage,
    fonts: Fonts,
    src: (u32, u32),
}

impl Frames for Loaded {
    fn paint(&self, spec: &OverlaySpec) -> (RgbaImage, Vec<(f32, f32)>) {
        let mut frame = self.background.clone();
        render_onto(&mut frame, self.src, spec, &self.fonts);
        let placed = layout(spec, &self.fonts, self.src, frame.dimensions());
        let anchors = placed.title.iter().chain(placed.artist.iter());
        (frame, anchors.map(|l| l.anchor).collect())
    }
}

/// Decodes `image` (which must be `src` sized) and the three font files, and resamples the
/// image to `out`.
#[leptos::lazy]
pub fn load(
    image: Vec<u8>,
    fonts: [Vec<u8>; 3],
    src: (u32, u32),
    out: (u32, u32),
) -> Result<Box<dyn Frames>, String> {
    let [bold, elegant, light] = fonts;
    let fonts = Fonts::from_bytes(bold, elegant, light).map_err(|e| e.to_string())?;
    let decoded = decode(&image).map_err(|e| e.to_string())?;
    if decoded.dimensions() != src {
        return Err(format!(
            "expected {}×{} px, got {}×{}",
            src.0,
            src.1,
            decoded.width(),
            decoded.height()
        ));
    }
    Ok(Box::new(Loaded {
        background: resize(&decoded, out.0, out.1),
        fonts,
        src,
    }))
}
