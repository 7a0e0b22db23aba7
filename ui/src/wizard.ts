// The wizard's shell: the header with the profile switcher, the banner, the list of steps, and
// the open step framed by its introduction, its checklist and its Back / Next bar.
//
// What the wizard knows and does is its state's (wizard-state.ts); what each step shows is its
// view's (steps/). Which steps exist, what they say and every value come from the backend's plan;
// this file only decides how to frame them.
import type { Backend } from "./api";
import type { StepView } from "./bindings/StepView";
import { fill, h } from "./dom";
import { profileForm, profileManager, profileSwitcher, type ProfileActions } from "./profiles";
import { emptyProgress } from "./state";
import { checklist, Panels, STEP_VIEWS, stepIntro, type StepBody, type StepContext } from "./steps";
import { oktaAnswer } from "./steps/okta-answer";
import { wayChoice } from "./steps/way";
import { WizardState, type Change } from "./wizard-state";

export { emptyProgress };

export class Wizard {
  private readonly sidebar = h("nav", { class: "steps", "aria-label": "Wizard steps" });
  private readonly main = h("main", { id: "step", class: "step", tabindex: "-1" });
  private readonly banner = h("div", { class: "banner-area", "aria-live": "polite" });
  private readonly progressText = h("p", { class: "progress-text", id: "progress-text" });
  private readonly progressBar = h("progress", { max: "1", value: "0", "aria-labelledby": "progress-text" });
  private readonly ctx: StepContext;
  /** The open step's own part, and the area its plan-dependent part is drawn in. */
  private body: StepBody = { inputs: null, dynamic: () => [] };
  /** In the assistant's way, Okta's answer for the open step (redrawn with every plan). */
  private answerRefresh: (() => void) | null = null;
  private dynamic: HTMLElement = h("div");
  /** The footer's Next button and tick, refreshed with every plan (absent on some steps). */
  private next: HTMLButtonElement | null = null;
  private tick: HTMLInputElement | null = null;
  /** What the step and its last results were done for, when that is not today's values. */
  private readonly forOther = h("div", { class: "for-other", id: "for-other", role: "status" });

  private constructor(
    private readonly root: HTMLElement,
    private readonly state: WizardState,
    backend: Backend,
  ) {
    this.ctx = { state, backend, panels: new Panels(backend, state, () => this.changeEnvironment()) };
    state.subscribe((change) => this.changed(change));
  }

  /** Loads saved progress and the plan, then draws the wizard. */
  static async start(root: HTMLElement, backend: Backend): Promise<Wizard> {
    const wizard = new Wizard(root, await WizardState.load(backend), backend);
    wizard.layout();
    wizard.renderStep();
    return wizard;
  }

  private changed(change: Change): void {
    switch (change) {
      case "profile":
        this.layout();
        this.renderStep();
        return;
      case "moved":
        this.renderStep();
        this.main.focus();
        return;
      case "step":
        this.renderStep();
        return;
      case "plan":
        this.renderDynamic();
        return;
      case "banner":
        this.renderBanner();
        return;
    }
  }

  /** "Change it" beside the connection test's environment: back to where it is chosen. */
  private changeEnvironment(): void {
    this.state.go(this.state.indexOf("instance"));
    this.main.querySelector<HTMLInputElement>(`#env-${this.state.progress.environment}`)?.focus();
  }

  private layout(): void {
    const state = this.state;
    const actions: ProfileActions = {
      open: (name, env) => state.switchProfile(name, env),
      refused: (message) => state.setNotice(message),
      rename: (to) => state.renameProfile(to),
      remove: () => state.deleteProfile(),
    };
    const form = profileForm(actions, state.plan.environments);
    const manage = profileManager(state.profile, actions);
    const header = h(
      "header",
      { class: "top" },
      h("h1", {}, "Loopio SCIM Setup Assistant"),
      profileSwitcher(state.profile, state.profiles, form, actions, manage),
      h("div", { class: "progress" }, this.progressText, this.progressBar),
    );
    fill(this.root, header, form, manage, this.banner, h("div", { class: "body" }, this.sidebar, this.main));
  }

  private renderBanner(): void {
    const messages: HTMLElement[] = [];
    if (this.state.notice) {
      const dismiss = h("button", { type: "button", class: "link", "data-action": "dismiss-notice" }, "Dismiss");
      dismiss.addEventListener("click", () => this.state.setNotice(null));
      messages.push(
        h(
          "div",
          { class: "banner warn", role: "status" },
          h("span", { class: "icon", "aria-hidden": "true" }, "⚠"),
          h("span", {}, this.state.notice),
          dismiss,
        ),
      );
    }
    if (this.state.saveError) {
      messages.push(
        h(
          "div",
          { class: "banner error", role: "alert" },
          h("span", { class: "icon", "aria-hidden": "true" }, "✖"),
          h("span", {}, this.state.saveError),
        ),
      );
    }
    fill(this.banner, messages);
  }

  private renderSidebar(): void {
    const state = this.state;
    const items = state.steps.map((step, i) => {
      const done = state.isDone(step);
      const current = i === state.index;
      const status = done ? "done" : current ? "current" : "to do";
      const button = h(
        "button",
        {
          type: "button",
          class: `step-link${current ? " current" : ""}${done ? " done" : ""}`,
          "aria-current": current ? "step" : undefined,
        },
        h("span", { class: "marker", "aria-hidden": "true" }, done ? "✓" : String(i + 1)),
        h("span", { class: "label" }, step.title, step.completion === "optional" ? h("span", { class: "optional-mark" }, " (optional)") : null),
        h("span", { class: "visually-hidden" }, `, ${status}`),
      );
      button.addEventListener("click", () => state.go(i));
      return h("li", { "data-step": step.id }, button);
    });
    fill(this.sidebar, h("ol", {}, items));

    // One counter: the steps done. Where the admin is shows in the step list and the step itself.
    this.progressText.textContent = state.plan.progress_text;
    this.progressBar.max = state.plan.countable;
    this.progressBar.value = state.plan.done_count;
  }

  /** Redraws the whole step: on navigation, never while the admin types. */
  private renderStep(): void {
    const step = this.state.current;
    this.dynamic = h("div", { class: "dynamic" });
    this.body = STEP_VIEWS[step.id](this.ctx);
    // The way is chosen where it saves work: first, and again where the app is created.
    const way = step.id === "prerequisites" || step.id === "create_app" ? wayChoice(this.ctx, step.id) : null;
    const answer = oktaAnswer(this.ctx);
    this.answerRefresh = answer?.refresh ?? null;
    const parts: (HTMLElement | null)[] = [
      ...stepIntro(step, this.state.index),
      this.forOther,
      way,
      checklist(this.state, step),
      this.body.inputs,
      answer?.inputs ?? null,
      this.dynamic,
      ...this.footer(step),
    ];
    fill(this.main, parts);
    this.main.setAttribute("aria-labelledby", "step-title");
    this.renderDynamic();
    this.renderBanner();
  }

  /** Redraws what depends on the plan: the step's values and errors, Next, the tick, the sidebar. */
  private renderDynamic(): void {
    const step = this.state.current;
    fill(this.dynamic, this.body.dynamic());
    this.body.refresh?.();
    this.answerRefresh?.();
    if (this.next) {
      this.next.disabled = step.blocked !== null;
      this.next.title = step.blocked ?? "";
    }
    // Ticked for other values is not done: the box shows what counts today.
    if (this.tick) this.tick.checked = this.state.isDone(step);
    this.renderForOther(step);
    this.renderSidebar();
  }

  /** The core's notes on what this step and its last results were done for, if not today's values. */
  private renderForOther(step: StepView): void {
    const plan = this.state.plan;
    const results: Partial<Record<StepView["id"], (string | null)[]>> = {
      connection_test: [plan.last_test_for_other],
      rehearsal: [plan.last_rehearsal_for_other],
      okta_check: [plan.last_okta_check_for_other],
      check_users: [plan.last_users_check_for_other],
    };
    const notes = [step.done_for_other, ...(results[step.id] ?? [])].filter((n): n is string => n !== null);
    fill(this.forOther, ...notes.map((n) => h("p", { class: "for-other-note" }, n)));
    this.forOther.hidden = notes.length === 0;
  }

  /**
   * The step's end: the tick (or, last, the Close status), then Back and Next. Back and Next are
   * their own small bar so that, on long steps, it can stay in view without covering the content.
   */
  private footer(step: StepView): HTMLElement[] {
    const state = this.state;
    const index = state.index;
    const parts: HTMLElement[] = [];
    this.tick = null;
    this.next = null;
    if (step.completion === "ticked") {
      const box = h("input", { type: "checkbox", id: "step-done" });
      box.checked = state.isDone(step);
      box.addEventListener("change", () => state.toggle(step.id, box.checked));
      parts.push(h("div", { class: "tick" }, box, h("label", { for: "step-done" }, step.tick_label)));
      this.tick = box;
    } else if (step.completed_by !== null) {
      // Only a result completes this step: say so instead of offering a tick that does nothing.
      parts.push(h("p", { class: "detail completed-by", id: "completed-by" }, step.completed_by));
    }
    const back = h("button", { type: "button", class: "secondary", "data-action": "back", disabled: index === 0 }, "Back");
    back.addEventListener("click", () => state.go(state.index - 1));
    if (index === state.steps.length - 1) {
      // The last step is not a dead end: Close ends the session (progress is already saved).
      const status = h("p", { class: "detail close-status", id: "close-status", "aria-live": "polite" });
      const close = h("button", { type: "button", class: "primary", "data-action": "close" }, "Close the assistant");
      close.addEventListener("click", () => void this.close(status));
      parts.push(status);
      return [h("footer", { class: "step-footer" }, parts), h("div", { class: "nav step-nav" }, back, close)];
    }
    // Whether Next is enabled is decided in one place, renderDynamic, which runs after this.
    const next = h("button", { type: "button", class: "primary", "data-action": "next" }, "Next");
    next.addEventListener("click", () => state.go(state.index + 1));
    this.next = next;
    const nav = h("div", { class: "nav step-nav" }, back, next);
    return parts.length > 0 ? [h("footer", { class: "step-footer" }, parts), nav] : [nav];
  }

  /** Finished: progress is saved with every change, so closing loses nothing. */
  private async close(status: HTMLElement): Promise<void> {
    if (await this.state.close()) return;
    fill(status, "Everything is saved. Close this window with its close button; your progress is here when you open it again.");
  }
}
