import { useAuth, useOrganization } from '@clerk/react';
import { useRef, useState } from 'react';
import { isUnreachable } from '../api/connection';
import { allItems } from '../api/paged-cache';
import { useOnReconnect } from '../api/use-connection';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadMoreButton } from '../ui/LoadMoreButton';
import { PageLoading } from '../ui/PageLoading';
import { usePageTitle } from '../ui/usePageTitle';
import { AddTaskForm } from './AddTaskForm';
import { ChooseOrganization } from './ChooseOrganization';
import { LiveIndicator } from './LiveIndicator';
import { useLiveTasks } from './live-tasks';
import { TaskItem } from './TaskItem';
import { useTaskList, useTaskMutations } from './use-tasks';

export function TasksPage() {
  const { orgId } = useAuth();
  const { organization } = useOrganization();
  usePageTitle('Tasks');
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Tasks{organization ? ` · ${organization.name}` : ''}
      </h1>
      {orgId ? <OrgTasks orgName={organization?.name ?? 'this organization'} /> : <ChooseOrganization />}
    </section>
  );
}

/** A failed task action, and whether it was only that the API could not be reached. */
type Problem = { message: string; unreachable: boolean };

function OrgTasks({ orgName }: { orgName: string }) {
  const { has } = useAuth();
  const isAdmin = has?.({ role: 'org:admin' }) ?? false;
  const list = useTaskList();
  const live = useLiveTasks();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [restoredTitle, setRestoredTitle] = useState<{ title: string } | null>(null);
  const creating = useRef(0);
  const mutations = useTaskMutations((message, failed) => {
    setProblem({ message, unreachable: isUnreachable(failed.error) });
    if (failed.title !== undefined) setRestoredTitle({ title: failed.title });
  });
  // The outage is over: its messages are (the refused title is still in the field).
  useOnReconnect(() => setProblem((current) => (current?.unreachable ? null : current)));
  const tasks = allItems(list.data);

  return (
    <>
      <LiveIndicator status={live.status} onReconnect={live.reconnect} />
      <AddTaskForm
        restored={restoredTitle}
        adding={() => creating.current > 0}
        onAdd={(title) => {
          setProblem(null);
          creating.current += 1;
          mutations.create.mutate({ title }, { onSettled: () => (creating.current -= 1) });
        }}
      />
      {problem && (
        <div role="alert" className="error">
          <p>{problem.message}</p>
          <button type="button" className="secondary" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
      {list.isPending && <PageLoading label="Loading tasks…" />}
      {/* With tasks shown, a failed refresh is the footer's "unreachable", not a second message. */}
      {list.isError && !list.data && (
        <ErrorNotice
          what="Tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}
      {list.isSuccess && tasks.length === 0 && (
        <p className="empty">No tasks in {orgName} yet. Add the first one above.</p>
      )}
      {tasks.length > 0 && !isAdmin && (
        <p className="muted">Only admins of {orgName} can delete tasks; ask one to remove a task.</p>
      )}
      {tasks.length > 0 && (
        <ul className="task-list" aria-label={`Tasks of ${orgName}`}>
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              canDelete={isAdmin}
              onToggle={(done) => {
                setProblem(null);
                // Failures are reported (and rolled back) by the mutation's onError.
                return mutations.toggle.mutateAsync({ id: task.id, done }).catch(() => undefined);
              }}
              onDelete={() => {
                setProblem(null);
                // The task leaves the list at once: the focus goes to the page's heading, not <body>.
                document.getElementById('page-heading')?.focus();
                mutations.remove.mutate(
                  { id: task.id },
                  { onSuccess: () => setAnnouncement(`Task “${task.title}” deleted.`) },
                );
              }}
            />
          ))}
        </ul>
      )}
      <LoadMoreButton list={list} what="tasks" />
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </>
  );
}
