//! `aitoolbox`: the command-line client of AI Toolbox. It brings a song project into a DAW
//! folder (`clone`, `download`) and back (`upload`, `mirror`) over the server's versioned
//! HTTP endpoints, never deleting or overwriting by surprise. See the README's "Sync client"
//! section for every command and the exit codes.

mod api;
mod args;
mod bwlimit;
mod commands;
mod config;
mod error;
mod ignore_rules;
mod local;
mod plan;
mod progress;
mod resolve;
mod retry;
mod summary;
mod transfer;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};
use commands::{account, download, mirror, upload};
use error::{Exit, Result};

fn main() {
    let cli = Cli::parse();
    let json = cli.global.json;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let exit = match runtime.block_on(run(cli)) {
        Ok(()) => Exit::Ok,
        Err(err) if err.reported => err.exit,
        Err(err) => {
            if json {
                let code = err.exit as i32;
                println!(
                    "{}",
                    serde_json::json!({ "error": err.message, "exit": code })
                );
            } else {
                eprintln!("error: {}", err.message);
            }
            err.exit
        }
    };
    // Transfers still running when a run fails for good are abandoned, not awaited.
    runtime.shutdown_background();
    std::process::exit(exit as i32);
}

async fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Login(args) => account::login(g, args).await,
        Command::Logout => account::logout(g),
        Command::Projects => account::projects(g).await,
        Command::Upload(args) => upload::run(g, args).await,
        Command::Download(args) => download::download(g, args).await,
        Command::Clone(args) => download::clone(g, args).await,
        Command::Mirror(args) => mirror::run(g, args).await,
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "aitoolbox",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}
