package dev.kite.mqtt.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Store} contract for {@link FileStore} in its default mode. */
class FileStoreContractTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return new FileStore(dir.resolve("store"));
    }
}
