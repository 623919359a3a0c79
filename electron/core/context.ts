import type { OutputOf, ParsedInputOf, MethodDef, Progress, ContractTable } from '../contract/method.js';
import type { Session } from './auth/sessions.js';
import type { UserRecord } from './store/schema.js';

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** The caller's session; null for public methods called before login. */
  session: Session | null;
  user: UserRecord | null;
  now: Date;
  progress(p: Progress): void;
  /** Tells the host which session its caller now has (login) or that it has none (logout). */
  bindSession(sessionId: string | null): void;
}

/** A logged-in call: handlers of non-public methods receive this. */
export interface AuthedContext extends CallContext {
  session: Session;
  user: UserRecord;
}

export type GroupHandlers<G extends Record<string, MethodDef>> = {
  [M in keyof G]: (input: ParsedInputOf<G[M]>, ctx: G[M]['access'] extends 'public' ? CallContext : AuthedContext) => Promise<OutputOf<G[M]>>;
};

export type Handlers<C extends ContractTable> = { [K in keyof C]: GroupHandlers<C[K]> };
