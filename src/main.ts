import { ContentError } from './content/load.js';
import { startServer } from './server.js';

try {
  const running = await startServer();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: finishing messages in progress, then stopping`);
      running.stop().then(
        () => process.exit(0),
        (error) => {
          console.error('stop failed', error);
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  console.error(error instanceof ContentError ? error.message : `start-up failed: ${(error as Error).message}`);
  process.exit(1);
}
