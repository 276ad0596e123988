import { ErrorCode } from '@quanzi/contract';
import { Types } from 'mongoose';
import { DomainError } from './domain-error';
import { ObjectIdPipe, parseObjectId } from './object-id';

describe('ids at the edge', () => {
  const pipe = new ObjectIdPipe('活动');

  it('turns a 24-hex route id into an ObjectId', () => {
    const id = new Types.ObjectId().toHexString();
    const parsed = pipe.transform(id.toUpperCase());
    expect(parsed).toBeInstanceOf(Types.ObjectId);
    expect(parsed.toHexString()).toBe(id);
  });

  it('answers a malformed id with the same 404 an unknown one gets, 12-character strings included', () => {
    for (const bad of ['abc', 'twelve-chars', `${'a'.repeat(24)} `, '', undefined]) {
      let thrown: unknown;
      try {
        pipe.transform(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: ErrorCode.NOT_FOUND, message: '活动不存在' });
    }
    expect(parseObjectId('twelve-chars')).toBeNull();
  });
});
