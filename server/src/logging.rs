//! Where log lines go and how they read: text for a person at a terminal, JSON lines
//! (`KINOGUARD_LOG_FORMAT=json`) for a log collector. Either way a request's lines carry
//! the fields of its span (method, route, client, request id: see `access_log`).

use std::io::{IsTerminal, Write};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("{other:?} is neither text nor json")),
        }
    }
}

/// What is logged unless `RUST_LOG` says otherwise: the access log and the service's own
/// news, without the database drivers' statement lines.
const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn";

/// Installs the process's subscriber, writing to standard error.
pub fn init(format: LogFormat, filter: Option<&str>) {
    // Colours only for a person at a terminal, never into a journal or a file.
    install(
        format,
        filter,
        std::io::stderr().is_terminal(),
        std::io::stderr,
    );
}

/// Installs a subscriber writing to `writer` for the current thread only, until the guard
/// is dropped: how a test reads the lines of its own requests.
pub fn capture<W>(format: LogFormat, writer: W) -> tracing::subscriber::DefaultGuard
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(DEFAULT_FILTER))
        .with_ansi(false)
        .with_writer(writer);
    match format {
        LogFormat::Text => tracing::subscriber::set_default(builder.finish()),
        LogFormat::Json => tracing::subscriber::set_default(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        ),
    }
}

fn install<W>(format: LogFormat, filter: Option<&str>, ansi: bool, writer: W)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| DEFAULT_FILTER.into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(writer);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        // One object per line; the request's span fields under "span".
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    if let Err(e) = installed {
        let _ = writeln!(std::io::stderr(), "logging was already set up: {e}");
    }
}
