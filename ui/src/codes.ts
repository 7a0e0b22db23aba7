/**
 * The stable codes the window matches against, checked by the type checker against the core's
 * table (`bindings/codes.ts`, generated from `codes.rs` by `cargo gen`): a code renamed or removed
 * there fails `npm run typecheck`. Write every code the UI compares with through these helpers,
 * never as a bare string (the core's code-table test checks that).
 */
import type { Code } from "./bindings/codes";

export type { Code } from "./bindings/codes";

/** A code of the table, as it is: `code("okta.app.not_found")`. */
export const code = <C extends Code>(c: C): C => c;

/** `P` when at least one code of the table starts with it, else `never`. */
type CodePrefix<P extends string> = [Extract<Code, `${P}${string}`>] extends [never] ? never : P;

/** Whether `c` is in the family `prefix` (`okta.key.`), a prefix of at least one code. */
export const inFamily = <P extends string>(c: string, prefix: P & CodePrefix<P>): boolean => c.startsWith(prefix);
