//! The sidebar: the folder tree as the pages of one folder show it,
//! rendered once per folder and shared by its pages as `Bytes`.
//!
//! A page's weight must not grow with its folder, so a list of more than
//! [`LIST_LIMIT`] entries shows only a window of [`WINDOW`] entries on
//! either side of the page (or of the folder on its way), with "N more"
//! links to the folder's index pages, which list every entry. The current
//! folder's long list is rendered once, whole, and each page shows a slice
//! of it. That whole list is also published as a content-hashed fragment
//! (`assets/nav/<hash>.html`, cached for ever by hosts), which the theme's
//! `nav.js` puts in place of the window when the reader follows an
//! "N more" link: with JavaScript the full list is one cached request away.

use super::escape_html as escape;
use super::nav::{index_page_href, LanguageNav, NavNode};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write;

/// Languages with up to this many pages get every folder's entries in
/// the sidebar (closed ones hidden until opened); bigger ones only the
/// folders on the way to the page, so a page never carries the whole site.
pub const FULL_TREE_LIMIT: usize = 100;

/// Lists up to this long are shown whole.
pub const LIST_LIMIT: usize = 25;

/// Entries shown on either side of the page in a longer list.
pub const WINDOW: usize = 10;

/// What the sidebar shows of each page and folder.
pub struct SidebarLookup<'a> {
    pub title: &'a dyn Fn(usize) -> String,
    pub href: &'a dyn Fn(usize) -> String,
    pub untranslated: &'a dyn Fn(usize) -> Option<NavMark>,
    /// `_dir.yml` says the folder starts closed.
    pub collapsed: &'a dyn Fn(&str) -> bool,
    /// The label of a link to `n` entries not shown.
    pub more: &'a dyn Fn(usize) -> String,
    /// Entries per folder index page.
    pub per_page: usize,
    /// The site's base path, for the URL of the full list's fragment.
    pub base_path: &'a str,
}

/// Marks a page shown from another language's content: its title is in
/// that language, and a label says it is not translated.
pub struct NavMark {
    /// Language code of the content (and so of the title).
    pub lang: String,
    pub label: String,
}

/// A sidebar shared by every page of a folder, with where each page's own
/// link is, so a page can mark it without searching or copying.
pub struct Sidebar {
    html: Bytes,
    /// Page → offset just after its link's `<a`.
    links: HashMap<usize, usize>,
    /// The folder's own entries, when each page shows only a window.
    window: Option<WindowedList>,
}

/// A long list rendered whole once; each page shows a slice of it.
struct WindowedList {
    /// Where in the sidebar the slice goes.
    at: usize,
    html: Bytes,
    /// Entry `i` is `html[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// Page → (its entry, offset just after its link's `<a`).
    links: HashMap<usize, (usize, usize)>,
    /// The folder's index page, where the entries not shown are listed.
    index_href: String,
    per_page: usize,
    /// Output path of the whole list as a fragment, and its URL.
    fragment_path: String,
    fragment_url: String,
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
            window: None,
        };
        if let Some(home) = nav.home {
            writer.html.push_str("<li>");
            writer.link(home);
            writer.html.push_str("</li>\n");
        }
        writer.list("", nav.home, &nav.roots);
        writer.html.push_str("</ul>\n");
        Sidebar {
            html: Bytes::from(writer.html),
            links: writer.links,
            window: writer.window,
        }
    }

    /// The sidebar as `page` shows it: its own link gets `aria-current`.
    /// A page that is not in its folder's long list (the folder's index,
    /// on index page `number`) sees the entries that index page lists.
    /// `more` labels the links to entries not shown.
    pub fn for_page(
        &self,
        page: usize,
        number: usize,
        more: &dyn Fn(usize) -> String,
    ) -> Vec<Bytes> {
        let own = self.links.get(&page).copied();
        let Some(list) = &self.window else {
            let mut chunks = Vec::with_capacity(3);
            push_marked(&mut chunks, &self.html, 0..self.html.len(), own);
            return chunks;
        };
        let mut chunks = Vec::with_capacity(9);
        push_marked(
            &mut chunks,
            &self.html,
            0..list.at,
            own.filter(|&at| at <= list.at),
        );
        let entries = list.starts.len() - 1;
        let mine = list.links.get(&page).copied();
        let focus = match mine {
            Some((entry, _)) => entry,
            None => (number.max(1) - 1) * list.per_page,
        };
        let (first, end) = window(focus, entries);
        if first > 0 {
            let href = list.href_of(first - 1);
            chunks.push(Bytes::from(list.more_item(&more(first), &href, first - 1)));
        }
        push_marked(
            &mut chunks,
            &list.html,
            list.starts[first]..list.starts[end],
            mine.map(|(_, at)| at),
        );
        if end < entries {
            let href = list.href_of(end);
            chunks.push(Bytes::from(list.more_item(
                &more(entries - end),
                &href,
                end,
            )));
        }
        push_marked(
            &mut chunks,
            &self.html,
            list.at..self.html.len(),
            own.filter(|&at| at > list.at),
        );
        chunks
    }
}

impl Sidebar {
    /// The folder's whole list as a fragment (output path, bytes), when
    /// pages show only a window of it.
    pub fn full_list(&self) -> Option<(&str, &Bytes)> {
        let list = self.window.as_ref()?;
        Some((&list.fragment_path, &list.html))
    }
}

impl WindowedList {
    /// The index page that lists entry `entry`.
    fn href_of(&self, entry: usize) -> String {
        index_page_href(&self.index_href, entry / self.per_page.max(1) + 1)
    }

    /// An "N more" link to the index page listing entry `entry`, which
    /// `nav.js` turns into the whole list, focusing that entry.
    fn more_item(&self, label: &str, href: &str, entry: usize) -> String {
        format!(
            "<li class=\"nav-more\"><a href=\"{}\" data-full-list=\"{}\" data-entry=\"{entry}\">{}</a></li>\n",
            escape(href),
            escape(&self.fragment_url),
            escape(label)
        )
    }
}

/// `bytes[range]`, with ` aria-current="page"` put in at `mark` when it
/// falls in the range.
fn push_marked(
    chunks: &mut Vec<Bytes>,
    bytes: &Bytes,
    range: std::ops::Range<usize>,
    mark: Option<usize>,
) {
    match mark.filter(|at| range.contains(at)) {
        Some(at) => chunks.extend([
            bytes.slice(range.start..at),
            Bytes::from_static(b" aria-current=\"page\""),
            bytes.slice(at..range.end),
        ]),
        None => chunks.push(bytes.slice(range)),
    }
}

/// The entries shown of a list of `len`: `2 × WINDOW + 1` around `focus`,
/// moved inwards at either end.
fn window(focus: usize, len: usize) -> (usize, usize) {
    let shown = 2 * WINDOW + 1;
    let first = focus.saturating_sub(WINDOW).min(len.saturating_sub(shown));
    (first, (first + shown).min(len))
}

fn more_item(label: &str, href: &str) -> String {
    format!(
        "<li class=\"nav-more\"><a href=\"{}\">{}</a></li>\n",
        escape(href),
        escape(label)
    )
}

struct SidebarWriter<'a> {
    html: String,
    links: HashMap<usize, usize>,
    open: &'a str,
    full_tree: bool,
    /// Sections written so far, for their ids.
    sections: usize,
    lookup: &'a SidebarLookup<'a>,
    window: Option<WindowedList>,
}

/// Whether folder `key` is `open` or one of its ancestors.
fn on_path(open: &str, key: &str) -> bool {
    open == key
        || open
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl SidebarWriter<'_> {
    /// The entries of folder `folder`, whose index page is `index`.
    fn list(&mut self, folder: &str, index: Option<usize>, nodes: &[NavNode]) {
        let Some(index) = index.filter(|_| nodes.len() > LIST_LIMIT) else {
            for node in nodes {
                self.entry(node);
            }
            return;
        };
        if folder == self.open && self.window.is_none() {
            self.window = Some(self.windowed_list(index, nodes));
            return;
        }
        // A list on the way to the page, or a closed one: the same for
        // every page of the folder, so rendered here.
        let focus = nodes
            .iter()
            .position(|n| n.folder.as_deref().is_some_and(|k| on_path(self.open, k)))
            .unwrap_or(0);
        let (first, end) = window(focus, nodes.len());
        let index_href = (self.lookup.href)(index);
        let per_page = self.lookup.per_page.max(1);
        if first > 0 {
            let href = index_page_href(&index_href, (first - 1) / per_page + 1);
            self.html
                .push_str(&more_item(&(self.lookup.more)(first), &href));
        }
        for node in &nodes[first..end] {
            self.entry(node);
        }
        if end < nodes.len() {
            let href = index_page_href(&index_href, end / per_page + 1);
            self.html
                .push_str(&more_item(&(self.lookup.more)(nodes.len() - end), &href));
        }
    }

    /// The open folder's long list, whole, its folders as plain links.
    fn windowed_list(&mut self, index: usize, nodes: &[NavNode]) -> WindowedList {
        let at = self.html.len();
        let mut starts = Vec::with_capacity(nodes.len() + 1);
        let mut links = HashMap::with_capacity(nodes.len());
        for (entry, node) in nodes.iter().enumerate() {
            starts.push(self.html.len() - at);
            self.html.push_str(if node.folder.is_some() {
                "<li class=\"nav-folder\">"
            } else {
                "<li>"
            });
            self.link(node.page);
            self.html.push_str("</li>\n");
            if let Some(link) = self.links.remove(&node.page) {
                links.insert(node.page, (entry, link - at));
            }
        }
        starts.push(self.html.len() - at);
        let html = Bytes::from(self.html.split_off(at));
        let digest = Sha256::digest(&html);
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let fragment_path = format!("assets/nav/{hash}.html");
        WindowedList {
            at,
            html,
            starts,
            links,
            index_href: (self.lookup.href)(index),
            per_page: self.lookup.per_page,
            fragment_url: format!("{}{fragment_path}", self.lookup.base_path),
            fragment_path,
        }
    }

    fn entry(&mut self, node: &NavNode) {
        match &node.folder {
            Some(key) if !node.children.is_empty() => self.folder(node, key),
            _ => {
                self.html.push_str("<li>");
                self.link(node.page);
                self.html.push_str("</li>\n");
            }
        }
    }

    /// A folder: its index page's link, and its entries behind a toggle.
    fn folder(&mut self, node: &NavNode, key: &str) {
        let on_path = on_path(self.open, key);
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
        self.list(key, Some(node.page), &node.children);
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

    fn leaf(page: usize) -> NavNode {
        NavNode {
            page,
            folder: None,
            children: Vec::new(),
        }
    }

    fn flat_nav(pages: usize) -> LanguageNav {
        // Page 0 is the home page; 1.. sit at the top level.
        LanguageNav {
            home: Some(0),
            roots: (1..pages).map(leaf).collect(),
            order: (0..pages).collect(),
            position: (0..pages).map(|p| (p, p)).collect(),
            children_of: HashMap::new(),
        }
    }

    fn render(nav: &LanguageNav, page: usize, number: usize) -> String {
        let sidebar = render_sidebar(nav);
        let more = |n: usize| format!("{n} more");
        String::from_utf8(sidebar.for_page(page, number, &more).concat()).expect("utf-8")
    }

    fn render_sidebar(nav: &LanguageNav) -> Sidebar {
        let title = |i: usize| format!("P{i}");
        let href = |i: usize| {
            if i == 0 {
                "/".into()
            } else {
                format!("/p{i}/")
            }
        };
        let more = |n: usize| format!("{n} more");
        let lookup = SidebarLookup {
            title: &title,
            href: &href,
            untranslated: &|_| None,
            collapsed: &|_| false,
            more: &more,
            per_page: 100,
            base_path: "/docs/",
        };
        Sidebar::render(nav, "", &lookup)
    }

    #[test]
    fn marks_the_current_link_without_copying_the_rest() {
        assert!(render_sidebar(&flat_nav(3)).full_list().is_none());
        let html = render(&flat_nav(3), 2, 1);
        assert_eq!(
            html,
            "<ul class=\"nav-tree\">\n<li><a href=\"/\">P0</a></li>\n<li><a href=\"/p1/\">P1</a></li>\n\
             <li><a aria-current=\"page\" href=\"/p2/\">P2</a></li>\n</ul>\n"
        );
    }

    #[test]
    fn a_long_list_shows_a_window_around_the_page_and_links_the_rest() {
        let nav = flat_nav(1001);
        let html = render(&nav, 500, 1);
        assert_eq!(html.matches("<li>").count(), 1 + 2 * WINDOW + 1);
        assert!(html.contains("<a aria-current=\"page\" href=\"/p500/\">P500</a>"));
        assert!(html.contains("<a href=\"/p490/\">") && !html.contains("\"/p489/\""));
        // 489 entries before the window, the 489th on the home's 5th page.
        let sidebar = render_sidebar(&nav);
        let (path, whole) = sidebar.full_list().expect("a windowed list");
        assert!(path.starts_with("assets/nav/") && path.ends_with(".html"));
        let fragment = format!("data-full-list=\"/docs/{path}\"");
        assert!(
            html.contains(&format!(
                "<a href=\"/page/5/\" {fragment} data-entry=\"488\">489 more</a>"
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<a href=\"/page/6/\" {fragment} data-entry=\"510\">490 more</a>"
            )),
            "{html}"
        );
        // The fragment lists every entry, none marked current.
        let whole = std::str::from_utf8(whole).expect("utf-8");
        assert_eq!(whole.matches("<li>").count(), 1000);
        assert!(!whole.contains("aria-current"));
        // At the start, the window is moved inwards.
        let first = render(&nav, 1, 1);
        assert!(first.contains("\"/p21/\"") && !first.contains("\"/p22/\""));
        assert_eq!(first.matches("nav-more").count(), 1);
        // The home page on its 3rd index page sees the entries listed there.
        let third = render(&nav, 0, 3);
        assert!(third.contains("<a aria-current=\"page\" href=\"/\">P0</a>"));
        assert!(third.contains("\"/p201/\"") && third.contains("\"/p191/\""));
    }
}
