fn main() {
    #[cfg(feature = "gui")]
    tauri_build::build()
}
