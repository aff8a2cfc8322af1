import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  HttpException,
  Inject,
  NotFoundException,
  Query,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { InvalidTokenError } from '../../../../libs/identity/src/tokens.js';
import { writeEventArchive } from '../../../../libs/inspection/src/event-archive/event-archive.js';
import { ledgerWorkbook } from '../../../../libs/inspection/src/ledger-workbook/ledger-workbook.js';
import { workbookFigures } from '../../../../libs/inspection/src/ledger-workbook/workbook-figures.js';
import { LiveGenerations } from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { ApiError } from '../graphql/api-error.js';
import { PolicyCatalog } from '../policy/policy-catalog.js';
import { EVENT_STORE, RUNTIME, SQL_CLIENT } from '../runtime.module.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { BranchNotEstablishedError } from '../../../../libs/inspection/src/work-manual/branch-year-record.js';
import { workManualContents, workManualDocument } from '../../../../libs/inspection/src/work-manual/work-manual.js';
import { inspectionAccess } from './inspection-access.js';

const ID = /^[\w.:-]{1,100}$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What university offices and inspectors take away, over HTTP with the bearer token: 401 without
 * a valid token, 403 outside the token's scope, 400 for bad parameters.
 */
@Controller('exports')
export class DownloadsController {
  private readonly live: LiveGenerations;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: PolicyCatalog,
  ) {
    this.live = new LiveGenerations(sql, store);
  }

  @Get('ledger.xlsx')
  async ledger(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const caller = await this.caller(request);
    const universityId = idParameter(query, 'universityId');
    const year = yearParameter(query);
    const asOf = instantParameter(query, 'asOf');
    refusedAs(() => inspectionAccess.assertReadsUniversity(caller, universityId));
    this.live.forget();
    const figures = await workbookFigures(this.sql, this.store, this.live, await this.catalog.versions(), { universityId, year, asOf, today: shanghaiToday() });
    const workbook = await ledgerWorkbook(figures);
    response
      .status(200)
      .set({ 'content-type': XLSX, 'content-disposition': `attachment; filename="ledger-${universityId}-${year}.xlsx"` })
      .send(workbook);
  }

  @Get('events.ndjson')
  async events(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const caller = await this.caller(request);
    const universityId = query.universityId === undefined ? null : idParameter(query, 'universityId');
    refusedAs(() => inspectionAccess.assertReadsEvents(caller, universityId));
    response.status(200).set({
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="events-${universityId ?? 'store'}.ndjson"`,
    });
    await writeEventArchive(this.sql, { universityId: universityId ?? undefined }, response);
    response.end();
  }

  @Get('work-manual.docx')
  async workManual(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const caller = await this.caller(request);
    const branchId = idParameter(query, 'branchId');
    const year = yearParameter(query);
    this.live.forget();
    const contents = await workManualContents(this.sql, this.store, this.live, { branchId, year }).catch((error: unknown) => {
      if (error instanceof BranchNotEstablishedError) return null;
      throw error;
    });
    const readable = contents !== null && inspectionAccess.mayReadBranch(caller, { ...contents.record, branchId });
    if (!readable) {
      // A scoped caller learns nothing of branches outside its scope, not even whether they exist.
      if (contents === null && inspectionAccess.mayDigestStore(caller)) throw new NotFoundException(`branch ${branchId} not found`);
      throw new ForbiddenException(`branch ${branchId} is outside this token's scope`);
    }
    const document = await workManualDocument(contents);
    response
      .status(200)
      .set({
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': `attachment; filename="work-manual-${branchId}-${year}.docx"`,
      })
      .send(document);
  }

  private async caller(request: Request): Promise<Caller> {
    try {
      return await inspectionAccess.callerOf(request, this.runtime.jwtSecret);
    } catch (error) {
      if (error instanceof InvalidTokenError || (error instanceof ApiError && error.code === 'UNAUTHENTICATED')) {
        throw new UnauthorizedException(error.message);
      }
      throw error;
    }
  }
}

/** A scope refusal as its HTTP answer. */
function refusedAs(check: () => void): void {
  try {
    check();
  } catch (error) {
    throw httpRefusal(error);
  }
}

export function httpRefusal(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const byCode: Record<string, (message: string) => HttpException> = {
    UNAUTHENTICATED: (message) => new UnauthorizedException(message),
    FORBIDDEN: (message) => new ForbiddenException(message),
    BAD_USER_INPUT: (message) => new BadRequestException(message),
    NOT_FOUND: (message) => new NotFoundException(message),
  };
  return byCode[error.code]?.(error.message) ?? error;
}

function idParameter(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (typeof value !== 'string' || !ID.test(value)) throw new BadRequestException(`${name} must be an id (letters, digits, . _ : -)`);
  return value;
}

function yearParameter(query: Record<string, unknown>): number {
  const value = query.year;
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(year >= 1921 && year <= 2100)) throw new BadRequestException('year must be between 1921 and 2100');
  return year;
}

function instantParameter(query: Record<string, unknown>, name: string): Date | null {
  const value = query[name];
  if (value === undefined) return null;
  const instant = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) throw new BadRequestException(`${name} must be an ISO-8601 instant with its offset`);
  return instant;
}
