// A "Check real users" answer shaped like the backend's (for the UI's tests): one user in sync,
// two failed pushes of one cause, one deleted in Loopio; practice when the Okta side is.
import { code } from "./codes";
import type { Reconciliation } from "./bindings/Reconciliation";
import type { UserResult } from "./bindings/UserResult";
import type { UsersCheckOutcome } from "./bindings/UsersCheckOutcome";
import type { UsersCheckRequest } from "./bindings/UsersCheckRequest";

const CONFLICT_REMEDY = "Loopio already has a user with this userName that Okta did not create or match. In Okta run Import, confirm the match, then retry the task.";
const DELETED_REMEDY = "The user was deleted in Loopio. In Okta, unassign and assign them again (or run Provision User) to create them again.";

function user(login: string, state: string, cause: string | null, remedy: string, where: string): UserResult {
  return {
    state,
    status: cause === null ? "pass" : "fail",
    login,
    okta_user_id: "00u" + login.length,
    loopio_id: cause === code("drift.deleted_in_loopio") ? null : "10" + login.length,
    okta: null,
    loopio: null,
    cause,
    remedy,
    where,
    detail: cause === null ? "" : `Seen for ${login}.`,
    events: cause === code("push.conflict") ? [{ published: "2026-11-30T05:00:00Z", event_type: "app.user_management.push_new_user_failure", result: "FAILURE", reason: "Conflict: user already exists" }] : [],
  };
}

export function fakeUsersCheck(request: UsersCheckRequest): UsersCheckOutcome {
  const importScreen = "Applications > Applications > Loopio > Import";
  const assignments = "Applications > Applications > Loopio > Assignments";
  const users = [
    user("ann.admin@acme.example", code("user.in_sync"), null, "", ""),
    user("bob.dup@acme.example", code("user.push_failed"), code("push.conflict"), CONFLICT_REMEDY, importScreen),
    user("cat.dup@acme.example", code("user.push_failed"), code("push.conflict"), CONFLICT_REMEDY, importScreen),
    user("dee.gone@acme.example", code("user.missing_in_loopio"), code("drift.deleted_in_loopio"), DELETED_REMEDY, assignments),
  ];
  const reconciliation: Reconciliation = {
    verdict: "fail",
    counts: { [code("user.in_sync")]: 1, [code("user.not_pushed")]: 0, [code("user.push_failed")]: 2, [code("user.missing_in_loopio")]: 1 },
    users,
    causes: [
      { cause: code("push.conflict"), title: "A Loopio user with that userName exists but is not linked", status: "fail", count: 2, remedy: CONFLICT_REMEDY, where: importScreen, logins: ["bob.dup@acme.example", "cat.dup@acme.example"] },
      { cause: code("drift.deleted_in_loopio"), title: "Linked to a Loopio user that was deleted", status: "fail", count: 1, remedy: DELETED_REMEDY, where: assignments, logins: ["dee.gone@acme.example"] },
    ],
    truncated: false,
    elapsed_ms: 42,
    problems: [],
  };
  const at_unix = 1_795_000_000;
  const practice = request.okta.practice;
  // Like the backend's record: users in sync counted only, a remedy kept once in its group.
  const kept = users.filter((u) => u.status !== "pass").map((u) => ({ ...u, remedy: "", where: "" }));
  const record = { at_unix, practice, reconciliation: { ...reconciliation, users: kept }, in_sync_not_kept: users.length - kept.length, others_not_kept: 0 };
  return { at_unix, practice, reconciliation, record };
}
