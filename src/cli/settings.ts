import { readConfig, type Config } from '../config.js';
import { loadEnvFile } from '../env-file.js';

/** The server's settings as `npm start` would read them (environment, then .env). */
export function serverSettings(): Config {
  loadEnvFile();
  return readConfig(process.env);
}

/** Where this machine reaches the server: its own address unless it listens on one address only. */
export function localUrl(config: Config): string {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST)
    ? '127.0.0.1'
    : config.HOST.includes(':')
      ? `[${config.HOST}]`
      : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** Runs a command-line tool: a failure is one plain line on stderr and exit code 1. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`${error.message}`);
      process.exit(1);
    },
  );
}
