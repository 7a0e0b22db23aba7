// The connection test step: choose what to test, paste the token, run, and watch each check
// arrive. The token lives only in the input field and in the call; it is never saved.
import { errorCode, errorText, type Backend } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { Environment } from "./bindings/Environment";
import type { Finding } from "./bindings/Finding";
import type { SavedTest } from "./bindings/SavedTest";
import type { Status } from "./bindings/Status";
import type { TestTargetKind } from "./bindings/TestTargetKind";
import checks from "./bindings/checks.json";
import { fill, h } from "./dom";

const TARGETS: { id: TestTargetKind; label: string; hint: string }[] = [
  { id: "production", label: "Production", hint: "Loopio's live SCIM API." },
  { id: "sandbox", label: "Sandbox (INT01)", hint: "Loopio's sandbox SCIM API." },
  { id: "practice", label: "Practice tenant", hint: "A simulated Loopio on this computer: try the flow with no Loopio access." },
];

const STATUS_TEXT: Record<Status, { icon: string; word: string }> = {
  pass: { icon: "✓", word: "Pass" },
  warn: { icon: "⚠", word: "Warning" },
  fail: { icon: "✖", word: "Fail" },
  skip: { icon: "–", word: "Skipped" },
};

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

/** Where to send requests and with which token: shared with role discovery. */
export interface TargetChoice {
  target: TestTargetKind;
  base_url: string;
  token: string;
  use_saved_token: boolean;
  resolve: string[];
  ca_file: string;
}

export class ConnectionPanel {
  readonly element: HTMLElement;
  private target: TestTargetKind;
  private running = false;
  private readonly token = h("input", {
    id: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-hint token-notes",
  });
  private readonly notes = h("ul", { id: "token-notes", class: "notes", "aria-live": "polite" });
  private readonly practiceHint = h("div", { class: "practice-hint", hidden: true });
  private readonly baseUrl = h("input", { id: "base-url", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "https://api.loopio.com/scim/v2" });
  private readonly resolve = h("textarea", { id: "resolve", rows: "2", spellcheck: "false", placeholder: "api.loopio.com:443:10.0.0.5" });
  private readonly caFile = h("input", { id: "ca-file", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "/etc/ssl/corp-root.pem" });
  private readonly runButton = h("button", { type: "button", class: "primary", id: "run-test" }, "Run the test");
  private readonly verdict = h("div", { id: "verdict", role: "status", "aria-live": "polite" });
  private readonly findings = h("ol", { id: "findings", class: "findings", "aria-label": "Checks" });
  private readonly remember = h("input", { type: "checkbox", id: "remember-token" });
  private readonly keychain = h("div", { id: "keychain-status", class: "detail", "aria-live": "polite" });
  private readonly tokenDate = h("input", { type: "date", id: "token-date" });
  private readonly expiry = h("div", { id: "token-expiry", "aria-live": "polite" });
  private readonly environmentLine = h("p", { class: "env-line", id: "profile-environment" });
  private savedToken = false;
  /** The profile's environment the target last followed (see `syncEnvironment`). */
  private environment: Environment;
  /** Bumped whenever the token or target changes: a result from before is for something else. */
  private generation = 0;
  /** A verdict is on screen (so a change has something to clear). */
  private showingResult = false;

  constructor(
    private readonly backend: Backend,
    private readonly ctx: ConnectionContext,
  ) {
    this.target = ctx.environment();
    this.environment = ctx.environment();
    const radios = TARGETS.map((t) => {
      const radio = h("input", { type: "radio", name: "test-target", id: `target-${t.id}`, value: t.id });
      radio.checked = this.target === t.id;
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        this.setTarget(t.id);
        this.invalidate("The test target changed since the last test.");
      });
      return h("div", { class: "radio" }, radio, h("label", { for: `target-${t.id}` }, h("strong", {}, t.label), h("span", { class: "detail" }, ` ${t.hint}`)));
    });
    const show = h("input", { type: "checkbox", id: "show-token" });
    show.addEventListener("change", () => (this.token.type = show.checked ? "text" : "password"));
    this.token.addEventListener("input", () => {
      this.invalidate("The token changed since the last test.");
      void this.inspect();
    });
    for (const input of [this.baseUrl, this.resolve, this.caFile]) {
      input.addEventListener("input", () => this.invalidate("The test target changed since the last test."));
    }
    this.runButton.addEventListener("click", () => void this.run());

    this.element = h(
      "div",
      { class: "connection" },
      this.environmentLine,
      h("fieldset", { class: "field" }, h("legend", {}, "Test against"), radios),
      this.practiceHint,
      h(
        "div",
        { class: "field" },
        h("label", { for: "token" }, "Your Loopio SCIM token"),
        h("p", { id: "token-hint", class: "detail" }, "Paste it as Loopio showed it. It is used for this test only: never saved, logged or shown in a report."),
        h("div", { class: "token-row" }, this.token, h("span", { class: "show" }, show, h("label", { for: "show-token" }, "Show token"))),
        this.notes,
        h("div", { class: "remember" }, this.remember, h("label", { for: "remember-token" }, "Remember this token on this computer (in the system keychain, never in a file)")),
        this.keychain,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "token-date" }, "When was this token generated?"),
        h("p", { class: "detail" }, "Loopio tokens expire after one year. Enter the date to see the expiry and get a calendar reminder two weeks before."),
        h("div", { class: "token-row" }, this.tokenDate, this.todayButton()),
        this.expiry,
      ),
      h(
        "details",
        { class: "advanced" },
        h("summary", {}, "Advanced options: custom SCIM base URL, resolve overrides, extra CA certificate"),
        h(
          "p",
          { class: "detail" },
          "Proxy: the test uses this computer's system proxy settings; there is nothing to set here. For TLS inspection, add your company's root certificate below.",
        ),
        h("div", { class: "field" }, h("label", { for: "base-url" }, "Custom SCIM base URL (overrides the choice above)"), this.baseUrl),
        h("div", { class: "field" }, h("label", { for: "resolve" }, "Resolve overrides, one HOST:PORT:ADDRESS per line"), this.resolve),
        h("div", { class: "field" }, h("label", { for: "ca-file" }, "Extra trusted CA certificate (PEM file path)"), this.caFile),
      ),
      h("div", { class: "run-row" }, this.runButton),
      this.verdict,
      this.findings,
    );
    this.setTarget(this.target);
    this.remember.checked = ctx.rememberToken();
    this.remember.addEventListener("change", () => void this.rememberChanged());
    this.tokenDate.value = ctx.tokenGeneratedOn();
    this.tokenDate.addEventListener("change", () => {
      ctx.onTokenDate(this.tokenDate.value);
      void this.showExpiry();
    });
    void this.showExpiry();
    if (ctx.rememberToken()) void this.refreshKeychain();
    void this.restore();
  }

  /**
   * Shows the last saved result and the target it ran against (after a restart, or on another
   * profile), as the backend words it, unless the admin has changed or run something since.
   */
  private async restore(): Promise<void> {
    const test = this.ctx.lastTest();
    if (test === null) return;
    const generation = this.generation;
    const outcome = await this.backend.savedTestOutcome(test).catch(() => null);
    if (outcome === null || this.running || this.showingResult || generation !== this.generation) return;
    if (outcome.target === "custom") {
      this.baseUrl.value = outcome.base_url;
      this.baseUrl.closest("details")?.setAttribute("open", "");
    } else {
      const radio = this.element.querySelector<HTMLInputElement>(`#target-${outcome.target}`);
      if (radio) radio.checked = true;
      this.setTarget(outcome.target);
    }
    this.showOutcome(outcome);
    this.showingResult = true;
    const label = TARGETS.find((t) => t.id === outcome.target)?.label ?? "A custom base URL";
    const when = new Date(outcome.at_unix * 1000).toLocaleString();
    this.verdict.prepend(h("p", { class: "detail", id: "saved-result" }, `Last saved result, ${when}, against ${label} (${outcome.base_url}).`));
  }

  /**
   * Shows the open profile's environment (every profile, whatever its name) and, when the admin
   * changed it elsewhere, moves a target that was following it along.
   */
  syncEnvironment(): void {
    const env = this.ctx.environment();
    if (env !== this.environment) {
      if (this.target === this.environment) {
        this.setTarget(env);
        const radio = this.element.querySelector<HTMLInputElement>(`#target-${env}`);
        if (radio) radio.checked = true;
        this.invalidate("The test target changed since the last test.");
      }
      this.environment = env;
    }
    const label = this.ctx.environmentLabel(env);
    const change = h("button", { type: "button", class: "link", id: "change-environment" }, "Change it");
    change.addEventListener("click", () => this.ctx.onChangeEnvironment());
    fill(
      this.environmentLine,
      `Profile "${this.ctx.profile()}" is set up for Loopio `,
      h("strong", { id: "profile-environment-name" }, label),
      ". ",
      change,
    );
  }

  /**
   * The token or target changed: a result on screen is for the previous one, so it goes, with a
   * note saying why (a run still under way is marked when it returns).
   */
  private invalidate(reason: string): void {
    this.generation++;
    if (!this.showingResult) return;
    this.showingResult = false;
    fill(this.findings);
    fill(
      this.verdict,
      h("p", { class: "stale", id: "stale-note" }, h("span", { "aria-hidden": "true" }, "ℹ "), `${reason} Run the test again to see whether Okta's test will pass.`),
    );
  }

  /** The target and token the admin has chosen, for role discovery. */
  choice(): TargetChoice {
    const custom = this.baseUrl.value.trim();
    return {
      target: custom !== "" ? "custom" : this.target,
      base_url: custom,
      token: this.token.value,
      use_saved_token: this.token.value === "" && this.savedToken,
      resolve: this.resolve.value.split("\n"),
      ca_file: this.caFile.value,
    };
  }

  private todayButton(): HTMLButtonElement {
    const today = h("button", { type: "button", class: "secondary", id: "token-today" }, "Today");
    today.addEventListener("click", () => {
      const d = new Date();
      const pad = (n: number) => String(n).padStart(2, "0");
      this.tokenDate.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      this.ctx.onTokenDate(this.tokenDate.value);
      void this.showExpiry();
    });
    return today;
  }

  private async showExpiry(): Promise<void> {
    const date = this.tokenDate.value;
    if (date === "") {
      fill(this.expiry);
      return;
    }
    try {
      const e = await this.backend.tokenExpiry(date);
      const add = h("button", { type: "button", class: "secondary", id: "export-reminder" }, "Add a reminder to my calendar (.ics)");
      const saved = h("span", { class: "detail", id: "reminder-saved", "aria-live": "polite" });
      add.addEventListener("click", () => {
        this.backend.exportFile({ kind: "reminder" }).then(
          (path) => (saved.textContent = path ? `Saved to ${path}` : "Not saved."),
          (err: unknown) => (saved.textContent = errorText(err)),
        );
      });
      fill(
        this.expiry,
        h("p", { class: e.renew_now ? "warning" : "ok" }, `Expires on ${e.expires_on} (${e.summary}). Reminder on ${e.remind_on}.`),
        h("div", { class: "token-row" }, add, saved),
      );
    } catch (err) {
      fill(this.expiry, h("p", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(err)));
    }
  }

  private async refreshKeychain(): Promise<void> {
    try {
      this.savedToken = await this.backend.savedTokenStatus();
    } catch (e) {
      this.savedToken = false;
      fill(this.keychain, keychainProblem(e));
      return;
    }
    if (!this.savedToken) {
      fill(this.keychain);
      return;
    }
    const forget = h("button", { type: "button", class: "link", id: "forget-token" }, "Forget it");
    forget.addEventListener("click", () => void this.forget());
    fill(this.keychain, "A token for this profile is saved in the keychain: leave the field empty to use it. ", forget);
  }

  private async forget(): Promise<void> {
    try {
      await this.backend.forgetToken();
      this.remember.checked = false;
      this.ctx.onRememberChange(false);
      this.savedToken = false;
      fill(this.keychain, "The saved token was removed from the keychain.");
    } catch (e) {
      fill(this.keychain, errorText(e));
    }
  }

  private async rememberChanged(): Promise<void> {
    if (!this.remember.checked) {
      await this.forget();
      return;
    }
    this.ctx.onRememberChange(true);
    fill(this.keychain, "The token will be saved in the keychain when you run the test.");
  }

  private async saveToKeychain(token: string): Promise<void> {
    try {
      await this.backend.rememberToken(token);
      this.savedToken = true;
      fill(this.keychain, "Saved in this computer's keychain.");
    } catch (e) {
      this.remember.checked = false;
      this.ctx.onRememberChange(false);
      fill(this.keychain, keychainProblem(e));
    }
  }

  private setTarget(target: TestTargetKind): void {
    this.target = target;
    if (target !== "practice") {
      this.practiceHint.hidden = true;
      return;
    }
    this.practiceHint.hidden = false;
    fill(this.practiceHint, h("p", { class: "detail" }, "Starting the practice tenant…"));
    this.backend.practiceTenant().then(
      ([url, token]) => {
        const use = h("button", { type: "button", class: "secondary", id: "use-practice-token" }, "Use the practice token");
        use.addEventListener("click", () => {
          if (this.token.value !== token) this.invalidate("The token changed since the last test.");
          this.token.value = token;
          void this.inspect();
        });
        fill(
          this.practiceHint,
          h("p", { class: "detail" }, "Practice tenant running at ", h("code", {}, url), ". Its token is not a secret: it only opens this simulation."),
          use,
        );
      },
      (e: unknown) => fill(this.practiceHint, h("p", { class: "field-error", role: "alert" }, errorText(e))),
    );
  }

  private async inspect(): Promise<void> {
    const value = this.token.value;
    if (value === "") {
      fill(this.notes);
      return;
    }
    const check = await this.backend.inspectToken(value);
    if (value !== this.token.value) return; // superseded
    const items = check.notes.map((n) => h("li", { class: "note-item" }, h("span", { "aria-hidden": "true" }, "ℹ "), n.message));
    if (check.error) items.push(h("li", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), check.error));
    fill(this.notes, items);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.runButton.disabled = true;
    this.runButton.textContent = "Testing…";
    fill(this.findings);
    fill(this.verdict, h("p", { class: "detail" }, "Running the checks…"));
    this.showingResult = true;
    const choice = this.choice();
    const generation = this.generation;
    const remedies = new Map<string, string>();
    try {
      const outcome = await this.backend.runConnectionTest({ ...choice, domain: this.ctx.domain() }, (f) => {
        if (generation === this.generation) this.findings.append(findingItem(f, remedies));
      });
      this.ctx.onOutcome(outcome);
      if (generation === this.generation) {
        this.showOutcome(outcome);
      } else {
        this.showingResult = true;
        this.invalidate("The token or test target changed while the test ran.");
      }
      if (this.remember.checked && choice.token !== "") await this.saveToKeychain(choice.token);
    } catch (e) {
      fill(this.verdict, h("p", { class: "banner error", role: "alert" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e)));
    } finally {
      this.running = false;
      this.runButton.disabled = false;
      this.runButton.textContent = "Run the test again";
    }
  }

  private showOutcome(outcome: ConnectionTestOutcome): void {
    const report = outcome.report;
    // The final list, in the backend's order (the cause first), complete in case a streamed
    // message was missed.
    const remedies = new Map<string, string>();
    fill(
      this.findings,
      report.findings.map((f) => findingItem(f, remedies)),
    );
    // The headline is the backend's: "will pass / will fail" only for what Loopio answered.
    const look = { pass: { cls: "ok", icon: "✓" }, skip: { cls: "warn", icon: "⚠" }, warn: { cls: "warn", icon: "⚠" }, fail: { cls: "bad", icon: "✖" } }[report.okta_connector_test];
    const counts = (["fail", "warn", "pass"] as Status[])
      .map((s) => `${report.findings.filter((f) => f.status === s).length} ${STATUS_TEXT[s].word.toLowerCase()}`)
      .join(", ");
    fill(
      this.verdict,
      h(
        "div",
        { class: `verdict ${look.cls}`, id: "okta-verdict" },
        h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
        h("div", {}, h("strong", {}, outcome.headline), h("p", { class: "detail" }, `Tested ${outcome.base_url} in ${report.elapsed_ms} ms: ${counts}.`)),
      ),
    );
  }
}

/** What each check does, in the admin's words: from the core's table of codes (generated). */
const CHECK_LABEL: ReadonlyMap<string, string> = new Map(checks.map((c) => [c.id, c.label]));

/**
 * One finding. `remedies` maps each remedy already shown to the check that showed it, so the
 * same advice (one refused token fails three checks) is written out once, not three times.
 */
function findingItem(f: Finding, remedies: Map<string, string>): HTMLElement {
  const s = STATUS_TEXT[f.status];
  const label = CHECK_LABEL.get(f.check) ?? f.check;
  const earlier = remedies.get(f.remedy);
  // Referred to by name only: "Okta's Test Connector Configuration", not its request too.
  if (f.remedy !== "" && earlier === undefined) remedies.set(f.remedy, label.replace(/ \(.*\)$/, ""));
  return h(
    "li",
    { class: `finding status-${f.status}`, "data-check": f.check, "data-code": f.code },
    h("div", { class: "finding-head" }, h("span", { class: "status" }, `${s.icon} ${s.word}`), h("strong", {}, f.title)),
    f.status !== "pass" ? h("p", { class: "checked" }, label) : null,
    h("p", { class: "seen" }, f.detail),
    f.remedy === ""
      ? null
      : earlier === undefined
        ? h("p", { class: "remedy" }, h("strong", {}, "What to do: "), f.remedy)
        : h("p", { class: "remedy same" }, h("strong", {}, "What to do: "), `the same as for ${earlier}, above.`),
    // The stable code is for support, not the admin's headline: small, and labelled as such.
    f.status === "pass" ? null : h("p", { class: "support-code" }, "Code for Loopio Support: ", h("code", {}, f.code)),
  );
}

/**
 * A keychain error as the admin should read it: no keychain on this computer is a notice (the
 * token simply stays in memory); anything else is an error to act on.
 */
export function keychainProblem(e: unknown): HTMLElement {
  if (errorCode(e) === "keychain.unavailable") {
    return h("p", { class: "warning", "data-code": "keychain.unavailable" }, h("span", { "aria-hidden": "true" }, "⚠ "), errorText(e));
  }
  return h("p", { class: "field-error", role: "alert", "data-code": errorCode(e) ?? "" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e));
}
