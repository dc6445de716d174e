//! Display preferences (language, elder mode 长辈版) sent as a plain form: the header's toggles post here,
//! and the page comes back rendered in the new form.

use leptos::prelude::*;

use super::client::CsrfClient;
use crate::error::AppError;

/// Remembers the preferences for a year. Nothing personal, so anyone may call it; the framework then
/// sends a form's browser back to the page it came from, rendered in the new form.
#[server(prefix = "/api", endpoint = "prefs", client = CsrfClient)]
pub async fn save_prefs(lang: String, elder: bool) -> Result<(), AppError> {
    use crate::auth::Caller;
    use crate::i18n::Lang;
    use crate::prefs::Prefs;
    // A signed-in person's texts follow the language they read the site in.
    if let (Some(chosen), Ok(pool)) = (Lang::from_code(&lang), super::context::pool()) {
        if let Ok(Caller::SignedIn(principal)) = super::context::caller(&pool).await {
            if let Err(error) =
                crate::db::accounts::set_lang(&pool, principal.account_id, chosen.code()).await
            {
                tracing::warn!(%error, "the texts' language not kept");
            }
        }
    }
    super::context::respond((|| {
        // An unknown language is the caller's mistake: 400, not 500.
        let lang = Lang::from_code(&lang).ok_or_else(|| AppError::invalid_field("lang"))?;
        let secure = use_context::<crate::state::AppState>().is_some_and(|state| {
            crate::auth::session::wants_secure_cookies(
                &state.auth,
                &super::context::request_headers(),
            )
        });
        super::context::append_header(
            axum::http::header::SET_COOKIE,
            Prefs { lang, elder }.cookie(secure),
        );
        Ok(())
    })())
}
