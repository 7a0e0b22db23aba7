// The parts every step has, drawn the same way whatever the step: its introduction, its
// checklist and its values for Okta.
import type { OktaValue } from "../bindings/OktaValue";
import type { StepView } from "../bindings/StepView";
import { fill, h } from "../dom";
import { valueList, type CardExtra } from "../values";
import type { WizardState } from "../wizard-state";
import type { StepContext } from "./types";

/** Step number, title, where, and what to click. */
export function stepIntro(step: StepView, index: number): (HTMLElement | null)[] {
  return [
    h("p", { class: "eyebrow" }, `Step ${index + 1}`),
    h("h2", { id: "step-title" }, step.title),
    h("p", { class: "where" }, h("strong", {}, "Where: "), step.location),
    h("ol", { class: "instructions" }, step.instructions.map((line) => h("li", {}, line))),
  ];
}

/** The step's checklist, each item ticked as saved; null when it has none. */
export function checklist(state: WizardState, step: StepView): HTMLElement | null {
  if (step.checklist.length === 0) return null;
  const items = step.checklist.map((item) => {
    const id = `check-${item.id.replace(/[^a-z0-9_-]/gi, "-")}`;
    const box = h("input", { type: "checkbox", id, "aria-describedby": `${id}-detail` });
    box.checked = state.isTicked(item.id);
    box.addEventListener("change", () => state.toggle(item.id, box.checked));
    return h(
      "li",
      { class: "check-item" },
      box,
      h("div", {}, h("label", { for: id }, item.label), h("p", { id: `${id}-detail`, class: "detail" }, item.detail)),
    );
  });
  return h("ul", { class: "checklist" }, items);
}

/** The open step's values for Okta (as the latest plan gives them); null when it has none. */
export function values(ctx: StepContext): HTMLElement | null {
  const step = ctx.state.current;
  if (step.values.length === 0) return null;
  return valueList(step.values, { copy: (text) => ctx.backend.copy(text), extra: (v) => cardExtra(ctx.state, v) });
}

/** Once the admin maps roles, the To App card says Update User Attributes is required for them. */
function cardExtra(state: WizardState, v: OktaValue): CardExtra | null {
  if (!state.plan.required_for_roles.includes(v.key)) return null;
  const rolesStep = state.indexOf("map_roles");
  const where = rolesStep < 0 ? "" : ` (step ${rolesStep + 1}, ${state.steps[rolesStep]?.title ?? ""})`;
  return {
    badge: "Required for roles",
    note: `Required because you map Loopio roles${where}: Okta sends roles to Loopio only with Update User Attributes enabled, as Loopio's guide says.`,
  };
}

/** Shows (or hides) a field's error, and marks its input invalid or not. */
export function showFieldError(error: HTMLElement, input: HTMLInputElement, message: string | null): void {
  error.hidden = message === null;
  fill(error, message === null ? [] : [h("span", { "aria-hidden": "true" }, "✖ "), message]);
  input.setAttribute("aria-invalid", message === null ? "false" : "true");
}
