import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import type { RehearsalFinding } from "./bindings/RehearsalFinding";
import type { RehearsalOutcome } from "./bindings/RehearsalOutcome";
import { $, settle, start, typeInto } from "./test-support";
import { emptyProgress } from "./wizard";

const at = (more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: "  https://ACME.loopio.com/home ",
  current_step: "rehearsal",
  ...more,
});

/** From the connection test's target and token to the rehearsal's own step, after the roles. */
async function toRehearsal() {
  ($('.steps li[data-step=rehearsal] button') as HTMLButtonElement).click();
  await settle();
  expect($("#step-title").textContent).toContain("Rehearse Okta's first push");
}

async function rehearse() {
  ($("#run-rehearsal") as HTMLButtonElement).click();
  await settle();
}

describe("the rehearsal of Okta's first push", () => {
  it("is offered after the roles, with the planned roles, and never gives command-line advice", async () => {
    await start(at({ current_step: "connection_test" }));
    expect(document.querySelector("#run-rehearsal")).toBeNull();
    const ids = [...document.querySelectorAll(".steps li")].map((li) => li.getAttribute("data-step"));
    expect(ids.indexOf("rehearsal")).toBe(ids.indexOf("map_roles") + 1);
    await toRehearsal();
    expect($("#rehearsal-no-roles").textContent).toContain("No role is planned yet");
    await start(at({ roles_plan: { mode: "per_group", groups: [{ group: "Admins", role: "Admin" }, { group: "Writers", role: "Contributor" }, { group: "Leads", role: "Admin" }] } }));
    expect($("#rehearsal-roles").textContent).toContain("Admin, Contributor.");
    expect(document.querySelector("#rehearsal-no-roles")).toBeNull();
    const text = document.body.textContent ?? "";
    expect(text).not.toContain("--role");
    expect(text).not.toContain("command line");
  });

  it("warns plainly that it creates a test user", async () => {
    await start(at());
    expect($("#run-rehearsal").textContent).toBe("Rehearse the first push (creates a test user)");
    const warning = $("#rehearsal-warning").textContent ?? "";
    expect(warning).toContain("creates one test user");
    expect(warning).toContain("Nothing is deleted");
  });

  it("shows each step as it arrives, before the rehearsal ends", async () => {
    let finish: (o: RehearsalOutcome) => void = () => undefined;
    let send: (f: RehearsalFinding) => void = () => undefined;
    await start(at({ environment: "sandbox" }), null, (backend) => {
      backend.runRehearsal = (_request, onFinding) => {
        send = onFinding;
        return new Promise((resolve) => (finish = resolve));
      };
    });
    await rehearse();
    expect($("#run-rehearsal").textContent).toBe("Rehearsing…");
    const first: RehearsalFinding = {
      code: "rehearse.lookup_before_create",
      status: "pass",
      title: "Okta's lookup before a create finds nobody for a new user",
      request: 'GET /Users?filter=userName eq "okta-rehearsal-1@example.com"',
      detail: "HTTP 200, totalResults 0",
      remedy: "",
      okta_shows: "",
      cause: null,
      elapsed_ms: 4,
    };
    send(first);
    expect(document.querySelectorAll("#rehearsal-steps li")).toHaveLength(1);
    expect($("#rehearsal-steps li").textContent).toContain("Okta's request: GET /Users?filter=");
    finish({
      rehearsal: { verdict: "pass", test_users: [], findings: [first], cleanup: "", elapsed_ms: 5 },
      record: { at_unix: 1, target: "sandbox", base_url: "https://api.int01.loopio.com/scim/v2", verdict: "pass", headline: "Okta's first push should work: every step worked as Okta needs it.", steps: [], test_users: [], cleanup: "" },
    });
    await settle();
    expect($("#rehearsal-headline").textContent).toContain("Okta's first push should work");
  });

  it("says what to do about a failure, lists the test users left and keeps the result", async () => {
    const { saves, rehearsals } = await start(at({ current_step: "connection_test", roles_plan: { mode: "same_for_all", role: "admin" } }));
    ($("#target-practice") as HTMLInputElement).click();
    await settle();
    ($("#use-practice-token") as HTMLButtonElement).click();
    await settle();
    await toRehearsal();
    expect($("#rehearsal-target").textContent).toContain("Practice tenant");
    await rehearse();
    expect(rehearsals[0]?.target).toBe("practice");
    expect(rehearsals[0]?.roles_plan).toEqual({ mode: "same_for_all", role: "admin" });
    expect(rehearsals[0]?.token).toBe("practice-token-0123456789abcdef");

    const roles = $('#rehearsal-steps [data-code="rehearse.roles"]');
    expect(roles.querySelector(".status")?.textContent).toBe("✖ Fail");
    expect(roles.querySelector(".remedy")?.textContent).toBe("What to do: Correct the role value on the Okta group.");
    expect(roles.querySelector(".okta-shows")?.textContent).toContain("How Okta shows it:");
    expect(roles.querySelector(".support-code")?.textContent).toBe("Code for Loopio Support: rehearse.roles (role.refused)");
    expect($('#rehearsal-steps [data-code="rehearse.create"]').querySelector(".remedy")).toBeNull();
    expect($("#rehearsal-headline").textContent).toContain("would fail");

    const users = $("#rehearsal-users").textContent ?? "";
    expect(users).toContain("okta-rehearsal-0a1b2c3d4e5f@example.com");
    expect(users).toContain("id u-42, deactivated");
    expect($("#test-users-cleanup").textContent).toContain("How to remove them:");

    const kept = saves.at(-1)?.last_rehearsal;
    expect(kept?.verdict).toBe("fail");
    expect(kept?.target).toBe("practice");
    expect(kept?.test_users[0]?.id).toBe("u-42");
  });

  it("needs the instance domain typed again for Production, and says so when it is missing", async () => {
    const { rehearsals } = await start(at());
    expect(($("#rehearsal-confirm-field") as HTMLElement).hidden).toBe(false);
    await rehearse();
    const refusal = $('#rehearsal-verdict [data-code="rehearse.production_unconfirmed"]');
    expect(refusal.textContent).toContain("typing your Loopio domain again");
    expect(document.activeElement?.id).toBe("rehearsal-confirm");
    expect($("#rehearsal-confirm").getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelectorAll("#rehearsal-steps li")).toHaveLength(0);

    typeInto("#rehearsal-confirm", "acme.loopio.com");
    await rehearse();
    expect(rehearsals.at(-1)?.confirm_production).toBe("acme.loopio.com");
    expect(document.querySelectorAll("#rehearsal-steps li")).toHaveLength(3);
  });

  it("does not ask for the domain on the sandbox, nor after switching from Production to practice", async () => {
    await start(at({ environment: "sandbox" }));
    expect(($("#rehearsal-confirm-field") as HTMLElement).hidden).toBe(true);
    await start(at());
    expect(($("#rehearsal-confirm-field") as HTMLElement).hidden).toBe(false);
    ($('.steps li[data-step=connection_test] button') as HTMLButtonElement).click();
    await settle();
    const practice = $("#target-practice") as HTMLInputElement;
    practice.checked = true;
    practice.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    await toRehearsal();
    expect(($("#rehearsal-confirm-field") as HTMLElement).hidden).toBe(true);
  });

  it("shows the last rehearsal and its test users after a restart", async () => {
    await start(
      at({
        last_rehearsal: {
          at_unix: 1_795_000_000,
          target: "sandbox",
          base_url: "https://api.int01.loopio.com/scim/v2",
          verdict: "warn",
          headline: "Okta's first push should work: the steps worked, with warnings to read below.",
          steps: [{ code: "rehearse.duplicate", status: "warn", title: "A second user with the same userName in another case is not refused with 409" }],
          test_users: [{ id: "u-7", userName: "okta-rehearsal-77@example.com", active: false }],
          cleanup: "Delete them in Loopio.",
        },
      }),
    );
    const headline = $("#rehearsal-headline").textContent ?? "";
    expect(headline).toContain("with warnings");
    expect(headline).toContain("Last rehearsal");
    expect(headline).toContain("Sandbox (INT01)");
    expect($('#rehearsal-steps [data-code="rehearse.duplicate"]').textContent).toContain("⚠ Warning");
    expect($("#rehearsal-users").textContent).toContain("okta-rehearsal-77@example.com");
    expect($("#test-users-title").textContent).toBe("Test users left in Loopio");
  });

  it("names the practice tenant, not Loopio, as where a practice rehearsal left its test users", async () => {
    await start(
      at({
        last_rehearsal: {
          at_unix: 1_795_000_000,
          target: "practice",
          base_url: "http://127.0.0.1:5555/scim/v2",
          verdict: "pass",
          headline: "The practice tenant took Okta's first push.",
          steps: [],
          test_users: [{ id: "u-8", userName: "okta-rehearsal-78@example.com", active: false }],
          cleanup: "Nothing to do: the practice tenant forgets them when the app closes.",
        },
      }),
    );
    expect($("#test-users-title").textContent).toBe("Test users left on the practice tenant (not Loopio)");
  });
});
