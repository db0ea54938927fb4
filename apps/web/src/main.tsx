import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig, type WebConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

let config: WebConfig | null = null;
try {
  config = loadConfig();
} catch (error) {
  // The build validates this too; a dev server with a bad .env lands here, so say it on screen.
  console.error(error);
  root.render(
    <main className="config-error">
      <h1>Gatehouse is misconfigured</h1>
      <pre>{error instanceof Error ? error.message : String(error)}</pre>
    </main>,
  );
}

if (config) {
  root.render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
}
