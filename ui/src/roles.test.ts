import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import type { RolesPlan } from "./bindings/RolesPlan";
import { $, settle, start, typeInto } from "./test-support";
import { emptyProgress } from "./wizard";

const DOMAIN = "  https://ACME.loopio.com/home ";

function rolesStep(plan: RolesPlan, known = ["Admin", "Reviewer"]): Progress {
  return { ...emptyProgress(), domain: DOMAIN, current_step: "map_roles", roles_known: known, roles_plan: plan };
}

const text = (sel: string) => document.querySelector(sel)?.textContent ?? "";
const rows = () => [...document.querySelectorAll<HTMLElement>(".role-check")];

describe("roles step", () => {
  it("labels per-group rows by their group and shows no error for rows not filled in yet", async () => {
    await start(rolesStep({ mode: "per_group", groups: [{ group: "", role: "" }] }));
    await settle();
    expect(text("#roles-checks")).not.toContain("All users");
    expect(text("#roles-checks")).not.toContain("(empty)");
    expect(text("#roles-checks")).not.toContain("✖");
    expect(text("#roles-checks")).not.toContain("Enter the Okta group name");
    expect(text("#roles-ready")).not.toContain("Fix");
    expect(text("#roles-ready")).toContain("Fill in");
    // Nothing to enter in Okta yet, so no instruction with an empty group or value.
    expect(document.querySelector("#roles-instructions")).toBeNull();

    typeInto("#group-0", "Sales");
    await settle();
    expect(text('[data-row="0"]')).toContain('Group "Sales"');
    // Now edited: the missing role is an error, marked ✖, and the banner points at it.
    expect(text('[data-row="0"]')).toContain("✖");
    expect(text("#roles-ready")).toContain("Fix the items marked ✖");

    typeInto("#group-role-0", "Admin");
    await settle();
    expect(text("#roles-ready")).toContain("Ready");
    const instructions = text("#roles-instructions");
    expect(instructions).toContain('beside the group "Sales", enter roles = Admin');
    expect(instructions).not.toContain('""');
    expect(instructions).not.toMatch(/= ,/);
  });

  it("holds back 'Enter exactly' while a value is a near miss and offers Loopio's spelling", async () => {
    const { saves } = await start(rolesStep({ mode: "same_for_all", role: "" }));
    typeInto("#same-role", "admin");
    await settle();
    expect($('[data-row="0"]').dataset["code"]).toBe("role.near_miss");
    expect(text('[data-row="0"]')).toContain("Fix");
    expect(text("#roles-checks")).not.toContain("Enter exactly: admin");

    ($("#use-suggestion-0") as HTMLButtonElement).click();
    await settle();
    expect(($("#same-role") as HTMLInputElement).value).toBe("Admin");
    expect(text("#roles-instructions")).toContain("Enter exactly: Admin");
    expect(saves.at(-1)?.roles_plan).toEqual({ mode: "same_for_all", role: "Admin" });
  });

  it("marks a repeated group with ✖ so the banner matches what is shown", async () => {
    await start(
      rolesStep({
        mode: "per_group",
        groups: [
          { group: "Sales", role: "Admin" },
          { group: "sales", role: "Reviewer" },
        ],
      }),
    );
    await settle();
    expect(text("#roles-ready")).toContain("Fix the items marked ✖");
    const repeated = text('[data-row="1"]');
    expect(repeated).toContain("listed twice");
    expect(repeated).toContain("✖");
    expect(repeated).not.toContain("⚠ Check");
    // Every row the banner asks to fix carries a visible ✖.
    expect(rows().filter((r) => r.textContent?.includes("✖")).length).toBeGreaterThan(0);
  });

  it("does not ask to fix ✖ items when only warnings are shown", async () => {
    await start(rolesStep({ mode: "same_for_all", role: "Editor" }));
    await settle();
    expect(text('[data-row="0"]')).toContain("⚠");
    expect(text("#roles-ready")).not.toContain("✖");
    expect(text("#roles-ready")).toContain("Ready");
  });
});

describe("role names added by hand", () => {
  it("a name added by hand is 'not seen in Loopio yet', never a tick; names differing only in case are an error naming both", async () => {
    const { saves } = await start({ ...rolesStep({ mode: "same_for_all", role: "" }, ["Reviewer"]), roles_seen: ["Reviewer"] });
    typeInto("#new-role", "Admin");
    ($("#add-role") as HTMLButtonElement).click();
    await settle();
    typeInto("#same-role", "Admin");
    await settle();
    expect($('[data-row="0"]').dataset["code"]).toBe("role.not_seen");
    expect(text('[data-row="0"]')).toContain("not seen in Loopio yet");
    expect(text('[data-row="0"]')).not.toContain("✓");
    expect(text('[data-row="0"]')).not.toContain("is a Loopio role name");
    typeInto("#same-role", "Reviewer");
    await settle();
    expect(text('[data-row="0"]')).toContain("✓");
    expect(saves.at(-1)?.roles_seen).toEqual(["Reviewer"]);

    typeInto("#new-role", "admin");
    ($("#add-role") as HTMLButtonElement).click();
    await settle();
    const error = text("#known-errors");
    expect(error).toContain('"Admin"');
    expect(error).toContain('"admin"');
    expect(text("#roles-ready")).toContain("Fix the items marked ✖");
    expect(document.querySelector("#roles-instructions")).toBeNull();
  });
});

describe("role names read from the practice tenant", () => {
  it("are listed, but not as seen in Loopio, and the status says where they came from", async () => {
    const { saves } = await start({ ...emptyProgress(), domain: DOMAIN, current_step: "connection_test" });
    ($("#target-practice") as HTMLInputElement).click();
    await settle();
    ($("#token") as HTMLInputElement).value = "practice-token-0123456789abcdef";
    ($(".steps li[data-step=map_roles] button") as HTMLButtonElement).click();
    await settle();
    ($("#discover-roles") as HTMLButtonElement).click();
    await settle();
    expect(text("#discover-status")).toContain("not Loopio");
    expect(saves.at(-1)?.roles_known).toContain("Admin");
    expect(saves.at(-1)?.roles_seen ?? []).toEqual([]);
    typeInto("#same-role", "Admin");
    await settle();
    expect($('[data-row="0"]').dataset["code"]).toBe("role.not_seen");
  });
});
