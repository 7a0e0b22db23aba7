// The identity provider values Loopio's single sign-on settings need, as the backend read them
// from the Okta app's SAML metadata: each with what it is and a copy button, and a calendar
// reminder for the signing certificate's expiry. Loopio's own field labels are not guessed here:
// each value says what it is.
import { errorText } from "./api";
import type { IdpValues } from "./bindings/IdpValues";
import { h } from "./dom";
import { copyButton } from "./values";

export interface IdpContext {
  copy: (text: string) => Promise<void>;
  /** Saves the certificate's renewal reminder; the path, or null when the admin cancelled. */
  exportReminder: () => Promise<string | null>;
}

function item(id: string, what: string, value: string | null, ctx: IdpContext, multiline = false): HTMLElement {
  const shown =
    value === null
      ? h("span", { class: "missing" }, "Could not be read")
      : multiline
        ? h("pre", { class: "value pem", id: `${id}-text` }, value)
        : h("code", { class: "value", id: `${id}-text` }, value);
  return h(
    "li",
    { class: "value-card", id, "data-key": id },
    h("div", { class: "value-head" }, h("span", { class: "field-name" }, what)),
    h("div", { class: "value-row" }, shown, value === null ? null : copyButton(value, `Copy ${what}`, ctx.copy)),
  );
}

/** The panel: the values, then the certificate's expiry with its reminder (own org only). */
export function idpPanel(idp: IdpValues, practice: boolean, ctx: IdpContext): HTMLElement {
  const items = [
    item("idp-entity-id", "Identity provider entity ID (issuer)", idp.entity_id, ctx),
    item("idp-sso-url", "Identity provider single sign-on URL", idp.sso_url, ctx),
    item("idp-metadata-url", "IdP metadata URL (public, no sign-in needed)", idp.metadata_url, ctx),
    item("idp-certificate-sha256", "Signing certificate SHA-256 fingerprint", idp.certificate_sha256, ctx),
    item("idp-certificate-pem", "Signing certificate (PEM)", idp.certificate_pem.trim(), ctx, true),
  ];
  const expiry =
    idp.certificate_not_after === null
      ? h("p", { class: "warning" }, "The certificate's expiry date could not be read.")
      : h("p", { class: "detail", id: "idp-certificate-expiry" }, `The signing certificate is valid until ${idp.certificate_not_after}.`);
  const saved = h("span", { class: "detail", id: "cert-reminder-saved", "aria-live": "polite" });
  const add = h("button", { type: "button", class: "secondary", id: "export-cert-reminder" }, "Add a certificate renewal reminder to my calendar (.ics)");
  add.addEventListener("click", () => {
    ctx.exportReminder().then(
      (path) => (saved.textContent = path ? `Saved to ${path}` : "Not saved."),
      (err: unknown) => (saved.textContent = errorText(err)),
    );
  });
  const reminder = practice || idp.certificate_not_after === null ? null : h("div", { class: "token-row" }, add, saved);
  return h(
    "section",
    { class: "idp-values", "aria-labelledby": "idp-values-title", id: "idp-values" },
    h("h4", { id: "idp-values-title" }, "Values for Loopio's single sign-on settings"),
    h("p", { class: "detail" }, practice ? "From the practice Okta: an example of what your own app gives, not values to use." : "Read from your Okta app's SAML metadata. Enter them in Loopio's single sign-on (SAML) settings; the metadata URL alone is enough where Loopio accepts one."),
    h("ul", { class: "values" }, items),
    expiry,
    reminder,
  );
}
