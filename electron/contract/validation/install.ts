import { z } from 'zod';
import { humanIssue, type IssueLike } from './humanIssue.js';

/**
 * Makes the app's Russian wording zod's locale wherever the contract is loaded (the core, the
 * renderer, `central/`): every issue without a message of its own is worded by `humanIssue`.
 */
export function installValidationMessages(): void {
  z.config({ localeError: (issue) => humanIssue(issue as IssueLike) });
}
