// The database tests embed the server's migrations (`#[sqlx::test(migrations = …)]`); rebuild them
// when a migration changes.
fn main() {
    println!("cargo:rerun-if-changed=../server/migrations");
}
