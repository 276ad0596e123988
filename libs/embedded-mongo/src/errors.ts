/** A command failure carrying MongoDB's numeric `code` and `codeName`, so drivers react as they do to a real server. */
export class MongoError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly labels: string[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.labels.length) reply.errorLabels = this.labels;
    return reply;
  }
}

export const badValue = (msg: string) => new MongoError(2, 'BadValue', msg);
export const failedToParse = (msg: string) => new MongoError(9, 'FailedToParse', msg);
export const typeMismatch = (msg: string) => new MongoError(14, 'TypeMismatch', msg);
export const namespaceNotFound = (msg: string) => new MongoError(26, 'NamespaceNotFound', msg);
export const indexNotFound = (msg: string) => new MongoError(27, 'IndexNotFound', msg);
export const namespaceExists = (msg: string) => new MongoError(48, 'NamespaceExists', msg);
export const commandNotFound = (name: string) => new MongoError(59, 'CommandNotFound', `no such command: '${name}'`);
export const immutableField = (msg: string) => new MongoError(66, 'ImmutableField', msg);
export const indexOptionsConflict = (msg: string) => new MongoError(85, 'IndexOptionsConflict', msg);
export const indexKeySpecsConflict = (msg: string) => new MongoError(86, 'IndexKeySpecsConflict', msg);
export const cursorNotFound = (id: string) => new MongoError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const conflictingUpdateOperators = (msg: string) => new MongoError(40, 'ConflictingUpdateOperators', msg);
export const pathNotViable = (msg: string) => new MongoError(28, 'PathNotViable', msg);
export const noSuchTransaction = (msg: string) =>
  new MongoError(251, 'NoSuchTransaction', msg, ['TransientTransactionError']);
export const writeConflict = () =>
  new MongoError(
    112,
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    ['TransientTransactionError'],
  );
export const invalidOptions = (msg: string) => new MongoError(72, 'InvalidOptions', msg);
export const operationNotSupportedInTransaction = (msg: string) =>
  new MongoError(263, 'OperationNotSupportedInTransaction', msg);

/** E11000 with keyPattern/keyValue shaped exactly as mongod reports it (mongoose parses errmsg and keyValue). */
export function duplicateKey(
  ns: string,
  indexName: string,
  keyPattern: Record<string, unknown>,
  keyValue: Record<string, unknown>,
  dupKeyText: string,
) {
  return new MongoError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${dupKeyText}`,
    [],
    { keyPattern, keyValue },
  );
}
