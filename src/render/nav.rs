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
        list.sort_by(|&a, &b| site.pages[a].sort.compare(&site.pages[b].sort));
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

/// Languages with up to this many pages get every folder's entries in
/// the sidebar (closed ones hidden until opened); bigger ones only the
/// folders on the way to the page, so a page never carries the whole site.
pub const FULL_TREE_LIMIT: usize = 300;

/// A sidebar shared by every page of a folder, with where each page's own
/// link is, so a page can mark it without searching or copying.
pub struct Sidebar {
    html: Bytes,
    /// Page → offset just after its link's `<a`.
    links: HashMap<usize, usize>,
}

/// What the sidebar shows of each page and folder.
pub struct SidebarLookup<'a> {
    pub title: &'a dyn Fn(usize) -> String,
    pub href: &'a dyn Fn(usize) -> String,
    pub untranslated: &'a dyn Fn(usize) -> Option<NavMark>,
    /// `_dir.yml` says the folder starts closed.
    pub collapsed: &'a dyn Fn(&str) -> bool,
}

impl Sidebar {
    /// Renders the sidebar list with the folders on the way to `open`
    /// expanded (see [`FULL_TREE_LIMIT`] for the others).
    pub fn render(nav: &LanguageNav, open: &str, lookup: &SidebarLookup) -> Sidebar {
        let mut writer = SidebarWriter {
            html: String::from("<ul class=\"nav-tree\">\n"),
            links: HashMap::new(),
            open,
            full_tree: nav.order.len() <= FULL_TREE_LIMIT,
            sections: 0,
            lookup,
        };
        if let Some(home) = nav.home {
            writer.html.push_str("<li>");
            writer.link(home);
            writer.html.push_str("</li>\n");
        }
        writer.nodes(&nav.roots);
        writer.html.push_str("</ul>\n");
        Sidebar {
            html: Bytes::from(writer.html),
            links: writer.links,
        }
    }

    /// The sidebar as `page` shows it: its own link gets `aria-current`.
    pub fn for_page(&self, page: usize) -> Vec<Bytes> {
        match self.links.get(&page) {
            Some(&at) => vec![
                self.html.slice(..at),
                Bytes::from_static(b" aria-current=\"page\""),
                self.html.slice(at..),
            ],
            None => vec![self.html.clone()],
        }
    }
}

struct SidebarWriter<'a> {
    html: String,
    links: HashMap<usize, usize>,
    open: &'a str,
    full_tree: bool,
    /// Sections written so far, for their ids.
    sections: usize,
    lookup: &'a SidebarLookup<'a>,
}

/// Marks a page shown from another language's content: its title is in
/// that language, and a label says it is not translated.
pub struct NavMark {
    /// Language code of the content (and so of the title).
    pub lang: String,
    pub label: String,
}

impl SidebarWriter<'_> {
    fn nodes(&mut self, nodes: &[NavNode]) {
        for node in nodes {
            match &node.folder {
                Some(key) if !node.children.is_empty() => self.folder(node, key),
                _ => {
                    self.html.push_str("<li>");
                    self.link(node.page);
                    self.html.push_str("</li>\n");
                }
            }
        }
    }

    /// A folder: its index page's link, and its entries behind a toggle.
    fn folder(&mut self, node: &NavNode, key: &str) {
        let on_path = self.open == key || self.open.starts_with(&format!("{key}/"));
        if !on_path && !self.full_tree {
            self.html.push_str("<li class=\"nav-folder\">");
            self.link(node.page);
            self.html.push_str("</li>\n");
            return;
        }
        let expanded = on_path || !(self.lookup.collapsed)(key);
        self.sections += 1;
        let id = format!("yomu-nav-{}", self.sections);
        self.html
            .push_str("<li class=\"nav-folder\"><div class=\"nav-row\">");
        self.link(node.page);
        let _ = write!(
            self.html,
            "<button type=\"button\" class=\"nav-toggle\" aria-expanded=\"{expanded}\" \
             aria-controls=\"{id}\" aria-label=\"{}\"></button></div>\n<ul id=\"{id}\"{}>\n",
            escape(&(self.lookup.title)(node.page)),
            if expanded { "" } else { " hidden" }
        );
        self.nodes(&node.children);
        self.html.push_str("</ul></li>\n");
    }

    fn link(&mut self, page: usize) {
        self.html.push_str("<a");
        self.links.insert(page, self.html.len());
        let href = escape(&(self.lookup.href)(page));
        let title = escape(&(self.lookup.title)(page));
        match (self.lookup.untranslated)(page) {
            None => {
                let _ = write!(self.html, " href=\"{href}\">{title}</a>");
            }
            Some(mark) => {
                let _ = write!(
                    self.html,
                    " href=\"{href}\" class=\"untranslated\" lang=\"{}\">{title}</a> \
                     <span class=\"untranslated-mark\">{}</span>",
                    escape(&mark.lang),
                    escape(&mark.label)
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_current_link_without_copying_the_rest() {
        let leaf = |page| NavNode {
            page,
            folder: None,
            children: Vec::new(),
        };
        let nav = LanguageNav {
            home: None,
            roots: vec![leaf(0), leaf(1)],
            order: vec![0, 1],
            children_of: HashMap::new(),
        };
        let title = |i: usize| ["A", "B"][i].to_string();
        let href = |i: usize| ["/a/", "/b/"][i].to_string();
        let lookup = SidebarLookup {
            title: &title,
            href: &href,
            untranslated: &|_| None,
            collapsed: &|_| false,
        };
        let sidebar = Sidebar::render(&nav, "", &lookup);
        let chunks = sidebar.for_page(1);
        assert_eq!(chunks.len(), 3);
        assert_eq!(
            String::from_utf8(chunks.concat()).expect("utf-8"),
            "<ul class=\"nav-tree\">\n<li><a href=\"/a/\">A</a></li>\n<li><a aria-current=\"page\" href=\"/b/\">B</a></li>\n</ul>\n"
        );
    }
}
