//! Display preferences — language and elder mode (长辈版) — kept in a cookie, so the server renders the
//! very first page in the person's form and nothing jumps when the Wasm takes over.

use leptos::prelude::*;

use crate::i18n::Lang;

pub const COOKIE: &str = "lingong_prefs";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    /// Larger text, stronger contrast, fewer details per card.
    pub elder: bool,
}

impl Prefs {
    /// Reads the preferences from a `Cookie` header (or `document.cookie`); anything unknown is ignored.
    pub fn from_cookies(cookies: &str) -> Self {
        let value = crate::cookies::value_of(cookies, COOKIE).unwrap_or_default();
        let mut prefs = Prefs::default();
        for part in value.split('.') {
            if let Some(lang) = Lang::from_code(part) {
                prefs.lang = lang;
            } else if part == "elder" {
                prefs.elder = true;
            }
        }
        prefs
    }

    /// What remembers these preferences for a year: a `Set-Cookie` value.
    #[cfg(feature = "ssr")]
    pub fn cookie(self, secure: bool) -> axum::http::HeaderValue {
        use crate::cookies::{set_cookie, Kind};
        set_cookie(
            COOKIE,
            &self.cookie_value(),
            31_536_000,
            Kind::Readable,
            secure,
        )
    }

    pub fn cookie_value(self) -> String {
        let lang = self.lang.code();
        if self.elder {
            format!("{lang}.elder")
        } else {
            lang.to_owned()
        }
    }
}

/// Puts the preferences of this request (server) or this browser (an island) into context.
pub fn provide_prefs() -> RwSignal<Prefs> {
    let prefs = RwSignal::new(initial());
    provide_context(prefs);
    prefs
}

pub fn use_prefs() -> Option<RwSignal<Prefs>> {
    use_context::<RwSignal<Prefs>>()
}

/// The preferences this request's cookie asks for.
#[cfg(feature = "ssr")]
pub fn from_request() -> Prefs {
    initial()
}

#[cfg(feature = "ssr")]
fn initial() -> Prefs {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            let cookies: Vec<&str> = parts
                .headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            (!cookies.is_empty()).then(|| Prefs::from_cookies(&cookies.join("; ")))
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial() -> Prefs {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let cookies = document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|d| d.cookie().ok());
        if let Some(cookies) = cookies {
            return Prefs::from_cookies(&cookies);
        }
    }
    Prefs::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_survive_the_cookie_round_trip() {
        for prefs in [
            Prefs::default(),
            Prefs {
                lang: Lang::En,
                elder: false,
            },
            Prefs {
                lang: Lang::Zh,
                elder: true,
            },
            Prefs {
                lang: Lang::En,
                elder: true,
            },
        ] {
            let header = format!("other=1; {COOKIE}={}; x=y", prefs.cookie_value());
            assert_eq!(Prefs::from_cookies(&header), prefs);
        }
        assert_eq!(Prefs::from_cookies(""), Prefs::default());
        assert_eq!(
            Prefs::from_cookies(&format!("{COOKIE}=<script>")),
            Prefs::default()
        );
    }
}
