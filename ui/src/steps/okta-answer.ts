// In the assistant's way, a step Okta's API can read shows Okta's answer instead of a tick:
// the core's sentence for this step, and the Okta panel narrowed to this step's findings, with
// Check again and, where Okta's API can, the plan to create or fix the app. Whether the step is
// done is the core's (`StepView.okta_says`); this file lays it out.
import { fill, h } from "../dom";
import { STATUS } from "../status";
import type { StepContext } from "./types";

/** The step's part in the assistant's way; null for a step a tick (or a test) completes. */
export function oktaAnswer(ctx: StepContext): { inputs: HTMLElement; refresh: () => void } | null {
  const step = ctx.state.current;
  if (step.completion !== "okta_answer") return null;
  const panel = ctx.panels.okta();
  panel.followPlan();
  panel.focus(step.okta_codes);
  const says = h("div", { id: "okta-says", role: "status", "aria-live": "polite" });
  const refresh = () => {
    const now = ctx.state.current.okta_says;
    if (now === null) {
      // A check for other values says so (its findings below are for those), else none yet.
      const other = ctx.state.plan.last_okta_check_for_other;
      fill(says, h("p", { class: other ? "for-other-note okta-says none" : "detail okta-says none" }, other ?? "Okta has not been read for this step yet: check the Okta app below."));
      return;
    }
    const look = STATUS[now.status];
    const when = new Date(now.at_unix * 1000).toLocaleString();
    fill(
      says,
      h(
        "div",
        { class: `verdict ${look.look} okta-says`, "data-status": now.status, "data-completes": String(now.completes) },
        h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
        h("div", {}, h("strong", {}, now.text), h("p", { class: "detail" }, `Okta's answer of ${when}.`)),
      ),
    );
  };
  refresh();
  return { inputs: h("section", { class: "okta-answer", "aria-label": "Okta's answer for this step" }, says, panel.element), refresh };
}
