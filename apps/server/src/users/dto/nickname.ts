import { applyDecorators } from '@nestjs/common';
import { Limits } from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

/** A lone UTF-16 surrogate: storing it would silently turn into U+FFFD. */
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
/** Bidi embeddings, overrides, isolates and marks: they let a name reorder the text around it. */
const NO_BIDI_CONTROLS = /^[^\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]*$/;
/** Control characters would break lists, CSV exports and notifications. */
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/**
 * At least one character that draws something: not whitespace, separators, format characters
 * (zero-width space/joiners, BOM, soft hyphen, tags), lone combining marks, or the blank
 * fillers (Hangul fillers, Braille blank) that render as nothing.
 */
const SOMETHING_VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

const normalise = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

/** A member's display name: NFC-normalised and trimmed, then refused if it shows nothing or can spoof. */
export function Nickname(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Transform(normalise),
    Length(1, Limits.nicknameMax),
    Matches(WELL_FORMED, { message: 'nickname 含有无效的字符编码' }),
    Matches(NO_CONTROL_CHARS, { message: 'nickname 不能包含控制字符' }),
    Matches(NO_BIDI_CONTROLS, { message: 'nickname 不能包含文字方向控制字符' }),
    Matches(SOMETHING_VISIBLE, { message: 'nickname 不能只包含空白或不可见字符' }),
  );
}
