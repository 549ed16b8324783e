package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PermitsTest {

    @Test
    void acquireTakesAPlaceAndWaitsWhileEveryPlaceIsHeld() throws Exception {
        Permits p = new Permits(1, Long.MAX_VALUE);
        assertThat(p.acquire(0)).isTrue();
        assertThat(p.held()).isEqualTo(1);
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread waiting = blockedAcquire(p, 0, second);
        p.release(1, 0);
        waiting.join(5_000);
        assertThat(second.get()).isTrue();
        p.close();
        assertThat(p.acquire(0)).isFalse();
        assertThat(p.held()).isEqualTo(1);
    }

    @Test
    void theByteBoundStopsATakerUntilBytesAreReleased() throws Exception {
        Permits p = new Permits(100, 1000);
        assertThat(p.acquire(600)).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread waiting = blockedAcquire(p, 600, second);
        assertThat(p.held()).isEqualTo(1);
        p.release(1, 600);
        waiting.join(5_000);
        assertThat(second.get()).isTrue();
        assertThat(p.heldBytes()).isEqualTo(600);
    }

    @Test
    void workHeavierThanTheByteBoundGoesThroughAlone() throws Exception {
        Permits p = new Permits(100, 1000);
        assertThat(p.acquire(5000)).as("nothing else held: taken at once").isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread waiting = blockedAcquire(p, 1, second);
        p.release(1, 5000);
        waiting.join(5_000);
        assertThat(second.get()).isTrue();
        assertThat(p.heldBytes()).isEqualTo(1);
    }

    @Test
    void aSuspendedBoundLetsTakersPastUntilResumed() throws Exception {
        Permits p = new Permits(1, 1000);
        p.acquire(10);
        Thread waiting = blockedAcquire(p, 10, new AtomicReference<>());
        p.suspend();
        waiting.join(5_000);
        assertThat(waiting.isAlive()).isFalse();
        assertThat(p.acquire(5000)).as("past both bounds while suspended").isTrue();
        assertThat(p.held()).isEqualTo(3);
        p.resume();
        AtomicReference<Boolean> fourth = new AtomicReference<>();
        Thread after = blockedAcquire(p, 0, fourth);
        assertThat(fourth.get()).as("the bound holds again").isNull();
        p.release(3, 5020);
        after.join(5_000);
        assertThat(fourth.get()).isTrue();
    }

    @Test
    void closingReleasesAWaitingTakerEmptyHanded() throws Exception {
        Permits p = new Permits(1, Long.MAX_VALUE);
        p.acquire(0);
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread waiting = blockedAcquire(p, 0, second);
        p.close();
        waiting.join(5_000);
        assertThat(second.get()).isFalse();
        assertThat(p.held()).isEqualTo(1);
        assertThat(p.isClosed()).isTrue();
    }

    @Test
    void aTakerAboutToWaitRunsTheHookFirst() throws Exception {
        AtomicInteger hooks = new AtomicInteger();
        Permits p = new Permits(1, Long.MAX_VALUE, hooks::incrementAndGet);
        p.acquire(0);
        assertThat(hooks.get()).as("no wait, no hook").isZero();
        Thread waiting = blockedAcquire(p, 0, new AtomicReference<>());
        assertThat(hooks.get()).isEqualTo(1);
        p.release(1, 0);
        waiting.join(5_000);
    }

    /** Starts a thread that acquires {@code bytes} from full permits; returns once it waits. */
    private static Thread blockedAcquire(Permits p, long bytes, AtomicReference<Boolean> result) {
        Thread taker = new Thread(() -> {
            try {
                result.set(p.acquire(bytes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> taker.getState() == Thread.State.WAITING);
        return taker;
    }
}
