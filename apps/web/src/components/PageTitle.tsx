import { Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The screen's one h1, also the document title (what a screen reader announces on navigation). */
export function PageTitle({ children, text }: { children?: ReactNode; text: string }) {
  useEffect(() => {
    document.title = `${text} · AVRR`;
  }, [text]);
  return (
    <Title order={1} size="h2" mb="md">
      {children ?? text}
    </Title>
  );
}
