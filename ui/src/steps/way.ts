// The choice of way, at the first step and again at "Create the SAML app": enter the values in
// Okta by hand, or let the assistant set up the Okta app through Okta's API. Which steps the
// way changes, and what completes them, are the core's; this only asks and saves.
import type { SetupWay } from "../bindings/SetupWay";
import { h } from "../dom";
import type { StepContext } from "./types";

const WAYS: { id: SetupWay; label: string; hint: string }[] = [
  {
    id: "manual",
    label: "I'll enter the values in Okta myself",
    hint: "Each step shows the values with copy buttons and where they go; you tick each step when it is done. The Okta check at the end reads your app back.",
  },
  {
    id: "assistant",
    label: "The assistant sets up the Okta app for me",
    hint: "Needs an Okta API token of an administrator who can create apps, or a service app granted the .manage scopes. It connects once, shows every request before sending it, and marks each step done from Okta's answers, not from ticks. What Okta has no API for (Enable SCIM provisioning, the Integration screen with the SCIM token, the To App switches) stays yours, each with Check again.",
  },
];

/** The two ways as radio buttons; choosing one saves it and redraws the step for it. */
export function wayChoice(ctx: StepContext, where: string): HTMLElement {
  const chosen = ctx.state.progress.way ?? null;
  const options = WAYS.map((way) => {
    const id = `way-${where}-${way.id}`;
    const input = h("input", { type: "radio", name: `way-${where}`, id, value: way.id, "aria-describedby": `${id}-hint` });
    input.checked = chosen === way.id;
    input.addEventListener("change", () => {
      if (input.checked) void ctx.state.update({ way: way.id }, true);
    });
    return h("div", { class: "radio" }, input, h("div", {}, h("label", { for: id }, way.label), h("p", { class: "detail", id: `${id}-hint` }, way.hint)));
  });
  return h(
    "fieldset",
    { class: "field way-choice", id: `way-${where}`, "data-way": chosen ?? "none" },
    h("legend", {}, "How do you want to set up the Okta app?"),
    ...options,
    chosen === null ? h("p", { class: "detail" }, "Not chosen yet: the steps ask you to enter the values by hand until you choose. You can change this later, at \"Create the SAML app\".") : null,
  );
}
