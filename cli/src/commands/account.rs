//! `login`, `logout` and `projects`.

use std::io::{BufRead, IsTerminal, Write};

use crate::api::Api;
use crate::args::{Global, LoginArgs};
use crate::config::{self, StoredLogin};
use crate::error::{CliError, Result};
use crate::summary::size;

pub async fn login(global: &Global, args: &LoginArgs) -> Result<()> {
    let stored = config::load().ok().flatten();
    let raw_server = global
        .server
        .clone()
        .or_else(|| stored.as_ref().map(|s| s.server.clone()))
        .ok_or_else(|| {
            CliError::usage("which server? pass --server https://… or set AITOOLBOX_SERVER")
        })?;
    let server = config::normalise_server(&raw_server)?;
    let stdin = std::io::stdin();
    let email = match &args.email {
        Some(email) => email.trim().to_string(),
        None => {
            if !args.password_stdin && stdin.is_terminal() {
                eprint!("Email: ");
                let _ = std::io::stderr().flush();
            }
            read_line(&mut stdin.lock())?
        }
    };
    let password = if args.password_stdin || !stdin.is_terminal() {
        read_line(&mut stdin.lock())?
    } else {
        rpassword::prompt_password("Password: ")
            .map_err(|e| CliError::usage(format!("cannot read the password: {e}")))?
    };
    if email.is_empty() || password.is_empty() {
        return Err(CliError::usage("an email and a password are needed"));
    }
    let api = Api::new(global, &server, None)?;
    let token = api
        .create_token(&email, &password)
        .await
        .map_err(|e| e.into_cli(&format!("signing in to {server}")))?;
    let path = config::save(&StoredLogin {
        server: server.clone(),
        email: email.clone(),
        token: token.token,
        expires_at: token.expires_at,
    })?;
    let days = token.expires_at.saturating_sub(config::unix_now()) / 86_400;
    if global.json {
        println!(
            "{}",
            serde_json::json!({ "server": server, "email": email, "expires_at": token.expires_at })
        );
    } else {
        println!(
            "Signed in to {server} as {email} for {days} days (token kept in {}).",
            path.display()
        );
    }
    Ok(())
}

fn read_line(input: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn logout(global: &Global) -> Result<()> {
    let had = config::forget()?;
    if !global.json {
        println!(
            "{}",
            if had {
                "Signed out: the token is forgotten here. (Signing out everywhere in the web app revokes it on the server too.)"
            } else {
                "Not signed in."
            }
        );
    }
    Ok(())
}

pub async fn projects(global: &Global) -> Result<()> {
    let api = super::session(global)?;
    let all = api
        .projects()
        .await
        .map_err(|e| e.into_cli("listing your projects"))?;
    if global.json {
        println!("{}", serde_json::to_string(&all).expect("plain data"));
        return Ok(());
    }
    if all.is_empty() {
        println!("No projects yet: create one in the web app.");
    }
    for p in &all {
        println!(
            "{}  {}  ({} files, {}, {})",
            p.id,
            p.name,
            p.total_files,
            size(p.total_bytes as f64),
            p.sync_status
        );
    }
    Ok(())
}
