// The panels that live as long as the open profile: the token, the last results and what the
// admin typed survive navigation between steps. Another profile gets fresh ones.
import type { Backend } from "../api";
import { ConnectionPanel } from "../connection";
import { oktaPanel, type OktaPanel } from "../okta";
import { RehearsalPanel } from "../rehearsal";
import { RolesPanel } from "../roles";
import { UsersPanel } from "../users";
import type { WizardState } from "../wizard-state";

export class Panels {
  private connection_: ConnectionPanel | null = null;
  private rehearsal_: RehearsalPanel | null = null;
  private roles_: RolesPanel | null = null;
  private okta_: OktaPanel | null = null;
  private users_: UsersPanel | null = null;
  /** The profile the panels were made for (the state's count of profiles opened). */
  private opened: number;

  constructor(
    private readonly backend: Backend,
    private readonly state: WizardState,
    /** Takes the admin to where the profile's environment is chosen. */
    private readonly changeEnvironment: () => void,
  ) {
    this.opened = state.openedCount;
  }

  connection(): ConnectionPanel {
    this.forgetOtherProfile();
    const state = this.state;
    this.connection_ ??= new ConnectionPanel(this.backend, {
      domain: () => state.progress.domain,
      environment: () => state.progress.environment,
      tokenGeneratedOn: () => state.progress.token_generated_on,
      rememberToken: () => state.progress.remember_token,
      // The backend records the result and decides whether it ticks (or unticks) the step.
      onOutcome: (o) => state.recordTest(o),
      onTokenDate: (date) => void state.update({ token_generated_on: date }),
      onRememberChange: (remember) => void state.update({ remember_token: remember }),
      profile: () => state.profile,
      environmentLabel: (env) => state.plan.environments.find((e) => e.id === env)?.label ?? env,
      lastTest: () => state.progress.last_test,
      onChangeEnvironment: () => this.changeEnvironment(),
    });
    return this.connection_;
  }

  rehearsal(): RehearsalPanel {
    this.forgetOtherProfile();
    const state = this.state;
    this.rehearsal_ ??= new RehearsalPanel(this.backend, this.connection(), {
      domain: () => state.progress.domain,
      rolesPlan: () => state.progress.roles_plan,
      last: () => state.progress.last_rehearsal ?? null,
      // What it rehearsed for: the core stops counting it once the values differ.
      onOutcome: (record) => void state.update({ last_rehearsal: { ...record, ran_for: state.plan.values_now } }),
    });
    return this.rehearsal_;
  }

  roles(): RolesPanel {
    this.forgetOtherProfile();
    const state = this.state;
    this.roles_ ??= new RolesPanel(this.backend, {
      known: () => state.progress.roles_known,
      seen: () => state.progress.roles_seen,
      plan: () => state.progress.roles_plan,
      choice: () => this.connection().choice(),
      onChange: (known, plan, seen) => void state.update({ roles_known: known, roles_plan: plan, roles_seen: seen }),
    });
    return this.roles_;
  }

  okta(): OktaPanel {
    this.forgetOtherProfile();
    // An answer that arrives after another profile was opened belongs to the one it was for
    // (the backend saved it there): it is not applied to the profile open now.
    const opened = this.state.openedCount;
    this.okta_ ??= oktaPanel(this.backend, () => this.state.progress, () => this.state.plan.app_label, (change) => {
      if (this.state.openedCount !== opened) return;
      // A check records what it compared Okta with: the core stops counting it once they differ.
      const check = change.last_okta_check;
      if (!check) {
        void this.state.update(change);
        return;
      }
      // In the assistant's way the app's variable name is Okta's (the app it created or read),
      // never typed: taken from the admin's own org only, the practice Okta's is its own.
      const progress = this.state.progress;
      const fromOkta = progress.way === "assistant" && !check.practice && check.app_name !== "" && progress.app_variable.trim() === "";
      const app_variable = fromOkta ? check.app_name : progress.app_variable;
      const ran_for = { ...this.state.plan.values_now, app_variable: app_variable.trim() };
      void this.state.update({ ...change, ...(fromOkta ? { app_variable } : {}), last_okta_check: { ...check, ran_for } }, fromOkta);
    }, () => this.state.plan.last_okta_check_for_other);
    return this.okta_;
  }

  /** "Check real users": Okta as "Check your Okta app" reads it, Loopio as the connection test does. */
  users(): UsersPanel {
    this.forgetOtherProfile();
    // A check that finishes after another profile was opened is not kept for the one open now.
    const opened = this.state.openedCount;
    const state = this.state;
    this.users_ ??= new UsersPanel(this.backend, {
      okta: () => this.okta().request(),
      loopio: () => this.connection().choice(),
      last: () => state.progress.last_users_check ?? null,
      forOther: () => state.plan.last_users_check_for_other,
      // What it checked for: the core marks it old once the values differ.
      onOutcome: (record) => {
        if (state.openedCount === opened) void state.update({ last_users_check: { ...record, ran_for: state.plan.values_now } });
      },
    });
    return this.users_;
  }

  /** Another profile opened since the panels were made: start afresh. */
  private forgetOtherProfile(): void {
    if (this.opened === this.state.openedCount) return;
    this.opened = this.state.openedCount;
    this.connection_ = null;
    this.rehearsal_ = null;
    this.roles_ = null;
    this.okta_ = null;
    this.users_ = null;
  }
}
