import { Redirect, Route, Switch } from 'wouter';
import { ApiProvider } from './api/ApiProvider';
import { ApiKeysPage } from './api-keys/ApiKeysPage';
import { AuthProvider } from './auth/AuthProvider';
import { SessionNoticeProvider } from './auth/session-notice';
import type { WebConfig } from './config';
import { NotesPage } from './notes/NotesPage';
import { CreateOrganizationPage, OrganizationPage, UserProfilePage } from './routes/AccountPages';
import { Layout } from './routes/Layout';
import { NotFoundPage } from './routes/NotFoundPage';
import { RequireSignIn } from './routes/RequireSignIn';
import { SignInPage, SignUpPage } from './routes/SignInPage';
import { TasksPage } from './tasks/TasksPage';
import { ApiStatus } from './ui/ApiStatus';

export function AppRoutes() {
  return (
    <Switch>
      {/* `/*?`: the path and everything below it, where Clerk's components route their own steps. */}
      <Route path="/sign-in/*?" component={SignInPage} />
      <Route path="/sign-up/*?" component={SignUpPage} />
      <Route>
        <RequireSignIn>
          <Layout>
            <Switch>
              <Route path="/">
                <Redirect to="/notes" replace />
              </Route>
              <Route path="/notes" component={NotesPage} />
              <Route path="/tasks" component={TasksPage} />
              <Route path="/api-keys" component={ApiKeysPage} />
              <Route path="/organization/*?" component={OrganizationPage} />
              <Route path="/create-organization/*?" component={CreateOrganizationPage} />
              <Route path="/user/*?" component={UserProfilePage} />
              <Route component={NotFoundPage} />
            </Switch>
          </Layout>
        </RequireSignIn>
      </Route>
    </Switch>
  );
}

export function App({ config }: { config: WebConfig }) {
  return (
    <SessionNoticeProvider>
      <AuthProvider config={config}>
        <ApiProvider options={{ apiUrl: config.apiUrl, tokenTemplate: config.tokenTemplate }}>
          <AppRoutes />
          <ApiStatus />
        </ApiProvider>
      </AuthProvider>
    </SessionNoticeProvider>
  );
}
