// Test support shared by the UI's test files: a fake backend that replays the real core's answers,
// and small DOM helpers. Not part of the app's bundle (nothing the app imports reaches it).
import type { Backend } from "./api";
import type { ConnectionTestOutcome } from "./bindings/ConnectionTestOutcome";
import type { ConnectionTestRequest } from "./bindings/ConnectionTestRequest";
import type { DoneFor } from "./bindings/DoneFor";
import type { ExportKind } from "./bindings/ExportKind";
import type { Finding } from "./bindings/Finding";
import type { Plan } from "./bindings/Plan";
import type { PlanInput } from "./bindings/PlanInput";
import type { PlanRow } from "./bindings/PlanRow";
import type { Progress } from "./bindings/Progress";
import type { RoleCheck } from "./bindings/RoleCheck";
import type { RolesPlan } from "./bindings/RolesPlan";
import type { RolesPlanView } from "./bindings/RolesPlanView";
import type { RehearsalFinding } from "./bindings/RehearsalFinding";
import type { RehearsalRequest } from "./bindings/RehearsalRequest";
import type { OktaCheckRequest } from "./bindings/OktaCheckRequest";
import type { OktaFinding } from "./bindings/OktaFinding";
import type { OktaChangeOutcome } from "./bindings/OktaChangeOutcome";
import type { OktaChangeRequest } from "./bindings/OktaChangeRequest";
import type { Request } from "./bindings/Request";
import type { SavedOktaChange } from "./bindings/SavedOktaChange";
import type { WriteResult } from "./bindings/WriteResult";
import fixtures from "./test-fixtures/plans.json";
import { code, type Code } from "./codes";
import { emptyProgress, Wizard } from "./wizard";
import { fakeUsersCheck } from "./users-fake";
import type { UsersCheckRequest } from "./bindings/UsersCheckRequest";

type Fixture = { input: PlanInput; plan: Plan };
const all = fixtures as unknown as Record<string, Fixture>;

/** A backend that replays the real core's answers (exported by a Rust test). */
export function fakeBackend(saved: Progress = emptyProgress(), notice: string | null = null) {
  const record = recorder();
  const backend: Backend = {
    ...progressFakes(saved, notice, record),
    ...windowFakes(record),
    ...connectionFakes(record),
    ...oktaFakes(record),
  };
  return { backend, ...record };
}

/** What the fake backend records of the calls made to it, each list in call order. */
function recorder() {
  return {
    saves: [] as Progress[],
    copies: [] as string[],
    tests: [] as ConnectionTestRequest[],
    exports: [] as ExportKind[],
    remembered: [] as string[],
    closes: [] as number[],
    rehearsals: [] as RehearsalRequest[],
    renames: [] as [string, string][],
    deletes: [] as string[],
    oktaChecks: [] as OktaCheckRequest[],
    oktaChanges: [] as OktaChangeRequest[],
    consoleSteps: [] as string[],
    userChecks: [] as UsersCheckRequest[],
  };
}

type Recorder = ReturnType<typeof recorder>;

/** The plan, the progress and the profiles. */
function progressFakes(
  saved: Progress,
  notice: string | null,
  record: Recorder,
): Pick<Backend, "getPlan" | "loadProgress" | "saveProgress" | "switchProfile" | "renameProfile" | "deleteProfile" | "tokenExpiry"> {
  return {
    getPlan: async (input) => {
      const hit = Object.values(all).find(
        (f) =>
          f.input.domain === input.domain &&
          f.input.environment === input.environment &&
          f.input.app_variable === input.app_variable,
      );
      if (!hit) throw new Error(`no fixture for ${JSON.stringify(input)}`);
      return withDone(hit.plan, input);
    },
    loadProgress: async () => ({ progress: saved, notice, profile: "default", profiles: ["default"] }),
    saveProgress: async (p) => {
      record.saves.push(structuredClone(p));
    },
    // Like the backend: the name is trimmed, and an empty one is refused with a sentence.
    switchProfile: async (name) => {
      if (name.trim() === "") throw "Give the profile a name, for example sandbox or production.";
      return { progress: emptyProgress(), notice: null, profile: name.trim(), profiles: ["default", name.trim()] };
    },
    // Like the core's ProfileBook: empty and taken names are refused, the only profile stays.
    renameProfile: async (from, to) => {
      const name = to.trim();
      if (name === "") throw { code: code("profile.name_invalid"), message: "Give the profile a name, for example sandbox or production." };
      if (name.toLowerCase() === "taken") throw { code: code("profile.exists"), message: 'A profile named "taken" already exists. Choose another name.' };
      record.renames.push([from, name]);
      return { progress: saved, notice: null, profile: name, profiles: [name, "taken"].sort() };
    },
    deleteProfile: async (name) => {
      if (name === "default") throw { code: code("profile.last"), message: '"default" is the only profile, so it cannot be deleted. Create another profile first, or rename this one.' };
      record.deletes.push(name);
      return { progress: emptyProgress(), notice: `Profile "${name}" was deleted, with its progress and any token saved for it. Profile "default" is open.`, profile: "default", profiles: ["default"] };
    },
    tokenExpiry: async (date) => ({ generated_on: date, expires_on: "2027-11-28", remind_on: "2027-11-14", days_left: 365, renew_now: false, summary: "365 days left" }),
  };
}

/** The clipboard, the files and the window. */
function windowFakes(record: Recorder): Pick<Backend, "copy" | "exportFile" | "logFile" | "closeWindow"> {
  return {
    copy: async (text) => {
      record.copies.push(text);
    },
    exportFile: async (kind) => {
      record.exports.push(kind);
      return "/tmp/report";
    },
    logFile: async () => "/data/org.loopioscim.assistant/logs/assistant.log",
    // Without the window permission to close, the real call rejects.
    closeWindow: async () => {
      record.closes.push(Date.now());
      throw "window.close not allowed";
    },
  };
}

/** The token, the connection test, the roles found in Loopio and the rehearsal. */
function connectionFakes(
  record: Recorder,
): Pick<
  Backend,
  | "inspectToken"
  | "practiceTenant"
  | "discoverRoles"
  | "rolesView"
  | "rememberToken"
  | "forgetToken"
  | "savedTokenStatus"
  | "recordTest"
  | "runRehearsal"
  | "savedTestOutcome"
  | "runConnectionTest"
> {
  return {
    inspectToken: async (token) => ({ notes: fakeTokenNotes(token), error: null }),
    practiceTenant: async () => ["http://127.0.0.1:5555/scim/v2", "practice-token-0123456789abcdef"],
    discoverRoles: async (request, onProgress) => {
      onProgress({ users_seen: 2, total_users: 5 });
      onProgress({ users_seen: 5, total_users: 5 });
      return {
        roles: [
          { name: "Admin", users: 2 },
          { name: "Reviewer", users: 2 },
        ],
        users_seen: 5,
        total_users: 5,
        pages: 3,
        complete: true,
        from_loopio: request.target === "production" || request.target === "sandbox",
      };
    },
    rolesView: async (plan, known, seen) => fakeRolesView(plan, known, seen),
    rememberToken: async (token) => {
      record.remembered.push(token);
    },
    forgetToken: async () => {},
    savedTokenStatus: async () => record.remembered.length > 0,
    // Shaped like the backend's Progress::record_test: the test is kept; only the plan decides
    // whether it completes the step (a test without the values it ran for counts for today's).
    recordTest: async (progress, test) => ({ ...progress, last_test: test }),
    runRehearsal: async (request, onFinding) => {
      record.rehearsals.push(request);
      return fakeRehearsal(request, onFinding);
    },
    // Like the backend: the headline for the target the saved test ran against.
    savedTestOutcome: async (test) => ({
      at_unix: test.at_unix,
      base_url: test.base_url,
      report: test.report,
      token_notes: [],
      target: test.target ?? "custom",
      counts_as_progress: false,
      headline: test.target === "practice" ? "The practice tenant on this computer (not Loopio) answered as Okta expects." : "Okta's Test Connector Configuration will pass.",
    }),
    runConnectionTest: async (request, onFinding) => {
      record.tests.push(request);
      return fakeConnectionTest(request, onFinding);
    },
  };
}

/** The Okta read-back, its changes and their undo, and the practice Okta's console. */
function oktaFakes(record: Recorder): Pick<Backend, "checkOkta" | "changeOkta" | "undoOktaChange" | "practiceConsole" | "checkUsers"> {
  return {
    checkUsers: async (request) => {
      record.userChecks.push(request);
      return fakeUsersCheck(request);
    },
    checkOkta: async (request) => {
      record.oktaChecks.push(request);
      return fakeOktaCheck(request);
    },
    changeOkta: async (request, onResult) => {
      record.oktaChanges.push(request);
      return fakeOktaChange(request, onResult);
    },
    undoOktaChange: async (request, onResult) => {
      const plan: Request[] = [{ method: "PUT", path: "/api/v1/apps/0oa1loopio", body: {}, why: "Restore the Audience URI." }];
      if (request.confirmed_undo === null) return changeOutcome(plan);
      const result = { method: "PUT", path: "/api/v1/apps/0oa1loopio", status: 200, okta_error: null, succeeded: true, why: "undo", at: "2026-11-30T05:00:00Z" };
      onResult(result);
      return { ...changeOutcome(plan), results: [result], applied: true, okta_changes: [] };
    },
    practiceConsole: async (step, _appId) => {
      record.consoleSteps.push(step);
    },
  };
}

/**
 * A connection test shaped like the backend's: the good token passes, any other is refused (the
 * lookup failing with it); each finding streamed as it finishes.
 */
function fakeConnectionTest(request: ConnectionTestRequest, onFinding: (f: Finding) => void): ConnectionTestOutcome {
  const connector: Finding = {
    check: code("okta.connector"),
    code: request.token === "good-token-0123456789" ? code("okta.connector") : code("auth.rejected"),
    status: request.token === "good-token-0123456789" ? "pass" : "fail",
    title: request.token === "good-token-0123456789" ? "Okta's Test Connector Configuration will pass" : "The token was refused (401)",
    detail: "HTTP 401",
    remedy: request.token === "good-token-0123456789" ? "" : "Generate a new token.",
    elapsed_ms: 12,
  };
  // A refused token fails the lookup too, with the same advice, as the real checks do.
  const lookup: Finding = connector.status === "pass"
    ? { ...connector, check: code("okta.lookup"), code: code("okta.lookup"), title: "User lookups work" }
    : { ...connector, check: code("okta.lookup") };
  const enforced: Finding = { ...connector, check: code("auth.enforced"), code: code("auth.enforced"), status: "pass", title: "The API refuses requests without a token", remedy: "" };
  // Streamed as they finish; the final report is in the backend's order (the cause first).
  onFinding(enforced);
  onFinding(lookup);
  onFinding(connector);
  const pass = connector.status === "pass";
  return {
    at_unix: 1_795_000_000,
    base_url: "http://127.0.0.1:5555/scim/v2",
    token_notes: fakeTokenNotes(request.token),
    target: request.target,
    counts_as_progress: pass && (request.target === "production" || request.target === "sandbox"),
    headline:
      request.target === "practice"
        ? `The practice tenant on this computer (not Loopio) ${pass ? "answered as Okta expects" : "refused the token"}. This says nothing about whether Okta can connect to Loopio, and it does not count as the step "Test the token and connection".`
        : pass
          ? "Okta's Test Connector Configuration will pass."
          : "Okta's Test Connector Configuration will fail: The token was refused (401).",
    report: {
      verdict: connector.status,
      okta_connector_test: connector.status === "pass" ? "pass" : "fail",
      elapsed_ms: 20,
      findings: [connector, lookup, enforced],
    },
  };
}

function changeOutcome(plan: Request[]): OktaChangeOutcome {
  return { org: "https://acme.okta.com", app_id: "0oa1loopio", app_label: "Loopio", plan, results: [], not_sent: [], pending_manual: [], reminders: [], warnings: [], problem: null, applied: false, okta_changes: null, practice_steps: [], undo: [], roles_note: null };
}

/**
 * A change shaped like the backend's: a plan of one PUT (nothing sent); with the plan confirmed,
 * the PUT's answer streamed and the change kept; a plan that differs from Okta's now is refused.
 */
async function fakeOktaChange(request: OktaChangeRequest, onResult: (r: WriteResult) => void): Promise<OktaChangeOutcome> {
  const plan: Request[] = [{ method: "PUT", path: "/api/v1/apps/0oa1loopio", body: { label: "Loopio" }, why: "Set the Audience URI to loopio-sp." }];
  if (request.confirmed_plan === null) {
    const manual = [
      { step: "general.enable_scim", where: "Applications > Applications > Loopio > General", what: "Tick Enable SCIM provisioning.", confirmed_by: code("okta.provisioning.scim") },
      { step: "scim.base_url", where: "Applications > Applications > Loopio > Provisioning > Integration", what: "Fill in the SCIM connection.", confirmed_by: null },
    ];
    const practice = request.check.practice;
    const roles_note = practice ? "Practice: the practice Okta has its own example groups." : null;
    return { ...changeOutcome(plan), pending_manual: manual, practice_steps: practice ? ["general.enable_scim"] : [], roles_note };
  }
  if (JSON.stringify(request.confirmed_plan) !== JSON.stringify(plan)) {
    return { ...changeOutcome(plan), problem: { code: code("okta.apply.plan_changed"), message: "Okta changed since the plan was shown.", remedy: "Review the new plan." } };
  }
  const result: WriteResult = { method: "PUT", path: "/api/v1/apps/0oa1loopio", status: 200, okta_error: null, succeeded: true, why: plan[0]!.why, at: "2026-11-30T05:00:00Z" };
  onResult(result);
  const change: SavedOktaChange = { at_unix: 1_795_000_000, org: "https://acme.okta.com", practice: false, app_id: "0oa1loopio", app_label: "Loopio", applied: true, results: [result], not_sent: [], undo: plan, pending_manual: [], error: null, is_undo: false, undone: false };
  return { ...changeOutcome(plan), results: [result], applied: true, okta_changes: [change], undo: plan };
}

/** The service app key file the fake backend can read; any other path is unreadable. */
export const GOOD_KEY_PATH = "/keys/okta-service-app.pem";

/** The backend's token for a real org in the tests; any other is refused by the fake org. */
export const GOOD_OKTA_TOKEN = "00good-okta-token-0123456789";

/**
 * An Okta check shaped like the backend's: bad input refused with its code; the practice Okta
 * (or a real org with the good token) matching, the Audience wrong when the mistake is planted;
 * a wrong token refused by Okta.
 */
function fakeOktaCheck(request: OktaCheckRequest) {
  if (!request.practice && !request.org_url.includes(".")) {
    throw { code: code("okta_url.incomplete"), message: `"${request.org_url}" is only part of a host name. Did you mean ${request.org_url}.okta.com?` };
  }
  const service = !request.practice && request.client_id !== "";
  if (service && request.private_key_path !== GOOD_KEY_PATH) {
    throw { code: code("okta.key.unreadable"), message: `The private key file ${request.private_key_path} could not be read: No such file or directory.` };
  }
  const org = request.practice ? "http://127.0.0.1:5555" : "https://acme.okta.com";
  const saml = "Applications > Applications > Loopio > General > SAML Settings > Edit > Configure SAML";
  const finding = (findingCode: Code, title: string, where: string, has: string | null, expected: string | null, failed = false): OktaFinding => ({
    code: findingCode,
    status: failed ? "fail" : "pass",
    title,
    detail: failed ? "It is a URL; Loopio's entity ID is the plain name loopio-sp." : "",
    remedy: failed ? "Set Audience URI (SP Entity ID) to exactly loopio-sp." : "",
    okta_has: has,
    expected,
    where,
  });
  if (!request.practice && request.org_url.includes("unreachable")) {
    // Like the core's SavedOktaCheck::new for a failure on the way: not reached, nothing offered.
    const findings = [{ ...finding(code("network.dns"), "The host name does not resolve", "", null, null, true), remedy: "Check the org URL and this computer's DNS." }];
    const headline = "Could not check your Okta app: the host name does not resolve. Nothing is known about the app until Okta answers. Check the org URL and this computer's DNS.";
    const record = { at_unix: 1_795_000_000, org, practice: false, app_id: "", app_label: "", app_name: "", verdict: "fail", headline, findings, reached: false, offers_fix: false, offers_create: false } as const;
    return { record, counts_as_progress: false, elapsed_ms: 7 };
  }
  const refused = !request.practice && !service && request.token !== GOOD_OKTA_TOKEN;
  const planted = request.practice && request.practice_mistake === "audience";
  const findings = refused
    ? [{ ...finding(code("okta.auth.rejected"), "Okta refused the API token", "Security > API > Tokens", null, null, true), detail: "HTTP 401 E0000011", remedy: "Create a new API token." }]
    : [
        finding(code("okta.saml.sso_url"), "Single sign-on URL", `${saml} > Single sign-on URL`, "https://acme.loopio.com/sso", "https://acme.loopio.com/sso"),
        finding(code("okta.saml.audience"), planted ? "The Audience URI is not Loopio's" : "Audience URI (SP Entity ID)", `${saml} > Audience URI (SP Entity ID)`, planted ? "https://acme.loopio.com/loopio-sp" : "loopio-sp", "loopio-sp", planted),
        finding(code("okta.roles.type"), "The roles attribute is a string array", "Directory > Profile Editor > Loopio > roles > Data type", "string array", "string array"),
      ];
  const verdict = refused || planted ? "fail" : "pass";
  const what = request.practice ? "The practice Okta on this computer (not your Okta org)" : "Your Okta app";
  const headline = verdict === "fail" ? `${what} differs from what the wizard generated in 1 place: fix it in Okta, then check again.` : `${what} matches what the wizard generated.`;
  const idp = refused
    ? undefined
    : {
        entity_id: "http://www.okta.com/exk1loopio",
        sso_url: `${org}/app/acme_loopio_1/exk1loopio/sso/saml`,
        certificate_sha256: "AB:CD:EF:01",
        certificate_not_after: "2036-01-01T00:00:00Z",
        metadata_url: `${org}/app/exk1loopio/sso/saml/metadata`,
        certificate_pem: "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n",
      };
  const record = { at_unix: 1_795_000_000, org, practice: request.practice, app_id: refused ? "" : "0oa1loopio", app_label: refused ? "" : "Loopio", app_name: refused ? "" : "acme_loopio_1", verdict, headline, findings, ...(idp ? { idp } : {}), reached: true, offers_fix: !refused && verdict !== "pass", offers_create: false } as const;
  return { record, counts_as_progress: !request.practice && verdict === "pass", elapsed_ms: 7 };
}

/** The backend's token clean-up notes for the cases the tests use. */
function fakeTokenNotes(token: string) {
  const notes = [];
  if (token.trim() !== token) notes.push({ code: code("token.whitespace"), message: "Removed spaces around the token." });
  // The core's BEARER_NOTE (secret.rs).
  const bearer = 'Removed a leading "Bearer ": the token is what follows it. In Okta (Provisioning > Integration, Authentication Mode HTTP Header), the Authorization field takes only the SCIM token as Loopio generated it, without "Bearer ": Loopio\'s guide says the HTTP Header Bearer token is the SCIM token, and Okta sends it as "Authorization: Bearer <token>".';
  if (token.trim().startsWith("Bearer ")) notes.push({ code: code("token.bearer_prefix"), message: bearer });
  return notes;
}

/**
 * A rehearsal shaped like the backend's: refused for Production without the domain typed again;
 * otherwise each step streamed, a refused role failing, and one deactivated test user left.
 */
async function fakeRehearsal(request: RehearsalRequest, onFinding: (f: RehearsalFinding) => void) {
  if (request.target === "production" && request.confirm_production.trim() === "") {
    throw { code: code("rehearse.production_unconfirmed"), message: "This would create a test user in your production Loopio. Rehearse on the sandbox or the practice tenant, or confirm by typing your Loopio domain again." };
  }
  const roleRefused = request.roles_plan.mode === "same_for_all" && request.roles_plan.role === "admin";
  const step = (stepCode: Code, title: string, failed = false): RehearsalFinding => ({
    code: stepCode,
    status: failed ? "fail" : "pass",
    title,
    request: `${stepCode === code("rehearse.create") ? "POST" : "GET"} /Users`,
    detail: failed ? 'HTTP 400: Unknown role "admin".' : "HTTP 200",
    remedy: failed ? "Correct the role value on the Okta group." : "",
    okta_shows: failed ? "Automatic provisioning of user to app Loopio failed." : "",
    cause: failed ? code("role.refused") : null,
    elapsed_ms: 3,
  });
  const findings = [
    step(code("rehearse.lookup_before_create"), "Okta's lookup before a create finds nobody for a new user"),
    step(code("rehearse.create"), "Creating a user as Okta does works"),
    step(code("rehearse.roles"), roleRefused ? "The roles are not taken as Okta sends them" : "The roles come back as Okta sent them", roleRefused),
  ];
  findings.forEach(onFinding);
  const verdict = roleRefused ? ("fail" as const) : ("pass" as const);
  const test_users = [{ id: "u-42", userName: "okta-rehearsal-0a1b2c3d4e5f@example.com", active: false }];
  const cleanup = "In Loopio, open Settings > Users, find each test user by its e-mail and delete it.";
  const headline = roleRefused ? "Okta's first push would fail: 1 step failed: fix it before assigning users." : "Rehearsal against the practice tenant on this computer (not Loopio): every step worked as Okta needs it.";
  return {
    rehearsal: { verdict, test_users, findings, cleanup, elapsed_ms: 9 },
    record: {
      at_unix: 1_795_000_000,
      target: request.target,
      base_url: "http://127.0.0.1:5555/scim/v2",
      verdict,
      headline,
      steps: findings.map((f) => ({ code: f.code, status: f.status, title: f.title })),
      test_users,
      cleanup,
    },
  };
}

/**
 * A stand-in for the backend's roles check, shaped like its answers: exact names pass, a case
 * difference is a near miss naming Loopio's spelling, other names warn; empty and repeated groups
 * are errors; the instructions repeat what was typed, as the backend's do.
 */
export function fakeRolesView(plan: RolesPlan, known: string[], inLoopio: string[] = known): RolesPlanView {
  const input = plan.mode === "same_for_all" ? [{ group: "", role: plan.role }] : plan.groups;
  const seen: string[] = [];
  const rows: PlanRow[] = input.map((r) => {
    const group = r.group.trim();
    let group_error: string | null = null;
    if (plan.mode === "per_group") {
      if (group === "") group_error = "Enter the Okta group name.";
      else if (seen.includes(group.toLowerCase())) group_error = `${group} is listed twice: each group gets one role.`;
      seen.push(group.toLowerCase());
    }
    const near = known.find((k) => k !== r.role && k.toLowerCase() === r.role.trim().toLowerCase()) ?? null;
    const role: RoleCheck =
      r.role.trim() === ""
        ? { value: r.role, status: "error", code: code("role.empty"), message: "Enter a Loopio role name.", suggestion: null }
        : known.includes(r.role) && !inLoopio.includes(r.role)
          ? { value: r.role, status: "warn", code: code("role.not_seen"), message: `"${r.role}" is not seen in Loopio yet (added by hand, or read from the practice tenant or a custom URL).`, suggestion: null }
        : known.includes(r.role)
          ? { value: r.role, status: "pass", code: code("role.exact"), message: `${r.role} is a Loopio role name.`, suggestion: null }
          : near !== null
            ? { value: r.role, status: "error", code: code("role.near_miss"), message: `"${r.role}" is not a Loopio role name: Loopio's is "${near}".`, suggestion: near }
            : { value: r.role, status: "warn", code: code("role.unknown"), message: `No Loopio user has the role "${r.role}" yet.`, suggestion: null };
    return { group, group_error, role };
  });
  const instructions =
    plan.mode === "same_for_all"
      ? ["Open To App.", `Enter exactly: ${plan.role === "" ? "(the Loopio role name)" : plan.role}`]
      : ["In Okta open your Loopio app > Assignments > Assign > Assign to Groups.", ...rows.map((r, i) => `Priority ${i + 1}: click Assign beside the group "${r.group}", enter roles = ${r.role.value}, click Save.`)];
  // Like the core's normalise_catalog: trimmed, no blanks, no repeats, sorted.
  const clean = [...new Set(known.map((k) => k.trim()).filter((k) => k !== ""))].sort();
  // Like the core's duplicate_names, for case only.
  const known_errors = clean.flatMap((a, i) => clean.slice(i + 1).filter((b) => a.toLowerCase() === b.toLowerCase()).map((b) => `"${a}" and "${b}" are listed as two role names but differ only in different upper/lower case.`));
  const ready = known_errors.length === 0 && rows.length > 0 && rows.every((r) => r.group_error === null && r.role.status !== "error");
  return { known: clean, rows, instructions, known_errors, ready };
}

/**
 * A stand-in for the core's step completion (the plan's `done`), shaped like its answers: a
 * checklist is done when all its items are ticked, the instance when the domain parses, other
 * steps when ticked (the connection test unless the last test contradicts it); the summary once
 * every other step is.
 */
function withDone(plan: Plan, input: PlanInput): Plan {
  const test = input.last_test;
  const now = plan.values_now;
  const appMatters = (id: string) => id === "profile_editor_roles" || id === "map_roles" || id === "okta_check";
  const note = (id: string, then: DoneFor | undefined, say: (a: string, b: string) => string): string | null => {
    if (!then) return null;
    const [a, b] = forOther(then, now, appMatters(id));
    return a === "" ? null : say(a, b);
  };
  const tickNote = (id: string) => (input.ticked.includes(id) ? note(id, input.ticked_for?.[id], (a, b) => `Done for ${a}, not for ${b}: check it again.`) : null);
  const testPassed = test !== null && test.report.okta_connector_test === "pass" && test.target === input.environment;
  const check = input.last_okta_check;
  const checkPassed = check !== undefined && !check.practice && check.app_id !== "" && check.verdict !== "fail";
  const done = plan.steps
    .filter((s) => {
      switch (s.completion) {
        case "checklist":
          return s.checklist.every((c) => input.ticked.includes(c.id));
        case "valid_domain":
          return plan.domain !== null && (plan.custom_domain_tick === null || input.ticked.includes(plan.custom_domain_tick));
        case "ticked":
          return input.ticked.includes(s.id) && tickNote(s.id) === null;
        case "test_result":
          return testPassed && note(s.id, test.ran_for, () => "x") === null;
        case "okta_check":
          return checkPassed && note(s.id, check.ran_for, () => "x") === null;
        case "none":
        case "optional":
          return false;
      }
    })
    .map((s) => s.id);
  const steps = plan.steps.map((s) => {
    const stepNote = (d: DoneFor | undefined) => note(s.id, d, (a, b) => `Done for ${a}, not for ${b}: check it again.`);
    const done_for_other =
      s.completion === "ticked" ? tickNote(s.id) : s.completion === "test_result" && testPassed ? stepNote(test.ran_for) : s.completion === "okta_check" && checkPassed ? stepNote(check.ran_for) : null;
    return { ...s, done_for_other };
  });
  const result = (d: DoneFor | undefined, app: boolean, what: string, again: string) => {
    if (!d) return null;
    const [a, b] = forOther(d, now, app);
    return a === "" ? null : `This ${what} ran for ${a}, not for ${b}. ${again}`;
  };
  const last_test_for_other = result(test?.ran_for, false, "test", "It no longer counts: run the test again.");
  const last_rehearsal_for_other = result(input.last_rehearsal?.ran_for, false, "rehearsal", "Rehearse again for today's values.");
  const last_okta_check_for_other = result(check?.ran_for, true, "check", "It no longer counts: check again.");
  const counts = (s: { completion: string }) => s.completion !== "none" && s.completion !== "optional";
  const countable = plan.steps.filter(counts).length;
  const doneCount = done.length;
  if (doneCount === countable) done.push(...plan.steps.filter((s) => s.completion === "none").map((s) => s.id));
  const remaining = plan.steps.filter((s) => counts(s) && !done.includes(s.id)).map((s) => s.id);
  const rolesPlan = input.roles_plan;
  const givesARole = rolesPlan.mode === "same_for_all" ? rolesPlan.role.trim() !== "" : rolesPlan.groups.some((g) => g.role.trim() !== "");
  const required_for_roles = givesARole ? ["to_app.update_user_attributes"] : [];
  // Like the core's require_for_roles: the card itself is required, with why.
  const why = "Required because you map Loopio roles: Okta sends roles to Loopio only with Update User Attributes enabled, as Loopio's guide says.";
  const withRequired = steps.map((s) => ({ ...s, values: s.values.map((v) => (required_for_roles.includes(v.key) ? { ...v, required: true, note: why } : v)) }));
  const planned = rolesPlan.mode === "same_for_all" ? [rolesPlan.role] : rolesPlan.groups.map((g) => g.role);
  const rehearsal_roles = [...new Set(planned.map((r) => r.trim()).filter((r) => r !== ""))];
  return {
    ...plan,
    steps: withRequired,
    done,
    remaining,
    required_for_roles,
    rehearsal_roles,
    done_count: doneCount,
    countable,
    progress_text: `${doneCount} of ${countable} done`,
    last_test_for_other,
    last_rehearsal_for_other,
    last_okta_check_for_other,
  };
}

/** Like the core's DoneFor::difference: what differs, then and now ("" when nothing does). */
function forOther(then: DoneFor, now: DoneFor, app: boolean): [string, string] {
  const label = (e: string) => (e === "sandbox" ? "Sandbox (INT01)" : "Production");
  const a: string[] = [];
  const b: string[] = [];
  if (then.domain !== now.domain) {
    a.push(then.domain || "no domain");
    b.push(now.domain || "no domain");
  }
  if (then.environment !== now.environment) {
    a.push(label(then.environment));
    b.push(label(now.environment));
  }
  if (app && then.app_variable !== now.app_variable) {
    a.push(then.app_variable ? `app ${then.app_variable}` : "no app variable");
    b.push(now.app_variable ? `app ${now.app_variable}` : "no app variable");
  }
  return [a.join(", "), b.join(", ")];
}

export async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

export function $(sel: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no element ${sel}`);
  return el;
}

export function typeInto(sel: string, value: string) {
  const input = $(sel) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

export async function start(progress?: Progress, notice: string | null = null, adjust?: (backend: Backend) => void) {
  document.body.innerHTML = '<div id="app"></div>';
  const fake = fakeBackend(progress, notice);
  adjust?.(fake.backend);
  await Wizard.start($("#app"), fake.backend);
  return fake;
}

