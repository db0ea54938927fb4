/** Standing in for Clerk's `<UserButton>` (with `userProfileMode="navigation"`): the way to your profile. */
import { Link } from 'wouter';
import { ACCOUNT_PATHS } from '../auth-ui';

export function LocalUserMenu() {
  return <Link to={ACCOUNT_PATHS.user}>Account</Link>;
}
