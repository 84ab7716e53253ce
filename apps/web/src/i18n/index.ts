/**
 * Messages in English, French and Arabic. Catalogues are imported statically (no loading flash, no request), one
 * file per namespace and language; i18n/catalogues.spec.ts fails when one misses a key another has.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { api, unwrap } from '../api/client';
import arAdmin from './locales/ar/admin.json';
import arCommands from './locales/ar/commands.json';
import arCommon from './locales/ar/common.json';
import arCounterpart from './locales/ar/counterpart.json';
import arErrors from './locales/ar/errors.json';
import arEvents from './locales/ar/events.json';
import arFinance from './locales/ar/finance.json';
import arOps from './locales/ar/ops.json';
import arRequirements from './locales/ar/requirements.json';
import arStages from './locales/ar/stages.json';
import enAdmin from './locales/en/admin.json';
import enCommands from './locales/en/commands.json';
import enCommon from './locales/en/common.json';
import enCounterpart from './locales/en/counterpart.json';
import enErrors from './locales/en/errors.json';
import enEvents from './locales/en/events.json';
import enFinance from './locales/en/finance.json';
import enOps from './locales/en/ops.json';
import enRequirements from './locales/en/requirements.json';
import enStages from './locales/en/stages.json';
import frAdmin from './locales/fr/admin.json';
import frCommands from './locales/fr/commands.json';
import frCommon from './locales/fr/common.json';
import frCounterpart from './locales/fr/counterpart.json';
import frErrors from './locales/fr/errors.json';
import frEvents from './locales/fr/events.json';
import frFinance from './locales/fr/finance.json';
import frOps from './locales/fr/ops.json';
import frRequirements from './locales/fr/requirements.json';
import frStages from './locales/fr/stages.json';

export type Language = 'en' | 'fr' | 'ar';
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'ar'];
export const NAMESPACES = [
  'common',
  'errors',
  'requirements',
  'commands',
  'events',
  'stages',
  'ops',
  'finance',
  'counterpart',
  'admin',
] as const;

export const resources = {
  en: {
    common: enCommon,
    errors: enErrors,
    requirements: enRequirements,
    commands: enCommands,
    events: enEvents,
    stages: enStages,
    ops: enOps,
    finance: enFinance,
    counterpart: enCounterpart,
    admin: enAdmin,
  },
  fr: {
    common: frCommon,
    errors: frErrors,
    requirements: frRequirements,
    commands: frCommands,
    events: frEvents,
    stages: frStages,
    ops: frOps,
    finance: frFinance,
    counterpart: frCounterpart,
    admin: frAdmin,
  },
  ar: {
    common: arCommon,
    errors: arErrors,
    requirements: arRequirements,
    commands: arCommands,
    events: arEvents,
    stages: arStages,
    ops: arOps,
    finance: arFinance,
    counterpart: arCounterpart,
    admin: arAdmin,
  },
} as const;

export function directionOf(lang: string): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** Before sign-in: the browser's language if we have it, else English. */
function initialLanguage(): Language {
  const nav = typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2);
  return isLanguage(nav) ? nav : 'en';
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyDocumentLanguage(i18next.language);

function applyDocumentLanguage(lang: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
}

/**
 * Switches the console's language: messages, <html lang dir> (Arabic mirrors the layout), and, for a signed-in user
 * (`persist`, the default), stores the choice with PUT /me/preferences so it follows the user.
 */
export async function setLanguage(lang: Language, { persist = true }: { persist?: boolean } = {}): Promise<void> {
  await i18next.changeLanguage(lang);
  applyDocumentLanguage(lang);
  if (persist) await unwrap(api.PUT('/me/preferences', { body: { language: lang } }));
}

export { i18next };
