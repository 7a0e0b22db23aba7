//! Token hygiene never panics; what it keeps is a valid header value, and cleaning is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loopio_scim::secret::Secret;

fuzz_target!(|input: &str| {
    if let Ok((secret, _)) = Secret::from_pasted(input) {
        let header = secret.authorization_header();
        let token = header.strip_prefix("Bearer ").expect("the header starts with Bearer");
        assert!(token.bytes().all(|b| b.is_ascii_graphic()));
        let (again, notes) = Secret::from_pasted(token).expect("a cleaned token is accepted");
        assert_eq!(again.authorization_header().as_str(), header.as_str());
        assert!(notes.is_empty(), "cleaning a clean token changed it: {notes:?}");
        // Redaction does not depend on the token at all (checking that the output does not
        // contain the token would fail for tokens that are pieces of "[redacted]").
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(format!("{secret}"), "[redacted]");
    }
});
