//! Runs the real app under `tauri-driver` (which drives WebKitWebDriver, which starts the app).
//!
//! Every run gets its own XDG folders, so a test never reads or writes the user's real data, and
//! two runs sharing a folder see each other's saved progress (the restart test relies on it).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// The app binary under test: `LOOPIO_APP_BIN`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("LOOPIO_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug/loopio-scim-assistant")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn wait_for_port(port: u16, deadline: Duration) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// A running tauri-driver with its own data folders.
pub struct Driver {
    child: Child,
    port: u16,
    pub home: PathBuf,
}

/// Name of the output log in the test's home folder (see [`Driver::output_log`]).
pub const OUTPUT_LOG: &str = "driver-output.log";

impl Driver {
    /// Starts tauri-driver with XDG folders under `home`, and waits until both it and the
    /// WebKitWebDriver it starts listen: creating a session before the second one is up fails
    /// with "Remote end closed connection".
    pub fn start(home: &Path) -> Driver {
        Self::start_with_env(home, &[])
    }

    /// As [`Driver::start`], with extra environment variables for the app (e.g. `GTK_THEME`).
    pub fn start_with_env(home: &Path, env: &[(&str, &str)]) -> Driver {
        for sub in ["data", "config", "cache", "runtime"] {
            std::fs::create_dir_all(home.join(sub)).expect("create XDG folder");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(
                home.join("runtime"),
                std::fs::Permissions::from_mode(0o700),
            );
        }
        let output = std::fs::File::create(home.join(OUTPUT_LOG)).expect("create the output log");
        let port = free_port();
        let native_port = free_port();
        let driver = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let mut command = Command::new(&driver);
        // Its own process group, so that dropping the driver also ends the WebKitWebDriver and
        // app processes it started (they would otherwise outlive the test holding its output).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            .envs(env.iter().copied())
            // Everything the driver, WebKitWebDriver and the app print goes to a file in `home`,
            // so the tests' token greps cover the app's output too. Shown if a test fails.
            .stdout(Stdio::from(output.try_clone().expect("output log")))
            .stderr(Stdio::from(output))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start {driver:?} (cargo install tauri-driver --locked): {e}")
            });
        let mut driver = Driver {
            child,
            port,
            home: home.to_path_buf(),
        };
        let up = wait_for_port(port, Duration::from_secs(30))
            && wait_for_port(native_port, Duration::from_secs(30));
        if !up {
            let _ = driver.child.kill();
            panic!("tauri-driver did not listen on {port} and {native_port} within 30 s");
        }
        driver
    }

    /// Opens the app in a new window and returns a WebDriver session on it.
    pub async fn session(&self) -> Client {
        let app = app_binary();
        assert!(
            app.exists(),
            "build the app first: {} is missing",
            app.display()
        );
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.to_string_lossy() }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the app")
    }

    /// The file that holds everything tauri-driver, WebKitWebDriver and the app printed.
    pub fn output_log(&self) -> PathBuf {
        self.home.join(OUTPUT_LOG)
    }

    /// The app's data folder (where tauri-plugin-store keeps progress.json).
    pub fn app_data_dir(&self) -> PathBuf {
        app_data_dir(&self.home)
    }
}

/// The app's data folder for a driver started with `home`: known before the driver starts, so
/// a test can put files there first.
pub fn app_data_dir(home: &Path) -> PathBuf {
    home.join("data").join(loopio_scim::IDENTIFIER)
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            if let Ok(output) = std::fs::read_to_string(self.output_log()) {
                eprintln!("--- output of tauri-driver, WebKitWebDriver and the app ---\n{output}");
            }
        }
    }
}
