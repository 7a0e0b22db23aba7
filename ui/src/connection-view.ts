// The connection test's drawing: each piece of the panel as a function of what it shows. No
// state and no backend calls here (see connection-state.ts and connection.ts).
import { errorCode, errorText } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { Expiry } from "./bindings/Expiry";
import type { Finding } from "./bindings/Finding";
import type { Status } from "./bindings/Status";
import type { TestTargetKind } from "./bindings/TestTargetKind";
import type { TokenCheck } from "./bindings/TokenCheck";
import checks from "./bindings/checks.json";
import { STATUS, TARGETS, targetLabel } from "./status";
import { fill, h } from "./dom";
import { code } from "./codes";

/** What each check does, in the admin's words: from the core's table of codes (generated). */
const CHECK_LABEL: ReadonlyMap<string, string> = new Map(checks.map((c) => [c.id, c.label]));

/** The panel's fields and live areas, made once and kept by the panel. */
export interface ConnectionParts {
  environmentLine: HTMLElement;
  radios: HTMLElement[];
  practiceHint: HTMLElement;
  token: HTMLInputElement;
  show: HTMLInputElement;
  notes: HTMLElement;
  /** What to paste and where the token goes (`tokenHint`). */
  hint: HTMLElement;
  /** The remember box and the keychain's status (token-keychain.ts). */
  keychain: HTMLElement[];
  /** The token's date and expiry (token-expiry.ts). */
  expiry: HTMLElement;
  baseUrl: HTMLInputElement;
  resolve: HTMLTextAreaElement;
  caFile: HTMLInputElement;
  runButton: HTMLButtonElement;
  verdict: HTMLElement;
  findings: HTMLElement;
}

/** The whole panel, laid out around its parts. */
export function connectionForm(p: ConnectionParts): HTMLElement {
  return h(
    "div",
    { class: "connection" },
    p.environmentLine,
    h("fieldset", { class: "field" }, h("legend", {}, "Test against"), p.radios),
    p.practiceHint,
    h(
      "div",
      { class: "field" },
      h("label", { for: "token" }, "Your Loopio SCIM token"),
      p.hint,
      h("div", { class: "token-row" }, p.token, h("span", { class: "show" }, p.show, h("label", { for: "show-token" }, "Show token"))),
      p.notes,
      p.keychain,
    ),
    p.expiry,
    advanced(p),
    h("div", { class: "run-row" }, p.runButton),
    p.verdict,
    p.findings,
  );
}

function advanced(p: ConnectionParts): HTMLElement {
  return h(
    "details",
    { class: "advanced" },
    h("summary", {}, "Advanced options: custom SCIM base URL, resolve overrides, extra CA certificate"),
    h(
      "p",
      { class: "detail" },
      "Proxy: the test uses this computer's system proxy settings; there is nothing to set here. For TLS inspection, add your company's root certificate below.",
    ),
    h("div", { class: "field" }, h("label", { for: "base-url" }, "Custom SCIM base URL (overrides the choice above)"), p.baseUrl),
    h("div", { class: "field" }, h("label", { for: "resolve" }, "Resolve overrides, one HOST:PORT:ADDRESS per line"), p.resolve),
    h("div", { class: "field" }, h("label", { for: "ca-file" }, "Extra trusted CA certificate (PEM file path)"), p.caFile),
  );
}

/** One radio per target; `pick` runs when the admin picks one. */
export function targetRadios(checked: TestTargetKind, pick: (target: TestTargetKind) => void): HTMLElement[] {
  return TARGETS.filter((t) => t.offered).map((t) => {
    const radio = h("input", { type: "radio", name: "test-target", id: `target-${t.id}`, value: t.id });
    radio.checked = checked === t.id;
    radio.addEventListener("change", () => {
      if (radio.checked) pick(t.id);
    });
    return h("div", { class: "radio" }, radio, h("label", { for: `target-${t.id}` }, h("strong", {}, t.label), h("span", { class: "detail" }, ` ${t.hint}`)));
  });
}

/** "Profile … is set up for Loopio …. Change it" */
export function environmentLine(line: HTMLElement, profile: string, label: string, change: () => void): void {
  const button = h("button", { type: "button", class: "link", id: "change-environment" }, "Change it");
  button.addEventListener("click", change);
  fill(line, `Profile "${profile}" is set up for Loopio `, h("strong", { id: "profile-environment-name" }, label), ". ", button);
}

/** Why the result on screen went (the token or target changed). */
export function staleNote(reason: string): HTMLElement {
  return h("p", { class: "stale", id: "stale-note" }, h("span", { "aria-hidden": "true" }, "ℹ "), `${reason} Run the test again to see whether Okta's test will pass.`);
}

/** The line above a result restored from saved progress. */
export function savedResultLine(outcome: ConnectionTestOutcome): HTMLElement {
  const label = targetLabel(outcome.target);
  const when = new Date(outcome.at_unix * 1000).toLocaleString();
  return h("p", { class: "detail", id: "saved-result" }, `Last saved result, ${when}, against ${label} (${outcome.base_url}).`);
}

/** The token's expiry, with a button that saves a calendar reminder via `exportReminder`. */
export function expiryView(e: Expiry, exportReminder: () => Promise<string | null>): HTMLElement[] {
  const add = h("button", { type: "button", class: "secondary", id: "export-reminder" }, "Add a reminder to my calendar (.ics)");
  const saved = h("span", { class: "detail", id: "reminder-saved", "aria-live": "polite" });
  add.addEventListener("click", () => {
    exportReminder().then(
      (path) => (saved.textContent = path ? `Saved to ${path}` : "Not saved."),
      (err: unknown) => (saved.textContent = errorText(err)),
    );
  });
  return [
    h("p", { class: e.renew_now ? "warning" : "ok" }, `Expires on ${e.expires_on} (${e.summary}). Reminder on ${e.remind_on}.`),
    h("div", { class: "token-row" }, add, saved),
  ];
}

/** An error in a field's own words, marked ✖. */
export function fieldError(e: unknown): HTMLElement {
  return h("p", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e));
}

/** The practice tenant is running: where, and a button that puts its (not secret) token in. */
export function practiceRunning(url: string, use: () => void): HTMLElement[] {
  const button = h("button", { type: "button", class: "secondary", id: "use-practice-token" }, "Use the practice token");
  button.addEventListener("click", use);
  return [h("p", { class: "detail" }, "Practice tenant running at ", h("code", {}, url), ". Its token is not a secret: it only opens this simulation."), button];
}

/**
 * The token field's hint: what to paste, and where the token goes, as the remember box beside it
 * says: kept only in the keychain when the admin asked for that, else never saved.
 */
export function tokenHint(remembered: boolean): string {
  const paste = 'Paste only the token, as Loopio generated it (a "Bearer " in front is removed).';
  return remembered
    ? `${paste} You chose to remember it: it is kept only in this computer's keychain, never in a file, a log or a report.`
    : `${paste} It is used for this test only: never saved, logged or shown in a report.`;
}

/** What the hygiene check said about the pasted token. */
export function tokenNotes(check: TokenCheck): HTMLElement[] {
  const items = check.notes.map((n) => h("li", { class: "note-item" }, h("span", { "aria-hidden": "true" }, "ℹ "), n.message));
  if (check.error) items.push(h("li", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), check.error));
  return items;
}

/** A run that could not happen at all. */
export function runError(e: unknown): HTMLElement {
  return h("p", { class: "banner error", role: "alert" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e));
}

/** The headline: the backend's "will pass / will fail", with what was tested and the counts. */
export function verdictView(outcome: ConnectionTestOutcome): HTMLElement {
  const report = outcome.report;
  const look = { pass: { cls: "ok", icon: "✓" }, skip: { cls: "warn", icon: "⚠" }, warn: { cls: "warn", icon: "⚠" }, fail: { cls: "bad", icon: "✖" } }[report.okta_connector_test];
  const counts = (["fail", "warn", "pass"] as Status[])
    .map((s) => `${report.findings.filter((f) => f.status === s).length} ${STATUS[s].word.toLowerCase()}`)
    .join(", ");
  return h(
    "div",
    { class: `verdict ${look.cls}`, id: "okta-verdict" },
    h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
    h("div", {}, h("strong", {}, outcome.headline), h("p", { class: "detail" }, `Tested ${outcome.base_url} in ${report.elapsed_ms} ms: ${counts}.`)),
  );
}

/**
 * One finding. `remedies` maps each remedy already shown to the check that showed it, so the
 * same advice (one refused token fails three checks) is written out once, not three times.
 */
export function findingItem(f: Finding, remedies: Map<string, string>): HTMLElement {
  const s = STATUS[f.status];
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
  const unavailable = code("keychain.unavailable");
  if (errorCode(e) === unavailable) {
    return h("p", { class: "warning", "data-code": unavailable }, h("span", { "aria-hidden": "true" }, "⚠ "), errorText(e));
  }
  return h("p", { class: "field-error", role: "alert", "data-code": errorCode(e) ?? "" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e));
}
