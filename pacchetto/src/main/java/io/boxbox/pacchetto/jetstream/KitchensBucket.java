package io.boxbox.pacchetto.jetstream;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Qualifies the KV bucket holding the maestri's kitchen signs (the order types each one takes). */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface KitchensBucket {
}
