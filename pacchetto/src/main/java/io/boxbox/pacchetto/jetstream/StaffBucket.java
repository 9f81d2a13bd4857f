package io.boxbox.pacchetto.jetstream;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the KV bucket holding every simulated person's heartbeat. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface StaffBucket {
}
