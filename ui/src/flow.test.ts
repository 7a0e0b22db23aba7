import { describe, expect, it } from "vitest";
import type { Progress } from "./bindings/Progress";
import { $, settle, start, typeInto } from "./test-support";
import { emptyProgress } from "./wizard";

const DOMAIN = "  https://ACME.loopio.com/home ";
const at = (step: Progress["current_step"], more: Partial<Progress> = {}): Progress => ({
  ...emptyProgress(),
  domain: DOMAIN,
  current_step: step,
  ...more,
});

describe("progress and the header", () => {
  it("shows one progress counter, not a step position beside it", async () => {
    await start(at("map_roles"));
    expect($("#progress-text").textContent).toBe("1 of 12 done");
    expect(document.body.textContent).not.toMatch(/Step \d+ of \d+/);
  });
});

describe("the Finished step", () => {
  it("lists each step not done as a button that opens it", async () => {
    await start(at("done", { ticked: ["create_app"] }));
    const links = [...document.querySelectorAll<HTMLButtonElement>("#remaining button")];
    expect(links.map((b) => b.textContent)).toContain("Step 4: Configure SAML");
    expect(links.some((b) => b.textContent?.includes("Create the SAML app"))).toBe(false);
    links.find((b) => b.textContent === "Step 4: Configure SAML")?.click();
    await settle();
    expect($("#step-title").textContent).toBe("Configure SAML");
  });

  it("says beside a step not done when it was done for other values", async () => {
    const ran_for = { domain: "globex.loopio.com", environment: "production" as const, app_variable: "" };
    await start(at("done", { ticked: ["create_app"], ticked_for: { create_app: ran_for } }));
    const item = [...document.querySelectorAll("#remaining li")].find((li) => li.textContent?.includes("Create the SAML app"));
    expect(item?.querySelector(".remaining-why")?.textContent).toContain("Done for globex.loopio.com, not for acme.loopio.com");
  });

  it("has a Close action that saves first and says what to do if the window cannot close itself", async () => {
    const { closes, saves } = await start(at("done"));
    const before = saves.length;
    ($('[data-action="close"]') as HTMLButtonElement).click();
    await settle();
    expect(saves.length).toBeGreaterThan(before);
    expect(closes).toHaveLength(1);
    expect($("#close-status").textContent).toContain("Everything is saved");
  });
});

describe("the log for a support ticket", () => {
  it("names the log file on Finished when there is one, and nothing when there is none", async () => {
    await start(at("done"));
    expect($("#log-file").textContent).toContain("/data/org.loopioscim.assistant/logs/assistant.log");
    await start(at("done"), null, (backend) => {
      backend.logFile = async () => null;
    });
    expect($("#log-file").textContent).toBe("");
  });
});

describe("To App and the roles attribute", () => {
  it("says Update User Attributes is required once roles are mapped", async () => {
    await start(at("provisioning_to_app"));
    const card = () => $('[data-key="to_app.update_user_attributes"]');
    expect(card().querySelector(".badge")?.textContent).toBe("Optional");
    expect(card().textContent).not.toContain("Required for roles");

    await start(at("provisioning_to_app", { roles_known: ["Admin"], roles_plan: { mode: "same_for_all", role: "Admin" } }));
    expect(card().querySelector(".badge")?.textContent).toBe("Required for roles");
    expect(card().querySelector(".required-note")?.textContent).toContain("Update User Attributes");
    // Said once, never next to the guide's "Optional".
    expect(card().querySelectorAll(".note")).toHaveLength(1);
    expect(card().textContent).not.toMatch(/optional/i);
    // The other optional settings stay optional.
    expect($('[data-key="to_app.deactivate_users"] .badge').textContent).toBe("Optional");
  });

  it("notes that a variable already ending in _roles was taken as is", async () => {
    const progress = at("profile_editor_roles", { environment: "sandbox" });
    await start(progress);
    typeInto("#app-variable", "loopio_1");
    await settle();
    expect($("#app-variable-note").hidden).toBe(true);
    typeInto("#app-variable", "loopio_1_roles");
    await settle();
    expect($("#app-variable-note").hidden).toBe(false);
    expect($("#app-variable-note").textContent).toContain("taken as is");
  });
});

describe("values for Okta", () => {
  it("offers Copy only on values to paste", async () => {
    await start(at("create_app"));
    expect($('[data-key="general.app_name"] button.copy')).toBeTruthy();
    expect(document.querySelector('[data-key="create.sign_in_method"] button.copy')).toBeNull();
    await start(at("enable_scim"));
    expect($('[data-key="general.enable_scim"]').textContent).toContain("Checked");
    expect(document.querySelector('[data-key="general.enable_scim"] button.copy')).toBeNull();
    await start(at("provisioning_to_app"));
    expect(document.querySelectorAll("button.copy")).toHaveLength(0);
  });

  it("writes each breadcrumb without repeating a crumb", async () => {
    await start(at("profile_editor_roles"));
    const where = $('[data-key="roles.display_name"] .where-small').textContent ?? "";
    expect(where).toBe("Directory > Profile Editor > (your Loopio app) User > Add Attribute");
    await start(at("configure_saml"));
    expect($('[data-key="saml.sso_url"] .where-small').textContent).toBe(
      "Create SAML Integration > 2 Configure SAML > SAML Settings > General",
    );
  });
});

describe("profiles", () => {
  it("refuses an empty name with a visible message", async () => {
    await start(at("instance"));
    ($("#new-profile-toggle") as HTMLButtonElement).click();
    expect($("#profile-form").hidden).toBe(false);
    ($("#new-profile") as HTMLInputElement).value = "   ";
    ($("#add-profile") as HTMLButtonElement).click();
    await settle();
    expect($("#profile-error").hidden).toBe(false);
    expect($("#profile-error").textContent).toContain("Give the profile a name");
    expect(($("#profile") as HTMLSelectElement).value).toBe("default");
  });

  it("starts a new profile on the environment the admin chose, not one guessed from its name", async () => {
    const opened = async (name: string, sandbox: boolean) => {
      const fake = await start(at("instance"), null, (backend) => {
        backend.switchProfile = async (n) => ({ progress: at("prerequisites"), notice: null, profile: n, profiles: ["default", n] });
      });
      ($("#new-profile") as HTMLInputElement).value = name;
      if (sandbox) ($("#new-profile-env-sandbox") as HTMLInputElement).click();
      ($("#add-profile") as HTMLButtonElement).click();
      await settle();
      return fake;
    };
    let fake = await opened("sandbox", false);
    expect(($("#profile") as HTMLSelectElement).value).toBe("sandbox");
    expect(fake.saves.at(-1)?.environment ?? "production").toBe("production");
    fake = await opened("staging", true);
    expect(fake.saves.at(-1)?.environment).toBe("sandbox");
    ($(".steps li[data-step=connection_test] button") as HTMLButtonElement).click();
    await settle();
    expect($("#profile-environment").textContent).toContain('Profile "staging"');
    expect($("#profile-environment-name").textContent).toBe("Sandbox (INT01)");
  });
});

describe("the step list", () => {
  it("marks the optional steps as optional, and only them", async () => {
    await start(at("prerequisites"));
    const marked = [...document.querySelectorAll(".steps li")].filter((li) => li.querySelector(".optional-mark")).map((li) => li.getAttribute("data-step"));
    expect(marked).toEqual(["rehearsal", "check_users"]);
  });
});

describe("choosing the way", () => {
  it("is asked at the first step and again at Create the SAML app, and is saved", async () => {
    const { saves } = await start(at("prerequisites"));
    const assistant = $("#way-prerequisites-assistant") as HTMLInputElement;
    expect(assistant.checked).toBe(false);
    expect($("#way-prerequisites").textContent).toContain("Not chosen yet");
    assistant.click();
    assistant.dispatchEvent(new Event("change"));
    await settle();
    expect(saves.at(-1)?.way).toBe("assistant");
    // The same choice, already made, where the app is created.
    ($('[data-action="next"]') as HTMLButtonElement).click();
    await settle();
    ($('[data-action="next"]') as HTMLButtonElement).click();
    await settle();
    expect($("#step-title").textContent).toBe("Create the SAML app in Okta");
    expect(($("#way-create_app-assistant") as HTMLInputElement).checked).toBe(true);
    const manual = $("#way-create_app-manual") as HTMLInputElement;
    manual.click();
    manual.dispatchEvent(new Event("change"));
    await settle();
    expect(saves.at(-1)?.way).toBe("manual");
  });
});
