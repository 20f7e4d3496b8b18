import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';

import { InvalidArgumentError } from './api-errors.js';

/** Body of a 400 response: the shape of Nest's HttpException bodies, plus `parameter`. */
export interface BadRequestBody {
  statusCode: number;
  error: string;
  message: string;
  parameter: string;
}

/**
 * Turns InvalidArgumentError into HTTP 400 for REST and into a BAD_USER_INPUT error for
 * GraphQL, so bad input never surfaces as a 500.
 */
@Catch(InvalidArgumentError)
export class InvalidArgumentFilter implements ExceptionFilter<InvalidArgumentError> {
  catch(error: InvalidArgumentError, host: ArgumentsHost): GraphQLError | undefined {
    if (host.getType<GqlContextType>() === 'graphql') {
      return new GraphQLError(error.message, {
        extensions: { code: 'BAD_USER_INPUT', argument: error.argument },
      });
    }

    const body: BadRequestBody = {
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: error.message,
      parameter: error.argument,
    };
    host.switchToHttp().getResponse<Response>().status(HttpStatus.BAD_REQUEST).json(body);
    return undefined;
  }
}
