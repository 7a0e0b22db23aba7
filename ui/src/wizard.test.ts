import { describe, expect, it, vi } from "vitest";
import type { Backend } from "./api";
import type { ConnectionTestRequest } from "./bindings/ConnectionTestRequest";
import type { ExportKind } from "./bindings/ExportKind";
import type { Finding } from "./bindings/Finding";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { Progress } from "./bindings/Progress";
import fixtures from "./test-fixtures/plans.json";
import { emptyProgress, Wizard } from "./wizard";

type Fixture = { input: PlanInput; plan: Plan };
const all = fixtures as unknown as Record<string, Fixture>;

/** A backend that replays the real core's answers (exported by a Rust test). */
function fakeBackend(saved: Progress = emptyProgress(), notice: string | null = null) {
  const saves: Progress[] = [];
  const tests: ConnectionTestRequest[] = [];
  const exports: ExportKind[] = [];
  const remembered: string[] = [];
  const copies: string[] = [];
  const backend: Backend = {
    getPlan: async (input) => {
      const hit = Object.values(all).find(
        (f) =>
          f.input.domain === input.domain &&
          f.input.environment === input.environment &&
          f.input.app_variable === input.app_variable,
      );
      if (!hit) throw new Error(`no fixture for ${JSON.stringify(input)}`);
      return hit.plan;
    },
    loadProgress: async () => ({ progress: saved, notice, profile: "default", profiles: ["default"] }),
    saveProgress: async (p) => {
      saves.push(structuredClone(p));
    },
    copy: async (text) => {
      copies.push(text);
    },
    inspectToken: async (token) =>
      token.startsWith("Bearer ")
        ? { notes: [{ code: "token.bearer_prefix", message: "Removed a leading \"Bearer \"." }], error: null }
        : { notes: [], error: null },
    practiceTenant: async () => ["http://127.0.0.1:5555/scim/v2", "practice-token-0123456789abcdef"],
    switchProfile: async (name) => ({ progress: emptyProgress(), notice: null, profile: name, profiles: ["default", name] }),
    discoverRoles: async (_request, onProgress) => {
      onProgress({ users_seen: 2, total_users: 5 });
      onProgress({ users_seen: 5, total_users: 5 });
      return {
        roles: [
          { name: "Admin", users: 2 },
          { name: "Reviewer", users: 2 },
        ],
        users_seen: 5,
        total_users: 5,
        pages: 3,
        complete: true,
      };
    },
    // A stand-in for the backend's check: exact names pass, anything else is reported.
    rolesView: async (plan, known) => {
      const rows = (plan.mode === "same_for_all" ? [{ group: "", role: plan.role }] : plan.groups).map((r) => ({
        group: r.group,
        group_error: null,
        role: {
          value: r.role,
          status: known.includes(r.role) ? ("pass" as const) : ("error" as const),
          code: known.includes(r.role) ? "role.exact" : "role.near_miss",
          message: known.includes(r.role) ? "ok" : "not a Loopio role name",
          suggestion: null,
        },
      }));
      return { rows, instructions: ["Assign to Groups"], ready: rows.every((r) => r.role.status === "pass") };
    },
    tokenExpiry: async (date) => ({ generated_on: date, expires_on: "2027-11-28", remind_on: "2027-11-14", days_left: 365 }),
    rememberToken: async (token) => {
      remembered.push(token);
    },
    forgetToken: async () => {},
    savedTokenStatus: async () => remembered.length > 0,
    exportFile: async (kind) => {
      exports.push(kind);
      return "/tmp/report";
    },
    runConnectionTest: async (request, onFinding) => {
      tests.push(request);
      const connector: Finding = {
        check: "okta.connector",
        code: request.token === "good-token-0123456789" ? "okta.connector" : "auth.rejected",
        status: request.token === "good-token-0123456789" ? "pass" : "fail",
        title: request.token === "good-token-0123456789" ? "Okta's Test Connector Configuration will pass" : "The token was refused (401)",
        detail: "HTTP 401",
        remedy: request.token === "good-token-0123456789" ? "" : "Generate a new token.",
        elapsed_ms: 12,
      };
      // A refused token fails the lookup too, with the same advice, as the real checks do.
      const lookup: Finding = connector.status === "pass"
        ? { ...connector, check: "okta.lookup", code: "okta.lookup", title: "User lookups work" }
        : { ...connector, check: "okta.lookup" };
      const enforced: Finding = { ...connector, check: "auth.enforced", code: "auth.enforced", status: "pass", title: "The API refuses requests without a token", remedy: "" };
      onFinding(enforced);
      onFinding(lookup);
      onFinding(connector);
      return {
        at_unix: 1_795_000_000,
        base_url: "http://127.0.0.1:5555/scim/v2",
        token_notes: [],
        report: {
          verdict: connector.status,
          okta_connector_test: connector.status === "pass" ? "pass" : "fail",
          elapsed_ms: 20,
          findings: [enforced, lookup, connector],
        },
      };
    },
  };
  return { backend, saves, copies, tests, exports, remembered };
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function $(sel: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no element ${sel}`);
  return el;
}

function typeInto(sel: string, value: string) {
  const input = $(sel) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

async function start(progress?: Progress, notice: string | null = null) {
  document.body.innerHTML = '<div id="app"></div>';
  const fake = fakeBackend(progress, notice);
  await Wizard.start($("#app"), fake.backend);
  return fake;
}

describe("wizard", () => {
  it("starts on the prerequisites checklist with every step listed", async () => {
    await start();
    expect($("#step-title").textContent).toBe("Before you start");
    expect(document.querySelectorAll(".steps li")).toHaveLength(11);
    expect(document.querySelectorAll(".checklist input[type=checkbox]")).toHaveLength(4);
    expect($("#progress-text").textContent).toContain("0 of 10 done");
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

    typeInto("#domain", "  https://ACME.loopio.com/home ");
    await settle();
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

  it("cannot go past the last step, even after the page redraws", async () => {
    const { saves } = await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "done" });
    expect($("#step-title").textContent).toBe("Finished");
    expect(($('[data-action="next"]') as HTMLButtonElement).disabled).toBe(true);
    // A save redraws the dynamic parts (the step list, Next): still disabled.
    ($('.steps li:nth-child(11) button') as HTMLButtonElement).click();
    await settle();
    expect(($('[data-action="next"]') as HTMLButtonElement).disabled).toBe(true);
    expect(saves.at(-1)?.current_step).toBe("done");
  });

  it("ticks, navigates and saves each change", async () => {
    const { saves } = await start({ ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "create_app" });
    ($("#step-done") as HTMLInputElement).click();
    await settle();
    expect(saves.at(-1)?.ticked).toContain("create_app");
    expect(document.querySelector(".steps li:nth-child(3) .marker")?.textContent).toBe("✓");
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

    // Practice tenant: its token is offered, the run passes and ticks the step.
    ($("#target-practice") as HTMLInputElement).click();
    await settle();
    expect($(".practice-hint").textContent).toContain("127.0.0.1:5555");
    token.value = "good-token-0123456789";
    ($("#run-test") as HTMLButtonElement).click();
    await settle();
    expect(tests.at(-1)?.target).toBe("practice");
    expect($("#okta-verdict").textContent).toContain("will pass");
    expect(saves.at(-1)?.ticked).toContain("connection_test");
    expect(saves.every((p) => !JSON.stringify(p).includes("good-token"))).toBe(true);
    expect($("#run-test").textContent).toBe("Run the test again");
  });

  it("discovers roles, checks the plan in the backend and shows the Okta steps", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "connection_test" as const };
    await start(progress);
    ($("#token") as HTMLInputElement).value = "good-token-0123456789";
    ($('[data-action="next"]') as HTMLButtonElement).click();
    await settle();
    ($('.steps li:nth-child(10) button') as HTMLButtonElement).click();
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
    expect($("#roles-instructions").textContent).toContain("Assign to Groups");
  });

  it("exports the report and the reminder, and remembers the token only when asked", async () => {
    const progress = { ...emptyProgress(), domain: "  https://ACME.loopio.com/home ", current_step: "done" as const };
    const fake = await start(progress);
    ($("#export-html") as HTMLButtonElement).click();
    await settle();
    expect(fake.exports).toEqual([{ kind: "report", format: "html" }]);
    expect($("#export-status").textContent).toContain("Saved to /tmp/report");

    ($('.steps li:nth-child(7) button') as HTMLButtonElement).click();
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
