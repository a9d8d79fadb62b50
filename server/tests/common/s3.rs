//! A real S3-compatible server for the tests: `s3s-fs` (from the crate registry) serving a
//! temporary directory over HTTP, started in this test process on its own thread and runtime
//! so it outlives every test's runtime. The PostgreSQL variant of every test stores its files
//! here; storage tests start their own to switch it off and on.

use std::sync::OnceLock;

use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

pub const ACCESS_KEY: &str = "aitb-test-access";
pub const SECRET_KEY: &str = "aitb-test-secret-0123456789";

pub struct S3Server {
    pub endpoint: String,
    /// Where the buckets live (a directory per bucket).
    pub root: std::path::PathBuf,
    up: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

impl S3Server {
    /// A new server on a free port.
    pub fn start() -> S3Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        let (up, up_rx) = tokio::sync::watch::channel(true);
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let fs_root = root.clone();
        std::thread::Builder::new()
            .name("s3s-fs".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(serve(fs_root, up_rx, port_tx));
            })
            .expect("spawn the S3 server thread");
        let port = port_rx.recv().expect("S3 server port");
        S3Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            root,
            up,
            _dir: dir,
        }
    }

    /// The one server the PostgreSQL test apps share (a bucket each).
    pub fn shared() -> &'static S3Server {
        static SHARED: OnceLock<S3Server> = OnceLock::new();
        SHARED.get_or_init(S3Server::start)
    }

    /// Switches the server off (open connections are cut, new ones closed at once) or on.
    pub fn set_available(&self, available: bool) {
        self.up.send_replace(available);
    }

    /// The configuration variables for `bucket` on this server.
    pub fn vars(&self, bucket: &str) -> Vec<(String, String)> {
        vec![
            ("S3_ENDPOINT".into(), self.endpoint.clone()),
            ("S3_BUCKET".into(), bucket.into()),
            ("S3_REGION".into(), "us-east-1".into()),
            ("S3_ACCESS_KEY".into(), ACCESS_KEY.into()),
            ("S3_SECRET_KEY".into(), SECRET_KEY.into()),
        ]
    }

    /// The objects of a bucket as files (s3s-fs keeps one file per key).
    pub fn files(&self, bucket: &str) -> Vec<String> {
        let base = self.root.join(bucket);
        let mut out = Vec::new();
        let mut dirs = vec![base.clone()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(rel) = path.strip_prefix(&base) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        out.sort();
        out
    }
}

/// A fresh bucket name (S3 rules: lowercase letters and digits, 3 to 63 characters).
pub fn bucket_name() -> String {
    format!("t{}", uuid::Uuid::new_v4().simple())
}

async fn serve(
    root: std::path::PathBuf,
    up: tokio::sync::watch::Receiver<bool>,
    port: std::sync::mpsc::Sender<u16>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder as ConnBuilder;

    let fs = s3s_fs::FileSystem::new(root).expect("s3s-fs root");
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the S3 server");
    let _ = port.send(listener.local_addr().expect("address").port());
    let http = ConnBuilder::new(TokioExecutor::new());
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            continue;
        };
        if !*up.borrow() {
            drop(socket);
            continue;
        }
        let conn = http
            .serve_connection(TokioIo::new(socket), service.clone())
            .into_owned();
        let mut down = up.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                _ = down.wait_for(|available| !available) => {}
            }
        });
    }
}
