import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import { Settings } from '../config/settings';
import { PollParticipation } from './polls.schema';

/**
 * "Member X has answered poll P", kept apart from the answers. The key is
 * HMAC(server secret, "poll-participation:P:X"): one-way, so a database reader cannot list
 * who answered without the secret, and the row holds nothing about the answers.
 * The secret is JWT_SECRET under its own prefix; rotating it lets members answer still-open
 * polls once more (documented in the README).
 */
@Injectable()
export class PollParticipationService {
  constructor(
    @InjectModel(PollParticipation.name) private readonly participations: Model<PollParticipation>,
    private readonly settings: Settings,
  ) {}

  marker(pollId: string, userId: string): string {
    return createHmac('sha256', this.settings.jwtSecret)
      .update(`poll-participation:${pollId}:${userId}`)
      .digest('base64url');
  }

  /** Inserts the row; the unique (pollId, marker) index throws 11000 for a second answer. */
  async record(pollId: Types.ObjectId, userId: string, session: ClientSession): Promise<void> {
    await this.participations.create([{ pollId, marker: this.marker(pollId.toHexString(), userId) }], { session });
  }

  /** Which of these users have answered the poll (markers computed per user, looked up in chunks). */
  async answeredBy(pollId: Types.ObjectId, userIds: string[]): Promise<Set<string>> {
    const byMarker = new Map(userIds.map((u) => [this.marker(pollId.toHexString(), u), u]));
    const markers = [...byMarker.keys()];
    const found = new Set<string>();
    for (let i = 0; i < markers.length; i += 200) {
      const rows = await this.participations
        .find({ pollId, marker: trusted({ $in: markers.slice(i, i + 200) }) }, { marker: 1 })
        .lean<{ marker: string }[]>();
      for (const r of rows) found.add(byMarker.get(r.marker)!);
    }
    return found;
  }

  /** Which of these polls the user has answered. */
  async answered(pollIds: Types.ObjectId[], userId: string): Promise<Set<string>> {
    if (pollIds.length === 0) return new Set();
    const markers = pollIds.map((id) => this.marker(id.toHexString(), userId));
    const rows = await this.participations
      .find({ pollId: trusted({ $in: pollIds }), marker: trusted({ $in: markers }) }, { pollId: 1, marker: 1 })
      .lean<{ pollId: Types.ObjectId; marker: string }[]>();
    const wanted = new Set(pollIds.map((id, i) => `${id.toHexString()}:${markers[i]}`));
    return new Set(
      rows.filter((r) => wanted.has(`${r.pollId.toHexString()}:${r.marker}`)).map((r) => r.pollId.toHexString()),
    );
  }
}
