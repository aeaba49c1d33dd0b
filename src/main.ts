import { ContentError } from './content/load.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

const logger = createLogger();
try {
  const running = await startServer({}, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info(`${signal}: finishing messages in progress, then stopping`);
      running.stop().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  // Content errors go to stderr as plain lines, so a person fixing a YAML file reads them easily.
  console.error(error instanceof ContentError ? error.message : `start-up failed: ${(error as Error).message}`);
  process.exit(1);
}
