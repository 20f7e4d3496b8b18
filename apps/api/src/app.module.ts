import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';

import { HealthModule } from '../../../libs/platform/src/index.js';
import { InvalidArgumentFilter } from './common/invalid-argument.filter.js';
import { DatabaseModule } from './database/database.module.js';
import { PrismaService } from './database/prisma.service.js';
import { hideInternalErrorMessage } from './graphql/format-error.js';
import { queryLimitRules, queryLimitsFromEnvironment } from './graphql/limits/query-limits.js';
import { PrincipalResolver } from './graphql/principal.resolver.js';
import { DateTimeScalar } from './graphql/scalars/date-time.scalar.js';
import { loggerParams } from './logging.js';
import { PrincipalsModule } from './principals/principals.module.js';
import { PrincipalsController } from './rest/principals.controller.js';

@Module({
  imports: [
    LoggerModule.forRootAsync({ useFactory: loggerParams }),
    // A factory, so GRAPHQL_MAX_COST is read when the app is created rather than imported.
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      useFactory: () => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        introspection: true,
        graphiql: false,
        includeStacktraceInErrorResponses: false,
        formatError: hideInternalErrorMessage,
        validationRules: queryLimitRules(queryLimitsFromEnvironment()),
        // Without this, exception filters skip @ResolveField methods such as Principal.versions.
        fieldResolverEnhancers: ['filters'],
        buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
      }),
    }),
    PrincipalsModule,
    // The API reads only PostgreSQL, so readiness leaves Kafka out and the API serves while
    // Kafka is down.
    HealthModule.forChecks({
      imports: [DatabaseModule],
      postgres: { inject: [PrismaService], useFactory: (prisma: PrismaService) => prisma.client },
    }),
  ],
  controllers: [PrincipalsController],
  providers: [PrincipalResolver, { provide: APP_FILTER, useClass: InvalidArgumentFilter }],
})
export class AppModule {}
