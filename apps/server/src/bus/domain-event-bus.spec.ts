import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SystemClock } from '../common/clock';
import { DomainEventBus } from './domain-event-bus';

describe('DomainEventBus', () => {
  it('waits for every listener even when another one fails, and never throws to the publisher', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bus = new DomainEventBus(new EventEmitter2(), new SystemClock());
    const done: string[] = [];
    bus.subscribe('checkin.recorded', () => {
      throw new Error('door counts failed');
    });
    bus.subscribe('checkin.recorded', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done.push('tag rules');
    });
    const payload = { circleId: 'c', actorId: 'u', eventId: 'e' } as never;
    await expect(bus.publish('checkin.recorded', payload)).resolves.toBeUndefined();
    expect(done).toEqual(['tag rules']);
  });
});
