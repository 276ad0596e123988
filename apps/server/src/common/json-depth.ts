import { ErrorCode } from '@quanzi/contract';
import { DomainError } from './domain-error';

/**
 * Deepest object/array nesting a JSON body may have. Our deepest request (a poll: questions →
 * options → tag ids) is 4 levels; the margin is for clients that wrap bodies.
 */
export const JSON_DEPTH_MAX = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws 400 when `text` nests deeper than `max`, before anything parses it: a deep body would
 * overflow the stack in validation, and parsing 1 MB of `[[[[…` blocks the event loop. One pass
 * over the characters, skipping strings, stopping at the first level past the limit.
 */
export function assertJsonDepth(text: string, max: number = JSON_DEPTH_MAX): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, `请求内容嵌套过深（最多 ${max} 层）`);
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
}
