#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, broker + controller) on the loopback interface, for
# development, tests and CI. The broker's jars come from Maven Central (scripts/kafka/pom.xml).
#
#   scripts/kafka-broker.sh start    fetch the jars if needed, format fresh storage, start, wait until it accepts connections
#   scripts/kafka-broker.sh stop     stop the broker and delete its data
#   scripts/kafka-broker.sh restart  stop and start again keeping the data (topics, offsets, producer state)
#   scripts/kafka-broker.sh status   exit 0 and say so when running, exit 3 when not
#
# Listeners on 127.0.0.1: PLAINTEXT (KAFKA_PORT, 9092), SASL_PLAINTEXT with PLAIN and SCRAM-SHA-256/512
# for user "clickgen", password "clickgen-secret" (KAFKA_SASL_PORT, 9094), SSL with a self-signed
# certificate whose PEM is written to .cache/kafka/broker-PORT/ca.pem (KAFKA_SSL_PORT, 9095), and the
# controller (KAFKA_CONTROLLER_PORT, 9093).
# Also: KAFKA_START_TIMEOUT seconds (90), KAFKA_HEAP (512m), KAFKA_LOG_LEVEL (info).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
sasl_port="${KAFKA_SASL_PORT:-9094}"
ssl_port="${KAFKA_SSL_PORT:-9095}"
sasl_user="clickgen"
sasl_password="clickgen-secret"
# Only protects a throw-away self-signed key in the state directory.
store_password="clickgen-store"
start_timeout="${KAFKA_START_TIMEOUT:-90}"
heap="${KAFKA_HEAP:-512m}"
log_level="${KAFKA_LOG_LEVEL:-info}"
pom="$root/scripts/kafka/pom.xml"
lib="$root/.cache/kafka/lib"
# One state directory per port, so brokers on different ports do not share files.
state="$root/.cache/kafka/broker-$port"
pid_file="$state/broker.pid"
log_file="$state/broker.log"
# A fixed cluster id keeps runs reproducible and saves one JVM start.
cluster_id="4L6g3nShT-eMCtK--X86sw"

fail() {
  echo "kafka-broker: $*" >&2
  exit 1
}

require_tools() {
  command -v java >/dev/null 2>&1 || fail "java not found: install a JDK 17 or newer (Debian: apt-get install -y openjdk-17-jre-headless)"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || fail "java $major found, Kafka 4 needs 17 or newer"
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  # The pid must still be our broker, not a recycled pid.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $state/server.properties"; then
    echo "$pid"
    return 0
  fi
  return 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Copies the broker's jars into .cache/kafka/lib once per pom version; the stamp holds the
# pom's hash so changing the Kafka version fetches again.
fetch_jars() {
  local stamp="$lib/.pom.sha256" want
  want="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || fail "mvn not found: install Maven (Debian: apt-get install -y maven) to fetch the Kafka jars"
  echo "kafka-broker: fetching the Kafka jars from Maven Central into $lib" >&2
  rm -rf "$lib.tmp"
  local mvn_log="$root/.cache/kafka/mvn.log"
  mkdir -p "$root/.cache/kafka"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib.tmp" >"$mvn_log" 2>&1 ||
    { cat "$mvn_log" >&2; fail "mvn could not fetch the Kafka jars (output above, also in $mvn_log)"; }
  echo "$want" >"$lib.tmp/.pom.sha256"
  rm -rf "$lib"
  mv "$lib.tmp" "$lib"
}

write_config() {
  cat >"$state/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL
log.dirs=$state/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Simulated events carry old event times as record timestamps; time-based retention would
# delete them within minutes of being written.
log.retention.ms=-1
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_password";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.ssl.ssl.keystore.type=PKCS12
listener.name.ssl.ssl.keystore.location=$state/broker.p12
listener.name.ssl.ssl.keystore.password=$store_password
listener.name.ssl.ssl.key.password=$store_password
EOF
}

# A self-signed certificate for 127.0.0.1; clients trust it through ca.pem.
make_certificate() {
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -dname CN=localhost \
    -ext SAN=ip:127.0.0.1,dns:localhost -storetype PKCS12 -keystore "$state/broker.p12" \
    -storepass "$store_password" -keypass "$store_password" >>"$log_file" 2>&1
  keytool -exportcert -rfc -alias broker -keystore "$state/broker.p12" -storepass "$store_password" >"$state/ca.pem" 2>>"$log_file"
}

java_cmd=(java -Xms128m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true
  "-Dorg.slf4j.simpleLogger.defaultLogLevel=$log_level" -Dorg.slf4j.simpleLogger.showDateTime=true
  -cp "$lib/*")

launch() {
  local pid waited=0
  nohup "${java_cmd[@]}" kafka.Kafka "$state/server.properties" >>"$log_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  while ! port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "kafka-broker: the broker exited during start-up; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if ((waited >= start_timeout * 2)); then
      echo "kafka-broker: no connection on 127.0.0.1:$port after ${start_timeout}s; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      kill "$pid" 2>/dev/null || true
      rm -f "$pid_file"
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "kafka-broker: running (pid $pid) on 127.0.0.1:$port, log $log_file"
}

terminate() {
  local pid waited=0
  pid="$(running_pid)" || return 0
  kill -TERM "$pid"
  # A clean shutdown writes the producer state snapshots that make restarts fast.
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 60)); then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
}

start() {
  if pid="$(running_pid)"; then
    echo "kafka-broker: already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  require_tools
  for p in "$port" "$controller_port" "$sasl_port" "$ssl_port"; do
    port_open "$p" && fail "port $p on 127.0.0.1 is already in use; choose others with KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_SASL_PORT, KAFKA_SSL_PORT"
  done
  fetch_jars
  rm -rf "$state"
  mkdir -p "$state"
  write_config
  make_certificate || { tail -n 20 "$log_file" >&2; fail "keytool could not make the broker's certificate"; }
  local scram=()
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    scram+=(--add-scram "$mechanism=[name=$sasl_user,password=$sasl_password]")
  done
  "${java_cmd[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$state/server.properties" "${scram[@]}" >>"$log_file" 2>&1 ||
    { tail -n 20 "$log_file" >&2; fail "formatting the storage in $state/data failed"; }
  launch
}

stop() {
  terminate
  rm -rf "$state"
  echo "kafka-broker: stopped; data removed"
}

restart() {
  [[ -f "$state/server.properties" ]] || fail "no broker data in $state: use start"
  terminate
  launch
}

status() {
  if pid="$(running_pid)"; then
    echo "kafka-broker: running (pid $pid) on 127.0.0.1:$port"
  else
    echo "kafka-broker: not running (port $port)"
    exit 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  status) status ;;
  *)
    echo "usage: scripts/kafka-broker.sh start|stop|restart|status" >&2
    exit 2
    ;;
esac
