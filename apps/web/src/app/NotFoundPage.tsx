import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../components';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle text={t('notFound.title')} />
      <Text>
        <Anchor component={Link} to="/console">
          {t('notFound.home')}
        </Anchor>
      </Text>
    </>
  );
}
