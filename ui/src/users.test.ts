import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import { $, settle, start, typeInto } from "./test-support";
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
