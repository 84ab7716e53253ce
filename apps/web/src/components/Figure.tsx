import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled figure of a description list (`<dl>`): the label small above, the value bold below. */
export function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" component="dt">
        {label}
      </Text>
      <Text fw={600} component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}
