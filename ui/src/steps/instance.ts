// "Your Loopio instance": the domain and the environment, and what the backend made of them.
import type { Plan } from "../bindings/Plan";
import { h } from "../dom";
import { showFieldError, values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderInstance(ctx: StepContext): StepBody {
  const state = ctx.state;
  const input = h("input", {
    id: "domain",
    name: "domain",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "acme.loopio.com",
    "aria-describedby": "domain-hint domain-error",
  });
  input.value = state.progress.domain;
  input.addEventListener("input", () => void state.update({ domain: input.value }));
  const envs = state.plan.environments.map((env) => {
    const radio = h("input", { type: "radio", name: "environment", id: `env-${env.id}`, value: env.id });
    radio.checked = state.progress.environment === env.id;
    radio.addEventListener("change", () => {
      if (radio.checked) void state.update({ environment: env.id });
    });
    return h(
      "div",
      { class: "radio" },
      radio,
      h("label", { for: `env-${env.id}` }, h("strong", {}, env.label), h("span", { class: "detail" }, ` ${env.hint}`)),
    );
  });
  const error = h("p", { id: "domain-error", class: "field-error", hidden: true, "aria-live": "polite" });
  // The core's likely domain for a near miss of loopio.com: one click puts it in the field.
  const suggest = h("button", { type: "button", id: "domain-suggestion", hidden: true });
  suggest.addEventListener("click", () => {
    const meant = state.plan.domain_field_error?.suggestion;
    if (!meant) return;
    input.value = meant;
    void state.update({ domain: meant });
    input.focus();
  });
  const inputs = h(
    "div",
    { class: "inputs" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "domain" }, "Your Loopio domain"),
      h("p", { id: "domain-hint", class: "detail" }, "For example acme.loopio.com, or paste the address from your browser."),
      input,
      error,
      suggest,
    ),
    h("fieldset", { class: "field" }, h("legend", {}, "Loopio environment"), envs),
  );
  return {
    inputs,
    dynamic: () => [domainSummary(state.plan), customDomainConfirm(ctx), values(ctx)],
    refresh: () => {
      showFieldError(error, input, state.plan.domain_field_error?.message ?? null);
      const meant = state.plan.domain_field_error?.suggestion ?? null;
      suggest.hidden = meant === null;
      suggest.textContent = meant === null ? "" : `Use ${meant}`;
    },
  };
}

/** For a domain outside loopio.com, the admin's word that it is theirs: the step ticks only then. */
function customDomainConfirm(ctx: StepContext): HTMLElement | null {
  const tick = ctx.state.plan.custom_domain_tick;
  if (tick === null) return null;
  const box = h("input", { type: "checkbox", id: "domain-custom-confirm" });
  box.checked = ctx.state.progress.ticked.includes(tick);
  box.addEventListener("change", () => ctx.state.toggle(tick, box.checked));
  return h("div", { class: "check-item" }, box, h("label", { for: "domain-custom-confirm" }, "This is the address I sign in to Loopio at"));
}

/** The domain as the backend normalised it, its warnings, and the SCIM base URL. */
function domainSummary(plan: Plan): HTMLElement {
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
