package io.boxbox.pacchetto.grpc;

import com.google.protobuf.Timestamp;

import java.time.Instant;

/** Conversions between java.time and protobuf's well-known Timestamp. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
