//! What a keyword means (关键词), in Rust: a posting matches when its title says the keyword, ignoring
//! case, or when its trade is one the keyword names — by a part of the trade's or its sector's name, one
//! of its synonyms exactly, or its pinyin initials (帮厨 by "bc"). People type a trade as they say it.
//!
//! The SQL form is `lingong_title_says` and `lingong_keyword_trades` (migration 13), which the search's
//! SQL ([`crate::db::postings`]) and the saved-search alerts ([`crate::db::matching`]) use; this form is
//! the in-memory index's. The tests below hold the two to the same answers.

/// A keyword as a person typed it (already checked by [`crate::model::SearchQuery::check`]).
#[derive(Clone, Debug)]
pub struct Keyword<'a> {
    typed: &'a str,
    lowered: String,
}

/// What a keyword can name a trade by.
pub struct TradeNames<'a> {
    /// The trade's name, lower-cased.
    pub name: &'a str,
    /// Its sector's name, lower-cased; none for a sector itself.
    pub sector: Option<&'a str>,
    pub synonyms: &'a [String],
    pub pinyin_initials: &'a str,
}

impl<'a> Keyword<'a> {
    pub fn new(typed: &'a str) -> Keyword<'a> {
        Keyword {
            typed,
            lowered: typed.to_lowercase(),
        }
    }

    /// The keyword lower-cased, as titles are compared with it.
    pub fn lowered(&self) -> &str {
        &self.lowered
    }

    /// Whether a title, already lower-cased, says the keyword (`lingong_title_says`).
    pub fn said_in(&self, lowered_title: &str) -> bool {
        lowered_title.contains(&self.lowered)
    }

    /// Whether the keyword names a trade (`lingong_keyword_trades`).
    pub fn names(&self, trade: &TradeNames<'_>) -> bool {
        trade.name.contains(&self.lowered)
            || trade.sector.is_some_and(|s| s.contains(&self.lowered))
            || trade.synonyms.iter().any(|s| s == self.typed)
            || trade.pinyin_initials == self.lowered
    }
}

#[cfg(test)]
mod tests {
    use sqlx::PgPool;

    use super::*;

    /// Keywords of every kind: a whole trade name, part of one, a sector's name, pinyin initials (in
    /// either case), a synonym, a title's word, mixed-case Latin, markup, LIKE's wildcards, nothing at all.
    const KEYWORDS: [&str; 16] = [
        "帮厨",
        "厨",
        "切配",
        "餐饮",
        "bc",
        "BC",
        "服务员",
        "服务",
        "保洁",
        "家政",
        "工",
        "Helper",
        "<b>",
        "%",
        "_",
        "潜水员",
    ];

    #[sqlx::test(migrations = "../server/migrations")]
    async fn the_sql_and_the_index_name_the_same_trades(pool: PgPool) {
        crate::db::test_support::world(&pool).await;
        let trades = crate::db::search_index::trades(&pool).await.unwrap();
        let lowered = |code: &Option<String>| {
            code.as_ref().and_then(|code| {
                trades
                    .iter()
                    .find(|t| &t.code == code)
                    .map(|t| t.name.to_lowercase())
            })
        };
        let mut named_somewhere = 0;
        for typed in KEYWORDS {
            let keyword = Keyword::new(typed);
            let in_rust: Vec<&str> = trades
                .iter()
                .filter(|t| {
                    keyword.names(&TradeNames {
                        name: &t.name.to_lowercase(),
                        sector: lowered(&t.parent_code).as_deref(),
                        synonyms: &t.synonyms,
                        pinyin_initials: &t.pinyin_initials,
                    })
                })
                .map(|t| t.code.as_str())
                .collect();
            let in_sql: Vec<String> = sqlx::query_scalar("SELECT lingong_keyword_trades($1)")
                .bind(typed)
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(in_rust, in_sql, "{typed}");
            named_somewhere += usize::from(!in_rust.is_empty());
        }
        assert!(
            named_somewhere >= 8,
            "the keywords name trades: {named_somewhere}"
        );
    }

    #[sqlx::test(migrations = "../server/migrations")]
    async fn the_sql_and_the_index_read_titles_alike(pool: PgPool) {
        let titles = [
            "急招帮厨",
            "Helper 帮厨（日结）",
            "HELPER needed",
            "酒店服务员",
            "100% 日结_现结",
            "<b>加粗</b>",
            "",
        ];
        for typed in KEYWORDS {
            let keyword = Keyword::new(typed);
            for title in titles {
                let in_sql: bool = sqlx::query_scalar("SELECT lingong_title_says($1, $2)")
                    .bind(title)
                    .bind(typed)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                assert_eq!(
                    keyword.said_in(&title.to_lowercase()),
                    in_sql,
                    "{typed} in {title}"
                );
            }
        }
    }
}
