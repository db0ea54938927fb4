/**
 * Local mode's stand-in for Clerk's `<APIKeys />`: create a key for yourself or for the active
 * organization, with scopes; see its secret once; list; revoke. Talks to the local issuer
 * (`/dev/auth/api-keys`) through the LocalClerk instance's client.
 */
import { useAuth, useOrganization, useUser } from '@clerk/react';
import type { DevApiKey } from '@gatehouse/auth/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useLocalClerk } from '../auth/local/LocalAuthProvider';
import { PageLoading } from '../ui/PageLoading';

/** The scopes the API grants to keys of each kind of owner (see `.or(apiKey(…))` in the routers). */
const SCOPES = { org: ['tasks:read', 'tasks:write'], user: ['notes:read'] } as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export default function LocalApiKeys() {
  const { userId, orgId } = useAuth();
  const { user } = useUser();
  const { organization } = useOrganization();
  const owners = [
    ...(orgId
      ? [{ subject: orgId, kind: 'org' as const, label: `${organization?.name ?? orgId} (organization)` }]
      : []),
    ...(userId
      ? [{ subject: userId, kind: 'user' as const, label: `Me (${user?.fullName ?? userId})` }]
      : []),
  ];
  const [subject, setSubject] = useState(owners[0]?.subject ?? '');
  const owner = owners.find((candidate) => candidate.subject === subject) ?? owners[0];
  if (!owner) return null;
  return (
    <div className="choice-list">
      <CreateKey owners={owners} owner={owner} onOwner={setSubject} />
      <KeyList subject={owner.subject} label={owner.label} />
    </div>
  );
}

type Owner = { subject: string; kind: keyof typeof SCOPES; label: string };

function CreateKey({
  owners,
  owner,
  onOwner,
}: {
  owners: Owner[];
  owner: Owner;
  onOwner: (s: string) => void;
}) {
  const { devAuth } = useLocalClerk();
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const create = useMutation({
    // Not a tRPC mutation: it carries no idempotency key, so a retry could make a second key.
    retry: false,
    mutationFn: () => devAuth.createApiKey({ subject: owner.subject, name: name.trim(), scopes }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['local-api-keys', owner.subject] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  const toggle = (scope: string) =>
    setScopes((held) => (held.includes(scope) ? held.filter((s) => s !== scope) : [...held, scope]));

  return (
    <div className="card">
      <h2>New API key</h2>
      <form className="stacked-form" onSubmit={submit} aria-label="Create an API key">
        <label htmlFor={`${id}-owner`}>For</label>
        <select
          id={`${id}-owner`}
          value={owner.subject}
          onChange={(event) => {
            onOwner(event.target.value);
            setScopes([]);
          }}
        >
          {owners.map((candidate) => (
            <option key={candidate.subject} value={candidate.subject}>
              {candidate.label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={64}
          required
        />
        <fieldset className="bare-fieldset">
          <legend>Scopes</legend>
          {SCOPES[owner.kind].map((scope) => (
            <label key={scope}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="error">
          Could not create the key: {messageOf(create.error)}
        </p>
      )}
      {create.data && <NewSecret secret={create.data.secret} onDone={() => create.reset()} />}
    </div>
  );
}

/** The secret, once: it is never shown again (the API keeps only its digest). */
function NewSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice" role="status">
      <p>Copy this key now: it will not be shown again.</p>
      <code data-testid="new-api-key-secret">{secret}</code>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function KeyList({ subject, label }: { subject: string; label: string }) {
  const { devAuth } = useLocalClerk();
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ['local-api-keys', subject],
    queryFn: () => devAuth.listApiKeys(subject),
  });
  const revoke = useMutation({
    mutationFn: (key: DevApiKey) => devAuth.revokeApiKey(key.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['local-api-keys', subject] }),
  });
  if (keys.isPending) return <PageLoading label="Loading API keys…" />;
  if (keys.isError) {
    return (
      <p role="alert" className="error">
        Could not list the keys: {messageOf(keys.error)}
      </p>
    );
  }
  return (
    <div className="card">
      <h2>Keys of {label}</h2>
      {keys.data.length === 0 && <p className="meta">No API keys yet.</p>}
      <ul className="choice-list" aria-label="API keys">
        {keys.data.map((key) => (
          <li key={key.id}>
            <span>
              <strong>{key.name}</strong>{' '}
              <span className="meta">
                {key.scopes.join(', ') || 'no scopes'} · {key.revoked ? 'Revoked' : 'Active'}
              </span>
            </span>
            {!key.revoked && (
              <button
                type="button"
                className="secondary"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(key)}
                aria-label={`Revoke ${key.name}`}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      {revoke.isError && (
        <p role="alert" className="error">
          Could not revoke the key: {messageOf(revoke.error)}
        </p>
      )}
    </div>
  );
}
