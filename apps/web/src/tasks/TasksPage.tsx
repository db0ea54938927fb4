import { useAuth, useOrganization } from '@clerk/react';
import { useState } from 'react';
import { allItems } from '../api/paged-cache';
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

function OrgTasks({ orgName }: { orgName: string }) {
  const list = useTaskList();
  const live = useLiveTasks();
  const [problem, setProblem] = useState<string | null>(null);
  const [restoredTitle, setRestoredTitle] = useState<{ title: string } | null>(null);
  const mutations = useTaskMutations((message, failed) => {
    setProblem(message);
    if (failed.title !== undefined) setRestoredTitle({ title: failed.title });
  });
  const tasks = allItems(list.data);

  return (
    <>
      <LiveIndicator status={live.status} onReconnect={live.reconnect} />
      <AddTaskForm
        restored={restoredTitle}
        onAdd={(title) => {
          setProblem(null);
          mutations.create.mutate({ title });
        }}
      />
      {problem && (
        <div role="alert" className="error">
          <p>{problem}</p>
          <button type="button" className="secondary" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      )}
      {list.isPending && <PageLoading label="Loading tasks…" />}
      {list.isError && (
        <ErrorNotice
          what="Tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}
      {list.isSuccess && tasks.length === 0 && (
        <p className="empty">No tasks in {orgName} yet. Add the first one above.</p>
      )}
      {tasks.length > 0 && (
        <ul className="task-list" aria-label={`Tasks of ${orgName}`}>
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              onToggle={(done) => {
                setProblem(null);
                // Failures are reported (and rolled back) by the mutation's onError.
                return mutations.toggle.mutateAsync({ id: task.id, done }).catch(() => undefined);
              }}
              onDelete={() => {
                setProblem(null);
                mutations.remove.mutate({ id: task.id });
              }}
            />
          ))}
        </ul>
      )}
      <LoadMoreButton list={list} what="tasks" />
    </>
  );
}
