//! Navigation: the folder tree of each language, rendered once per folder
//! (not per page), plus breadcrumbs and previous/next in sidebar order.

use super::escape_html as escape;
use crate::load::{PageKind, Site};
use bytes::Bytes;
use std::collections::HashMap;
use std::fmt::Write;

/// One entry of the tree: a page, or a folder represented by its index page.
#[derive(Debug, Clone)]
pub struct NavNode {
    pub page: usize,
    /// Set for folders: the folder key.
    pub folder: Option<String>,
    pub children: Vec<NavNode>,
}

/// The navigation of one language.
pub struct LanguageNav {
    /// The home page, when the language has one.
    pub home: Option<usize>,
    pub roots: Vec<NavNode>,
    /// Pages in sidebar order, for previous/next.
    pub order: Vec<usize>,
    /// Folder key → its pages and subfolders' index pages, in order.
    pub children_of: HashMap<String, Vec<usize>>,
}

/// Builds each language's tree from the pages' keys and sort keys.
pub fn build(site: &Site) -> Vec<LanguageNav> {
    (0..site.config.languages.len())
        .map(|lang| build_language(site, lang))
        .collect()
}

fn build_language(site: &Site, lang: usize) -> LanguageNav {
    let mut children_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut home = None;
    let mut folder_index: HashMap<&str, usize> = HashMap::new();
    for (i, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == lang)
    {
        if page.kind != PageKind::Page {
            folder_index.insert(page.key.as_str(), i);
        }
        match &page.parent {
            Some(parent) => children_of.entry(parent.as_str()).or_default().push(i),
            None => home = Some(i),
        }
    }
    for list in children_of.values_mut() {
        list.sort_by(|&a, &b| site.pages[a].sort.cmp(&site.pages[b].sort));
    }
    let roots = nodes(site, "", &children_of);
    let mut order: Vec<usize> = home.into_iter().collect();
    flatten(&roots, &mut order);
    let children_of = children_of
        .into_iter()
        .map(|(key, pages)| (key.to_string(), pages))
        .collect();
    LanguageNav {
        home,
        roots,
        order,
        children_of,
    }
}

fn nodes(site: &Site, folder: &str, children_of: &HashMap<&str, Vec<usize>>) -> Vec<NavNode> {
    let Some(children) = children_of.get(folder) else {
        return Vec::new();
    };
    children
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            if page.kind == PageKind::Page {
                NavNode {
                    page: i,
                    folder: None,
                    children: Vec::new(),
                }
            } else {
                NavNode {
                    page: i,
                    folder: Some(page.key.clone()),
                    children: nodes(site, &page.key, children_of),
                }
            }
        })
        .collect()
}

fn flatten(nodes: &[NavNode], order: &mut Vec<usize>) {
    for node in nodes {
        order.push(node.page);
        flatten(&node.children, order);
    }
}

/// The folder whose sidebar a page shows: its own for an index page, else
/// the folder it sits in.
pub fn sidebar_folder(site: &Site, page: usize) -> &str {
    let page = &site.pages[page];
    match page.kind {
        PageKind::Page => page.parent.as_deref().unwrap_or_default(),
        _ => &page.key,
    }
}

/// Renders the sidebar list with the folders on the way to `open` expanded;
/// the rest stay closed so a page never carries the whole site.
pub fn render_sidebar(
    nav: &LanguageNav,
    open: &str,
    title: &dyn Fn(usize) -> String,
    href: &dyn Fn(usize) -> String,
) -> Bytes {
    let mut html = String::from("<ul class=\"nav-tree\">\n");
    if let Some(home) = nav.home {
        html.push_str("<li>");
        item_link(&mut html, &href(home), &title(home));
        html.push_str("</li>\n");
    }
    render_nodes(&mut html, &nav.roots, open, title, href);
    html.push_str("</ul>\n");
    Bytes::from(html)
}

fn render_nodes(
    html: &mut String,
    nodes: &[NavNode],
    open: &str,
    title: &dyn Fn(usize) -> String,
    href: &dyn Fn(usize) -> String,
) {
    for node in nodes {
        match &node.folder {
            Some(key) if !node.children.is_empty() => {
                let expanded = open == key || open.starts_with(&format!("{key}/"));
                let _ = write!(
                    html,
                    "<li class=\"nav-folder{}\">",
                    if expanded { " open" } else { "" }
                );
                item_link(html, &href(node.page), &title(node.page));
                if expanded {
                    html.push_str("<ul>\n");
                    render_nodes(html, &node.children, open, title, href);
                    html.push_str("</ul>");
                }
                html.push_str("</li>\n");
            }
            _ => {
                html.push_str("<li>");
                item_link(html, &href(node.page), &title(node.page));
                html.push_str("</li>\n");
            }
        }
    }
}

fn item_link(html: &mut String, href: &str, title: &str) {
    let _ = write!(html, "<a href=\"{}\">{}</a>", escape(href), escape(title));
}

/// Splits a shared sidebar around the current page's link so the page can
/// mark it with `aria-current` without copying the sidebar.
pub fn mark_current(sidebar: &Bytes, href: &str) -> Vec<Bytes> {
    let needle = format!("<a href=\"{}\">", escape(href));
    let text = sidebar.as_ref();
    match find(text, needle.as_bytes()) {
        Some(at) => {
            let end = at + needle.len();
            vec![
                sidebar.slice(..at),
                Bytes::from(format!(
                    "<a href=\"{}\" aria-current=\"page\">",
                    escape(href)
                )),
                sidebar.slice(end..),
            ]
        }
        None => vec![sidebar.clone()],
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_current_link_without_copying_the_rest() {
        let sidebar =
            Bytes::from("<ul><li><a href=\"/a/\">A</a></li><li><a href=\"/b/\">B</a></li></ul>");
        let chunks = mark_current(&sidebar, "/b/");
        assert_eq!(chunks.len(), 3);
        assert_eq!(
            chunks.concat(),
            b"<ul><li><a href=\"/a/\">A</a></li><li><a href=\"/b/\" aria-current=\"page\">B</a></li></ul>"
        );
    }
}
