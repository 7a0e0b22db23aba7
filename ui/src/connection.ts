// The connection test step: choose what to test, paste the token, run, and watch each check
// arrive. The token lives only in the input field and in the call; it is never saved.
//
// This panel wires the fields to the backend: its state is in connection-state.ts, its drawing in
// connection-view.ts.
import { errorText, type Backend } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { Environment } from "./bindings/Environment";
import type { SavedTest } from "./bindings/SavedTest";
import type { TestTargetKind } from "./bindings/TestTargetKind";
import { ConnectionState, type TargetChoice } from "./connection-state";
import {
  connectionForm,
  environmentLine,
  findingItem,
  keychainProblem,
  practiceRunning,
  runError,
  savedResultLine,
  staleNote,
  targetRadios,
  tokenHint,
  tokenNotes,
  verdictView,
} from "./connection-view";
import { fill, h } from "./dom";
import { TokenExpiryField } from "./token-expiry";
import { TokenKeychain } from "./token-keychain";

export type { TargetChoice };
export { keychainProblem };

export interface ConnectionContext {
  domain: () => string;
  environment: () => Environment;
  tokenGeneratedOn: () => string;
  rememberToken: () => boolean;
  /** Called with every finished run (to keep it for the report). */
  onOutcome: (outcome: ConnectionTestOutcome) => void;
  /** Called when Okta's own test is predicted to pass. */
  onTokenDate: (date: string) => void;
  onRememberChange: (remember: boolean) => void;
  /** The open profile's name, shown beside its environment. */
  profile: () => string;
  /** The core's label for an environment. */
  environmentLabel: (env: Environment) => string;
  /** Takes the admin to where the profile's environment is chosen. */
  onChangeEnvironment: () => void;
  /** The profile's last saved test, shown with its target until the next run (after a restart). */
  lastTest: () => SavedTest | null;
}

const TARGET_CHANGED = "The test target changed since the last test.";
const TOKEN_CHANGED = "The token changed since the last test.";

export class ConnectionPanel {
  readonly element: HTMLElement;
  private readonly state: ConnectionState;
  private readonly token = h("input", {
    id: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-hint token-notes",
  });
  private readonly notes = h("ul", { id: "token-notes", class: "notes", "aria-live": "polite" });
  private readonly hint = h("p", { id: "token-hint", class: "detail" });
  private readonly practiceHint = h("div", { class: "practice-hint", hidden: true });
  private readonly baseUrl = h("input", { id: "base-url", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "https://api.loopio.com/scim/v2" });
  private readonly resolve = h("textarea", { id: "resolve", rows: "2", spellcheck: "false", placeholder: "api.loopio.com:443:10.0.0.5" });
  private readonly caFile = h("input", { id: "ca-file", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "/etc/ssl/corp-root.pem" });
  private readonly runButton = h("button", { type: "button", class: "primary", id: "run-test" }, "Run the test");
  private readonly verdict = h("div", { id: "verdict", role: "status", "aria-live": "polite" });
  private readonly findings = h("ol", { id: "findings", class: "findings", "aria-label": "Checks" });
  private readonly environmentLine = h("p", { class: "env-line", id: "profile-environment" });
  private readonly expiry: TokenExpiryField;
  private readonly keychain: TokenKeychain;

  constructor(
    private readonly backend: Backend,
    private readonly ctx: ConnectionContext,
  ) {
    this.state = new ConnectionState(ctx.environment());
    const radios = targetRadios(this.state.target, (target) => {
      this.setTarget(target);
      this.invalidate(TARGET_CHANGED);
    });
    const show = h("input", { type: "checkbox", id: "show-token" });
    show.addEventListener("change", () => (this.token.type = show.checked ? "text" : "password"));
    this.token.addEventListener("input", () => {
      this.invalidate(TOKEN_CHANGED);
      void this.inspect();
    });
    for (const input of [this.baseUrl, this.resolve, this.caFile]) {
      input.addEventListener("input", () => this.invalidate(TARGET_CHANGED));
    }
    this.runButton.addEventListener("click", () => void this.run());
    this.expiry = new TokenExpiryField(backend, { generatedOn: ctx.tokenGeneratedOn, onDate: ctx.onTokenDate });
    const onRememberChange = (remember: boolean) => {
      ctx.onRememberChange(remember);
      fill(this.hint, tokenHint(remember));
    };
    fill(this.hint, tokenHint(ctx.rememberToken()));
    this.keychain = new TokenKeychain(backend, this.state, { remembered: ctx.rememberToken, onChange: onRememberChange });
    this.element = connectionForm({ ...this.parts(), radios, show, expiry: this.expiry.element, keychain: this.keychain.parts });
    this.setTarget(this.state.target);
    this.keychain.start();
    this.expiry.start();
    this.keychain.refresh();
    void this.restore();
  }

  private parts() {
    const { environmentLine, practiceHint, token, notes, hint, baseUrl, resolve, caFile, runButton, verdict, findings } = this;
    return { environmentLine, practiceHint, token, notes, hint, baseUrl, resolve, caFile, runButton, verdict, findings };
  }

  /**
   * Shows the last saved result and the target it ran against (after a restart, or on another
   * profile), as the backend words it, unless the admin has changed or run something since.
   */
  private async restore(): Promise<void> {
    const test = this.ctx.lastTest();
    if (test === null) return;
    const mark = this.state.mark();
    const outcome = await this.backend.savedTestOutcome(test).catch(() => null);
    if (outcome === null || !this.state.mayRestore(mark)) return;
    if (outcome.target === "custom") {
      this.baseUrl.value = outcome.base_url;
      this.baseUrl.closest("details")?.setAttribute("open", "");
    } else {
      this.checkRadio(outcome.target);
      this.setTarget(outcome.target);
    }
    this.showOutcome(outcome);
    this.state.showing();
    this.verdict.prepend(savedResultLine(outcome));
  }

  /**
   * Shows the open profile's environment (every profile, whatever its name) and, when the admin
   * changed it elsewhere, moves a target that was following it along.
   */
  syncEnvironment(): void {
    const env = this.ctx.environment();
    if (this.state.follow(env)) {
      this.setTarget(env);
      this.checkRadio(env);
      this.invalidate(TARGET_CHANGED);
    }
    environmentLine(this.environmentLine, this.ctx.profile(), this.ctx.environmentLabel(env), () => this.ctx.onChangeEnvironment());
  }

  private checkRadio(target: TestTargetKind): void {
    const radio = this.element.querySelector<HTMLInputElement>(`#target-${target}`);
    if (radio) radio.checked = true;
  }

  /**
   * The token or target changed: a result on screen is for the previous one, so it goes, with a
   * note saying why (a run still under way is marked when it returns).
   */
  private invalidate(reason: string): void {
    if (!this.state.invalidate()) return;
    fill(this.findings);
    fill(this.verdict, staleNote(reason));
  }

  /** The target and token the admin has chosen, for role discovery. */
  choice(): TargetChoice {
    return this.state.choice({ token: this.token.value, baseUrl: this.baseUrl.value, resolve: this.resolve.value, caFile: this.caFile.value });
  }

  private setTarget(target: TestTargetKind): void {
    this.state.choose(target);
    if (target !== "practice") {
      this.practiceHint.hidden = true;
      return;
    }
    this.practiceHint.hidden = false;
    fill(this.practiceHint, h("p", { class: "detail" }, "Starting the practice tenant…"));
    this.backend.practiceTenant().then(
      ([url, token]) => fill(this.practiceHint, practiceRunning(url, () => this.usePracticeToken(token))),
      (e: unknown) => fill(this.practiceHint, h("p", { class: "field-error", role: "alert" }, errorText(e))),
    );
  }

  private usePracticeToken(token: string): void {
    if (this.token.value !== token) this.invalidate(TOKEN_CHANGED);
    this.token.value = token;
    void this.inspect();
  }

  private async inspect(): Promise<void> {
    const value = this.token.value;
    if (value === "") {
      fill(this.notes);
      return;
    }
    const check = await this.backend.inspectToken(value);
    if (value !== this.token.value) return; // superseded
    fill(this.notes, tokenNotes(check));
  }

  private async run(): Promise<void> {
    if (!this.state.begin()) return;
    this.runButton.disabled = true;
    this.runButton.textContent = "Testing…";
    fill(this.findings);
    fill(this.verdict, h("p", { class: "detail" }, "Running the checks…"));
    const choice = this.choice();
    const mark = this.state.mark();
    const remedies = new Map<string, string>();
    try {
      const outcome = await this.backend.runConnectionTest({ ...choice, domain: this.ctx.domain() }, (f) => {
        if (this.state.unchangedSince(mark)) this.findings.append(findingItem(f, remedies));
      });
      this.ctx.onOutcome(outcome);
      if (this.state.unchangedSince(mark)) {
        this.showOutcome(outcome);
      } else {
        this.state.showing();
        this.invalidate("The token or test target changed while the test ran.");
      }
      if (this.keychain.wanted && choice.token !== "") await this.keychain.save(choice.token);
    } catch (e) {
      fill(this.verdict, runError(e));
    } finally {
      this.state.finish();
      this.runButton.disabled = false;
      this.runButton.textContent = "Run the test again";
    }
  }

  private showOutcome(outcome: ConnectionTestOutcome): void {
    // The final list, in the backend's order (the cause first), complete in case a streamed
    // message was missed.
    const remedies = new Map<string, string>();
    fill(
      this.findings,
      outcome.report.findings.map((f) => findingItem(f, remedies)),
    );
    // The headline is the backend's: "will pass / will fail" only for what Loopio answered.
    fill(this.verdict, verdictView(outcome));
  }
}
