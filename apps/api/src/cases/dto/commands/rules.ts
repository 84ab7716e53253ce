/**
 * Shared checks of the command payloads: patterns, and the lists of the domain's string unions that
 * `@avrr/domain` does not export as constants (each checked at compile time against its union).
 */
import {
  ASSESSMENT_OUTCOMES,
  type AssessmentOutcome,
  type ConsentSignatory,
  type CounsellingMode,
  type DeclarationSignatory,
  type TravelDocumentType,
  type TurnBackReason,
} from '@avrr/domain';

/** Lists every member of the string union T and nothing else; a missing member is a compile error. */
function everyOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ): readonly T[] => list;
}

export const CONSENT_SIGNATORIES = everyOf<ConsentSignatory>()(['SELF', 'GUARDIAN', 'THUMBPRINT']);
export const DECLARATION_SIGNATORIES = everyOf<DeclarationSignatory>()(['SELF', 'GUARDIAN']);
export const COUNSELLING_MODES = everyOf<CounsellingMode>()(['IN_PERSON', 'PHONE', 'VIDEO']);
export const TRAVEL_DOCUMENT_TYPES = everyOf<TravelDocumentType>()(['LAISSEZ_PASSER', 'PASSPORT']);
export const TURN_BACK_REASONS = everyOf<TurnBackReason>()(['DENIED_BOARDING', 'ENTRY_REFUSED', 'STRANDED']);
/** Every outcome of every assessment; which outcome fits which assessment is the rules' check (INVALID_COMMAND). */
export const ASSESSMENT_OUTCOME_VALUES: readonly AssessmentOutcome[] = [
  ...new Set(Object.values(ASSESSMENT_OUTCOMES).flat()),
];

/** Calendar date 'YYYY-MM-DD' (with `@IsCalendarDate()` for a real date). */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = { message: '$property must be YYYY-MM-DD' };
/** An instant: date, time and offset (the rules compare instants; without an offset the time would be ambiguous). */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const INSTANT_MESSAGE = {
  message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-03-10T18:00:00Z',
};
/** Codes and references: letters, digits and _ . : / - only, so no free text (and no personal data) gets in. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
export const CODE_MESSAGE = { message: '$property must be a code (letters, digits, _ . : / -), not free text' };
export const CODES_MESSAGE = {
  each: true,
  message: 'each value in $property must be a code (letters, digits, _ . : / -), not free text',
};
/** Language code, e.g. 'fr', 'wo', 'ar-MA'. */
export const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const LANGUAGE_MESSAGE = { message: '$property must be a language code such as fr, wo or ar-MA' };
/** ISO 4217 in capitals, as the rules require (class-validator's currency check alone also takes 'eur'). */
export const CURRENCY = /^[A-Z]{3}$/;
export const CURRENCY_MESSAGE = { message: '$property must be an ISO 4217 code in capitals, e.g. EUR' };

/** Largest household handled in one case (as in CreateCaseRequest). */
export const MAX_MEMBERS = 20;

export const EXAMPLE_MEMBER_ID = '3f1c2a9e-7b4d-4e8a-9c61-2d5b8e0f4a17';
export const EXAMPLE_GUARDIAN_ID = '9a0e4c7d-1b2f-4d3a-8e5c-6f7a8b9c0d1e';
