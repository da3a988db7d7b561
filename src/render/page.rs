//! One page through its Tera layout. The sidebar is not rendered by Tera:
//! the layout marks its place and the shared, pre-rendered folder sidebar
//! is spliced in there, so 10,000 pages do not render 10,000 sidebars.
//! The body is spliced in the same way when the templates allow it.

use super::nav::{index_page_count, index_page_href, LanguageNav};
use super::sidebar::{Sidebar, LIST_LIMIT};
use super::splice::{self, CONTENT_MARKER, SIDEBAR_MARKER};
use super::templates::Templates;
use crate::build::links::SiteIndex;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Translations, UiStrings};
use crate::load::{PageKind, Site, TocSetting};
use crate::markdown::TocEntry;
use bytes::Bytes;
use fluent::FluentArgs;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::Context;

/// Room for what the default layout adds around a page's body, without the
/// sidebar (3.5 KB on the benchmark corpus; a long table of contents adds
/// more): the buffer Tera renders a page into starts at this plus the body,
/// when Tera outputs the body.
const LAYOUT_BYTES: usize = 8 * 1024;

/// What other pages need to know of a page after the Markdown stage (its
/// HTML body is passed to [`render`] on its own, so it can be dropped as
/// soon as the page is rendered).
#[derive(Debug, Clone, Default)]
pub struct PageView {
    pub title: String,
    pub description: String,
    pub toc: Vec<TocEntry>,
    pub has_h1: bool,
}

/// Everything shared by every page of a build.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub views: &'a [PageView],
    pub navs: &'a [LanguageNav],
    pub index: &'a SiteIndex,
    pub templates: &'a Templates,
    pub translations: &'a Translations,
    pub ui: &'a UiStrings,
    /// Content file → date of its last commit (`YYYY-MM-DD`).
    pub last_updated: &'a BTreeMap<PathBuf, String>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    href: &'a str,
}

#[derive(Serialize)]
struct Alternate<'a> {
    code: &'a str,
    name: &'a str,
    href: &'a str,
    /// Absolute when `base_url` names a host, as `hreflang` links want.
    permalink: String,
    current: bool,
    /// The page there shows the source content: not an `hreflang`
    /// alternate, and marked in the language switcher.
    untranslated: bool,
}

#[derive(Serialize)]
struct Child<'a> {
    title: &'a str,
    href: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct TocItem<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    description: &'a str,
    content: &'a str,
    has_h1: bool,
    href: &'a str,
    permalink: String,
    /// The permalink search engines should index: the source page's for a
    /// page shown from the source content.
    canonical: String,
    toc: Vec<TocItem<'a>>,
    edit_url: Option<String>,
    /// `YYYY-MM-DD` of the source file's last commit.
    last_updated: Option<&'a str>,
    generated_index: bool,
    /// The index page lists its folder's entries (always when generated;
    /// when the sidebar shows only some of them, too).
    list_children: bool,
    children: Vec<Child<'a>>,
    /// Set when the list goes on over several index pages.
    pagination: Option<Pagination>,
}

#[derive(Serialize)]
struct Pagination {
    number: usize,
    count: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// The entries a folder index page lists: none for a plain page or an
/// authored index whose folder the sidebar shows whole.
fn listed_children<'n>(cx: &RenderContext<'n>, page: usize) -> &'n [usize] {
    let source = &cx.site.pages[page];
    let all = match source.kind {
        PageKind::Page => None,
        _ => cx.navs[source.lang].children_of.get(&source.key),
    };
    match all {
        Some(all) if source.kind == PageKind::GeneratedIndex || all.len() > LIST_LIMIT => all,
        _ => &[],
    }
}

/// How many index pages page `page` takes (1 for any page but a long
/// folder index).
pub fn index_pages(cx: &RenderContext, page: usize) -> usize {
    index_page_count(
        listed_children(cx, page).len(),
        cx.site.config.index_page_size,
    )
}

/// The label of the sidebar's link to `count` entries it does not show.
pub fn more_label(ui: &UiStrings, lang: usize, count: usize) -> String {
    let mut args = FluentArgs::new();
    args.set("count", count);
    ui.get(lang, "nav-more", Some(&args))
        .unwrap_or_else(|| format!("+{count}"))
}

/// Renders page `page`, whose Markdown body rendered to `content`, to its
/// output chunks: for a folder index, its index page `number` (from 1;
/// the body shows on the first only).
pub fn render(
    cx: &RenderContext,
    page: usize,
    mut content: String,
    sidebar: &Sidebar,
    number: usize,
) -> Result<Vec<Bytes>, Diagnostic> {
    let site = cx.site;
    let source = &site.pages[page];
    let view = &cx.views[page];
    let config = &site.config;
    let language = &config.languages[source.lang];
    let nav = &cx.navs[source.lang];
    let per_page = config.index_page_size.max(1);
    let listed = listed_children(cx, page);
    let count = index_page_count(listed.len(), per_page);
    let number = number.clamp(1, count);
    if number > 1 {
        content.clear();
    }
    let index_href = cx.index.href(page);
    let own_href = index_page_href(index_href, number);
    let href = own_href.as_str();
    let permalink = |href: &str| {
        format!(
            "{}{}",
            config.base_url,
            href.trim_start_matches(config.base_path.as_str())
        )
    };
    let link = |i: usize| Link {
        title: &cx.views[i].title,
        href: cx.index.href(i),
    };

    let alternates: Vec<Alternate> = config
        .languages
        .iter()
        .enumerate()
        .filter_map(|(lang, l)| {
            let target = cx.index.translation(lang, &source.key)?;
            Some(Alternate {
                code: &l.code,
                name: &l.name,
                href: cx.index.href(target),
                permalink: permalink(cx.index.href(target)),
                current: lang == source.lang,
                untranslated: cx.translations.is_fallback(target),
            })
        })
        .collect();
    // Visitors whose language has no version go to the default language's.
    let x_default = cx
        .index
        .translation(0, &source.key)
        .filter(|&p| !cx.translations.is_fallback(p))
        .map(|p| permalink(cx.index.href(p)));
    let position = nav.position.get(&page).copied();
    let prev = position
        .and_then(|i| i.checked_sub(1))
        .map(|i| link(nav.order[i]));
    let next = position
        .and_then(|i| nav.order.get(i + 1))
        .map(|&i| link(i));
    let breadcrumbs = breadcrumbs(cx, page)
        .into_iter()
        .map(link)
        .collect::<Vec<_>>();
    let children = listed
        .iter()
        .skip((number - 1) * per_page)
        .take(per_page)
        .map(|&k| Child {
            title: &cx.views[k].title,
            href: cx.index.href(k),
            description: &cx.views[k].description,
        })
        .collect();
    let pagination = (count > 1).then(|| Pagination {
        number,
        count,
        prev: (number > 1).then(|| index_page_href(index_href, number - 1)),
        next: (number < count).then(|| index_page_href(index_href, number + 1)),
    });
    let max_depth = match source.front.toc {
        Some(TocSetting::Enabled(false)) => 0,
        Some(TocSetting::Depth(depth)) => depth,
        _ => 3,
    };
    let edit_url = match (&config.edit_url, source.kind) {
        (Some(pattern), PageKind::Page | PageKind::Index) if !cx.translations.is_fallback(page) => {
            Some(pattern.replace("{path}", &source.file.to_string_lossy().replace('\\', "/")))
        }
        _ => None,
    };
    let spliced_body = cx
        .templates
        .content_spliceable()
        .then(|| Bytes::from(std::mem::take(&mut content)));
    let page_data = PageData {
        title: &view.title,
        description: &view.description,
        content: if spliced_body.is_some() {
            CONTENT_MARKER
        } else {
            &content
        },
        has_h1: view.has_h1,
        href,
        permalink: permalink(href),
        canonical: if number > 1 {
            permalink(href)
        } else {
            permalink(cx.index.href(cx.translations.canonical(page)))
        },
        toc: view
            .toc
            .iter()
            .filter(|t| t.level >= 2 && t.level <= max_depth)
            .map(|t| TocItem {
                level: t.level,
                id: &t.id,
                text: &t.text,
            })
            .collect(),
        edit_url,
        last_updated: cx.last_updated.get(&source.file).map(String::as_str),
        generated_index: source.kind == PageKind::GeneratedIndex,
        list_children: !listed.is_empty(),
        children,
        pagination,
    };

    let mut context = Context::new();
    context.insert("site_title", config.title_in(source.lang));
    context.insert("base_path", &config.base_path);
    context.insert("lang", &language.code);
    context.insert("lang_name", &language.name);
    context.insert("dir", if language.is_rtl() { "rtl" } else { "ltr" });
    context.insert("home", &nav.home.map(|h| cx.index.href(h)));
    context.insert("languages", &alternates);
    context.insert("x_default", &x_default);
    context.insert("page", &page_data);
    context.insert("breadcrumbs", &breadcrumbs);
    context.insert("prev", &prev);
    context.insert("next", &next);
    context.insert("sidebar", SIDEBAR_MARKER);
    context.insert("translation", &cx.translations.notice(site, cx.index, page));
    context.insert("search", &crate::search::site::links(config, source.lang));

    let template = source.front.template.as_deref().unwrap_or("page.html");
    // `content` is empty here when the body is spliced in afterwards.
    let capacity = LAYOUT_BYTES + content.len();
    let html = cx
        .templates
        .render_sized(source.lang, template, &context, capacity)
        .map_err(|d| {
            if d.file.is_some() {
                d
            } else {
                d.in_file(&source.file)
            }
        })?;
    let more = |count: usize| more_label(cx.ui, source.lang, count);
    Ok(splice::splice(
        html,
        &sidebar.for_page(page, number, &more),
        spliced_body.as_ref(),
    ))
}

/// Folder index pages from the home page down to the page's parent.
fn breadcrumbs(cx: &RenderContext, page: usize) -> Vec<usize> {
    let source = &cx.site.pages[page];
    let mut crumbs = Vec::new();
    let mut parent = source.parent.clone();
    while let Some(key) = parent {
        let Some(index) = cx.index.translation(source.lang, &key) else {
            break;
        };
        if index == page {
            break;
        }
        crumbs.push(index);
        parent = cx.site.pages[index].parent.clone();
    }
    crumbs.reverse();
    crumbs
}
