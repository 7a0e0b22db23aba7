// The steps that are only instructions, a checklist and values for Okta: prerequisites,
// create_app, configure_saml, enable_scim, provisioning_integration, provisioning_to_app.
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

/** A step with nothing of its own: its values for Okta, if any. */
export function renderPlainStep(ctx: StepContext): StepBody {
  return { inputs: null, dynamic: () => [values(ctx)] };
}
