//! A migrated database and nothing else, for tests of the queue and of queries alone: no
//! router, no providers, no job workers, so it starts in milliseconds.

use std::future::Future;

use app::auth::db::{create_user, NewUser};
use app::infra::Db;

use super::{drop_postgres, fresh_postgres, Backend};

pub struct TestDb {
    pub db: Db,
    pub backend: Backend,
    /// For a second connection pool on the same database (a second server process).
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    /// A fresh, migrated database; `None` when PostgreSQL is unreachable outside CI.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = match backend {
            Backend::Sqlite => {
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display())
            }
            Backend::Postgres => fresh_postgres().await?,
        };
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        Some(TestDb {
            db,
            backend,
            url,
            _dir: dir,
        })
    }

    /// A user row (jobs and most tables belong to one); returns its id.
    pub async fn user(&self, email: &str) -> String {
        let new = NewUser {
            email: email.into(),
            password_hash: "not-a-hash".into(),
            first_name: String::new(),
            last_name: String::new(),
            artist_name: String::new(),
            language: None,
        };
        create_user(&self.db, new, false).await.expect("user").id
    }

    pub async fn stop(self) {
        self.db.pool.close().await;
        if let Backend::Postgres = self.backend {
            drop_postgres(&self.url).await;
        }
    }
}

/// Runs a test body against a database of one backend, then drops it.
pub async fn run_db<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = TestDb>,
{
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    body(db).await.stop().await;
}
