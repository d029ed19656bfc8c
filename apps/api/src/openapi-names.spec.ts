import { Body, Controller, Get, INestApplication, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { collectDuplicateWarnings, schemaNameCollisions } from './openapi-names';

// Two unrelated modules each with a class named SummaryDto, as events and summaries had (EventSummaryDto).
class Figures {
  @ApiProperty() attended: number;
}
class SummaryDto {
  @ApiProperty({ type: Figures }) figures: Figures;
}
function otherModule() {
  class SummaryDto {
    @ApiProperty() title: string;
  }
  return SummaryDto;
}
const OtherSummaryDto = otherModule();

class NestedOnlyDto {
  // A class met only as a property's type: swagger drops a namesake of it without a word.
  @ApiProperty({ type: () => OtherSummaryDto }) inner: unknown;
}

async function appWith(...controllers: (new () => unknown)[]): Promise<INestApplication> {
  const module = await Test.createTestingModule({ controllers }).compile();
  return module.createNestApplication({ logger: false }).init();
}

const buildDocument = (app: INestApplication) => () => SwaggerModule.createDocument(app, new DocumentBuilder().build());

describe('schema names', () => {
  it('finds two classes of one name among responses and bodies (typed or declared)', async () => {
    @Controller('a')
    class A {
      @Get() @ApiOkResponse({ type: OtherSummaryDto }) list() {}
      @Post() create(@Body() _body: SummaryDto) {}
    }
    @Controller('b')
    class B {
      @Get() @ApiOkResponse({ type: SummaryDto }) list() {}
      @Post() @ApiBody({ type: OtherSummaryDto }) create(@Body() _body: unknown) {}
    }
    for (const controller of [A, B]) {
      const app = await appWith(controller);
      expect(schemaNameCollisions(app, [])).toEqual(['SummaryDto']);
      await app.close();
    }
  });

  it('finds a namesake met only as the type of a property, which swagger drops silently', async () => {
    @Controller('c')
    class C {
      @Get() @ApiOkResponse({ type: SummaryDto }) one() {}
      @Get('x') @ApiOkResponse({ type: NestedOnlyDto }) two() {}
    }
    const app = await appWith(C);
    expect(collectDuplicateWarnings(buildDocument(app)).duplicates).toEqual([]); // swagger says nothing
    expect(schemaNameCollisions(app, [])).toEqual(['SummaryDto']);
    await app.close();
  });

  it('collects the warning swagger logs for two response types of one name, and nothing for unique names', async () => {
    @Controller('d')
    class D {
      @Get() @ApiOkResponse({ type: OtherSummaryDto }) one() {}
      @Get('x') @ApiOkResponse({ type: SummaryDto }) two() {}
    }
    const app = await appWith(D);
    expect(collectDuplicateWarnings(buildDocument(app)).duplicates).toEqual(['SummaryDto']);
    await app.close();

    @Controller('e')
    class E {
      @Get() @ApiOkResponse({ type: Figures }) one() {}
      @Get('x') @ApiOkResponse({ type: SummaryDto }) two() {}
    }
    const unique = await appWith(E);
    expect(schemaNameCollisions(unique, [])).toEqual([]);
    expect(collectDuplicateWarnings(buildDocument(unique)).duplicates).toEqual([]);
    await unique.close();
  });
});
