-- What a keyword means, once (issue 19). A posting matches a keyword when its title contains it, ignoring
-- case, or when its trade is one the keyword names: by a part of the trade's or its sector's name, one of
-- its synonyms exactly, or its pinyin initials (帮厨 by "bc"). The search's SQL, the saved-search alerts and
-- the in-memory index (`app::search::keyword`, tested against these two functions) all use this meaning;
-- before, alerts knew only a whole trade name or a synonym and missed "bc", 餐饮 and 切配.

CREATE FUNCTION lingong_title_says(title text, keyword text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT strpos(lower(title), lower(keyword)) > 0
$$;

CREATE FUNCTION lingong_keyword_trades(keyword text) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(c.code ORDER BY c.code), '{}')
      FROM trades c LEFT JOIN trades s ON s.code = c.parent_code
     WHERE strpos(lower(c.name), lower(keyword)) > 0
        OR strpos(lower(s.name), lower(keyword)) > 0
        OR keyword = ANY (c.synonyms)
        OR c.pinyin_initials = lower(keyword)
$$;
