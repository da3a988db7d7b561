//! Steps, tabs and the faq component in built fixture sites: the static
//! HTML every reader gets before any script runs. Each is written both
//! ways round: the outer block with more colons (Docusaurus), and as issue
//! 18 and MDC write them, `:::tabs` holding `::::tab{label="…"}`.

mod common;

use common::Fixture;

fn site(page: &str) -> common::Built {
    let f = Fixture::new();
    f.write("content/ja-JP/index.md", page)
        .write("content/en-US/index.md", "# Home\n");
    f.build_clean()
}

#[test]
fn steps_number_the_list_with_anchors_that_links_can_use() {
    let list = "1. 一つ目\n2. 二つ目\n\n   ```sh\n   yomu build\n   ```\n\n";
    for steps in [
        format!(
            "::::steps\n{list}   :::tip\n   注意\n   :::\n3. 三つ目\n   - 入れ子の項目\n::::\n"
        ),
        format!(
            ":::steps\n{list}   ::::tip\n   注意\n   ::::\n3. 三つ目\n   - 入れ子の項目\n:::\n"
        ),
    ] {
        steps_in(&steps);
    }
}

fn steps_in(steps: &str) {
    let built = site(&format!("# 手順\n\n[二つ目へ](#step-2)\n\n{steps}"));
    assert!(
        built.diagnostics.is_empty(),
        "the #step-2 link resolves: {:?}",
        built.diagnostics
    );
    let page = built.html("ja/index.html");
    assert_eq!(
        page.attrs(".steps > ol > li.step", "id"),
        ["step-1", "step-2", "step-3"]
    );
    assert_eq!(page.count("#step-2 pre"), 1, "a step holds code");
    assert_eq!(page.count("#step-2 .admonition-tip"), 1, "and admonitions");
    assert_eq!(
        page.count("#step-3 li:not(.step)"),
        1,
        "nested lists stay plain"
    );
}

#[test]
fn tabs_are_labelled_panels_without_javascript() {
    for tabs in [
        "::::tabs{sync=\"os\"}\n:::tab{label=\"iOS\"}\nApp Store\n:::\n:::tab[Android]\nGoogle Play\n:::\n::::\n",
        ":::tabs{sync=\"os\"}\n::::tab{label=\"iOS\"}\nApp Store\n::::\n::::tab[Android]\nGoogle Play\n::::\n:::\n",
    ] {
        tabs_in(tabs);
    }
}

fn tabs_in(tabs: &str) {
    let page = site(&format!("# タブ\n\n{tabs}")).html("ja/index.html");
    assert_eq!(page.attrs(".tabs", "data-sync"), ["os"]);
    assert_eq!(
        page.attrs(".tabs > .tab-panel", "data-label"),
        ["iOS", "Android"]
    );
    assert_eq!(page.texts(".tab-panel > .tab-label"), ["iOS", "Android"]);
    assert_eq!(
        page.texts(".tab-panel > p:not(.tab-label)"),
        ["App Store", "Google Play"]
    );
}

#[test]
fn the_faq_component_embeds_questions() {
    for faq in [
        "::::faq\n:::qa[無料ですか?]\nはい。\n:::\n:::qa{q=\"誰が?\" id=\"who\"}\n有志です。\n:::\n::::\n",
        ":::faq\n::::q[無料ですか?]\nはい。\n::::\n::::q{q=\"誰が?\" id=\"who\"}\n有志です。\n::::\n:::\n",
    ] {
        faq_in(faq);
    }
}

fn faq_in(faq: &str) {
    let page = site(&format!("# 質問\n\n{faq}")).html("ja/index.html");
    assert_eq!(
        page.texts(".faq details.faq-item > summary"),
        ["無料ですか?", "誰が?"]
    );
    assert_eq!(page.attrs("details.faq-item[id]", "id"), ["who"]);
    assert_eq!(page.texts(".faq-answer p"), ["はい。", "有志です。"]);
}
