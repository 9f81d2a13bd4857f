#!/bin/sh
# Box Box — mosquitto entrypoint for docker-compose.yml.
#
# Writes the password file from the environment, then hands over to the image's own entrypoint.
# No password is ever stored in the repository: they come from .env (see deploy/README.md).
#
#   BOXBOX_MQTT_GATEWAY_PASSWORD         password of user paddock-gateway
#   BOXBOX_MQTT_DEVICE_PASSWORD_<ID>     password of user driver-<id>, e.g. ..._KIMI for driver-kimi
#   BOXBOX_MQTT_FLEET                    device ids [kimi nico mika jenson]; must match ./acl
#   BOXBOX_MOSQUITTO_SRC                 where mosquitto.conf and acl are mounted [/boxbox/mosquitto]
#   BOXBOX_MOSQUITTO_CONFIG_DIR          where the broker reads them [/mosquitto/config]
set -eu

src=${BOXBOX_MOSQUITTO_SRC:-/boxbox/mosquitto}
dir=${BOXBOX_MOSQUITTO_CONFIG_DIR:-/mosquitto/config}
fleet=${BOXBOX_MQTT_FLEET:-kimi nico mika jenson}

fail() {
  echo "mosquitto: $*" >&2
  exit 1
}

# value_of NAME: the value of the environment variable NAME, or a clear error when it is empty.
value_of() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || fail "$1 is not set: run 'task secrets' (writes .env) or export it, see deploy/README.md"
  printf '%s' "$value"
}

umask 077
mkdir -p "$dir"
cp "$src/mosquitto.conf" "$dir/mosquitto.conf"
cp "$src/acl" "$dir/acl"

# (Assign first: a failing $(…) aborts an assignment under set -e, not a command's argument.)
password=$(value_of BOXBOX_MQTT_GATEWAY_PASSWORD)
mosquitto_passwd -c -b "$dir/passwd" paddock-gateway "$password"
devices=0
for id in $fleet; do
  case "$id" in
    *[!a-z0-9-]* | '') fail "device id '$id' in BOXBOX_MQTT_FLEET: use lower-case letters, digits and '-'" ;;
  esac
  grep -qx "user driver-$id" "$dir/acl" || fail "device driver-$id has no block in the ACL ($src/acl)"
  var=BOXBOX_MQTT_DEVICE_PASSWORD_$(printf '%s' "$id" | tr 'a-z-' 'A-Z_')
  password=$(value_of "$var")
  mosquitto_passwd -b "$dir/passwd" "driver-$id" "$password"
  devices=$((devices + 1))
done

# The broker drops to the mosquitto user when started as root: it must be able to read its files.
if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then
  chown mosquitto:mosquitto "$dir/mosquitto.conf" "$dir/acl" "$dir/passwd"
fi
echo "mosquitto: password file written for paddock-gateway and $devices driver devices"

if [ -x /docker-entrypoint.sh ]; then
  exec /docker-entrypoint.sh "$@"
fi
exec "$@"
