//! Share cards (og:image): a posting drawn as a 1200×630 PNG — its title, pay and terms, place and days —
//! which WeChat and other apps show when a link to it is shared. Drawn by the server with the system's
//! CJK font (Debian's fonts-noto-cjk); without that font the pages simply name no image.

use std::path::Path;
use std::sync::Arc;

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::i18n::Lang;
use crate::model::{format_pay, PostingDetail};
use crate::state::AppState;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The font cards are drawn with, loaded once at start.
#[derive(Clone)]
pub struct CardFont(Arc<FontVec>);

impl std::fmt::Debug for CardFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardFont")
    }
}

impl CardFont {
    /// Reads a font file; in a collection (`.ttc`) the face for Simplified Chinese is chosen, so 零 and
    /// 骨 are drawn as readers in Jiangsu write them.
    pub fn load(path: &Path) -> Result<CardFont, String> {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let simplified = (0..faces).find(|&i| {
            ttf_parser::Face::parse(&data, i).is_ok_and(|face| {
                face.names().into_iter().any(|name| {
                    name.name_id == ttf_parser::name_id::FAMILY
                        && name
                            .to_string()
                            .is_some_and(|family| family.ends_with(" SC"))
                })
            })
        });
        FontVec::try_from_vec_and_index(data, simplified.unwrap_or(0))
            .map(|font| CardFont(Arc::new(font)))
            .map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The lines a card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct CardText {
    pub title: String,
    /// "220 元/天 · 日结"
    pub pay: String,
    pub place: String,
    /// Days and the start time.
    pub when: String,
}

impl CardText {
    pub fn of(detail: &PostingDetail) -> CardText {
        let t = Lang::Zh.texts();
        let p = &detail.summary;
        let mut pay = format!("{} {}", format_pay(p.pay_cents), t.pay_unit(p.pay_unit));
        if let Some(terms) = p.pay_terms {
            pay.push_str(" · ");
            pay.push_str(t.pay_terms(terms));
        }
        let mut when = (t.date_range)(p.start_date, p.end_date);
        if let Some(time) = p.start_time {
            when.push_str(" · ");
            when.push_str(&(t.starts_at)(time));
        }
        CardText {
            title: p.title.clone(),
            pay,
            place: match &p.district_name {
                Some(district) => format!("{}{district} · {}", p.city_name, p.address),
                None => format!("{} · {}", p.city_name, p.address),
            },
            when,
        }
    }
}

type Rgb = [u8; 3];
const GROUND: Rgb = [0xff, 0xfb, 0xf5];
const RED: Rgb = [0xb3, 0x1b, 0x1b];
const INK: Rgb = [0x1f, 0x1f, 0x1f];
const SOFT: Rgb = [0x55, 0x55, 0x55];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const MARGIN: f32 = 64.0;

/// An RGB picture being drawn.
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
        for _ in 0..WIDTH * HEIGHT {
            pixels.extend_from_slice(&GROUND);
        }
        Canvas { pixels }
    }

    fn fill(&mut self, top: u32, bottom: u32, colour: Rgb) {
        for y in top..bottom.min(HEIGHT) {
            for x in 0..WIDTH {
                let at = ((y * WIDTH + x) * 3) as usize;
                self.pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
    }

    fn blend(&mut self, x: i32, y: i32, colour: Rgb, coverage: f32) {
        if x < 0 || y < 0 || x >= WIDTH as i32 || y >= HEIGHT as i32 {
            return;
        }
        let at = ((y as u32 * WIDTH + x as u32) * 3) as usize;
        let a = coverage.clamp(0.0, 1.0);
        for (channel, &c) in self.pixels[at..at + 3].iter_mut().zip(&colour) {
            *channel = (f32::from(*channel) * (1.0 - a) + f32::from(c) * a).round() as u8;
        }
    }

    /// Draws `text` from `x` with its baseline at `baseline`, at most `max_width` wide and `max_lines`
    /// lines (the last one ends in "…" when the text is longer). Returns the baseline below the text.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        font: &FontVec,
        text: &str,
        size: f32,
        colour: Rgb,
        baseline: f32,
        max_width: f32,
        max_lines: usize,
    ) -> f32 {
        let scale = em(font, size);
        let scaled = font.as_scaled(scale);
        let line_height = size * 1.3;
        let lines = wrap(&scaled, text, max_width, max_lines);
        let mut y = baseline;
        for line in &lines {
            let mut x = MARGIN;
            let mut previous = None;
            for c in line.chars() {
                let id = scaled.glyph_id(c);
                if let Some(before) = previous {
                    x += scaled.kern(before, id);
                }
                let glyph = id.with_scale_and_position(scale, ab_glyph::point(x, y));
                if let Some(outline) = font.outline_glyph(glyph) {
                    let bounds = outline.px_bounds();
                    outline.draw(|gx, gy, coverage| {
                        self.blend(
                            bounds.min.x as i32 + gx as i32,
                            bounds.min.y as i32 + gy as i32,
                            colour,
                            coverage,
                        )
                    });
                }
                x += scaled.h_advance(id);
                previous = Some(id);
            }
            y += line_height;
        }
        y
    }

    fn png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&self.pixels)?;
        writer.finish()?;
        Ok(out)
    }
}

/// The scale at which the font's em is `size` pixels (ab_glyph scales by ascent to descent, which for
/// CJK fonts is half as large again).
fn em(font: &FontVec, size: f32) -> PxScale {
    let per_em = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(size * font.height_unscaled() / per_em)
}

/// Breaks text into lines that fit, character by character (Chinese has no spaces to break at), with
/// "…" ending the last line when some is left over.
fn wrap<F: Font, S: ScaleFont<F>>(
    font: &S,
    text: &str,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let width = |s: &str| -> f32 { s.chars().map(|c| font.h_advance(font.glyph_id(c))).sum() };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for c in text.chars().filter(|c| !c.is_control()) {
        let mut next = line.clone();
        next.push(c);
        if width(&next) <= max_width || line.is_empty() {
            line = next;
            continue;
        }
        if lines.len() + 1 == max_lines {
            while !line.is_empty() && width(&format!("{line}…")) > max_width {
                line.pop();
            }
            line.push('…');
            lines.push(line);
            return lines;
        }
        lines.push(std::mem::take(&mut line));
        line.push(c);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The card as a PNG.
pub fn render(font: &CardFont, card: &CardText) -> Result<Vec<u8>, png::EncodingError> {
    let font = &*font.0;
    let mut canvas = Canvas::new();
    let inner = WIDTH as f32 - 2.0 * MARGIN;
    canvas.fill(0, 96, RED);
    canvas.text(
        font,
        "零工市场 · 江苏公共零工服务",
        40.0,
        WHITE,
        62.0,
        inner,
        1,
    );
    let below_title = canvas.text(font, &card.title, 64.0, INK, 190.0, inner, 2);
    let below_pay = canvas.text(font, &card.pay, 76.0, RED, below_title + 28.0, inner, 1);
    let below_place = canvas.text(font, &card.place, 40.0, SOFT, below_pay + 8.0, inner, 1);
    canvas.text(font, &card.when, 40.0, SOFT, below_place, inner, 1);
    canvas.fill(HEIGHT - 12, HEIGHT, RED);
    canvas.png()
}

/// `GET /postings/{id}/card.png`: public, as the posting is; drafts and unknown ids are not found.
pub async fn posting_card(State(state): State<AppState>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(font) = state.share_cards.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(id) = id.parse::<i64>().ok().filter(|&id| id > 0) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let today = crate::calendar::today();
    let detail = match crate::db::postings::find(&state.pool, id, today).await {
        Ok(Some(detail)) => detail,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, id, "share card: posting unreadable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let card = CardText::of(&detail);
    // A few milliseconds of drawing: off the request threads.
    match tokio::task::spawn_blocking(move || render(&font, &card)).await {
        Ok(Ok(png)) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                // Apps fetch a card once per share; an hour keeps an edit from showing stale for long.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            png,
        )
            .into_response(),
        Ok(Err(error)) => {
            tracing::error!(%error, id, "share card: encoding failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(error) => {
            tracing::error!(%error, id, "share card: drawing failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Debian's font, as CI installs it (fonts-noto-cjk).
    const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

    fn card() -> CardText {
        CardText {
            title: "急招帮厨（日结）包午餐，新手可教，鼓楼区中山路附近的餐厅，长期也可以".into(),
            pay: "220 元/天 · 日结".into(),
            place: "南京市鼓楼区 · 中山路1号".into(),
            when: "12月5日–12月6日 · 08:00上班".into(),
        }
    }

    #[test]
    fn a_card_is_a_png_of_the_size_apps_expect_with_its_text_drawn() {
        let font = CardFont::load(Path::new(NOTO)).expect("fonts-noto-cjk installed");
        let png = render(&font, &card()).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        // Ink where the title is, red where the pay is, ground where nothing is.
        let row = |y: u32| &pixels[(y * WIDTH * 3) as usize..((y + 1) * WIDTH * 3) as usize];
        let count = |y: u32, colour: Rgb| row(y).chunks(3).filter(|p| *p == colour).count();
        assert!(count(170, INK) > 20, "title drawn");
        assert!(row(170).chunks(3).filter(|p| *p == GROUND).count() > 600);
        assert!(count(50, WHITE) > 20, "site name drawn on the band");
        assert!(png.len() < 200_000, "{} bytes", png.len());
    }

    #[test]
    fn long_text_wraps_and_ends_in_an_ellipsis() {
        let font = CardFont::load(Path::new(NOTO)).expect("fonts-noto-cjk installed");
        let scaled = font.0.as_scaled(em(&font.0, 64.0));
        let lines = wrap(&scaled, &card().title, 1072.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.concat().starts_with("急招帮厨"));
        assert_eq!(wrap(&scaled, "帮厨", 1072.0, 2), vec!["帮厨".to_owned()]);
    }
}
