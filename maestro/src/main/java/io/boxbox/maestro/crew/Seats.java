package io.boxbox.maestro.crew;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Places at the pass, held for orders not fetched yet. The puller holds a maestro for every order
 * it asks JetStream for, so a lunch or a smoke that falls due while the fetch waits cannot make it
 * refuse (and NAK, which burns a JetStream delivery) an order it already received: a maestro
 * holding a place takes no break until the place is filled or given back. A place given back
 * unfilled is no order done, so no smoke follows.
 */
@Singleton
public class Seats {

    private final Crew maestri;

    public Seats(Crew maestri) {
        this.maestri = maestri;
    }

    /** Holds up to {@code most} places with whoever is present and has room; maybe none. */
    public List<CrewMember> reserve(int most) {
        List<CrewMember> seats = new ArrayList<>();
        while (seats.size() < most) {
            Optional<CrewMember> maestro = maestri.hold();
            if (maestro.isEmpty()) {
                break;
            }
            seats.add(maestro.get());
        }
        return seats;
    }

    /** The place now holds the order: the maestro is working on it. */
    public CrewMember fill(CrewMember seat, String orderId) {
        maestri.fill(seat, orderId);
        return seat;
    }

    public void giveBack(CrewMember seat) {
        maestri.unhold(seat);
    }
}
