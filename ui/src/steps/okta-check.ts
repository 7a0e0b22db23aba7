// "Check your Okta app": the read-back panel (kept for the open profile).
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderOktaCheck(ctx: StepContext): StepBody {
  return { inputs: ctx.panels.okta().element, dynamic: () => [values(ctx)] };
}
