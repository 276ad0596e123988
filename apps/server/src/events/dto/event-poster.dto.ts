import { IsOptional, Matches } from 'class-validator';

export class EventPosterQueryDto {
  /** The sharer's invite code (their personal link), carried by the poster's code. */
  @Matches(/^[0-9A-Za-z]{1,32}$/, { message: '邀请码无效' })
  code!: string;

  /** The brand mini-program the poster's code opens (its appid); omitted: the default app. */
  @IsOptional()
  @Matches(/^[0-9A-Za-z_-]{1,64}$/, { message: 'appid 无效' })
  appid?: string;
}
