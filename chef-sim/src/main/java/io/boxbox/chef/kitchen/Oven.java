package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.sim.SimClock;
import jakarta.inject.Singleton;

import java.time.Duration;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** The pizza oven: a fixed number of slots. A pizza reserves its slot before topping starts. */
@Singleton
public class Oven {

    /** One reserved slot; freeing it twice (out of the oven, then on the way out) frees it once. */
    public final class Slot implements AutoCloseable {

        private final AtomicBoolean held = new AtomicBoolean(true);

        public void free() {
            if (held.compareAndSet(true, false)) {
                slots.release();
            }
        }

        @Override
        public void close() {
            free();
        }
    }

    private final Semaphore slots;
    private final int capacity;

    public Oven(KitchenSettings settings) {
        this.capacity = settings.ovenSlots();
        this.slots = new Semaphore(capacity);
    }

    /** A slot, or empty when the oven is full. */
    public Optional<Slot> reserve() {
        return slots.tryAcquire() ? Optional.of(new Slot()) : Optional.empty();
    }

    /** A slot, waiting up to {@code within} (real time, through the simulation clock) for one to come free; empty when none did. */
    public Optional<Slot> reserve(Duration within, SimClock clock) throws InterruptedException {
        return clock.acquireWithin(slots, within) ? Optional.of(new Slot()) : Optional.empty();
    }

    public int inUse() {
        return capacity - slots.availablePermits();
    }
}
