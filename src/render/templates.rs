//! Tera templates of the theme (and the site's overrides), components, and
//! the `t()` function that looks UI strings up in the page's language.

use super::assets::Assets;
use super::splice;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::UiStrings;
use crate::load::{text, theme};
use crate::markdown::ComponentRenderer;
use fluent::{FluentArgs, FluentValue};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera, Value};

pub struct Templates {
    /// One Tera per language: they differ only in the `t()` they call.
    per_language: Vec<Tera>,
    /// Template name → file, for diagnostics.
    files: HashMap<String, PathBuf>,
    /// Pages may give Tera a marker for `page.content` and splice their
    /// body in afterwards (see [`splice::outputs_content_whole`]).
    content_spliceable: bool,
}

impl Templates {
    /// Loads `themes/<theme>/templates`, `themes/<theme>/components`, then
    /// the site's own `templates/` and `components/`, which override them.
    pub fn load(
        root: &Path,
        config: &Config,
        ui: &Arc<UiStrings>,
        assets: &Arc<Assets>,
    ) -> (Option<Templates>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        if !theme::exists(root, &config.theme) {
            diagnostics.push(
                Diagnostic::error("theme", format!("no theme `{}` in `themes/`", config.theme))
                    .in_file(crate::config::CONFIG_FILE),
            );
            return (None, diagnostics);
        }
        let sources = [
            (theme::files(root, &config.theme, "templates"), ""),
            (
                theme::files(root, &config.theme, "components"),
                "components/",
            ),
            (theme::disk_files(root, Path::new("templates")), ""),
            (
                theme::disk_files(root, Path::new("components")),
                "components/",
            ),
        ];
        let mut named: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (files, prefix) in sources {
            for file in files.into_iter().filter(|f| f.name.ends_with(".html")) {
                match text::decode(file.bytes.to_vec(), &file.shown) {
                    Ok(source) => {
                        named.insert(format!("{prefix}{}", file.name), (file.shown, source));
                    }
                    Err(diag) => diagnostics.push(diag),
                }
            }
        }
        let content_spliceable = named
            .values()
            .all(|(_, source)| splice::outputs_content_whole(source));
        let files: HashMap<String, PathBuf> = named
            .iter()
            .map(|(name, (file, _))| (name.clone(), file.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(super::escape_html);
        tera.register_function("asset", AssetUrl(Arc::clone(assets)));
        tera.register_function("static_file", StaticUrl(Arc::clone(assets)));
        let raw: Vec<(&str, &str)> = named
            .iter()
            .map(|(name, (_, source))| (name.as_str(), source.as_str()))
            .collect();
        if let Err(err) = tera.add_raw_templates(raw) {
            diagnostics.push(template_diagnostic(&err, &files, "template"));
            return (None, diagnostics);
        }
        let per_language = (0..config.languages.len())
            .map(|lang| {
                let mut tera = tera.clone();
                tera.register_function(
                    "t",
                    Translate {
                        ui: Arc::clone(ui),
                        lang,
                    },
                );
                tera
            })
            .collect();
        (
            Some(Templates {
                per_language,
                files,
                content_spliceable,
            }),
            diagnostics,
        )
    }

    pub fn content_spliceable(&self) -> bool {
        self.content_spliceable
    }

    pub fn has(&self, name: &str) -> bool {
        self.per_language
            .first()
            .is_some_and(|tera| tera.get_template_names().any(|n| n == name))
    }

    /// Renders `name` for language `lang`; a failure is a diagnostic naming
    /// the template and the cause.
    pub fn render(&self, lang: usize, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.render_sized(lang, name, context, 2048)
    }

    /// [`Self::render`] into a buffer that starts at `capacity` bytes, so a
    /// page whose size is about known fills one buffer instead of copying
    /// itself into ever larger ones (Tera's own `render` starts at 2 KB).
    ///
    /// A panic inside Tera is an `error[internal]` without a file: the
    /// caller names the page it was rendering.
    pub fn render_sized(
        &self,
        lang: usize,
        name: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<String, Diagnostic> {
        crate::guard::catch(|| self.render_unguarded(lang, name, context, capacity)).unwrap_or_else(
            |panic| Err(panic.diagnostic(&format!("rendering the template `{name}`"))),
        )
    }

    /// [`Self::render_sized`] letting a panic through, for callers that
    /// catch it where they know the file and line.
    fn render_unguarded(
        &self,
        lang: usize,
        name: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<String, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        self.per_language[lang]
            .render_to(name, context, &mut html)
            .map_err(|err| template_diagnostic(&err, &self.files, "template"))?;
        // Tera writes only `str`s; checked all the same, as `Tera::render` does.
        String::from_utf8(html).map_err(|_| {
            Diagnostic::error(
                "template",
                format!("`{name}` rendered text that is not UTF-8"),
            )
        })
    }

    /// The component renderer for pages of language `lang`.
    pub fn components(&self, lang: usize) -> Components<'_> {
        Components {
            templates: self,
            lang,
        }
    }
}

/// Tera errors nest; the useful part (file, line, cause) is spread over the
/// chain, so the message joins it and the location is dug out of it.
fn template_diagnostic(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    code: &'static str,
) -> Diagnostic {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    let message = parts.join(": ");
    let file = files
        .iter()
        .find(|(name, _)| message.contains(&format!("'{name}'")))
        .map(|(_, file)| file.clone());
    let (line, col) = pest_location(&message).unwrap_or((0, 0));
    let first_line = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ");
    let mut diag = Diagnostic::error(code, first_line).at(line, col);
    if let Some(file) = file {
        diag = diag.in_file(file);
    }
    diag
}

/// Tera's parse errors carry ` --> line:col`.
fn pest_location(message: &str) -> Option<(u32, u32)> {
    let after = message.split("--> ").nth(1)?;
    let (line, rest) = after.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// `t(key="…", name=value…)` in templates.
struct Translate {
    ui: Arc<UiStrings>,
    lang: usize,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs a `key` argument"))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args.iter().filter(|(name, _)| *name != "key") {
            let value = match value {
                Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
                Value::String(s) => FluentValue::from(s.clone()),
                other => FluentValue::from(other.to_string()),
            };
            fluent_args.set(name.clone(), value);
        }
        self.ui
            .get(self.lang, key, Some(&fluent_args))
            .map(Value::String)
            .ok_or_else(|| tera::Error::msg(format!("no UI string `{key}` in any locale file")))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `asset(path="style.css")`: the URL the asset was published at.
struct AssetUrl(Arc<Assets>);

impl tera::Function for AssetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs a `path` argument"))?;
        self.0.url(path).map(Value::String).ok_or_else(|| {
            tera::Error::msg(format!(
                "no asset `{path}`: asset() takes a .css or .js file of the theme's static/ folder"
            ))
        })
    }
}

/// `static_file(path="favicon.svg")`: the file's URL under the base path,
/// or `""` (false in `{% if %}`) when the site has no such static file.
struct StaticUrl(Arc<Assets>);

impl tera::Function for StaticUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("static_file() needs a `path` argument"))?;
        Ok(Value::String(self.0.static_url(path).unwrap_or_default()))
    }
}

/// Renders `components/<name>.html` for one language.
pub struct Components<'a> {
    templates: &'a Templates,
    lang: usize,
}

impl ComponentRenderer for Components<'_> {
    fn has_component(&self, name: &str) -> bool {
        self.templates.has(&format!("components/{name}.html"))
    }

    fn render_component(
        &self,
        name: &str,
        props: &BTreeMap<String, String>,
        body: Option<&str>,
        lang: &str,
    ) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("props", props);
        context.insert("body", &body.unwrap_or_default());
        context.insert("lang", lang);
        // A panic goes through to the container, which reports it at its line.
        let template = format!("components/{name}.html");
        self.templates
            .render_unguarded(self.lang, &template, &context, 2048)
            .map_err(|d| d.message)
    }
}
