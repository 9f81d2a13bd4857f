package io.boxbox.pacchetto.jetstream;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the KV bucket holding the latest snapshot of every order. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface OrdersBucket {
}
