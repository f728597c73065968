// Tree structures in error messages: TreeDef strings (PyTreeDef({'a': *, 'b': [*]})), truncated
// so that a large parameter tree does not flood the message.

import { tree } from '@jaxts/frozendict';

const LIMIT = 300;

/** A string cut to `limit` characters with an ellipsis. */
export function truncate(text: string, limit = LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 3)}...`;
}

/** The TreeDef string of a value (`PyTreeDef({'b': *, 'w': *})`), truncated. */
export function structureOf(value: unknown): string {
  return truncate(tree.structure(value).toString());
}
