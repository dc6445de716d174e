//! Server-only data access: the only place with SQL. Each module owns the queries of one table group and
//! the row types they return; rows are turned into wire types ([`crate::model`]) here, at the edge.
//!
//! May import `model`, `calendar` and `error` (to turn its errors into what the browser may learn) only:
//! nothing here knows about requests, sessions or pages.

pub mod accounts;
pub mod agencies;
pub mod alerts;
pub mod api_keys;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod boards;
pub mod buses;
pub mod courses;
pub mod employer_postings;
pub mod export;
pub mod fairs;
pub mod favourites;
pub mod feeds;
pub mod help_cases;
pub mod imports;
pub mod map;
pub mod markets;
pub mod matching;
pub mod no_show_appeals;
pub mod notifications;
pub mod organisations;
pub mod place_messages;
pub mod places;
pub mod policy_notes;
pub mod postings;
pub mod ratings;
pub mod replicas;
pub mod reports;
pub mod search_index;
pub mod shift_texts;
pub mod shifts;
pub mod staff_desk;
pub mod talent;
pub mod teams;
pub mod trades;
pub mod workers;

#[cfg(test)]
mod alert_tests;
#[cfg(test)]
mod board_tests;
#[cfg(test)]
mod bus_tests;
#[cfg(test)]
mod market_tests;
#[cfg(test)]
mod shift_tests;
#[cfg(test)]
pub(crate) mod test_support;

use crate::error::AppError;

/// The data layer's error. Its details go to the server log; the browser only learns the kind.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database cannot be reached or has no connection to spare.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// A row broke a constraint the database enforces (CHECK, UNIQUE, foreign key).
    #[error("constraint {constraint} violated: {source}")]
    Constraint {
        constraint: String,
        source: sqlx::Error,
    },
    /// A stored value the wire types cannot represent: a bug in a migration or the code, never user input.
    #[error("unexpected stored value in {column}: {value:?}")]
    Corrupt { column: &'static str, value: String },
    /// A replica that has replayed no commit since it started, asked how far it has got: read the
    /// primary instead.
    #[error("the replica cannot tell how far it has replayed yet")]
    NoHorizon,
    #[error(transparent)]
    Other(sqlx::Error),
}

/// A stored code read back into its wire type; a code the application does not know means the
/// database and the code disagree ([`DbError::Corrupt`]).
pub(crate) fn stored<T>(
    code: String,
    column: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, DbError> {
    parse(&code).ok_or(DbError::Corrupt {
        column,
        value: code,
    })
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => DbError::Unavailable(e),
            // A server going away tells the connections it had with an error of its own before it
            // closes them (57P01 admin shutdown, 57P02 crash, 57P03 starting up; class 08 a connection
            // failure; 53300 full): the database is unavailable, not the request wrong.
            // 25006: a write reached a server that is a standby now (a failover under way).
            sqlx::Error::Database(db)
                if db.code().is_some_and(|code| {
                    code.starts_with("08")
                        || code.starts_with("57P")
                        || code == "53300"
                        || code == "25006"
                }) =>
            {
                DbError::Unavailable(e)
            }
            sqlx::Error::Database(db) => match db.constraint() {
                Some(constraint) => DbError::Constraint {
                    constraint: constraint.to_owned(),
                    source: e,
                },
                None => DbError::Other(e),
            },
            _ => DbError::Other(e),
        }
    }
}

/// A query's error straight into the layer above, for the `?` of a server function that begins its own
/// transaction: the one conversion, through [`DbError`], so its classes and logging hold everywhere.
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        DbError::from(e).into()
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        tracing::error!(error = %e, "database error");
        match e {
            DbError::Unavailable(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}
