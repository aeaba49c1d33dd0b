import { ContentError } from './content/load.js';
import { loadEnvFile } from './env-file.js';
import { createLogger } from './lib/log.js';
import { startServer } from './server.js';

const envFile = loadEnvFile();
const logger = createLogger();
if (envFile) logger.info('settings read from .env (the environment wins where both set one)');

const started = startServer({}, logger);
let stopping = false;
// `npm start` forwards SIGTERM and SIGINT to this process, so a signal sent to the whole process
// group (Ctrl-C, systemd, docker) arrives twice: the first one stops, the later ones are only noted.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return logger.info(`${signal}: already stopping`);
    stopping = true;
    logger.info(`${signal}: finishing messages in progress, then stopping`);
    started
      .then((running) => running.stop())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
  });
}

try {
  await started;
} catch (error) {
  // Content errors go to stderr as plain lines, so a person fixing a YAML file reads them easily.
  console.error(error instanceof ContentError ? error.message : `start-up failed: ${(error as Error).message}`);
  process.exit(1);
}
