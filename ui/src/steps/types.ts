// What a step's view gets, and what it gives back to the wizard's shell.
import type { Backend } from "../api";
import type { WizardState } from "../wizard-state";
import type { Panels } from "./panels";

export interface StepContext {
  /** Progress, plan and every change (update, toggle, go...). */
  readonly state: WizardState;
  /** For what a view does itself: copy a value, export a file, find the log. */
  readonly backend: Backend;
  /** The panels kept for the open profile. */
  readonly panels: Panels;
}

/**
 * A step's own part, between its checklist and its footer. The shell draws the rest (title,
 * where, instructions, checklist, Back and Next) the same for every step.
 */
export interface StepBody {
  /** Drawn once when the step opens: never redrawn while the admin types in it. */
  inputs: HTMLElement | null;
  /** Drawn below the inputs, and again after every new plan. */
  dynamic: () => (HTMLElement | null)[];
  /** After every new plan: updates the inputs' errors and notes in place. */
  refresh?: () => void;
}

/** One step's view. */
export type StepRenderer = (ctx: StepContext) => StepBody;
