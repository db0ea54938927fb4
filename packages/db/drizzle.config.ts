import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @gatehouse/db db:generate --name <change>` writes a new versioned SQL migration here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
  strict: true,
});
