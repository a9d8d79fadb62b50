//! Accounts: first-run setup, sign-up, sign-in and sign-out, sessions and the UI language.

pub mod api;
mod forms;
mod login_page;
mod register_page;
pub mod session_context;
mod setup_page;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod entry;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens_v1;

#[cfg(feature = "ssr")]
pub use entry::{admin, signed_in, SignedInUser};
pub use login_page::LoginPage;
pub use register_page::RegisterPage;
pub use session_context::{is_admin, session_action, use_session, RequireUser, SessionContext};
pub use setup_page::SetupPage;

use serde::{Deserialize, Serialize};

/// What the browser may know about the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub artist_name: String,
    pub is_admin: bool,
    /// Stored UI language tag; `None` follows the browser.
    pub language: Option<String>,
    /// IANA time zone dates are shown in; `None` until the browser has reported its own.
    pub time_zone: Option<String>,
}

impl UserInfo {
    /// The name to greet the user with: artist name, else first name, else email.
    pub fn display_name(&self) -> String {
        [&self.artist_name, &self.first_name]
            .into_iter()
            .find(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| self.email.clone())
    }
}

/// The session as the UI sees it on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SessionInfo {
    pub user: Option<UserInfo>,
    /// No account exists yet: the first-run page creates the administrator.
    pub needs_setup: bool,
    pub registration_open: bool,
}

/// A token for programmatic clients (the command-line client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub token: String,
    /// Unix seconds.
    pub expires_at: u64,
}

#[cfg(feature = "ssr")]
impl From<&db::UserRow> for UserInfo {
    fn from(u: &db::UserRow) -> Self {
        UserInfo {
            id: u.id.clone(),
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            artist_name: u.artist_name.clone(),
            is_admin: u.is_admin,
            language: u.language.clone(),
            time_zone: u.time_zone.clone(),
        }
    }
}

/// Where to go after signing in: a same-site path, or the start page.
///
/// Only a path that starts with one `/` and consists of URL-safe characters is followed. Anything
/// else could leave the site once a browser has cleaned it up (`/\t/evil.example` loses its tab
/// and becomes `//evil.example`), or could not even be sent as a `Location` header (a line break
/// or NUL), so it goes to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(next) = next else {
        return "/".to_string();
    };
    let safe_char = |b: u8| b.is_ascii_alphanumeric() || b"-._~/?#[]@!$&'()*+,;=%:".contains(&b);
    let path_ok = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2048
        && next.bytes().all(safe_char);
    if path_ok {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_of_safe_characters_are_followed() {
        for good in ["/", "/songs?id=3&x=%20", "/images/new#top"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/x",
            "/a\r\nSet-Cookie: x=y",
            "/a\u{0}",
            "https://evil.example",
            "evil",
            "/ü",
            "/a b",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
