package dev.kite.mqtt.store;

/** The {@link Store} contract for {@link MemoryStore}. */
class MemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
