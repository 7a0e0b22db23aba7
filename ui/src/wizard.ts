// The wizard: renders the steps the backend describes, keeps the admin's progress, and saves it.
//
// State flows one way: an input changes `progress`, the backend turns it into a `Plan`, and the
// view is redrawn from `progress` + `plan`. Which steps exist, what they say and every value come
// from the plan; this file only decides how to show them.
import { errorText, type Backend } from "./api";
import type { Environment } from "./bindings/Environment";
import type { OktaValue } from "./bindings/OktaValue";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { LoadedProgress } from "./bindings/LoadedProgress";
import type { Progress } from "./bindings/Progress";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { StepView } from "./bindings/StepView";
import { ConnectionPanel } from "./connection";
import { profileForm, profileManager, profileSwitcher } from "./profiles";
import { oktaPanel, type OktaPanel } from "./okta";
import { RehearsalPanel } from "./rehearsal";
import { RolesPanel } from "./roles";
import { fill, h } from "./dom";
import { valueList, type CardExtra } from "./values";
import { emptyProgress } from "./state";

export { emptyProgress };

export class Wizard {
  private plan!: Plan;
  private notice: string | null = null;
  private saveError: string | null = null;
  private readonly sidebar = h("nav", { class: "steps", "aria-label": "Wizard steps" });
  private readonly main = h("main", { id: "step", class: "step", tabindex: "-1" });
  private readonly banner = h("div", { class: "banner-area", "aria-live": "polite" });
  private readonly progressText = h("p", { class: "progress-text", id: "progress-text" });
  private readonly progressBar = h("progress", { max: "1", value: "0", "aria-labelledby": "progress-text" });
  private dynamic: HTMLElement = h("div");
  private planRequest = 0;
  private connection: ConnectionPanel | null = null;
  private roles: RolesPanel | null = null;
  private rehearsal: RehearsalPanel | null = null;
  private okta: OktaPanel | null = null;
  private profile = "default";
  private profiles: string[] = ["default"];

  private constructor(
    private readonly root: HTMLElement,
    private readonly backend: Backend,
    private progress: Progress,
  ) {}

  /** Loads saved progress and the plan, then draws the wizard. */
  static async start(root: HTMLElement, backend: Backend): Promise<Wizard> {
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
    const wizard = new Wizard(root, backend, loaded.progress);
    wizard.notice = loaded.notice;
    wizard.profile = loaded.profile;
    wizard.profiles = loaded.profiles;
    wizard.plan = await backend.getPlan(wizard.planInput());
    wizard.layout();
    wizard.renderStep();
    return wizard;
  }

  /**
   * Opens another profile (creating it if new): its own progress, roles and last test. A new
   * profile takes the environment the admin chose for it. Resolves to the backend's refusal.
   */
  private async switchProfile(name: string, environment: Environment | null): Promise<string | null> {
    return this.reopen(() => this.backend.switchProfile(name), environment);
  }

  /** Opens what a profile command left open (switched, renamed, deleted), or says why not. */
  private async reopen(call: () => Promise<LoadedProgress>, environment: Environment | null = null): Promise<string | null> {
    let loaded: LoadedProgress;
    try {
      loaded = await call();
    } catch (e) {
      return errorText(e);
    }
    const created = !this.profiles.includes(loaded.profile);
    this.progress = loaded.progress;
    this.profile = loaded.profile;
    this.profiles = loaded.profiles;
    if (loaded.notice) this.notice = loaded.notice;
    this.connection = null;
    this.roles = null;
    this.rehearsal = null;
    this.okta = null;
    const chooseEnvironment = created && environment !== null && environment !== this.progress.environment;
    if (chooseEnvironment) this.progress = { ...this.progress, environment };
    this.plan = await this.backend.getPlan(this.planInput());
    this.layout();
    this.renderStep();
    if (chooseEnvironment) await this.save();
    return null;
  }

  private planInput(): PlanInput {
    return {
      domain: this.progress.domain,
      environment: this.progress.environment,
      app_variable: this.progress.app_variable,
      ticked: this.progress.ticked,
      last_test: this.progress.last_test,
      ...(this.progress.last_okta_check ? { last_okta_check: this.progress.last_okta_check } : {}),
    };
  }

  /** Done, as the backend decided it for the current input (the plan's `done`). */
  private isDone(step: StepView): boolean {
    return this.plan.done.includes(step.id);
  }

  private get steps(): StepView[] {
    return this.plan.steps;
  }

  private get index(): number {
    const i = this.steps.findIndex((s) => s.id === this.progress.current_step);
    return i < 0 ? 0 : i;
  }

  private get current(): StepView {
    const step = this.steps[this.index] ?? this.steps[0];
    if (!step) throw new Error("the backend described no steps");
    return step;
  }

  private layout(): void {
    const actions = {
      open: (name: string, env: Environment | null) => this.switchProfile(name, env),
      refused: (message: string) => {
        this.notice = message;
        this.renderBanner();
      },
      rename: (to: string) => this.reopen(() => this.backend.renameProfile(this.profile, to)),
      remove: () => this.reopen(() => this.backend.deleteProfile(this.profile)),
    };
    const form = profileForm(actions, this.plan.environments);
    const manage = profileManager(this.profile, actions);
    const header = h(
      "header",
      { class: "top" },
      h("h1", {}, "Loopio SCIM Setup Assistant"),
      profileSwitcher(this.profile, this.profiles, form, actions, manage),
      h("div", { class: "progress" }, this.progressText, this.progressBar),
    );
    fill(this.root, header, form, manage, this.banner, h("div", { class: "body" }, this.sidebar, this.main));
  }

  // ---- changes -------------------------------------------------------------------------------

  private async update(change: Partial<Progress>, redrawStep = false): Promise<void> {
    this.progress = { ...this.progress, ...change };
    const request = ++this.planRequest;
    const plan = await this.backend.getPlan(this.planInput());
    if (request !== this.planRequest) return; // a newer input superseded this one
    this.plan = plan;
    if (redrawStep) this.renderStep();
    else this.renderDynamic();
    await this.save();
  }

  private async save(): Promise<void> {
    try {
      await this.backend.saveProgress(this.progress);
      this.saveError = null;
    } catch (e) {
      this.saveError = errorText(e);
    }
    this.renderBanner();
  }

  private toggle(id: string, on: boolean): void {
    const ticked = this.progress.ticked.filter((t) => t !== id);
    if (on) ticked.push(id);
    ticked.sort();
    void this.update({ ticked });
  }

  private go(index: number): void {
    const step = this.steps[index];
    if (!step) return;
    this.progress = { ...this.progress, current_step: step.id };
    this.renderStep();
    this.main.focus();
    void this.save();
  }

  // ---- drawing -------------------------------------------------------------------------------

  private renderBanner(): void {
    const messages: HTMLElement[] = [];
    if (this.notice) {
      messages.push(
        h(
          "div",
          { class: "banner warn", role: "status" },
          h("span", { class: "icon", "aria-hidden": "true" }, "⚠"),
          h("span", {}, this.notice),
          h("button", { type: "button", class: "link", "data-action": "dismiss-notice" }, "Dismiss"),
        ),
      );
    }
    if (this.saveError) {
      messages.push(
        h(
          "div",
          { class: "banner error", role: "alert" },
          h("span", { class: "icon", "aria-hidden": "true" }, "✖"),
          h("span", {}, this.saveError),
        ),
      );
    }
    fill(this.banner, messages);
    this.banner.querySelector('[data-action="dismiss-notice"]')?.addEventListener("click", () => {
      this.notice = null;
      this.renderBanner();
    });
  }

  private renderSidebar(): void {
    const items = this.steps.map((step, i) => {
      const done = this.isDone(step);
      const current = i === this.index;
      const status = done ? "done" : current ? "current" : "to do";
      const button = h(
        "button",
        {
          type: "button",
          class: `step-link${current ? " current" : ""}${done ? " done" : ""}`,
          "aria-current": current ? "step" : undefined,
        },
        h("span", { class: "marker", "aria-hidden": "true" }, done ? "✓" : String(i + 1)),
        h("span", { class: "label" }, step.title),
        h("span", { class: "visually-hidden" }, `, ${status}`),
      );
      button.addEventListener("click", () => this.go(i));
      return h("li", {}, button);
    });
    fill(this.sidebar, h("ol", {}, items));

    // One counter: the steps done. Where the admin is shows in the step list and the step itself.
    this.progressText.textContent = this.plan.progress_text;
    this.progressBar.max = this.plan.countable;
    this.progressBar.value = this.plan.done_count;
  }

  /** Redraws the whole step: on navigation, never while the admin types. */
  private renderStep(): void {
    const step = this.current;
    this.dynamic = h("div", { class: "dynamic" });
    const parts: (HTMLElement | null)[] = [
      h("p", { class: "eyebrow" }, `Step ${this.index + 1}`),
      h("h2", { id: "step-title" }, step.title),
      h("p", { class: "where" }, h("strong", {}, "Where: "), step.location),
      step.placeholder
        ? h("p", { class: "placeholder", role: "note" }, h("span", { "aria-hidden": "true" }, "ℹ "), step.placeholder)
        : null,
      h("ol", { class: "instructions" }, step.instructions.map((line) => h("li", {}, line))),
      this.checklist(step),
      this.inputs(step),
      this.dynamic,
      ...this.footer(step),
    ];
    fill(this.main, parts);
    this.main.setAttribute("aria-labelledby", "step-title");
    this.renderDynamic();
    this.renderBanner();
  }

  /** Redraws what depends on the plan: field errors, values, completion, the sidebar. */
  private renderDynamic(): void {
    const step = this.current;
    const parts: (HTMLElement | null)[] = [];
    if (step.id === "instance") parts.push(this.domainSummary());
    if (step.values.length > 0) {
      parts.push(valueList(step.values, { copy: (text) => this.backend.copy(text), extra: (v) => this.cardExtra(v) }));
    }
    if (step.id === "done") parts.push(this.summary());
    fill(this.dynamic, parts);

    const domainError = this.main.querySelector<HTMLElement>("#domain-error");
    if (domainError) {
      const input = this.main.querySelector<HTMLInputElement>("#domain");
      const showError = this.progress.domain.trim() !== "" && this.plan.domain_error !== null;
      domainError.hidden = !showError;
      fill(domainError, showError ? [h("span", { "aria-hidden": "true" }, "✖ "), this.plan.domain_error?.message ?? ""] : []);
      input?.setAttribute("aria-invalid", showError ? "true" : "false");
    }
    const varError = this.main.querySelector<HTMLElement>("#app-variable-error");
    if (varError) {
      const error = this.plan.app_variable_error;
      varError.hidden = error === null;
      fill(varError, error ? [h("span", { "aria-hidden": "true" }, "✖ "), error.message] : []);
      this.main.querySelector("#app-variable")?.setAttribute("aria-invalid", error ? "true" : "false");
    }
    const varNote = this.main.querySelector<HTMLElement>("#app-variable-note");
    if (varNote) {
      // The backend never doubles the suffix: when its answer is what was typed, say it was taken as is.
      const typed = this.progress.app_variable.trim();
      const asIs = this.plan.roles_variable !== null && this.plan.roles_variable === typed;
      varNote.hidden = !asIs;
      fill(varNote, asIs ? [h("span", { "aria-hidden": "true" }, "ℹ "), `${typed} already ends in _roles, so it was taken as is: no second _roles is added.`] : []);
    }
    const next = this.main.querySelector<HTMLButtonElement>('[data-action="next"]');
    if (next) {
      const blocked = step.completion === "valid_domain" && this.plan.domain === null;
      next.disabled = blocked;
      next.title = blocked ? "Enter a valid Loopio domain first" : "";
    }
    const tick = this.main.querySelector<HTMLInputElement>("#step-done");
    if (tick) tick.checked = this.progress.ticked.includes(step.id);
    this.renderSidebar();
  }

  private checklist(step: StepView): HTMLElement | null {
    if (step.checklist.length === 0) return null;
    const items = step.checklist.map((item) => {
      const id = `check-${item.id.replace(/[^a-z0-9_-]/gi, "-")}`;
      const box = h("input", { type: "checkbox", id, "aria-describedby": `${id}-detail` });
      box.checked = this.progress.ticked.includes(item.id);
      box.addEventListener("change", () => this.toggle(item.id, box.checked));
      return h(
        "li",
        { class: "check-item" },
        box,
        h("div", {}, h("label", { for: id }, item.label), h("p", { id: `${id}-detail`, class: "detail" }, item.detail)),
      );
    });
    return h("ul", { class: "checklist" }, items);
  }

  /** One panel for the app's lifetime: the token and the last results survive navigation. */
  private connectionPanel(): ConnectionPanel {
    this.connection ??= new ConnectionPanel(this.backend, {
      domain: () => this.progress.domain,
      environment: () => this.progress.environment,
      tokenGeneratedOn: () => this.progress.token_generated_on,
      rememberToken: () => this.progress.remember_token,
      // The backend records the result and decides whether it ticks (or unticks) the step.
      onOutcome: (o) =>
        void this.backend
          .recordTest(this.progress, { at_unix: o.at_unix, base_url: o.base_url, report: o.report, target: o.target })
          .then((progress) => this.update({ last_test: progress.last_test, ticked: progress.ticked }, true)),
      onTokenDate: (date) => void this.update({ token_generated_on: date }),
      onRememberChange: (remember) => void this.update({ remember_token: remember }),
      profile: () => this.profile,
      environmentLabel: (env) => this.plan.environments.find((e) => e.id === env)?.label ?? env,
      lastTest: () => this.progress.last_test,
      onChangeEnvironment: () => {
        this.go(this.steps.findIndex((s) => s.id === "instance"));
        this.main.querySelector<HTMLInputElement>(`#env-${this.progress.environment}`)?.focus();
      },
    });
    return this.connection;
  }

  private exports(): HTMLElement {
    const status = h("p", { id: "export-status", class: "detail", "aria-live": "polite" });
    const buttons = (["md", "html", "json"] as const).map((format) => {
      const label = { md: "Markdown", html: "HTML (printable)", json: "JSON" }[format];
      const b = h("button", { type: "button", class: "secondary", id: `export-${format}` }, label);
      b.addEventListener("click", () => {
        status.textContent = "Saving…";
        this.backend.exportFile({ kind: "report", format }).then(
          (path) => (status.textContent = path ? `Saved to ${path}` : "Not saved."),
          (e: unknown) => (status.textContent = errorText(e)),
        );
      });
      return b;
    });
    return h(
      "section",
      { class: "exports", "aria-labelledby": "exports-title" },
      h("h3", { id: "exports-title" }, "Setup report for your change ticket"),
      h("p", { class: "detail" }, "Every Okta value and where it goes, the steps done, the roles plan and the last connection test. The token is never in it."),
      h("div", { class: "token-row" }, buttons),
      status,
      this.logNote(),
    );
  }

  /** Where the log is, for a support ticket (filled in when the backend answers). */
  private logNote(): HTMLElement {
    const note = h("p", { class: "detail", id: "log-file" });
    this.backend.logFile().then(
      (path) => {
        if (path) fill(note, "If you contact Loopio Support, attach this app's log: ", h("code", {}, path), ". No token or key is ever written to it.");
      },
      () => undefined,
    );
    return note;
  }

  private inputs(step: StepView): HTMLElement | null {
    if (step.id === "connection_test") {
      // One panel for the app's lifetime: the token and the last results survive navigation.
      const panel = this.connectionPanel();
      panel.syncEnvironment();
      this.rehearsal ??= new RehearsalPanel(this.backend, panel, {
        domain: () => this.progress.domain,
        rolesPlan: () => this.progress.roles_plan,
        last: () => this.progress.last_rehearsal ?? null,
        onOutcome: (record) => void this.update({ last_rehearsal: record }),
      });
      return h("div", { class: "connection-step" }, panel.element, this.rehearsal.element);
    }
    if (step.id === "map_roles") {
      this.roles ??= new RolesPanel(this.backend, {
        known: () => this.progress.roles_known,
        plan: () => this.progress.roles_plan,
        choice: () => this.connectionPanel().choice(),
        onChange: (known, plan) => void this.update({ roles_known: known, roles_plan: plan }),
      });
      return this.roles.element;
    }
    if (step.id === "okta_check") return (this.okta ??= oktaPanel(this.backend, () => this.progress, (change) => void this.update(change))).element;
    if (step.id === "done") return this.exports();
    if (step.id === "instance") {
      const input = h("input", {
        id: "domain",
        name: "domain",
        type: "text",
        autocomplete: "off",
        spellcheck: "false",
        placeholder: "acme.loopio.com",
        "aria-describedby": "domain-hint domain-error",
      });
      input.value = this.progress.domain;
      input.addEventListener("input", () => void this.update({ domain: input.value }));
      const envs = this.plan.environments.map((env) => {
        const radio = h("input", { type: "radio", name: "environment", id: `env-${env.id}`, value: env.id });
        radio.checked = this.progress.environment === env.id;
        radio.addEventListener("change", () => {
          if (radio.checked) void this.update({ environment: env.id });
        });
        return h(
          "div",
          { class: "radio" },
          radio,
          h("label", { for: `env-${env.id}` }, h("strong", {}, env.label), h("span", { class: "detail" }, ` ${env.hint}`)),
        );
      });
      return h(
        "div",
        { class: "inputs" },
        h(
          "div",
          { class: "field" },
          h("label", { for: "domain" }, "Your Loopio domain"),
          h("p", { id: "domain-hint", class: "detail" }, "For example acme.loopio.com, or paste the address from your browser."),
          input,
          h("p", { id: "domain-error", class: "field-error", hidden: true, "aria-live": "polite" }),
        ),
        h("fieldset", { class: "field" }, h("legend", {}, "Loopio environment"), envs),
      );
    }
    if (step.id === "profile_editor_roles") {
      const input = h("input", {
        id: "app-variable",
        name: "app-variable",
        type: "text",
        autocomplete: "off",
        spellcheck: "false",
        placeholder: "loopio_1",
        "aria-describedby": "app-variable-hint app-variable-error",
      });
      input.value = this.progress.app_variable;
      input.addEventListener("input", () => void this.update({ app_variable: input.value }));
      return h(
        "div",
        { class: "inputs" },
        h(
          "div",
          { class: "field" },
          h("label", { for: "app-variable" }, "Your Okta app's variable name"),
          h("p", { id: "app-variable-hint", class: "detail" }, "Shown under the app's name in Okta's Profile Editor, for example loopio_1."),
          input,
          h("p", { id: "app-variable-error", class: "field-error", hidden: true, "aria-live": "polite" }),
          h("p", { id: "app-variable-note", class: "note", hidden: true, "aria-live": "polite" }),
        ),
      );
    }
    return null;
  }

  private domainSummary(): HTMLElement {
    const plan = this.plan;
    const rows: HTMLElement[] = [];
    if (plan.domain) {
      rows.push(
        h("div", { class: "ok", role: "status" }, h("span", { "aria-hidden": "true" }, "✓ "), "Your Loopio instance: ", h("code", { id: "normalised-domain" }, plan.domain)),
      );
    }
    for (const w of plan.domain_warnings) {
      rows.push(h("p", { class: "warning", role: "note" }, h("span", { "aria-hidden": "true" }, "⚠ "), w.message));
    }
    rows.push(h("p", { class: "detail" }, "SCIM connector base URL for this environment: ", h("code", {}, plan.scim_base_url)));
    return h("div", { class: "summary" }, rows);
  }

  /**
   * Roles travel to Loopio only with "Update User Attributes" on (Loopio's guide): once the admin
   * maps roles, the To App card says it is required for them.
   */
  private cardExtra(v: OktaValue): CardExtra | null {
    if (v.key !== "to_app.update_user_attributes" || !hasRolesPlan(this.progress.roles_plan)) return null;
    const rolesStep = this.steps.findIndex((s) => s.id === "map_roles");
    const where = rolesStep < 0 ? "" : ` (step ${rolesStep + 1}, ${this.steps[rolesStep]?.title ?? ""})`;
    return {
      badge: "Required for roles",
      note: `Required: you map Loopio roles${where}, and Okta sends them to Loopio only with Update User Attributes enabled (Loopio's guide).`,
    };
  }

  private summary(): HTMLElement {
    const remaining = this.steps.filter((s) => s.completion !== "none" && !this.isDone(s));
    if (remaining.length === 0) {
      return h("p", { class: "ok", id: "all-done", role: "status" }, h("span", { "aria-hidden": "true" }, "✓ "), "Every step is done.");
    }
    const items = remaining.map((s) => {
      const index = this.steps.indexOf(s);
      const go = h("button", { type: "button", class: "link", "data-goto": s.id }, `Step ${index + 1}: ${s.title}`);
      go.addEventListener("click", () => this.go(index));
      return h("li", {}, go);
    });
    return h(
      "div",
      { class: "summary", id: "remaining" },
      h("p", {}, "These steps are not marked done yet. Open one to finish it:"),
      h("ul", { class: "remaining" }, items),
    );
  }

  /** Finished: progress is saved with every change, so closing loses nothing. */
  private async close(status: HTMLElement): Promise<void> {
    await this.save();
    try {
      await this.backend.closeWindow();
    } catch {
      fill(status, "Everything is saved. Close this window with its close button; your progress is here when you open it again.");
    }
  }

  /**
   * The step's end: the tick (or, last, the Close status), then Back and Next. Back and Next are
   * their own small bar so that, on long steps, it can stay in view without covering the content.
   */
  private footer(step: StepView): HTMLElement[] {
    const parts: HTMLElement[] = [];
    if (step.completion === "ticked") {
      const box = h("input", { type: "checkbox", id: "step-done" });
      box.checked = this.progress.ticked.includes(step.id);
      box.addEventListener("change", () => this.toggle(step.id, box.checked));
      parts.push(h("div", { class: "tick" }, box, h("label", { for: "step-done" }, step.placeholder ? "I have done this step another way" : "I have done this in Okta")));
    }
    const back = h("button", { type: "button", class: "secondary", "data-action": "back", disabled: this.index === 0 }, "Back");
    back.addEventListener("click", () => this.go(this.index - 1));
    if (this.index === this.steps.length - 1) {
      // The last step is not a dead end: Close ends the session (progress is already saved).
      const status = h("p", { class: "detail close-status", id: "close-status", "aria-live": "polite" });
      const close = h("button", { type: "button", class: "primary", "data-action": "close" }, "Close the assistant");
      close.addEventListener("click", () => void this.close(status));
      parts.push(status);
      return [h("footer", { class: "step-footer" }, parts), h("div", { class: "nav step-nav" }, back, close)];
    }
    // Whether Next is enabled is decided in one place, renderDynamic, which runs after this.
    const next = h("button", { type: "button", class: "primary", "data-action": "next" }, "Next");
    next.addEventListener("click", () => this.go(this.index + 1));
    const nav = h("div", { class: "nav step-nav" }, back, next);
    return parts.length > 0 ? [h("footer", { class: "step-footer" }, parts), nav] : [nav];
  }
}

/** Has the admin mapped any role yet? (Blank rows and an empty role are no plan.) */
function hasRolesPlan(plan: RolesPlan): boolean {
  if (plan.mode === "same_for_all") return plan.role.trim() !== "";
  return plan.groups.some((g) => g.role.trim() !== "");
}

