import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6, type AddressInfo } from 'node:net';

import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import type { SdkCsmLine } from '../../../../../libs/sources/src/index.js';
import type { IngestResult } from '../../events/ingest.service.js';
import { DatagramReport } from './datagram-report.js';
import type { SdkCsmUdpConfig, UdpAddress } from './sdk-csm-config.js';
import { SdkCsmService } from './sdk-csm.service.js';

export const SDK_CSM_UDP_CONFIG = Symbol('SDK_CSM_UDP_CONFIG');

/** How long the first buffered record waits for others before its batch is ingested. */
const FLUSH_DELAY_MS = 200;
/** Records that start a batch at once, without waiting for FLUSH_DELAY_MS. */
const FLUSH_RECORDS = 500;
/** Maximum records buffered or waiting for ingest. Records beyond it are dropped and counted. */
const MAX_PENDING_RECORDS = 20_000;
/**
 * Requested kernel receive buffer of the socket, in bytes. Linux caps the request at
 * `net.core.rmem_max` (212,992 bytes by kernel default) and reports double the size it
 * granted, for its bookkeeping. The kernel drops datagrams that arrive while the buffer is
 * full, and ingest never receives or counts them.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Minimum time between two log lines about rejected, unmapped or lost records. */
const REPORT_INTERVAL_MS = 10_000;

/**
 * Receives AWS SDK client-side monitoring datagrams and ingests them in batches. No client
 * waits for a response, so rejected records go only to the dead-letter topic and to a
 * rate-limited log summary.
 */
@Injectable()
export class SdkCsmUdpListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SdkCsmUdpListener.name);
  private readonly report = new DatagramReport(REPORT_INTERVAL_MS);
  private socket: Socket | undefined;
  private buffer: Array<Omit<SdkCsmLine, 'line'>> = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** Batches are ingested one after another, in the order they were received. */
  private ingesting: Promise<void> = Promise.resolve();
  private waitingRecords = 0;

  constructor(
    private readonly sdkCsm: SdkCsmService,
    @Inject(SDK_CSM_UDP_CONFIG) private readonly config: SdkCsmUdpConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address } = this.config;
    if (address === undefined) {
      this.logger.log('SDK CSM UDP listener is off because SDK_CSM_UDP=off');
      return;
    }

    const socket = createSocket(isIPv6(address.host) ? 'udp6' : 'udp4');
    socket.on('message', (message, remote) => this.receive(message, remote));
    try {
      await bind(socket, address);
    } catch (error) {
      // The HTTP endpoints keep working, and only the datagram path is missing.
      this.logger.error(
        { err: error, address: `${address.host}:${address.port}` },
        'SDK CSM UDP listener could not bind; set SDK_CSM_UDP to a free HOST:PORT or to off',
      );
      socket.close();
      return;
    }

    socket.on('error', (error) => this.logger.error({ err: error }, 'SDK CSM UDP socket failed'));
    this.socket = socket;
    this.logger.log(
      { address: socket.address(), receiveBufferBytes: this.enlargeReceiveBuffer(socket) },
      'Listening for SDK CSM datagrams',
    );
  }

  /**
   * Requests RECEIVE_BUFFER_BYTES for the bound socket and returns the size the kernel reports,
   * or undefined when it cannot be read. The listener keeps working with the default size.
   */
  private enlargeReceiveBuffer(socket: Socket): number | undefined {
    try {
      socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
    } catch (error) {
      this.logger.warn(
        { err: error, requestedBytes: RECEIVE_BUFFER_BYTES },
        'Could not enlarge the SDK CSM UDP receive buffer; bursts may lose more datagrams',
      );
    }

    try {
      return socket.getRecvBufferSize();
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not read the SDK CSM UDP receive buffer size');
      return undefined;
    }
  }

  /** Returns the bound address, or undefined when the listener is off or could not bind. */
  boundAddress(): AddressInfo | undefined {
    return this.socket?.address();
  }

  /** Closes the socket, then ingests what was received before and logs the last report. */
  async onModuleDestroy(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      this.logger.log('Stopped listening for SDK CSM datagrams');
    }

    await this.flush();
    this.report.logIfDue(this.logger, Date.now(), true);
  }

  /** Starts ingesting the buffered records and resolves when every batch so far is done. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;

    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.ingesting = this.ingesting.then(() => this.ingest(batch));
    }

    return this.ingesting;
  }

  private receive(message: Buffer, remote: RemoteInfo): void {
    const origin = `${remote.address}:${remote.port}`;

    for (const text of message.toString('utf8').split(/\r?\n/)) {
      if (text.trim() === '') {
        continue;
      }
      if (this.waitingRecords >= MAX_PENDING_RECORDS) {
        this.report.drop(1);
        continue;
      }

      this.buffer.push({ text, origin });
      this.waitingRecords++;
    }

    if (this.buffer.length >= FLUSH_RECORDS) {
      void this.flush();
    } else if (this.buffer.length > 0) {
      this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    }
  }

  private async ingest(batch: Array<Omit<SdkCsmLine, 'line'>>): Promise<void> {
    const lines = batch.map((entry, index) => ({ line: index + 1, ...entry }));

    try {
      this.report.add(lines.length, await this.sdkCsm.ingestDatagrams(lines));
    } catch (error) {
      // IngestService raises 400 for a batch without a valid record, after dead-lettering it.
      if (error instanceof BadRequestException) {
        this.report.add(lines.length, error.getResponse() as Partial<IngestResult>);
      } else {
        // NOTE: records of a batch that Kafka did not acknowledge are lost, because UDP
        // senders never resend. The report counts them as failed.
        this.report.fail(lines.length, error);
      }
    } finally {
      this.waitingRecords -= lines.length;
    }

    this.report.logIfDue(this.logger);
  }
}

function bind(socket: Socket, { host, port }: UdpAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: host, port }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
