package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.ingestion.ReadingSignatures;
import io.bankofthings.lending.ingestion.TelemetryJson;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the packaged application on its embedded defaults (in-memory Zeebe engine, embedded PostgreSQL, S3Proxy,
 * MQTT) runs as a child JVM on free ports and a data folder of its own; many loan applications are submitted, referred
 * ones decided and offers accepted through the API with tokens of the real Keycloak; the child is killed with SIGKILL
 * while some loans are paid out and others are still on their way, restarted on the same data folder, and the rest
 * are driven to their end. Then every application has exactly one end (DISBURSED or REJECTED, the two ends this
 * journey can reach: nothing is declined and no offer runs for 14 days), no status history holds a second
 * DISBURSED, the ledger (read over JDBC from the child's PostgreSQL) holds exactly one disbursement per disbursed loan
 * and none for the others, and debits equal credits per currency and per transaction.
 */
class LoanCrashRecoveryIT {

    static final int LOANS = 30;
    /** Paid out before the kill, at least. */
    static final int DISBURSED_BEFORE_KILL = 5;
    static final String PLATFORM_SECRET = "crash-test-" + UUID.randomUUID();
    static final Set<String> ENDS = Set.of("DISBURSED", "REJECTED");
    static final Set<String> TERMINAL_HISTORY = Set.of("DISBURSED", "REJECTED", "DECLINED", "EXPIRED", "CLOSED");
    static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Path logs = Path.of("target", "crash-recovery-" + run);
    private final Map<String, Integer> indexOf = new LinkedHashMap<>();
    private final Map<String, String> decided = new HashMap<>();
    private ChildApplication child;
    private Path dataDir;

    @BeforeAll
    static void keycloakIsUp() {
        KeycloakLoanJourneyIT.keycloakIsUp();
    }

    @AfterEach
    void stopChild() throws Exception {
        if (child != null) {
            child.stop();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyApplicationEndsOnceAfterTheApplicationIsKilledMidFlight() throws Exception {
        Files.createDirectories(logs);
        dataDir = Files.createTempDirectory("lending-crash-");
        child = new ChildApplication(jar(), dataDir, logs);

        child.start();
        var tokens = new Tokens();
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < LOANS; i++) {
            devices.add(onlineDevice(tokens, "crash-" + run + "-" + i));
        }
        awaitReadings(tokens, devices);

        // first wave: two thirds of the loans; before the kill, offers of every other one are accepted and only the
        // first referral is decided, so the others wait for their underwriter across the restart
        int firstWave = LOANS * 2 / 3;
        for (int i = 0; i < firstWave; i++) {
            submit(tokens, i, devices.get(i));
        }
        Predicate<String> beforeKill = loanId -> {
            int i = indexOf.get(loanId);
            return i == 4 || (i % 2 == 0 && i % 5 != 4);
        };
        awaitDriving(tokens, beforeKill, statuses -> count(statuses, "DISBURSED") >= DISBURSED_BEFORE_KILL
                        && count(statuses, "REFERRED") >= 2,
                Duration.ofSeconds(150), "at least " + DISBURSED_BEFORE_KILL + " loans disbursed and two referred before the kill");
        // second wave, then the kill while it is in flight (and the offers just accepted being paid out)
        for (int i = firstWave; i < LOANS; i++) {
            submit(tokens, i, devices.get(i));
        }
        drive(tokens, beforeKill);
        var atKill = statuses(tokens);
        child.kill();
        log("killed with SIGKILL; statuses then: " + histogram(atKill));
        assertThat(count(atKill, "DISBURSED")).as("some paid out before the kill").isGreaterThanOrEqualTo(DISBURSED_BEFORE_KILL);
        assertThat(atKill.values().stream().filter(s -> !ENDS.contains(s)).count())
                .as("some still on their way at the kill: %s", histogram(atKill)).isGreaterThanOrEqualTo(LOANS / 4);

        child.start();
        var ends = awaitDriving(tokens, loanId -> true, statuses -> statuses.values().stream().allMatch(ENDS::contains),
                Duration.ofSeconds(150), "every loan at its end after the restart");
        log("after the restart: " + histogram(ends));
        assertThat(child.log(2)).as("the restarted application resumed the lost instances")
                .contains("open loans whose process instance was lost with the previous engine");

        assertThat(ends).hasSize(LOANS).allSatisfy((loanId, status) -> assertThat(ENDS).contains(status));
        var disbursed = ends.entrySet().stream().filter(e -> e.getValue().equals("DISBURSED")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(disbursed).as("the small loans and the approved referrals are paid out").hasSizeGreaterThanOrEqualTo(LOANS / 2);
        assertLedgerAndHistory(ends, disbursed);
    }

    /** The durable record, read straight from the child's PostgreSQL. */
    private void assertLedgerAndHistory(Map<String, String> ends, Set<String> disbursed) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + child.postgresPort + "/postgres",
                "postgres", "")) {
            Map<String, List<String>> terminal = new HashMap<>();
            Map<String, Long> disbursedEntries = new HashMap<>();
            try (var rs = db.createStatement().executeQuery("select loan_id, status from loan_status_history order by id")) {
                while (rs.next()) {
                    if (TERMINAL_HISTORY.contains(rs.getString(2))) {
                        terminal.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            for (var loan : ends.entrySet()) {
                assertThat(terminal.get(loan.getKey())).as("end states in the history of %s", loan.getKey())
                        .containsExactly(loan.getValue());
            }
            try (var rs = db.createStatement().executeQuery("""
                    select reference, idempotency_key, count(*) from ledger_transaction where kind = 'DISBURSEMENT'
                    group by reference, idempotency_key""")) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo("loan-disbursement:" + rs.getString(1));
                    disbursedEntries.put(rs.getString(1), rs.getLong(3));
                }
            }
            assertThat(disbursedEntries.keySet()).as("loans with a disbursement posting").isEqualTo(disbursed);
            assertThat(disbursedEntries.values()).as("postings per disbursed loan").allMatch(n -> n == 1L);
            try (var rs = db.createStatement().executeQuery("""
                    select t.reference, sum(e.debit_minor), a.approved_amount_minor from ledger_transaction t
                    join ledger_entry e on e.transaction_id = t.transaction_id
                    join loan_application a on a.loan_id = t.reference
                    where t.kind = 'DISBURSEMENT' group by t.reference, a.approved_amount_minor""")) {
                while (rs.next()) {
                    assertThat(rs.getLong(2)).as("paid out for %s", rs.getString(1)).isEqualTo(rs.getLong(3));
                }
            }
            try (var rs = db.createStatement().executeQuery("""
                    select currency, sum(debit_minor), sum(credit_minor), count(*) from ledger_entry group by currency""")) {
                int currencies = 0;
                while (rs.next()) {
                    currencies++;
                    assertThat(rs.getLong(2)).as("debits = credits in %s", rs.getString(1)).isEqualTo(rs.getLong(3));
                }
                assertThat(currencies).isEqualTo(1);
            }
            try (var rs = db.createStatement().executeQuery("""
                    select count(*) from (select transaction_id from ledger_entry group by transaction_id
                                          having sum(debit_minor) <> sum(credit_minor)) unbalanced""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("unbalanced transactions").isZero();
            }
        }
    }

    // --- the journey through the API ---

    /** Registers an equipment monitor, gives it an ingestion key and posts two signed readings from the site. */
    private String onlineDevice(Tokens tokens, String deviceId) throws Exception {
        var registered = child.call("PUT", "/api/collateral-devices/" + deviceId, tokens.get("otto"),
                "{\"type\": \"EQUIPMENT_MONITOR\", \"label\": \"crash test press\"}", Map.of());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        var keyed = child.call("POST", "/api/ingestion/devices/" + deviceId + "/key", tokens.get("otto"), null, Map.of());
        assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(201);
        byte[] key = Base64.getDecoder().decode(JSON.readTree(keyed.body()).get("key").asText());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int seq = 1; seq <= 2; seq++) {
            Instant at = now.minus(Duration.ofMinutes(90L / seq));
            var reading = new TelemetryReading(deviceId, at, seq, LoanTestData.LAT, LoanTestData.LON,
                    new TelemetryMetrics(true, null, null, null, null, null, false, Map.of()));
            var posted = child.call("POST", "/ingest/generic", null,
                    new String(TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading))),
                    Map.of("X-Platform-Secret", PLATFORM_SECRET));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        }
        return deviceId;
    }

    private void awaitReadings(Tokens tokens, List<String> devices) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String from = Instant.now().minus(Duration.ofHours(3)).toString();
        String to = Instant.now().plus(Duration.ofMinutes(1)).toString();
        for (String device : devices) {
            while (true) {
                var readings = child.call("GET", "/api/ingestion/devices/" + device + "/readings?from=" + from + "&to=" + to,
                        tokens.get("otto"), null, Map.of());
                if (readings.statusCode() == 200 && JSON.readTree(readings.body()).size() == 2) {
                    break;
                }
                assertThat(Instant.now()).as("readings of %s stored: %s", device, readings.body()).isBefore(deadline);
                Thread.sleep(250);
            }
        }
    }

    /**
     * Every fifth loan is large (300,000.00 EUR: the decision table refers it to an underwriter, who approves every
     * other one); the others borrow 20,000.00 EUR on a press worth 50,000.00 and are approved.
     */
    private void submit(Tokens tokens, int i, String deviceId) throws Exception {
        boolean large = i % 5 == 4;
        var response = child.call("POST", "/api/loan-applications", tokens.get("bob"), LoanTestData.application(
                large ? 30_000_000 : 2_000_000, large ? 48 : 24, "ANNUITY", "EQUIPMENT", large ? 90_000_000 : 5_000_000,
                "SN-" + deviceId, deviceId, "EQUIPMENT_MONITOR"), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        indexOf.put(JSON.readTree(response.body()).get("loanId").asText(), i);
    }

    /** One pass: accepts the open offers and decides the referred applications that {@code now} lets through. */
    private Map<String, String> drive(Tokens tokens, Predicate<String> now) throws Exception {
        var statuses = statuses(tokens);
        for (var loan : statuses.entrySet()) {
            String loanId = loan.getKey();
            if (!now.test(loanId)) {
                continue;
            }
            if (loan.getValue().equals("OFFERED")) {
                var accepted = child.call("POST", "/api/loan-applications/" + loanId + "/offer/accept", tokens.get("bob"),
                        null, Map.of());
                // 409: answered already (the process has it, or the engine that had it is gone and it is OFFERED again)
                assertThat(accepted.statusCode()).as(accepted.body()).isIn(202, 409);
            } else if (loan.getValue().equals("REFERRED")) {
                String outcome = decided.computeIfAbsent(loanId, id -> indexOf.get(id) % 10 == 4 ? "APPROVE" : "REJECT");
                var decision = child.call("POST", "/api/underwriting/tasks/" + loanId + "/decision", tokens.get("uma"),
                        "{\"outcome\": \"" + outcome + "\", \"reason\": \"crash test decision\"}", Map.of());
                // 409: the review task of a resumed instance is not open yet; the next pass decides it
                assertThat(decision.statusCode()).as(decision.body()).isIn(202, 409);
            }
        }
        return statuses;
    }

    private Map<String, String> awaitDriving(Tokens tokens, Predicate<String> now,
            Predicate<Map<String, String>> done, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            var statuses = drive(tokens, now);
            if (done.test(statuses)) {
                return statuses;
            }
            assertThat(Instant.now()).as("%s; statuses now %s", what, histogram(statuses)).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private Map<String, String> statuses(Tokens tokens) throws Exception {
        var statuses = new LinkedHashMap<String, String>();
        for (String loanId : indexOf.keySet()) {
            var read = child.call("GET", "/api/loan-applications/" + loanId, tokens.get("bob"), null, Map.of());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            statuses.put(loanId, JSON.readTree(read.body()).get("status").asText());
        }
        return statuses;
    }

    private static long count(Map<String, String> statuses, String status) {
        return statuses.values().stream().filter(status::equals).count();
    }

    private static Map<String, Long> histogram(Map<String, String> statuses) {
        return statuses.values().stream().collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    private void log(String line) {
        System.out.println("[LoanCrashRecoveryIT " + run + "] " + line);
    }

    private static Path jar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("app-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/app-*.jar is missing: run mvn verify (package builds it)"));
        }
    }

    /** Tokens of the realm's demo users, fetched again before they expire (the realm issues them for 5 minutes). */
    static final class Tokens {
        private final Map<String, String> tokens = new HashMap<>();
        private final Map<String, Instant> fetched = new HashMap<>();

        String get(String user) throws Exception {
            if (!tokens.containsKey(user) || fetched.get(user).isBefore(Instant.now().minus(Duration.ofMinutes(3)))) {
                tokens.put(user, KeycloakLoanJourneyIT.token(user));
                fetched.put(user, Instant.now());
            }
            return tokens.get(user);
        }
    }

    /** The packaged application as a child JVM on free loopback ports, started again on the same ports and data. */
    static final class ChildApplication {

        final int httpPort = EmbeddedDefaultsSupport.freePort();
        final int zeebePort = EmbeddedDefaultsSupport.freePort();
        final int postgresPort = EmbeddedDefaultsSupport.freePort();
        final int s3Port = EmbeddedDefaultsSupport.freePort();
        final int mqttPort = EmbeddedDefaultsSupport.freePort();
        private final Path jar;
        private final Path dataDir;
        private final Path logs;
        private Process process;
        private int runs;

        ChildApplication(Path jar, Path dataDir, Path logs) {
            this.jar = jar;
            this.dataDir = dataDir;
            this.logs = logs;
        }

        void start() throws Exception {
            runs++;
            var command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--sun-misc-unsafe-memory-access=allow", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=" + httpPort,
                    "--lending.data-dir=" + dataDir,
                    "--lending.embedded.zeebe.port=" + zeebePort,
                    "--camunda.client.grpc-address=http://127.0.0.1:" + zeebePort,
                    "--lending.embedded.postgres.port=" + postgresPort,
                    "--lending.embedded.s3.port=" + s3Port,
                    "--lending.storage.endpoint=http://127.0.0.1:" + s3Port,
                    "--lending.embedded.mqtt.port=" + mqttPort,
                    "--lending.mqtt.url=tcp://127.0.0.1:" + mqttPort,
                    "--lending.keycloak.url=" + KeycloakLoanJourneyIT.KEYCLOAK,
                    "--lending.collateral.seed-demo-devices=false",
                    // one borrower submits every application: more than the default burst of 10
                    "--lending.rate-limits.applications.capacity=" + (2 * LOANS),
                    "--lending.rate-limits.applications.refill-period=PT1H",
                    "--lending.loans.start-retry-interval=PT1S",
                    "--lending.processes.resume-retry-interval=PT1S");
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("run-" + runs + ".log").toFile());
            builder.environment().put("LENDING_INGESTION_PLATFORMSECRETS_GENERIC", PLATFORM_SECRET);
            process = builder.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
            while (true) {
                assertThat(process.isAlive()).as("run %d of the application ended early, see %s", runs, logs).isTrue();
                try {
                    if (call("GET", "/actuator/health/readiness", null, null, Map.of()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                assertThat(Instant.now()).as("run %d ready, see %s", runs, logs).isBefore(deadline);
                Thread.sleep(500);
            }
        }

        /** SIGKILL: no shutdown hook, no bean is closed, nothing is flushed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        String log(int run) throws IOException {
            return Files.readString(logs.resolve("run-" + run + ".log"));
        }

        HttpResponse<String> call(String method, String path, String token, String body, Map<String, String> headers)
                throws IOException, InterruptedException {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            headers.forEach(builder::header);
            return KeycloakLoanJourneyIT.HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
