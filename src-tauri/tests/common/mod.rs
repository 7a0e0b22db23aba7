//! What the command line's integration tests share: the real binary run as a script runs it,
//! and the practice tenant it serves (`simulate`) to run it against.

// Each test crate includes this module and uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_loopio-scim-assistant");

/// The environment variable the tests give the SCIM token in (`--token-env SCIM_TOKEN`).
pub const TOKEN_VAR: &str = "SCIM_TOKEN";

/// Runs the binary with `args` and the environment `envs`: exit code, stdout, stderr.
pub fn run(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .expect("run the binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `subcommand args` with `token` in [`TOKEN_VAR`].
pub fn run_with_token(subcommand: &str, args: &[&str], token: &str) -> (i32, String, String) {
    let argv: Vec<&str> = std::iter::once(subcommand)
        .chain(args.iter().copied())
        .collect();
    run(&argv, &[(TOKEN_VAR, token)])
}

/// The `simulate` process (the practice tenant), killed when dropped (also when an assertion
/// fails).
pub struct Tenant {
    child: std::process::Child,
    /// Its SCIM base URL.
    pub url: String,
}

impl Tenant {
    /// Starts `simulate`, accepting `token`, and waits for its base URL.
    pub fn start(token: &str) -> Tenant {
        let mut child = Command::new(BIN)
            .args(["simulate", "--token-env", "PRACTICE_TOKEN"])
            .env("PRACTICE_TOKEN", token)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .trim()
            .strip_prefix("Practice tenant at ")
            .expect(&first)
            .to_string();
        Tenant { child, url }
    }
}

impl Drop for Tenant {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
