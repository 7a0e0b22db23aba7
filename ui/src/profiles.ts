// The profile switcher in the header, and the form that creates a profile. The backend checks
// the name (and refuses an empty one with a message); the environment is the admin's choice,
// asked when the profile is created, never guessed from its name.
import type { Environment } from "./bindings/Environment";
import { fill, h } from "./dom";

export const ENVIRONMENTS: { id: Environment; label: string; hint: string }[] = [
  { id: "production", label: "Production", hint: "Your live Loopio instance." },
  {
    id: "sandbox",
    label: "Sandbox (INT01)",
    hint: "A test instance from Loopio Support. Set it up here first if you have one.",
  },
];

export interface ProfileActions {
  /** Opens a profile; resolves to the backend's refusal, or null when it opened. */
  open: (name: string, environment: Environment | null) => Promise<string | null>;
  /** Shows a refusal that has no field of its own to sit beside. */
  refused: (message: string) => void;
}

/** The header's part: which profile is open, and a button that shows the creation form. */
export function profileSwitcher(profile: string, profiles: string[], form: HTMLElement, actions: ProfileActions): HTMLElement {
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
  toggle.addEventListener("click", () => {
    const open = form.hidden;
    form.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) form.querySelector<HTMLInputElement>("#new-profile")?.focus();
  });
  return h("div", { class: "profiles" }, h("label", { for: "profile" }, "Profile"), select, toggle);
}

/** The form under the header: a name, the environment, Create. Hidden until asked for. */
export function profileForm(actions: ProfileActions): HTMLElement {
  const name = h("input", {
    type: "text",
    id: "new-profile",
    placeholder: "e.g. sandbox",
    autocomplete: "off",
    "aria-describedby": "profile-error",
  });
  const error = h("p", { id: "profile-error", class: "field-error", role: "alert", hidden: true });
  const envs = ENVIRONMENTS.map((env, i) => {
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
