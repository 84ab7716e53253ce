/**
 * Every [C] value the rules read (AVRR.md markers [C] and [A]). Per programme, donor, office or country:
 * the caller picks the right DomainConfig and passes it in DecideContext; the rules never read globals.
 */
import { defaultReintegrationConfig, type ReintegrationConfig } from './reintegration/config';

/** The reintegration keys (ReintegrationConfig) are part of it: see reintegration/config.ts. */
export interface DomainConfig extends ReintegrationConfig {
  /** A travel document must be valid at least this many days after the departure date (§5.3 ConfirmBooking). */
  documentExpiryBufferDays: number;
  /** Validity of a fit-to-travel result when the MEDICAL assessment gives no validUntil. */
  fitToTravelValidityDays: number;
  /** Validity of a VoT risk assessment when the result gives no validUntil; reassess after (§5.3 VoT). */
  votAssessmentValidityDays: number;
  /** WITHDRAWN / CANCELLED cases may be re-opened within this many days of leaving the process. */
  reopenWindowDays: number;
  /** From this no-show on, rebooking needs a supervisor review and a new counselling session. */
  noShowReviewThreshold: number;
  /** Approve needs the supervisor role when any vulnerability is flagged. */
  supervisorApprovalForVulnerable: boolean;
  /** UASC aged uascCoSignAge or more sign the declaration together with their legal representative [S18]. */
  uascOver16SignsWithRepresentative: boolean;
  /** Age from which a UASC co-signs (with uascOver16SignsWithRepresentative). */
  uascCoSignAge: number;
  /** How long an unticketed booking is held when ConfirmBooking gives no bookingHoldUntil. */
  bookingHoldDefaultHours: number;
  /** Age of majority used by every age rule. */
  adultAge: number;
  /** No departure without a granted exit authorization for every traveller (§7.3). */
  exitAuthorizationRequired: boolean;
  /** Who needs a passed pre-embarkation check before RecordDeparture. */
  preEmbarkationCheckRequiredFor: 'MEDICAL' | 'ALL' | 'NONE';
  /** Vulnerability types that need a supervisor's approval (with supervisorApprovalForVulnerable). */
  vulnerabilitiesNeedingSupervisor: readonly string[];
}

export const defaultDomainConfig: DomainConfig = {
  ...defaultReintegrationConfig,
  documentExpiryBufferDays: 3,
  fitToTravelValidityDays: 7,
  votAssessmentValidityDays: 30,
  reopenWindowDays: 365,
  noShowReviewThreshold: 2,
  supervisorApprovalForVulnerable: true,
  uascOver16SignsWithRepresentative: true,
  uascCoSignAge: 16,
  bookingHoldDefaultHours: 72,
  adultAge: 18,
  exitAuthorizationRequired: true,
  preEmbarkationCheckRequiredFor: 'MEDICAL',
  vulnerabilitiesNeedingSupervisor: [
    'UASC',
    'VOT',
    'MEDICAL',
    'DISABILITY',
    'ELDERLY',
    'PREGNANT',
    'SINGLE_PARENT',
    'GBV_SURVIVOR',
    'DESTITUTE',
    'MENTAL_HEALTH',
    'ASYLUM_SEEKER',
    'OTHER',
  ],
};
