//! The read-back as an OAuth 2.0 service app: a token from `/oauth2/v1/token` with a
//! `private_key_jwt` client assertion (ES256 and RS256, PEM and JWK), DPoP when the app requires
//! it, a wrong key refused, and neither the key nor any token in any output. Besides the one
//! token request (a POST), every request is a GET.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use loopio_scim::okta::{Credentials, ServiceApp};
use loopio_scim_tests::fake_okta::oauth::DPOP_NONCE;
use loopio_scim_tests::fake_okta::OAuthApp;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};

use super::*;

const CLIENT_ID: &str = "0oaService1app2id3x4";

/// A 2048-bit RSA key made for these tests only (openssl genpkey), PKCS#8 PEM.
const RSA_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC8XsieO9Tz11Rv
plFgSpveK7ONKZZuKZds31MrwAcroktCsOOGQuRre1Ff+p0and6iQMN/vyoeoe6Z
mUFvaUWii8TJqSFYLYwzN7oOaR3g8vGg0tjT7cjUDi9deQ2MCWDgeNsgjED8kBFR
xZ581d4ceojGB+8b4sYS7/Uuxgybshx56RGFgzzw558br3eLRH48Wgs4AIpPcqJ8
RMd6cQgmrti+LFGSABUk9hh/+6gT+vHigh9NSkLEXcOKsz16OUSkzjyjDL3ijGlG
SWoJff9CS28yISR2tw5CTSFBjkhPhBtgZwP+V7Rz4fCwLBf6eXe+TjzEaRAHRkTL
3pqkFbNNAgMBAAECggEAL30NwqZ+10Jv7P3XAhmNFgOabnoPjJI7tJzQkPUGWb++
jX+evJhckaQzLak2tiEaoXkGUExXSAW2604xqu61OXdXEyfqWhqRf9AKvdtORwm4
VL0TIMqPmLZCxqPgAG/U1oJha+Ev+PwxAZZ6kCoypqdVl+ckJrmTCe8otrQDNbTQ
meIoMz7+Wc55v8LKDKh64tRiw0TzpbmPElVZVmzxaINhJTVqtakjE8Z1Gg8Xq9HD
kkcfVBDIe9OUQPKkouvkggzRcZWu0StI+NNkg3ERw6l5kwkEUbYk+sxFwzkWgM6P
1BsBY64opVhJdidqFIyKFUPdkF2zFbl+9t44Aa47WQKBgQDlM7LJGCnTYiOjzYTX
HlpiGa3UNrq89Fss6wdTh/sfUTkwTRjVwRZn8FrRB3pB3DzQtSqDeWVef55wGKA5
iJ0cwDcjpTr5N1zcY8Zne/NJgHFmVXf5GLf2iOJTXHLX5OBNcfroZWzf5Zp8vEz1
wR338oo88xBXoYMigSaCzCfTpwKBgQDSZPD9gUmlKwe6/+FHVzbIoX2s/EHCZ/7P
h7Bde8ymdr68PAuVLenCE/ONny08xXbNacp9sCGPQZ3TXCazKYlyg+o/uLJO5bjs
HLwCSsRcnx/1JSKIQsfr7BiFFCKiACUsb/ls5tyR/8b9uQp70FN+h0fgJLflXxcy
RsvRz1dv6wKBgQDA3JGyWNzI/CmVKdh/0xCmv4jfqvXTDaKy10mg5ilPHt+KXzVo
mEMsTrl8blhXluStkeQmIT5FGAnPtUkNYIEjsjIzklNfZVCEOoi2hzweOzAwtfZv
6nbRwjj/gCk6tWJwiFpitwW4GNG36BKyMD/xZWshAj5cHpHjtN0c7oEMvQKBgAG/
FMEF8baNROMofJY7AxlnPcPR1Dno4xSV68Da5jf7hFnLpcz3NJmH0N28FIQMn4/U
8PlaHO0zfjvi5+9UyO9KaQdeYRyGi6JqGqVqOXcLWxiN1luLMl2i+BEiuabemXBk
/Y0J3YrYtK4mew/MCuVh+hbCN0SQJYElVUvIjNFBAoGAGCFatJI9nZc/olxvumbP
/jcURLRg4zXY9fiGuJJCCfHlhxzwe8dWRo2WCJ6B0y+VXeLo6blI3n+HsH1o9zpm
+PFg+bWFr96uZ2BDRiHBe8nLSOh51heG0mKQtIGgwm9qjtffXvkGBr+SsE4YaGPm
NLs1ZVAGfFiSpSOac7lK4fg=
-----END PRIVATE KEY-----
";

/// A fresh P-256 key: its PKCS#8 PEM and its public point.
fn ec_key() -> (String, Vec<u8>) {
    let rng = SystemRandom::new();
    let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
    let public = EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng)
        .unwrap()
        .public_key()
        .as_ref()
        .to_vec();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        STANDARD.encode(pkcs8.as_ref())
    );
    (pem, public)
}

fn registered(public_key: Vec<u8>, alg: &'static str, require_dpop: bool) -> OrgData {
    let mut data = OrgData::correct();
    data.oauth = Some(OAuthApp {
        client_id: CLIENT_ID.into(),
        public_key,
        alg,
        require_dpop,
        granted_manage: false,
    });
    data
}

/// Runs the read-back as the service app with `key_text`, and checks what must always hold:
/// the key and every issued token are in no output, only the token request is not a GET.
async fn verify_as(data: OrgData, key_text: &str) -> (VerifyReport, FakeOkta) {
    let fake = fake_okta::start(data).await;
    let org = OktaOrg::parse(&fake.url).unwrap();
    let target = okta::target(&org, &[], None, None).unwrap();
    let app = ServiceApp::new(CLIENT_ID, key_text).unwrap();
    let report = okta::verify_with(
        &target,
        Credentials::ServiceApp(&app),
        &by_label(),
        &expected(),
    )
    .await;
    let outputs = [
        serde_json::to_string(&report).unwrap(),
        format!("{report:?}"),
        format!("{app:?}"),
    ];
    let key_body: String = key_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for out in &outputs {
        for line in key_text
            .lines()
            .filter(|l| l.len() > 20 && !l.starts_with("-----"))
        {
            assert!(!out.contains(line), "key in {out}");
        }
        assert!(!out.contains(&key_body[..40.min(key_body.len())]));
        for token in fake.issued.tokens() {
            assert!(!out.contains(&token), "access token in {out}");
        }
    }
    for seen in fake.requests() {
        if seen.path_and_query == "/oauth2/v1/token" {
            assert_eq!(seen.method, "POST");
            assert_eq!(seen.authorization, None, "{seen:?}");
        } else {
            assert_eq!(seen.method, "GET", "{seen:?}");
        }
    }
    (report, fake)
}

fn token_posts(fake: &FakeOkta) -> usize {
    fake.requests()
        .iter()
        .filter(|s| s.method == "POST")
        .count()
}

#[tokio::test]
async fn an_ec_service_app_gets_a_token_and_reads_with_it() {
    let (pem, public) = ec_key();
    let (r, fake) = verify_as(registered(public, "ES256", false), &pem).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
    assert_eq!(token_posts(&fake), 1);
    let issued = fake.issued.tokens();
    assert_eq!(issued.len(), 1);
    let gets: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|s| s.method == "GET")
        .collect();
    assert!(gets.len() >= 5, "{gets:?}");
    for get in gets {
        assert_eq!(get.authorization, Some(format!("Bearer {}", issued[0])));
    }
}

#[tokio::test]
async fn an_rsa_key_as_pem_or_jwk_signs_rs256() {
    let der = STANDARD
        .decode(
            RSA_PEM
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let public = RsaKeyPair::from_pkcs8(&der)
        .unwrap()
        .public()
        .as_ref()
        .to_vec();
    let (r, _) = verify_as(registered(public.clone(), "RS256", false), RSA_PEM).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);

    // The same org with a P-256 JWK, as Okta's admin console makes them.
    let rng = SystemRandom::new();
    let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref().to_vec();
    // The private scalar sits at a fixed offset in ring's PKCS#8 for P-256 (after the 36-byte prefix).
    let d = &pkcs8.as_ref()[36..68];
    let jwk = serde_json::json!({
        "kty": "EC", "crv": "P-256", "kid": "k1",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        "d": URL_SAFE_NO_PAD.encode(d),
    })
    .to_string();
    let (r, _) = verify_as(registered(point, "ES256", false), &jwk).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
}

#[tokio::test]
async fn a_key_okta_does_not_know_is_rejected() {
    let (_, registered_public) = ec_key();
    let (other_pem, _) = ec_key();
    let (r, fake) = verify_as(registered(registered_public, "ES256", false), &other_pem).await;
    assert_eq!(r.verdict, Status::Fail);
    let f = found(&r, "okta.auth.rejected");
    assert!(f.detail.contains("invalid_client"), "{f:#?}");
    assert!(f.location.contains("service app"), "{f:#?}");
    assert!(fake.issued.tokens().is_empty());
    assert_eq!(fake.requests().len(), 1, "no GET without a token");
}

#[tokio::test]
async fn a_service_app_that_requires_dpop_gets_a_bound_token_and_proves_it() {
    let (pem, public) = ec_key();
    let (r, fake) = verify_as(registered(public, "ES256", true), &pem).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
    // Without a proof, with a proof but no nonce, then with the nonce.
    assert_eq!(token_posts(&fake), 3);
    let issued = fake.issued.tokens();
    assert_eq!(issued.len(), 1);
    for get in fake.requests().into_iter().filter(|s| s.method == "GET") {
        assert_eq!(get.authorization, Some(format!("DPoP {}", issued[0])));
    }
    assert!(!serde_json::to_string(&r).unwrap().contains(DPOP_NONCE));
}

/// The window's check as a service app: the key is read from the file path the window gives
/// (it never passes through the window), the token goes to the org only, and a path that cannot
/// be read or a client id that is not one is refused with its code before any request.
#[tokio::test]
async fn the_windows_check_signs_in_as_a_service_app_from_a_key_file() {
    use loopio_scim::app::connection::PracticeState;
    use loopio_scim::app::okta::{run, OktaCheckRequest};
    let (pem, public) = ec_key();
    let fake = fake_okta::start(registered(public, "ES256", true)).await;
    let dir = std::env::temp_dir().join(format!("okta-window-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("service-app.pem");
    std::fs::write(&key, &pem).unwrap();
    let request = |client_id: &str, path: &str| OktaCheckRequest {
        practice: false,
        practice_mistake: None,
        practice_without_app: false,
        org_url: fake.url.clone(),
        token: String::new(),
        client_id: client_id.into(),
        private_key_path: path.into(),
        resolve: Vec::new(),
        ca_file: String::new(),
        app_id: String::new(),
        app_label: fake_okta::APP_LABEL.into(),
        domain: DOMAIN.into(),
        environment: Environment::Production,
        known_roles: ROLES.iter().map(|r| r.to_string()).collect(),
    };
    let state = PracticeState::default();
    // The profile's role names were discovered in Loopio, so they pass (by hand they would warn).
    let saved = loopio_scim::setup::progress::Progress {
        roles_known: ROLES.iter().map(|r| r.to_string()).collect(),
        roles_seen: ROLES.iter().map(|r| r.to_string()).collect(),
        ..Default::default()
    };
    let outcome = run(
        &state,
        request(CLIENT_ID, key.to_str().unwrap()),
        Some(&saved),
    )
    .await
    .unwrap();
    assert_eq!(
        outcome.record.verdict,
        Status::Pass,
        "{:#?}",
        outcome.record.findings
    );
    assert!(outcome.counts_as_progress);
    // DPoP: refused without a proof, asked for a nonce, then the token.
    assert_eq!(token_posts(&fake), 3);
    let saved = serde_json::to_string(&outcome.record).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(!saved.contains(&body[..32]));
    for token in fake.issued.tokens() {
        assert!(!saved.contains(&token));
    }
    let before = fake.requests().len();
    let missing = run(&state, request(CLIENT_ID, "/nonexistent/key.pem"), None).await;
    assert_eq!(missing.err().unwrap().code, "okta.key.unreadable");
    let bad_id = run(&state, request("0oa/../x", key.to_str().unwrap()), None).await;
    assert_eq!(bad_id.err().unwrap().code, "okta.client_id.invalid");
    assert_eq!(fake.requests().len(), before, "refused before any request");
    std::fs::remove_dir_all(&dir).ok();
}
