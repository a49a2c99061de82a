import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Below this a JSON answer is sent as it is: compressing costs more than the bytes it saves. */
export const COMPRESS_ABOVE_BYTES = 2048;

/**
 * The one registration of @fastify/compress (before Nest maps its routes: the plugin hooks each
 * route as it is added). JSON answers of at least COMPRESS_ABOVE_BYTES go out as br or gzip when
 * the client asks, with their ETag unchanged; request bodies are never inflated. Calendar feeds
 * are not matched here: the feed cache keeps its own compressed copy beside the body.
 */
export async function registerCompression(app: NestFastifyApplication): Promise<void> {
  await app.register(compress as never, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESS_ABOVE_BYTES,
    encodings: ['br', 'gzip'],
    customTypes: /^application\/(?:[a-z.+-]+\+)?json(?:;|$)/,
  });
}
