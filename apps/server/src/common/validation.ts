import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@quanzi/contract';
import { DomainError } from './domain-error';

/** The first number in class-validator's English message (its only carrier of the limit). */
const limitIn = (message: string): string => /(\d+)/.exec(message)?.[1] ?? '';

/**
 * Chinese wording for the constraints our DTOs use: the mini-program shows these messages to
 * members as they are. A constraint not listed keeps its own message (custom ones are written
 * per DTO).
 */
const CHINESE: Record<string, (field: string, english: string) => string> = {
  isDefined: (f) => `${f} 不能为空`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isString: (f) => `${f} 应为文本`,
  isBoolean: (f) => `${f} 应为 true 或 false`,
  isInt: (f) => `${f} 应为整数`,
  isNumber: (f) => `${f} 应为数字`,
  isArray: (f) => `${f} 应为列表`,
  isObject: (f) => `${f} 应为对象`,
  isIn: (f) => `${f} 的取值无效`,
  isEnum: (f) => `${f} 的取值无效`,
  isMongoId: (f) => `${f} 不是有效的 ID`,
  isISO8601: (f) => `${f} 应为 ISO-8601 时间`,
  isDateString: (f) => `${f} 应为 ISO-8601 时间`,
  isUrl: (f) => `${f} 应为网址`,
  isLength: (f, m) => (m.includes('shorter') ? `${f} 最多 ${limitIn(m)} 个字符` : `${f} 至少 ${limitIn(m)} 个字符`),
  matches: (f) => `${f} 格式不正确`,
  isNotIn: (f) => `${f} 的取值不可用`,
  maxLength: (f, m) => `${f} 最多 ${limitIn(m)} 个字符`,
  minLength: (f, m) => `${f} 至少 ${limitIn(m)} 个字符`,
  max: (f, m) => `${f} 不能大于 ${limitIn(m)}`,
  min: (f, m) => `${f} 不能小于 ${limitIn(m)}`,
  arrayMaxSize: (f, m) => `${f} 最多 ${limitIn(m)} 项`,
  arrayMinSize: (f, m) => `${f} 至少 ${limitIn(m)} 项`,
  arrayUnique: (f) => `${f} 不能有重复项`,
  whitelistValidation: (f) => `不支持的字段 ${f}`,
};

const CJK = /[\u4e00-\u9fff]/;

/** Flattens class-validator's nested tree into `field.path` + message pairs the UI can show. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, english]) => ({
      field,
      // A DTO's own (Chinese) message wins; class-validator's English defaults are translated.
      message: CJK.test(english) ? english : (CHINESE[rule]?.(field, english) ?? english),
    }));
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Query strings arrive as text; explicit @Type()/@Transform on DTOs does the conversion.
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new DomainError(ErrorCode.VALIDATION_FAILED, '请求参数有误', toFieldErrors(errors)),
  });
}
