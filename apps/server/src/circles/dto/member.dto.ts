import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AssignableCircleRoles,
  CircleLimits,
  CircleRoles,
  InviteLimits,
  MembershipStatuses,
  TagModes,
  type TagMode,
  type AssignableCircleRole,
  type CircleRole,
  type MemberListQuery,
  type MembershipStatus,
  type UpdateMemberRoleRequest,
} from '@quanzi/contract';
import { Transform } from 'class-transformer';
import { IsIn, IsMongoId, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { trim } from '../../common/dto-helpers';

export class MemberListQueryDto extends PageQueryDto implements MemberListQuery {
  @ApiPropertyOptional({ description: 'engagement segment, e.g. 核心成员 (ordered by score)' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  segment?: string;

  @ApiPropertyOptional({
    enum: ['joined', 'score'],
    description: 'joined (default): newest first; score: highest first',
  })
  @IsOptional()
  @IsIn(['joined', 'score'])
  sort?: 'joined' | 'score';

  @ApiPropertyOptional({ description: 'part of a nickname', maxLength: CircleLimits.memberSearchMax })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, CircleLimits.memberSearchMax)
  q?: string;

  @ApiPropertyOptional({ enum: CircleRoles })
  @IsOptional()
  @IsIn(CircleRoles)
  role?: CircleRole;

  @ApiPropertyOptional({ enum: MembershipStatuses, description: 'default: active' })
  @IsOptional()
  @IsIn(MembershipStatuses)
  status?: MembershipStatus;

  @ApiPropertyOptional({ description: 'comma-separated tag ids, combined per tagMode' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{24}(,[0-9a-f]{24}){0,19}$/, { message: 'tagIds 应为最多 20 个以逗号分隔的 ID' })
  tagIds?: string;

  @ApiPropertyOptional({ enum: TagModes, description: 'all (default): every tag; any: at least one' })
  @IsOptional()
  @IsIn(TagModes)
  tagMode?: TagMode;

  @ApiPropertyOptional({ description: 'joined through an invite of this channel', maxLength: InviteLimits.channelMax })
  @IsOptional()
  @IsString()
  @Length(1, InviteLimits.channelMax)
  channel?: string;

  @ApiPropertyOptional({ description: "joined through this user's invite" })
  @IsOptional()
  @IsMongoId()
  inviterId?: string;
}

export class UpdateMemberRoleDto implements UpdateMemberRoleRequest {
  @ApiProperty({ enum: AssignableCircleRoles })
  @IsIn(AssignableCircleRoles)
  role!: AssignableCircleRole;
}
