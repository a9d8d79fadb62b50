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

/// The MIME type of PNG, JPEG or WebP bytes, from their signature.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes).ok()? {
        image::ImageFormat::Png => Some("image/png"),
        image::ImageFormat::Jpeg => Some("image/jpeg"),
        image::ImageFormat::WebP => Some("image/webp"),
        _ => None,
    }
}

/// Lossless PNG, for results (covers keep every pixel of the render).
pub fn encode_png(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail for a well-formed RgbaImage.
    let _ = img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

/// A JPEG thumbnail no wider or taller than `max_side`, for galleries: a few dozen kilobytes
/// instead of megabytes per tile.
pub fn thumbnail_jpeg(img: &RgbaImage, max_side: u32, quality: u8) -> Vec<u8> {
    let (w, h) = img.dimensions();
    let scale = (max_side as f32 / w.max(h).max(1) as f32).min(1.0);
    let (tw, th) = (
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let small = image::imageops::thumbnail(img, tw, th);
    let rgb = image::DynamicImage::ImageRgba8(small).to_rgb8();
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    let _ = rgb.write_with_encoder(encoder);
    out
}
