// The anchor of the webhook scenario: a NestJS app of the same server shape as the API
// (Nest 12 on Express 5, the same urlencoded/json body parsers and limits, helmet, pino-http
// request logging at the same level) with one route that does nothing: POST /bare → 204.
// Plain ESM run by node; decorators are applied by hand. It imports nothing from apps/.
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { Logger, LoggerModule } from 'nestjs-pino';

class BareController {
  bare(_body) {
    // Nothing: the floor of what a Nest route with this body parser costs.
  }
}
Controller()(BareController);
Body()(BareController.prototype, 'bare', 0);
Reflect.decorate(
  [Post('bare'), HttpCode(204)],
  BareController.prototype,
  'bare',
  Object.getOwnPropertyDescriptor(BareController.prototype, 'bare'),
);

class BareModule {}
Module({
  imports: [
    LoggerModule.forRoot({
      // As the API logs requests: same level, redactions and request serializer.
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? 'info',
        redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]'],
        serializers: {
          req: (req) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
          res: (res) => ({ statusCode: res.statusCode }),
        },
      },
    }),
  ],
  controllers: [BareController],
})(BareModule);

const app = await NestFactory.create(BareModule, { bodyParser: false, bufferLogs: true });
app.useLogger(app.get(Logger));
app.disable('x-powered-by');
app.useBodyParser('json', { limit: '1mb' });
app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
app.use(helmet());
app.enableShutdownHooks();
const port = Number(process.env.PORT ?? 3400);
await app.listen(port, '127.0.0.1');
process.stdout.write(`bare nest listening on http://127.0.0.1:${port}\n`);
