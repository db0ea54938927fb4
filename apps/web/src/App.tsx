import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
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
    <Routes>
      <Route path="/sign-in/*" element={<SignInPage />} />
      <Route path="/sign-up/*" element={<SignUpPage />} />
      <Route
        element={
          <RequireSignIn>
            <Layout />
          </RequireSignIn>
        }
      >
        <Route index element={<Navigate to="/notes" replace />} />
        <Route path="notes" element={<NotesPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="organization/*" element={<OrganizationPage />} />
        <Route path="create-organization/*" element={<CreateOrganizationPage />} />
        <Route path="user/*" element={<UserProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ config }: { config: WebConfig }) {
  return (
    <BrowserRouter>
      <SessionNoticeProvider>
        <AuthProvider config={config}>
          <ApiProvider options={{ apiUrl: config.apiUrl, tokenTemplate: config.tokenTemplate }}>
            <AppRoutes />
            <ApiStatus />
          </ApiProvider>
        </AuthProvider>
      </SessionNoticeProvider>
    </BrowserRouter>
  );
}
