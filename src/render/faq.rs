//! `type: faq` pages: each `##` section becomes a question, a `<details>`
//! whose `<summary>` holds the heading (its id kept, so `#id` links still
//! land), with the list of questions at the top and, when the site asks
//! for it, `schema.org/FAQPage` JSON-LD.

use crate::html::escape_html_into;

/// Labels the FAQ layout shows, in the page's language.
pub struct FaqLabels<'a> {
    pub questions: &'a str,
}

struct Question {
    id: String,
    heading: String,
    answer: String,
}

/// Rewrites a rendered page body; `level` is the question heading level.
pub fn layout(html: &str, level: u8, labels: &FaqLabels, jsonld: bool) -> String {
    let open = format!("<h{level}");
    let close = format!("</h{level}>");
    let mut intro_end = html.len();
    let mut questions = Vec::new();
    let mut outro = String::new();
    let mut pos = 0;
    while let Some(found) = find_heading(html, pos, level) {
        let start = found;
        if !html[start..].starts_with(&open) {
            // A higher-rank heading ends the questions before it.
            if !questions.is_empty() {
                outro = html[start..].to_string();
                break;
            }
            pos = start + 2;
            continue;
        }
        let Some(head_end) = html[start..].find(&close).map(|e| start + e + close.len()) else {
            break;
        };
        if questions.is_empty() {
            intro_end = start;
        }
        let next = find_heading(html, head_end, level).unwrap_or(html.len());
        let heading = &html[start..head_end];
        questions.push(Question {
            id: crate::html::attribute(heading, "id")
                .unwrap_or_default()
                .to_string(),
            heading: heading.to_string(),
            answer: html[head_end..next].to_string(),
        });
        pos = next;
        if next == html.len() {
            break;
        }
    }
    if questions.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() * 5 / 4);
    out.push_str(&html[..intro_end]);
    out.push_str("<nav class=\"faq-questions\" aria-label=\"");
    escape_html_into(&mut out, labels.questions);
    out.push_str("\"><ul>\n");
    for q in &questions {
        out.push_str("<li><a href=\"#");
        escape_html_into(&mut out, &q.id);
        out.push_str("\">");
        out.push_str(&strip_tags(&q.heading));
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul></nav>\n<div class=\"faq\">\n");
    for q in &questions {
        out.push_str("<details class=\"faq-item\"><summary>");
        out.push_str(&q.heading);
        out.push_str("</summary><div class=\"faq-answer\">\n");
        out.push_str(q.answer.trim_end());
        out.push_str("\n</div></details>\n");
    }
    out.push_str("</div>\n");
    out.push_str(&outro);
    if jsonld {
        out.push_str(&json_ld(&questions));
    }
    out
}

/// The next `<hN` with N ≤ `level` at or after `from`.
fn find_heading(html: &str, from: usize, level: u8) -> Option<usize> {
    let mut pos = from;
    while let Some(i) = html[pos..].find("<h") {
        let at = pos + i;
        let digit = html.as_bytes().get(at + 2).copied().unwrap_or(0);
        if (b'1'..=b'0' + level).contains(&digit) {
            return Some(at);
        }
        pos = at + 2;
    }
    None
}

/// The text of an HTML fragment, still escaped.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn json_ld(questions: &[Question]) -> String {
    let entities: Vec<serde_json::Value> = questions
        .iter()
        .map(|q| {
            serde_json::json!({
                "@type": "Question",
                "name": unescape(&strip_tags(&q.heading)),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": unescape(&strip_tags(&q.answer)).split_whitespace().collect::<Vec<_>>().join(" "),
                },
            })
        })
        .collect();
    let data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": entities,
    });
    // `</` cannot end the script early once escaped.
    let text = data.to_string().replace("</", "<\\/");
    format!("<script type=\"application/ld+json\">{text}</script>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<h1 id=\"faq\">FAQ</h1>\n<p>Intro</p>\n<h2 id=\"q1\">Is it <em>free</em>?</h2>\n<p>Yes.</p>\n<h3 id=\"more\">More</h3>\n<p>Detail</p>\n<h2 id=\"q2\">Who &amp; why?</h2>\n<p>Us.</p>\n";

    #[test]
    fn sections_become_details_with_the_heading_id_kept() {
        let labels = FaqLabels {
            questions: "Questions",
        };
        let html = layout(PAGE, 2, &labels, false);
        let doc = scraper::Html::parse_fragment(&html);
        let sel = |s| scraper::Selector::parse(s).expect("selector");
        let ids: Vec<_> = doc
            .select(&sel("details.faq-item > summary > h2"))
            .filter_map(|h| h.value().attr("id"))
            .collect();
        assert_eq!(ids, ["q1", "q2"]);
        let list: Vec<String> = doc
            .select(&sel("nav.faq-questions a"))
            .map(|a| a.text().collect())
            .collect();
        assert_eq!(list, ["Is it free?", "Who & why?"]);
        assert_eq!(doc.select(&sel(".faq-answer h3#more")).count(), 1);
        assert!(html.starts_with("<h1 id=\"faq\">FAQ</h1>\n<p>Intro</p>\n<nav"));
        assert!(!html.contains("ld+json"));
    }

    #[test]
    fn json_ld_only_when_asked() {
        let labels = FaqLabels { questions: "Q" };
        let html = layout(PAGE, 2, &labels, true);
        let start = html.find("ld+json\">").expect("script") + 9;
        let end = html[start..].find("</script>").expect("end") + start;
        let value: serde_json::Value = serde_json::from_str(&html[start..end]).expect("json");
        assert_eq!(value["@type"], "FAQPage");
        assert_eq!(value["mainEntity"][1]["name"], "Who & why?");
        assert_eq!(
            value["mainEntity"][0]["acceptedAnswer"]["text"],
            "Yes. More Detail"
        );
    }

    #[test]
    fn a_page_without_questions_is_left_alone() {
        let labels = FaqLabels { questions: "Q" };
        assert_eq!(layout("<p>x</p>", 2, &labels, true), "<p>x</p>");
    }
}
