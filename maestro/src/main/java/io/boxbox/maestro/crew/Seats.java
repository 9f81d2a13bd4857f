package io.boxbox.maestro.crew;

import io.boxbox.pacchetto.crew.Assignment;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places at the pass, held for orders not fetched yet. The puller reserves a maestro for every
 * order it asks JetStream for, so a lunch or a smoke that starts while the fetch waits cannot make
 * it refuse (and NAK, which burns a JetStream delivery) an order it already received: a maestro
 * holding a place takes no break until it is filled or given back. A place given back unfilled
 * is no order done, so no smoke follows.
 */
@Singleton
public class Seats {

    private static final Duration NO_HINT = Duration.ZERO;

    private final Crew maestri;
    private final AtomicLong numbers = new AtomicLong();

    public Seats(Crew maestri) {
        this.maestri = maestri;
    }

    /** One held place: the maestro and the name the place goes by until an order fills it. */
    public record Seat(CrewMember maestro, String placeholder) {
    }

    /** Holds up to {@code most} places with whoever is present and has room; maybe none. */
    public List<Seat> reserve(int most) {
        List<Seat> seats = new ArrayList<>();
        while (seats.size() < most) {
            String placeholder = "seat-" + numbers.incrementAndGet();
            if (!(maestri.assign(placeholder, NO_HINT) instanceof Assignment.Taken taken)) {
                break;
            }
            seats.add(new Seat(taken.member(), placeholder));
        }
        return seats;
    }

    /** The place now holds the order: the maestro is working on it. */
    public CrewMember fill(Seat seat, String orderId) {
        maestri.rename(seat.maestro(), seat.placeholder(), orderId);
        return seat.maestro();
    }

    public void giveBack(Seat seat) {
        maestri.withdraw(seat.maestro(), seat.placeholder());
    }
}
