import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { checkText, RULES } from '../ui/validation';

/**
 * The new-task field. Adding is optimistic: the task shows in the list at once and the field empties.
 * `restored` puts back the title of a task the API refused, so it can be sent again. While `adding()`
 * (a create in flight), an empty submit is the second click of a double-click, not a mistake to report.
 */
export function AddTaskForm({
  onAdd,
  restored,
  adding,
}: {
  onAdd: (title: string) => void;
  restored: { title: string } | null;
  adding: () => boolean;
}) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (restored) setTitle((current) => current || restored.title);
  }, [restored]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '' && adding()) return;
    const problem = checkText(title, RULES.taskTitle);
    setError(problem);
    input.current?.focus();
    if (problem) return;
    onAdd(title.trim());
    setTitle('');
  };

  return (
    <form className="add-task" noValidate onSubmit={submit} aria-label="Add a task">
      <label htmlFor={id}>New task</label>
      <div className="add-task-row">
        <input
          id={id}
          ref={input}
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            if (error) setError(checkText(event.target.value, RULES.taskTitle));
          }}
          required
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit">Add task</button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </form>
  );
}
