import { Show, useAuth } from '@clerk/react';
import type { Task } from '../api/trpc';
import { isPendingTask } from './use-tasks';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TaskItem({ task, onToggle, onDelete }: { task: Task; onToggle: (done: boolean) => void; onDelete: () => void }) {
  const { userId } = useAuth();
  const pending = isPendingTask(task);
  const inputId = `task-${task.id}`;
  return (
    <li className={task.done ? 'task done' : 'task'} aria-busy={pending}>
      <input
        id={inputId}
        type="checkbox"
        checked={task.done}
        disabled={pending}
        onChange={(event) => onToggle(event.target.checked)}
      />
      <label htmlFor={inputId}>{task.title}</label>
      <span className="meta muted">
        {pending ? 'Saving…' : `${task.createdBy === userId ? 'Added by you' : 'Added'} · ${dateFormat.format(task.createdAt)}`}
      </span>
      {/* Only org admins may delete (the API enforces it too: tasks.delete requires org:admin). */}
      <Show when={{ role: 'org:admin' }}>
        <button type="button" className="danger" disabled={pending} onClick={onDelete} aria-label={`Delete task “${task.title}”`}>
          Delete
        </button>
      </Show>
    </li>
  );
}
