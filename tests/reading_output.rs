//! The reading-experience markup in built pages: the site title per
//! language, heading links, the TOC disclosure, the language switcher and
//! the 404 page's layout.

mod common;

use common::Fixture;

const TITLE_MAP: &str = "\
title:
  ja-JP: ドキュメント
  en-US: Docs
base_url: https://docs.example.org/
default_language: ja-JP
languages:
  - code: ja-JP
    name: 日本語
    path: ja
  - code: en-US
    name: English
    path: en
";

fn site() -> Fixture {
    let f = Fixture::with_config(TITLE_MAP);
    f.write("content/ja-JP/index.md", "ようこそ。\n");
    f.write("content/en-US/index.md", "Welcome.\n");
    f.write(
        "content/ja-JP/guide/setup.md",
        "# 準備\n\n## 入れる\n\n本文\n\n### 細かく\n\n本文\n",
    );
    f.write(
        "content/en-US/guide/setup.md",
        "# Setup\n\n## Install\n\nText\n\n### Details\n\nText\n",
    );
    f
}

#[test]
fn site_title_follows_the_page_language() {
    let built = site().build_clean();
    for (lang, title) in [("ja", "ドキュメント"), ("en", "Docs")] {
        let page = built.html(&format!("{lang}/guide/setup/index.html"));
        assert_eq!(page.texts(".site-title"), [title], "{lang} header");
        let head = page.texts("title");
        assert!(head[0].ends_with(&format!("| {title}")), "{lang}: {head:?}");
        // The home page (a page without a title of its own) and the first
        // breadcrumb name the site the same way.
        assert_eq!(page.texts(".breadcrumbs li")[0], title, "{lang} crumbs");
        let home = built.html(&format!("{lang}/index.html"));
        assert_eq!(home.texts("h1"), [title], "{lang} home");
        let missing = built.html(&format!("{lang}/404.html"));
        assert_eq!(missing.texts(".site-title"), [title], "{lang} 404");
    }
}
