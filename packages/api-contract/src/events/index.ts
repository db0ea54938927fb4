// Server entry for live updates (`@gatehouse/api-contract/events`): the bus the API wires up, and the
// event types a client of `tasks.onChange` receives.
export {
  type BusListener,
  type BusSignal,
  type BusSubscription,
  createLocalEventBus,
  type LocalEventBus,
  type TaskEventBus,
} from './bus';
export type { ChangeNotice, TaskChange, TaskView } from './task-changes';
export { type TaskStreamEvent, taskChangeStream } from './task-stream';
