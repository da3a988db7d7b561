//! `:::steps`: the ordered list inside becomes numbered steps, each with
//! an anchor (`#step-3`) so a reader can be sent to one step. A step holds
//! anything a list item can: images, code, admonitions.

use super::containers::Container;

/// The steps markup around `body`, or `None` when `c` is not `:::steps`.
/// The ids go to `anchors`, so links to them are checked like any other.
pub fn render(c: &Container, body: &str, anchors: &mut Vec<String>) -> Option<String> {
    if c.leaf || !c.opener.name.eq_ignore_ascii_case("steps") {
        return None;
    }
    // A second list of steps on the page goes on numbering its anchors.
    let mut number = anchors.iter().filter(|a| a.starts_with("step-")).count();
    let mut out = String::with_capacity(body.len() + 256);
    out.push_str("<div class=\"steps\">\n");
    let mut depth = 0usize;
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..tag_end];
        if tag.starts_with("<ol") || tag.starts_with("<ul") {
            depth += 1;
        } else if tag.starts_with("</ol") || tag.starts_with("</ul") {
            depth = depth.saturating_sub(1);
        }
        if depth == 1 && (tag == "<li>" || tag.starts_with("<li ")) {
            number += 1;
            let id = format!("step-{number}");
            out.push_str(&format!("<li class=\"step\" id=\"{id}\"{}", &tag[3..]));
            anchors.push(id);
        } else {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out.push_str("</div>\n");
    Some(out)
}
