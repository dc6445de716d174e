//! Connecting to PostgreSQL and bringing the schema up to date, with failures explained in one sentence.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    let candidates = hosts_of(url)
        .iter()
        .map(|url| connect_options(url, "DATABASE_URL"))
        .collect::<Result<Vec<_>, _>>()?;
    let options = match candidates.as_slice() {
        [only] => only.clone(),
        several => find_primary(several).await.ok_or_else(|| {
            StartupError::Database(format!(
                "none of the {} hosts in DATABASE_URL answered as a primary that accepts writes",
                several.len()
            ))
        })?,
    };
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
    let switched = Switched::default();
    let pool = PgPoolOptions::new()
        .max_connections(args.db_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .before_acquire({
            let switched = switched.clone();
            move |_, meta| {
                let current = switched.is_current(meta.age);
                Box::pin(async move { Ok(current) })
            }
        })
        .connect_with(options)
        .await
        .map_err(|e| StartupError::Database(explain_connect_error(&e, &target, &database)))?;
    if candidates.len() > 1 {
        follow_primary(pool.clone(), candidates, switched);
    }
    Ok(pool)
}

/// One URL per host of a multi-host URL, in order: libpq's form, `postgres://user:pw@host1:port1,
/// host2:port2/db?target_session_attrs=read-write`, which `pg_autoctl show uri` prints for a
/// pg_auto_failover formation. A single-host URL is returned as it is. `target_session_attrs` is
/// dropped: the site finds the host that accepts writes itself ([`find_primary`]).
fn hosts_of(url: &str) -> Vec<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return vec![url.to_owned()];
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((user, hosts)) => (format!("{user}@"), hosts),
        None => (String::new(), authority),
    };
    if !hosts.contains(',') {
        return vec![url.to_owned()];
    }
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("target_session_attrs="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_owned(),
    };
    hosts
        .split(',')
        .filter(|h| !h.is_empty())
        .map(|host| format!("{scheme}://{user}{host}{tail}"))
        .collect()
}

/// The first of `candidates` that answers within a second and is not a standby: the primary.
async fn find_primary(candidates: &[PgConnectOptions]) -> Option<PgConnectOptions> {
    for candidate in candidates {
        let probe = async {
            let mut connection = PgConnection::connect_with(candidate).await?;
            let standby: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
                .fetch_one(&mut connection)
                .await?;
            let _ = connection.close().await;
            Ok::<_, sqlx::Error>(standby)
        };
        if let Ok(Ok(false)) = tokio::time::timeout(Duration::from_secs(1), probe).await {
            return Some(candidate.clone());
        }
    }
    None
}

/// When the pool last moved to another primary: connections made before it are dropped on their next
/// use, so none goes on writing to a demoted server.
#[derive(Clone, Debug, Default)]
struct Switched(Arc<Mutex<Option<Instant>>>);

impl Switched {
    fn now(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }

    /// Whether a connection `age` old was made after the last switch.
    fn is_current(&self, age: Duration) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none_or(|at| age < at.elapsed())
    }
}

/// Follows the primary among the hosts of a multi-host `DATABASE_URL` until the pool closes: every
/// second, a fresh connection to the pool's host asks whether it still accepts writes; if it does not
/// answer or is a standby now (a failover), the host that accepts writes is looked for and the pool
/// moved to it, without a restart. Meanwhile writes fail as unavailable (503 with Retry-After).
fn follow_primary(pool: PgPool, candidates: Vec<PgConnectOptions>, switched: Switched) {
    tokio::spawn(async move {
        let closed = pool.close_event();
        tokio::pin!(closed);
        loop {
            tokio::select! {
                () = &mut closed => return,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
            let current = pool.connect_options();
            if find_primary(std::slice::from_ref(&*current))
                .await
                .is_some()
            {
                continue;
            }
            tracing::warn!(host = %current.get_host(), port = current.get_port(),
                           "the primary does not accept writes: looking for the new one");
            let Some(found) = find_primary(&candidates).await else {
                continue;
            };
            switched.now();
            if (found.get_host(), found.get_port()) != (current.get_host(), current.get_port()) {
                tracing::warn!(host = %found.get_host(), port = found.get_port(), "the primary moved here");
                pool.set_connect_options(found);
            }
        }
    });
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

#[cfg(test)]
mod tests {
    use super::hosts_of;

    #[test]
    fn a_multi_host_url_is_one_url_per_host() {
        assert_eq!(
            hosts_of("postgres://lingong:pw@10.0.0.1:5432,10.0.0.2:5433/lingong?target_session_attrs=read-write&sslmode=require"),
            [
                "postgres://lingong:pw@10.0.0.1:5432/lingong?sslmode=require",
                "postgres://lingong:pw@10.0.0.2:5433/lingong?sslmode=require",
            ]
        );
        assert_eq!(
            hosts_of("postgres://db1,db2/lingong?target_session_attrs=read-write"),
            ["postgres://db1/lingong", "postgres://db2/lingong"]
        );
        let single = "postgres://lingong:pw@db:5432/lingong?sslmode=disable";
        assert_eq!(hosts_of(single), [single]);
        assert_eq!(hosts_of("not a url"), ["not a url"]);
    }
}
