// Prints music-metadata's `format` for audio read from stdin; used by the integration tests.
import { parseBuffer } from 'music-metadata';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const metadata = await parseBuffer(Buffer.concat(chunks), { mimeType: process.argv[2] }, { duration: true });
const { container, codec, numberOfChannels, sampleRate, duration } = metadata.format;
process.stdout.write(JSON.stringify({ container, codec, numberOfChannels, sampleRate, duration }));
