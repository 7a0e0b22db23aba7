// "Map Loopio roles": the roles panel (kept for the open profile).
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderMapRoles(ctx: StepContext): StepBody {
  return { inputs: ctx.panels.roles().element, dynamic: () => [values(ctx)] };
}
