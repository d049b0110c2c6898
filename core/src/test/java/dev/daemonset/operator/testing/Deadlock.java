package dev.daemonset.operator.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two daemon threads that each hold one lock and wait for the other's, for as long as the test keeps
 * them: {@link #close} interrupts both (they wait interruptibly) and waits for them to end.
 */
public final class Deadlock implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Thread a;
    private final Thread b;

    private Deadlock(Thread a, Thread b) {
        this.a = a;
        this.b = b;
    }

    public static Deadlock between(String nameA, String nameB) {
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        return new Deadlock(
                lockInOrder(nameA, first, second, bothHoldOne), lockInOrder(nameB, second, first, bothHoldOne));
    }

    private static Thread lockInOrder(String name, ReentrantLock one, ReentrantLock other, CountDownLatch bothHoldOne) {
        Thread t = new Thread(
                () -> {
                    one.lock();
                    try {
                        bothHoldOne.countDown();
                        bothHoldOne.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        other.lockInterruptibly();
                        other.unlock();
                    } catch (InterruptedException e) {
                        // the test broke the deadlock
                    } finally {
                        one.unlock();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() throws InterruptedException {
        a.interrupt();
        b.interrupt();
        a.join(WAIT.toMillis());
        b.join(WAIT.toMillis());
    }
}
