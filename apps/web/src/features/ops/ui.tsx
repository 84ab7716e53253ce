/**
 * Mantine's light variants colour their text with the palette's 6th shade, under the 4.5:1 contrast WCAG AA asks of
 * normal text on their tinted backgrounds; these keep the tint for meaning and write the text in the body colour.
 * Badges keep their words as written (no capitals: Arabic has none, and a code in capitals reads as a code) and whole
 * (no ellipsis in a narrow table column). Used by the operations, finance and counterpart screens.
 */
import { Alert, type AlertProps, Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

const TEXT = 'var(--mantine-color-text)';

export function Notice(props: AlertProps & { children?: ReactNode; role?: string }) {
  return <Alert variant="light" {...props} styles={{ title: { color: TEXT }, message: { color: TEXT } }} />;
}

export function Tag(props: BadgeProps & { children?: ReactNode }) {
  return (
    <Badge
      variant="light"
      radius="sm"
      {...props}
      c="dark.9"
      styles={{
        root: { textTransform: 'none', height: 'auto', minHeight: 'var(--badge-height)' },
        label: { overflow: 'visible', whiteSpace: 'normal' },
      }}
    />
  );
}
