# syntax=docker/dockerfile:1
#
# Box Box — one image recipe for every service of the mesh.
#
#   docker build --build-arg SERVICE=maestro -t boxbox/maestro:dev .
#
# SERVICE is one of: paddock-gateway maestro panettiere chef-sim driver-sim.
# docker-compose.yml builds all five from this file; BuildKit shares the build stage between them,
# so the Maven build runs once per source change, not once per service.

ARG JAVA_VERSION=21

# ---------------------------------------------------------------------------------------------
# Build: the whole reactor, exactly as a developer builds it (`mvn -B -DskipTests install`).
# ---------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
WORKDIR /src

# The OpenTelemetry Java agent, from Maven Central like every other dependency. Fetched before the
# sources are copied so this layer survives code changes. Never committed to the repository.
ARG OTEL_AGENT_VERSION=2.21.0
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:${OTEL_AGENT_VERSION} \
        -DoutputDirectory=/agent -Dmdep.stripVersion=true \
 && test -s /agent/opentelemetry-javaagent.jar

COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests install

# One fat jar per service under a fixed name, whatever the project version is.
RUN set -eu; mkdir -p /jars; \
    for m in paddock-gateway maestro panettiere chef-sim driver-sim; do \
      jars=$(ls "$m"/target/"$m"-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$' -e '-javadoc\.jar$'); \
      [ "$(echo "$jars" | wc -l)" -eq 1 ] || { echo "expected one fat jar for $m, found: $jars" >&2; exit 1; }; \
      cp "$jars" "/jars/$m.jar"; \
    done

# ---------------------------------------------------------------------------------------------
# Runtime: a JRE, the agent and one service's jar, run as an unprivileged user.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime

RUN groupadd --system --gid 10001 boxbox \
 && useradd --system --uid 10001 --gid boxbox --home-dir /app --no-create-home --shell /usr/sbin/nologin boxbox

ARG SERVICE
RUN case "${SERVICE:-}" in \
      paddock-gateway|maestro|panettiere|chef-sim|driver-sim) ;; \
      *) echo "build with --build-arg SERVICE=<paddock-gateway|maestro|panettiere|chef-sim|driver-sim> (got '${SERVICE:-}')" >&2; exit 1 ;; \
    esac

COPY --from=build /agent/opentelemetry-javaagent.jar /otel/opentelemetry-javaagent.jar
COPY --from=build /jars/${SERVICE}.jar /app/app.jar

# The service's JVM options, from jvm.options as ./boxbox up and the tests give them: the shared
# ones, this service's own ([<service>] lines: its heap cap) and those for this JDK ([jdkN+] lines),
# rendered by the same jvm-options.awk into a java @argfile.
ARG JAVA_VERSION
COPY jvm.options jvm-options.awk /tmp/jvm/
RUN awk -v svc="${SERVICE}" -v jdk="${JAVA_VERSION}" \
        -v services="paddock-gateway maestro panettiere chef-sim driver-sim" \
        -f /tmp/jvm/jvm-options.awk /tmp/jvm/jvm.options >/app/jvm.options \
 && test -s /app/jvm.options && rm -r /tmp/jvm

LABEL org.opencontainers.image.title="boxbox-${SERVICE}" \
      org.opencontainers.image.description="Box Box ${SERVICE}: the F1 team's pizza kitchen mesh"
# The agent names the service after this unless the environment says otherwise.
ENV OTEL_SERVICE_NAME=${SERVICE}

WORKDIR /app
USER 10001:10001
# More JVM flags can go in JDK_JAVA_OPTIONS; the launcher reads it before the command line, so
# where both set the same flag, /app/jvm.options wins (change jvm.options and rebuild instead).
ENTRYPOINT ["java", "@/app/jvm.options", "-javaagent:/otel/opentelemetry-javaagent.jar", "-jar", "/app/app.jar"]
