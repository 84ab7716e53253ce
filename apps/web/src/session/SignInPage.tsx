import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { LanguageMenu } from '../app/LanguageMenu';
import { useSessionState } from './session';

/**
 * Password sign-in, and "Sign in with <provider>" when the organisation's identity provider is configured (the public
 * GET /auth/sign-in-options says so). That button is a plain link: the browser leaves for the provider and comes back
 * through /auth/oidc/callback with the session cookie, or to /console?signin=failed.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const options = useQuery({
    queryKey: ['sign-in-options'],
    queryFn: () => unwrap<components['schemas']['SignInOptionsResponse']>(api.GET('/auth/sign-in-options', {})),
    staleTime: Infinity,
  });
  const provider = options.data?.oidc ?? null;
  const providerFailed = new URLSearchParams(window.location.search).get('signin') === 'failed';
  const { signIn } = useSessionState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w={380} shadow="sm">
        <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} size="h3" id="sign-in-title">
              {t('signIn.title')}
            </Title>
            <ApiErrorAlert error={error} />
            {providerFailed && provider ? (
              <Alert color="red.8" role="alert">
                {t('signIn.providerFailed', { provider: provider.providerName })}
              </Alert>
            ) : null}
            {provider ? (
              <>
                <Button component="a" href={provider.startUrl} variant="default">
                  {t('signIn.withProvider', { provider: provider.providerName })}
                </Button>
                <Divider label={t('signIn.or')} labelPosition="center" />
              </>
            ) : null}
            <TextInput
              label={t('signIn.username')}
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {t('signIn.submit')}
            </Button>
            <LanguageMenu persist={false} />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
