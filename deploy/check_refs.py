#!/usr/bin/env python3
"""Box Box — cross-reference checks of the deployment files (run by deploy/check.sh).

docker compose validates its own file, but not whether Traefik routes to services that exist,
whether maestro's channels name every replica, whether the collector's pipelines name
components it defines, or whether the MQTT ACL and the passwords cover the same devices. This does.

usage: check_refs.py [RESOLVED_COMPOSE_YAML]
  With an argument it reads compose's own resolved output (`docker compose config`); without,
  docker-compose.yml itself (YAML merge keys resolved by PyYAML, ${VAR} left as written).
Prints one line per check and exits non-zero when any fails.
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
JAVA_SERVICES = ["paddock-gateway", "maestro", "panettiere", "chef-sim", "driver-sim"]
REPLICAS = 2
GRPC_PORTS = {"maestro": 7777, "panettiere": 8888, "chef-sim": 8889, "driver-sim": 8890}
MAESTRO_CHANNELS = {
    "GRPC_CHANNELS_PANETTIERE_ADDRESS": "panettiere",
    "GRPC_CHANNELS_CHEF_ADDRESS": "chef-sim",
    "GRPC_CHANNELS_DRIVER_ADDRESS": "driver-sim",
}
REQUIRED_TASKS = [
    "aux:up", "aux:down", "telemetry:up", "telemetry:down", "services:up", "services:down",
    "load-generator:up", "load-generator:down", "all:up", "all:down",
    "local:up", "local:down", "local:status", "local:order", "test",
]
# Keys a go-task v3 task may carry (a typo such as `cmd:` for `cmds:` is otherwise silently ignored
# by YAML and only found when the task runs).
TASK_KEYS = {
    "desc", "summary", "cmds", "cmd", "deps", "vars", "env", "dotenv", "dir", "silent", "status",
    "sources", "generates", "preconditions", "requires", "internal", "interactive", "method",
    "prefix", "ignore_error", "run", "platforms", "aliases", "label", "prompt", "set", "shopt",
    "watch", "failfast", "if",
}

passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {what}")
    else:
        failed += 1
        print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def container_port(mapping):
    """'${BIND:-127.0.0.1}:${PORT:-8080}:8080' or '127.0.0.1:8080:8080/tcp' or a dict → 8080."""
    if isinstance(mapping, dict):
        return int(mapping["target"])
    return int(str(mapping).rsplit(":", 1)[-1].split("/")[0])


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def main():
    compose_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docker-compose.yml"
    compose = load(compose_path)
    services = compose["services"]
    static = load(ROOT / "deploy/traefik/traefik.yml")
    dynamic = load(ROOT / "deploy/traefik/dynamic.yml")
    collector = load(ROOT / "otel-collector-config.yaml")
    taskfile = load(ROOT / "Taskfile.yaml")

    print(f"compose ({compose_path.name})")
    expected = {f"{s}-{i}" for s in JAVA_SERVICES for i in range(1, REPLICAS + 1)}
    check(expected <= services.keys(), "two replicas of each service", sorted(expected - services.keys()))
    for name in sorted(expected & services.keys()):
        svc, base = services[name], name.rsplit("-", 1)[0]
        env = env_of(svc)
        check(svc.get("build", {}).get("args", {}).get("SERVICE") == base,
              f"{name} builds the Dockerfile with SERVICE={base}")
        check(env.get("BOXBOX_INSTANCE") == name, f"{name} has BOXBOX_INSTANCE={name}")
        check(env.get("OTEL_SERVICE_NAME") == base, f"{name} has OTEL_SERVICE_NAME={base}")
        check(f"service.instance.id={name}" in str(env.get("OTEL_RESOURCE_ATTRIBUTES", "")),
              f"{name} reports service.instance.id={name}")
        nats = str(env.get("BOXBOX_NATS_URL", ""))
        check(re.fullmatch(r"nats://nats-[123]:4222", nats) is not None,
              f"{name} has a single NATS URL", nats)
        check("services" in svc.get("profiles", []), f"{name} is in profile services")
        test = " ".join(map(str, svc.get("healthcheck", {}).get("test", [])))
        if base in GRPC_PORTS:
            port = GRPC_PORTS[base]
            check(str(env.get("GRPC_SERVER_PORT")) == str(port), f"{name} serves gRPC on {port}")
            check(f"io.boxbox.pacchetto.grpc.HealthProbe {base}=127.0.0.1:{port}" in test,
                  f"{name} health check probes 127.0.0.1:{port}", test)
        else:
            check(str(env.get("MICRONAUT_SERVER_PORT")) == "8080", f"{name} serves HTTP on 8080")
            check("http://127.0.0.1:8080/healthz" in test, f"{name} health check calls /healthz", test)
    for s in GRPC_PORTS:
        a, b = (str(env_of(services.get(f"{s}-{i}", {})).get("BOXBOX_SIM_SEED")) for i in (1, 2))
        check(a != b, f"{s} replicas have different seeds", f"{a} == {b}")

    print("traefik")
    entrypoints = static["entryPoints"]
    ep_port = {name: int(ep["address"].rsplit(":", 1)[-1]) for name, ep in entrypoints.items()}
    published = {container_port(p) for p in services["traefik"].get("ports", [])}
    for name, port in ep_port.items():
        check(port in published, f"entrypoint {name} (:{port}) is published by compose")
    routers = dynamic["http"]["routers"]
    lb = dynamic["http"]["services"]
    for name, router in routers.items():
        for ep in router["entryPoints"]:
            check(ep in entrypoints, f"router {name} uses defined entrypoint {ep}")
        check(router["service"] in lb, f"router {name} → defined service {router['service']}")
    for name, svc in lb.items():
        servers = svc["loadBalancer"]["servers"]
        check(len(servers) == REPLICAS, f"service {name} balances {REPLICAS} replicas")
        for server in servers:
            m = re.fullmatch(r"(https?|h2c)://([a-z0-9-]+):(\d+)", server["url"])
            check(m is not None and m.group(2) in services, f"{name}: {server['url']} is a compose service")
            if not m or m.group(2) not in services:
                continue
            scheme, host, port = m.group(1), m.group(2), int(m.group(3))
            base = host.rsplit("-", 1)[0]
            check(base == name, f"{name}: {host} is a replica of {name}")
            want = GRPC_PORTS.get(base, 8080)
            check(port == want, f"{name}: {host} on port {want}", str(port))
            hc = svc["loadBalancer"].get("healthCheck", {})
            if base in GRPC_PORTS:
                check(scheme == "h2c", f"{name}: gRPC backend {host} over h2c")
                check(hc.get("mode") == "grpc", f"{name}: health checked with grpc.health.v1")
            else:
                check(hc.get("path") == "/healthz", f"{name}: health checked on /healthz")
    for name, ep in entrypoints.items():
        if name == "traefik":
            continue
        timeout = str(ep.get("transport", {}).get("respondingTimeouts", {}).get("readTimeout"))
        check(timeout in ("0", "0s"), f"entrypoint {name} does not cut long streams (readTimeout 0)", timeout)
    check("tracing" not in static, "Traefik adds no spans between services (no tracing section)")

    print("maestro → every kitchen replica by DNS")
    for replica in ("maestro-1", "maestro-2"):
        env = env_of(services[replica])
        for var, target in MAESTRO_CHANNELS.items():
            addr = str(env.get(var, ""))
            m = re.fullmatch(r"dns:///([a-z0-9-]+):(\d+)", addr)
            holders = [f"{target}-{i}" for i in range(1, REPLICAS + 1)]
            aliased = m is not None and all(
                m.group(1) in (((services[h].get("networks") or {}).get("default") or {}).get("aliases") or [])
                for h in holders)
            check(aliased and int(m.group(2)) == GRPC_PORTS[target],
                  f"{replica} {var}={addr} names every {target} replica (network alias, port {GRPC_PORTS[target]})")
            depends = services[replica].get("depends_on") or {}
            check(all(h in depends for h in holders), f"{replica} starts after {', '.join(holders)}")

    print("mosquitto")
    acl = (ROOT / "deploy/mosquitto/acl").read_text()
    users = re.findall(r"^user (\S+)$", acl, re.M)
    env = env_of(services["mosquitto"])
    fleet = str(env.get("BOXBOX_MQTT_FLEET", "")).split()
    check(sorted(users) == sorted(["paddock-gateway"] + [f"driver-{d}" for d in fleet]),
          "ACL users = paddock-gateway + driver-<id> for BOXBOX_MQTT_FLEET", f"{users} vs {fleet}")
    for d in fleet:
        check(f"user driver-{d}\ntopic write boxbox/drivers/{d}/location" in acl,
              f"driver-{d} may write only boxbox/drivers/{d}/location")
        var = f"BOXBOX_MQTT_DEVICE_PASSWORD_{d.upper()}"
        check(var in env, f"mosquitto gets {var}")
        for replica in ("driver-sim-1", "driver-sim-2"):
            check(var in env_of(services[replica]), f"{replica} gets {var}")
    check("user paddock-gateway\ntopic read boxbox/drivers/+/location" in acl, "gateway may read every driver")
    for replica in ("paddock-gateway-1", "paddock-gateway-2"):
        check("BOXBOX_MQTT_GATEWAY_PASSWORD" in env_of(services[replica]), f"{replica} gets its MQTT password")
    conf = (ROOT / "deploy/mosquitto/mosquitto.conf").read_text()
    for line in ["listener 1883", "allow_anonymous false", "password_file /mosquitto/config/passwd",
                 "acl_file /mosquitto/config/acl", "persistence false", "max_queued_messages 100000"]:
        check(re.search(rf"^{re.escape(line)}$", conf, re.M) is not None, f"mosquitto.conf: {line}")

    print("otel-collector")
    pipelines = collector["service"]["pipelines"]
    check({"traces", "metrics", "logs"} <= pipelines.keys(), "traces, metrics and logs pipelines")
    for pname, pipe in pipelines.items():
        for kind in ("receivers", "processors", "exporters"):
            for comp in pipe.get(kind, []):
                check(comp in (collector.get(kind) or {}), f"{pname}: {kind[:-1]} {comp} is defined")
        procs = pipe.get("processors", [])
        check(procs[:1] == ["memory_limiter"], f"{pname}: memory_limiter comes first")
    check(any(e.startswith("otlp") and "jaeger" in e for e in pipelines["traces"]["exporters"]),
          "traces go to Jaeger")
    for ext in collector["service"].get("extensions", []):
        check(ext in (collector.get("extensions") or {}), f"extension {ext} is defined")

    print("Taskfile")
    check(str(taskfile.get("version")) == "3", "go-task schema version '3'")
    tasks = taskfile.get("tasks", {})
    for name in REQUIRED_TASKS:
        check(name in tasks, f"task {name} exists")
    for name, task in tasks.items():
        check(bool(task.get("desc")), f"task {name} has a desc")
        unknown = set(task) - TASK_KEYS
        check(not unknown, f"task {name} uses only go-task keys", sorted(unknown))
    for var in ("AUX_SERVICES", "TELEMETRY_SERVICES", "JAVA_SERVICES"):
        names = str(taskfile["vars"][var]).split()
        missing = [n for n in names if n not in services]
        check(not missing, f"Taskfile {var} names compose services", missing)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
