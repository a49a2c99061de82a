import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { installLeanAsyncBind } from './common/lean-async-bind';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  installLeanAsyncBind();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp({ config });
  await app.listen({ port: config.port, host: config.host });
  new Logger('Main').log(`IMR ward rota listening on ${config.host}:${config.port} (${config.database.type})`);
}

main().catch((error) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
