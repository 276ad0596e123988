import { Matches } from 'class-validator';

export class EventPosterQueryDto {
  /** The sharer's invite code (their personal link), carried by the poster's code. */
  @Matches(/^[0-9A-Za-z]{1,32}$/, { message: '邀请码无效' })
  code!: string;
}
