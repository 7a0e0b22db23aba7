// "Loopio's SSO settings": the identity provider values Loopio's single sign-on settings need,
// right after the SAML settings are in Okta. Read from the admin's Okta app when the assistant has
// read it (the IdP panel, with copy buttons and the certificate's reminder); else where to copy
// them in Okta.
import { h } from "../dom";
import { idpPanel } from "../okta-idp";
import type { StepBody, StepContext } from "./types";

function whereInOkta(practice: boolean): HTMLElement {
  return h(
    "section",
    { class: "idp-where", id: "idp-where", "aria-labelledby": "idp-where-title" },
    h("h3", { id: "idp-where-title" }, practice ? "Where to copy your own in Okta" : "Where to copy them in Okta"),
    practice ? h("p", { class: "warning" }, h("span", { "aria-hidden": "true" }, "⚠ "), "The values above are the practice Okta's, not your app's: do not enter them in Loopio.") : null,
    h(
      "ol",
      {},
      h("li", {}, "In the Okta Admin Console, open Applications > Applications and your Loopio app."),
      h("li", {}, "Open the Sign On tab. Under SAML 2.0, click View SAML setup instructions."),
      h("li", {}, "Copy the Identity Provider Single Sign-On URL, the Identity Provider Issuer and the X.509 Certificate into Loopio's single sign-on settings."),
    ),
    h("p", { class: "detail" }, "Or let the assistant read them from your own Okta app at \"Check your Okta app\": they then appear here, with copy buttons."),
  );
}

export function renderLoopioSso(ctx: StepContext): StepBody {
  const check = ctx.state.progress.last_okta_check;
  const idp = check?.idp ?? null;
  const inputs =
    check && idp
      ? h(
          "div",
          { class: "loopio-sso" },
          // Under the step's own heading: the IdP panel's h4 then follows an h3 (heading order).
          h("h3", { id: "idp-read-title" }, check.practice ? "Read from the practice Okta" : "Read from your Okta app"),
          h("p", { class: "detail", id: "idp-source" }, `Read from ${check.practice ? "the practice Okta" : `${check.org}, app ${check.app_label}`} on ${new Date(check.at_unix * 1000).toLocaleString()}.`),
          idpPanel(idp, check.practice, { copy: (text) => ctx.backend.copy(text), exportReminder: () => ctx.backend.exportFile({ kind: "certificate_reminder" }) }),
          check.practice ? whereInOkta(true) : null,
        )
      : whereInOkta(false);
  return { inputs, dynamic: () => [] };
}
