/**
 * Local mode's stand-in for Clerk's `<APIKeys />`: create a key for yourself or, as one of its admins,
 * for the active organization, with scopes; see its secret once; list; revoke. Talks to the local
 * issuer (`/dev/auth/api-keys`) through the LocalClerk instance's client, which refuses a member's
 * changes to the organization's keys (403): the page only hides what the person cannot do.
 */
import { useAuth, useOrganization, useUser } from '@clerk/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { describeError } from '../api/errors';
import { useLocalClerk } from '../auth/local/LocalAuthProvider';
import { useSingleFlight } from '../ui/use-single-flight';
import { KeyList } from './KeyList';

/** The scopes the API grants to keys of each kind of owner (see `.or(apiKey(…))` in the routers). */
const SCOPES = { org: ['tasks:read', 'tasks:write'], user: ['notes:read'] } as const;

export default function LocalApiKeys() {
  const { userId, orgId, has } = useAuth();
  const { user } = useUser();
  const { organization } = useOrganization();
  const isOrgAdmin = has?.({ role: 'org:admin' }) ?? false;
  const owners = [
    ...(orgId && isOrgAdmin
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
  const once = useSingleFlight();
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
    if (name.trim()) once(() => create.mutateAsync());
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
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>. */}
        <button type="submit" aria-disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="error">
          Could not create the key. {describeError(create.error)}
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
