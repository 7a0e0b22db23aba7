// The connection test step: choose what to test, paste the token, run, and watch each check
// arrive. The token lives only in the input field and in the call; it is never saved.
import { errorText, type Backend } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { Environment } from "./bindings/Environment";
import type { Finding } from "./bindings/Finding";
import type { Status } from "./bindings/Status";
import type { TestTargetKind } from "./bindings/TestTargetKind";
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
  /** Called when Okta's own test is predicted to pass. */
  onOktaPass: () => void;
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

  constructor(
    private readonly backend: Backend,
    private readonly ctx: ConnectionContext,
  ) {
    this.target = ctx.environment();
    const radios = TARGETS.map((t) => {
      const radio = h("input", { type: "radio", name: "test-target", id: `target-${t.id}`, value: t.id });
      radio.checked = this.target === t.id;
      radio.addEventListener("change", () => {
        if (radio.checked) this.setTarget(t.id);
      });
      return h("div", { class: "radio" }, radio, h("label", { for: `target-${t.id}` }, h("strong", {}, t.label), h("span", { class: "detail" }, ` ${t.hint}`)));
    });
    const show = h("input", { type: "checkbox", id: "show-token" });
    show.addEventListener("change", () => (this.token.type = show.checked ? "text" : "password"));
    this.token.addEventListener("input", () => void this.inspect());
    this.runButton.addEventListener("click", () => void this.run());

    this.element = h(
      "div",
      { class: "connection" },
      h("fieldset", { class: "field" }, h("legend", {}, "Test against"), radios),
      this.practiceHint,
      h(
        "div",
        { class: "field" },
        h("label", { for: "token" }, "Your Loopio SCIM token"),
        h("p", { id: "token-hint", class: "detail" }, "Paste it as Loopio showed it. It is used for this test only: never saved, logged or shown in a report."),
        h("div", { class: "token-row" }, this.token, h("span", { class: "show" }, show, h("label", { for: "show-token" }, "Show token"))),
        this.notes,
      ),
      h(
        "details",
        { class: "advanced" },
        h("summary", {}, "Advanced options (proxies, TLS inspection, custom URL)"),
        h("div", { class: "field" }, h("label", { for: "base-url" }, "Custom SCIM base URL (overrides the choice above)"), this.baseUrl),
        h("div", { class: "field" }, h("label", { for: "resolve" }, "Resolve overrides, one HOST:PORT:ADDRESS per line"), this.resolve),
        h("div", { class: "field" }, h("label", { for: "ca-file" }, "Extra trusted CA certificate (PEM file path)"), this.caFile),
      ),
      h("div", { class: "run-row" }, this.runButton),
      this.verdict,
      this.findings,
    );
    this.setTarget(this.target);
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
    const custom = this.baseUrl.value.trim();
    try {
      const outcome = await this.backend.runConnectionTest(
        {
          target: custom !== "" ? "custom" : this.target,
          base_url: custom,
          domain: this.ctx.domain(),
          token: this.token.value,
          resolve: this.resolve.value.split("\n"),
          ca_file: this.caFile.value,
        },
        (f) => this.findings.append(findingItem(f)),
      );
      this.showOutcome(outcome);
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
    // The final list, in case a streamed message was missed.
    fill(this.findings, report.findings.map(findingItem));
    const connector = report.findings.find((f) => f.check === "okta.connector");
    const pass = report.okta_connector_test === "pass";
    const headline = pass
      ? "Okta's Test Connector Configuration will pass."
      : `Okta's Test Connector Configuration will fail: ${connector?.title ?? "the connection did not work"}.`;
    const counts = (["fail", "warn", "pass"] as Status[])
      .map((s) => `${report.findings.filter((f) => f.status === s).length} ${STATUS_TEXT[s].word.toLowerCase()}`)
      .join(", ");
    fill(
      this.verdict,
      h(
        "div",
        { class: `verdict ${pass ? "ok" : "bad"}`, id: "okta-verdict" },
        h("span", { class: "icon", "aria-hidden": "true" }, pass ? "✓" : "✖"),
        h("div", {}, h("strong", {}, headline), h("p", { class: "detail" }, `Tested ${outcome.base_url} in ${report.elapsed_ms} ms: ${counts}.`)),
      ),
    );
    if (pass) this.ctx.onOktaPass();
  }
}

function findingItem(f: Finding): HTMLElement {
  const s = STATUS_TEXT[f.status];
  return h(
    "li",
    { class: `finding status-${f.status}`, "data-check": f.check, "data-code": f.code },
    h("div", { class: "finding-head" }, h("span", { class: "status" }, `${s.icon} ${s.word}`), h("strong", {}, f.title), h("code", { class: "code" }, f.code)),
    h("p", { class: "seen" }, f.detail),
    f.remedy ? h("p", { class: "remedy" }, h("strong", {}, "What to do: "), f.remedy) : null,
  );
}
