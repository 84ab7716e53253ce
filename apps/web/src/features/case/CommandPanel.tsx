import { Accordion, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CaseView, CommandAvailability } from '../../api/types';
import { ApiErrorAlert, RequirementList, type MemberNames } from '../../components';
import { useApplyCommand, useRequirements } from './api';
import type { CommandSubmitOptions, MemberOption } from './command-form-types';
import { COMMAND_FORMS } from './command-forms';
import { GenericCommandForm } from './GenericCommandForm';
import { DUPLICATE_COMMANDS } from './PossibleDuplicatesCard';

/**
 * Every command the API lists for this case and this user (GET /cases/:id/requirements): a form when it is allowed,
 * its unmet requirements in words, per member, when it is blocked ("why can't I advance?").
 */
export function CommandPanel({
  caseView,
  members,
  names,
}: {
  caseView: CaseView;
  members: readonly MemberOption[];
  names: MemberNames;
}) {
  const { t } = useTranslation(['common', 'commands']);
  const requirements = useRequirements(caseView.caseId);
  const apply = useApplyCommand(caseView.caseId);
  // A task's link names its completing command (?command=...): that form opens first.
  const [params] = useSearchParams();
  const [open, setOpen] = useState<string | null>(params.get('command'));
  const [done, setDone] = useState<string | null>(null);

  // Duplicate decisions and the repeat-applicant exception have their own card (PossibleDuplicatesCard).
  const commands = (requirements.data?.commands ?? []).filter((c) => !DUPLICATE_COMMANDS.includes(c.type));
  const allowed = commands.filter((c) => c.allowed);
  // A command only another role may send is not this user's to advance: named in one line, not as a blocker.
  const othersOnly = (c: CommandAvailability) =>
    c.unmet.length > 0 && c.unmet.every((u) => u.code === 'ROLE_NOT_ALLOWED');
  const blocked = commands.filter((c) => !c.allowed && !othersOnly(c));
  const forOthers = commands.filter((c) => !c.allowed && othersOnly(c));

  const submitFor =
    (type: string) =>
    async (payload: Record<string, unknown>, options: CommandSubmitOptions = {}): Promise<void> => {
      setDone(null);
      await apply.mutateAsync({
        input: { type, payload, ...(options.effectiveAt ? { effectiveAt: options.effectiveAt } : {}) },
        // The newest version this screen knows: the case view is replaced by each command's answer at once, while
        // the requirements are read again after it.
        expectedVersion: Math.max(caseView.version, requirements.data?.version ?? 0),
      });
      setDone(type);
      setOpen(null);
    };

  const label = (c: CommandAvailability) => t(`commands:types.${c.type}`, { defaultValue: c.type });

  return (
    <Stack gap="sm" component="section" aria-labelledby="commands-title">
      <Title order={2} size="h3" id="commands-title">
        {t('case.commands')}
      </Title>
      {requirements.error && <ApiErrorAlert error={requirements.error} />}
      {done && (
        <Text role="status" size="sm" fw={600}>
          ✓ {t('case.commandDone', { command: t(`commands:types.${done}`, { defaultValue: done }) })}
        </Text>
      )}
      {apply.error && <ApiErrorAlert error={apply.error} names={names} />}
      {requirements.isSuccess && commands.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('case.noCommands')}
        </Text>
      )}
      {allowed.length > 0 && (
        <Accordion
          variant="separated"
          value={open}
          onChange={(v) => {
            setOpen(v);
            apply.reset();
          }}
        >
          {allowed.map((c) => {
            const Form = COMMAND_FORMS[c.type] ?? GenericCommandForm;
            return (
              <Accordion.Item key={c.type} value={c.type}>
                <Accordion.Control>{label(c)}</Accordion.Control>
                <Accordion.Panel>
                  {open === c.type && (
                    <Form
                      commandType={c.type}
                      caseView={caseView}
                      members={members}
                      submit={submitFor(c.type)}
                      busy={apply.isPending}
                    />
                  )}
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
      {blocked.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="blocked-title">
          <Title order={3} size="h5" id="blocked-title">
            {t('case.blocked')}
          </Title>
          {blocked.map((c) => (
            <div key={c.type} data-testid={`blocked-${c.type}`}>
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {label(c)}
                </Text>
                <Badge color="gray" size="sm">
                  {t('case.blockedBadge')}
                </Badge>
              </Group>
              <RequirementList requirements={c.unmet} names={names} />
            </div>
          ))}
        </Stack>
      )}
      {forOthers.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('case.otherRoles', { list: forOthers.map(label).join(', ') })}
        </Text>
      )}
    </Stack>
  );
}
