//! For partners' developers: the open API's reference (`/developers/api`), read from the OpenAPI
//! document the server generates; and for admins, the partners' keys on the staff desk.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::api_keys::{create_api_key, list_api_keys, read_api_reference, RevokeApiKey};
use crate::components::feedback::{feedback, Failure, Loaded};
use crate::components::page_title::PageTitle;
use crate::csrf::CsrfField;
use crate::i18n::use_api_texts;
use crate::model::{ApiField, ApiKey, ApiOperation, ApiSchema, API_KEY_PER_MINUTE_MAX};
use crate::resource::page_resource;

#[component]
pub fn DevelopersPage() -> impl IntoView {
    let d = use_api_texts();
    let reference = page_resource(|| (), |_| read_api_reference());
    view! {
        <PageTitle text=d().developers_title/>
        <section class="developers">
            <h1>{move || d().developers_title}</h1>
            <p>{move || d().developers_intro}</p>
            <h2>{move || d().how_heading}</h2>
            <ul class="developers-how">
                {move || d().how_items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
            <p>
                // A plain link: the document is JSON, not a page of the site.
                <a href="/api/v1/openapi.json" rel="external" class="button button-secondary">{move || d().document_link}</a>
            </p>
            <Loaded data=reference let:reference>
                <h2>{move || d().endpoints_heading}</h2>
                {reference.operations.into_iter().map(|op| view! { <Operation op/> }).collect_view()}
                <h2>{move || d().schemas_heading}</h2>
                {reference.schemas.into_iter().map(|schema| view! { <Schema schema/> }).collect_view()}
            </Loaded>
        </section>
    }
}

#[component]
fn Operation(op: ApiOperation) -> impl IntoView {
    let d = use_api_texts();
    let id = format!(
        "op-{}",
        op.path
            .trim_start_matches("/api/v1/")
            .replace(['/', '{', '}'], "-")
    );
    view! {
        <section class="api-operation" id=id>
            <h3><code>{op.method.clone()}" "{op.path.clone()}</code></h3>
            <p>{op.summary.clone()}</p>
            {(!op.description.is_empty()).then(|| view! { <p class="muted">{op.description.clone()}</p> })}
            {(!op.parameters.is_empty()).then(|| view! {
                <h4>{move || d().parameters}</h4>
                <dl class="api-fields">
                    {op.parameters.into_iter().map(|field| view! { <Field field/> }).collect_view()}
                </dl>
            })}
            {op.request_body.map(|(body, media_type)| view! {
                <h4>{move || d().request_body}</h4>
                <p class="api-request-body">
                    <a href=format!("#schema-{body}")><code>{body.clone()}</code></a>" · "<code>{media_type}</code>
                </p>
            })}
            <h4>{move || d().responses}</h4>
            <ul class="api-responses">
                {op.responses.into_iter().map(|(status, description, body)| view! {
                    <li>
                        <code>{status}</code>" "{description}
                        {(!body.is_empty()).then(|| view! { " → "<a href=format!("#schema-{body}")><code>{body.clone()}</code></a> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Schema(schema: ApiSchema) -> impl IntoView {
    view! {
        <section class="api-schema" id=format!("schema-{}", schema.name)>
            <h3><code>{schema.name.clone()}</code></h3>
            {(!schema.description.is_empty()).then(|| view! { <p>{schema.description.clone()}</p> })}
            <dl class="api-fields">
                {schema.fields.into_iter().map(|field| view! { <Field field/> }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn Field(field: ApiField) -> impl IntoView {
    let d = use_api_texts();
    let place = field.place.clone();
    view! {
        <dt>
            <code>{field.name.clone()}</code>" "
            <span class="muted">{field.kind.clone()}</span>
            {field.required.then(|| view! { " "<span class="badge">{move || d().required}</span> })}
            {(!place.is_empty()).then(|| {
                let place = place.clone();
                view! {
                    " "<span class="badge badge-quiet">{move || match place.as_str() {
                        "path" => d().in_path,
                        _ => d().in_query,
                    }}</span>
                }
            })}
        </dt>
        <dd>{field.description.clone()}</dd>
    }
}

/// The staff desk's keys, for admins: every key with its use, revocation, and the island that makes
/// new ones (the secret comes back in the answer, to be shown once, which a plain form cannot do).
#[component]
pub fn ApiKeysSection() -> impl IntoView {
    let d = use_api_texts();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = page_resource(|| (), |_| list_api_keys());
    view! {
        <section class="account-section api-keys" id="api-keys">
            <h2>{move || d().keys_heading}</h2>
            <p class="muted">{move || d().keys_intro}</p>
            {feedback(move || revoke.value().get(), || use_api_texts()().revoked)}
            <NewApiKey/>
            <Loaded data=keys let:keys>
                {if keys.is_empty() {
                    view! { <p class="empty">{move || d().no_keys}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {keys.into_iter().map(|key| view! { <KeyItem key/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn KeyItem(key: ApiKey) -> impl IntoView {
    let d = use_api_texts();
    let (prefix, per_minute) = (key.prefix.clone(), key.per_minute);
    let (created_at, created_by) = (key.created_at.clone(), key.created_by.clone());
    let used = key.last_used_at.clone();
    let revoked = key.revoked_at.clone();
    let id = key.id;
    view! {
        <li class="review-item api-key" data-key=key.prefix.clone()>
            <h3>{key.partner.clone()}</h3>
            <p>
                <code>{move || (d().key_line)(&prefix, per_minute)}</code>
                {key.may_import.then(|| view! { " " <span class="badge">{move || d().may_import_badge}</span> })}
            </p>
            <p class="muted">
                {move || (d().created_line)(&created_at, &created_by)}" · "
                {move || match &used {
                    Some(at) => (d().last_used)(at),
                    None => d().never_used.to_owned(),
                }}
            </p>
            {match revoked {
                Some(at) => view! { <p><span class="badge badge-unverified">{move || (d().revoked_on)(&at)}</span></p> }.into_any(),
                None => view! {
                    <details class="shift-action">
                        <summary class="button button-secondary">{move || d().revoke}</summary>
                        <form method="post" action=RevokeApiKey::url()>
                            <CsrfField/>
                            <input type="hidden" name="id" value=id/>
                            <p>{move || d().revoke_confirm}</p>
                            <button type="submit" class="danger">{move || d().revoke}</button>
                        </form>
                    </details>
                }
                .into_any(),
            }}
        </li>
    }
}

/// Makes a key and shows its secret, once.
#[island]
fn NewApiKey() -> impl IntoView {
    crate::prefs::provide_prefs();
    let d = use_api_texts();
    let create = Action::new(
        |(partner, per_minute, may_import): &(String, String, bool)| {
            create_api_key(partner.clone(), per_minute.clone(), *may_import)
        },
    );
    let partner = RwSignal::new(String::new());
    let may_import = RwSignal::new(false);
    let per_minute = RwSignal::new("600".to_owned());
    let max = API_KEY_PER_MINUTE_MAX.to_string();
    view! {
        <form
            class="account-form new-api-key"
            on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch((
                    partner.get_untracked(),
                    per_minute.get_untracked(),
                    may_import.get_untracked(),
                ));
            }
        >
            <label for="api-key-partner">{move || d().partner_label}</label>
            <input id="api-key-partner" name="partner" required minlength="2" maxlength="80"
                prop:value=move || partner.get() on:input=move |ev| partner.set(event_target_value(&ev))/>
            <label for="api-key-limit">{move || d().per_minute_label}</label>
            <input id="api-key-limit" name="per_minute" type="number" inputmode="numeric" min="1" max=max required
                prop:value=move || per_minute.get() on:input=move |ev| per_minute.set(event_target_value(&ev))/>
            <label class="check">
                <input type="checkbox" name="may_import" value="true"
                    prop:checked=move || may_import.get() on:change=move |ev| may_import.set(event_target_checked(&ev))/>
                {move || d().may_import_label}
            </label>
            <button type="submit" class="primary" disabled=move || create.pending().get()>{move || d().create_key}</button>
        </form>
        {move || match create.value().get() {
            Some(Ok(made)) => view! {
                <div class="notice api-key-secret" role="status">
                    <h3>{move || d().secret_heading}</h3>
                    <p><code class="secret">{made.secret.clone()}</code></p>
                    <p>{move || d().secret_hint}</p>
                </div>
            }
            .into_any(),
            Some(Err(error)) => view! { <Failure error/> }.into_any(),
            None => ().into_any(),
        }}
    }
}
