import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EventLimits,
  EventModes,
  EventStatuses,
  FormFieldTypes,
  type CreateEventRequest,
  type EventFormField,
  type EventListQuery,
  type EventMode,
  type EventStatus,
  type FormFieldType,
  type GeoPoint,
  type TicketTypeInput,
  type UpdateEventRequest,
} from '@quanzi/contract';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsMongoId,
  IsNotIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { trim, URL_OR_PATH } from '../../common/dto-helpers';
import { PageQueryDto } from '../../common/pagination';

const HTTP_URL = /^https?:\/\/\S+$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Keys every object inherits (`constructor`, `toString`…): as answer keys they would read the prototype. */
const RESERVED_FIELD_KEYS = Object.getOwnPropertyNames(Object.prototype);

export class FormFieldDto implements EventFormField {
  @ApiProperty()
  @IsString()
  @Length(1, EventLimits.fieldKeyMax)
  @Matches(FIELD_KEY, { message: 'key 只能包含字母、数字和 _' })
  @IsNotIn(RESERVED_FIELD_KEYS, { message: 'key 不能使用保留名称（如 constructor、toString）' })
  key!: string;

  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.fieldLabelMax)
  label!: string;

  @ApiProperty({ enum: FormFieldTypes })
  @IsIn(FormFieldTypes)
  type!: FormFieldType;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EventLimits.optionsMax)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, EventLimits.optionMax, { each: true })
  options?: string[];

  @ApiProperty()
  @IsBoolean()
  required!: boolean;
}

export class GeoDto implements GeoPoint {
  @ApiProperty() @IsNumber() @Min(-90) @Max(90) lat!: number;
  @ApiProperty() @IsNumber() @Min(-180) @Max(180) lng!: number;
}

export class TicketTypeDto implements TicketTypeInput {
  @ApiPropertyOptional()
  @IsOptional()
  @IsMongoId()
  id?: string;

  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.ticketNameMax)
  name!: string;

  @ApiProperty({ description: '0 = free' })
  @IsInt()
  @Min(0)
  @Max(EventLimits.priceFenMax)
  priceFen!: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(EventLimits.quotaMax)
  quota!: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(EventLimits.perUserLimitMax)
  perUserLimit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  saleStartAt?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  saleEndAt?: string | null;
}

/** Shared by create and edit; cross-field rules (times, mode, options) are checked by the service. */
class EventFieldsDto {
  @ApiProperty()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.titleMax)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(EventLimits.descriptionMax)
  description?: string;

  @ApiProperty({ enum: EventModes })
  @IsIn(EventModes)
  mode!: EventMode;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Transform(trim)
  @Length(1, EventLimits.locationMax)
  location?: string;

  @ApiPropertyOptional({ type: GeoDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoDto)
  geo?: GeoDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(EventLimits.urlMax)
  @Matches(HTTP_URL, { message: 'onlineUrl 应为 http(s) 网址' })
  onlineUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(EventLimits.urlMax)
  @Matches(URL_OR_PATH, { message: 'coverUrl 应为 http(s) 网址或服务器上的路径' })
  coverUrl?: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  startAt!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  endAt!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  signupDeadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  refundDeadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  requireApproval?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  waitlist?: boolean;

  @ApiPropertyOptional({ type: [FormFieldDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EventLimits.formFieldsMax)
  @ValidateNested({ each: true })
  @Type(() => FormFieldDto)
  formFields?: FormFieldDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EventLimits.tagIdsMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  tagIds?: string[];

  @ApiProperty({ type: [TicketTypeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EventLimits.ticketTypesMax)
  @ValidateNested({ each: true })
  @Type(() => TicketTypeDto)
  ticketTypes!: TicketTypeDto[];
}

export class CreateEventDto extends EventFieldsDto implements CreateEventRequest {
  @ApiPropertyOptional({ enum: ['draft', 'published'], default: 'draft' })
  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

/** Every field optional; ticket types listed with an id are changed, without one are added. */
export class UpdateEventDto implements UpdateEventRequest {
  @IsOptional() @IsBoolean() chatEnabled?: boolean;
  @IsOptional() @IsString() @Transform(trim) @Length(1, EventLimits.titleMax) title?: string;
  @IsOptional() @IsString() @MaxLength(EventLimits.descriptionMax) description?: string;
  @IsOptional() @IsIn(EventModes) mode?: EventMode;
  @IsOptional() @IsString() @Transform(trim) @Length(1, EventLimits.locationMax) location?: string;
  @IsOptional() @ValidateNested() @Type(() => GeoDto) geo?: GeoDto;
  @IsOptional()
  @IsString()
  @MaxLength(EventLimits.urlMax)
  @Matches(HTTP_URL, { message: 'onlineUrl 应为 http(s) 网址' })
  onlineUrl?: string;
  @IsOptional()
  @IsString()
  @MaxLength(EventLimits.urlMax)
  @Matches(URL_OR_PATH, { message: 'coverUrl 应为 http(s) 网址或服务器上的路径' })
  coverUrl?: string;
  @IsOptional() @IsISO8601({ strict: true }) startAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) endAt?: string;
  @IsOptional() @IsISO8601({ strict: true }) signupDeadline?: string;
  @IsOptional() @IsISO8601({ strict: true }) refundDeadline?: string;
  @IsOptional() @IsBoolean() requireApproval?: boolean;
  @IsOptional() @IsBoolean() waitlist?: boolean;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EventLimits.formFieldsMax)
  @ValidateNested({ each: true })
  @Type(() => FormFieldDto)
  formFields?: FormFieldDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EventLimits.tagIdsMax)
  @ArrayUnique()
  @IsMongoId({ each: true })
  tagIds?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EventLimits.ticketTypesMax)
  @ValidateNested({ each: true })
  @Type(() => TicketTypeDto)
  ticketTypes?: TicketTypeDto[];
  @ApiPropertyOptional({ enum: ['published', 'ended'] }) @IsOptional() @IsIn(['published', 'ended']) status?:
    'published' | 'ended';
}

export class EventListQueryDto extends PageQueryDto implements EventListQuery {
  @ApiPropertyOptional({ enum: EventStatuses })
  @IsOptional()
  @IsIn(EventStatuses)
  status?: EventStatus;
}
