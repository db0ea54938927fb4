import { Show, useAuth } from '@clerk/react';
import { useOptimistic, useTransition } from 'react';
import type { Task } from '../api/trpc';
import { isPendingTask } from './use-tasks';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TaskItem({
  task,
  onToggle,
  onDelete,
}: {
  task: Task;
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
        {pending
          ? 'Saving…'
          : `${task.createdBy === userId ? 'Added by you' : 'Added'} · ${dateFormat.format(task.createdAt)}`}
      </span>
      {/* Only org admins may delete (the API enforces it too: tasks.delete requires org:admin). */}
      <Show when={{ role: 'org:admin' }}>
        <button
          type="button"
          className="danger"
          disabled={pending}
          onClick={onDelete}
          aria-label={`Delete task “${task.title}”`}
        >
          Delete
        </button>
      </Show>
    </li>
  );
}
