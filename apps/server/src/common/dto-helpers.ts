/** `@Transform(trim)`: surrounding whitespace is never part of a name or text field. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** http(s) or a path on this server (`/uploads/…`); never `javascript:` and friends. */
export const URL_OR_PATH = /^(https?:\/\/|\/)\S+$/;
