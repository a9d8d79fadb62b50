//! Every route of the app in one place.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::auth::{LoginPage, RegisterPage, RequireUser, SetupPage};
use crate::home::HomePage;
use crate::profile::ProfilePage;
use crate::ui::layout::{NotFound, Shell};

#[component]
pub fn AppRouter() -> impl IntoView {
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <RequireUser><HomePage /></RequireUser> } />
                    <Route path=path!("/profile") view=|| view! { <RequireUser><ProfilePage /></RequireUser> } />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/setup") view=SetupPage />
                </Routes>
            </Shell>
        </Router>
    }
}
