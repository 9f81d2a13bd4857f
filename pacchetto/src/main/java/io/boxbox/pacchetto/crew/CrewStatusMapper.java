package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.proto.common.v1.CrewMember;
import io.boxbox.proto.common.v1.StatusResponse;

/** Renders a crew roster as the {@code Status} RPC's answer. */
public final class CrewStatusMapper {

    private CrewStatusMapper() {
    }

    public static StatusResponse toStatus(ServiceIdentity identity, Crew crew) {
        StatusResponse.Builder status = StatusResponse.newBuilder()
                .setService(identity.service())
                .setInstance(identity.instance());
        for (CrewMemberView member : crew.roster()) {
            CrewMember.Builder person = CrewMember.newBuilder()
                    .setName(member.name())
                    .setState(member.state())
                    .setSince(ProtoTime.of(member.since()));
            if (member.until() != null) {
                person.setUntil(ProtoTime.of(member.until()));
            }
            if (member.orderId() != null) {
                person.setOrderId(member.orderId());
            }
            status.addCrew(person);
        }
        return status.build();
    }
}
