import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Module,
  ServiceUnavailableException,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';

/** One dependency that readiness checks, such as Kafka or PostgreSQL. */
export interface ReadinessProbe {
  name: string;
  /** Resolves when the dependency answers, rejects with the reason otherwise. */
  check(): Promise<void>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');

const PROBE_TIMEOUT_MS = 5_000;

@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[]) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; checks: Record<string, 'up'> }> {
    const results = await Promise.all(this.probes.map((probe) => runProbe(probe)));
    const checks = Object.fromEntries(results.map(({ name, error }) => [name, error ?? 'up']));

    if (results.some((result) => result.error !== undefined)) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }

    return { status: 'ok', checks: checks as Record<string, 'up'> };
  }
}

async function runProbe(probe: ReadinessProbe): Promise<{ name: string; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });

  try {
    await Promise.race([probe.check(), timeout]);
    return { name: probe.name };
  } catch (error) {
    return { name: probe.name, error: `down: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Serves `GET /health/live` and `GET /health/ready`. Readiness runs every probe from the given
 * providers and answers 503 naming each dependency that is down.
 */
@Module({})
export class HealthModule {
  static forProbes(options: {
    imports?: ModuleMetadata['imports'];
    providers: Provider[];
    tokens: InjectionToken[];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        ...options.providers,
        {
          provide: READINESS_PROBES,
          useFactory: (...probes: ReadinessProbe[]) => probes,
          inject: options.tokens,
        },
      ],
    };
  }
}
