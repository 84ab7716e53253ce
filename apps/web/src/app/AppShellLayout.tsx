import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  NavLink,
  Text,
  useDirection,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import type { NotificationList } from '../api/types';
import { directionOf, i18next, setLanguage } from '../i18n';
import { useSession, useSessionState } from '../session/session';
import { SessionZoneContext } from '../session/zone-context';
import { LanguageMenu } from './LanguageMenu';
import { navigationFor } from './navigation';

export function useUnreadCount(): number | undefined {
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () =>
      unwrap<NotificationList>(api.GET('/me/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
    refetchInterval: 60_000,
  });
  return data?.unread;
}

/** The frame of every signed-in screen: header (who, language, notifications, sign-out), navigation per role, content. */
export function AppShellLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const { updateUser } = useSessionState();
  const { setDirection } = useDirection();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();

  // The user's stored language wins over the browser's once signed in.
  useEffect(() => {
    if (user.language && user.language !== i18next.language) {
      setDirection(directionOf(user.language));
      void setLanguage(user.language, { persist: false });
    }
  }, [user.language, setDirection]);

  const entries = navigationFor(user.role);
  return (
    <SessionZoneContext.Provider value={user.timeZone ?? undefined}>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
              <Text fw={700} component={Link} to="/console">
                {t('appName')}
              </Text>
            </Group>
            <Group wrap="nowrap" gap="sm">
              <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
                <bdi>{user.displayName}</bdi> · {t(`roles.${user.role}`, { defaultValue: user.role })}
                {user.office ? ` · ${user.office}` : ''}
              </Text>
              <Button component={Link} to="/console/notifications" variant="subtle" size="xs">
                {t('nav.notifications')}
                {unread ? (
                  <>
                    <Badge ms={6} size="sm" color="red">
                      {unread}
                    </Badge>
                    {/* Read out as "Notifications 3 unread"; the visible text stays part of the name. */}
                    <VisuallyHidden>{t('nav.unread')}</VisuallyHidden>
                  </>
                ) : null}
              </Button>
              <Button
                variant="default"
                size="xs"
                onClick={() => void signOut().then(() => navigate('/console', { replace: true }))}
              >
                {t('signOut')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')}>
          {entries.map((e) => (
            <NavLink
              key={e.to}
              // Filled when active: the light variant's text on its tint falls short of AA contrast.
              variant="filled"
              component={Link}
              to={e.to}
              label={t(e.labelKey)}
              active={location.pathname === e.to || (e.to !== '/console' && location.pathname.startsWith(`${e.to}/`))}
            />
          ))}
          <div style={{ marginTop: 'auto' }}>
            <LanguageMenu onChanged={(lang) => updateUser({ language: lang as 'en' | 'fr' | 'ar' })} />
          </div>
        </AppShell.Navbar>
        <AppShell.Main>
          {/* A lazily loaded screen (the case page) waits inside the shell, which stays in place. */}
          <Suspense fallback={<Loader aria-label={t('loading')} />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
      </AppShell>
    </SessionZoneContext.Provider>
  );
}
