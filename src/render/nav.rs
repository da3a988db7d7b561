//! Navigation: the folder tree of each language, the order of its pages
//! for previous/next, and how a folder's index page is paginated. The
//! sidebar drawn from it is in [`super::sidebar`].

use crate::load::{PageKind, Site};
use std::collections::HashMap;

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
    /// Page → its place in `order`.
    pub position: HashMap<usize, usize>,
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
    let position = order
        .iter()
        .enumerate()
        .map(|(at, &page)| (page, at))
        .collect();
    let children_of = children_of
        .into_iter()
        .map(|(key, pages)| (key.to_string(), pages))
        .collect();
    LanguageNav {
        home,
        roots,
        order,
        position,
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

/// The `number`th (from 1) page of a folder index at `index_href`: the
/// index itself, then `page/2/`, `page/3/`… under it.
pub fn index_page_href(index_href: &str, number: usize) -> String {
    if number <= 1 {
        index_href.to_string()
    } else if index_href.ends_with('/') {
        format!("{index_href}page/{number}/")
    } else {
        // Without trailing slashes (see `build/urls.rs`).
        format!("{index_href}/page/{number}")
    }
}

/// How many pages a folder index with `entries` entries takes.
pub fn index_page_count(entries: usize, per_page: usize) -> usize {
    entries.div_ceil(per_page.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_pages_continue_under_the_index() {
        assert_eq!(index_page_href("/en/log/", 1), "/en/log/");
        assert_eq!(index_page_href("/en/log/", 3), "/en/log/page/3/");
        assert_eq!(index_page_href("/en/log", 3), "/en/log/page/3");
        assert_eq!(index_page_count(0, 200), 1);
        assert_eq!(index_page_count(200, 200), 1);
        assert_eq!(index_page_count(201, 200), 2);
    }
}
