import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UserView } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UsersService } from './users.service';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  getMe(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.users.getMe(actor);
  }

  @Patch()
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateProfileDto): Promise<UserView> {
    return this.users.updateMe(actor, dto);
  }
}
