// "Test the token and connection": the connection test, then the rehearsal of Okta's first push.
import { h } from "../dom";
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderConnectionTest(ctx: StepContext): StepBody {
  // One panel per profile: the token and the last results survive navigation.
  const panel = ctx.panels.connection();
  panel.syncEnvironment();
  const inputs = h("div", { class: "connection-step" }, panel.element, ctx.panels.rehearsal().element);
  return { inputs, dynamic: () => [values(ctx)] };
}
