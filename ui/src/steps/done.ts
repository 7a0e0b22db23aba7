// The last step: the setup report to export, where the log is, and what is not done yet.
import { errorText } from "../api";
import type { StepView } from "../bindings/StepView";
import { fill, h } from "../dom";
import type { WizardState } from "../wizard-state";
import { values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderDone(ctx: StepContext): StepBody {
  return { inputs: exports(ctx), dynamic: () => [values(ctx), summary(ctx.state)] };
}

/** The report in three formats, saved where the admin chooses. */
function exports(ctx: StepContext): HTMLElement {
  const status = h("p", { id: "export-status", class: "detail", "aria-live": "polite" });
  const practice = h("input", { type: "checkbox", id: "export-include-practice" });
  const buttons = (["md", "html", "json"] as const).map((format) => {
    const label = { md: "Markdown", html: "HTML (printable)", json: "JSON" }[format];
    const b = h("button", { type: "button", class: "secondary", id: `export-${format}` }, label);
    b.addEventListener("click", () => {
      status.textContent = "Saving…";
      ctx.backend.exportFile({ kind: "report", format, include_practice: practice.checked }).then(
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
    h(
      "div",
      { class: "remember" },
      practice,
      h("label", { for: "export-include-practice" }, "Include practice results (the practice tenant and the practice Okta), each marked as practice. Left out otherwise: they say nothing about Loopio or your Okta org."),
    ),
    h("div", { class: "token-row" }, buttons),
    status,
    logNote(ctx),
  );
}

/** Where the log is, for a support ticket (filled in when the backend answers). */
function logNote(ctx: StepContext): HTMLElement {
  const note = h("p", { class: "detail", id: "log-file" });
  ctx.backend.logFile().then(
    (path) => {
      if (path) fill(note, "If you contact Loopio Support, attach this app's log: ", h("code", {}, path), ". No token or key is ever written to it.");
    },
    () => undefined,
  );
  return note;
}

/** Why a step with a result is not done: that result came from practice only. */
function practiceOnly(state: WizardState, s: StepView): string | null {
  if (s.okta_says?.practice) return "Okta's answer came from the practice Okta only: check your own org to complete it.";
  if (s.id === "okta_check" && state.progress.last_okta_check?.practice) return "Its last check read the practice Okta only: check your own org to complete it.";
  if (s.id === "connection_test" && state.progress.last_test?.target === "practice") return "Its last test ran against the practice tenant only: test against Loopio to complete it.";
  return null;
}

/** Every step is done, or the ones that are not, each a link to it. */
function summary(state: WizardState): HTMLElement {
  const remaining = state.plan.steps.filter((s) => state.plan.remaining.includes(s.id));
  if (remaining.length === 0) {
    return h("p", { class: "ok", id: "all-done", role: "status" }, h("span", { "aria-hidden": "true" }, "✓ "), "Every step is done.");
  }
  const items = remaining.map((s) => {
    const index = state.steps.indexOf(s);
    const go = h("button", { type: "button", class: "link", "data-goto": s.id }, `Step ${index + 1}: ${s.title}`);
    go.addEventListener("click", () => state.go(index));
    // Why a step is not done when something was shown for it: the core's own words.
    const why = practiceOnly(state, s) ?? s.done_for_other;
    return h("li", {}, go, why ? h("span", { class: "detail remaining-why" }, ` ${why}`) : null);
  });
  return h(
    "div",
    { class: "summary", id: "remaining" },
    h("p", {}, "These steps are not marked done yet. Open one to finish it:"),
    h("ul", { class: "remaining" }, items),
  );
}
