// "Add the roles attribute in the Profile Editor": the Okta app's variable name, checked by the
// backend, which gives the roles attribute's name.
import { fill, h } from "../dom";
import { showFieldError, values } from "./common";
import type { StepBody, StepContext } from "./types";

export function renderProfileEditorRoles(ctx: StepContext): StepBody {
  const state = ctx.state;
  const input = h("input", {
    id: "app-variable",
    name: "app-variable",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "loopio_1",
    "aria-describedby": "app-variable-hint app-variable-error",
  });
  input.value = state.progress.app_variable;
  input.addEventListener("input", () => void state.update({ app_variable: input.value }));
  const error = h("p", { id: "app-variable-error", class: "field-error", hidden: true, "aria-live": "polite" });
  const note = h("p", { id: "app-variable-note", class: "note", hidden: true, "aria-live": "polite" });
  const inputs = h(
    "div",
    { class: "inputs" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "app-variable" }, "Your Okta app's variable name"),
      h(
        "p",
        { id: "app-variable-hint", class: "detail" },
        state.current.completion === "okta_answer"
          ? "In the assistant's way this is filled in from Okta's answer for your own org (the app's name in Okta), once it has read the app; you can also copy it from under the app's name in Okta's Profile Editor."
          : "Shown under the app's name in Okta's Profile Editor, for example loopio_1.",
      ),
      input,
      error,
      note,
    ),
  );
  const refresh = () => {
    showFieldError(error, input, state.plan.app_variable_error?.message ?? null);
    const asIs = state.plan.app_variable_note;
    note.hidden = asIs === null;
    fill(note, asIs !== null ? [h("span", { "aria-hidden": "true" }, "ℹ "), asIs] : []);
  };
  return { inputs, dynamic: () => [values(ctx)], refresh };
}
