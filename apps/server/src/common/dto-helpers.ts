/** `@Transform(trim)`: surrounding whitespace is never part of a name or text field. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** http(s) or a path on this server (`/uploads/…`); never `javascript:` and friends. */
export const URL_OR_PATH = /^(https?:\/\/|\/)\S+$/;

/** Printable text only: control characters would break lists, CSV exports and notifications. */
export const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;
