import type { Actor } from '@tongxin/shared';
import { ForbiddenError } from '../../platform/errors';
import { can, type Action, type ResourceScope } from './access.policy';

export { can, type Action, type ResourceScope };

/** Throws FORBIDDEN unless the actor may do the action to the resource. */
export function authorize(actor: Actor, action: Action, resource: ResourceScope = {}): void {
  if (!can(actor, action, resource)) throw new ForbiddenError();
}
