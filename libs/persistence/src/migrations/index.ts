import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { RemindersOperations1763900000000 } from './1763900000000-reminders-operations';
import { MonitorScans1764000000000 } from './1764000000000-monitor-scans';
import { SpecialCategoryReads1764100000000 } from './1764100000000-special-category-reads';
import { SlaState1764200000000 } from './1764200000000-sla-state';
import { PendingCommands1764300000000 } from './1764300000000-pending-commands';
import { Console1764400000000 } from './1764400000000-console';
import { Administration1764500000000 } from './1764500000000-administration';
import { Reporting1764520000000 } from './1764520000000-reporting';
import { CodecAudit1764530000000 } from './1764530000000-codec-audit';
import { AuditChain1764680000000 } from './1764680000000-audit-chain';
import { Retention1764630000000 } from './1764630000000-retention';
import { TasksAssignment1764640000000 } from './1764640000000-tasks-assignment';
import { SlaLevels1764650000000 } from './1764650000000-sla-levels';
import { ReportSpeedPrivacy1764600000000 } from './1764600000000-report-speed-privacy';
import { SideChannels1764610000000 } from './1764610000000-side-channels';
import { DataProtection1764620000000 } from './1764620000000-data-protection';
import { Duplicates1764670000000 } from './1764670000000-duplicates';
import { IncidentRetention1764690000000 } from './1764690000000-incident-retention';
import { RssWeightSets1764695000000 } from './1764695000000-rss-weight-sets';
import { IdentityCorrectionsDocuments1764700000000 } from './1764700000000-identity-corrections-documents';
import { ReportCounts1764710000000 } from './1764710000000-report-counts';

/** Every migration, in order. Add new ones here (generated names keep the timestamp order). */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  RemindersOperations1763900000000,
  MonitorScans1764000000000,
  SpecialCategoryReads1764100000000,
  SlaState1764200000000,
  PendingCommands1764300000000,
  Console1764400000000,
  Administration1764500000000,
  Reporting1764520000000,
  CodecAudit1764530000000,
  ReportSpeedPrivacy1764600000000,
  SideChannels1764610000000,
  DataProtection1764620000000,
  Retention1764630000000,
  TasksAssignment1764640000000,
  SlaLevels1764650000000,
  Duplicates1764670000000,
  AuditChain1764680000000,
  IncidentRetention1764690000000,
  RssWeightSets1764695000000,
  IdentityCorrectionsDocuments1764700000000,
  ReportCounts1764710000000,
];
