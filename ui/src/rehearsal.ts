// The rehearsal of Okta's first push, on its own step after the roles: a plain warning (it creates a
// test user), the instance domain typed again for production, each step as it arrives with what
// to do about it, and the test users left behind. The backend decides everything shown here: the
// steps, the verdict, the production gate; this file only lays it out.
import { errorCode, errorText, type Backend } from "./api";
import type { RehearsalFinding } from "./bindings/RehearsalFinding";
import type { RehearsalOutcome } from "./bindings/RehearsalOutcome";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { SavedRehearsal } from "./bindings/SavedRehearsal";
import type { TargetChoice } from "./connection";
import { fill, h } from "./dom";
import { STATUS, targetLabel } from "./status";
import { inFamily } from "./codes";

/** Where the rehearsal goes and with which token: the connection test's choice. */
export interface RehearsalSource {
  readonly element: HTMLElement;
  choice(): TargetChoice;
}

export interface RehearsalContext {
  domain: () => string;
  rolesPlan: () => RolesPlan;
  /** The last saved rehearsal, shown until a new one runs. */
  last: () => SavedRehearsal | null;
  /** Called with the record to keep for the report. */
  onOutcome: (record: SavedRehearsal) => void;
}

export class RehearsalPanel {
  readonly element: HTMLElement;
  private running = false;
  private readonly confirm = h("input", {
    id: "rehearsal-confirm",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "acme.loopio.com",
    "aria-describedby": "rehearsal-confirm-hint",
  });
  private readonly confirmField = h(
    "div",
    { class: "field", id: "rehearsal-confirm-field", hidden: true },
    h("label", { for: "rehearsal-confirm" }, "To rehearse on Production, type your Loopio domain again"),
    h("p", { class: "detail", id: "rehearsal-confirm-hint" }, "This is your live Loopio: the test user is created there."),
    this.confirm,
  );
  private readonly button = h("button", { type: "button", class: "secondary", id: "run-rehearsal" }, "Rehearse the first push (creates a test user)");
  private readonly verdict = h("div", { id: "rehearsal-verdict", role: "status", "aria-live": "polite" });
  private readonly steps = h("ol", { id: "rehearsal-steps", class: "findings", "aria-label": "Rehearsal steps" });
  private readonly users = h("div", { id: "rehearsal-users" });

  constructor(
    private readonly backend: Backend,
    private readonly source: RehearsalSource,
    private readonly ctx: RehearsalContext,
  ) {
    this.button.addEventListener("click", () => void this.run());
    // The confirmation follows the target chosen at the connection test.
    source.element.addEventListener("change", () => this.sync());
    this.element = h(
      "section",
      { class: "rehearsal", "aria-labelledby": "rehearsal-title" },
      h("h3", { id: "rehearsal-title" }, "Rehearse Okta's first push"),
      h(
        "p",
        { class: "warning", id: "rehearsal-warning" },
        h("span", { "aria-hidden": "true" }, "⚠ "),
        "This writes to the SCIM API chosen at the connection test, as Okta will: it creates one test user (okta-rehearsal-…@example.com), updates it and deactivates it. Nothing is deleted: the test user stays, deactivated, for you to remove. Rehearse on the sandbox or the practice tenant where you can.",
      ),
      this.confirmField,
      h("div", { class: "run-row" }, this.button),
      this.verdict,
      this.steps,
      this.users,
    );
    this.sync();
    const last = ctx.last();
    if (last !== null) this.showSaved(last);
  }

  /** Asks for the domain again only while the target is Production (the backend checks it). */
  sync(): void {
    this.confirmField.hidden = this.source.choice().target !== "production";
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.button.disabled = true;
    this.button.textContent = "Rehearsing…";
    fill(this.steps);
    fill(this.users);
    fill(this.verdict, h("p", { class: "detail" }, "Rehearsing Okta's first push, step by step…"));
    try {
      const choice = this.source.choice();
      const request = { ...choice, domain: this.ctx.domain(), roles_plan: this.ctx.rolesPlan(), confirm_production: this.confirm.value };
      const outcome = await this.backend.runRehearsal(request, (f) => this.steps.append(stepItem(f)));
      this.showOutcome(outcome);
      this.ctx.onOutcome(outcome.record);
    } catch (e) {
      this.refused(e);
    } finally {
      this.running = false;
      this.button.disabled = false;
      this.button.textContent = "Rehearse the first push again (creates another test user)";
    }
  }

  private refused(e: unknown): void {
    const code = errorCode(e) ?? "";
    if (inFamily(code, "rehearse.production_")) {
      this.confirmField.hidden = false;
      this.confirm.setAttribute("aria-invalid", "true");
      this.confirm.focus();
    }
    fill(
      this.verdict,
      h("p", { class: "banner error", role: "alert", "data-code": code }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e)),
    );
  }

  private showOutcome(outcome: RehearsalOutcome): void {
    this.confirm.setAttribute("aria-invalid", "false");
    // The final list, in Okta's order, complete in case a streamed step was missed.
    fill(this.steps, outcome.rehearsal.findings.map(stepItem));
    this.showVerdict(outcome.record, `Rehearsed against ${outcome.record.base_url} in ${outcome.rehearsal.elapsed_ms} ms.`);
    this.showUsers(outcome.record);
  }

  /** The last saved rehearsal (after a restart): verdict, each step in short, the test users. */
  private showSaved(saved: SavedRehearsal): void {
    const when = new Date(saved.at_unix * 1000).toLocaleString();
    this.showVerdict(saved, `Last rehearsal, ${when}, against ${targetLabel(saved.target)} (${saved.base_url}).`);
    fill(
      this.steps,
      saved.steps.map((s) =>
        h("li", { class: `finding status-${s.status}`, "data-code": s.code }, h("div", { class: "finding-head" }, h("span", { class: "status" }, `${STATUS[s.status].icon} ${STATUS[s.status].word}`), h("strong", {}, s.title))),
      ),
    );
    this.showUsers(saved);
  }

  private showVerdict(record: SavedRehearsal, line: string): void {
    const look = STATUS[record.verdict];
    fill(
      this.verdict,
      h(
        "div",
        { class: `verdict ${look.look}`, id: "rehearsal-headline" },
        h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
        h("div", {}, h("strong", {}, record.headline), h("p", { class: "detail" }, line)),
      ),
    );
  }

  private showUsers(record: SavedRehearsal): void {
    if (record.test_users.length === 0) {
      fill(this.users);
      return;
    }
    const state = (active: boolean | null) => (active === null ? "state not confirmed" : active ? "still active" : "deactivated");
    fill(
      this.users,
      h("h4", { id: "test-users-title" }, record.target === "practice" ? "Test users left on the practice tenant (not Loopio)" : record.target === "custom" ? "Test users left at the custom URL" : "Test users left in Loopio"),
      h(
        "ul",
        { class: "test-users", "aria-labelledby": "test-users-title" },
        record.test_users.map((u) => h("li", { "data-id": u.id }, h("code", {}, u.userName), " (id ", h("code", {}, u.id), `, ${state(u.active)})`)),
      ),
      h("p", { class: "remedy", id: "test-users-cleanup" }, h("strong", {}, "How to remove them: "), record.cleanup),
    );
  }
}

/** One step: what it checked (Okta's request), what came back, what to do, how Okta shows it. */
function stepItem(f: RehearsalFinding): HTMLElement {
  const s = STATUS[f.status];
  const problem = f.status === "fail" || f.status === "warn";
  return h(
    "li",
    { class: `finding status-${f.status}`, "data-code": f.code },
    h("div", { class: "finding-head" }, h("span", { class: "status" }, `${s.icon} ${s.word}`), h("strong", {}, f.title)),
    f.request === "" ? null : h("p", { class: "checked" }, "Okta's request: ", h("code", {}, f.request)),
    f.detail === "" ? null : h("p", { class: "seen" }, f.detail),
    f.remedy === "" ? null : h("p", { class: "remedy" }, h("strong", {}, "What to do: "), f.remedy),
    problem && f.okta_shows !== "" ? h("p", { class: "okta-shows" }, h("strong", {}, "How Okta shows it: "), f.okta_shows) : null,
    problem ? h("p", { class: "support-code" }, "Code for Loopio Support: ", h("code", {}, f.cause === null ? f.code : `${f.code} (${f.cause})`)) : null,
  );
}
