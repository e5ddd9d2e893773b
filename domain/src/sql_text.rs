//! The SQL text of the queries every signed-in page makes, built once per backend.
//!
//! SeaORM builds a query's text from its expression tree on every run: for the session
//! lookup, the profile list and the live-session count together, about as many
//! instructions as a tenth of the whole Account page. Their text never changes, only
//! the values bound to it, so it is built once from the same SeaORM query and kept.
//! Each cached query has a test that its statement equals the one SeaORM builds.

use sea_orm::{DbBackend, Statement, Value};
use std::sync::OnceLock;

pub(crate) struct SqlText {
    sqlite: OnceLock<String>,
    postgres: OnceLock<String>,
}

impl SqlText {
    pub(crate) const fn new() -> Self {
        Self {
            sqlite: OnceLock::new(),
            postgres: OnceLock::new(),
        }
    }

    /// The statement `build` makes for `backend`, with `values` bound in place of the ones
    /// it was built with: they must be the values `build` binds, in its order.
    pub(crate) fn bind(
        &self,
        backend: DbBackend,
        build: impl FnOnce() -> Statement,
        values: impl IntoIterator<Item = Value>,
    ) -> Statement {
        let text = match backend {
            DbBackend::Sqlite => &self.sqlite,
            DbBackend::Postgres => &self.postgres,
            // Not a backend Kinoguard runs on: built every time, as SeaORM would.
            _ => return Statement::from_sql_and_values(backend, build().sql, values),
        };
        let sql = text.get_or_init(|| build().sql);
        Statement::from_sql_and_values(backend, sql.as_str(), values)
    }
}
