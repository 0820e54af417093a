import { INestApplicationContext, Logger } from '@nestjs/common';
import { CallOutcome } from '@callrec/contracts';
import { CallsService } from '../app/calls/calls.service';
import { AppConfig } from '../services/config/app-config';
import { PrismaService } from '../services/prisma/prisma.service';
import { DEMO_USERS } from './demo-data';

interface DemoCall {
  listIndex: number | null;
  agentIndex: number;
  seconds: number;
  outcome: CallOutcome | null;
  ending?: 'busy' | 'no-answer' | 'absent';
  daysAgo: number;
  hour: number;
}

const OUTCOMES: CallOutcome[] = ['SALE', 'CALLBACK', 'NOT_INTERESTED', 'VOICEMAIL', 'SALE', 'OTHER', 'WRONG_NUMBER', 'DO_NOT_CALL'];

/** 25 calls over the last four weeks: three lists and Manual Dial, several outcomes, 20 s to 7 min. */
function plan(): DemoCall[] {
  return Array.from({ length: 25 }, (_, i): DemoCall => {
    const ending = i === 6 || i === 17 ? 'busy' : i === 11 ? 'no-answer' : i === 21 ? 'absent' : undefined;
    return {
      listIndex: i % 4 === 3 ? null : i % 3,
      agentIndex: i % 3,
      seconds: ending ? 0 : 20 + ((i * 47) % 400),
      outcome: ending === 'busy' || ending === 'no-answer' ? 'NO_ANSWER' : i % 5 === 4 ? null : OUTCOMES[i % OUTCOMES.length],
      ending,
      daysAgo: Math.floor((i * 29) / 25) % 28,
      hour: 9 + ((i * 5) % 9),
    };
  });
}

/**
 * Places the demo calls through the real path (CallsService → twilio client → emulator →
 * signed webhooks → the running API's queues and downloader), so the admin shows recordings
 * that were truly captured. Afterwards the calls are spread over the past weeks, so date
 * filters and retention have something to work on. Only with the bundled emulator.
 */
export async function seedDemoCalls(app: INestApplicationContext, log: (line: string) => void): Promise<number> {
  const config = app.get(AppConfig);
  const prisma = app.get(PrismaService);
  if (!config.twilio.emulator) {
    log('Demo calls skipped: a real Twilio account is configured');
    return 0;
  }
  if ((await prisma.callRecord.count()) > 0) return 0;
  const emulator = `${config.twilio.apiBaseUrl}/_emulator`;
  const calls = app.get(CallsService);
  const agents = await prisma.user.findMany({
    where: { email: { in: DEMO_USERS.filter((u) => u.role === 'AGENT').map((u) => u.email) } },
    orderBy: { email: 'asc' },
  });
  const lists = await prisma.dataList.findMany({ orderBy: { name: 'asc' }, include: { contacts: { orderBy: { phone: 'asc' } } } });
  if (agents.length === 0 || lists.length === 0) throw new Error('Run the base seed first');

  const placed: { id: string; shiftMs: number }[] = [];
  for (const [i, call] of plan().entries()) {
    const agent = agents[call.agentIndex % agents.length];
    const list = call.listIndex === null ? null : lists[call.listIndex % lists.length];
    const contact = list?.contacts[i % list.contacts.length];
    const to = contact?.phone ?? `+1415555${(900 + i).toString().padStart(4, '0')}`;
    if (call.ending) {
      const faults = call.ending === 'absent' ? { recordingAbsent: true } : { outcome: call.ending };
      await control(`${emulator}/numbers/${encodeURIComponent(to)}`, 'PUT', faults);
    }
    const record = await calls.place(
      { to, agentId: agent.id, dataListId: list?.id, contactId: contact?.id },
      { id: agent.id, email: agent.email, name: agent.name, role: agent.role },
    );
    if (!call.ending || call.ending === 'absent') {
      await until(async () => (await prisma.callRecord.findUniqueOrThrow({ where: { id: record.id } })).status === 'in_progress');
      await control(`${emulator}/calls/${record.twilioCallSid}/hangup`, 'POST', { durationSeconds: call.ending ? 0 : call.seconds });
    }
    if (call.outcome) await prisma.callRecord.update({ where: { id: record.id }, data: { outcome: call.outcome } });
    const when = new Date();
    when.setUTCDate(when.getUTCDate() - call.daysAgo);
    when.setUTCHours(call.hour, (i * 13) % 60, 0, 0);
    placed.push({ id: record.id, shiftMs: Math.min(0, when.getTime() - Date.now()) });
  }

  await until(async () => (await prisma.recording.count({ where: { status: { in: ['PENDING', 'DOWNLOADING'] } } })) === 0, 120_000).catch(
    () => new Logger('DemoSeed').warn('Some demo recordings are still downloading'),
  );
  for (const { id, shiftMs } of placed) {
    // Move the whole call back in time together, so its facts stay consistent.
    await prisma.$executeRaw`UPDATE "CallRecord" SET "placedAt" = "placedAt" + ${shiftMs} * interval '1 millisecond',
      "answeredAt" = "answeredAt" + ${shiftMs} * interval '1 millisecond',
      "endedAt" = "endedAt" + ${shiftMs} * interval '1 millisecond' WHERE id = ${id}::uuid`;
  }
  await control(`${emulator}/config`, 'DELETE');
  return placed.length;
}

async function control(url: string, method: string, body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Emulator ${method} ${url} answered ${response.status}: ${await response.text()}`);
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error('Timed out waiting for the demo call');
}
