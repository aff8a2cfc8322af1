import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, started the way this machine allows (no sandbox as root, no network chatter). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * Where screenshots go: docs/console when SAVE_CONSOLE_SCREENSHOTS=1 (to refresh the README's
 * pictures), a temporary folder otherwise, so that a test run leaves the work tree as it was.
 */
export function screenshotDirectory(): string {
  if (process.env.SAVE_CONSOLE_SCREENSHOTS === '1') {
    const directory = join(process.cwd(), 'docs', 'console');
    mkdirSync(directory, { recursive: true });
    return directory;
  }
  return mkdtempSync(join(tmpdir(), 'console-screenshots-'));
}

export async function screenshot(page: Page, directory: string, name: string): Promise<void> {
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: true });
}
