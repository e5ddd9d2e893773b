//! Passwords: the policy a new password must meet, and argon2id hashing run off the async
//! runtime, on threads of its own at a lower priority.

use crate::error::{DomainError, Problem, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::{Semaphore, oneshot};

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;
/// Anything longer is refused before it is even counted in characters, so a 1 MB body
/// costs nothing.
const MAX_BYTES: usize = MAX_CHARS * 4;

/// A password as typed at sign-in or re-authentication: non-empty and bounded.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.is_empty() {
            return Err(DomainError::invalid(Problem::PasswordMissing));
        }
        if raw.len() > MAX_BYTES || raw.chars().count() > MAX_CHARS {
            return Err(DomainError::invalid(Problem::PasswordTooLong {
                max: MAX_CHARS,
            }));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A password that meets the policy for new passwords: 8 to 128 characters, not on the
/// list of common passwords. No composition rules (ASVS 6.2.5).
#[derive(Clone, Debug)]
pub struct NewPassword(Password);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self> {
        let password = Password::parse(raw).map_err(|e| match e {
            DomainError::Invalid(_) if raw.is_empty() => {
                DomainError::invalid(Problem::NewPasswordMissing { min: MIN_CHARS })
            }
            other => other,
        })?;
        if raw.chars().count() < MIN_CHARS {
            return Err(DomainError::invalid(Problem::PasswordTooShort {
                min: MIN_CHARS,
            }));
        }
        if is_common(raw) {
            return Err(DomainError::invalid(Problem::PasswordCommon));
        }
        Ok(Self(password))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

fn is_common(raw: &str) -> bool {
    use passwords::analyzer::is_common_password;
    is_common_password(raw) || is_common_password(raw.to_lowercase())
}

/// Argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes and verifies on threads of its own, half the cores of them (at least one), each
/// at a lower scheduling priority than the threads that serve pages ([`HASHING_NICENESS`]).
/// A flood of sign-ins, which is mostly hashing, then waits its turn and takes only the CPU
/// the pages leave, instead of half of it (`make bench-pages` measures the p99 of a
/// signed-in page during one).
#[derive(Clone)]
pub struct PasswordHasher {
    /// Held from the queue until the result: a sign-in abandoned while it waits never
    /// reaches a hashing thread.
    permits: Arc<Semaphore>,
    /// Verifications and hashes waiting for a hashing thread (the metrics show it).
    queued: Arc<AtomicUsize>,
    jobs: mpsc::Sender<Job>,
    /// Verified against when the account does not exist, so timing does not tell.
    dummy_hash: Arc<str>,
}

type Job = Box<dyn FnOnce() + Send>;

/// How much less the hashing threads weigh than the rest (Linux `nice`): at 10 the
/// scheduler gives a busy page-serving thread about nine times a hashing thread's share.
/// Hashing still gets every cycle nobody else wants, so sign-ins are only slower while the
/// machine is saturated.
pub const HASHING_NICENESS: i32 = 10;

impl PasswordHasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::with_concurrency(cores / 2)
    }

    pub fn with_concurrency(permits: usize) -> Self {
        let permits = permits.max(1);
        let dummy = hash_blocking("kinoguard dummy password for unknown accounts")
            .expect("hashing a constant cannot fail");
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..permits {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || hashing_thread(&queue))
                .expect("start a password hashing thread");
        }
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            queued: Arc::new(AtomicUsize::new(0)),
            jobs,
            dummy_hash: dummy.into(),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_owned();
        self.run(move || hash_blocking(&password)).await?
    }

    pub async fn verify(&self, password: &str, phc: &str) -> Result<bool> {
        let password = password.to_owned();
        let phc = phc.to_owned();
        self.run(move || verify_blocking(&password, &phc)).await
    }

    /// Spends the same work as a real verification and always fails.
    pub async fn verify_dummy(&self, password: &str) -> Result<bool> {
        let dummy = self.dummy_hash.clone();
        self.verify(password, &dummy).await.map(|_| false)
    }

    /// How many verifications and hashes wait for a hashing thread right now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let _permit = {
            // Counted off again however the wait ends, abandoned included.
            let _waiting = Waiting::enter(&self.queued);
            self.permits
                .acquire()
                .await
                .map_err(|_| DomainError::Internal("hasher closed".into()))?
        };
        let (done, result) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                // A panicking job fails its own request, not the thread that runs it.
                if let Ok(value) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
                    let _ = done.send(value);
                }
            }))
            .map_err(|_| DomainError::Internal("the hashing threads are gone".into()))?;
        result
            .await
            .map_err(|_| DomainError::Internal("a hashing job failed".into()))
    }
}

/// One place in the hasher's queue, given back when dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(queued: &'a AtomicUsize) -> Self {
        queued.fetch_add(1, Ordering::Relaxed);
        Self(queued)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Runs jobs until every [`PasswordHasher`] clone is dropped.
fn hashing_thread(queue: &Mutex<mpsc::Receiver<Job>>) {
    lower_this_threads_priority();
    loop {
        // The lock is held only while waiting for a job, never while running one.
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // SAFETY: plain system calls about the calling thread itself; no memory is shared.
    let rc = unsafe {
        let me = libc::gettid() as libc::id_t;
        // Relative to what the thread inherited, since an unprivileged process may only
        // ever lower its priority.
        let inherited = libc::getpriority(libc::PRIO_PROCESS, me);
        libc::setpriority(
            libc::PRIO_PROCESS,
            me,
            (inherited + HASHING_NICENESS).min(19),
        )
    };
    if rc != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            "password hashing runs at the pages' priority"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("argon2: {e}")))
}

fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        // Verification uses the parameters stored in the hash, so older hashes keep working.
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_queue_counts_what_waits_for_a_hashing_thread() {
        let hasher = PasswordHasher::with_concurrency(1);
        assert_eq!(hasher.queued(), 0);
        let jobs: Vec<_> = (0..3)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.hash("a password to hash").await })
            })
            .collect();
        // One hashes on the only thread; the other two wait their turn.
        let mut most = 0;
        while !jobs.iter().all(|j| j.is_finished()) {
            most = most.max(hasher.queued());
            tokio::task::yield_now().await;
        }
        assert_eq!(most, 2);
        assert_eq!(hasher.queued(), 0);
    }

    #[test]
    fn new_password_policy() {
        assert!(NewPassword::parse("correct horse battery").is_ok());
        assert!(NewPassword::parse(&"é".repeat(MAX_CHARS)).is_ok());
        let problem = |raw: &str| match NewPassword::parse(raw) {
            Err(DomainError::Invalid(problem)) => problem,
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(problem("s3cr3t!"), Problem::PasswordTooShort { min: 8 });
        assert_eq!(problem("password123"), Problem::PasswordCommon);
        assert!(
            NewPassword::parse("PASSWORD123").is_err(),
            "case variants of common passwords"
        );
        assert!(NewPassword::parse("").is_err());
        assert_eq!(
            problem(&"x".repeat(MAX_CHARS + 1)),
            Problem::PasswordTooLong { max: 128 }
        );
    }

    #[test]
    fn a_megabyte_password_is_refused_up_front() {
        let huge = "a".repeat(1 << 20);
        assert!(Password::parse(&huge).is_err());
    }

    #[test]
    fn passwords_never_print() {
        let p = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let hasher = PasswordHasher::with_concurrency(1);
        let phc = hasher.hash("correct horse battery").await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(hasher.verify("correct horse battery", &phc).await.unwrap());
        assert!(!hasher.verify("correct horse batterY", &phc).await.unwrap());
        assert!(!hasher.verify("x", "not a phc string").await.unwrap());
        assert!(!hasher.verify_dummy("anything").await.unwrap());
    }

    /// A job that panics fails its own request; the one hashing thread keeps serving.
    #[tokio::test]
    async fn a_panicking_job_fails_alone() {
        let hasher = PasswordHasher::with_concurrency(1);
        let failed = hasher.run(|| -> u8 { panic!("a job that panics") }).await;
        assert!(failed.is_err(), "the panicking job reports an error");
        assert_eq!(
            hasher.run(|| 7).await.unwrap(),
            7,
            "the next job still runs"
        );
    }

    /// A flood of sign-ins must not compete with pages on equal terms.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_runs_below_the_priority_of_everything_else() {
        fn niceness() -> i32 {
            // SAFETY: reads the calling thread's own scheduling priority.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
        }
        let hasher = PasswordHasher::with_concurrency(2);
        let here = niceness();
        for _ in 0..4 {
            let there = hasher.run(niceness).await.unwrap();
            assert_eq!(
                there,
                (here + HASHING_NICENESS).min(19),
                "hashing thread's niceness"
            );
        }
    }
}
