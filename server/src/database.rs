//! Connecting to PostgreSQL and bringing the schema up to date, with failures explained in one sentence.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use crate::config::DatabaseArgs;
use crate::seed;
use crate::StartupError;

const URL_SHAPE: &str = "postgres://USER:PASSWORD@HOST:PORT/DATABASE";

pub async fn connect(args: &DatabaseArgs) -> Result<PgPool, StartupError> {
    let url = args.database_url.as_deref().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        StartupError::Database(format!(
            "DATABASE_URL is not set: set it to {URL_SHAPE}, or run `bash .ci/serve`, which starts a local database"
        ))
    })?;
    let options = connect_options(url, "DATABASE_URL")?;
    let target = format!("{}:{}", options.get_host(), options.get_port());
    let database = options.get_database().unwrap_or("(default)").to_owned();

    // One plain connection first: the pool retries until its timeout and then reports only that, while
    // the person starting the server needs the first real cause (refused, wrong password, no database).
    let probe = tokio::time::timeout(
        Duration::from_secs(10),
        PgConnection::connect_with(&options),
    )
    .await;
    match probe {
        Err(_) => {
            return Err(StartupError::Database(format!(
                "PostgreSQL at {target} did not answer within 10 seconds: check that it is running and reachable"
            )))
        }
        Ok(Err(e)) => return Err(StartupError::Database(explain_connect_error(&e, &target, &database))),
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
        }
    }
    PgPoolOptions::new()
        .max_connections(args.db_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(|e| StartupError::Database(explain_connect_error(&e, &target, &database)))
}

/// The streaming replicas to read from, each with a pool of its own (`max_connections` each),
/// connected lazily: a replica that is down at start is only reported by the monitor, and taken into
/// use when it comes up.
pub fn connect_replicas(
    urls: &[String],
    max_connections: u32,
) -> Result<Vec<(String, PgPool)>, StartupError> {
    urls.iter()
        .filter(|url| !url.trim().is_empty())
        .map(|url| {
            let options = connect_options(url, "DATABASE_REPLICA_URL")?;
            let name = format!("{}:{}", options.get_host(), options.get_port());
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(2))
                .connect_lazy_with(options);
            Ok((name, pool))
        })
        .collect()
}

/// A PostgreSQL URL as the site connects with it.
fn connect_options(url: &str, variable: &str) -> Result<PgConnectOptions, StartupError> {
    let options = PgConnectOptions::from_str(url).map_err(|_| {
        StartupError::Database(format!(
            "{variable} is not a valid PostgreSQL URL: it should look like {URL_SHAPE}"
        ))
    })?;
    // Searches are built from a few shapes of statement with changing values. PostgreSQL's custom plans
    // for them mis-estimate the title-grams index and re-plan every time (10 ms with PostGIS); the
    // generic plan, cached per connection, is both steadier and several times faster (BENCHMARKS.md).
    // JIT compilation pays off for analytical scans, not for these short statements: the generic plans'
    // cost estimates cross jit_above_cost, and compiling took 70 of the 85 ms of a recommendation at
    // 1.1 M postings (BENCHMARKS.md).
    Ok(options.options([("plan_cache_mode", "force_generic_plan"), ("jit", "off")]))
}

fn explain_connect_error(e: &sqlx::Error, target: &str, database: &str) -> String {
    match e {
        sqlx::Error::Io(io) => format!(
            "cannot reach PostgreSQL at {target} ({io}): start the database server or fix the host and port in DATABASE_URL"
        ),
        sqlx::Error::PoolTimedOut => format!(
            "PostgreSQL at {target} did not answer within 5 seconds: check that it is running and reachable"
        ),
        sqlx::Error::Tls(tls) => format!("the TLS handshake with PostgreSQL at {target} failed ({tls}): check sslmode in DATABASE_URL"),
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") | Some("28000") => format!(
                "PostgreSQL at {target} refused the user name or password in DATABASE_URL: fix the credentials"
            ),
            Some("3D000") => format!(
                "the database \"{database}\" does not exist on {target}: create it (createdb {database}) or fix DATABASE_URL"
            ),
            _ => format!("PostgreSQL at {target} refused the connection: {}", db.message()),
        },
        other => format!("cannot connect to PostgreSQL at {target}: {other}"),
    }
}

/// Checks PostGIS, applies pending migrations and loads the reference data. Safe to run on every start.
pub async fn prepare(pool: &PgPool) -> Result<(), StartupError> {
    let postgis_available: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| StartupError::Database(format!("cannot query the database: {e}")))?;
    if !postgis_available {
        return Err(StartupError::Database(
            "PostGIS is not installed on the database server: install it (Debian: apt-get install \
             postgresql-15-postgis-3) and start again"
                .to_owned(),
        ));
    }
    sqlx::migrate!("./migrations").run(pool).await?;
    let counts = seed::reference::load(pool).await?;
    tracing::info!(
        cities = counts.cities,
        districts = counts.districts,
        trades = counts.trades,
        markets = counts.markets,
        "database ready"
    );
    Ok(())
}
