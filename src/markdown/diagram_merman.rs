//! The built-in diagram renderer: merman, a pure-Rust port of Mermaid.
//!
//! Text is measured with a width table that errs on the wide side: per
//! character, the widest of DejaVu Sans (the common Linux fallback and one
//! of the widest sans-serif fonts), Arial/Liberation Sans and Noto Sans
//! CJK, measured in Chromium; CJK, kana, Hangul and other wide characters
//! are 1 em. Labels are laid out by the browser in whatever font the page
//! has, so a box sized this way holds its text in any of them.

use super::diagram::{DiagramBackend, DiagramError};
use super::diagram_budget;
use merman::svg::{
    DeterministicTextMeasurer, MeasurementProfileId, SvgRenderOptions, TextMeasurementPolicy,
    TextMeasurementProfile, TextMeasurementProfileIdentity, TextStyle,
};
use merman::{
    Engine, MermaidConfig, OperationControl, RenderError, RenderOutput, RenderRequest, Renderer,
    SvgEnvironment, SvgRequest,
};
use std::sync::OnceLock;

/// Advance widths of U+0020..=U+007E in thousandths of an em.
const REGULAR: [u16; 95] = [
    318, 401, 474, 838, 636, 950, 780, 278, 390, 390, 500, 838, //
    318, 361, 318, 392, 636, 636, 636, 636, 636, 636, 636, 636, //
    636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, //
    770, 667, 611, 778, 752, 295, 535, 667, 557, 863, 748, 787, //
    667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, //
    392, 390, 838, 559, 606, 613, 635, 550, 635, 615, 352, 635, //
    634, 278, 278, 579, 284, 974, 634, 612, 635, 635, 411, 521, //
    392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/// The same for bold text (DejaVu Sans Bold, or the regular width when
/// that is wider).
const BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, //
    380, 415, 380, 392, 696, 696, 696, 696, 696, 696, 696, 696, //
    696, 696, 400, 400, 838, 838, 838, 580, 1015, 774, 762, 734, //
    830, 683, 683, 821, 837, 372, 535, 775, 637, 995, 837, 850, //
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, //
    392, 457, 838, 559, 606, 675, 716, 593, 716, 678, 435, 716, //
    712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, //
    478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/// Set up on the first diagram: building a site without diagrams (and
/// every `yomu serve` rebuild of one) skips making and freeing merman's
/// configuration, about 20 ms on the main thread.
#[derive(Default)]
pub struct Merman {
    ready: OnceLock<Ready>,
}

struct Ready {
    renderer: Renderer,
    environment: SvgEnvironment,
}

impl Ready {
    fn new() -> Self {
        // Mermaid's `base` theme with a few colours close to the default
        // theme's; `diagram_svg.rs` turns them into CSS variables.
        let config = MermaidConfig::from_value(serde_json::json!({
            "theme": "base",
            "fontFamily": "sans-serif",
            // Mermaid's own default; narrower breaks short Japanese labels
            // one character from their end ("各種ソフトウェ/ア").
            "flowchart": { "wrappingWidth": 200 },
            "themeVariables": {
                "fontFamily": "sans-serif",
                "primaryColor": "#ddf4ff",
                "primaryBorderColor": "#54aeff",
                "primaryTextColor": "#1f2328",
                "secondaryColor": "#fff8c5",
                "tertiaryColor": "#f6f8fa",
                "lineColor": "#59636e",
                "textColor": "#1f2328",
                "noteBkgColor": "#fff8c5",
                "noteBorderColor": "#d4a72c"
            }
        }));
        let renderer = Renderer::new().with_engine(Engine::new().with_site_config(config));
        let measurer = DeterministicTextMeasurer::default().with_width_callback(width_px);
        let identity = MeasurementProfileId::new("yomu.wide-sans").and_then(|id| {
            TextMeasurementProfileIdentity::new(id, concat!("yomu@", env!("CARGO_PKG_VERSION")))
        });
        let environment = match identity {
            Ok(identity) => SvgEnvironment::deterministic().with_text_measurement_policy(
                TextMeasurementPolicy::uniform(TextMeasurementProfile::new(identity, measurer)),
            ),
            Err(_) => SvgEnvironment::deterministic(),
        };
        Ready {
            renderer,
            environment,
        }
    }
}

impl DiagramBackend for Merman {
    fn render(&self, source: &str, id: &str) -> Result<String, DiagramError> {
        let ready = self.ready.get_or_init(Ready::new);
        diagram_budget::check(ready.renderer.engine(), source)?;
        let control = OperationControl::new().with_deadline(diagram_budget::TIME_BUDGET);
        let request = SvgRequest {
            environment: ready.environment.clone(),
            options: SvgRenderOptions {
                diagram_id: Some(id.to_string()),
                ..Default::default()
            },
            ..Default::default()
        };
        let output = ready
            .renderer
            .render(RenderRequest::svg(source, control, request));
        match output {
            Ok(RenderOutput::Svg(Some(svg))) => Ok(svg.into_parts().0),
            Ok(_) | Err(RenderError::NoDiagram) => Err(DiagramError::new(
                "no Mermaid diagram found: the first line should name one, such as `flowchart TD` or `sequenceDiagram`",
            )),
            Err(RenderError::Parse(diagnostic)) => Err(DiagramError {
                message: diagnostic.terminal_safe_message(),
                offset: diagnostic
                    .terminal_diagnostic_details()
                    .span
                    .map(|span| span.start),
            }),
            Err(RenderError::Cancelled(_)) => Err(diagram_budget::over_time()),
            Err(e) => Err(DiagramError::new(e.to_string())),
        }
    }
}

/// Width in CSS pixels of one line of label text.
fn width_px(text: &str, style: &TextStyle) -> f64 {
    let bold = style.font_weight.as_deref().is_some_and(|w| {
        let w = w.trim();
        w.eq_ignore_ascii_case("bold")
            || w.eq_ignore_ascii_case("bolder")
            || w.parse::<u32>().is_ok_and(|n| n >= 600)
    });
    let table = if bold { &BOLD } else { &REGULAR };
    let em: f64 = text.chars().map(|c| char_em(c, table, bold)).sum();
    em * style.font_size
}

fn char_em(c: char, table: &[u16; 95], bold: bool) -> f64 {
    match c {
        ' '..='~' => f64::from(table[c as usize - 0x20]) / 1000.0,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}' | '\u{0300}'..='\u{036F}' => {
            0.0
        }
        c if is_wide(c) => 1.0,
        _ if bold => 0.85,
        _ => 0.75,
    }
}

/// East Asian wide and fullwidth characters (and emoji), which take 1 em
/// in the fonts that draw them.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(weight: Option<&str>) -> TextStyle {
        TextStyle {
            font_size: 16.0,
            font_weight: weight.map(String::from),
            ..TextStyle::default()
        }
    }

    #[test]
    fn wide_characters_are_one_em_and_bold_is_wider() {
        assert_eq!(width_px("利用者", &style(None)), 48.0);
        let mixed = width_px("サーバー（SNS）", &style(None));
        assert!(
            (mixed - (16.0 * 6.0 + 16.0 * 2.082)).abs() < 1e-9,
            "{mixed}"
        );
        assert!(width_px("Misskey", &style(Some("bold"))) > width_px("Misskey", &style(None)));
        assert!((width_px("e\u{301}", &style(None)) - 16.0 * 0.615).abs() < 1e-9);
    }
}
