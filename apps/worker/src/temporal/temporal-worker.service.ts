import { APP_CONFIG, AppConfig } from '@avrr/config';
import {
  CaseKeyring,
  payloadCodecFrom,
  tracingWorkerOptions,
  workflowBundlerOptions,
  WORKFLOWS_PATH,
} from '@avrr/temporal';
import type { CaseActivities } from '@avrr/workflows/contracts';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { CaseActivitiesService } from '../activities/case-activities.service';

@Injectable()
export class TemporalWorkerService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly acts: CaseActivitiesService,
    private readonly keyring: CaseKeyring,
  ) {}

  /** Build everything first; fail fast if Temporal is down. */
  async onModuleInit() {
    const { temporal } = this.config;
    this.connection = await NativeConnection.connect({ address: temporal.address });
    const activities: CaseActivities = {
      projectCase: (input) => this.acts.projectCase(input),
      openSplitCase: (input) => this.acts.openSplitCase(input),
    };
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...(temporal.workflowBundle
        ? { workflowBundle: { codePath: path.resolve(temporal.workflowBundle) } }
        : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: workflowBundlerOptions }),
      dataConverter: { payloadCodecs: [payloadCodecFrom(this.config, this.keyring)] },
      activities,
      // Traces (off without an OTLP endpoint): activity spans, the bundled workflow interceptors and their span sink.
      ...tracingWorkerOptions(),
    });
    this.logger.log(
      `Temporal worker ready on task queue ${temporal.taskQueue} (${temporal.address}, namespace ${temporal.namespace})`,
    );
  }

  /** Poll only once every provider is ready. */
  onApplicationBootstrap() {
    this.running = this.worker!.run().catch((err) => {
      this.logger.error(`Temporal worker stopped: ${err}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM'); // leave through Nest's shutdown hooks
    });
  }

  async beforeApplicationShutdown() {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
  }

  async onApplicationShutdown() {
    await this.connection?.close();
  }
}
