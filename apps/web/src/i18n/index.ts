/**
 * Messages in English, French and Arabic. Catalogues are imported statically (no loading flash, no request), one
 * file per namespace and language; i18n/catalogues.spec.ts fails when one misses a key another has.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { api, unwrap } from '../api/client';
import en from './locales/en';

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
  'retention',
  'tasks',
  'incoming',
  'reports',
  'dataprotection',
] as const;

/**
 * The catalogues by language. English is in the main bundle (the fallback, and the language before sign-in in most
 * browsers); French and Arabic are chunks of their own, fetched when chosen, so a session downloads one language.
 */
const LOADERS: Record<Language, () => Promise<{ default: Record<string, object> }>> = {
  en: () => Promise.resolve({ default: en }),
  fr: () => import('./locales/fr'),
  ar: () => import('./locales/ar'),
};

/** Adds a language's catalogues to i18next once. */
async function ensureCatalogues(lang: Language): Promise<void> {
  if (i18next.hasResourceBundle(lang, 'common')) return;
  const { default: catalogues } = await LOADERS[lang]();
  for (const [ns, messages] of Object.entries(catalogues)) i18next.addResourceBundle(lang, ns, messages, true, true);
}

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
  resources: { en },
  lng: 'en',
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyDocumentLanguage(i18next.language);
if (initialLanguage() !== 'en') void setLanguage(initialLanguage(), { persist: false });

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
  await ensureCatalogues(lang);
  await i18next.changeLanguage(lang);
  applyDocumentLanguage(lang);
  if (persist) await unwrap(api.PUT('/me/preferences', { body: { language: lang } }));
}

export { i18next };
