use clap::Parser;
use server::cli::{Cli, run};
use std::process::ExitCode;

// A page allocates and frees a few thousand times, across the runtime's threads and
// SQLite's worker threads; glibc's allocator spent about a sixth of a loaded server's time
// in its arenas and their locks (perf, BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.settings.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    server::logging::init(config.log_format, config.log_filter.as_deref());
    match run(cli.command, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
