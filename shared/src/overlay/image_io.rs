//! Decoding and resampling, done here rather than by the browser so the preview's pixels do not
//! depend on the browser's decoder or colour management.

use image::imageops::FilterType;
use image::{ImageReader, Limits, RgbaImage};
use std::io::Cursor;

/// Largest side accepted when decoding, and the memory cap for one decode.
const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 768 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read the image: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes PNG, JPEG or WebP bytes into RGBA, refusing absurd dimensions.
pub fn decode(bytes: &[u8]) -> Result<RgbaImage, DecodeError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| DecodeError(e.to_string()))?;
    Ok(img.to_rgba8())
}

/// Resamples to `w`×`h` with Catmull-Rom: sharp for upscaling to the 3000 px export, and built
/// from arithmetic only (Lanczos needs `sin`, whose result differs between platforms).
pub fn resize(img: &RgbaImage, w: u32, h: u32) -> RgbaImage {
    if img.dimensions() == (w, h) {
        return img.clone();
    }
    image::imageops::resize(img, w.max(1), h.max(1), FilterType::CatmullRom)
}
