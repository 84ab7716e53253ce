import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandFormProps, MemberOption } from './command-form-types';
import { humanize, initialValue, initialValues, localDateTimeToIso, toPayload, type Values } from './form-values';
import { commandFields, type FieldModel } from './schema';

/** The form of a command, generated from its payload schema in the OpenAPI document; labels from `commands`. */
export function GenericCommandForm({ commandType, members, submit, busy }: CommandFormProps) {
  const { t } = useTranslation(['commands', 'common']);
  const fields = useMemo(() => commandFields(commandType), [commandType]);
  const [values, setValues] = useState<Values>(() => initialValues(fields));
  const [effectiveAt, setEffectiveAt] = useState('');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(toPayload(fields, values), effectiveAt ? { effectiveAt: localDateTimeToIso(effectiveAt) } : {}).catch(
      () => undefined, // the panel shows the error
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label={t(`commands:types.${commandType}`, { defaultValue: commandType })}>
      <Stack gap="sm">
        {fields.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('common:form.noFields')}
          </Text>
        )}
        {fields.map((f) => (
          <FieldInput
            key={f.name}
            field={f}
            value={values[f.name]}
            members={members}
            onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))}
          />
        ))}
        <TextInput
          type="datetime-local"
          label={t('commands:fields.effectiveAt')}
          description={t('common:form.effectiveAtHint')}
          value={effectiveAt}
          onChange={(e) => setEffectiveAt(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t('common:form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface FieldInputProps {
  field: FieldModel;
  /** Inside an optional object: its fields are required only once it is filled in, which the API checks. */
  withinOptional?: boolean;
  value: unknown;
  members: readonly MemberOption[];
  onChange: (value: unknown) => void;
}

export function useFieldLabel() {
  const { t } = useTranslation('commands');
  return {
    label: (name: string) => t(`fields.${name}`, { defaultValue: humanize(name) }),
    option: (value: string) => t(`values.${value}`, { defaultValue: value }),
  };
}

export function FieldInput({ field: declared, value, members, onChange, withinOptional }: FieldInputProps) {
  const field = withinOptional ? { ...declared, required: false } : declared;
  const { t } = useTranslation(['commands', 'common']);
  const { label: labelOf, option } = useFieldLabel();
  const id = useId();
  const label = labelOf(field.name);
  const str = typeof value === 'string' ? value : '';
  const choose = { value: '', label: t('common:form.choose') };

  switch (field.kind) {
    case 'boolean':
      return <Checkbox label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'enum':
      return (
        <NativeSelect
          label={label}
          required={field.required}
          value={str}
          data={[choose, ...(field.options ?? []).map((o) => ({ value: o, label: option(o) }))]}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'member':
      return (
        <NativeSelect
          label={label}
          required={field.required}
          value={str}
          data={[choose, ...members.map((m) => ({ value: m.memberId, label: m.label }))]}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'members':
    case 'enum-array': {
      const opts =
        field.kind === 'members'
          ? members.map((m) => ({ value: m.memberId, label: m.label }))
          : (field.options ?? []).map((o) => ({ value: o, label: option(o) }));
      return (
        <Checkbox.Group
          label={label}
          required={field.required}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
        >
          <Group mt={4} gap="sm">
            {opts.map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Checkbox.Group>
      );
    }
    case 'number':
    case 'integer':
      return (
        <NumberInput
          label={label}
          required={field.required}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          allowDecimal={field.kind === 'number'}
          min={field.min}
          max={field.max}
          onChange={onChange}
        />
      );
    case 'date':
      return (
        <TextInput
          type="date"
          label={label}
          required={field.required}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'date-time':
      return (
        <TextInput
          type="datetime-local"
          label={label}
          required={field.required}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'string-array':
      return (
        <TextInput
          label={label}
          description={t('common:form.commaSeparated')}
          required={field.required}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'object': {
      const inner = (value as Values | undefined) ?? {};
      return (
        <Fieldset legend={label} id={id}>
          <Stack gap="xs">
            {(field.fields ?? []).map((f) => (
              <FieldInput
                key={f.name}
                field={f}
                value={inner[f.name]}
                members={members}
                withinOptional={!field.required}
                onChange={(v) => onChange({ ...inner, [f.name]: v })}
              />
            ))}
          </Stack>
        </Fieldset>
      );
    }
    case 'object-array': {
      const list = Array.isArray(value) ? (value as Values[]) : [];
      const fresh = () => initialValue({ ...field, kind: 'object' }) as Values;
      return (
        <Fieldset legend={label}>
          <Stack gap="sm">
            {list.map((item, i) => (
              <Fieldset key={i} legend={`${label} ${i + 1}`} variant="filled">
                <Stack gap="xs">
                  {(field.fields ?? []).map((f) => (
                    <FieldInput
                      key={f.name}
                      field={f}
                      value={item[f.name]}
                      members={members}
                      onChange={(v) => onChange(list.map((x, j) => (j === i ? { ...x, [f.name]: v } : x)))}
                    />
                  ))}
                  <Group>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common:form.removeItem', { item: `${label} ${i + 1}` })}
                      onClick={() => onChange(list.filter((_, j) => j !== i))}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="light" size="xs" onClick={() => onChange([...list, fresh()])}>
                {t('common:form.addItem', { item: label })}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      );
    }
    default:
      return (
        <TextInput
          label={label}
          required={field.required}
          value={str}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}
