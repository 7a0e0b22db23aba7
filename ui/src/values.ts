// The "Values for Okta" cards: each value the backend gives, where it goes, and a copy button on
// the ones the admin pastes. Which values exist and what they say come from the backend.
import type { OktaValue } from "./bindings/OktaValue";
import { h } from "./dom";

/** What the wizard adds to one card beyond the backend's value (e.g. roles make it required). */
export interface CardExtra {
  badge: string;
  note: string;
}

export interface ValueListOptions {
  copy: (text: string) => Promise<void>;
  extra?: (v: OktaValue) => CardExtra | null;
}

/** Only text is pasted: a choice is picked from a list, a checkbox ticked, the secret never shown. */
export function isPasted(v: OktaValue): boolean {
  return v.kind === "text" && v.value !== null;
}

/**
 * "Screen > Section" as the admin reads it, without saying the same crumb twice: a section named
 * like the screen's last crumb ("... > Add Attribute" and "Add Attribute") is shown once.
 */
export function breadcrumb(screen: string, section: string): string {
  const crumbs = screen.split(" > ");
  const last = crumbs[crumbs.length - 1] ?? "";
  if (section.trim() === "" || section.trim() === last.trim()) return screen;
  return `${screen} > ${section}`;
}


export function valueList(values: OktaValue[], options: ValueListOptions): HTMLElement {
  const cards = values.map((v) => {
    const id = `value-${v.key.replace(/[^a-z0-9_-]/gi, "-")}`;
    const action = v.action;
    const extra = options.extra?.(v) ?? null;
    const value =
      v.kind === "secret"
        ? h("span", { class: "secret" }, "Your Loopio SCIM token (not shown here)")
        : v.value !== null
          ? h("code", { class: `value kind-${v.kind}`, id: `${id}-text` }, v.value)
          : h("span", { class: "missing" }, "Not available yet");
    const copy = isPasted(v) && v.value !== null ? copyButton(v.value, `Copy ${v.field}`, options.copy) : null;
    const badge = extra ? h("span", { class: "badge required" }, extra.badge) : v.required ? null : h("span", { class: "badge" }, "Optional");
    return h(
      "li",
      { class: "value-card", id, "data-key": v.key },
      h("div", { class: "value-head" }, h("span", { class: "field-name" }, v.field), badge),
      h("p", { class: "where-small" }, breadcrumb(v.screen, v.section)),
      h("div", { class: "value-row" }, action ? h("span", { class: "action" }, action) : null, value, copy),
      // The wizard's note, when it has one, says the same as the backend's with more (the step).
      v.note && !extra ? h("p", { class: "note" }, v.note) : null,
      extra ? h("p", { class: "note required-note" }, h("span", { "aria-hidden": "true" }, "⚠ "), extra.note) : null,
    );
  });
  return h("section", { "aria-label": "Values for Okta" }, h("h3", {}, "Values for Okta"), h("ul", { class: "values" }, cards));
}

export function copyButton(text: string, label: string, copy: (text: string) => Promise<void>): HTMLButtonElement {
  const button = h("button", { type: "button", class: "copy", "aria-label": label }, "Copy");
  const status = (message: string) => {
    button.textContent = message;
    window.setTimeout(() => (button.textContent = "Copy"), 2000);
  };
  button.addEventListener("click", () => {
    copy(text).then(
      () => status("Copied ✓"),
      () => status("Copy failed: select the text and press Ctrl+C"),
    );
  });
  return button;
}
