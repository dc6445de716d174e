//! Markdown written by staff (policy notes), made into HTML a page can insert as it is.
//!
//! Two layers, because this is the one place the site inserts HTML unescaped: raw HTML in the Markdown
//! is never passed through (it is shown as the text it is), and what the renderer makes is cleaned by an
//! allow-list sanitiser (ammonia) that also keeps links to the web, e-mail and phones and marks them
//! `noopener noreferrer nofollow`. Images become links: a note loads nothing from elsewhere.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The rendered, sanitised HTML of `markdown`.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        // Written markup is text: a note cannot carry a script, a frame or a style.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        // Nor does it load anything from elsewhere (a tracking pixel, a page's worth of data on a
        // worker's plan): an image is a link to it, its description the link's text.
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_the_usual_html() {
        let html =
            render("## 灵活就业社保补贴\n\n- **条件**：登记灵活就业\n- 咨询 [12333](tel:12333)\n");
        assert!(html.contains("<h2>灵活就业社保补贴</h2>"), "{html}");
        assert!(html.contains("<strong>条件</strong>"), "{html}");
        assert!(
            html.contains("<a href=\"tel:12333\" rel=\"noopener noreferrer nofollow\">12333</a>"),
            "{html}"
        );
    }

    #[test]
    fn written_markup_stays_text_and_nothing_runs() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[点我](javascript:alert(1))",
            "<iframe src=\"https://example.com\"></iframe>",
            "![x](javascript:alert(1))",
            "<a href=\"https://example.com\" onclick=\"alert(1)\">x</a>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = render(hostile);
            // Written markup may stay as escaped text (every `<` left is a real tag); no tag may run
            // anything or load anything.
            for tag in html.split('<').skip(1) {
                let tag = tag.split('>').next().unwrap_or_default();
                let name = tag
                    .trim_start_matches('/')
                    .split(' ')
                    .next()
                    .unwrap_or_default();
                assert!(["p", "a"].contains(&name), "{hostile} gave {html}");
                assert!(
                    !tag.contains(" on") && !tag.contains("javascript:") && !tag.contains("data:"),
                    "{hostile} gave {html}"
                );
            }
        }
        assert!(render("<b>粗</b>").contains("&lt;b&gt;粗&lt;/b&gt;"));
        assert_eq!(
            render("![社保流程图](https://example.com/a.png)").trim(),
            "<p><a href=\"https://example.com/a.png\" rel=\"noopener noreferrer nofollow\">社保流程图</a></p>"
        );
    }
}
