/**
 * What the console's browser tests share on top of the harness (test/helpers/browser.ts): the API under test serves
 * the console on its own origin; signing in and out goes through the console's own form, by its labels.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';
import { expectNoSeriousA11yViolations, launchBrowser, saveScreenshot, trackPageErrors } from '../helpers/browser';
import type { TestStack } from '../helpers/stack';

/** The console's origin: the API under test serves it (`/`, `/assets/*`, `/console/*`). */
export async function serveConsole(stack: TestStack): Promise<{ url: string; close: () => Promise<void> }> {
  return { url: stack.baseUrl, close: async () => undefined };
}

export function launchChromium(): Promise<Browser> {
  return launchBrowser();
}

/** A field's exact label, with or without the asterisk a required field's label ends with. */
export function label(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

/** Signs in through the sign-in form, which the console shows at any URL until someone is signed in. */
export async function signIn(page: Page, username: string): Promise<void> {
  trackPageErrors(page);
  await page.getByLabel(label('User name')).fill(username);
  await page.getByLabel(label('Password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel(label('User name')).waitFor();
}

/** axe-core in the page: no serious or critical violation. */
export function expectAccessible(page: Page, screen: string): Promise<void> {
  return expectNoSeriousA11yViolations(page, screen);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // From the top: a full-page capture of a scrolled page paints the fixed header across the middle.
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}
