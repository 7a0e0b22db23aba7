import { describe, expect, it } from "vitest";
import { $, settle, start, typeInto } from "./test-support";

async function submitRename(name: string) {
  typeInto("#rename-profile", name);
  ($("#profile-manage") as HTMLFormElement).requestSubmit();
  await settle();
}

describe("renaming and deleting profiles", () => {
  it("renames the open profile, and says why an empty or taken name is refused", async () => {
    const { renames } = await start();
    const toggle = $("#manage-profile-toggle");
    expect(($("#profile-manage") as HTMLElement).hidden).toBe(true);
    toggle.click();
    expect(($("#profile-manage") as HTMLElement).hidden).toBe(false);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement?.id).toBe("rename-profile");
    expect(($("#rename-profile") as HTMLInputElement).value).toBe("default");

    await submitRename("  ");
    expect($("#manage-error").textContent).toContain("Give the profile a name");
    expect($("#rename-profile").getAttribute("aria-invalid")).toBe("true");
    await submitRename("Taken");
    expect($("#manage-error").textContent).toContain("already exists");
    expect(renames).toHaveLength(0);

    await submitRename("sandbox");
    expect(renames).toEqual([["default", "sandbox"]]);
    expect(($("#profile") as HTMLSelectElement).value).toBe("sandbox");
    expect(document.activeElement?.id).toBe("profile");
  });

  it("deletes only after asking, opens another profile, and never deletes the only one", async () => {
    const { deletes } = await start();
    $("#manage-profile-toggle").click();
    $("#delete-profile").click();
    expect(($("#delete-confirm") as HTMLElement).hidden).toBe(false);
    expect($("#delete-confirm").textContent).toContain("cannot be undone");
    $("#delete-profile-cancel").click();
    expect(($("#delete-confirm") as HTMLElement).hidden).toBe(true);
    expect(deletes).toHaveLength(0);

    // The only profile: the backend refuses, and the form says why.
    $("#delete-profile").click();
    $("#delete-profile-confirm").click();
    await settle();
    expect($("#manage-error").textContent).toContain("only profile");
    expect(deletes).toHaveLength(0);

    // Another profile, then delete it: "default" opens, and the banner says what happened.
    $("#new-profile-toggle").click();
    typeInto("#new-profile", "sandbox");
    ($("#profile-form") as HTMLFormElement).requestSubmit();
    await settle();
    expect(($("#profile") as HTMLSelectElement).value).toBe("sandbox");
    $("#manage-profile-toggle").click();
    expect($("#delete-profile").textContent).toBe('Delete profile "sandbox"…');
    $("#delete-profile").click();
    $("#delete-profile-confirm").click();
    await settle();
    expect(deletes).toEqual(["sandbox"]);
    expect(($("#profile") as HTMLSelectElement).value).toBe("default");
    expect($(".banner.warn").textContent).toContain('Profile "sandbox" was deleted');
  });

  it("opens one form under the header at a time", async () => {
    await start();
    $("#new-profile-toggle").click();
    expect(($("#profile-form") as HTMLElement).hidden).toBe(false);
    $("#manage-profile-toggle").click();
    expect(($("#profile-form") as HTMLElement).hidden).toBe(true);
    expect(($("#profile-manage") as HTMLElement).hidden).toBe(false);
    expect($("#new-profile-toggle").getAttribute("aria-expanded")).toBe("false");
  });
});
