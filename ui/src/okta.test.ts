import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import type { SavedOktaCheck } from "./bindings/SavedOktaCheck";
import { $, fakeBackend, GOOD_KEY_PATH, GOOD_OKTA_TOKEN, settle, start } from "./test-support";
import { OktaPanel } from "./okta";
import { emptyProgress } from "./wizard";

const at = (more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: "  https://ACME.loopio.com/home ",
  current_step: "okta_check",
  ...more,
});

function set(sel: string, value: string) {
  ($(sel) as HTMLInputElement).value = value;
}

function choosePractice() {
  const practice = $("#okta-source-practice") as HTMLInputElement;
  practice.checked = true;
  practice.dispatchEvent(new Event("change", { bubbles: true }));
}

async function check() {
  ($("#run-okta-check") as HTMLButtonElement).click();
  await settle();
}

describe("Check your Okta app", () => {
  it("comes right after the roles mapping, with labelled fields and the app label Loopio by default", async () => {
    await start(at());
    expect($("#step-title").textContent).toContain("Check your Okta app");
    for (const id of ["okta-org", "okta-token", "okta-app-label", "okta-app-id"]) {
      expect(document.querySelector(`label[for="${id}"]`), id).not.toBeNull();
    }
    expect(($("#okta-app-label") as HTMLInputElement).value).toBe("Loopio");
    expect(($("#okta-token") as HTMLInputElement).type).toBe("password");
    expect($("#okta-practice-fields").hidden).toBe(true);
    // No tick stands in for the check.
    expect(document.querySelector("#step-done")).toBeNull();
    expect(document.querySelector(".steps li[data-step=okta_check] .marker")?.textContent).not.toBe("✓");
  });

  it("an unreachable org is no finding about the app: no difference count, no fix or create offered", async () => {
    const fake = await start(at());
    set("#okta-org", "https://unreachable.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    const headline = $("#okta-check-headline").textContent ?? "";
    expect(headline).toContain("Could not check your Okta app: the host name does not resolve");
    expect(headline).not.toMatch(/differs|in 1 place|no app/);
    expect(document.querySelector("#plan-okta-changes")).toBeNull();
    expect($("#okta-results").textContent).toContain("Check the org URL and this computer's DNS.");
    expect(fake.saves.at(-1)?.last_okta_check?.reached).toBe(false);
    expect($(".steps li[data-step=okta_check] .marker").textContent).not.toBe("✓");
  });

  it("a check for other values than today's no longer counts and says what it ran for", async () => {
    const fake = await start(at());
    set("#okta-org", "https://acme.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    expect(fake.saves.at(-1)?.last_okta_check?.ran_for).toEqual({ domain: "acme.loopio.com", environment: "production", app_variable: "" });
    expect($(".steps li[data-step=okta_check] .marker").textContent).toBe("✓");
    const last = fake.saves.at(-1)?.last_okta_check;
    if (!last) throw new Error("no saved check");
    await start(at({ environment: "sandbox", last_okta_check: last }));
    expect($(".steps li[data-step=okta_check] .marker").textContent).not.toBe("✓");
    expect($("#for-other").textContent).toContain("This check ran for Production, not for Sandbox (INT01). It no longer counts: check again.");
  });

  it("groups the results by Okta screen with Okta has, expected and the fix, and saves the record without the token", async () => {
    const fake = await start(at());
    set("#okta-org", "https://acme-admin.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    const request = fake.oktaChecks[0];
    expect(request?.practice).toBe(false);
    expect(request?.app_label).toBe("Loopio");
    expect(request?.domain).toBe("  https://ACME.loopio.com/home ");
    expect($("#okta-check-headline").textContent).toContain("Your Okta app matches");
    const screens = [...document.querySelectorAll("#okta-results .okta-screen h4")].map((e) => e.textContent);
    expect(screens).toEqual([
      "Applications > Applications > Loopio > General > SAML Settings > Edit > Configure SAML",
      "Directory > Profile Editor > Loopio > roles",
    ]);
    const audience = $('#okta-results li[data-code="okta.saml.audience"]');
    expect(audience.querySelector(".okta-field")?.textContent).toBe("Audience URI (SP Entity ID)");
    expect(audience.querySelector(".okta-has")?.textContent).toBe("loopio-sp");
    expect(audience.textContent).toContain("✓ Pass");
    expect($("#run-okta-check").textContent).toBe("Check again");
    const saved = fake.saves.at(-1);
    expect(saved?.last_okta_check?.app_id).toBe("0oa1loopio");
    expect(JSON.stringify(fake.saves)).not.toContain(GOOD_OKTA_TOKEN);
    // The backend's record completes the step: the sidebar says so.
    expect($(".steps li[data-step=okta_check] .marker").textContent).toBe("✓");
  });

  it("signs in as a service app with a key file path (never the key), and the advanced options go along", async () => {
    const fake = await start(at());
    set("#okta-org", "https://acme.okta.com");
    const service = $("#okta-auth-service") as HTMLInputElement;
    service.checked = true;
    service.dispatchEvent(new Event("change", { bubbles: true }));
    expect($("#okta-token-fields").hidden).toBe(true);
    expect($("#okta-service-fields").hidden).toBe(false);
    set("#okta-client-id", "0oaService0000000000");
    set("#okta-key-file", "/keys/missing.pem");
    ($("#okta-resolve") as HTMLTextAreaElement).value = "acme.okta.com:443:10.0.0.5";
    await check();
    // An unreadable key file is named on its field.
    expect($("#okta-key-file").getAttribute("aria-invalid")).toBe("true");
    expect($("#okta-check-verdict").textContent).toContain("could not be read");
    set("#okta-key-file", GOOD_KEY_PATH);
    await check();
    const sent = fake.oktaChecks.at(-1);
    expect(sent?.client_id).toBe("0oaService0000000000");
    expect(sent?.private_key_path).toBe(GOOD_KEY_PATH);
    expect(sent?.token).toBe("");
    expect(sent?.resolve).toEqual(["acme.okta.com:443:10.0.0.5"]);
    expect($("#okta-check-headline").textContent).toContain("Your Okta app matches");
  });

  it("shows the IdP values for Loopio with copy buttons, and a certificate reminder for the admin's own org", async () => {
    const fake = await start(at());
    set("#okta-org", "https://acme.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    expect($("#idp-values-title").textContent).toBe("Values for Loopio's single sign-on settings");
    expect($("#idp-entity-id-text").textContent).toBe("http://www.okta.com/exk1loopio");
    expect($("#idp-certificate-pem-text").textContent).toContain("BEGIN CERTIFICATE");
    expect($("#idp-certificate-expiry").textContent).toContain("2036-01-01");
    ($("#idp-sso-url button.copy") as HTMLButtonElement).click();
    await settle();
    expect(fake.copies).toEqual(["https://acme.okta.com/app/acme_loopio_1/exk1loopio/sso/saml"]);
    ($("#export-cert-reminder") as HTMLButtonElement).click();
    await settle();
    expect(fake.exports).toEqual([{ kind: "certificate_reminder" }]);
    // The practice Okta's values are an example: no reminder for its certificate.
    choosePractice();
    await check();
    expect($("#idp-values").textContent).toContain("practice Okta");
    expect(document.querySelector("#export-cert-reminder")).toBeNull();
  });

  it("plans the changes, sends nothing until confirmed, streams each answer, keeps the change and offers undo", async () => {
    const fake = await start(at());
    choosePractice();
    ($("#okta-plant-mistake") as HTMLInputElement).checked = true;
    await check();
    expect($("#plan-okta-changes").textContent).toBe("Fix these in Okta for me");
    ($("#plan-okta-changes") as HTMLButtonElement).click();
    await settle();
    expect(fake.oktaChanges.map((r) => r.confirmed_plan)).toEqual([null]);
    expect($("#okta-plan").textContent).toContain("PUT /api/v1/apps/0oa1loopio");
    expect($("#okta-plan").textContent).toContain("Set the Audience URI");
    // The practice Okta's plan says at its top that it uses the practice org's example groups.
    const note = $("#okta-plan-roles-note");
    expect(note.textContent).toContain("example groups");
    expect(note.compareDocumentPosition($("#okta-plan")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // A manual step in the practice Okta can be done for the admin, then checked again.
    const checks = fake.oktaChecks.length;
    ($('[data-practice-step="general.enable_scim"]') as HTMLButtonElement).click();
    await settle();
    expect(fake.consoleSteps).toEqual(["general.enable_scim"]);
    // The Integration tab has no practice button: the practice Okta cannot do it for the admin.
    expect(document.querySelector('[data-practice-step="scim.base_url"]')).toBeNull();
    expect($('[data-step="scim.base_url"]').textContent).toContain("Fill in the SCIM connection");
    expect(fake.oktaChecks.length).toBe(checks + 1);
    ($("#plan-okta-changes") as HTMLButtonElement).click();
    await settle();
    ($("#confirm-okta-changes") as HTMLButtonElement).click();
    await settle();
    // The confirmed plan is exactly the one shown; its answer is listed and the change kept.
    expect(fake.oktaChanges.at(-1)?.confirmed_plan?.[0]?.path).toBe("/api/v1/apps/0oa1loopio");
    expect(fake.oktaChanges.at(-1)?.confirmed_org).toBe("https://acme.okta.com");
    expect($("#okta-change-results").textContent).toContain("HTTP 200");
    expect(fake.saves.at(-1)?.okta_changes?.[0]?.undo.length).toBe(1);
    expect(fake.oktaChecks.length).toBe(checks + 2);
    // Undo: its requests are shown first, and sent only once confirmed.
    ($("#undo-okta-changes") as HTMLButtonElement).click();
    await settle();
    expect($("#okta-undo-plan").textContent).toContain("Restore the Audience URI");
    expect(document.querySelector("#okta-undo-done")).toBeNull();
    ($("#confirm-okta-undo") as HTMLButtonElement).click();
    await settle();
    expect($("#okta-undo-done").textContent).toContain("undone");
  });

  it("uses the practice Okta and shows the planted mistake with its fix, then passes when checked again without it", async () => {
    const fake = await start(at());
    choosePractice();
    expect($("#okta-org-fields").hidden).toBe(true);
    expect($("#okta-practice-fields").hidden).toBe(false);
    ($("#okta-plant-mistake") as HTMLInputElement).checked = true;
    await check();
    expect(fake.oktaChecks[0]?.practice_mistake).toBe("audience");
    expect($("#okta-check-headline").textContent).toContain("practice Okta");
    expect($("#okta-check-headline").className).toContain("bad");
    const audience = $('#okta-results li[data-code="okta.saml.audience"]');
    expect(audience.textContent).toContain("✖ Fail");
    expect(audience.querySelector(".okta-expected")?.textContent).toBe("loopio-sp");
    expect(audience.textContent).toContain("Fix: Set Audience URI");
    ($("#okta-plant-mistake") as HTMLInputElement).checked = false;
    await check();
    expect(fake.oktaChecks[1]?.practice_mistake).toBeNull();
    expect($("#okta-check-headline").textContent).toContain("matches");
    expect(document.querySelector("#okta-results li.status-fail")).toBeNull();
    // A practice check never completes the step.
    expect($(".steps li[data-step=okta_check] .marker").textContent).not.toBe("✓");
  });

  it("marks and focuses the field a refused input is about", async () => {
    await start(at());
    set("#okta-org", "acme");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    expect($('#okta-check-verdict [role="alert"]').dataset["code"]).toBe("okta_url.incomplete");
    expect($("#okta-org").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe($("#okta-org"));
  });

  it("shows Okta's refusal of the token as a finding under its screen", async () => {
    await start(at());
    set("#okta-org", "acme.okta.com");
    set("#okta-token", "00wrong-token-0123456789");
    await check();
    expect($('#okta-results li[data-code="okta.auth.rejected"]').textContent).toContain("Create a new API token");
    expect($("#okta-results h4").textContent).toBe("Security > API");
  });

  it("shows the last saved check after a restart", async () => {
    const last: SavedOktaCheck = {
      at_unix: 1_795_000_000,
      org: "https://acme.okta.com",
      practice: false,
      app_id: "0oa1loopio",
      app_label: "Loopio",
      app_name: "acme_loopio_1",
      verdict: "fail",
      headline: "Your Okta app differs from what the wizard generated in 1 place: fix it in Okta, then check again.",
      findings: [{ code: "okta.saml.audience", status: "fail", title: "The Audience URI is not Loopio's", detail: "", remedy: "Set it to loopio-sp.", okta_has: "loopio", expected: "loopio-sp", where: "A > B > Audience URI (SP Entity ID)" }],
      reached: true,
      offers_fix: true,
      offers_create: false,
    };
    await start(at({ last_okta_check: last }));
    expect($("#okta-check-headline").textContent).toContain("differs");
    expect($("#okta-check-headline").textContent).toContain("Last check");
    expect($('#okta-results li[data-code="okta.saml.audience"] .okta-has').textContent).toBe("loopio");
  });
});

describe("the app label and the changes to undo", () => {
  it("looks the app up by the label the wizard names for the environment, unless the admin types another", async () => {
    const fake = await start(at({ environment: "sandbox" }));
    expect(($("#okta-app-label") as HTMLInputElement).value).toBe("Loopio Sandbox");
    set("#okta-org", "https://acme.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    expect(fake.oktaChecks[0]?.app_label).toBe("Loopio Sandbox");
    const label = $("#okta-app-label") as HTMLInputElement;
    label.value = "Loopio (test)";
    label.dispatchEvent(new Event("input", { bubbles: true }));
    await check();
    expect(fake.oktaChecks[1]?.app_label).toBe("Loopio (test)");
  });

  it("after a restart offers every change not undone yet, newest first, naming the app and its id", async () => {
    const put = { method: "PUT", path: "/api/v1/apps/0oa1loopio", body: {}, why: "Restore the Audience URI." };
    const base = { org: "https://acme.okta.com", practice: false, app_id: "0oa1loopio", app_label: "Loopio", applied: true, results: [], not_sent: [], pending_manual: [], error: null, is_undo: false, undone: false };
    const created = { ...base, at_unix: 1_795_000_000, undo: [{ method: "POST", path: "/api/v1/apps/0oa1loopio/lifecycle/deactivate", body: null, why: "Deactivate the app." }, { method: "DELETE", path: "/api/v1/apps/0oa1loopio", body: null, why: "Delete the app." }] };
    const fixed = { ...base, at_unix: 1_795_000_600, undo: [put] };
    const undone = { ...base, at_unix: 1_794_000_000, undo: [put], undone: true };
    await start(at({ okta_changes: [undone, created, fixed] }));
    const items = [...document.querySelectorAll("#okta-undo-list li")].map((li) => li.textContent ?? "");
    expect(items).toHaveLength(2);
    expect(items[0]).toContain("1 undo request");
    expect(items[1]).toContain("2 undo requests");
    expect(items[1]).toContain("Loopio (id 0oa1loopio)");
    expect($("#undo-okta-changes").textContent).toContain("newest");
    ($("#undo-okta-changes") as HTMLButtonElement).click();
    await settle();
    expect($("#okta-undo-plan").textContent).toContain("Restore the Audience URI");
    expect($("#okta-change-body").textContent).toContain("Loopio (id 0oa1loopio)");
  });
});

describe("the Okta panel on a step of the assistant's way", () => {
  const finding = (code: string, status: "pass" | "fail") => ({ code, status, title: code, detail: "", remedy: "", okta_has: null, expected: null, where: "Applications > Loopio > General > Field" });
  const last: SavedOktaCheck = {
    at_unix: 1_795_000_000,
    org: "https://acme.okta.com",
    practice: false,
    app_id: "0oa1loopio",
    app_label: "Loopio",
    app_name: "acme_loopio_1",
    verdict: "fail",
    headline: "Your Okta app differs from what the wizard generated in 1 place.",
    findings: [finding("okta.saml.audience", "pass"), finding("okta.provisioning.scim", "fail")],
    reached: true,
    offers_fix: true,
    offers_create: false,
  };

  it("shows the step's own findings and the assistant's words, and all of them again at the final check", async () => {
    const { backend } = fakeBackend();
    const panel = new OktaPanel(backend, {
      domain: () => "acme.loopio.com",
      environment: () => "production",
      appLabel: () => "Loopio",
      knownRoles: () => [],
      last: () => last,
      onOutcome: () => {},
      onChanges: () => {},
      changes: () => [],
    });
    document.body.replaceChildren(panel.element);
    const codes = () => [...document.querySelectorAll("#okta-results [data-code]")].map((e) => e.getAttribute("data-code"));
    expect(codes()).toEqual(["okta.saml.audience", "okta.provisioning.scim"]);
    panel.focus(["okta.saml.audience"]);
    expect(codes()).toEqual(["okta.saml.audience"]);
    // The whole app's verdict is a line under the step's answer, not a second verdict.
    expect($("#okta-check-headline").textContent).toMatch(/^The whole app: /);
    expect($("#okta-token-hint").textContent).toContain("create apps");
    expect($("#okta-token-hint").textContent).not.toContain("Read-only Administrator");
    panel.focus(null);
    expect(codes()).toEqual(["okta.saml.audience", "okta.provisioning.scim"]);
    expect($("#okta-token-hint").textContent).toContain("Read-only Administrator");
    expect(($("#okta-connection") as HTMLDetailsElement).open).toBe(true);
  });
});

describe("a new check replaces the old result", () => {
  const onScreen = () => `${$("#okta-results").textContent ?? ""} ${$("#okta-change").textContent ?? ""}`;

  it("leaves nothing of an earlier org's result (findings, IdP values, plan) under the new one", async () => {
    await start(at());
    // Org A: the practice Okta with a mistake, and a plan to fix it.
    choosePractice();
    ($("#okta-plant-mistake") as HTMLInputElement).checked = true;
    await check();
    ($("#plan-okta-changes") as HTMLButtonElement).click();
    await settle();
    expect($("#okta-plan").textContent).toContain("PUT /api/v1/apps/0oa1loopio");
    expect(onScreen()).toContain("127.0.0.1:5555");

    // Org B, the admin's own: its result only.
    const org = $("#okta-source-org") as HTMLInputElement;
    org.checked = true;
    org.dispatchEvent(new Event("change", { bubbles: true }));
    set("#okta-org", "https://acme-admin.okta.com");
    set("#okta-token", GOOD_OKTA_TOKEN);
    await check();
    expect($("#okta-check-headline").textContent).toContain("Your Okta app matches");
    expect(document.querySelector("#okta-plan")).toBeNull();
    expect(document.querySelector("#okta-results li.status-fail")).toBeNull();
    expect(onScreen()).not.toContain("127.0.0.1:5555");
    expect(onScreen()).toContain("https://acme.okta.com");

    // Org B again with a refused token: the refusal alone, none of the earlier IdP values.
    set("#okta-token", "00wrong-token-0123456789");
    await check();
    const codes = [...document.querySelectorAll<HTMLElement>("#okta-results li[data-code]")].map((li) => li.dataset["code"]);
    expect(codes).toEqual(["okta.auth.rejected"]);
    expect(onScreen()).not.toContain("exk1loopio");

    // A check refused before any request: the old result does not stay under the error.
    set("#okta-org", "acme");
    await check();
    expect($('#okta-check-verdict [role="alert"]').dataset["code"]).toBe("okta_url.incomplete");
    expect($("#okta-results").childElementCount).toBe(0);
    expect(document.querySelector("#plan-okta-changes")).toBeNull();
  });
});
