//! `mock-providers [ADDR]`: serves the mock OpenAI, Ollama and Mureka APIs (default
//! 127.0.0.1:8090).

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".into());
    let addr = match addr.parse() {
        Ok(a) => a,
        Err(_) => {
            eprintln!("usage: mock-providers [HOST:PORT]");
            std::process::exit(2);
        }
    };
    match mock::start(addr, mock::MockConfig::default()).await {
        Ok(server) => {
            println!(
                "mock providers at {} (OpenAI: {}/v1, Ollama and Mureka: {})",
                server.base_url, server.base_url, server.base_url
            );
            let _ = tokio::signal::ctrl_c().await;
        }
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    }
}
