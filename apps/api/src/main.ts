import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app/app.module';
import { UsersService } from './app/users/users.service';
import { configureApp } from './configure-app';
import { AppConfig, ConfigValidationError } from './services/config/app-config';
import { preflight, PreflightError } from './services/config/preflight';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function bootstrap(): Promise<void> {
  const config = AppConfig.fromProcess();
  await preflight(config, say);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  const admin = await app.get(UsersService).ensureFirstAdmin();
  await app.listen(config.port, config.host);

  say('');
  say(`  Call recordings is running at ${config.publicBaseUrl}  (API docs: ${config.publicBaseUrl}/api/docs)`);
  if (admin.generatedPassword) {
    say(`  First admin created: ${admin.email} / ${admin.generatedPassword}`);
    say('  This password is shown only once; change it after signing in.');
  } else {
    say(`  Sign in as ${admin.email}${admin.created ? ' with ADMIN_PASSWORD' : ''}`);
  }
  if (config.jwtSecretGenerated) {
    say('  JWT_SECRET is not set: sessions end when the server restarts.');
  }
  say(`  Twilio: ${config.twilio.emulator ? `bundled emulator at ${config.twilio.apiBaseUrl}` : 'real account'}`);
  say('');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError || error instanceof PreflightError) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\nCould not start: ${(error instanceof Error ? error.stack : undefined) ?? String(error)}\n\n`);
  }
  process.exit(1);
});
