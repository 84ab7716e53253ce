import {
  Center,
  createTheme,
  DirectionProvider,
  Loader,
  MantineProvider,
  type CSSVariablesResolver,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from '../api/client';
import { directionOf, i18next } from '../i18n';
import { SessionProvider, useSessionState } from '../session/session';
import { SignInPage } from '../session/SignInPage';
import { AppShellLayout } from './AppShellLayout';
import { consoleRoutes, rootRedirect } from './routes';

/**
 * Contrast (WCAG AA, checked by axe in the browser tests): filled colours one shade darker than Mantine's default,
 * text on a filled colour black or white by its luminance, and dimmed text darker than Mantine's grey.
 */
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  luminanceThreshold: 0.18,
  defaultRadius: 'sm',
});
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a network blip may.
        retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
    },
  });
}

const router = createBrowserRouter([
  { path: '/console', element: <AppShellLayout />, children: consoleRoutes },
  rootRedirect,
]);

function Gate() {
  const { status } = useSessionState();
  if (status === 'loading')
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (status === 'signedOut') return <SignInPage />;
  return (
    <Suspense
      fallback={
        <Center h="100vh">
          <Loader aria-label="Loading" />
        </Center>
      }
    >
      <RouterProvider router={router} />
    </Suspense>
  );
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <DirectionProvider initialDirection={directionOf(i18next.language)} detectDirection={false}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}
