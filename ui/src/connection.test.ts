import { describe, expect, it } from "vitest";
import type { Finding } from "./bindings/Finding";
import { $, settle, start } from "./test-support";
import { emptyProgress } from "./wizard";

const DOMAIN = "  https://ACME.loopio.com/home ";
const connectionStep = { ...emptyProgress(), domain: DOMAIN, current_step: "connection_test" as const };

function setToken(value: string) {
  const token = $("#token") as HTMLInputElement;
  token.value = value;
  token.dispatchEvent(new Event("input"));
}

async function runTest() {
  ($("#run-test") as HTMLButtonElement).click();
  await settle();
}

describe("connection step", () => {
  it("clears the verdict when the token changes", async () => {
    await start(connectionStep);
    setToken("good-token-0123456789");
    await runTest();
    expect($("#okta-verdict").textContent).toContain("will pass");

    setToken("another-token-0123456789");
    await settle();
    expect(document.querySelector("#okta-verdict")).toBeNull();
    expect(document.querySelectorAll("#findings li")).toHaveLength(0);
    expect($("#stale-note").textContent).toContain("token changed");
  });

  it("clears the verdict when the test target changes", async () => {
    await start(connectionStep);
    setToken("good-token-0123456789");
    await runTest();
    expect($("#okta-verdict").textContent).toContain("will pass");

    ($("#target-sandbox") as HTMLInputElement).click();
    await settle();
    expect(document.querySelector("#okta-verdict")).toBeNull();
    expect($("#stale-note").textContent).toContain("target changed");

    // And a custom base URL is a new target too.
    await runTest();
    expect($("#okta-verdict")).toBeTruthy();
    const base = $("#base-url") as HTMLInputElement;
    base.value = "https://scim.example.com/v2";
    base.dispatchEvent(new Event("input"));
    expect(document.querySelector("#okta-verdict")).toBeNull();
  });

  it("keeps the backend's order of findings (the cause first)", async () => {
    const finding = (check: string, status: Finding["status"], title: string): Finding => ({
      check,
      code: status === "pass" ? check : `${check}.problem`,
      status,
      title,
      detail: "seen",
      remedy: status === "pass" ? "" : "Remove the trailing slash.",
      elapsed_ms: 1,
    });
    // A warning that explains the failures comes first, then the failures, then the rest.
    const findings = [
      finding("target", "warn", "The base URL ends with a slash"),
      finding("okta.connector", "fail", "Not found (404)"),
      finding("okta.lookup", "fail", "Not found (404)"),
      finding("auth.enforced", "pass", "The API refuses requests without a token"),
    ];
    await start(connectionStep, null, (backend) => {
      backend.runConnectionTest = async (_request, onFinding) => {
        [...findings].reverse().forEach(onFinding);
        return {
          at_unix: 1,
          base_url: "https://api.loopio.com/scim/v2/",
          token_notes: [],
          report: { verdict: "fail", okta_connector_test: "fail", elapsed_ms: 3, findings },
          target: "custom",
          counts_as_progress: false,
          headline: "The custom base URL (not Loopio's SCIM API) failed the request of Okta's Test Connector Configuration.",
        };
      };
    });
    setToken("any-token-0123456789");
    await runTest();
    const shown = [...document.querySelectorAll<HTMLElement>("#findings li")].map((li) => li.dataset["check"]);
    expect(shown).toEqual(["target", "okta.connector", "okta.lookup", "auth.enforced"]);
  });

  it("shows failure codes small, labelled for Loopio Support, not in the headline", async () => {
    await start(connectionStep);
    setToken("bad-token-0123456789");
    await runTest();
    const connector = $('[data-check="okta.connector"]');
    expect(connector.querySelector(".finding-head")?.textContent).not.toContain("auth.rejected");
    expect(connector.querySelector(".support-code")?.textContent).toBe("Code for Loopio Support: auth.rejected");
    // The code is still there for support (and for the end-to-end test that reads it).
    expect(connector.textContent).toContain("auth.rejected");
    // A passing check has no code to quote.
    expect($('[data-check="auth.enforced"]').querySelector(".support-code")).toBeNull();
  });

  it("names what the advanced options hold and says the proxy comes from the system", async () => {
    await start(connectionStep);
    const summary = $(".advanced summary").textContent ?? "";
    expect(summary).not.toContain("proxies");
    expect(summary).toContain("custom SCIM base URL");
    expect(summary).toContain("resolve overrides");
    expect(summary).toContain("CA certificate");
    expect($(".advanced").textContent).toContain("system proxy settings");
  });

  it("shows the profile's environment on the connection step, with a way to change it", async () => {
    const { saves } = await start({ ...connectionStep, environment: "sandbox" });
    expect($("#profile-environment").textContent).toContain('Profile "default"');
    expect($("#profile-environment-name").textContent).toBe("Sandbox (INT01)");
    expect(($("#target-sandbox") as HTMLInputElement).checked).toBe(true);

    ($("#change-environment") as HTMLButtonElement).click();
    await settle();
    expect($("#step-title").textContent).toBe("Your Loopio instance");
    ($("#env-production") as HTMLInputElement).click();
    await settle();
    expect(saves.at(-1)?.environment).toBe("production");
    // Back on the connection step, the line and the target follow the new environment.
    ($(".steps li[data-step=connection_test] button") as HTMLButtonElement).click();
    await settle();
    expect($("#profile-environment-name").textContent).toBe("Production");
    expect(($("#target-production") as HTMLInputElement).checked).toBe(true);
  });
});

describe("the token field's notes", () => {
  const hint = () => $("#token-hint").textContent ?? "";

  it("says never saved, or kept only in the keychain, as the remember box beside it says", async () => {
    await start(connectionStep);
    expect(hint()).toContain("never saved");
    expect(hint()).not.toContain("keychain");
    ($("#remember-token") as HTMLInputElement).click();
    await settle();
    expect(hint()).toContain("kept only in this computer's keychain");
    expect(hint()).not.toContain("never saved");
    ($("#remember-token") as HTMLInputElement).click();
    await settle();
    expect(hint()).toContain("never saved");

    // A profile that already remembers its token says so from the start.
    await start({ ...connectionStep, remember_token: true });
    expect(hint()).toContain("kept only in this computer's keychain");
    expect(hint()).not.toContain("never saved");
  });

  it("says spaces were removed only when there were spaces, and what to paste in Okta", async () => {
    const notes = () => $("#token-notes").textContent ?? "";
    await start(connectionStep);
    setToken("Bearer good-token-0123456789");
    await settle();
    expect(notes()).toContain('Removed a leading "Bearer "');
    expect(notes()).toContain("the Authorization field takes only the SCIM token");
    expect(notes()).not.toContain("Removed spaces");
    expect(notes()).not.toContain("the same way");

    setToken("  good-token-0123456789 ");
    await settle();
    expect(notes()).toContain("Removed spaces around the token.");
    expect(notes()).not.toContain("Bearer");
  });
});

describe("the token's generated-on date", () => {
  it("is empty when empty: no date-like placeholder, and a date typed shows its expiry", async () => {
    await start(connectionStep);
    const date = $("#token-date") as HTMLInputElement;
    expect(date.value).toBe("");
    // WebKit draws an empty type="date" with today's date or mm/dd/yyyy in it.
    expect(date.type).toBe("text");
    expect(date.placeholder).toBe("");
    expect(date.getAttribute("placeholder")).toBeNull();
    expect($("#token-expiry").textContent).toBe("");

    date.value = " 2026-11-28 ";
    date.dispatchEvent(new Event("change"));
    await settle();
    expect(date.value).toBe("2026-11-28");
    expect($("#token-expiry").textContent).toContain("Expires on 2027-11-28");

    // A saved date is shown as saved.
    await start({ ...connectionStep, token_generated_on: "2026-06-01" });
    expect(($("#token-date") as HTMLInputElement).value).toBe("2026-06-01");
  });
});
