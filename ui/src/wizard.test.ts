import { describe, expect, it, vi } from "vitest";
import type { Progress } from "./bindings/Progress";
import { $, fakeBackend, settle, start, typeInto } from "./test-support";
import { emptyProgress, Wizard } from "./wizard";

describe("wizard", () => {
  it("starts on the prerequisites checklist with every step listed", async () => {
    await start();
    expect($("#step-title").textContent).toBe("Before you start");
    expect(document.querySelectorAll(".steps li")).toHaveLength(15);
    expect(document.querySelectorAll(".checklist input[type=checkbox]")).toHaveLength(4);
    expect($("#progress-text").textContent).toContain("0 of 12 done");
  });

  it("shows domain errors as the admin types and blocks Next until the domain is valid", async () => {
    const { saves } = await start({ ...emptyProgress(), current_step: "instance" });
    expect($('label[for="domain"]').textContent).toContain("Loopio domain");
    const next = $('[data-action="next"]') as HTMLButtonElement;
    expect(next.disabled).toBe(true);

    typeInto("#domain", "api.loopio.com");
    await settle();
    expect($("#domain-error").hidden).toBe(false);
    expect($("#domain-error").textContent).toContain("SCIM API host, not your instance");
    expect($("#domain").getAttribute("aria-invalid")).toBe("true");
    expect(next.disabled).toBe(true);

    // An Okta org is refused as such; a near miss of loopio.com offers the likely domain.
    typeInto("#domain", "acme.okta.com");
    await settle();
    expect($("#domain-error").textContent).toContain("is your Okta org");
    expect($("#domain-suggestion").hidden).toBe(true);
    expect(next.disabled).toBe(true);
    typeInto("#domain", "acme.loopio.co");
    await settle();
    expect($("#domain-error").textContent).toContain("Did you mean acme.loopio.com?");
    expect($("#domain-suggestion").hidden).toBe(false);
    expect(next.disabled).toBe(true);
    ($("#domain-suggestion") as HTMLButtonElement).click();
    await settle();
    expect(($("#domain") as HTMLInputElement).value).toBe("acme.loopio.com");
    expect($("#domain-error").hidden).toBe(true);
    expect($("#domain-suggestion").hidden).toBe(true);
    expect(next.disabled).toBe(false);

    // A custom domain passes with a warning, but the step ticks only once the admin confirms it.
    typeInto("#domain", "rfp.acme.com");
    await settle();
    expect(document.querySelector(".summary .warning")?.textContent).toContain("not under loopio.com");
    expect($(".steps li:nth-child(2) .marker").textContent).not.toBe("✓");
    const confirm = $("#domain-custom-confirm") as HTMLInputElement;
    expect($('label[for="domain-custom-confirm"]').textContent).toBe("This is the address I sign in to Loopio at");
    confirm.click();
    await settle();
    expect($(".steps li:nth-child(2) .marker").textContent).toBe("✓");

    typeInto("#domain", "  https://ACME.loopio.com/home ");
    await settle();
    expect(document.querySelector("#domain-custom-confirm")).toBeNull();
    expect($("#domain-error").hidden).toBe(true);
    expect($("#normalised-domain").textContent).toBe("acme.loopio.com");
    expect(next.disabled).toBe(false);
    // What the admin typed is saved as typed, not only the normalised form.
    expect(saves.at(-1)?.domain).toBe("  https://ACME.loopio.com/home ");
  });

  it("shows the backend's values with their fields and copies the exact text", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "configure_saml" as const };
    const { copies } = await start(progress);
    const card = $('[data-key="saml.sso_url"]');
    expect(card.querySelector(".field-name")?.textContent).toBe("Single sign-on URL");
    expect(card.querySelector("code.value")?.textContent).toBe(
      "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
    );
    expect(card.querySelector(".where-small")?.textContent).toContain("Configure SAML");
    (card.querySelector("button.copy") as HTMLButtonElement).click();
    await settle();
    expect(copies).toEqual(["https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp"]);
    expect(card.querySelector("button.copy")?.textContent).toContain("Copied");
  });

  it("never offers the token for copying", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "provisioning_integration" as const };
    await start(progress);
    const auth = $('[data-key="scim.authorization"]');
    expect(auth.querySelector("button.copy")).toBeNull();
    expect(auth.textContent).toContain("not shown here");
  });

  it("derives nothing itself: the roles variable comes from the backend, errors too", async () => {
    const progress: Progress = {
      ...emptyProgress(),
      domain: "  https://ACME.loopio.com/home ",
      environment: "sandbox",
      current_step: "profile_editor_roles",
    };
    await start(progress);
    typeInto("#app-variable", "loopio_1");
    await settle();
    expect($('[data-key="roles.variable_name"] code.value').textContent).toBe("loopio_1_roles");

    await start({ ...progress, environment: "production", app_variable: "1x" });
    expect($("#app-variable-error").hidden).toBe(false);
    expect($("#app-variable-error").textContent).toContain("start with a letter");
  });

  it("ends on Close, not on a disabled Next, even after the page redraws", async () => {
    const { saves } = await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "done" });
    expect($("#step-title").textContent).toBe("Finished");
    expect(document.querySelector('[data-action="next"]')).toBeNull();
    // A save redraws the dynamic parts (the step list): still no Next, Close still usable.
    ($('.steps li[data-step=done] button') as HTMLButtonElement).click();
    await settle();
    expect(document.querySelector('[data-action="next"]')).toBeNull();
    expect(($('[data-action="close"]') as HTMLButtonElement).disabled).toBe(false);
    expect(saves.at(-1)?.current_step).toBe("done");
  });

  it("a tick records the values it was for; for other values the step is not done and says so", async () => {
    const acme = { domain: "acme.loopio.com", environment: "production" as const, app_variable: "" };
    const progress: Progress = {
      ...emptyProgress(),
      domain: "  https://ACME.loopio.com/home ",
      environment: "sandbox",
      current_step: "create_app",
      ticked: ["create_app"],
      ticked_for: { create_app: acme },
    };
    const { saves } = await start(progress);
    const box = $("#step-done") as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(document.querySelector(".steps li[data-step=create_app] .marker")?.textContent).toBe("3");
    expect($("#for-other").textContent).toBe("Done for Production, not for Sandbox (INT01): check it again.");
    box.click();
    await settle();
    expect(saves.at(-1)?.ticked_for?.create_app).toEqual({ domain: "acme.loopio.com", environment: "sandbox", app_variable: "" });
    expect($("#for-other").hidden).toBe(true);
    expect(($("#step-done") as HTMLInputElement).checked).toBe(true);
  });

  it("ticks, navigates and saves each change", async () => {
    const { saves } = await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "create_app" });
    ($("#step-done") as HTMLInputElement).click();
    await settle();
    expect(saves.at(-1)?.ticked).toContain("create_app");
    expect(document.querySelector(".steps li[data-step=create_app] .marker")?.textContent).toBe("✓");
    ($('[data-action="next"]') as HTMLButtonElement).click();
    await settle();
    expect($("#step-title").textContent).toBe("Configure SAML");
    expect(saves.at(-1)?.current_step).toBe("configure_saml");
    ($('[data-action="back"]') as HTMLButtonElement).click();
    await settle();
    expect($("#step-title").textContent).toBe("Create the SAML app in Okta");
  });

  it("says so when saved progress had to be set aside, and shows save failures", async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const fake = fakeBackend(emptyProgress(), "Your saved progress could not be read (not valid JSON), so the wizard started fresh.");
    fake.backend.saveProgress = vi.fn(async () => {
      throw "Progress could not be saved: read-only file system";
    });
    await Wizard.start($("#app"), fake.backend);
    expect($(".banner.warn").textContent).toContain("started fresh");
    ($("#check-prerequisites-okta") as HTMLInputElement).click();
    await settle();
    expect($(".banner.error").textContent).toContain("read-only file system");
  });

  it("runs the connection test, lists each finding and says whether Okta's test will pass", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "connection_test" as const };
    const { tests, saves } = await start(progress);
    const token = $("#token") as HTMLInputElement;
    expect(token.type).toBe("password");
    ($("#show-token") as HTMLInputElement).click();
    expect(token.type).toBe("text");

    token.value = "Bearer bad-token-0123456789";
    token.dispatchEvent(new Event("input"));
    await settle();
    expect($("#token-notes").textContent).toContain("Bearer");

    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(tests.at(-1)?.target).toBe("production");
    expect(tests.at(-1)?.domain).toBe("  https://ACME.loopio.com/home ");
    // Failures first; each says which check it was; the shared advice is written out once.
    const items = [...document.querySelectorAll<HTMLElement>("#findings li")];
    expect(items.map((li) => li.dataset["check"])).toEqual(["okta.connector", "okta.lookup", "auth.enforced"]);
    expect($('[data-check="okta.connector"]').textContent).toContain("What to do: Generate a new token.");
    expect($('[data-check="okta.connector"]').textContent).toContain("Fail");
    expect($('[data-check="okta.connector"] .checked').textContent).toContain("Okta's Test Connector Configuration");
    expect($('[data-check="okta.lookup"] .checked').textContent).toContain("user lookup by userName");
    expect($('[data-check="okta.lookup"] .remedy').textContent).toContain("the same as for Okta's Test Connector Configuration");
    expect($('[data-check="okta.lookup"]').textContent).not.toContain("Generate a new token.");
    expect(document.querySelector('[data-check="auth.enforced"] .checked')).toBeNull();
    expect($("#okta-verdict").textContent).toContain("will fail: The token was refused (401)");
    expect(saves.every((p) => !JSON.stringify(p).includes("bad-token"))).toBe(true);

    // Practice tenant: its token is offered and the run passes, but says it is not Loopio and
    // ticks nothing (issue 13: practice is not progress).
    ($("#target-practice") as HTMLInputElement).click();
    await settle();
    expect($(".practice-hint").textContent).toContain("127.0.0.1:5555");
    token.value = "good-token-0123456789";
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(tests.at(-1)?.target).toBe("practice");
    expect($("#okta-verdict").textContent).toContain("not Loopio");
    expect($("#okta-verdict").textContent).not.toContain("will pass");
    const stepDone = () => $('.steps li[data-step=connection_test] button').classList.contains("done");
    expect(stepDone()).toBe(false);
    expect(saves.at(-1)?.last_test?.target).toBe("practice");
    // Only the result completes this step: no tick is offered, and the step says so (issue 17 #8).
    expect(document.querySelector("#step-done")).toBeNull();
    expect($("#completed-by").textContent).toContain("there is nothing to tick");

    // Production: a pass completes the step; a later failure there undoes it.
    ($("#target-production") as HTMLInputElement).click();
    await settle();
    token.value = "good-token-0123456789";
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect($("#okta-verdict").textContent).toContain("will pass");
    expect(stepDone()).toBe(true);
    token.value = "bad-token-0123456789";
    token.dispatchEvent(new Event("input"));
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(stepDone()).toBe(false);
    expect(saves.every((p) => !JSON.stringify(p).includes("good-token"))).toBe(true);
    expect($("#run-test").textContent).toBe("Run the test again");
  });

  it("discovers roles, checks the plan in the backend and shows the Okta steps", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "connection_test" as const };
    await start(progress);
    ($("#token") as HTMLInputElement).value = "good-token-0123456789";
    ($('[data-action="next"]') as HTMLButtonElement).click();
    await settle();
    ($('.steps li[data-step=map_roles] button') as HTMLButtonElement).click();
    await settle();
    expect($("#step-title").textContent).toBe("Map Okta users to Loopio roles");
    ($("#discover-roles") as HTMLButtonElement).click();
    await settle();
    expect($("#known-roles").textContent).toContain("Admin");
    expect($("#discover-status").textContent).toContain("Read all 5 of 5 users");
    const same = $("#same-role") as HTMLInputElement;
    same.value = "admin";
    same.dispatchEvent(new Event("input"));
    await settle();
    expect($('[data-row="0"]').dataset["code"]).toBe("role.near_miss");
    expect($("#roles-ready").textContent).toContain("Fix");
    same.value = "Admin";
    same.dispatchEvent(new Event("input"));
    await settle();
    expect($("#roles-ready").textContent).toContain("Ready");

    ($("#mode-per_group") as HTMLInputElement).click();
    await settle();
    expect(document.querySelectorAll(".groups tbody tr")).toHaveLength(1);
    ($("#add-group") as HTMLButtonElement).click();
    await settle();
    expect(document.querySelectorAll(".groups tbody tr")).toHaveLength(2);
    // Empty rows: the Okta steps wait until they are filled in.
    expect(document.querySelector("#roles-instructions")).toBeNull();
    typeInto("#group-0", "Sales");
    typeInto("#group-role-0", "Admin");
    ($('[aria-label="Remove group 2"]') as HTMLButtonElement).click();
    await settle();
    expect($("#roles-instructions").textContent).toContain("Assign to Groups");
  });

  it("exports the report and the reminder, and remembers the token only when asked", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "done" as const };
    const fake = await start(progress);
    ($("#export-html") as HTMLButtonElement).click();
    await settle();
    expect(fake.exports).toEqual([{ kind: "report", format: "html", include_practice: false }]);
    expect($("#export-status").textContent).toContain("Saved to /tmp/report");

    ($('.steps li[data-step=connection_test] button') as HTMLButtonElement).click();
    await settle();
    ($("#token-today") as HTMLButtonElement).click();
    await settle();
    expect($("#token-expiry").textContent).toContain("Expires on 2027-11-28");
    ($("#export-reminder") as HTMLButtonElement).click();
    await settle();
    expect(fake.exports.at(-1)).toEqual({ kind: "reminder" });
    expect(fake.saves.at(-1)?.token_generated_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    ($("#token") as HTMLInputElement).value = "good-token-0123456789";
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(fake.remembered).toEqual([]);
    ($("#remember-token") as HTMLInputElement).click();
    await settle();
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(fake.remembered).toEqual(["good-token-0123456789"]);
    expect(fake.saves.at(-1)?.remember_token).toBe(true);
    expect(fake.saves.at(-1)?.last_test?.report.okta_connector_test).toBe("pass");
    expect(fake.saves.every((p) => !JSON.stringify(p).includes("good-token"))).toBe(true);
  });

  it("switches profiles", async () => {
    await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "instance" });
    ($("#new-profile") as HTMLInputElement).value = "sandbox";
    ($("#add-profile") as HTMLButtonElement).click();
    await settle();
    expect(($("#profile") as HTMLSelectElement).value).toBe("sandbox");
    expect($("#step-title").textContent).toBe("Before you start");
  });
});

describe("the setup report on Finished", () => {
  it("leaves the practice results out unless the box asks for them", async () => {
    const { exports } = await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "done" });
    const box = $("#export-include-practice") as HTMLInputElement;
    expect(box.checked).toBe(false);
    ($("#export-md") as HTMLButtonElement).click();
    box.click();
    ($("#export-html") as HTMLButtonElement).click();
    await settle();
    expect(exports).toEqual([
      { kind: "report", format: "md", include_practice: false },
      { kind: "report", format: "html", include_practice: true },
    ]);
  });
});
