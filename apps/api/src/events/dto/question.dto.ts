import { ApiProperty } from '@nestjs/swagger';
import { Question, QUESTION_TYPES, QuestionOption, QuestionType } from '@tongxin/events';

export class QuestionOptionDto {
  @ApiProperty({ example: 'first_time' }) key: string;
  @ApiProperty({ example: '首次参加' }) labelZh: string;
  @ApiProperty({ nullable: true, type: String, example: 'First time' }) labelEn: string | null;

  static from(o: QuestionOption): QuestionOptionDto {
    return { key: o.key, labelZh: o.labelZh, labelEn: o.labelEn };
  }
}

/** A registration question as an event asks it (definitions only: no answers, so anyone may see it). */
export class QuestionDto {
  @ApiProperty({ example: 'first_time' }) key: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type: QuestionType;
  @ApiProperty({ example: '是否首次参加公益大讲堂？' }) labelZh: string;
  @ApiProperty({ nullable: true, type: String }) labelEn: string | null;
  @ApiProperty({ nullable: true, type: String }) helpZh: string | null;
  @ApiProperty({ nullable: true, type: String }) helpEn: string | null;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: [QuestionOptionDto], description: 'choice, multi_choice, organization_field' })
  options: QuestionOptionDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'number: smallest value; multi_choice: fewest picks' })
  min: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'number: largest value; multi_choice: most picks' })
  max: number | null;
  @ApiProperty({ description: 'number: whole numbers only' }) integer: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'text, long_text: longest answer' })
  maxLength: number | null;
  @ApiProperty({ description: 'In a group: asked of each person (true) or once for the group (false)' })
  perPerson: boolean;
  @ApiProperty({ description: 'The attendee may change the answer until registration closes' }) editable: boolean;
  @ApiProperty({ description: 'The checkin role sees the answers at the door' }) visibleToCheckin: boolean;
  @ApiProperty({ description: 'consent: the version of the statement; it moves when its text changes' })
  version: number;

  static from(q: Question): QuestionDto {
    return {
      key: q.key,
      type: q.type,
      labelZh: q.labelZh,
      labelEn: q.labelEn,
      helpZh: q.helpZh,
      helpEn: q.helpEn,
      required: q.required,
      options: q.options.map(QuestionOptionDto.from),
      min: q.min,
      max: q.max,
      integer: q.integer,
      maxLength: q.maxLength,
      perPerson: q.perPerson,
      editable: q.editable,
      visibleToCheckin: q.visibleToCheckin,
      version: q.version,
    };
  }
}

/** A question taken off the form whose answers are kept (exports mark them) until an organizer deletes them. */
export class RemovedQuestionDto extends QuestionDto {
  @ApiProperty({ description: 'When it was taken off the form' }) removedAt: string;

  static override from(q: Question): RemovedQuestionDto {
    return { ...QuestionDto.from(q), removedAt: q.removedAt! };
  }
}

export class DeletedAnswersDto {
  @ApiProperty({ description: 'How many registrations had an answer to the question' }) deleted: number;
}
