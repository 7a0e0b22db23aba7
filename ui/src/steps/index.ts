// Which view draws which step: one entry per step the core defines (the compiler checks that
// none is missing when the core adds one).
import type { StepId } from "../bindings/StepId";
import { renderCheckUsers } from "./check-users";
import { renderConnectionTest } from "./connection-test";
import { renderDone } from "./done";
import { renderInstance } from "./instance";
import { renderLoopioSso } from "./loopio-sso";
import { renderMapRoles } from "./map-roles";
import { renderOktaCheck } from "./okta-check";
import { renderPlainStep } from "./plain";
import { renderProfileEditorRoles } from "./profile-editor-roles";
import { renderRehearsal } from "./rehearsal";
import type { StepRenderer } from "./types";

export const STEP_VIEWS: Record<StepId, StepRenderer> = {
  prerequisites: renderPlainStep,
  instance: renderInstance,
  create_app: renderPlainStep,
  configure_saml: renderPlainStep,
  loopio_sso: renderLoopioSso,
  enable_scim: renderPlainStep,
  provisioning_integration: renderPlainStep,
  connection_test: renderConnectionTest,
  provisioning_to_app: renderPlainStep,
  profile_editor_roles: renderProfileEditorRoles,
  map_roles: renderMapRoles,
  rehearsal: renderRehearsal,
  okta_check: renderOktaCheck,
  check_users: renderCheckUsers,
  done: renderDone,
};

export { Panels } from "./panels";
export type { StepBody, StepContext } from "./types";
export { checklist, stepIntro } from "./common";
