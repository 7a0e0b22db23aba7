// "Test the token and connection": the connection test (the rehearsal has its own step, after the roles).
import { h } from "../dom";
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderConnectionTest(ctx: StepContext): StepBody {
  // One panel per profile: the token and the last results survive navigation.
  const panel = ctx.panels.connection();
  panel.syncEnvironment();
  const inputs = h("div", { class: "connection-step" }, panel.element);
  return { inputs, dynamic: () => [values(ctx)] };
}
