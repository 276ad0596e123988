import { ApiProperty } from '@nestjs/swagger';
import type { ExportLinkRequest } from '@quanzi/contract';
import { IsString, Length } from 'class-validator';

export class ExportLinkDto implements ExportLinkRequest {
  @ApiProperty({ description: 'An export path, e.g. /api/events/:id/registrations.csv' })
  @IsString()
  @Length(1, 200)
  path!: string;
}
