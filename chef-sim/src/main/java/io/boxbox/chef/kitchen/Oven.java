package io.boxbox.chef.kitchen;

import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;

/** The pizza oven: a fixed number of slots. A pizza reserves its slot before topping starts. */
@Singleton
public class Oven {

    private final Semaphore slots;
    private final int capacity;

    public Oven(KitchenSettings settings) {
        this.capacity = settings.ovenSlots();
        this.slots = new Semaphore(capacity);
    }

    public boolean tryReserve() {
        return slots.tryAcquire();
    }

    public void free() {
        slots.release();
    }

    public int inUse() {
        return capacity - slots.availablePermits();
    }
}
