import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * GraphQL errors go to Apollo as they are: `formatErrorFor` gives each its code and logs only the
 * unexpected ones. (Nest's default handler would log every refused mutation as an error.)
 */
@Catch()
export class QuietGraphqlErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
