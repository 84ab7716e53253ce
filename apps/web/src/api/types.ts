import type { components } from './schema';
/**
 * Shapes of responses the console reads that the OpenAPI document does not declare yet (helper W1 declares them;
 * at merge these become aliases of components['schemas'][...]). Every field the API may withhold for a role is
 * optional: the console shows what it is given.
 */
export type Language = 'en' | 'fr' | 'ar';

export interface SessionUser {
  id: string;
  username: string;
  role: string;
  office: string | null;
  country: string | null;
  displayName: string;
  language: Language | null;
  /** IANA zone of the user's office (null: no office; dates in the browser's zone). */
  timeZone?: string | null;
}

export interface SessionResponse {
  user: Omit<SessionUser, 'displayName' | 'language'> & { displayName?: string; language?: Language | null };
  csrfToken?: string;
  expiresAt?: string;
}

export interface LoginResponse extends Partial<SessionResponse> {
  accessToken?: string;
}

export interface Deadline {
  kind: string;
  dueAt: string;
}

export interface CaseSummary {
  caseId: string;
  reference: string;
  stage: string;
  version?: number;
  hostOffice?: string;
  countryOfOrigin?: string;
  receivingOffice?: string;
  openedAt?: string;
  updatedAt?: string;
  stageEnteredAt?: string;
  daysInStage?: number;
  slaState?: string;
  nextDeadline?: Deadline | null;
  dueReminders?: number | { kind: string; dueAt: string }[];
  awaiting?: string[];
  holds?: { type: string }[];
  travellerCount?: number;
  principalName?: string;
  booking?: { departureDate?: string; itineraryRef?: string };
}

export interface CaseList {
  items: CaseSummary[];
  nextCursor?: string | null;
}

export interface PersonalData {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  phone?: string;
  nationality?: string;
  [key: string]: unknown;
}

export interface DocumentView {
  documentType: string;
  status: string;
  authority?: string;
  documentRef?: string;
  expiresOn?: string;
  requestedAt?: string;
  decidedAt?: string;
}

export interface MemberView {
  memberId: string;
  relationship?: string;
  sex?: string;
  age?: number;
  isChild?: boolean;
  travelling?: boolean;
  withdrawn?: boolean;
  deceased?: boolean;
  dataConsent?: boolean;
  declarationSigned?: boolean;
  documents?: DocumentView[];
  exitAuthorization?: { status: string };
  fitToTravel?: { fit: boolean; validUntil?: string; escortRequired: boolean };
  vulnerabilities?: string[];
  assessments?: { assessment: string; status: string; outcome?: string; validUntil?: string }[];
  nationality?: components['schemas']['NationalityResponse'];
  personal?: PersonalData;
}

export interface CaseView {
  caseId: string;
  reference: string;
  stage: string;
  version: number;
  hostOffice?: string;
  countryOfOrigin?: string;
  receivingOffice?: string;
  programme?: string;
  referralSource?: string;
  holds?: { type: string; memberId?: string; placedAt?: string; reason?: string }[];
  members?: MemberView[];
  flags?: Record<string, boolean>;
  booking?: {
    itineraryRef?: string;
    departureDate?: string;
    arrivalDate?: string;
    ticketed?: boolean;
    travellerIds?: string[];
    bookingHoldUntil?: string;
  };
  openedAt?: string;
  updatedAt?: string;
  stageEnteredAt?: string;
  closedAt?: string;
  availableCommands?: CommandAvailability[];
  reintegration?: Record<string, unknown>;
  /** Consents per purpose, every version (caseworkers). */
  consents?: components['schemas']['ConsentResponse'][];
  /** Possible earlier cases of the same person: references and codes, as the role may see them. */
  possibleDuplicates?: components['schemas']['PossibleDuplicateResponse'][];
  /** The person already returned with assistance (the roles that decide duplicates). */
  repeatApplicant?: components['schemas']['RepeatApplicantResponse'];
}

export interface Requirement {
  code: string;
  memberId?: string;
  message?: string;
}

export interface CommandAvailability {
  type: string;
  allowed: boolean;
  unmet: Requirement[];
}

export interface RequirementsResponse {
  caseId?: string;
  version?: number;
  stage?: string;
  commands: CommandAvailability[];
}

export interface HistoryEntry {
  version: number;
  commandType: string;
  actorId?: string;
  actorName?: string;
  actorRole?: string;
  effectiveAt: string;
  recordedAt: string;
  fromStage?: string;
  toStage?: string;
  events?: { type: string }[];
}

export interface HistoryResponse {
  caseId: string;
  reference?: string;
  entries: HistoryEntry[];
  operations?: { action: string; reason?: string; recordedAt: string; actorName?: string }[];
}

export interface Notification {
  id: string;
  /** REMINDER, SLA_TASK, SLA_ESCALATION, ... */
  kind: string;
  caseId: string | null;
  reminderId?: string | null;
  body: { reference?: string; reminderKind?: string; subject?: string; dueAt?: string; [key: string]: unknown };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: Notification[];
  unread?: number;
  nextBefore?: string | null;
}
