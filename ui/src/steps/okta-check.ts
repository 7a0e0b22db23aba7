// "Check your Okta app": the read-back panel (kept for the open profile).
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderOktaCheck(ctx: StepContext): StepBody {
  const panel = ctx.panels.okta();
  panel.followPlan();
  panel.focus(null);
  return { inputs: panel.element, dynamic: () => [values(ctx)] };
}
