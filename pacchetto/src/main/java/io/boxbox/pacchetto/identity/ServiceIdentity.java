package io.boxbox.pacchetto.identity;

/** Which service this process is, and which instance of it (several replicas may run). */
public record ServiceIdentity(String service, String instance) {
}
