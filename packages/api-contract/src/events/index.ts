// Server entry for live updates (`@gatehouse/api-contract/events`): the bus the API wires up. Clients
// of `tasks.onChange` take the event type (`TaskStreamEvent`) from the main entry.
export {
  type BusListener,
  type BusSignal,
  type BusSubscription,
  createLocalEventBus,
  type LocalEventBus,
  type TaskEventBus,
} from './bus';
