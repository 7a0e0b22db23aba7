import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import { $, settle, start, typeInto } from "./test-support";
import { checkedAt } from "./users";
import { emptyProgress } from "./wizard";

const at = (more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: "acme.loopio.com",
  current_step: "check_users",
  ...more,
});

async function check() {
  ($("#check-users-run") as HTMLButtonElement).click();
  await settle();
}

const logins = () => [...document.querySelectorAll("#users-causes li[data-login]")].map((li) => li.getAttribute("data-login"));

describe("Check real users", () => {
  it("comes right after Check your Okta app, and is optional", async () => {
    await start(at());
    const ids = [...document.querySelectorAll(".steps li")].map((li) => li.getAttribute("data-step"));
    expect(ids.indexOf("check_users")).toBe(ids.indexOf("okta_check") + 1);
    expect($("#step-title").textContent).toContain("Check real users");
    expect($("#progress-text").textContent).toContain("of 12 done");
  });

  it("shows the counts first, then the failing users grouped by cause with the Okta screen", async () => {
    const fake = await start(at());
    await check();
    expect(fake.userChecks).toHaveLength(1);
    // The Okta side is "Check your Okta app"'s, the Loopio side the connection test's.
    expect(fake.userChecks[0]!.okta.domain).toBe("acme.loopio.com");
    expect(fake.userChecks[0]!.okta.practice).toBe(false);
    expect($("#users-headline").textContent).toContain("3 of 4 users need attention");
    expect(document.querySelector("#users-practice")).toBeNull();
    const counts = $("#users-counts");
    expect(counts.querySelector("[data-state='user.push_failed']")!.textContent).toContain("2 Push failed");
    expect(counts.querySelector("[data-state='user.not_pushed']")).toBeNull();
    // The counts come before the causes.
    expect(counts.compareDocumentPosition($("#users-causes")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const causes = [...document.querySelectorAll("#users-causes [data-cause]")];
    expect(causes.map((c) => c.getAttribute("data-cause"))).toEqual(["push.conflict", "drift.deleted_in_loopio"]);
    const conflict = causes[0]!;
    // The cause first, then what to do and where, then who.
    expect(conflict.querySelector(".finding-head")!.textContent).toContain("2 users");
    expect(conflict.querySelector(".remedy")!.textContent).toContain("run Import");
    expect(conflict.querySelector(".where")!.textContent).toBe("Where: Applications > Applications > Loopio > Import");
    expect(conflict.textContent).toContain("Conflict: user already exists");
    expect(logins()).toEqual(["bob.dup@acme.example", "cat.dup@acme.example", "dee.gone@acme.example"]);
  });

  it("narrows to one person with the search box", async () => {
    await start(at());
    await check();
    typeInto("#users-search", "CAT.dup");
    expect(logins()).toEqual(["cat.dup@acme.example"]);
    expect([...document.querySelectorAll("#users-causes [data-cause]")].map((c) => c.getAttribute("data-cause"))).toEqual(["push.conflict"]);
    typeInto("#users-search", "ann.admin");
    expect(logins()).toEqual([]);
    expect($("#users-causes").textContent).toContain("ann.admin@acme.example: In sync.");
    typeInto("#users-search", "nobody");
    expect($("#users-no-match").textContent).toContain('Nobody matches "nobody"');
    typeInto("#users-search", "");
    expect(logins()).toHaveLength(3);
  });

  it("labels practice results as practice", async () => {
    const fake = await start(at({ current_step: "okta_check" }));
    ($("#okta-source-practice") as HTMLInputElement).click();
    await settle();
    ($('.steps li[data-step=check_users] button') as HTMLButtonElement).click();
    await settle();
    await check();
    expect(fake.userChecks[0]!.okta.practice).toBe(true);
    expect($("#users-practice").textContent).toContain("Practice");
    expect($("#users-practice").textContent).toContain("not your org");
  });

  it("shows a refusal as the backend words it", async () => {
    await start(at(), null, (backend) => {
      backend.checkUsers = async () => {
        throw { code: "token.empty", message: "Paste the Okta API token." };
      };
    });
    await check();
    expect($("#users-verdict [role=alert]").getAttribute("data-code")).toBe("token.empty");
    expect($("#users-verdict").textContent).toContain("Paste the Okta API token.");
    expect($("#check-users-run").textContent).toBe("Check real users again");
  });
});

describe("Check real users: the saved result", () => {
  /** Runs a check and returns the progress saved after it. */
  async function checkedAndSaved(more: Partial<Progress> = {}): Promise<Progress> {
    const fake = await start(at(more));
    await check();
    const saved = fake.saves.at(-1)!;
    expect(saved.last_users_check).toBeDefined();
    return saved;
  }

  it("is kept for the profile with what it ran for, users in sync counted only", async () => {
    const saved = await checkedAndSaved();
    const record = saved.last_users_check!;
    expect(record.ran_for?.domain).toBe("acme.loopio.com");
    expect(record.practice).toBe(false);
    expect(record.in_sync_not_kept).toBe(1);
    expect(record.reconciliation.users.map((u) => u.login)).toEqual(["bob.dup@acme.example", "cat.dup@acme.example", "dee.gone@acme.example"]);
  });

  it("is shown after a restart with its time, and the search still finds who is not in sync", async () => {
    const saved = await checkedAndSaved();
    const fake = await start(saved);
    expect(fake.userChecks).toHaveLength(0);
    expect($("#users-headline").textContent).toContain("3 of 4 users need attention");
    expect($("#users-when").textContent).toBe(`Checked ${checkedAt(1_795_000_000)} (saved result).`);
    expect(document.querySelector("#users-old")).toBeNull();
    expect($("#users-counts [data-state='user.push_failed']").textContent).toContain("2 Push failed");
    expect(logins()).toEqual(["bob.dup@acme.example", "cat.dup@acme.example", "dee.gone@acme.example"]);
    expect($(`#users-causes [data-cause="push.conflict"] .remedy`).textContent).toContain("run Import");
    typeInto("#users-search", "cat.dup");
    expect(logins()).toEqual(["cat.dup@acme.example"]);
    typeInto("#users-search", "ann.admin");
    expect($("#users-no-match").textContent).toBe('Nobody matches "ann.admin". In-sync users are counted only in a saved result: check again to search them.');
    expect($("#check-users-run").textContent).toBe("Check real users again");
  });

  it("says a practice result is practice after a restart", async () => {
    const saved = await checkedAndSaved();
    const practice = { ...saved, last_users_check: { ...saved.last_users_check!, practice: true } };
    await start(practice);
    expect($("#users-practice").textContent).toContain("not your org");
  });

  it("is marked old when it ran for other values", async () => {
    const saved = await checkedAndSaved();
    const note = "This check of real users ran for acme.loopio.com, not for globex.loopio.com. Check again.";
    await start(saved, null, (backend) => {
      const plan = backend.getPlan;
      backend.getPlan = async (input) => ({ ...(await plan(input)), last_users_check_for_other: input.last_users_check_for ? note : null });
    });
    expect($("#users-old").textContent).toBe(`Old result: ${note}`);
    expect($("#users-headline").classList.contains("old")).toBe(true);
    expect([...document.querySelectorAll(".for-other-note")].map((n) => n.textContent)).toContain(note);
  });

  it("says how many users past the saved limit are counted only", async () => {
    const saved = await checkedAndSaved();
    await start({ ...saved, last_users_check: { ...saved.last_users_check!, others_not_kept: 12 } });
    expect($("#users-not-kept").textContent).toBe("12 more users not in sync are counted only in this saved result: check again to see them all.");
  });

  it("writes the time as day, month, year and minutes", () => {
    expect(checkedAt(new Date(2026, 11, 5, 14, 2).getTime() / 1000)).toBe("5 Dec 2026 14:02");
  });
});
