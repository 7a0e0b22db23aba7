//! The connection test through a corporate proxy (HTTPS_PROXY), against a fake proxy on
//! loopback that refuses to open the tunnel. Its own test binary: the proxy setting is
//! process-wide.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use loopio_scim::probe::{self, Status, Target, TargetOptions};
use loopio_scim::secret::Secret;
use loopio_scim::setup::Environment;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "lp_scim_proxy_token_8d41e0b2c7";

/// A proxy that records what it is sent and answers every request with 407.
async fn refusing_proxy() -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                record.lock().unwrap().extend_from_slice(&request);
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 407 Proxy Authentication Required\r\n\
                          Proxy-Authenticate: Basic realm=\"corp\"\r\n\
                          Content-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_refusing_proxy_is_named_and_never_sees_the_token() {
    let (proxy, seen) = refusing_proxy().await;
    for var in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        std::env::set_var(var, &proxy);
    }
    for var in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(var);
    }
    // Loopio's real API: through the proxy, the name is never looked up here.
    let target = Target::from_options(&TargetOptions {
        environment: Some(Environment::Production),
        timeout: Some(Duration::from_secs(5)),
        deadline: Some(Duration::from_secs(10)),
        ..Default::default()
    })
    .unwrap();
    let secret = Secret::from_pasted(TOKEN).unwrap().0;
    let report = probe::run(&target, &secret, |_| {}).await;

    // A proxy on this computer's side failed: no verdict on Okta's own test, which runs from
    // Okta's cloud.
    assert_eq!(report.okta_connector_test, Status::Skip);
    let connector = report
        .findings
        .iter()
        .find(|f| f.check == "okta.connector")
        .unwrap();
    assert_eq!(connector.code, "network.proxy", "{connector:#?}");
    assert!(connector.remedy.contains("HTTPS_PROXY"), "{connector:#?}");

    // The proxy was asked to open a tunnel to Loopio's API, and nothing more: the token
    // travels only inside TLS, which never started.
    let seen = String::from_utf8_lossy(&seen.lock().unwrap()).to_string();
    assert!(
        seen.contains("CONNECT api.loopio.com:443"),
        "the proxy was not used: {seen:?}"
    );
    assert!(!seen.contains(TOKEN), "the proxy saw the token: {seen:?}");
    assert!(
        !serde_json::to_string(&report).unwrap().contains(TOKEN),
        "the token is in the report"
    );
}
