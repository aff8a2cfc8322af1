import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { SqlCheckpointStore } from './catch-up-subscription.js';
import { describeEventStoreContract, type EventStoreAdapterUnderTest } from './event-store-contract.js';
import { createThrowawayEventStore } from './throwaway-event-store.js';

/** The PostgreSQL adapter, over `pg` (when DATABASE_URL is set) and over PGlite. */
const adapters: EventStoreAdapterUnderTest[] = backendsUnderTest().map((backend) => ({
  name: backend,
  appendsRace: backend === 'postgres',
  open: async () => {
    const fixture = await createThrowawayEventStore(backend);
    return {
      store: fixture.store,
      checkpoints: new SqlCheckpointStore(fixture.sql),
      openAnotherStore: () => fixture.openAnotherStore(),
      close: () => fixture.drop(),
    };
  },
}));

for (const adapter of adapters) describeEventStoreContract(adapter);
