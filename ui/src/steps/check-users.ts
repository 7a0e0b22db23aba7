// "Check real users": after "Check your Okta app", Okta's assigned users and Loopio's, user by
// user (kept for the open profile). Optional: nothing ticks it.
import type { StepBody, StepContext } from "./types";

export function renderCheckUsers(ctx: StepContext): StepBody {
  return { inputs: ctx.panels.users().element, dynamic: () => [] };
}
