package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Receives fault-injection commands on {@code boxbox.admin.<service>} and applies them to this
 * instance's crew and mishap odds. Every instance of the service answers; the gateway's guarded
 * admin endpoint gathers the answers.
 */
@Singleton
@Requires(beans = Crew.class)
public class CrewAdmin implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CrewAdmin.class);

    private final Crew crew;
    private final Mishaps mishaps;
    private final ServiceIdentity identity;
    private final Provider<Connection> nats;
    private final ObjectMapper json;

    public CrewAdmin(Crew crew, Mishaps mishaps, ServiceIdentity identity, Provider<Connection> nats, ObjectMapper json) {
        this.crew = crew;
        this.mishaps = mishaps;
        this.identity = identity;
        this.nats = nats;
        this.json = json;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        // Connect off the start-up path: a service must come up (and say why it is unhealthy) without NATS.
        Thread.ofVirtual().name("crew-admin").start(() -> {
            Connection connection = nats.get();
            Dispatcher dispatcher = connection.createDispatcher(this::handle);
            dispatcher.subscribe(CrewCommand.subject(identity.service()));
        });
    }

    private void handle(Message message) {
        CrewCommand.Reply reply;
        try {
            reply = apply(json.readValue(message.getData(), CrewCommand.class));
        } catch (IOException | RuntimeException e) {
            reply = new CrewCommand.Reply(identity.service(), identity.instance(), List.of(), mishaps.effective(),
                    "cannot apply command: " + e.getMessage());
        }
        if (message.getReplyTo() != null) {
            try {
                message.getConnection().publish(message.getReplyTo(), json.writeValueAsBytes(reply));
            } catch (IOException e) {
                LOG.warn("cannot answer admin command: {}", e.toString());
            }
        }
    }

    CrewCommand.Reply apply(CrewCommand command) {
        return switch (command.action() == null ? "" : command.action()) {
            case "absence" -> {
                if (command.kind() == null || command.durationS() == null || command.durationS() <= 0) {
                    throw new IllegalArgumentException("an absence needs a kind and a positive duration_s");
                }
                Duration simulated = Duration.ofMillis(Math.round(command.durationS() * 1000));
                List<String> sent = crew.force(Optional.ofNullable(command.person()), command.kind(), simulated);
                LOG.info("fault injection: {} sent {} for {}", sent, command.kind(), simulated);
                yield new CrewCommand.Reply(identity.service(), identity.instance(), sent, mishaps.effective(), null);
            }
            case "mishap" -> {
                if (command.mishap() == null || command.probability() == null
                        || command.probability() < 0 || command.probability() > 1) {
                    throw new IllegalArgumentException("a mishap needs a name and a probability between 0 and 1");
                }
                if (mishaps.set(command.mishap(), command.probability()).isEmpty()) {
                    throw new IllegalArgumentException(identity.service() + " has no mishap called " + command.mishap()
                            + "; it has " + mishaps.effective().keySet());
                }
                LOG.info("fault injection: {} now happens with probability {}", command.mishap(), command.probability());
                yield new CrewCommand.Reply(identity.service(), identity.instance(), List.of(), mishaps.effective(), null);
            }
            case "status" -> new CrewCommand.Reply(identity.service(), identity.instance(),
                    crew.roster().stream().map(CrewMemberView::name).toList(), mishaps.effective(), null);
            default -> throw new IllegalArgumentException("unknown action '" + command.action() + "'; use absence, mishap or status");
        };
    }
}
