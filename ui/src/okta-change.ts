// "Fix these in Okta for me" / "Create the app in Okta": the backend plans the exact requests
// (nothing is sent), the admin reads them (and the org they go to) and confirms, then each
// answer is shown as it arrives, with the steps only the admin can do in Okta. Undo works the
// same way: its requests are shown, then sent once confirmed. What to send, whether the plan is
// still current and what is kept are the backend's decisions; this file lays them out.
import { errorText, type Backend } from "./api";
import type { ManualStep } from "./bindings/ManualStep";
import type { OktaChangeOutcome } from "./bindings/OktaChangeOutcome";
import type { OktaCheckRequest } from "./bindings/OktaCheckRequest";
import type { Request } from "./bindings/Request";
import type { SavedOktaChange } from "./bindings/SavedOktaChange";
import type { WriteResult } from "./bindings/WriteResult";
import { fill, h } from "./dom";
import { code } from "./codes";

export interface ChangeContext {
  /** The check's inputs as the admin entered them (org, credentials, app, practice). */
  request: () => OktaCheckRequest;
  /** Keeps the profile's change history the backend returned (and saved). */
  onChanges: (history: SavedOktaChange[]) => void;
  /** The profile's saved change history (survives a restart). */
  history: () => SavedOktaChange[];
  /** Reads the app back again (after a change, or a manual step in the practice Okta). */
  recheck: () => Promise<void>;
}

function requestItem(r: Request): HTMLElement {
  return h(
    "li",
    { class: "okta-request" },
    h("code", { class: "method" }, `${r.method} ${r.path}`),
    h("p", { class: "detail" }, r.why),
    r.body === null ? null : h("details", {}, h("summary", {}, "Body"), h("pre", { class: "body" }, JSON.stringify(r.body, null, 2))),
  );
}

function resultItem(r: WriteResult): HTMLElement {
  return h(
    "li",
    { class: `okta-result ${r.succeeded ? "ok" : "bad"}` },
    h("span", { "aria-hidden": "true" }, r.succeeded ? "✓ " : "✖ "),
    h("code", {}, `${r.method} ${r.path}`),
    ` ${r.status === null ? "no answer" : `HTTP ${r.status}`}`,
    r.okta_error ? h("p", { class: "seen" }, r.okta_error) : null,
  );
}

export class OktaChangePanel {
  readonly element: HTMLElement = h("section", { class: "okta-change", id: "okta-change", "aria-labelledby": "okta-change-title" });
  private readonly body = h("div", { id: "okta-change-body", "aria-live": "polite" });
  /** Every change not undone yet, newest first, from the saved history. */
  private readonly undos = h("div", { id: "okta-undos" });
  private busy = false;

  constructor(
    private readonly backend: Backend,
    private readonly ctx: ChangeContext,
  ) {
    this.renderUndos();
    fill(this.element, this.body, this.undos);
  }

  /**
   * Lists the saved changes whose undo is still pending, newest first (the backend undoes the
   * newest one, then the next), with one button for the newest. Also after a restart.
   */
  private renderUndos(history: SavedOktaChange[] = this.ctx.history()): void {
    const pending = history
      .filter((c) => !c.is_undo && !c.undone && c.undo.length > 0)
      .reverse();
    if (pending.length === 0) {
      fill(this.undos);
      return;
    }
    const button = h("button", { type: "button", class: "secondary", id: "undo-okta-changes" }, pending.length === 1 ? "Undo this change…" : "Undo the newest change…");
    button.addEventListener("click", () => void this.showUndo(this.ctx.request()));
    fill(
      this.undos,
      h("h4", {}, "Changes the assistant made that can be undone (newest first)"),
      h(
        "ol",
        { class: "okta-undo-list", id: "okta-undo-list" },
        pending.map((c) => h("li", { class: "okta-undo-item", "data-app-id": c.app_id }, `${c.app_label} (id ${c.app_id}) on ${c.org}, ${new Date(c.at_unix * 1000).toLocaleString()}: ${c.undo.length} undo request${c.undo.length === 1 ? "" : "s"}`)),
      ),
      button,
    );
  }

  private keepHistory(history: SavedOktaChange[]): void {
    this.ctx.onChanges(history);
    this.renderUndos(history);
  }

  /**
   * A new check is replacing the result the plan or answers shown were for: they go (only the
   * saved undo list, which names each change's org and app, stays).
   */
  clear(keepApplied = false): void {
    // Check again on the same org keeps what was sent and the steps still to do by hand (the
    // assistant's way lists them there); an unsent plan goes, it was for the old result.
    if (keepApplied && this.body.querySelector("#okta-change-done") !== null) return;
    fill(this.body);
    fill(this.element, this.undos);
  }

  /**
   * After a read-back: each step still to do by hand that Okta's answer now shows done says so,
   * and its practice button goes (what no read-back shows keeps no mark).
   */
  confirm(findings: { code: string; status: string }[]): void {
    for (const item of this.body.querySelectorAll<HTMLElement>("li.manual-step[data-confirmed-by]")) {
      const done = findings.some((f) => f.code === item.dataset["confirmedBy"] && f.status === "pass");
      item.classList.toggle("done", done);
      const mark = item.querySelector<HTMLElement>(".manual-done");
      if (mark) mark.hidden = !done;
      const button = item.querySelector<HTMLButtonElement>("button[data-practice-step]");
      if (button) button.hidden = done;
    }
  }

  /** Offers the change for a check's result: create the app when none was found, else fix it. */
  offer(appMissing: boolean, nothingToFix: boolean): void {
    // Nothing to fix: no offer, but what was just sent (and its undo) stays in view.
    if (nothingToFix && !appMissing) {
      fill(this.element, ...(this.body.childElementCount === 0 ? [] : [h("h4", { id: "okta-change-title" }, "Changes the assistant made in Okta"), this.body]), this.undos);
      return;
    }
    const label = appMissing ? "Create the app in Okta" : "Fix these in Okta for me";
    const start = h("button", { type: "button", class: "secondary", id: "plan-okta-changes" }, label);
    start.addEventListener("click", () => void this.plan());
    fill(
      this.element,
      h("h4", { id: "okta-change-title" }, "Let the assistant change Okta"),
      h("p", { class: "detail" }, "First you see every request it would send; nothing is sent until you confirm. Needs an API token (or service app) allowed to change apps, app user schemas and profile mappings."),
      start,
      this.body,
      this.undos,
    );
  }

  /** Runs `work` unless something is already running. */
  private async once(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await work();
    } catch (e) {
      this.body.append(h("p", { class: "banner error", role: "alert" }, errorText(e)));
    } finally {
      this.busy = false;
    }
  }

  private plan(): Promise<void> {
    return this.once(async () => {
      fill(this.body, h("p", { class: "detail" }, "Reading what Okta has and planning…"));
      // The plan is for these inputs: confirming sends it with these, to this org only.
      const check = this.ctx.request();
      const outcome = await this.backend.changeOkta({ check, confirmed_plan: null, confirmed_org: "" }, () => {});
      this.showPlan(check, outcome);
    });
  }

  private showPlan(check: OktaCheckRequest, outcome: OktaChangeOutcome): void {
    const parts: (HTMLElement | null)[] = [];
    if (outcome.problem) parts.push(problem(outcome.problem.message, outcome.problem.remedy, outcome.problem.code));
    // The practice Okta's plan uses its example groups: said whether or not there is a plan.
    if (outcome.roles_note && outcome.plan.length === 0) parts.push(h("p", { class: "banner", id: "okta-plan-roles-note" }, outcome.roles_note));
    if (outcome.plan.length === 0 && !outcome.problem) {
      parts.push(
        h(
          "p",
          { class: "ok", id: "okta-plan-empty" },
          outcome.pending_manual.length > 0
            ? "Nothing Okta's API can change: what still differs is yours to do in Okta, listed below."
            : "Nothing to change through Okta's API: Okta already has what the wizard generated there.",
        ),
      );
    }
    if (outcome.plan.length > 0) {
      const confirm = h("button", { type: "button", class: "primary", id: "confirm-okta-changes" }, `Send ${outcome.plan.length === 1 ? "this change" : `these ${outcome.plan.length} changes`} to Okta`);
      confirm.addEventListener("click", () => void this.apply(check, outcome));
      const what = outcome.app_id === null ? `create the app ${outcome.app_label} and send` : `send, for the app ${outcome.app_label}`;
      parts.push(
        outcome.roles_note ? h("p", { class: "banner", id: "okta-plan-roles-note" }, outcome.roles_note) : null,
        h("p", {}, h("strong", {}, `The assistant would ${what}, to ${outcome.org}:`)),
        h("ol", { class: "okta-plan", id: "okta-plan" }, outcome.plan.map(requestItem)),
        ...outcome.warnings.map((w) => h("p", { class: "warning" }, w)),
        confirm,
      );
    }
    parts.push(this.manual(outcome), reminders(outcome.reminders));
    fill(this.body, parts);
  }

  private apply(check: OktaCheckRequest, shown: OktaChangeOutcome): Promise<void> {
    return this.once(async () => {
      const list = h("ol", { class: "okta-results", id: "okta-change-results" });
      fill(this.body, h("p", { class: "detail" }, `Sending to ${shown.org}, one request at a time…`), list);
      const request = { check, confirmed_plan: shown.plan, confirmed_org: shown.org };
      const outcome = await this.backend.changeOkta(request, (r) => list.append(resultItem(r)));
      if (outcome.problem?.code === code("okta.apply.plan_changed")) {
        this.showPlan(check, outcome);
        return;
      }
      this.showApplied(outcome, list);
      if (outcome.results.length > 0) await this.ctx.recheck();
    });
  }

  private showApplied(outcome: OktaChangeOutcome, list: HTMLElement): void {
    if (outcome.okta_changes) this.keepHistory(outcome.okta_changes);
    const head = outcome.problem
      ? problem(outcome.problem.message, outcome.problem.remedy, outcome.problem.code)
      : h("p", { class: "ok", id: "okta-change-done", role: "status" }, h("span", { "aria-hidden": "true" }, "✓ "), `Okta accepted every change (${outcome.results.length}).`);
    fill(this.body, head, ...outcome.warnings.map((w) => h("p", { class: "warning" }, w)), list, this.manual(outcome), reminders(outcome.reminders));
  }

  /** The undo's requests, shown before anything is sent. */
  private showUndo(check: OktaCheckRequest): Promise<void> {
    return this.once(async () => {
      const shown = await this.backend.undoOktaChange({ check, confirmed_undo: null, confirmed_org: "" }, () => {});
      // Nothing to send (a practice Okta set up afresh since): say why, and keep the new list.
      if (shown.problem && shown.plan.length === 0) {
        if (shown.okta_changes) this.keepHistory(shown.okta_changes);
        fill(this.body, problem(shown.problem.message, shown.problem.remedy, shown.problem.code));
        return;
      }
      const confirm = h("button", { type: "button", class: "primary", id: "confirm-okta-undo" }, `Send ${shown.plan.length === 1 ? "this undo request" : `these ${shown.plan.length} undo requests`} to Okta`);
      confirm.addEventListener("click", () => void this.undo(check, shown));
      // A created app is undone by deactivating, then deleting it: said with its name and id.
      const id = shown.app_id ?? "";
      const deletes = shown.plan.some((r) => r.method === "DELETE" && r.path === `/api/v1/apps/${id}`);
      fill(
        this.body,
        deletes
          ? h("p", { class: "banner error", id: "okta-undo-deletes" }, `This deactivates and then deletes the app ${shown.app_label} (id ${id}) in ${shown.org}: its assignments and settings go with it.`)
          : null,
        h("p", {}, h("strong", {}, `To undo the change to ${shown.app_label} (id ${id}), the assistant would send, to ${shown.org}:`)),
        h("ol", { class: "okta-plan", id: "okta-undo-plan" }, shown.plan.map(requestItem)),
        confirm,
      );
    });
  }

  private undo(check: OktaCheckRequest, shown: OktaChangeOutcome): Promise<void> {
    return this.once(async () => {
      const list = h("ol", { class: "okta-results", id: "okta-undo-results" });
      fill(this.body, h("p", { class: "detail" }, "Undoing, one request at a time…"), list);
      const outcome = await this.backend.undoOktaChange({ check, confirmed_undo: shown.plan, confirmed_org: shown.org }, (r) => list.append(resultItem(r)));
      if (outcome.okta_changes) this.keepHistory(outcome.okta_changes);
      this.body.append(h("p", { class: outcome.applied ? "ok" : "warning", id: "okta-undo-done" }, outcome.applied ? "The changes were undone." : "Part of the undo failed: see each answer. What was not undone can be sent again."));
      await this.ctx.recheck();
    });
  }

  /** The steps no API can do; in the practice Okta, a button does those it can as the admin would. */
  private manual(outcome: OktaChangeOutcome): HTMLElement | null {
    if (outcome.pending_manual.length === 0) return null;
    const items = outcome.pending_manual.map((s: ManualStep) => {
      const item = h("li", { class: "manual-step", "data-step": s.step, ...(s.confirmed_by ? { "data-confirmed-by": s.confirmed_by } : {}) }, h("strong", {}, s.where), h("p", { class: "detail" }, s.what), h("p", { class: "ok manual-done", hidden: "" }, h("span", { "aria-hidden": "true" }, "✓ "), "Okta's answer shows this done."));
      if (outcome.practice_steps.includes(s.step)) {
        const button = h("button", { type: "button", class: "secondary", "data-practice-step": s.step }, "Do this in the practice Okta");
        button.addEventListener("click", () => {
          void this.once(async () => {
            button.disabled = true;
            try {
              await this.backend.practiceConsole(s.step, outcome.app_id);
              await this.ctx.recheck();
            } catch (e) {
              button.disabled = false;
              item.append(h("p", { class: "field-error" }, errorText(e)));
            }
          });
        });
        item.append(button);
      }
      return item;
    });
    return h("div", { id: "okta-manual-steps" }, h("p", {}, h("strong", {}, "Still to do by hand in Okta (no API can), then Check again:")), h("ul", {}, items));
  }
}

function problem(message: string, remedy: string, code: string): HTMLElement {
  return h("div", { class: "banner error", role: "alert", "data-code": code }, h("p", {}, h("span", { "aria-hidden": "true" }, "✖ "), message), remedy ? h("p", { class: "remedy" }, remedy) : null);
}

function reminders(items: string[]): HTMLElement | null {
  return items.length === 0 ? null : h("div", { class: "detail okta-reminders" }, items.map((r) => h("p", {}, r)));
}
