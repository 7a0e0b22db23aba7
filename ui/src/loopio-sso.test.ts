import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import type { SavedOktaCheck } from "./bindings/SavedOktaCheck";
import { $, settle, start } from "./test-support";
import { emptyProgress } from "./wizard";

const at = (more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: "acme.loopio.com",
  current_step: "loopio_sso",
  ...more,
});

const check = (practice: boolean): SavedOktaCheck => ({
  at_unix: 1_795_000_000,
  org: "https://acme.okta.com",
  practice,
  app_id: "0oa1loopio",
  app_label: "Loopio",
  app_name: "acme_loopio_1",
  verdict: "pass",
  headline: "Your Okta app matches what the wizard generated.",
  findings: [],
  idp: {
    entity_id: "http://www.okta.com/exk1loopio",
    sso_url: "https://acme.okta.com/app/acme_loopio_1/exk1loopio/sso/saml",
    certificate_sha256: "AB:CD:EF:01",
    certificate_not_after: "2036-01-01T00:00:00Z",
    metadata_url: "https://acme.okta.com/app/exk1loopio/sso/saml/metadata",
    certificate_pem: "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n",
  },
  reached: true,
  offers_fix: false,
  offers_create: false,
});

describe("Loopio's SSO settings", () => {
  it("comes right after the SAML settings and says where to copy the values in Okta when none were read", async () => {
    await start(at());
    const ids = [...document.querySelectorAll(".steps li")].map((li) => li.getAttribute("data-step"));
    expect(ids.indexOf("loopio_sso")).toBe(ids.indexOf("configure_saml") + 1);
    expect($("#step-title").textContent).toBe("Loopio's SSO settings");
    expect($("#idp-where").textContent).toContain("Sign On tab");
    expect(document.querySelector("#idp-values")).toBeNull();
    // The tick is about Loopio, not Okta.
    expect($('label[for="step-done"]').textContent).toBe("I have entered these in Loopio");
  });

  it("shows the values read from the admin's Okta app, with copy buttons and the certificate's reminder", async () => {
    const { copies } = await start(at({ last_okta_check: check(false) }));
    expect($("#idp-source").textContent).toContain("https://acme.okta.com, app Loopio");
    expect($("#idp-entity-id-text").textContent).toBe("http://www.okta.com/exk1loopio");
    expect($("#idp-certificate-expiry").textContent).toContain("2036-01-01");
    expect(document.querySelector("#export-cert-reminder")).not.toBeNull();
    expect(document.querySelector("#idp-where")).toBeNull();
    ($("#idp-sso-url button.copy") as HTMLButtonElement).click();
    await settle();
    expect(copies).toContain("https://acme.okta.com/app/acme_loopio_1/exk1loopio/sso/saml");
  });

  it("labels the practice Okta's values as an example and still says where the real ones are", async () => {
    await start(at({ last_okta_check: check(true) }));
    expect($("#idp-source").textContent).toContain("the practice Okta");
    expect($("#idp-values").textContent).toContain("not values to use");
    expect(document.querySelector("#export-cert-reminder")).toBeNull();
    expect($("#idp-where").textContent).toContain("Sign On tab");
    expect($("#idp-where").textContent).toContain("not your app's: do not enter them in Loopio");
  });
});
