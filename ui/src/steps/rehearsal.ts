// "Rehearse Okta's first push": after the roles, with the planned roles (from the core), against
// the target and token chosen at "Test the token and connection". It is optional: nothing ticks it.
import { h } from "../dom";
import { targetLabel } from "../status";
import type { StepBody, StepContext } from "./types";

/** What the rehearsal will send and where, said before the admin runs it. */
function sends(ctx: StepContext): HTMLElement {
  const roles = ctx.state.plan.rehearsal_roles;
  const choice = ctx.panels.connection().choice();
  const where = `It rehearses against ${targetLabel(choice.target)}, with the token given in "Test the token and connection".`;
  const what =
    roles.length === 0
      ? h("p", { class: "warning", id: "rehearsal-no-roles" }, h("span", { "aria-hidden": "true" }, "⚠ "), "No role is planned yet, so no role would be sent. Go Back to \"Map Okta users to Loopio roles\" and plan the roles first.")
      : h("p", { class: "detail", id: "rehearsal-roles" }, `The roles it sends, as planned in the previous step: ${roles.join(", ")}.`);
  return h("div", { class: "rehearsal-sends" }, h("p", { class: "detail", id: "rehearsal-target" }, where), what);
}

export function renderRehearsal(ctx: StepContext): StepBody {
  const panel = ctx.panels.rehearsal();
  // The target may have changed at the connection test since the panel was made.
  panel.sync();
  // What it sends and where comes before the button (neither changes on this step).
  return { inputs: h("div", { class: "rehearsal-step" }, sends(ctx), panel.element), dynamic: () => [] };
}
