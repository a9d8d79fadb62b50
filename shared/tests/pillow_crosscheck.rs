//! Golden images only prove the renderer is stable; this proves it draws like Pillow, the
//! original product's renderer: for each font at two sizes, with and without outline, the inked
//! bounding box is within ±2 px of Pillow's for the same text, font file, size and stroke.
//! Needs python3 (Pillow is installed from PyPI by the script); under CI its absence fails.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use image::RgbaImage;
use serde_json::{json, Value};
use shared::overlay::{render, Color, FontStyle, OverlaySpec, Position};
use std::io::Write;
use std::process::{Command, Stdio};

const TEXT: &str = "HELLO WORLD";

fn inked_box(img: &RgbaImage) -> (u32, u32) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[3] > 0 {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
        }
    }
    (x1.saturating_sub(x0), y1.saturating_sub(y0))
}

#[test]
fn inked_boxes_match_pillow_within_two_pixels() {
    let fonts = common::fonts();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/fonts/");
    let files = [
        (FontStyle::Bold, "Anton-Regular.ttf"),
        (FontStyle::Elegant, "PlayfairDisplay-Regular.ttf"),
        (FontStyle::Light, "Roboto-Light.ttf"),
    ];
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (style, file) in files {
        for size in [40u32, 120] {
            for stroke in [0u32, 3] {
                let mut spec = OverlaySpec::new(TEXT, None);
                spec.font_style = style;
                spec.title_font_size = size as f32;
                spec.title_outline_width = stroke as f32;
                spec.title_color = Color::WHITE;
                spec.title_outline_color = Color::BLACK;
                spec.title_position = Position::custom(0.5, 0.5);
                let canvas = RgbaImage::new(size * 12, size * 4);
                ours.push(inked_box(&render(&canvas, &spec, &fonts)));
                cases.push(json!({ "font": format!("{dir}{file}"), "size": size, "stroke": stroke, "text": TEXT, "label": format!("{style:?} {size}px stroke {stroke}") }));
            }
        }
    }
    let Some(theirs) = pillow(&cases) else { return };
    let mut report = Vec::new();
    for ((case, (w, h)), t) in cases.iter().zip(&ours).zip(&theirs) {
        let (pw, ph) = (t[0].as_i64().unwrap(), t[1].as_i64().unwrap());
        let (dw, dh) = (*w as i64 - pw, *h as i64 - ph);
        report.push(format!(
            "{}: ours {w}x{h}, Pillow {pw}x{ph}",
            case["label"].as_str().unwrap()
        ));
        assert!(
            dw.abs() <= 2 && dh.abs() <= 2,
            "{}\n{}",
            report.last().unwrap(),
            report.join("\n")
        );
    }
    println!("{}", report.join("\n"));
}

fn pillow(cases: &[Value]) -> Option<Vec<Value>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pillow_bbox.py");
    let child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED: python3 not available ({e})");
            return None;
        }
        Err(e) => panic!("python3 is required under CI: {e}"),
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(cases).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pillow_bbox.py failed");
    Some(serde_json::from_slice(&out.stdout).expect("JSON from pillow_bbox.py"))
}
