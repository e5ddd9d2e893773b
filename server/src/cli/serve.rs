//! `kinoguard serve`: the web app, the device API, the live channel and, when asked for,
//! the metrics listener; with the sweeper and the mailer beside them.

use super::open;
use crate::config::Config;
use crate::routes::router;
use crate::state::AppState;
use anyhow::{Context, Result};
use domain::geo::GeoIp;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

pub async fn serve(config: Config) -> Result<()> {
    let db = open(&config).await?;
    let leptos_options = leptos_options(&config)?;
    let addr = config.addr;
    let geo = GeoIp::open(&config.geoip_db);
    tokio::spawn(sweep_forever(db.clone()));
    match config.mailer.clone() {
        Some(mailer) => {
            tokio::spawn(mailer.run(db.clone()));
        }
        None => println!(
            "Mail is not sent (no KINOGUARD_SMTP_URL): it waits in the outbox, and `kinoguard outbox` shows it."
        ),
    }
    let live = domain::live::LiveHub::start(&db)
        .await
        .context("starting the live channel's events")?;
    let metrics_addr = config.metrics_addr;
    let state = AppState::new(config, db, leptos_options, geo, live);
    let channels = state.live_channels.clone();
    if let Some(metrics_addr) = metrics_addr {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("listening for metrics on {metrics_addr}"))?;
        let metrics = crate::metrics::private_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
        println!("Metrics for Prometheus at http://{metrics_addr}/metrics");
    }
    if state.config.metrics_token.is_some() || metrics_addr.is_some() {
        tokio::spawn(metrics_upkeep());
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!("listening on http://{addr}");
    println!("Kinoguard is running at http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Open live channels never end by themselves; the shutdown would wait forever.
            channels.close_all();
        })
        .await
        .context("serving")?;
    Ok(())
}

/// Folds the latencies recorded since the last scrape into their histograms now and
/// then, so that a scraper that stops coming does not leave them to pile up.
async fn metrics_upkeep() {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        every.tick().await;
        crate::metrics::handle().run_upkeep();
    }
}

/// Deletes expired guesses, TV codes and device cookies every few minutes; several
/// instances sweeping the same database do no harm.
async fn sweep_forever(db: sea_orm::DatabaseConnection) {
    let mut every = tokio::time::interval(domain::sweep::EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match domain::sweep::run(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(rows) => tracing::debug!(rows, "swept expired rows"),
            Err(e) => tracing::warn!(error = %e, "sweeping expired rows failed"),
        }
    }
}

/// Leptos's options from the environment cargo-leptos sets, with this project's defaults.
pub fn leptos_options(config: &Config) -> Result<LeptosOptions> {
    let mut options = leptos::prelude::get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "kinoguard".into();
    }
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = leptos::config::Env::PROD;
    }
    // Unpacked from `make dist`, the site sits beside the binary: found from any directory.
    if let Some(site) = config
        .site_root
        .clone()
        .or_else(|| beside_the_binary("site"))
    {
        options.site_root = site.to_string_lossy().into_owned().into();
    }
    // A release build names its assets by their hash and lists the hashes beside the
    // binary (cargo-leptos's `hash-files`): use them whenever they are there.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
            .is_some_and(|list| list.is_file());
    }
    options.site_addr = config.addr;
    Ok(options)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// `name` in the binary's own folder, when it is there.
pub fn beside_the_binary(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join(name);
    path.exists().then_some(path)
}
