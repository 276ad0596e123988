import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { ExportLinkView } from '@quanzi/contract';
import type { Actor } from './actor';
import { CurrentActor } from './auth.decorators';
import { ExportLinkDto } from './dto/export-link.dto';
import { ExportLinksService } from './export-links.service';

@Controller('exports')
export class ExportLinksController {
  constructor(private readonly links: ExportLinksService) {}

  /** Any signed-in user may ask; the export checks their role when the link is opened. */
  @Post('link')
  @HttpCode(200)
  link(@CurrentActor() actor: Actor, @Body() dto: ExportLinkDto): ExportLinkView {
    return this.links.create(actor.userId, dto.path);
  }
}
