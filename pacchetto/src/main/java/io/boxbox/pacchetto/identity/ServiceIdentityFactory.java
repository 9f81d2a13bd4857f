package io.boxbox.pacchetto.identity;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

@Factory
class ServiceIdentityFactory {

    @Singleton
    ServiceIdentity serviceIdentity(@Value("${micronaut.application.name}") String service,
                                    @Value("${boxbox.instance:}") String configuredInstance) {
        String instance = configuredInstance.isBlank() ? defaultInstance(service) : configuredInstance;
        return new ServiceIdentity(service, instance);
    }

    /** service@host:pid tells replicas on one machine apart and survives no restart, as it should. */
    private static String defaultInstance(String service) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return service + "@" + host + ":" + ProcessHandle.current().pid();
    }
}
