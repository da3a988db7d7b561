//! Colours of a rendered diagram, re-expressed against the page's
//! foreground and background so that they follow its colour scheme.

/// Red, green, blue in 0..=1, and alpha in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba(pub f64, pub f64, pub f64, pub f64);

/// The CSS colour names renderers write.
const NAMED: &[(&str, [u8; 3])] = &[
    ("black", [0, 0, 0]),
    ("white", [255, 255, 255]),
    ("gray", [128, 128, 128]),
    ("grey", [128, 128, 128]),
    ("lightgray", [211, 211, 211]),
    ("lightgrey", [211, 211, 211]),
    ("darkgray", [169, 169, 169]),
    ("darkgrey", [169, 169, 169]),
    ("silver", [192, 192, 192]),
    ("gainsboro", [220, 220, 220]),
    ("whitesmoke", [245, 245, 245]),
    ("red", [255, 0, 0]),
    ("green", [0, 128, 0]),
    ("blue", [0, 0, 255]),
    ("yellow", [255, 255, 0]),
    ("orange", [255, 165, 0]),
    ("purple", [128, 0, 128]),
    ("navy", [0, 0, 128]),
];

/// A lower-case colour token: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`,
/// `rgb()`/`rgba()`, `hsl()`/`hsla()` or a name from [`NAMED`].
pub fn parse(token: &str) -> Option<Rgba> {
    if let Some(hex) = token.strip_prefix('#') {
        return parse_hex(hex);
    }
    if let Some((_, [r, g, b])) = NAMED.iter().find(|(n, _)| *n == token) {
        return Some(Rgba(
            f64::from(*r) / 255.0,
            f64::from(*g) / 255.0,
            f64::from(*b) / 255.0,
            1.0,
        ));
    }
    let (func, args) = token.strip_suffix(')')?.split_once('(')?;
    let args: Vec<&str> = args
        .split([',', ' ', '/'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    if !(3..=4).contains(&args.len()) {
        return None;
    }
    let alpha = match args.get(3) {
        Some(a) => number(a, 1.0)?.clamp(0.0, 1.0),
        None => 1.0,
    };
    match func.trim() {
        "rgb" | "rgba" => Some(Rgba(
            (number(args[0], 255.0)? / 255.0).clamp(0.0, 1.0),
            (number(args[1], 255.0)? / 255.0).clamp(0.0, 1.0),
            (number(args[2], 255.0)? / 255.0).clamp(0.0, 1.0),
            alpha,
        )),
        "hsl" | "hsla" => {
            let h = args[0].trim_end_matches("deg").parse::<f64>().ok()?;
            let s = (number(args[1], 100.0)? / 100.0).clamp(0.0, 1.0);
            let l = (number(args[2], 100.0)? / 100.0).clamp(0.0, 1.0);
            let (r, g, b) = hsl_to_rgb(h, s, l);
            Some(Rgba(r, g, b, alpha))
        }
        _ => None,
    }
}

/// A number, or a percentage of `full`.
fn number(s: &str, full: f64) -> Option<f64> {
    match s.strip_suffix('%') {
        Some(p) => Some(p.parse::<f64>().ok()? / 100.0 * full),
        None => s.parse::<f64>().ok().filter(|n| n.is_finite()),
    }
}

fn parse_hex(hex: &str) -> Option<Rgba> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digits: Vec<f64> = match hex.len() {
        3 | 4 => hex
            .chars()
            .map(|c| f64::from(c.to_digit(16).unwrap_or(0) * 17) / 255.0)
            .collect(),
        6 | 8 => (0..hex.len() / 2)
            .map(|i| f64::from(u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0)) / 255.0)
            .collect(),
        _ => return None,
    };
    Some(Rgba(
        digits[0],
        digits[1],
        digits[2],
        digits.get(3).copied().unwrap_or(1.0),
    ))
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (f64, f64, f64) {
    let h = h.rem_euclid(360.0) / 60.0;
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    (r + m, g + m, b + m)
}

/// The colour as a CSS expression over the page's foreground `fg` and
/// background `bg`. Written for a light scheme, a light colour is white
/// mixed with a saturated hue, and becomes `bg` mixed with that hue; a dark
/// colour is black mixed with a hue, and becomes `fg` mixed with it. Greys
/// mix `fg` and `bg` only.
pub fn themed(c: Rgba, fg: &str, bg: &str) -> String {
    let Rgba(r, g, b, a) = c;
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let opaque = if luminance >= 0.5 {
        let white = r.min(g).min(b);
        if white >= 0.998 {
            bg.to_string()
        } else {
            let hue = [r, g, b].map(|v| (v - white) / (1.0 - white));
            let other = if hue.iter().all(|v| *v < 0.1) {
                fg.to_string()
            } else {
                hex(hue)
            };
            format!("color-mix(in srgb,{bg} {},{other})", percent(white))
        }
    } else {
        let max = r.max(g).max(b);
        if max <= 0.002 {
            fg.to_string()
        } else {
            let hue = [r, g, b].map(|v| v / max);
            let other = if hue.iter().all(|v| *v > 0.9) {
                bg.to_string()
            } else {
                hex(hue)
            };
            format!("color-mix(in srgb,{fg} {},{other})", percent(1.0 - max))
        }
    };
    if a >= 0.999 {
        opaque
    } else {
        format!("color-mix(in srgb,{opaque} {},transparent)", percent(a))
    }
}

fn percent(v: f64) -> String {
    let p = (v * 1000.0).round() / 10.0;
    format!("{p}%")
}

fn hex(c: [f64; 3]) -> String {
    let [r, g, b] = c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_renderers_write() {
        assert_eq!(parse("#fff"), Some(Rgba(1.0, 1.0, 1.0, 1.0)));
        assert_eq!(parse("#000000"), Some(Rgba(0.0, 0.0, 0.0, 1.0)));
        assert_eq!(
            parse("rgba(255, 0, 0, 0.5)"),
            Some(Rgba(1.0, 0.0, 0.0, 0.5))
        );
        assert_eq!(
            parse("hsl(-120, 0%, 80%)").map(|c| (c.0 * 255.0).round()),
            Some(204.0)
        );
        let blue = parse("hsl(240, 100%, 50%)").expect("hsl");
        assert!(
            (blue.2 - 1.0).abs() < 1e-9 && blue.0.abs() < 1e-9,
            "{blue:?}"
        );
        assert_eq!(parse("lightgrey").map(|c| c.3), Some(1.0));
        for not in [
            "#yomu",
            "#12",
            "none",
            "url(#a)",
            "rgb(1,2)",
            "currentcolor",
        ] {
            assert_eq!(parse(not), None, "{not}");
        }
    }

    #[test]
    fn light_colours_mix_into_the_background_and_dark_into_the_foreground() {
        let t = |s: &str| themed(parse(s).expect(s), "FG", "BG");
        assert_eq!(t("#ffffff"), "BG");
        assert_eq!(t("black"), "FG");
        assert_eq!(t("#333333"), "color-mix(in srgb,FG 80%,BG)");
        assert_eq!(t("#dddddd"), "color-mix(in srgb,BG 86.7%,FG)");
        assert_eq!(t("#ececff"), "color-mix(in srgb,BG 92.5%,#0000ff)");
        assert_eq!(
            t("rgba(0,0,0,0.5)"),
            "color-mix(in srgb,FG 50%,transparent)"
        );
    }
}
