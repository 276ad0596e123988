import { Timestamp } from 'bson';
import { badValue } from '../../errors';
import { cloneValue, isPlainObject } from '../../bson-values';
import { getPath, setPath, unsetPath } from '../paths';
import { operator, OperatorTable } from './types';

/** $set $setOnInsert $unset $rename $currentDate */

const set = operator<unknown>({
  parse: (arg) => arg,
  apply: (doc, path, arg) => setPath(doc, path, cloneValue(arg)),
});

const isDynamic = (path: string) => path.split('.').some((p) => p.startsWith('$'));

export const fieldOperators: OperatorTable = {
  $set: set,
  $setOnInsert: { ...set, insertOnly: true },
  $unset: operator<unknown>({
    parse: (arg) => arg,
    apply: (doc, path) => unsetPath(doc, path),
  }),
  $rename: operator<string>({
    noPositional: true,
    parse: (arg, path) => {
      const text = `${path}: ${JSON.stringify(arg)}`;
      if (typeof arg !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${text}`);
      if (isDynamic(path)) throw badValue(`The source field for $rename may not be dynamic: ${path}`);
      if (isDynamic(arg)) throw badValue(`The destination field for $rename may not be dynamic: ${arg}`);
      if (arg === path) throw badValue(`The source and target field for $rename must differ: ${text}`);
      if (arg.startsWith(path + '.') || path.startsWith(arg + '.')) {
        throw badValue(`The source and target field for $rename must not be on the same path: ${text}`);
      }
      return arg;
    },
    apply: (doc, path, to) => {
      const current = getPath(doc, path);
      if (current === undefined) return;
      unsetPath(doc, path);
      setPath(doc, to, current);
    },
    alsoWrites: (to) => to,
  }),
  $currentDate: operator<'date' | 'timestamp'>({
    parse: (arg, path) => {
      if (typeof arg === 'boolean') return 'date';
      if (isPlainObject(arg) && Object.keys(arg).length === 1 && '$type' in arg) {
        if (arg.$type === 'date' || arg.$type === 'timestamp') return arg.$type;
        throw badValue(
          "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
        );
      }
      throw badValue(
        `${path} is not valid type for $currentDate. ` +
          "Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).",
      );
    },
    apply: (doc, path, type, ctx) => {
      const value =
        type === 'timestamp' ? new Timestamp({ t: Math.floor(ctx.now.getTime() / 1000), i: 1 }) : new Date(ctx.now);
      setPath(doc, path, value);
    },
  }),
};
