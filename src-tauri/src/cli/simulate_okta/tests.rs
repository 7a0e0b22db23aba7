//! `simulate-okta` served in-process: what it prints is enough to run `verify-okta`,
//! `apply-okta` and `undo-okta` against it, as printed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;

use super::*;
use crate::cli::{run, Cli, Command};

/// Output the server thread writes and the test reads while it runs.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A running `simulate-okta ARGS`, stopped when dropped.
struct Served {
    printed: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<i32, CliError>>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn parse(args: &[&str]) -> Command {
    let argv = ["loopio-scim-assistant"]
        .into_iter()
        .chain(args.iter().copied());
    Cli::try_parse_from(argv)
        .expect("arguments parse")
        .command
        .unwrap()
}

fn serve(args: &[&str]) -> Served {
    let argv: Vec<&str> = ["simulate-okta"].iter().chain(args).copied().collect();
    let Command::SimulateOkta(args) = parse(&argv) else {
        panic!("not simulate-okta")
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let out = Shared::default();
    let mut writer = out.clone();
    let thread = std::thread::spawn(move || {
        serve_until(args, &mut writer, async {
            let _ = rx.await;
        })
    });
    let started = Instant::now();
    loop {
        let printed = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        if printed.contains("Stop it with Ctrl+C.") {
            return Served {
                printed,
                stop: Some(tx),
                thread: Some(thread),
            };
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{printed}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Splits a printed command line as a shell would (double quotes only); `> FILE` at the end is
/// returned apart.
fn words(line: &str) -> (Vec<String>, Option<String>) {
    let (command, file) = match line.split_once(" > ") {
        Some((c, f)) => (c, Some(f.trim().to_string())),
        None => (line, None),
    };
    let mut words = Vec::new();
    let (mut word, mut quoted) = (String::new(), false);
    for ch in command.trim().chars() {
        match ch {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(ch),
        }
    }
    words.push(word);
    (words, file)
}

/// Runs one printed `loopio-scim-assistant ...` line (in `dir`, for its files): the exit code
/// and what it printed.
fn run_printed(line: &str, dir: &std::path::Path) -> (i32, String) {
    let (words, file) = words(line);
    assert_eq!(words[0], "loopio-scim-assistant", "{line}");
    let words: Vec<String> = words[1..]
        .iter()
        .map(|w| match w.as_str() {
            "applied.json" => dir.join(w).display().to_string(),
            _ => w.clone(),
        })
        .collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(parse(&refs), &mut out, &mut err);
    let out = String::from_utf8(out).unwrap();
    if let Some(file) = file {
        std::fs::write(dir.join(file), &out).unwrap();
    }
    (code, format!("{out}{}", String::from_utf8(err).unwrap()))
}

/// The printed example commands, in order.
fn examples(printed: &str) -> Vec<&str> {
    printed
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("loopio-scim-assistant "))
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("simulate-okta-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_printed_commands_check_the_practice_app_and_create_and_undo_a_missing_one() {
    std::env::set_var("OKTA_TOKEN", PRACTICE_OKTA_TOKEN);
    let served = serve(&[
        "--without-app",
        "--domain",
        "https://Globex.loopio.com/home",
    ]);
    let printed = &served.printed;
    assert!(
        printed.contains("export OKTA_TOKEN=practice-okta-token-"),
        "{printed}"
    );
    assert!(
        printed.contains("set up for globex.loopio.com"),
        "{printed}"
    );
    let dir = temp_dir("without-app");
    let [verify, apply, undo] = examples(printed)[..] else {
        panic!("three examples: {printed}")
    };
    // No app yet: the check says so, the apply creates it (manual steps pending: exit 3), the
    // check then finds it, and the undo removes it again.
    let (code, text) = run_printed(verify, &dir);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("okta.app.not_found"), "{text}");
    let (code, text) = run_printed(apply, &dir);
    assert_eq!(code, 3, "{text}");
    let (code, text) = run_printed(verify, &dir);
    assert!(!text.contains("okta.app.not_found"), "{code}: {text}");
    let (code, text) = run_printed(undo, &dir);
    assert_eq!(code, 0, "{text}");
    let (_, text) = run_printed(verify, &dir);
    assert!(text.contains("okta.app.not_found"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_practice_app_passes_the_check_and_a_planted_mistake_is_named() {
    std::env::set_var("OKTA_TOKEN", PRACTICE_OKTA_TOKEN);
    let dir = temp_dir("mistake");
    let served = serve(&[]);
    assert!(
        served.printed.contains(PRACTICE_APP_ID),
        "{}",
        served.printed
    );
    let (code, text) = run_printed(examples(&served.printed)[0], &dir);
    assert_eq!(code, 0, "{text}");
    drop(served);

    let served = serve(&["--mistake", "audience", "--environment", "sandbox"]);
    assert!(
        served.printed.contains("okta.saml.audience"),
        "{}",
        served.printed
    );
    let verify = examples(&served.printed)[0];
    assert!(verify.contains("--environment sandbox"), "{verify}");
    let (code, text) = run_printed(verify, &dir);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("okta.saml.audience"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_domain_is_refused_before_listening() {
    let Command::SimulateOkta(args) = parse(&["simulate-okta", "--domain", "api.loopio.com"])
    else {
        panic!()
    };
    let mut out = Vec::new();
    let result = serve_until(args, &mut out, async {});
    assert!(matches!(result, Err(CliError::BadInput(_))));
    assert!(out.is_empty());
}

#[test]
fn both_practice_servers_take_the_same_port_flag_and_the_domain_has_a_default() {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let mut help = |name: &str| {
        let sub = cli.find_subcommand_mut(name).unwrap();
        sub.render_help().to_string()
    };
    let port = "Port on 127.0.0.1 (0 picks a free one) [default: 0]";
    let (simulate, okta) = (help("simulate"), help("simulate-okta"));
    assert!(simulate.contains(port), "{simulate}");
    assert!(okta.contains(port), "{okta}");
    assert!(okta.contains("[default: acme.loopio.com]"), "{okta}");
    assert!(okta.contains("[possible values: audience]"), "{okta}");
}
