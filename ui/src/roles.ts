// The roles step: Loopio's role names (discovered or added by hand), the mapping plan, and the
// backend's verdict on every value. The checking happens in the backend; this only shows it.
import { errorText, type Backend } from "./api";
import type { GroupRole } from "./bindings/GroupRole";
import type { PlanRow } from "./bindings/PlanRow";
import type { RoleStatus } from "./bindings/RoleStatus";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { RolesPlanView } from "./bindings/RolesPlanView";
import type { TargetChoice } from "./connection";
import { code } from "./codes";
import { fill, h } from "./dom";

export interface RolesContext {
  known: () => string[];
  /** Of the known names, those seen in Loopio (discovered): only these pass the check. */
  seen: () => string[];
  plan: () => RolesPlan;
  /** The connection test's target and token, for discovery. */
  choice: () => TargetChoice | null;
  onChange: (known: string[], plan: RolesPlan, seen: string[]) => void;
}

const STATUS: Record<RoleStatus, string> = { pass: "✓ Matches", warn: "⚠ Check", error: "✖ Fix" };
const ICON: Record<RoleStatus, string> = { pass: "✓", warn: "⚠", error: "✖" };

export class RolesPanel {
  readonly element: HTMLElement;
  private readonly knownList = h("ul", { class: "chips", id: "known-roles", "aria-label": "Loopio role names" });
  private readonly datalist = h("datalist", { id: "role-options" });
  private readonly discoverStatus = h("p", { class: "detail", id: "discover-status", "aria-live": "polite" });
  private readonly planArea = h("div", { id: "roles-plan" });
  private readonly checks = h("div", { id: "roles-checks", "aria-live": "polite" });
  private viewRequest = 0;

  constructor(
    private readonly backend: Backend,
    private readonly ctx: RolesContext,
  ) {
    const discover = h("button", { type: "button", class: "secondary", id: "discover-roles" }, "Discover role names from Loopio");
    discover.addEventListener("click", () => void this.discover(discover));
    const newRole = h("input", { type: "text", id: "new-role", autocomplete: "off", spellcheck: "false" });
    const add = h("button", { type: "button", class: "secondary", id: "add-role" }, "Add");
    const addRole = () => {
      const name = newRole.value.trim();
      if (name === "") return;
      this.change([...this.ctx.known(), name], this.ctx.plan());
      newRole.value = "";
    };
    add.addEventListener("click", addRole);
    newRole.addEventListener("keydown", (e) => {
      if (e.key === "Enter") addRole();
    });
    const modes = (["same_for_all", "per_group"] as const).map((mode) => {
      const radio = h("input", { type: "radio", name: "roles-mode", id: `mode-${mode}`, value: mode });
      radio.checked = this.ctx.plan().mode === mode;
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        const plan: RolesPlan =
          mode === "same_for_all"
            ? { mode, role: "" }
            : { mode, groups: [{ group: "", role: "" }] };
        this.change(this.ctx.known(), plan);
        this.renderPlan();
      });
      const label = mode === "same_for_all" ? "Same role for all users" : "One role per Okta group (Group Priority)";
      return h("div", { class: "radio" }, radio, h("label", { for: `mode-${mode}` }, label));
    });
    this.element = h(
      "div",
      { class: "roles" },
      h("h3", {}, "Loopio role names"),
      h("p", { class: "detail" }, "Discovery reads the roles of existing Loopio users with the token from the connection test. Add roles no user has yet by hand."),
      this.knownList,
      this.datalist,
      h("div", { class: "token-row" }, discover, this.discoverStatus),
      h("div", { class: "field" }, h("label", { for: "new-role" }, "Add a role name by hand"), h("div", { class: "token-row" }, newRole, add)),
      h("fieldset", { class: "field" }, h("legend", {}, "How Okta gives each user a role"), modes),
      this.planArea,
      this.checks,
    );
    this.renderKnown();
    this.renderPlan();
  }

  private change(known: string[], plan: RolesPlan, seen: string[] = this.ctx.seen()): void {
    // Saved as typed for now; the backend's clean list (view.known) replaces it in renderChecks.
    this.ctx.onChange(known, plan, seen.filter((s) => known.includes(s)));
    this.renderKnown();
    void this.renderChecks();
  }

  private renderKnown(): void {
    const known = this.ctx.known();
    if (known.length === 0) {
      fill(this.datalist);
      fill(this.knownList, h("li", { class: "empty" }, "None yet."));
      return;
    }
    fill(
      this.knownList,
      known.map((name) => {
        const remove = h("button", { type: "button", class: "link", "aria-label": `Remove ${name}` }, "×");
        remove.addEventListener("click", () => this.change(this.ctx.known().filter((k) => k !== name), this.ctx.plan()));
        return h("li", { class: "chip" }, h("code", {}, name), remove);
      }),
    );
    fill(this.datalist, known.map((k) => h("option", { value: k })));
  }

  private async discover(button: HTMLButtonElement): Promise<void> {
    const choice = this.ctx.choice();
    if (!choice || (choice.token === "" && !choice.use_saved_token)) {
      fill(this.discoverStatus, "Paste the token in the connection test step first (or add role names by hand).");
      return;
    }
    button.disabled = true;
    fill(this.discoverStatus, "Reading users…");
    try {
      const found = await this.backend.discoverRoles(choice, (p) => {
        this.discoverStatus.textContent = `Read ${p.users_seen} of ${p.total_users} users…`;
      });
      const names = found.roles.map((r) => r.name);
      // Only names read from Loopio's own SCIM API are seen in Loopio (the backend says which).
      this.change([...this.ctx.known(), ...names], this.ctx.plan(), found.from_loopio ? [...this.ctx.seen(), ...names] : this.ctx.seen());
      const summary = found.roles.map((r) => `${r.name} (${r.users})`).join(", ") || "no roles";
      const source = found.from_loopio ? "" : " They come from the practice tenant or a custom URL, not Loopio: they are listed as not seen in Loopio yet.";
      this.discoverStatus.textContent = `${found.complete ? "Read all" : "Read the first"} ${found.users_seen} of ${found.total_users} users: ${summary}.${source}`;
    } catch (e) {
      fill(this.discoverStatus, h("span", { class: "field-error" }, errorText(e)));
    } finally {
      button.disabled = false;
    }
  }

  private renderPlan(): void {
    const plan = this.ctx.plan();
    if (plan.mode === "same_for_all") {
      const input = h("input", { type: "text", id: "same-role", list: "role-options", autocomplete: "off", spellcheck: "false" });
      input.value = plan.role;
      input.addEventListener("input", () => this.change(this.ctx.known(), { mode: "same_for_all", role: input.value }));
      fill(this.planArea, h("div", { class: "field" }, h("label", { for: "same-role" }, "Loopio role for every user"), input));
    } else {
      const rows = plan.groups.map((g, i) => this.groupRow(plan.groups, g, i));
      const add = h("button", { type: "button", class: "secondary", id: "add-group" }, "Add a group");
      add.addEventListener("click", () => {
        this.change(this.ctx.known(), { mode: "per_group", groups: [...this.groups(), { group: "", role: "" }] });
        this.renderPlan();
      });
      fill(
        this.planArea,
        h(
          "table",
          { class: "groups" },
          h("caption", {}, "Okta groups in priority order: a user in several groups gets the first one's role."),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Priority"), h("th", { scope: "col" }, "Okta group"), h("th", { scope: "col" }, "Loopio role"), h("th", { scope: "col" }, "Order"))),
          h("tbody", {}, rows),
        ),
        add,
      );
    }
    void this.renderChecks();
  }

  /** The current group rows (handlers read these, not the ones from when the row was drawn). */
  private groups(): GroupRole[] {
    const plan = this.ctx.plan();
    return plan.mode === "per_group" ? plan.groups : [];
  }

  private groupRow(groups: GroupRole[], g: GroupRole, i: number): HTMLElement {
    const update = (next: GroupRole[], redraw = false) => {
      this.change(this.ctx.known(), { mode: "per_group", groups: next });
      if (redraw) this.renderPlan();
    };
    const group = h("input", { type: "text", id: `group-${i}`, "aria-label": `Okta group ${i + 1}`, autocomplete: "off" });
    group.value = g.group;
    group.addEventListener("input", () => update(this.groups().map((x, j) => (j === i ? { ...x, group: group.value } : x))));
    const role = h("input", { type: "text", id: `group-role-${i}`, list: "role-options", "aria-label": `Loopio role for group ${i + 1}`, autocomplete: "off" });
    role.value = g.role;
    role.addEventListener("input", () => update(this.groups().map((x, j) => (j === i ? { ...x, role: role.value } : x))));
    const move = (delta: number) => {
      const next = [...this.groups()];
      const [item] = next.splice(i, 1);
      if (item) next.splice(i + delta, 0, item);
      update(next, true);
    };
    const up = h("button", { type: "button", class: "secondary small", "aria-label": `Move group ${i + 1} up`, disabled: i === 0 }, "↑");
    up.addEventListener("click", () => move(-1));
    const down = h("button", { type: "button", class: "secondary small", "aria-label": `Move group ${i + 1} down`, disabled: i === groups.length - 1 }, "↓");
    down.addEventListener("click", () => move(1));
    const remove = h("button", { type: "button", class: "secondary small", "aria-label": `Remove group ${i + 1}` }, "Remove");
    remove.addEventListener("click", () => update(this.groups().filter((_, j) => j !== i), true));
    return h("tr", {}, h("td", {}, String(i + 1)), h("td", {}, group), h("td", {}, role), h("td", { class: "order" }, up, down, remove));
  }

  /** Puts Loopio's spelling (the backend's suggestion) into row `i`. */
  private useSuggestion(i: number, suggestion: string): void {
    const plan = this.ctx.plan();
    const next: RolesPlan =
      plan.mode === "same_for_all"
        ? { mode: "same_for_all", role: suggestion }
        : { mode: "per_group", groups: plan.groups.map((g, j) => (j === i ? { ...g, role: suggestion } : g)) };
    this.change(this.ctx.known(), next);
    this.renderPlan();
  }

  private async renderChecks(): Promise<void> {
    const request = ++this.viewRequest;
    const plan = this.ctx.plan();
    let view: RolesPlanView;
    try {
      view = await this.backend.rolesView(plan, this.ctx.known(), this.ctx.seen());
    } catch (e) {
      fill(this.checks, h("p", { class: "field-error" }, errorText(e)));
      return;
    }
    if (request !== this.viewRequest) return;
    if (view.known.join("\n") !== this.ctx.known().join("\n")) {
      this.ctx.onChange(view.known, plan, this.ctx.seen());
      this.renderKnown();
    }
    const rows = view.rows.map((row, i) => this.checkRow(plan.mode, row, i));
    // Every error on screen carries a ✖, so the banner can point at them; rows not filled in yet
    // show no error, and the banner then says what is missing instead.
    const shownErrors = view.known_errors.length > 0 || view.rows.some((row) => !isBlank(row) && (row.group_error !== null || row.role.status === "error"));
    const warnings = view.rows.some((row) => !isBlank(row) && row.role.status === "warn");
    const banner = view.ready
      ? warnings
        ? "✓ Ready to enter in Okta. Check the items marked ⚠ first."
        : "✓ Ready to enter in Okta."
      : shownErrors
        ? "⚠ Fix the items marked ✖ before entering them in Okta."
        : view.rows.length === 0
          ? "⚠ Add an Okta group and its Loopio role."
          : plan.mode === "same_for_all"
            ? "⚠ Choose the Loopio role for every user."
            : "⚠ Fill in the group and role of every row, or remove the empty rows.";
    fill(
      this.checks,
      h("h3", {}, "Checked against Loopio's role names"),
      // Names in the list Loopio cannot both have meant: each names both (the core's words).
      view.known_errors.length === 0
        ? null
        : h("ul", { class: "role-checks", id: "known-errors" }, view.known_errors.map((e) => h("li", { class: "role-check role-error", "data-code": code("role.duplicate") }, h("span", { class: "status" }, STATUS.error), h("p", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), e)))),
      h("ul", { class: "role-checks" }, rows),
      h("p", { class: view.ready ? "ok" : "warning", id: "roles-ready" }, banner),
      h("h3", {}, "In Okta"),
      // Held back until the plan is complete and right: never "enter exactly" a wrong or empty value.
      view.ready
        ? h("ol", { class: "instructions", id: "roles-instructions" }, view.instructions.map((line) => h("li", {}, line)))
        : h("p", { class: "detail", id: "roles-instructions-held" }, "The Okta steps appear here once every row is filled in and correct."),
    );
  }

  private checkRow(mode: RolesPlan["mode"], row: PlanRow, i: number): HTMLElement {
    const label = mode === "same_for_all" ? "All users" : row.group !== "" ? `Group "${row.group}"` : `Row ${i + 1} (no group yet)`;
    if (isBlank(row)) {
      return h(
        "li",
        { class: "role-check role-blank", "data-row": String(i), "data-code": "" },
        h("span", { class: "status" }, "– Not filled in"),
        h("span", {}, mode === "same_for_all" ? "All users: no role chosen yet." : `Row ${i + 1}: enter an Okta group and a Loopio role.`),
      );
    }
    const status: RoleStatus = row.group_error !== null ? "error" : row.role.status;
    const suggestion = row.role.suggestion;
    let use: HTMLButtonElement | null = null;
    if (suggestion !== null && row.role.status === "error") {
      use = h("button", { type: "button", class: "secondary small", id: `use-suggestion-${i}` }, `Use "${suggestion}"`);
      use.addEventListener("click", () => this.useSuggestion(i, suggestion));
    }
    return h(
      "li",
      { class: `role-check role-${status}`, "data-row": String(i), "data-code": row.role.code },
      h("span", { class: "status" }, STATUS[status]),
      h("span", {}, `${label} → `, row.role.value === "" ? h("em", {}, "no role yet") : h("code", {}, row.role.value)),
      h("p", { class: "detail" }, h("span", { "aria-hidden": "true" }, `${ICON[row.role.status]} `), row.role.message),
      use,
      row.group_error ? h("p", { class: "field-error" }, h("span", { "aria-hidden": "true" }, "✖ "), row.group_error) : null,
    );
  }
}

/** A row nothing has been typed into yet: nothing to check, so no error to show. */
function isBlank(row: PlanRow): boolean {
  return row.group === "" && row.role.value === "";
}
