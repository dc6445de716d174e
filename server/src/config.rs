//! Command line and environment. Every setting has a flag and an environment variable; the README lists
//! them. Parsing rejects nonsense before anything touches the database.

use std::net::SocketAddr;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "lingong-server",
    version,
    about = "Lingong (零工市场) server and tools"
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// PostgreSQL (with PostGIS) connection URL.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Largest number of pooled database connections.
    #[arg(long, env = "LINGONG_DB_MAX_CONNECTIONS", default_value_t = 16, global = true,
          value_parser = clap::value_parser!(u32).range(1..=500))]
    pub db_max_connections: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, load the reference data and serve the site (the default).
    Serve(ServeArgs),
    /// Apply migrations and load the reference data, then exit.
    Migrate,
    /// Load deterministic demo data: employers, postings and workers around the real markets.
    Seed(SeedArgs),
    /// Create or re-scope a staff or admin account (they cannot sign up themselves).
    Account(AccountArgs),
}

#[derive(Debug, Args, Clone)]
pub struct AccountArgs {
    /// The person's mobile number; they sign in with it and a code.
    #[arg(long)]
    pub phone: String,
    /// `staff` or `admin`.
    #[arg(long, value_parser = ["staff", "admin"])]
    pub role: String,
    /// Staff only: `province`, `city:<adcode>`, `district:<adcode>` or `market:<slug>`.
    #[arg(long)]
    pub scope: Option<String>,
    /// Name shown in the audit log.
    #[arg(long, default_value = "")]
    pub name: String,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LINGONG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Basemap XYZ tile URL template, e.g. 天地图 with its key. Unset: the map draws the bundled city
    /// outlines only (works offline; public maps in China need an approved basemap).
    #[arg(long, env = "LINGONG_TILE_URL", value_parser = parse_tile_url)]
    pub tile_url: Option<String>,
    /// Attribution shown for the basemap tiles.
    #[arg(long, env = "LINGONG_TILE_ATTRIBUTION", default_value = "")]
    pub tile_attribution: String,
    /// The lowest zoom level the tile service has.
    #[arg(long, env = "LINGONG_TILE_MIN_ZOOM", default_value_t = 1,
          value_parser = clap::value_parser!(u8).range(0..=22))]
    pub tile_min_zoom: u8,
    /// The highest zoom level the tile service has (天地图: 18).
    #[arg(long, env = "LINGONG_TILE_MAX_ZOOM", default_value_t = 18,
          value_parser = clap::value_parser!(u8).range(0..=22))]
    pub tile_max_zoom: u8,
    /// The font share cards (og:image) are drawn with: a TrueType/OpenType file or collection with
    /// Chinese (Debian's fonts-noto-cjk by default). Empty, or a file that cannot be read (a warning at
    /// start), and pages name no share image.
    #[arg(
        long,
        env = "LINGONG_CARD_FONT",
        default_value = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
    )]
    pub card_font: String,
    /// Where sign-in codes go: `log` (the server log; development) or `file:<path>` (one JSON line per
    /// message; browser tests). A provider's gateway is one more implementation of the SMS seam.
    #[arg(long, env = "LINGONG_SMS", default_value = "log")]
    pub sms: String,
    /// The site is served over TLS (directly or by the proxy in front): cookies get the Secure flag.
    #[arg(long, env = "LINGONG_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// A reverse proxy in front appends the client's address to X-Forwarded-For; rate limits use it.
    #[arg(long, env = "LINGONG_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_proxy: bool,
    /// The address people reach the site at, e.g. `https://lingong.example.gov.cn`: QR codes, canonical
    /// links and the links in structured data are built from it, never from a request's Host header.
    /// Default: `http://` and the listening address.
    #[arg(long, env = "LINGONG_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// From when (HH:MM, China time) tomorrow's shifts are reminded by text the evening before. Texts
    /// wait for the morning from 21:00 unless the shift starts before it.
    #[arg(long, env = "LINGONG_REMINDERS_FROM", default_value = "18:00", value_parser = parse_time_of_day)]
    pub reminders_from: chrono::NaiveTime,
    /// Requests a minute the public API (`/api/v1`) answers from one address without a key; partners'
    /// keys carry their own limits.
    #[arg(long, env = "LINGONG_API_ANONYMOUS_PER_MINUTE", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub api_anonymous_per_minute: u32,
    /// Streaming replicas of the database (PostgreSQL URLs, separated by spaces) that searches, the map,
    /// posting, market and board pages, statistics and the search index read from. Unset: everything
    /// on the primary.
    #[arg(
        long,
        env = "DATABASE_REPLICA_URL",
        value_delimiter = ' ',
        hide_env_values = true
    )]
    pub database_replica_url: Vec<String>,
    /// A replica further behind the primary than this (milliseconds) is taken out until it catches up.
    #[arg(long, env = "LINGONG_REPLICA_MAX_LAG_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(100..=3_600_000))]
    pub replica_max_lag_ms: u64,
}

impl ServeArgs {
    /// [`ServeArgs::public_url`], or the listening address when none is set.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            tile_url: None,
            tile_attribution: String::new(),
            tile_min_zoom: 1,
            tile_max_zoom: 18,
            card_font: String::new(),
            sms: "log".to_owned(),
            secure_cookies: false,
            trust_proxy: false,
            public_url: None,
            reminders_from: app::db::shift_texts::REMINDERS_FROM,
            api_anonymous_per_minute: 60,
            database_replica_url: Vec::new(),
            replica_max_lag_ms: 10_000,
        }
    }
}

fn parse_time_of_day(s: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|_| format!("{s:?} is not a time of day such as 18:00"))
}

fn parse_tile_url(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.contains("{z}")
        && s.contains("{x}")
        && s.contains("{y}");
    if ok {
        Ok(s.to_owned())
    } else {
        Err("a tile URL starts with http(s):// and contains {z}, {x} and {y}".to_owned())
    }
}

/// An origin (scheme, host, optional port) with nothing after it; the trailing slash is dropped.
fn parse_public_url(s: &str) -> Result<String, String> {
    let s = s.trim_end_matches('/');
    let host = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match host {
        Some(host)
            if !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)) =>
        {
            Ok(s.to_owned())
        }
        _ => Err(
            "a public URL is http(s)://host[:port] with no path, e.g. https://lingong.example.cn"
                .to_owned(),
        ),
    }
}

#[derive(Debug, Args, Clone)]
pub struct SeedArgs {
    /// Number of postings (the benchmark size is 1100000).
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(0..=5_000_000))]
    pub postings: u32,
    /// Number of workers (the benchmark size is 750000).
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(0..=5_000_000))]
    pub workers: u32,
    /// Number of saved searches (the alerts benchmark's size is 7500000: ten for each of 750000 workers),
    /// ten at most per worker; the workers who keep them get accounts.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=50_000_000))]
    pub saved_searches: u32,
    /// Number of employers; postings are shared out among them.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..=500_000))]
    pub employers: u32,
    /// Random seed: the same seed, sizes and anchor date give the same data.
    #[arg(long, default_value_t = 20261124)]
    pub seed: u64,
    /// The day the postings' dates are spread around (default: today in China Standard Time).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub anchor_date: Option<NaiveDate>,
    /// Replace the demo data even when the same load is already in the database.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("lingong-server").chain(args.iter().copied()))
    }

    #[test]
    fn seed_flags_are_bounded_and_typed() {
        assert!(parse(&["seed", "--postings", "1100000", "--workers", "750000"]).is_ok());
        assert!(parse(&["seed", "--postings", "-5"]).is_err());
        assert!(parse(&["seed", "--postings", "lots"]).is_err());
        assert!(parse(&["seed", "--postings", "9000000"]).is_err());
        assert!(parse(&["seed", "--employers", "0"]).is_err());
        assert!(parse(&["seed", "--anchor-date", "2026-13-01"]).is_err());
        assert!(parse(&["seed", "--colour", "red"]).is_err());
    }

    #[test]
    fn serve_needs_a_real_socket_address() {
        assert!(parse(&["serve", "--addr", "127.0.0.1:8080"]).is_ok());
        assert!(parse(&["serve", "--addr", "localhost"]).is_err());
        assert!(parse(&["serve", "--addr", "127.0.0.1:99999"]).is_err());
        assert!(parse(&[
            "serve",
            "--tile-url",
            "https://t0.example.com/{z}/{x}/{y}.png"
        ])
        .is_ok());
        assert!(parse(&["serve", "--tile-url", "tiles"]).is_err());
    }

    #[test]
    fn the_public_url_is_an_origin() {
        assert_eq!(
            parse_public_url("https://lingong.example.cn/").as_deref(),
            Ok("https://lingong.example.cn")
        );
        assert!(parse_public_url("http://127.0.0.1:3000").is_ok());
        assert!(parse_public_url("lingong.example.cn").is_err());
        assert!(parse_public_url("https://a.example/path").is_err());
        assert!(parse_public_url("https://a.example\"><script>").is_err());
    }
}
