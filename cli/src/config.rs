//! The config directory (`$AITOOLBOX_CONFIG_DIR`, else the system's, e.g.
//! `~/.config/aitoolbox`): the stored sign-in (`login.json`, mode 0600, written whole or not
//! at all) and the global ignore file (`.aitoolboxignore`).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{CliError, Result, SIGN_IN};

/// What `login` keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredLogin {
    pub server: String,
    pub email: String,
    pub token: String,
    /// Unix seconds.
    pub expires_at: u64,
}

pub fn dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("AITOOLBOX_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("aitoolbox"))
        .ok_or_else(|| CliError::usage("no config directory: set AITOOLBOX_CONFIG_DIR"))
}

fn login_file() -> Result<PathBuf> {
    Ok(dir()?.join("login.json"))
}

pub fn load() -> Result<Option<StoredLogin>> {
    let path = login_file()?;
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|_| {
            CliError::not_signed_in(format!("{} is damaged: {SIGN_IN} again", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::local("cannot read", &path, e)),
    }
}

/// Writes the sign-in readable by its owner only: a temporary file created with mode 0600,
/// then renamed over the old one, so no moment exists where the token is readable by others
/// or the file is half written.
pub fn save(login: &StoredLogin) -> Result<PathBuf> {
    let path = login_file()?;
    let dir = path.parent().expect("a file in a directory");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| CliError::local("cannot create", dir, e))?;
    let tmp = dir.join(".login.json.tmp");
    let json = serde_json::to_vec_pretty(login).expect("plain data");
    write_private(&tmp, &json).map_err(|e| CliError::local("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| CliError::local("cannot write", &path, e))?;
    Ok(path)
}

pub fn forget() -> Result<bool> {
    let path = login_file()?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(CliError::local("cannot remove", &path, e)),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The sign-in a command runs with: stored, for this server, and not expired.
pub fn signed_in(server: Option<&str>) -> Result<StoredLogin> {
    let login =
        load()?.ok_or_else(|| CliError::not_signed_in(format!("not signed in: {SIGN_IN}")))?;
    if let Some(server) = server {
        if normalise_server(server)? != login.server {
            return Err(CliError::not_signed_in(format!(
                "signed in to {}, not {server}: {SIGN_IN} --server {server}",
                login.server
            )));
        }
    }
    if login.expires_at <= unix_now() {
        return Err(CliError::not_signed_in(format!(
            "your sign-in to {} has expired: {SIGN_IN} again",
            login.server
        )));
    }
    Ok(login)
}

/// `studio.example.org/` → `https://studio.example.org`: one spelling per server.
pub fn normalise_server(raw: &str) -> Result<String> {
    let raw = raw.trim().trim_end_matches('/');
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    match reqwest::Url::parse(&with_scheme) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(with_scheme)
        }
        _ => Err(CliError::usage(format!(
            "'{raw}' is not a server address like https://studio.example.org"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_have_one_spelling() {
        assert_eq!(
            normalise_server("studio.example.org/").unwrap(),
            "https://studio.example.org"
        );
        assert_eq!(
            normalise_server("http://127.0.0.1:3000").unwrap(),
            "http://127.0.0.1:3000"
        );
        assert!(normalise_server("ftp://x").is_err());
        assert!(normalise_server("").is_err());
    }
}
