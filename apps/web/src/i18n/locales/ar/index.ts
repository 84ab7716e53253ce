/** Every namespace of the ar catalogue, as one object: a chunk of its own, loaded when the language is chosen. */
import admin from './admin.json';
import commands from './commands.json';
import common from './common.json';
import counterpart from './counterpart.json';
import dataprotection from './dataprotection.json';
import errors from './errors.json';
import events from './events.json';
import finance from './finance.json';
import incoming from './incoming.json';
import ops from './ops.json';
import reports from './reports.json';
import requirements from './requirements.json';
import retention from './retention.json';
import stages from './stages.json';
import tasks from './tasks.json';

export default {
  common,
  errors,
  requirements,
  commands,
  events,
  stages,
  ops,
  finance,
  counterpart,
  admin,
  retention,
  tasks,
  incoming,
  reports,
  dataprotection,
};
