//! One module per route.

pub mod account;
pub mod applications;
pub mod boards;
pub mod employer;
pub mod for_you;
pub mod home;
pub mod markets;
pub mod messages;
pub mod not_found;
pub mod posting;
pub mod sign_in;
pub mod staff;
pub mod statistics;

/// The routes of the pages someone reaches only by going on from the gig map, a posting or a market —
/// signing in, a worker's own pages, an employer's, the staff's and the market hall's screens — each in a
/// piece of Wasm of its own (built with `cargo leptos build --split`). The pages people arrive on (the gig
/// map and search, postings, markets) are in the common part, so a phone that opens one of them downloads
/// one Wasm file and nothing more, and the employer's forms and the staff's boards never. The server
/// renders every page whole either way; a lazy page's pieces are fetched when it hydrates, or when
/// someone first navigates to it.
pub mod lazy {
    use leptos::prelude::{AnyView, IntoAny};
    use leptos_router::{lazy_route, LazyRoute};

    macro_rules! lazy_pages {
        ($($route:ident => $page:path;)*) => {$(
            #[doc = concat!("The route of [`", stringify!($page), "`].")]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> AnyView {
                    let $route = this;
                    $page().into_any()
                }
            }
        )*};
    }

    lazy_pages! {
        SignInRoute => super::sign_in::SignInPage;
        AccountRoute => super::account::AccountPage;
        MyApplicationsRoute => super::applications::MyApplicationsPage;
        MessagesRoute => super::messages::MessagesPage;
        ForYouRoute => super::for_you::ForYouPage;
        EmployerRoute => super::employer::EmployerPage;
        NewPostingRoute => super::employer::NewPostingPage;
        EditPostingRoute => super::employer::EditPostingPage;
        ApplicantsRoute => super::employer::ApplicantsPage;
        StaffRoute => super::staff::StaffPage;
        StatisticsRoute => super::statistics::StatisticsPage;
        BoardsRoute => super::boards::BoardsPage;
        BoardRoute => super::boards::BoardPage;
    }
}
