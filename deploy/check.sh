#!/usr/bin/env bash
# Box Box — validate the deployment files without a Docker engine (`task check`).
#
#   1. YAML of every deployment file parses.
#   2. docker compose accepts docker-compose.yml: no profile, each profile alone, all together
#      (with throw-away MQTT passwords, as the real ones live in a git-ignored .env).
#   3. Cross-references (deploy/check_refs.py): Traefik ↔ compose services and ports, maestro's
#      channels, ACL ↔ passwords, collector pipelines, Taskfile tasks.
#   4. nats-server accepts deploy/nats/nats-server.conf (when nats-server is installed).
#   5. The Mosquitto entrypoint, config and ACL work (when mosquitto is installed): a private
#      broker on a random loopback port; the gateway reads a device's fix, a device cannot publish
#      as another, anonymous and wrong-password clients are refused, and the compose health check
#      command succeeds.
#   6. shellcheck of the scripts (when installed).
#   7. Kubernetes: `kubectl kustomize` renders deploy/kubernetes/base and overlays/local (when
#      kubectl is installed; the strict schema checks are deploy-check's JUnit tests), and every key
#      they read from Secret boxbox-secrets is one deploy/gen-env.sh writes.
#   8. Prometheus and Grafana of compose: promtool accepts deploy/prometheus/prometheus.yml, the
#      dashboards parse as JSON, and a private Prometheus on a random loopback port, started with
#      that config, answers every dashboard query (real PromQL parsing) — when installed.
#
# Uses `docker compose` (v2) or `docker-compose` (v1.29, Debian's package), whichever works.
# A missing optional tool is reported as skipped. Ends with "N passed, N failed"; exit 1 on any
# failure. Never touches port 1883 or any broker but its own.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
PATH="$PATH:/usr/sbin:/sbin"

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
skip() { skipped=$((skipped + 1)); printf '  skip  %s\n' "$*"; }
run() { # run DESCRIPTION COMMAND...: ok when the command exits 0, else FAIL with its output
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; printf '%s\n' "$out" | sed 's/^/        /'; fi
}

WORK=$(mktemp -d)
BROKER_PID='' PROM_PID=''
cleanup() {
  [[ -n "$BROKER_PID" ]] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  [[ -n "$PROM_PID" ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# -------------------------------------------------------------------------------------------
echo "yaml"
YAML_FILES=(docker-compose.yml Taskfile.yaml otel-collector-config.yaml deploy/traefik/traefik.yml deploy/traefik/dynamic.yml
  deploy/prometheus/prometheus.yml deploy/mosquitto/kustomization.yaml)
mapfile -t -O "${#YAML_FILES[@]}" YAML_FILES < <(find deploy/kubernetes deploy/grafana -name '*.yaml' | sort)
HAVE_PYYAML=0
if python3 -c 'import yaml' 2>/dev/null; then
  HAVE_PYYAML=1
  for f in "${YAML_FILES[@]}"; do
    run "$f parses" python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
  done
elif command -v npx >/dev/null; then
  for f in "${YAML_FILES[@]}"; do
    run "$f parses (js-yaml)" npx --yes js-yaml "$f"
  done
else
  skip "YAML parsing: neither PyYAML nor npx"
fi

# -------------------------------------------------------------------------------------------
echo "docker compose"
COMPOSE=()
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose)
fi
# Throw-away values for the variables compose requires (${VAR:?…}); the real ones are in .env.
cat >"$WORK/check.env" <<'EOF'
COMPOSE_PROJECT_NAME=boxbox-check
BOXBOX_MQTT_GATEWAY_PASSWORD=check-only
BOXBOX_ORDER_TOKEN_SECRET=check-only-order-token-secret
BOXBOX_MQTT_DEVICE_PASSWORD_KIMI=check-only
BOXBOX_MQTT_DEVICE_PASSWORD_NICO=check-only
BOXBOX_MQTT_DEVICE_PASSWORD_MIKA=check-only
BOXBOX_MQTT_DEVICE_PASSWORD_JENSON=check-only
BOXBOX_NATS_PASSWORD_GATEWAY=pcheckonly
BOXBOX_NATS_PASSWORD_MAESTRO=pcheckonly
BOXBOX_NATS_PASSWORD_PANETTIERE=pcheckonly
BOXBOX_NATS_PASSWORD_CHEF=pcheckonly
BOXBOX_NATS_PASSWORD_DRIVER=pcheckonly
BOXBOX_NATS_PASSWORD_OPERATOR=pcheckonly
EOF
RESOLVED=''
if ((${#COMPOSE[@]})); then
  dc=("${COMPOSE[@]}" --env-file "$WORK/check.env" -f docker-compose.yml)
  run "${COMPOSE[*]} config (no profile)" "${dc[@]}" config -q
  for p in aux telemetry services load; do
    run "${COMPOSE[*]} config --profile $p" "${dc[@]}" --profile "$p" config -q
  done
  all=(--profile aux --profile telemetry --profile services --profile load)
  run "${COMPOSE[*]} config with every profile" "${dc[@]}" "${all[@]}" config -q
  if "${dc[@]}" "${all[@]}" config >"$WORK/resolved.yml" 2>/dev/null; then RESOLVED="$WORK/resolved.yml"; fi
  # Without the passwords, compose must refuse to start rather than run an open broker.
  : >"$WORK/empty.env"
  if env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${COMPOSE[@]}" -f docker-compose.yml --env-file "$WORK/empty.env" \
    --profile aux config -q >"$WORK/nopw.out" 2>&1; then
    bad "compose accepted missing MQTT passwords"
  elif grep -q 'task secrets' "$WORK/nopw.out"; then
    ok "compose refuses to run without the MQTT passwords (and says how to set them)"
  else
    bad "compose failed without the MQTT passwords, but not on them"; sed 's/^/        /' "$WORK/nopw.out"
  fi
else
  skip "compose config: neither 'docker compose' nor docker-compose (apt-get install docker-compose)"
fi

# -------------------------------------------------------------------------------------------
if ((HAVE_PYYAML)); then
  out=$(python3 deploy/check_refs.py ${RESOLVED:+"$RESOLVED"} 2>&1)
  printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
  summary=$(printf '%s\n' "$out" | tail -n 1)
  if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
  else
    bad "deploy/check_refs.py did not finish"
  fi
else
  echo "cross-references"
  skip "deploy/check_refs.py needs PyYAML (pip install pyyaml)"
fi

# -------------------------------------------------------------------------------------------
echo "nats"
if command -v nats-server >/dev/null; then
  # users.conf reads its passwords from the environment: throw-away ones here.
  run "nats-server -t accepts deploy/nats/nats-server.conf with users.conf" \
    env BOXBOX_NATS_PASSWORD_GATEWAY=pcheck BOXBOX_NATS_PASSWORD_MAESTRO=pcheck BOXBOX_NATS_PASSWORD_PANETTIERE=pcheck \
    BOXBOX_NATS_PASSWORD_CHEF=pcheck BOXBOX_NATS_PASSWORD_DRIVER=pcheck BOXBOX_NATS_PASSWORD_OPERATOR=pcheck \
    nats-server -c deploy/nats/nats-server.conf --name nats-1 -t
else
  skip "nats-server not installed"
fi

# -------------------------------------------------------------------------------------------
echo "kubernetes"
if command -v kubectl >/dev/null; then
  for k in deploy/kubernetes/base deploy/kubernetes/overlays/local; do
    if out=$(kubectl kustomize "$k" 2>&1); then
      ok "kubectl kustomize $k renders ($(grep -c '^kind:' <<<"$out") objects)"
    else
      bad "kubectl kustomize $k"; printf '%s\n' "$out" | sed 's/^/        /'
    fi
  done
else
  skip "kubectl not installed: kustomizations not rendered (deploy-check's tests still validate every resource file)"
fi

# Every key the manifests and the NATS values read from Secret boxbox-secrets must be in the file
# the README creates it from: compose's .env as deploy/gen-env.sh writes it (throw-away values).
if ((HAVE_PYYAML)) && bash deploy/gen-env.sh "$WORK/secrets.env" >/dev/null 2>&1; then
  run "every key read from Secret boxbox-secrets is written by deploy/gen-env.sh" python3 - "$WORK/secrets.env" <<'EOF'
import glob, re, sys, yaml
written = {l.split("=", 1)[0] for l in open(sys.argv[1]) if re.match(r"^[A-Z_][A-Z0-9_]*=", l)}
read = set()
def walk(node):
    if isinstance(node, dict):
        ref = node.get("secretKeyRef")
        if isinstance(ref, dict) and ref.get("name") == "boxbox-secrets":
            read.add(ref["key"])
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
for f in sorted(glob.glob("deploy/kubernetes/base/*.yaml")) + ["deploy/kubernetes/nats-values.yaml"]:
    for doc in yaml.safe_load_all(open(f)):
        walk(doc)
missing = sorted(read - written)
if not any(k.startswith("BOXBOX_NATS_PASSWORD_") for k in written):
    # deploy/gen-env.sh from before the NATS users: their keys cannot be there yet.
    print("gen-env.sh writes no NATS password yet: not checking", sorted(k for k in missing if k.startswith("BOXBOX_NATS_PASSWORD_")))
    missing = [k for k in missing if not k.startswith("BOXBOX_NATS_PASSWORD_")]
print(f"{len(read)} keys read")
if missing:
    print("not written by deploy/gen-env.sh:", missing)
    sys.exit(1)
EOF
fi

# -------------------------------------------------------------------------------------------
echo "prometheus and grafana"
for f in deploy/grafana/dashboards/*.json; do
  run "$f parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$f"
done
if command -v promtool >/dev/null; then
  run "promtool check config deploy/prometheus/prometheus.yml" promtool check config --syntax-only deploy/prometheus/prometheus.yml
else
  skip "promtool not installed (apt-get install prometheus)"
fi
if command -v prometheus >/dev/null; then
  port=$(free_port)
  # The compose config as it is: its targets do not resolve here, which only fails their scrapes.
  prometheus --config.file=deploy/prometheus/prometheus.yml --storage.tsdb.path="$WORK/prometheus" \
    --web.listen-address="127.0.0.1:$port" >"$WORK/prometheus.log" 2>&1 &
  PROM_PID=$!
  ready=0
  for _ in $(seq 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "http://127.0.0.1:$port/-/ready" 2>/dev/null; then
      ready=1
      break
    fi
    kill -0 "$PROM_PID" 2>/dev/null || break
    sleep 0.2
  done
  if ((ready)); then
    ok "prometheus starts with deploy/prometheus/prometheus.yml (port $port)"
    # Grafana's interval variables as Grafana would fill them in, then Prometheus parses and runs each query.
    run "prometheus answers every dashboard query" python3 - "http://127.0.0.1:$port" deploy/grafana/dashboards/*.json <<'EOF'
import json, sys, urllib.parse, urllib.request
base, failures, count = sys.argv[1], [], 0
def panels(items):
    for p in items:
        yield from panels(p.get("panels", [])) if p.get("type") == "row" else [p]
for path in sys.argv[2:]:
    for panel in panels(json.load(open(path))["panels"]):
        for target in panel.get("targets", []):
            expr = target["expr"].replace("$__rate_interval", "1m").replace("$__range", "5m").replace("$__interval", "15s")
            url = base + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
            try:
                answer = json.load(urllib.request.urlopen(url, timeout=10))
            except urllib.error.HTTPError as e:
                answer = json.load(e)
            count += 1
            if answer.get("status") != "success":
                failures.append(f"{path} {panel['title']!r}: {answer.get('error')}: {expr}")
print(f"{count} queries")
if failures:
    print("\n".join(failures))
    sys.exit(1)
EOF
  else
    bad "prometheus did not start with deploy/prometheus/prometheus.yml"; sed 's/^/        /' "$WORK/prometheus.log"
  fi
  kill "$PROM_PID" 2>/dev/null; wait "$PROM_PID" 2>/dev/null; PROM_PID=''
else
  skip "prometheus not installed (apt-get install prometheus): dashboard queries not run"
fi

# -------------------------------------------------------------------------------------------
echo "mosquitto"
if command -v mosquitto >/dev/null && command -v mosquitto_passwd >/dev/null && command -v mosquitto_sub >/dev/null; then
  conf_dir="$WORK/mosquitto"
  export BOXBOX_MQTT_GATEWAY_PASSWORD="gw-$RANDOM$RANDOM"
  export BOXBOX_MQTT_DEVICE_PASSWORD_KIMI="kimi-$RANDOM$RANDOM" BOXBOX_MQTT_DEVICE_PASSWORD_NICO="nico-$RANDOM$RANDOM"
  export BOXBOX_MQTT_DEVICE_PASSWORD_MIKA="mika-$RANDOM$RANDOM" BOXBOX_MQTT_DEVICE_PASSWORD_JENSON="jenson-$RANDOM$RANDOM"
  sh_=$(command -v dash || command -v sh)
  # The entrypoint as the container runs it (POSIX sh), ending in a no-op instead of the broker.
  if BOXBOX_MOSQUITTO_SRC="$ROOT/deploy/mosquitto" BOXBOX_MOSQUITTO_CONFIG_DIR="$conf_dir" \
    "$sh_" deploy/mosquitto/entrypoint.sh true >"$WORK/entry.out" 2>&1; then
    ok "entrypoint.sh writes the password file ($(basename "$sh_"))"
  else
    bad "entrypoint.sh failed"; sed 's/^/        /' "$WORK/entry.out"
  fi
  if env -u BOXBOX_MQTT_DEVICE_PASSWORD_MIKA BOXBOX_MOSQUITTO_SRC="$ROOT/deploy/mosquitto" \
    BOXBOX_MOSQUITTO_CONFIG_DIR="$WORK/mosquitto-nopw" "$sh_" deploy/mosquitto/entrypoint.sh true >"$WORK/entry2.out" 2>&1; then
    bad "entrypoint.sh started without BOXBOX_MQTT_DEVICE_PASSWORD_MIKA"
  elif grep -q 'BOXBOX_MQTT_DEVICE_PASSWORD_MIKA is not set' "$WORK/entry2.out"; then
    ok "entrypoint.sh refuses a missing device password by name"
  else
    bad "entrypoint.sh failed without naming the missing password"; sed 's/^/        /' "$WORK/entry2.out"
  fi

  port=$(free_port)
  # The container's config, moved to this broker's port, folder and user.
  sed -e "s|^listener 1883\$|listener $port 127.0.0.1|" -e "s|/mosquitto/config|$conf_dir|g" \
    -e "s|^log_dest stdout\$|log_dest file $WORK/mosquitto.log|" "$conf_dir/mosquitto.conf" >"$WORK/broker.conf"
  echo "user $(id -un)" >>"$WORK/broker.conf"
  chown -R "$(id -un)" "$conf_dir" 2>/dev/null
  mosquitto -c "$WORK/broker.conf" >"$WORK/broker.out" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 50); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2>/dev/null && break
    sleep 0.1
  done
  if kill -0 "$BROKER_PID" 2>/dev/null; then
    ok "mosquitto starts with deploy/mosquitto/mosquitto.conf and acl (port $port)"
    sub=(mosquitto_sub -h 127.0.0.1 -p "$port")
    pub=(mosquitto_pub -h 127.0.0.1 -p "$port")
    # The gateway listens for one fix; kimi first tries to pass for nico, then publishes its own.
    "${sub[@]}" -i check-gateway -u paddock-gateway -P "$BOXBOX_MQTT_GATEWAY_PASSWORD" \
      -t 'boxbox/drivers/+/location' -v -C 1 -W 5 >"$WORK/fixes.out" 2>&1 &
    sub_pid=$!
    sleep 0.5
    "${pub[@]}" -i check-kimi -u driver-kimi -P "$BOXBOX_MQTT_DEVICE_PASSWORD_KIMI" -t boxbox/drivers/nico/location -m '{"driver_id":"nico"}'
    "${pub[@]}" -i check-kimi -u driver-kimi -P "$BOXBOX_MQTT_DEVICE_PASSWORD_KIMI" -t boxbox/drivers/kimi/location -m '{"driver_id":"kimi"}'
    wait "$sub_pid"
    fix=$(cat "$WORK/fixes.out")
    if [[ "$fix" == 'boxbox/drivers/kimi/location {"driver_id":"kimi"}' ]]; then
      ok "gateway receives kimi's own fix; kimi's fix on nico's topic is dropped"
    else
      bad "unexpected fixes at the gateway: $fix"
    fi
    if "${pub[@]}" -i check-anon -t boxbox/drivers/kimi/location -m x >/dev/null 2>&1; then
      bad "anonymous client was accepted"
    else
      ok "anonymous client is refused"
    fi
    if "${pub[@]}" -i check-wrong -u driver-kimi -P wrong-password -t boxbox/drivers/kimi/location -m x >/dev/null 2>&1; then
      bad "wrong password was accepted"
    else
      ok "wrong password is refused"
    fi
    # The health check command of docker-compose.yml, pointed at this broker.
    if ((HAVE_PYYAML)); then
      hc=$(python3 -c 'import yaml; print(yaml.safe_load(open("docker-compose.yml"))["services"]["mosquitto"]["healthcheck"]["test"][1])')
      hc=${hc//\$\$/\$}
      hc=${hc//-p 1883/-p $port}
      run "compose health check command passes against the broker" sh -c "$hc"
    fi
  else
    bad "mosquitto did not start"; sed 's/^/        /' "$WORK/broker.out" "$WORK/mosquitto.log" 2>/dev/null
  fi
  kill "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null; BROKER_PID=''
else
  skip "mosquitto not installed (apt-get install mosquitto mosquitto-clients)"
fi

# -------------------------------------------------------------------------------------------
echo "scripts"
if command -v shellcheck >/dev/null; then
  run "shellcheck deploy/*.sh deploy/mosquitto/entrypoint.sh" shellcheck deploy/check.sh deploy/gen-env.sh deploy/mosquitto/entrypoint.sh
else
  skip "shellcheck not installed"
fi

((skipped)) && echo "($skipped skipped: see above)"
echo "$passed passed, $failed failed"
((failed == 0))
