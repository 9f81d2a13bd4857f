package io.boxbox.gateway.time;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The gateway's one clock: when an order was placed and which day its number belongs to. The
 * gateway simulates nobody, so it is the wall clock; tests replace the bean to move time by hand.
 */
@Factory
public class WallClockFactory {

    @Singleton
    Clock wallClock() {
        return Clock.systemUTC();
    }
}
