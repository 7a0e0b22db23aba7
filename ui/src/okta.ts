// "Check your Okta app": connect to the admin's Okta org (or the practice Okta), pick the app
// by label or id, and see what the backend's read-back found, grouped by the Okta screen each
// finding is on, with what Okta has, what the wizard generated and how to fix it. Pass and fail,
// the verdict and whether the step is done are the backend's: this file only lays them out.
// The API token lives in its input for the call only: it is never saved or kept here.
import scopes from "./bindings/okta-scopes.json";
import { errorCode, errorText, type Backend } from "./api";
import type { Environment } from "./bindings/Environment";
import type { OktaCheckRequest } from "./bindings/OktaCheckRequest";
import type { Progress } from "./bindings/Progress";
import type { SavedOktaCheck } from "./bindings/SavedOktaCheck";
import type { OktaFinding } from "./bindings/OktaFinding";
import { fill, h } from "./dom";
import { STATUS } from "./status";
import { idpPanel } from "./okta-idp";
import { OktaChangePanel } from "./okta-change";
import type { SavedOktaChange } from "./bindings/SavedOktaChange";
import { code, inFamily } from "./codes";

export interface OktaContext {
  domain: () => string;
  environment: () => Environment;
  /** The app's label for the environment, from the core's plan (`Plan.app_label`). */
  appLabel: () => string;
  knownRoles: () => string[];
  /** The last saved check, shown until a new one runs. */
  last: () => SavedOktaCheck | null;
  /** Called with the record to keep (the backend decides whether it completes the step). */
  onOutcome: (record: SavedOktaCheck) => void;
  /** Called with the profile's Okta change history after the assistant changed Okta. */
  onChanges: (history: SavedOktaChange[]) => void;
  /** The profile's saved Okta change history. */
  changes: () => SavedOktaChange[];
  /** Set when the saved check was for other values than today's (the core's note). */
  forOther?: () => string | null;
}

function radio(name: string, id: string, label: string, checked: boolean): HTMLElement {
  const input = h("input", { type: "radio", name, id, value: id });
  input.checked = checked;
  return h("div", { class: "radio" }, input, h("label", { for: id }, label));
}

function checkItem(id: string, label: string, hint: string): HTMLElement {
  return h(
    "div",
    { class: "check-item" },
    h("input", { type: "checkbox", id, "aria-describedby": `${id}-hint` }),
    h("div", {}, h("label", { for: id }, label), h("p", { class: "detail", id: `${id}-hint` }, hint)),
  );
}

function field(id: string, label: string, hint: string, attrs: Record<string, string> = {}): HTMLElement {
  return h(
    "div",
    { class: "field", id: `${id}-field` },
    h("label", { for: id }, label),
    h("p", { class: "detail", id: `${id}-hint` }, hint),
    h("input", { id, type: "text", autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-hint`, ...attrs }),
  );
}

const READ_ONLY_INTRO = "The check is read-only: GET requests to your org. Changes are made only if you ask for them below and confirm the exact requests.";
const READ_ONLY_TOKEN = "Okta: Security > API > Tokens > Create token. A Read-only Administrator's token is enough. It is used for this check only and never saved.";
const READ_ONLY_SERVICE = "A service app (OAuth 2.0, recommended: it can be read-only)";

export class OktaPanel {
  readonly element: HTMLElement;
  private running = false;
  private readonly button = h("button", { type: "button", class: "primary", id: "run-okta-check" }, "Check the Okta app");
  private readonly verdict = h("div", { id: "okta-check-verdict", role: "status", "aria-live": "polite" });
  private readonly results = h("div", { id: "okta-results" });
  private readonly orgFields = h(
    "div",
    { id: "okta-org-fields" },
    field("okta-org", "Okta org address", "The address you sign in to Okta at, for example https://acme.okta.com (the admin console address works too).", { placeholder: "https://acme.okta.com" }),
    h(
      "fieldset",
      { class: "field", id: "okta-auth" },
      h("legend", {}, "How the assistant signs in to Okta"),
      radio("okta-auth", "okta-auth-token", "An API token", true),
      radio("okta-auth", "okta-auth-service", READ_ONLY_SERVICE, false),
    ),
    h("div", { id: "okta-token-fields" }, field("okta-token", "Okta API token", READ_ONLY_TOKEN, { type: "password" })),
    h(
      "div",
      { id: "okta-service-fields", hidden: "" },
      field("okta-client-id", "Service app client id", `Okta: Applications > Create App Integration > API Services; General > Client Credentials (Public key / Private key). Grant ${listed(scopes.read)} (and ${listed(scopes.manage)} to let the assistant change Okta).`),
      field("okta-key-file", "Private key file (path)", "The PEM (BEGIN PRIVATE KEY) or JWK file of the key you added to the service app. The assistant reads it for each request to Okta's token endpoint; it never shows or saves it.", { placeholder: "/home/you/okta-service-app.pem" }),
    ),
    h(
      "details",
      { class: "advanced", id: "okta-advanced" },
      h("summary", {}, "Advanced options: resolve overrides, extra CA certificate"),
      h("p", { class: "detail" }, "Proxy: the check uses this computer's system proxy settings. For TLS inspection, add your company's root certificate."),
      h("div", { class: "field" }, h("label", { for: "okta-resolve" }, "Resolve overrides, one HOST:PORT:ADDRESS per line"), h("textarea", { id: "okta-resolve", rows: "2", spellcheck: "false" })),
      field("okta-ca-file", "Extra trusted CA certificate (PEM file path)", "Only when a proxy inspects TLS."),
    ),
  );
  private readonly practiceFields = h(
    "div",
    { id: "okta-practice-fields" },
    checkItem("okta-plant-mistake", "Plant a mistake in the practice Okta", "The Audience URI is typed as a URL, as admins often do: see how the check names it and says how to fix it."),
    checkItem("okta-practice-without-app", "Start the practice Okta without the Loopio app", "To practise letting the assistant create the app."),
  );
  private readonly change: OktaChangePanel;
  /** Whether the admin typed a label of their own (else the plan's is used). */
  private labelTyped = false;
  /** Where Okta is and how the assistant signs in: folded away on a step once Okta answered. */
  private readonly connection = h("details", { class: "okta-connection", id: "okta-connection", open: "" });
  private readonly connectionSummary = h("summary", { id: "okta-connection-summary" }, "Your Okta org and app");
  /** The findings this step shows (a step of the assistant's way); null shows every finding. */
  private focusCodes: string[] | null = null;
  /** The record shown, and the line under its headline (redrawn when the focus changes). */
  private shown: { record: SavedOktaCheck; line: string } | null = null;
  /** A read-back after a change was asked for while another ran: run it once that ends. */
  private rerun = false;
  /** The Okta the last check was for (the practice Okta, or the org address as typed). */
  private lastSource: string | null = null;
  /** Whether Okta answered in this session, with the credential still in its field. */
  private connected = false;

  constructor(
    private readonly backend: Backend,
    private readonly ctx: OktaContext,
  ) {
    this.button.addEventListener("click", () => void this.run());
    this.change = new OktaChangePanel(backend, { request: () => this.request(), onChanges: (history) => ctx.onChanges(history), history: () => ctx.changes(), recheck: () => this.run(false) });
    const source = h(
      "fieldset",
      { class: "field", id: "okta-source" },
      h("legend", {}, "Which Okta to read"),
      radio("okta-source", "okta-source-org", "Your Okta org", true),
      radio("okta-source", "okta-source-practice", "The practice Okta on this computer (not your org)", false),
    );
    source.addEventListener("change", () => this.sync());
    this.orgFields.addEventListener("change", () => this.sync());
    const app = h(
      "fieldset",
      { class: "field", id: "okta-app" },
      h("legend", {}, "Your Loopio app in Okta"),
      field("okta-app-label", "App label", "As Okta's Applications list shows it, exactly (case included).", { value: ctx.appLabel() }),
      field("okta-app-id", "Or the app's id (optional)", "In the app's address in the admin console: /admin/app/…/instance/<id>/. When given, it is used instead of the label."),
    );
    this.connection.append(this.connectionSummary, source, this.orgFields, this.practiceFields, app);
    this.element = h(
      "section",
      { class: "okta-check", "aria-labelledby": "okta-check-title" },
      h("h3", { id: "okta-check-title" }, "Read your Okta app back"),
      h("p", { class: "detail", id: "okta-check-intro" }, READ_ONLY_INTRO),
      this.connection,
      h("div", { class: "run-row" }, this.button),
      this.verdict,
      this.results,
      this.change.element,
    );
    // The label follows the environment's (the core's) until the admin types another.
    const label = this.input("okta-app-label");
    label.addEventListener("input", () => (this.labelTyped = label.value.trim() !== ""));
    this.sync();
    const last = ctx.last();
    if (last !== null) this.show(last, `Last check, ${new Date(last.at_unix * 1000).toLocaleString()}, of ${last.org}.`);
  }

  private input(id: string): HTMLInputElement {
    const el = this.element.querySelector<HTMLInputElement>(`#${id}`);
    if (!el) throw new Error(`missing #${id}`);
    return el;
  }

  private get practice(): boolean {
    return this.input("okta-source-practice").checked;
  }

  /** Shows the fields for the Okta chosen. */
  private sync(): void {
    this.orgFields.hidden = this.practice;
    this.practiceFields.hidden = !this.practice;
    const service = this.input("okta-auth-service").checked;
    this.input("okta-token").closest<HTMLElement>("#okta-token-fields")!.hidden = service;
    this.input("okta-client-id").closest<HTMLElement>("#okta-service-fields")!.hidden = !service;
  }

  /**
   * Narrows the panel to one step's findings (the assistant's way), or shows them all (null,
   * "Check your Okta app"). On a step, the connection folds away once Okta answered: it is
   * entered once, and every step's Check again uses it.
   */
  focus(codes: string[] | null): void {
    // A plan shown on another step was for what that step showed: it goes (what was sent stays).
    if (codes?.join() !== this.focusCodes?.join()) this.change.clear(true);
    this.focusCodes = codes;
    this.word(codes !== null);
    this.connection.open = codes === null || !this.connected;
    if (this.shown !== null) this.show(this.shown.record, this.shown.line);
  }

  /**
   * The words that differ between the final read-only check and the assistant's way, where the
   * same credential also creates and changes the app (after each plan is confirmed).
   */
  private word(assistant: boolean): void {
    const set = (css: string, text: string) => {
      const el = this.element.querySelector(css);
      if (el) el.textContent = text;
    };
    set("#okta-check-title", assistant ? "Your Okta app" : "Read your Okta app back");
    set("#okta-check-intro", assistant ? "Check again reads the app with GET requests. Okta is changed only when you confirm a plan below, request by request." : READ_ONLY_INTRO);
    set("#okta-token-hint", assistant ? "Okta: Security > API > Tokens > Create token, signed in as an administrator who can create apps (Super Administrator or App Administrator): the assistant creates and changes the app with it, after you confirm each plan. It stays in this field for this session only and is never saved." : READ_ONLY_TOKEN);
    set('label[for="okta-auth-service"]', assistant ? `A service app (OAuth 2.0) granted ${listed(scopes.manage)} as well as the read scopes` : READ_ONLY_SERVICE);
  }

  /** Shows the plan's label for today's environment unless the admin typed one. */
  followPlan(): void {
    if (!this.labelTyped) this.input("okta-app-label").value = this.ctx.appLabel();
  }

  /** What "Check your Okta app" sends: also the Okta side of "Check real users". */
  request(): OktaCheckRequest {
    this.followPlan();
    const service = !this.practice && this.input("okta-auth-service").checked;
    return {
      practice: this.practice,
      practice_mistake: this.practice && this.input("okta-plant-mistake").checked ? "audience" : null,
      practice_without_app: this.practice && this.input("okta-practice-without-app").checked,
      org_url: this.input("okta-org").value,
      token: service ? "" : this.input("okta-token").value,
      client_id: service ? this.input("okta-client-id").value : "",
      private_key_path: service ? this.input("okta-key-file").value : "",
      resolve: (this.element.querySelector<HTMLTextAreaElement>("#okta-resolve")?.value ?? "").split("\n"),
      ca_file: this.input("okta-ca-file").value,
      app_id: this.input("okta-app-id").value,
      app_label: this.input("okta-app-label").value,
      domain: this.ctx.domain(),
      environment: this.ctx.environment(),
      known_roles: this.ctx.knownRoles(),
    };
  }

  /**
   * Reads the app. A new check replaces the old result: nothing of it (its findings, IdP values,
   * or a plan and answers made for it, maybe for another org) stays under the new one. Only the
   * read-back that follows a change (`fresh` false) keeps that change's answers in view.
   */
  private async run(fresh = true): Promise<void> {
    // A read-back asked for while one runs (after a change, or a practice console click) must
    // see that change: it runs again once the current one is done.
    if (this.running) {
      if (!fresh) this.rerun = true;
      return;
    }
    this.running = true;
    this.button.disabled = true;
    this.button.textContent = "Checking…";
    fill(this.verdict, h("p", { class: "detail" }, "Reading your Okta app…"));
    this.shown = null;
    fill(this.results);
    // Another org (or the practice Okta instead of the org): nothing of the old result stays.
    const source = this.practice ? "practice" : this.input("okta-org").value.trim().toLowerCase();
    if (fresh) this.change.clear(source === this.lastSource);
    this.lastSource = source;
    for (const id of ["okta-org", "okta-token", "okta-client-id", "okta-key-file", "okta-app-id", "okta-app-label"]) this.input(id).setAttribute("aria-invalid", "false");
    try {
      const outcome = await this.backend.checkOkta(this.request());
      this.connected = outcome.record.reached;
      this.connectionSummary.textContent = outcome.record.reached ? `Connected to ${outcome.record.org}${outcome.record.practice ? " (the practice Okta)" : ""}: change` : "Your Okta org and app";
      if (this.focusCodes !== null) this.connection.open = !outcome.record.reached;
      // An org not reached was not read: say it was tried, not read.
      const line = outcome.record.reached ? `Read ${outcome.record.org} in ${outcome.elapsed_ms} ms.` : `Tried ${outcome.record.org} for ${outcome.elapsed_ms} ms.`;
      this.show(outcome.record, line);
      this.ctx.onOutcome(outcome.record);
    } catch (e) {
      this.refused(e);
    } finally {
      this.running = false;
      this.button.disabled = false;
      this.button.textContent = "Check again";
    }
    if (this.rerun) {
      this.rerun = false;
      await this.run(false);
    }
  }

  /** A refused input: say why, and mark and focus the field the code is about. */
  private refused(e: unknown): void {
    const code = errorCode(e) ?? "";
    const fieldId = fieldOf(code, this.input("okta-app-id").value.trim() !== "");
    if (fieldId) {
      const input = this.input(fieldId);
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    fill(this.verdict, h("p", { class: "banner error", role: "alert", "data-code": code }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e)));
  }

  private show(record: SavedOktaCheck, line: string): void {
    this.shown = { record, line };
    // The saved check, when it was for other values than today's: shown as old, not as a verdict.
    const last = this.ctx.last();
    const old = last !== null && last.at_unix === record.at_unix ? (this.ctx.forOther?.() ?? null) : null;
    const look = old === null ? STATUS[record.verdict] : { icon: "↺", look: "old" };
    const app = record.app_id === "" ? "" : ` App: ${record.app_label} (id ${record.app_id}).`;
    if (this.focusCodes !== null && record.app_id !== "") {
      // On a step, Okta's answer for the step leads; the whole app's verdict is a line under it.
      const failing = record.findings.filter((f) => f.status === "fail").length;
      const whole = failing === 0 ? "nothing fails on any step." : `${failing} finding${failing === 1 ? "" : "s"} fail across all steps; each step shows its own, and "Check your Okta app" shows them all.`;
      fill(this.verdict, h("p", { class: "detail", id: "okta-check-headline" }, h("strong", {}, "The whole app: "), `${whole} ${line}${app}`));
    } else
      fill(
        this.verdict,
        h(
          "div",
          { class: `verdict ${look.look}`, id: "okta-check-headline" },
          h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
          h("div", {}, old === null ? null : h("p", { class: "for-other-note", id: "okta-check-old" }, `Old result: ${old}`), h("strong", {}, record.headline), h("p", { class: "detail" }, `${line}${app}`)),
        ),
        // The practice Okta's roles are its own example groups': never a verdict on the plan.
        record.practice && record.app_id !== "" ? h("p", { class: "detail", id: "okta-practice-roles-note" }, "The practice Okta has its own example groups and roles (Loopio Admins, Proposal Team, Reviewers): your roles plan is not compared with it, so its roles findings say nothing about your mapping.") : null,
      );
    // On a step, its own findings; before an app is found, what stopped the check.
    const focus = this.focusCodes;
    const findings = focus === null || record.app_id === "" ? record.findings : record.findings.filter((f) => focus.includes(f.code));
    const idp = focus === null && record.idp ? idpPanel(record.idp, record.practice, { copy: (text) => this.backend.copy(text), exportReminder: () => this.backend.exportFile({ kind: "certificate_reminder" }) }) : null;
    fill(this.results, byScreen(findings), idp);
    // An old result's rows are for other values: greyed, never read as today's passes.
    this.results.classList.toggle("old", old !== null);
    // What to offer is the core's: nothing when Okta was not reached (a network failure says
    // nothing about the app), Create when Okta said no app has the label, Fix when it differs.
    this.change.offer(record.offers_create, !record.offers_fix);
    this.change.confirm(record.findings);
  }
}

/** "a, b and c", as the help text lists scopes. */
function listed(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The field a refused input's code is about (the code names it; the view only maps it). */
function fieldOf(errorCode: string, byId: boolean): string | null {
  if (inFamily(errorCode, "okta_url.")) return "okta-org";
  if (inFamily(errorCode, "token.")) return "okta-token";
  if (inFamily(errorCode, "okta.key.")) return "okta-key-file";
  if (errorCode === code("okta.client_id.invalid")) return "okta-client-id";
  if (errorCode === code("okta.app.invalid")) return byId ? "okta-app-id" : "okta-app-label";
  return null;
}

/** The screen a finding is on, and its field: its `where` split at the last " > ". */
function screenAndField(where: string): [string, string] {
  const at = where.lastIndexOf(" > ");
  if (where === "") return ["Other findings", ""];
  return at < 0 ? [where, ""] : [where.slice(0, at), where.slice(at + 3)];
}

/** The findings grouped by Okta screen, in the order the screens first appear. */
function byScreen(findings: OktaFinding[]): HTMLElement[] {
  const groups = new Map<string, OktaFinding[]>();
  for (const f of findings) {
    const [screen] = screenAndField(f.where);
    groups.set(screen, [...(groups.get(screen) ?? []), f]);
  }
  return [...groups.entries()].map(([screen, list], i) =>
    h(
      "section",
      { class: "okta-screen", "aria-labelledby": `okta-screen-${i}` },
      h("h4", { id: `okta-screen-${i}` }, screen),
      h("ul", { class: "findings" }, list.map(findingItem)),
    ),
  );
}

function findingItem(f: OktaFinding): HTMLElement {
  const s = STATUS[f.status];
  const [, fieldName] = screenAndField(f.where);
  const row = (term: string, value: string | null, cls: string) =>
    value === null || value === "" ? null : [h("dt", {}, term), h("dd", { class: cls }, value)];
  return h(
    "li",
    { class: `finding status-${f.status}`, "data-code": f.code },
    h("div", { class: "finding-head" }, h("span", { class: "status" }, `${s.icon} ${s.word}`), h("strong", {}, f.title)),
    h("dl", { class: "okta-compare" }, row("Field", fieldName, "okta-field"), row("Okta has", f.okta_has, "okta-has"), row("Expected", f.expected, "okta-expected")),
    f.detail === "" ? null : h("p", { class: "seen" }, f.detail),
    f.remedy === "" ? null : h("p", { class: "remedy" }, h("strong", {}, "Fix: "), f.remedy),
  );
}

/** The step's panel, reading and saving the wizard's progress. */
export function oktaPanel(backend: Backend, progress: () => Progress, appLabel: () => string, update: (change: Partial<Progress>) => void, forOther: () => string | null = () => null): OktaPanel {
  return new OktaPanel(backend, {
    domain: () => progress().domain,
    environment: () => progress().environment,
    appLabel,
    knownRoles: () => progress().roles_known,
    last: () => progress().last_okta_check ?? null,
    onOutcome: (record) => update({ last_okta_check: record }),
    onChanges: (history) => update({ okta_changes: history }),
    changes: () => progress().okta_changes,
    forOther,
  });
}
