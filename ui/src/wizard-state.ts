// The wizard's state, apart from its drawing: the admin's progress, the backend's plan for it,
// the open profile and what the banner says, with every operation that changes them. No DOM
// here: the view subscribes and redraws what a change names.
//
// State flows one way: an input changes `progress`, the backend turns it into a `Plan`, and the
// view is redrawn from `progress` + `plan`.
import { errorText, type Backend } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { Environment } from "./bindings/Environment";
import type { LoadedProgress } from "./bindings/LoadedProgress";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { Progress } from "./bindings/Progress";
import type { StepId } from "./bindings/StepId";
import type { StepView } from "./bindings/StepView";
import { emptyProgress } from "./state";

/**
 * What changed, for the view to redraw:
 * - `profile`: another profile is open (everything, the header included);
 * - `moved`: the admin opened another step (the step, and the keyboard goes to it);
 * - `step`: a change that reshapes the open step (the step, focus untouched);
 * - `plan`: a new plan while the admin works in the step (only what depends on it);
 * - `banner`: the notice or the save error.
 */
export type Change = "profile" | "moved" | "step" | "plan" | "banner";

export class WizardState {
  private listener: (change: Change) => void = () => undefined;
  /** Numbers each plan request, so an answer to an older input is dropped. */
  private planRequest = 0;
  /** Bumped whenever another profile opens: what was kept for the previous one is stale. */
  private opened = 0;
  private notice_: string | null;
  private saveError_: string | null = null;
  private profile_: string;
  private profiles_: string[];
  private progress_: Progress;

  private constructor(
    private readonly backend: Backend,
    loaded: LoadedProgress,
    private plan_: Plan,
  ) {
    this.progress_ = loaded.progress;
    this.notice_ = loaded.notice;
    this.profile_ = loaded.profile;
    this.profiles_ = loaded.profiles;
  }

  /** Loads saved progress (or says why it could not) and the plan for it. */
  static async load(backend: Backend): Promise<WizardState> {
    let loaded: LoadedProgress;
    try {
      loaded = await backend.loadProgress();
    } catch (e) {
      loaded = {
        progress: emptyProgress(),
        notice: `Saved progress could not be loaded: ${errorText(e)}`,
        profile: "default",
        profiles: ["default"],
      };
    }
    return new WizardState(backend, loaded, await backend.getPlan(planInput(loaded.progress)));
  }

  /** The view's one listener: told after every change what to redraw. */
  subscribe(listener: (change: Change) => void): void {
    this.listener = listener;
  }

  // ---- reading -------------------------------------------------------------------------------

  get progress(): Progress {
    return this.progress_;
  }

  get plan(): Plan {
    return this.plan_;
  }

  get profile(): string {
    return this.profile_;
  }

  get profiles(): string[] {
    return this.profiles_;
  }

  get notice(): string | null {
    return this.notice_;
  }

  get saveError(): string | null {
    return this.saveError_;
  }

  /** Changes whenever another profile opens (see `Panels`). */
  get openedCount(): number {
    return this.opened;
  }

  get steps(): StepView[] {
    return this.plan_.steps;
  }

  /** Where the admin is: the saved step, or the first when the plan has no such step. */
  get index(): number {
    const i = this.steps.findIndex((s) => s.id === this.progress_.current_step);
    return i < 0 ? 0 : i;
  }

  get current(): StepView {
    const step = this.steps[this.index] ?? this.steps[0];
    if (!step) throw new Error("the backend described no steps");
    return step;
  }

  /** A step's place in the plan, or -1. */
  indexOf(id: StepId): number {
    return this.steps.findIndex((s) => s.id === id);
  }

  /** Done, as the backend decided it for the current input (the plan's `done`). */
  isDone(step: StepView): boolean {
    return this.plan_.done.includes(step.id);
  }

  isTicked(id: string): boolean {
    return this.progress_.ticked.includes(id);
  }

  // ---- changes -------------------------------------------------------------------------------

  /** Applies an input, asks the backend for the plan it gives, redraws, and saves. */
  async update(change: Partial<Progress>, redrawStep = false): Promise<void> {
    this.progress_ = { ...this.progress_, ...change };
    const request = ++this.planRequest;
    const plan = await this.backend.getPlan(planInput(this.progress_));
    if (request !== this.planRequest) return; // a newer input superseded this one
    this.plan_ = plan;
    this.emit(redrawStep ? "step" : "plan");
    await this.save();
  }

  async save(): Promise<void> {
    try {
      await this.backend.saveProgress(this.progress_);
      this.saveError_ = null;
    } catch (e) {
      this.saveError_ = errorText(e);
    }
    this.emit("banner");
  }

  /**
   * Ticks or unticks a step or checklist item. A step's tick records the values it was given
   * for (the plan's `values_now`): the core counts it only while they are today's.
   */
  toggle(id: string, on: boolean): void {
    const ticked = this.progress_.ticked.filter((t) => t !== id);
    const ticked_for = { ...this.progress_.ticked_for };
    delete ticked_for[id];
    if (on) {
      ticked.push(id);
      if (this.indexOf(id as StepId) >= 0) ticked_for[id] = this.plan_.values_now;
    }
    ticked.sort();
    void this.update({ ticked, ticked_for });
  }

  /** Opens step `index` (false when there is none) and saves where the admin is. */
  go(index: number): boolean {
    const step = this.steps[index];
    if (!step) return false;
    this.progress_ = { ...this.progress_, current_step: step.id };
    this.emit("moved");
    void this.save();
    return true;
  }

  /** Records a finished connection test: the backend decides whether it ticks (or unticks) the step. */
  recordTest(o: ConnectionTestOutcome): void {
    void this.backend
      .recordTest(this.progress_, { at_unix: o.at_unix, base_url: o.base_url, report: o.report, target: o.target })
      .then((progress) => this.update({ last_test: progress.last_test }, true));
  }

  /** Shows a message in the banner until dismissed. */
  setNotice(message: string | null): void {
    this.notice_ = message;
    this.emit("banner");
  }

  /** Finished: saves, then closes the window; false when the window may not close itself. */
  async close(): Promise<boolean> {
    await this.save();
    try {
      await this.backend.closeWindow();
      return true;
    } catch {
      return false;
    }
  }

  // ---- profiles ------------------------------------------------------------------------------

  /**
   * Opens another profile (creating it if new): its own progress, roles and last test. A new
   * profile takes the environment the admin chose for it. Resolves to the backend's refusal.
   */
  switchProfile(name: string, environment: Environment | null): Promise<string | null> {
    return this.reopen(() => this.backend.switchProfile(name), environment);
  }

  /** Renames the open profile; resolves to the backend's refusal, or null. */
  renameProfile(to: string): Promise<string | null> {
    return this.reopen(() => this.backend.renameProfile(this.profile_, to));
  }

  /** Deletes the open profile; resolves to the backend's refusal, or null. */
  deleteProfile(): Promise<string | null> {
    return this.reopen(() => this.backend.deleteProfile(this.profile_));
  }

  /** Opens what a profile command left open (switched, renamed, deleted), or says why not. */
  private async reopen(call: () => Promise<LoadedProgress>, environment: Environment | null = null): Promise<string | null> {
    let loaded: LoadedProgress;
    try {
      loaded = await call();
    } catch (e) {
      return errorText(e);
    }
    const created = !this.profiles_.includes(loaded.profile);
    this.progress_ = loaded.progress;
    this.profile_ = loaded.profile;
    this.profiles_ = loaded.profiles;
    if (loaded.notice) this.notice_ = loaded.notice;
    this.opened++;
    // A plan asked for the profile left must not land on this one.
    this.planRequest++;
    const chooseEnvironment = created && environment !== null && environment !== this.progress_.environment;
    if (chooseEnvironment) this.progress_ = { ...this.progress_, environment };
    this.plan_ = await this.backend.getPlan(planInput(this.progress_));
    this.emit("profile");
    if (chooseEnvironment) await this.save();
    return null;
  }

  private emit(change: Change): void {
    this.listener(change);
  }
}

/** What the backend needs from progress to plan the steps. */
function planInput(progress: Progress): PlanInput {
  return {
    domain: progress.domain,
    environment: progress.environment,
    app_variable: progress.app_variable,
    ticked: progress.ticked,
    ...(progress.ticked_for ? { ticked_for: progress.ticked_for } : {}),
    last_test: progress.last_test,
    roles_plan: progress.roles_plan,
    ...(progress.last_okta_check ? { last_okta_check: progress.last_okta_check } : {}),
    ...(progress.last_rehearsal ? { last_rehearsal: progress.last_rehearsal } : {}),
    ...(progress.last_users_check?.ran_for ? { last_users_check_for: progress.last_users_check.ran_for } : {}),
    ...(progress.way ? { way: progress.way } : {}),
  };
}
