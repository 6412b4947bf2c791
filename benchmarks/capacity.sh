#!/usr/bin/env bash
# The capacity benchmark (issue 7): a node pinned to one core, the publisher and the bees pinned
# to another, viewers added in steps until loss exceeds 0.5%, the node's core saturates, the
# viewer maximum or the time limit. Loopback only. Options pass through to the driver
# (io.sluice.benchmarks.bees.Capacity; --help lists them), e.g.
#   benchmarks/capacity.sh --no-decrypt --start 200 --step 200 --max-viewers 2000
# Environment: NODE_CORE (0), BEES_CORE (1), HTTP_PORT (18080), UDP_PORT (20000),
#   NODE_JAVA_OPTS (extra JVM options for the node, e.g. a JFR recording), OUT (capacity-<time>).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(bin/java-home)"
java="$JAVA_HOME/bin/java"
node_jar=examples/target/sluice-node.jar
bees_jar=benchmarks/target/sluice-bees.jar
case " $* " in *" -h "*|*" --help "*) exec "$java" -cp "$bees_jar" io.sluice.benchmarks.bees.Capacity --help;; esac
if [ ! -f "$node_jar" ] || [ ! -f "$bees_jar" ]; then
  ./mvnw -q -B -pl examples,benchmarks -am package -DskipTests
fi
node_core=${NODE_CORE:-0}
bees_core=${BEES_CORE:-1}
http="127.0.0.1:${HTTP_PORT:-18080}"
udp="127.0.0.1:${UDP_PORT:-20000}"
out=${OUT:-capacity-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"

# shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
taskset -c "$node_core" "$java" --enable-native-access=ALL-UNNAMED ${NODE_JAVA_OPTS:-} \
  -jar "$node_jar" --http "$http" --udp "$udp" >"$out/node.log" 2>&1 &
node_pid=$!
stop_node() {
  if kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid"
    for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$node_pid" 2>/dev/null || true
  fi
}
trap stop_node EXIT

for i in $(seq 1 60); do
  if curl -sf -o /dev/null "http://$http/healthz"; then break; fi
  if ! kill -0 "$node_pid" 2>/dev/null; then
    echo "capacity.sh: the node exited; see $out/node.log" >&2; exit 1
  fi
  if [ "$i" = 60 ]; then echo "capacity.sh: the node did not answer in 30 s" >&2; exit 1; fi
  sleep 0.5
done
echo "node pid $node_pid on core $node_core ($http, udp $udp); bees on core $bees_core; output in $out" >&2

status=0
taskset -c "$bees_core" "$java" --enable-native-access=ALL-UNNAMED -cp "$bees_jar" \
  io.sluice.benchmarks.bees.Capacity --http "http://$http" --node-pid "$node_pid" \
  --clk-tck "$(getconf CLK_TCK)" --out "$out" "$@" || status=$?
stop_node
exit "$status"
