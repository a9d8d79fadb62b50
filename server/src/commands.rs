//! Shell commands for the operator, run as `server <command>`.

use app::auth::{db, password};
use app::infra::Db;
use shared::accounts::{check_password, normalize_email};

/// Sets a new password for the account with `email` and revokes all its sessions, for a user
/// locked out of a single-user instance. Without a password given, a random one is generated
/// and printed once.
pub async fn reset_password(
    db: &Db,
    email: &str,
    new_password: Option<String>,
) -> Result<String, String> {
    let email = normalize_email(email).map_err(|_| format!("'{email}' is not a valid email"))?;
    let user = db::find_user_by_email(db, &email)
        .await
        .map_err(|e| format!("{e}"))?
        .ok_or_else(|| format!("no account with email {email}"))?;
    let password = match new_password {
        Some(p) => {
            check_password(&p)
                .map_err(|_| "the password must have 8 to 256 characters".to_string())?;
            p
        }
        None => generate_password(),
    };
    let hash = password::hash(password.clone())
        .await
        .map_err(|e| format!("{e}"))?;
    db::set_password(db, &user.id, &hash)
        .await
        .map_err(|e| format!("{e}"))?;
    Ok(password)
}

/// 20 characters from an alphabet without look-alikes (~115 bits).
fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
