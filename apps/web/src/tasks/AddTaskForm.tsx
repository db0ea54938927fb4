import { LIMITS } from '@gatehouse/db/limits';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

/** `restored` puts back the title of a task the API refused, so it can be retried. */
export function AddTaskForm({
  onAdd,
  restored,
}: {
  onAdd: (title: string) => void;
  restored: { title: string } | null;
}) {
  const id = useId();
  const [title, setTitle] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (restored) setTitle((current) => current || restored.title);
  }, [restored]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    onAdd(trimmed);
    setTitle(''); // optimistic: the task is already in the list
    input.current?.focus();
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a task">
      <label htmlFor={id}>New task</label>
      <input
        id={id}
        ref={input}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        maxLength={LIMITS.titleMax}
        required
        autoComplete="off"
      />
      <button type="submit">Add task</button>
    </form>
  );
}
