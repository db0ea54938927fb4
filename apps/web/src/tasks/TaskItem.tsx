import { useAuth } from '@clerk/react';
import { useOptimistic, useTransition } from 'react';
import type { Task } from '../api/trpc';
import { DeleteButton } from '../ui/DeleteButton';
import { isPendingTask } from './use-tasks';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TaskItem({
  task,
  canDelete,
  onToggle,
  onDelete,
}: {
  task: Task;
  /** Org admins only (the API enforces it too: tasks.delete requires org:admin). */
  canDelete: boolean;
  /** Resolves when the API has answered (the cache is then confirmed or rolled back). */
  onToggle: (done: boolean) => Promise<unknown>;
  onDelete: () => void;
}) {
  const { userId } = useAuth();
  // The cache is edited optimistically too, but only after a tick; this flips the box in the same frame.
  const [shownDone, showDone] = useOptimistic(task.done);
  const [, startTransition] = useTransition();
  const pending = isPendingTask(task);
  const inputId = `task-${task.id}`;
  const author = task.createdBy === userId ? 'you' : (task.authorName ?? task.createdBy);
  return (
    <li className={shownDone ? 'task done' : 'task'} aria-busy={pending}>
      <input
        id={inputId}
        type="checkbox"
        checked={shownDone}
        disabled={pending}
        onChange={(event) => {
          const done = event.target.checked;
          startTransition(async () => {
            showDone(done);
            await onToggle(done);
          });
        }}
      />
      <label htmlFor={inputId}>{task.title}</label>
      <span className="meta muted">
        {pending ? 'Saving…' : `Added by ${author} · ${dateFormat.format(task.createdAt)}`}
      </span>
      {canDelete && <DeleteButton what={`task “${task.title}”`} disabled={pending} onDelete={onDelete} />}
    </li>
  );
}
