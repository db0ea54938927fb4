import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

// VITE_* values were validated when vite.config.ts loaded; loadConfig only applies defaults.
root.render(
  <StrictMode>
    <App config={loadConfig()} />
  </StrictMode>,
);
