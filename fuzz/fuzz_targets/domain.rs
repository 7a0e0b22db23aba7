//! Domain parsing never panics, and a parsed host parses again to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loopio_scim::setup::InstanceDomain;

fuzz_target!(|input: &str| {
    if let Ok(domain) = InstanceDomain::parse(input) {
        let again = InstanceDomain::parse(domain.host()).expect("a normalised host parses");
        assert_eq!(again.host(), domain.host());
        assert!(domain.host().is_ascii() && domain.host().len() <= 253);
    }
});
