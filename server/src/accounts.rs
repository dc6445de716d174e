//! `server account`: creates or re-scopes staff and admin accounts. People cannot make themselves staff;
//! the first administrator is made here, and later ones too.

use app::model::{Phone, Role, StaffScope};
use sqlx::PgPool;

use crate::config::AccountArgs;
use crate::StartupError;

pub async fn upsert(pool: &PgPool, args: &AccountArgs) -> Result<(), StartupError> {
    let bad = |m: String| StartupError::Config(m);
    let phone = Phone::parse(&args.phone)
        .ok_or_else(|| bad(format!("{:?} is not a mainland mobile number", args.phone)))?;
    let role =
        Role::parse(&args.role).ok_or_else(|| bad(format!("unknown role {:?}", args.role)))?;
    let scope = match (role, args.scope.as_deref()) {
        (Role::Admin, None) => None,
        (Role::Admin, Some(_)) => return Err(bad("admins have no scope: drop --scope".to_owned())),
        (_, None) => return Err(bad("staff need --scope".to_owned())),
        (_, Some(scope)) => Some(parse_scope(pool, scope).await?),
    };
    let mut conn = pool
        .acquire()
        .await
        .map_err(|e| StartupError::Database(e.to_string()))?;
    let id =
        app::db::accounts::upsert_staff_account(&mut conn, phone.as_str(), role, scope, &args.name)
            .await
            .map_err(|e| bad(format!("cannot save the account: {e}")))?;
    println!(
        "{} account {id} for {} saved",
        role.as_str(),
        phone.masked()
    );
    Ok(())
}

async fn parse_scope(pool: &PgPool, scope: &str) -> Result<StaffScope, StartupError> {
    let bad = |m: String| StartupError::Config(m);
    let unknown = || {
        bad(format!("unknown scope {scope:?}: use province, city:<adcode>, district:<adcode> or market:<slug>"))
    };
    let (kind, value) = scope.split_once(':').unwrap_or((scope, ""));
    let adcode = || value.parse::<i32>().map_err(|_| unknown());
    let exists = |sql: &'static str, adcode: i32| async move {
        sqlx::query_scalar::<_, bool>(sql)
            .bind(adcode)
            .fetch_one(pool)
            .await
            .map_err(|e| StartupError::Database(e.to_string()))
    };
    match kind {
        "province" if value.is_empty() => Ok(StaffScope::Province),
        "city" => {
            let city_adcode = adcode()?;
            if !exists(
                "SELECT EXISTS (SELECT 1 FROM cities WHERE adcode = $1)",
                city_adcode,
            )
            .await?
            {
                return Err(bad(format!("no city has adcode {city_adcode}")));
            }
            Ok(StaffScope::City { city_adcode })
        }
        "district" => {
            let district_adcode = adcode()?;
            if !exists(
                "SELECT EXISTS (SELECT 1 FROM districts WHERE adcode = $1)",
                district_adcode,
            )
            .await?
            {
                return Err(bad(format!("no district has adcode {district_adcode}")));
            }
            Ok(StaffScope::District {
                city_adcode: district_adcode / 100 * 100,
                district_adcode,
            })
        }
        "market" => {
            let row: Option<(i32, i32, Option<i32>)> = sqlx::query_as(
                "SELECT id, city_adcode, district_adcode FROM markets WHERE slug = $1",
            )
            .bind(value)
            .fetch_optional(pool)
            .await
            .map_err(|e| StartupError::Database(e.to_string()))?;
            let (market_id, city_adcode, district_adcode) =
                row.ok_or_else(|| bad(format!("no market has the slug {value:?}")))?;
            Ok(StaffScope::Market {
                market_id,
                city_adcode,
                district_adcode,
            })
        }
        _ => Err(unknown()),
    }
}
