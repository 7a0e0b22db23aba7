// The profile switcher in the header, and the form that creates a profile. The backend checks
// the name (and refuses an empty one with a message); the environment is the admin's choice,
// asked when the profile is created, never guessed from its name.
import type { Environment } from "./bindings/Environment";
import type { EnvironmentChoice } from "./bindings/EnvironmentChoice";
import { fill, h } from "./dom";


export interface ProfileActions {
  /** Opens a profile; resolves to the backend's refusal, or null when it opened. */
  open: (name: string, environment: Environment | null) => Promise<string | null>;
  /** Shows a refusal that has no field of its own to sit beside. */
  refused: (message: string) => void;
  /** Renames the open profile; resolves to the backend's refusal, or null when renamed. */
  rename: (to: string) => Promise<string | null>;
  /** Deletes the open profile; resolves to the backend's refusal, or null when deleted. */
  remove: () => Promise<string | null>;
}

/** The header's part: which profile is open, and a button that shows the creation form. */
export function profileSwitcher(profile: string, profiles: string[], form: HTMLElement, actions: ProfileActions, manage: HTMLElement): HTMLElement {
  const select = h("select", { id: "profile" }, profiles.map((p) => h("option", { value: p }, p)));
  select.value = profile;
  select.addEventListener("change", () => {
    void actions.open(select.value, null).then((refusal) => {
      if (refusal === null) return;
      select.value = profile;
      actions.refused(refusal);
    });
  });
  const toggle = h(
    "button",
    { type: "button", class: "secondary small", id: "new-profile-toggle", "aria-expanded": "false", "aria-controls": "profile-form" },
    "New…",
  );
  toggle.setAttribute("aria-label", "New profile");
  const manageToggle = h(
    "button",
    { type: "button", class: "secondary small", id: "manage-profile-toggle", "aria-expanded": "false", "aria-controls": "profile-manage" },
    "Manage…",
  );
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what it manages.
  manageToggle.setAttribute("aria-label", `Manage profile ${profile}: rename or delete`);
  const toggles: [HTMLButtonElement, HTMLElement, string][] = [
    [toggle, form, "#new-profile"],
    [manageToggle, manage, "#rename-profile"],
  ];
  for (const [button, panel, first] of toggles) {
    button.addEventListener("click", () => {
      const open = panel.hidden;
      // One form at a time under the header.
      for (const [other, otherPanel] of toggles) {
        otherPanel.hidden = true;
        other.setAttribute("aria-expanded", "false");
      }
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) panel.querySelector<HTMLInputElement>(first)?.focus();
    });
  }
  return h("div", { class: "profiles" }, h("label", { for: "profile" }, "Profile"), select, toggle, manageToggle);
}

/**
 * The form that renames or deletes the open profile. The backend decides what is allowed (an
 * empty or taken name, the only profile) and says why not; deleting asks once more first.
 */
export function profileManager(profile: string, actions: ProfileActions): HTMLElement {
  const name = h("input", { type: "text", id: "rename-profile", autocomplete: "off", "aria-describedby": "manage-error" });
  name.value = profile;
  const error = h("p", { id: "manage-error", class: "field-error", role: "alert", hidden: true });
  const show = (refusal: string | null) => {
    error.hidden = refusal === null;
    fill(error, refusal === null ? [] : [h("span", { "aria-hidden": "true" }, "✖ "), refusal]);
    // After a change the header is redrawn: put the keyboard back on the profile list.
    if (refusal === null) document.querySelector<HTMLElement>("#profile")?.focus();
  };
  const remove = h("button", { type: "button", class: "secondary small", id: "delete-profile" }, `Delete profile "${profile}"…`);
  const yes = h("button", { type: "button", class: "primary small", id: "delete-profile-confirm" }, "Delete it");
  const no = h("button", { type: "button", class: "secondary small", id: "delete-profile-cancel" }, "Keep it");
  const confirm = h(
    "div",
    { class: "delete-confirm", id: "delete-confirm", role: "group", "aria-labelledby": "delete-confirm-text", hidden: true },
    h("p", { id: "delete-confirm-text" }, `Delete profile "${profile}" and its progress? A token saved for it in the keychain is removed too. This cannot be undone.`),
    yes,
    no,
  );
  remove.addEventListener("click", () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => {
    confirm.hidden = true;
    remove.focus();
  });
  yes.addEventListener("click", () => {
    void actions.remove().then((refusal) => {
      confirm.hidden = true;
      show(refusal);
      if (refusal !== null) remove.focus();
    });
  });
  const form = h(
    "form",
    { class: "profile-form", id: "profile-manage", hidden: true, "aria-label": `Rename or delete profile ${profile}` },
    h("div", { class: "field" }, h("label", { for: "rename-profile" }, `New name for "${profile}"`), name),
    h("button", { type: "submit", class: "primary small", id: "rename-profile-button" }, "Rename"),
    remove,
    confirm,
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void actions.rename(name.value).then((refusal) => {
      name.setAttribute("aria-invalid", refusal === null ? "false" : "true");
      show(refusal);
      if (refusal !== null) name.focus();
    });
  });
  return form;
}

/** The form under the header: a name, the environment, Create. Hidden until asked for. */
export function profileForm(actions: ProfileActions, environments: EnvironmentChoice[]): HTMLElement {
  const name = h("input", {
    type: "text",
    id: "new-profile",
    placeholder: "e.g. sandbox",
    autocomplete: "off",
    "aria-describedby": "profile-error",
  });
  const error = h("p", { id: "profile-error", class: "field-error", role: "alert", hidden: true });
  const envs = environments.map((env, i) => {
    const radio = h("input", { type: "radio", name: "new-profile-env", id: `new-profile-env-${env.id}`, value: env.id });
    radio.checked = i === 0;
    return h("span", { class: "radio inline" }, radio, h("label", { for: `new-profile-env-${env.id}` }, env.label));
  });
  const add = h("button", { type: "submit", class: "primary small", id: "add-profile" }, "Create profile");
  const form = h(
    "form",
    { class: "profile-form", id: "profile-form", hidden: true, "aria-label": "New profile" },
    h("div", { class: "field" }, h("label", { for: "new-profile" }, "New profile name"), name),
    h("fieldset", { class: "field" }, h("legend", {}, "Its Loopio environment"), envs),
    add,
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name="new-profile-env"]:checked');
    const environment = (chosen?.value ?? "production") as Environment;
    void actions.open(name.value, environment).then((refusal) => {
      error.hidden = refusal === null;
      fill(error, refusal === null ? [] : [h("span", { "aria-hidden": "true" }, "✖ "), refusal]);
      name.setAttribute("aria-invalid", refusal === null ? "false" : "true");
      if (refusal !== null) name.focus();
    });
  });
  return form;
}
