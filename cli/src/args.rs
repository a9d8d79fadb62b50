//! The command line. Projects and folders are named by id or by name; every command has
//! `--help`; `aitoolbox completions SHELL` prints a completion script.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub const EXIT_CODES: &str =
    "Exit codes: 0 ok, 1 some transfers failed, 2 usage, 3 not signed in, \
4 not found, 5 stopped by a safety limit.";

#[derive(Parser)]
#[command(name = "aitoolbox", version, about = "Brings an AI Toolbox song project into a DAW folder and back.", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct Global {
    /// The server's address, e.g. https://studio.example.org (else the one signed in to).
    #[arg(long, global = true, env = "AITOOLBOX_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// Print every request and answer to stderr (tokens masked).
    #[arg(long, global = true)]
    pub debug: bool,
    /// Trust this PEM certificate authority as well (a self-hosted server's own CA).
    #[arg(long, global = true, env = "AITOOLBOX_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Do not verify the server's certificate at all. Anyone on the way can read your token
    /// and files: prefer --ca-cert.
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Print one JSON summary on stdout instead of progress and text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Sign in and keep a token for the other commands (in the config directory, mode 0600).
    Login(LoginArgs),
    /// Forget the stored token.
    Logout,
    /// List your projects with their ids, folders and sync status.
    Projects,
    /// Upload a local folder's files into a project folder (identical files are skipped;
    /// changed ones are replaced only with --force).
    Upload(UploadArgs),
    /// Download a project folder's files into a local folder.
    Download(DownloadArgs),
    /// Download a whole project: every folder (empty ones too), paths 1:1.
    Clone(CloneArgs),
    /// Make a project folder equal to a local folder: upload new and changed files, then
    /// delete remote files that are not here (after every upload succeeded).
    Mirror(MirrorArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
pub struct LoginArgs {
    /// Your email address (asked for when missing).
    #[arg(long, env = "AITOOLBOX_EMAIL")]
    pub email: Option<String>,
    /// Read the password from standard input (for scripts) instead of asking.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args, Clone)]
pub struct TransferArgs {
    /// Files transferred at the same time.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub transfers: u16,
    /// Limit the bandwidth, in bytes per second (suffixes K, M, G), e.g. 10M.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub bwlimit: Option<u64>,
    /// Show what would change and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args)]
pub struct UploadArgs {
    /// Project id or name.
    pub project: String,
    /// Folder id or name, e.g. "02 Mixing".
    pub folder: String,
    /// The local folder to upload.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Replace remote files whose content differs.
    #[arg(long)]
    pub force: bool,
    /// Leave out files matching this pattern (gitignore syntax; repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    #[command(flatten)]
    pub transfer: TransferArgs,
}

#[derive(Args)]
pub struct DownloadArgs {
    /// Project id or name.
    pub project: String,
    /// Folder id or name.
    pub folder: String,
    /// Where the folder's files go (the folder's name is not added).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Replace local files whose content differs from the server's.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub transfer: TransferArgs,
}

#[derive(Args)]
pub struct CloneArgs {
    /// Project id or name.
    pub project: String,
    /// Where the project's folders go.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Put the folders in a new directory named after the project.
    #[arg(short = 'd', long)]
    pub create_dir: bool,
    /// Replace local files whose content differs from the server's.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub transfer: TransferArgs,
}

#[derive(Args)]
pub struct MirrorArgs {
    /// Project id or name.
    pub project: String,
    /// Folder id or name.
    pub folder: String,
    /// The local folder the project folder becomes equal to.
    pub path: PathBuf,
    /// Delete without asking (the files are still listed).
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Allow deleting up to N remote files (the default stops above 50, or above half the
    /// remote folder).
    #[arg(long, value_name = "N")]
    pub max_delete: Option<usize>,
    /// Leave out files matching this pattern (gitignore syntax; repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    #[command(flatten)]
    pub transfer: TransferArgs,
}

/// `10M` → 10 MiB per second.
fn parse_rate(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (digits, unit) = match raw.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => raw.split_at(i),
        None => (raw, ""),
    };
    let factor: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("unknown unit '{unit}' (use K, M or G)")),
    };
    let n: f64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("'{raw}' is not a rate like 10M"))?;
    if !(n > 0.0) {
        return Err("the rate must be above zero".into());
    }
    Ok((n * factor as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn rates_read_like_rclone() {
        assert_eq!(parse_rate("10M"), Ok(10 << 20));
        assert_eq!(parse_rate("512k"), Ok(512 << 10));
        assert_eq!(parse_rate("1.5G"), Ok(3 << 29));
        assert_eq!(parse_rate("100"), Ok(100));
        assert!(parse_rate("0").is_err());
        assert!(parse_rate("fast").is_err());
    }
}
