//! The size budget's baseline: a window, the store plugin, and one HTTPS request with reqwest on
//! tokio, so the linker keeps each of them.

#[tauri::command]
async fn fetch(url: String) -> Result<u16, String> {
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| e.to_string())?;
    let answer = client.get(url).send().await.map_err(|e| e.to_string())?;
    Ok(answer.status().as_u16())
}

fn main() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(tauri::generate_handler![fetch])
        .run(tauri::generate_context!())
        .expect("error while running the baseline app");
}
