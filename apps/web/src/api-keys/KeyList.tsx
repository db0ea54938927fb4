/** The keys of one owner, each revocable after a question (a revoked key cannot be restored). */
import type { DevApiKey } from '@gatehouse/auth/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../api/errors';
import { useLocalClerk } from '../auth/local/LocalAuthProvider';
import { DeleteButton } from '../ui/DeleteButton';
import { PageLoading } from '../ui/PageLoading';

export function KeyList({ subject, label }: { subject: string; label: string }) {
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
        Could not list the keys. {describeError(keys.error)}
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
              <DeleteButton
                verb="Revoke"
                what={`key “${key.name}”`}
                disabled={revoke.isPending}
                onDelete={() => revoke.mutate(key)}
              />
            )}
          </li>
        ))}
      </ul>
      {revoke.isError && (
        <p role="alert" className="error">
          Could not revoke the key. {describeError(revoke.error)}
        </p>
      )}
    </div>
  );
}
