import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { createValidationPipe } from './validation.pipe';

class Scope {
  @IsOptional()
  @IsString()
  public dataListId?: string;
}

class Body {
  @IsInt()
  @Min(0)
  public retainDays!: number;

  @ValidateNested()
  @Type(() => Scope)
  public scope!: Scope;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: Body };

async function messageFor(value: unknown): Promise<string> {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
  return 'no error';
}

describe('validation messages', () => {
  it('names unknown fields with their full path', async () => {
    expect(await messageFor({ retainDays: 1, scope: { nope: 1 }, extra: true })).toBe(
      'property extra should not exist; property scope.nope should not exist',
    );
  });

  it('names the field in each constraint message', async () => {
    expect(await messageFor({ retainDays: -1, scope: { dataListId: 5 } })).toBe(
      'retainDays must not be less than 0; scope.dataListId must be a string',
    );
  });
});
