//! The Lingong server binary: configuration → pool → migrations → reference data → serve.
//! Business rules live in the `app` crate; this binary only wires things together.

mod accounts;
mod bundles;
mod caching;
mod config;
mod database;
mod pwa;
mod security;
mod seed;
mod web;

#[cfg(test)]
mod agency_http_tests;
#[cfg(test)]
mod api_http_tests;
#[cfg(test)]
mod auth_tests;
#[cfg(test)]
mod bus_http_tests;
#[cfg(test)]
mod course_http_tests;
#[cfg(test)]
mod fair_http_tests;
#[cfg(test)]
mod feed_http_tests;
#[cfg(test)]
mod hardening_tests;
#[cfg(test)]
mod help_http_tests;
#[cfg(test)]
mod import_http_tests;
#[cfg(test)]
mod market_http_tests;
#[cfg(test)]
mod replica_tests;
#[cfg(test)]
mod schema_tests;
#[cfg(test)]
mod shift_http_tests;
#[cfg(test)]
mod station_http_tests;
#[cfg(test)]
mod talent_http_tests;
#[cfg(test)]
mod team_http_tests;
#[cfg(test)]
mod test_harness;

use std::process::ExitCode;

use clap::Parser;

use crate::config::{Cli, Command, ServeArgs};

fn main() -> ExitCode {
    // Flags are checked before anything else happens: nonsense gets clap's message and exit code 2,
    // and nothing is written anywhere.
    let cli = Cli::parse();
    init_tracing();

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One sentence, no backtrace: every startup failure has a message that says what to do.
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), StartupError> {
    let pool = database::connect(&cli.database).await?;
    database::prepare(&pool).await?;
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Serve(args) => {
            let replicas = database::connect_replicas(
                &args.database_replica_url,
                cli.database.db_max_connections,
            )?;
            web::serve(pool, replicas, args).await
        }
        Command::Migrate => Ok(()),
        Command::Seed(args) => seed::demo::run(&pool, &args)
            .await
            .map_err(StartupError::Seed),
        Command::Account(args) => accounts::upsert(&pool, &args).await,
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // Colours only for a person at a terminal: a log file or a collector gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .init();
}

/// Why the server could not start, worded for the person who started it.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Database(String),
    #[error("applying the database migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("loading the reference data failed: {0}")]
    Reference(#[from] seed::reference::ReferenceError),
    #[error("{0}")]
    Seed(seed::demo::SeedError),
    #[error("{0}")]
    Listen(String),
    #[error("{0}")]
    Config(String),
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}
