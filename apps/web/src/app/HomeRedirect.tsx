import { Navigate } from 'react-router';
import { useSession } from '../session/session';
import { homeOf } from './navigation';

export function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={homeOf(user.role)} replace />;
}
