// "Check real users": Okta's assigned users and Loopio's side by side. The counts first, then the
// failing users grouped by cause (the cause, what to do and the Okta screen it is done on, then
// who), and a search box that narrows everything to one person. The last result is kept for the
// profile (users in sync counted only) and shown after a restart with its time, marked old when
// it ran for other values. The backend decides every state, cause and remedy; this file only lays
// them out.
import { errorCode, errorText, type Backend } from "./api";
import type { CauseGroup } from "./bindings/CauseGroup";
import type { OktaCheckRequest } from "./bindings/OktaCheckRequest";
import type { Reconciliation } from "./bindings/Reconciliation";
import type { SavedUsersCheck } from "./bindings/SavedUsersCheck";
import type { UserResult } from "./bindings/UserResult";
import type { UsersCheckOutcome } from "./bindings/UsersCheckOutcome";
import type { TargetChoice } from "./connection";
import { fill, h } from "./dom";
import { code, type Code } from "./codes";
import { STATUS } from "./status";

/** Where the two sides come from: "Check your Okta app" and "Test the token and connection". */
export interface UsersSources {
  okta: () => OktaCheckRequest;
  loopio: () => TargetChoice;
  /** The profile's saved result, shown until a check is run. */
  last: () => SavedUsersCheck | null;
  /** The core's note when the saved result ran for other values than today's (it is then old). */
  forOther: () => string | null;
  /** Keeps a finished check's record for the profile. */
  onOutcome: (record: SavedUsersCheck) => void;
}

/** What is on screen: a check just run, or the profile's saved one. */
interface Shown {
  at_unix: number;
  practice: boolean;
  reconciliation: Reconciliation;
  /** From saved progress: users in sync (and any past the saved limit) are counted only. */
  saved: SavedUsersCheck | null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "5 Dec 2026 14:02", in this computer's time zone. */
export function checkedAt(unix: number): string {
  const d = new Date(unix * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getDate()} ${MONTHS[d.getMonth()] ?? ""} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Each state in the order the backend counts them, in words (the codes typed by the table). */
const STATES: [Code, string][] = [
  [code("user.in_sync"), "In sync"],
  [code("user.not_pushed"), "Never created in Loopio"],
  [code("user.push_failed"), "Push failed"],
  [code("user.missing_in_loopio"), "Deleted in Loopio"],
  [code("user.roles_differ"), "Roles differ"],
  [code("user.inactive_in_loopio"), "Deactivated in Loopio"],
  [code("user.username_differs"), "Username differs"],
  [code("user.unmanaged"), "In Loopio only (Okta will never deactivate them)"],
  [code("user.not_assigned"), "Not assigned in Okta"],
  [code("user.unchecked"), "Not checked (Loopio could not be read)"],
];
const STATE_WORDS = new Map<string, string>(STATES);

export function stateWords(state: string): string {
  return STATE_WORDS.get(state) ?? state;
}

/** A state's place in the backend's order (an unknown one last). */
function stateOrder(state: string): number {
  const i = STATES.findIndex(([c]) => c === state);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

export class UsersPanel {
  readonly element: HTMLElement;
  private running = false;
  private outcome: Shown | null = null;
  private readonly button = h("button", { type: "button", class: "primary", id: "check-users-run" }, "Check real users");
  private readonly verdict = h("div", { id: "users-verdict", role: "status", "aria-live": "polite" });
  private readonly counts = h("ul", { id: "users-counts", class: "users-counts", "aria-label": "Users in each state" });
  private readonly problems = h("div", { id: "users-problems" });
  private readonly search = h("input", {
    id: "users-search",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "jane.doe@acme.com",
    "aria-describedby": "users-search-hint",
  });
  private readonly searchField = h(
    "div",
    { class: "field", id: "users-search-field", hidden: true },
    h("label", { for: "users-search" }, "Find one person"),
    h("p", { class: "detail", id: "users-search-hint" }, "Type part of their Okta login or Loopio username."),
    this.search,
  );
  private readonly causes = h("div", { id: "users-causes" });

  constructor(
    private readonly backend: Backend,
    private readonly sources: UsersSources,
  ) {
    this.button.addEventListener("click", () => void this.run());
    this.search.addEventListener("input", () => this.showCauses());
    this.element = h(
      "section",
      { class: "users-check", "aria-labelledby": "users-title" },
      h("h3", { id: "users-title" }, "Check real users"),
      h(
        "p",
        { class: "detail", id: "users-sources" },
        'Okta is read as chosen in "Check your Okta app" (the practice Okta goes with the practice tenant); Loopio with the target and token of "Test the token and connection". GET requests only: nothing is changed.',
      ),
      h("div", { class: "run-row" }, this.button),
      this.verdict,
      this.counts,
      this.problems,
      this.searchField,
      this.causes,
    );
    const last = sources.last();
    if (last !== null) {
      this.button.textContent = "Check real users again";
      this.show({ ...last, saved: last });
    }
  }

  /** After a new plan: a saved result that ran for other values is marked old (or no longer). */
  refresh(): void {
    if (this.outcome !== null) this.showHeadline(this.outcome);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.button.disabled = true;
    this.button.textContent = "Checking…";
    fill(this.verdict, h("p", { class: "detail" }, "Reading Okta's assigned users and Loopio's users…"));
    try {
      const request = { okta: this.sources.okta(), ...this.sources.loopio(), since_days: 30 };
      const outcome: UsersCheckOutcome = await this.backend.checkUsers(request);
      this.sources.onOutcome(outcome.record);
      this.show({ ...outcome, saved: null });
    } catch (e) {
      fill(this.verdict, h("p", { class: "banner error", role: "alert", "data-code": errorCode(e) ?? "" }, h("span", { "aria-hidden": "true" }, "✖ "), errorText(e)));
    } finally {
      this.running = false;
      this.button.disabled = false;
      this.button.textContent = "Check real users again";
    }
  }

  private show(outcome: Shown): void {
    this.outcome = outcome;
    const r = outcome.reconciliation;
    this.showHeadline(outcome);
    fill(
      this.counts,
      Object.entries(r.counts)
        .filter(([, n]) => n > 0)
        .sort(([a], [b]) => stateOrder(a) - stateOrder(b))
        .map(([state, n]) => h("li", { "data-state": state }, h("strong", {}, String(n)), ` ${stateWords(state)}`)),
    );
    fill(
      this.problems,
      r.problems.map((p) =>
        h("p", { class: `banner ${p.status === "fail" ? "error" : "warn"}`, role: "alert", "data-code": p.code }, h("span", { "aria-hidden": "true" }, `${STATUS[p.status].icon} `), `${p.title}: ${p.detail} ${p.remedy}`),
      ),
    );
    this.searchField.hidden = r.users.length === 0 && (outcome.saved?.in_sync_not_kept ?? 0) === 0;
    this.showCauses();
  }

  /** The headline: how many need attention, when, against what, and whether it is old. */
  private showHeadline(outcome: Shown): void {
    const r = outcome.reconciliation;
    const look = STATUS[r.verdict];
    // Counted from the counts: a saved result lists only the users not in sync.
    const total = Object.values(r.counts).reduce((a, n) => a + n, 0);
    const failing = r.causes.filter((c) => c.status === "fail").reduce((a, c) => a + c.count, 0);
    const headline = failing === 0 ? `All ${total} users checked are fine.` : `${failing} of ${total} users need attention.`;
    const old = outcome.saved !== null ? this.sources.forOther() : null;
    const notKept = outcome.saved?.others_not_kept ?? 0;
    fill(
      this.verdict,
      h(
        "div",
        { class: `verdict ${look.look}${old !== null ? " old" : ""}`, id: "users-headline" },
        h("span", { class: "icon", "aria-hidden": "true" }, look.icon),
        h(
          "div",
          {},
          h("strong", {}, headline),
          outcome.practice ? h("p", { id: "users-practice", class: "detail" }, "Practice: the practice Okta and the practice tenant on this computer, not your org or Loopio. They have their own sample users, one in every state, so these counts are not those of the practice app in \"Check your Okta app\".") : null,
          h("p", { class: "detail", id: "users-when" }, `Checked ${checkedAt(outcome.at_unix)}${outcome.saved !== null ? " (saved result)" : ""}${r.truncated ? "; not everything could be read, what was read is shown" : ""}.`),
          old !== null ? h("p", { class: "detail for-other-note", id: "users-old" }, `Old result: ${old}`) : null,
          notKept > 0 ? h("p", { class: "detail", id: "users-not-kept" }, `${notKept} more ${notKept === 1 ? "user" : "users"} not in sync ${notKept === 1 ? "is" : "are"} counted only in this saved result: check again to see them all.`) : null,
        ),
      ),
    );
  }

  /** The cause groups, each narrowed to the people the search matches (none hidden when empty). */
  private showCauses(): void {
    if (this.outcome === null) return;
    const query = this.search.value.trim().toLowerCase();
    const users = this.outcome.reconciliation.users;
    const matches = (u: UserResult) => query === "" || u.login.toLowerCase().includes(query) || (u.loopio?.user_name ?? "").toLowerCase().includes(query);
    const groups = this.outcome.reconciliation.causes
      .map((g) => ({ g, who: users.filter((u) => u.cause === g.cause && matches(u)) }))
      .filter(({ who }) => who.length > 0)
      .map(({ g, who }) => causeGroup(g, who));
    const inSync = query === "" ? [] : users.filter((u) => u.cause === null && matches(u)).map((u) => h("p", { class: "detail", "data-login": u.login }, `${u.login}: ${stateWords(u.state)}.`));
    const countedOnly = (this.outcome.saved?.in_sync_not_kept ?? 0) > 0 ? " In-sync users are counted only in a saved result: check again to search them." : "";
    const none = query !== "" && groups.length === 0 && inSync.length === 0 ? h("p", { class: "detail", id: "users-no-match" }, `Nobody matches "${this.search.value.trim()}".${countedOnly}`) : null;
    fill(this.causes, groups, inSync, none);
  }
}

/** One cause: what it is and how many, what to do and where, then who. */
function causeGroup(g: CauseGroup, who: UserResult[]): HTMLElement {
  const look = STATUS[g.status];
  return h(
    "section",
    { class: `finding status-${g.status} users-cause`, "data-cause": g.cause },
    h("div", { class: "finding-head" }, h("span", { class: "status" }, `${look.icon} ${look.word}`), h("strong", {}, g.title || g.cause), h("span", { class: "detail" }, `${g.count} ${g.count === 1 ? "user" : "users"} · ${g.cause}`)),
    h("p", { class: "remedy" }, g.remedy),
    h("p", { class: "detail where" }, `Where: ${g.where}`),
    h(
      "ul",
      { class: "users-who", "aria-label": `Users: ${g.cause}` },
      who.map((u) =>
        h(
          "li",
          { "data-login": u.login },
          h("strong", {}, u.login),
          ` (${stateWords(u.state)})`,
          u.detail !== "" ? h("p", { class: "detail" }, u.detail) : null,
          u.events.map((e) => h("p", { class: "detail event" }, `${e.published} ${e.event_type}: ${e.reason}`)),
        ),
      ),
    ),
  );
}
