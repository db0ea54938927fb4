import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @gatehouse/db db:generate --name <change>` writes a new versioned SQL migration here.
export default defineConfig({
  dialect: 'postgresql',
  // Tables, and the row-level security policies over them.
  schema: ['./src/schema.ts', './src/row-security.ts'],
  out: './drizzle',
  strict: true,
});
