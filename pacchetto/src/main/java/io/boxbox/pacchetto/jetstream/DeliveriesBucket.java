package io.boxbox.pacchetto.jetstream;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the KV bucket holding the driver bookkeeping of every order out for delivery (last position, ETA). */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface DeliveriesBucket {
}
