import { APIRequestContext, expect, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EMULATOR_PORT, SCREENSHOT_DIR } from './stack-config';

/** The bearer token the signed-in page holds, for talking to the API beside the browser. */
export async function accessToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    const raw = sessionStorage.getItem('callrec.session');
    return raw ? ((JSON.parse(raw) as { accessToken?: string }).accessToken ?? null) : null;
  });
  if (!token) {
    throw new Error('The page is not signed in');
  }
  return token;
}

/** A JSON call to the API as the signed-in user of `page`. */
export async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const request: APIRequestContext = page.request;
  const response = await request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${await accessToken(page)}` },
    data,
  });
  expect(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** The callee hangs up, as if the call had lasted `seconds` (the emulator's control API). */
export async function hangUp(callSid: string, seconds: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/calls/${callSid}/hangup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ durationSeconds: seconds }),
  });
  if (!response.ok) {
    throw new Error(`The emulator refused the hang-up: ${response.status} ${await response.text()}`);
  }
}

/** Faults for every call to one number (`null` clears a fault); see the emulator's control API. */
export async function setNumberFaults(to: string, faults: Record<string, unknown> | null): Promise<void> {
  const url = `http://127.0.0.1:${EMULATOR_PORT}/_emulator/numbers/${encodeURIComponent(to)}`;
  const response = await fetch(url, {
    method: faults ? 'PUT' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  if (!response.ok) {
    throw new Error(`The emulator refused the faults for ${to}: ${response.status} ${await response.text()}`);
  }
}

/** Faults for one call, over those of its number (which the emulator copies when the call starts). */
export async function setCallFaults(callSid: string, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/calls/${callSid}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) {
    throw new Error(`The emulator refused the faults for ${callSid}: ${response.status} ${await response.text()}`);
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A screenshot of the whole page at a given width. The shell scrolls inside its content
 * area, so Playwright's fullPage sees only the viewport: the viewport is made tall enough
 * for everything instead, then put back.
 */
export async function saveWholePage(page: Page, name: string, width: number): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: 800 });
  // No hover highlight on whatever row the pointer happened to stop over.
  await page.mouse.move(0, 0);
  const height = await page.evaluate(() => {
    const toolbar = document.querySelector('mat-toolbar')?.getBoundingClientRect().height ?? 0;
    const content = document.querySelector('mat-sidenav-content')?.scrollHeight ?? document.body.scrollHeight;
    // The player drawer scrolls on its own; an open one may be the taller of the two.
    const drawer = document.querySelector('.player-drawer.open')?.scrollHeight ?? 0;
    return Math.max(content, drawer) + toolbar;
  });
  await page.setViewportSize({ width, height: Math.ceil(height) });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
  if (before) {
    await page.setViewportSize(before);
  }
}

/** Every column header of the grid lies inside the viewport: nothing is cut off or scrolled away. */
export async function expectAllColumnsVisible(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  const headers = page.locator('app-call-records-table th');
  await expect(headers).toHaveCount(9);
  for (const header of await headers.all()) {
    const box = await header.boundingBox();
    expect(box, 'a column header has no box').not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((viewport?.width ?? 0) + 0.5);
  }
}
