import { ApiProperty } from '@nestjs/swagger';
import { SubscribeTemplateKeys, type SubscribeTemplateKey, type SubscriptionsRequest } from '@quanzi/contract';
import { ArrayMaxSize, IsArray, IsIn } from 'class-validator';

export class SubscriptionsDto implements SubscriptionsRequest {
  @ApiProperty({ enum: SubscribeTemplateKeys, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(SubscribeTemplateKeys, { each: true, message: '未知的订阅消息模板' })
  accepted!: SubscribeTemplateKey[];
}
