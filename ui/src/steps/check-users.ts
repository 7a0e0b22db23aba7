// "Check real users": after "Check your Okta app", Okta's assigned users and Loopio's, user by
// user (the last result kept for the open profile, marked old after a change of values).
// Optional: nothing ticks it.
import type { StepBody, StepContext } from "./types";

export function renderCheckUsers(ctx: StepContext): StepBody {
  const panel = ctx.panels.users();
  return { inputs: panel.element, dynamic: () => [], refresh: () => panel.refresh() };
}
