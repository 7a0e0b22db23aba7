// The few decisions the UI still makes itself, in one place. Each reads only the backend's plan
// and the saved progress; each is a candidate to move into the core (one place for every rule),
// after which the view would read the answer from the plan instead.
import type { FieldError } from "./bindings/FieldError";
import type { OktaValue } from "./bindings/OktaValue";
import type { Plan } from "./bindings/Plan";
import type { Progress } from "./bindings/Progress";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { StepView } from "./bindings/StepView";

/** Next waits for a valid domain on the step that asks for one. */
export function nextBlocked(plan: Plan, step: StepView): boolean {
  return step.completion === "valid_domain" && plan.domain === null;
}

/** The domain's error, shown once the admin has typed something (empty is not an error yet). */
export function domainError(progress: Progress, plan: Plan): FieldError | null {
  return progress.domain.trim() !== "" ? plan.domain_error : null;
}

/** The typed variable when the backend took it as is (it never doubles `_roles`), else null. */
export function appVariableTakenAsIs(progress: Progress, plan: Plan): string | null {
  const typed = progress.app_variable.trim();
  return plan.roles_variable !== null && plan.roles_variable === typed ? typed : null;
}

/** The steps that count and are not done yet, in order (the last step's list). */
export function remainingSteps(plan: Plan): StepView[] {
  return plan.steps.filter((s) => s.completion !== "none" && !plan.done.includes(s.id));
}

/**
 * Roles travel to Loopio only with "Update User Attributes" on (Loopio's guide): once the admin
 * maps roles, that value is required for them.
 */
export function requiredForRoles(progress: Progress, v: OktaValue): boolean {
  return v.key === "to_app.update_user_attributes" && hasRolesPlan(progress.roles_plan);
}

/** Has the admin mapped any role yet? (Blank rows and an empty role are no plan.) */
function hasRolesPlan(plan: RolesPlan): boolean {
  if (plan.mode === "same_for_all") return plan.role.trim() !== "";
  return plan.groups.some((g) => g.role.trim() !== "");
}
