//! SAML SP metadata from an untrusted server: the check never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loopio_scim::probe::checks::check_metadata;

fuzz_target!(|xml: &[u8]| {
    let _ = check_metadata(xml, "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp");
});
