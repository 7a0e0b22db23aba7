//! The command line run in-process, as a script runs it, against servers on their own runtime
//! (the CLI makes, and blocks on, its own): what the `*_cli` tests share.

use clap::Parser;
use loopio_scim::cli::{run, Cli};

use crate::fake_okta::{self, FakeOkta, OrgData};

/// A runtime for the servers the CLI talks to, kept alive by the test (one worker is plenty).
pub fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// The fake Okta serving `data`, on its own runtime.
pub fn serve_fake_okta(data: OrgData) -> (tokio::runtime::Runtime, FakeOkta) {
    let rt = server_runtime();
    let fake = rt.block_on(fake_okta::start(data));
    (rt, fake)
}

/// `loopio-scim-assistant ARGS...` in-process: the exit code (clap's own for a usage error, with
/// its message as stderr), stdout and stderr.
pub fn run_cli<'a>(args: impl IntoIterator<Item = &'a str>) -> (i32, String, String) {
    let argv = std::iter::once("loopio-scim-assistant").chain(args);
    match Cli::try_parse_from(argv) {
        Err(e) => (e.exit_code(), String::new(), e.to_string()),
        Ok(parsed) => {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = run(parsed.command.expect("a subcommand"), &mut out, &mut err);
            let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
            (code, text(out), text(err))
        }
    }
}

/// Fails when any of `secrets` is in any of `outputs`.
pub fn assert_no_secret(outputs: &[&str], secrets: &[&str]) {
    for secret in secrets {
        assert!(
            outputs.iter().all(|o| !o.contains(secret)),
            "a token is in the output"
        );
    }
}

/// A fresh P-256 key as PKCS#8 PEM, and its public point for the fake's service app.
pub fn service_key() -> (String, Vec<u8>) {
    use base64::Engine;
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING as P256};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&P256, &rng).unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(&P256, pkcs8.as_ref(), &rng).unwrap();
    let body = base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref());
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
    (pem, pair.public_key().as_ref().to_vec())
}
