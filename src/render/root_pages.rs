//! Pages at the site root when every language has a URL prefix: the
//! `index.html` that sends visitors to their language, and the `404.html`
//! static hosts serve for any missing path, in the visitor's language.

use crate::config::Config;
use crate::render::escape_html;
use std::fmt::Write;

/// `pickLanguage(homes, path)`: the index of the language whose home the
/// path is under, else of the browser's first language the site has, else
/// -1. `homes` is `[[lower-case code, home URL, code], …]`.
const PICK_LANGUAGE: &str = r#"function pickLanguage(homes, path) {
  for (var i = 0; i < homes.length; i++) { if (homes[i][1] !== "/" && path.indexOf(homes[i][1]) === 0) return i; }
  var wanted = navigator.languages || [navigator.language || ""];
  for (var w = 0; w < wanted.length; w++) {
    var code = String(wanted[w]).toLowerCase();
    for (var j = 0; j < homes.length; j++) { if (homes[j][0] === code) return j; }
    for (var k = 0; k < homes.length; k++) { if (homes[k][0].split("-")[0] === code.split("-")[0]) return k; }
  }
  return -1;
}"#;

fn homes_table(config: &Config, homes: &[String]) -> String {
    let entries: Vec<String> = config
        .languages
        .iter()
        .zip(homes)
        .map(|(language, home)| {
            let entry = (language.code.to_lowercase(), home, &language.code);
            serde_json::to_string(&entry).unwrap_or_default()
        })
        .collect();
    format!("[{}]", entries.join(","))
}

/// The root `index.html`: to the browser's language, else the default
/// one; without JavaScript, a list of links.
pub fn language_picker(config: &Config, homes: &[String]) -> String {
    let mut links = String::new();
    for (language, home) in config.languages.iter().zip(homes) {
        let code = escape_html(&language.code);
        let _ = writeln!(
            links,
            "<li><a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\">{}</a></li>",
            escape_html(home),
            escape_html(&language.name)
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<script>\n{PICK_LANGUAGE}\n(function () {{\n  var homes = {table};\n  location.replace(homes[Math.max(pickLanguage(homes, \"\"), 0)][1]);\n}})();\n</script>\n</head>\n<body>\n<noscript>\n<ul>\n{links}</ul>\n</noscript>\n</body>\n</html>\n",
        lang = escape_html(&config.default_language().code),
        title = escape_html(&config.title),
        table = homes_table(config, homes),
    )
}

/// The root `404.html`: the default language's 404 page (`page`), which
/// swaps itself for the 404 page of the missing path's language, else of
/// the browser's, keeping the address the visitor asked for.
pub fn not_found(config: &Config, page: &str, homes: &[String]) -> String {
    let script = format!(
        "<script>\n{PICK_LANGUAGE}\n(function () {{\n  var homes = {table};\n  var pick = pickLanguage(homes, location.pathname);\n  if (pick <= 0) return;\n  fetch(homes[pick][1] + \"404.html\").then(function (r) {{ return r.ok ? r.text() : null; }}).then(function (html) {{\n    if (!html) return;\n    document.open();\n    document.write(html);\n    document.close();\n  }}).catch(function () {{}});\n}})();\n</script>\n",
        table = homes_table(config, homes),
    );
    match page.find("</head>") {
        Some(at) => format!("{}{script}{}", &page[..at], &page[at..]),
        None => format!("{script}{page}"),
    }
}
