package io.boxbox.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.pacchetto.crew.CrewCommand;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Sends a fault-injection command to every instance of a service and gathers their answers. */
@Singleton
public class CrewCommands {

    private final Connection nats;
    private final ObjectMapper json;
    private final AdminSettings settings;

    public CrewCommands(Connection nats, ObjectMapper json, AdminSettings settings) {
        this.nats = nats;
        this.json = json;
        this.settings = settings;
    }

    public List<CrewCommand.Reply> send(String service, CrewCommand command) {
        String inbox = nats.createInbox();
        Subscription answers = nats.subscribe(inbox);
        try {
            nats.publish(CrewCommand.subject(service), inbox, json.writeValueAsBytes(command));
            List<CrewCommand.Reply> replies = new ArrayList<>();
            Instant deadline = Instant.now().plus(settings.gather());
            while (true) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!left.isPositive()) {
                    return replies;
                }
                Message answer = answers.nextMessage(left);
                if (answer == null) {
                    return replies;
                }
                if (answer.isStatusMessage()) {
                    // NATS answers "no responders" at once when no instance listens: nobody to wait for.
                    return replies;
                }
                replies.add(json.readValue(answer.getData(), CrewCommand.Reply.class));
            }
        } catch (IOException | IllegalStateException e) {
            throw new BrokerUnavailableException("cannot reach " + service + " through NATS right now; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for " + service, e);
        } finally {
            answers.unsubscribe();
        }
    }
}
