package io.bankofthings.lending.crosscheck;

import io.bankofthings.lending.storage.StoredReadingsListener;
import io.bankofthings.lending.storage.TelemetryReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cross-checks every stored batch (MQTT and webhooks alike): keeps the recent readings of the GPS trackers and RFID
 * gates of live collateral, and judges each gate sighting against each tracker of the same item with
 * {@link CrossCheckRule} as soon as the evidence is complete; sightings still waiting are judged by the
 * {@link #sweep() sweep} once their window has settled. Disagreements are counted in
 * {@code lending.ingestion.crosscheck.disagreements}, each once however often its batch arrives.
 *
 * <p>A gate sighting is a reading of a device bound to the item as {@code RFID_GATE} carrying the boolean metric
 * {@value #TAG_SEEN} {@code true}; a tracker reading is any reading of a device bound as {@code GPS_TRACKER}, its
 * position's accuracy in metres in the optional metric {@value #ACCURACY}.
 */
@Service
public class CrossCheckService implements StoredReadingsListener {

    /** Extra metric of an RFID gate reading: true when the gate saw the tag of the collateral item it is bound to. */
    public static final String TAG_SEEN = "tagSeen";

    /** Extra metric of a GPS tracker reading: the horizontal accuracy of its position in metres. */
    public static final String ACCURACY = "accuracyM";

    /** Most waiting sightings one sweep judges. */
    static final int SWEEP_BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(CrossCheckService.class);

    private final CollateralSources sources;
    private final CrossCheckMarks marks;
    private final CrossCheckSettings settings;
    private final CrossCheckRule rule;
    private final Clock clock;
    private final Counter disagreements;
    private final TransactionTemplate transactions;
    private volatile @Nullable KnownDevices devices;

    /** The ids of the devices of cross-checked collateral, as loaded at {@code loadedAt}. */
    private record KnownDevices(Set<String> ids, Instant loadedAt) {}

    /** Counts in the application's registry, or in a private one without Micrometer set up. */
    @Autowired
    public CrossCheckService(CollateralSources sources, CrossCheckMarks marks, CrossCheckSettings settings, Clock clock,
            PlatformTransactionManager transactions, ObjectProvider<MeterRegistry> registries) {
        this(sources, marks, settings, clock, transactions, registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Counts in {@code registry}. */
    public CrossCheckService(CollateralSources sources, CrossCheckMarks marks, CrossCheckSettings settings, Clock clock,
            PlatformTransactionManager transactions, MeterRegistry registry) {
        this.sources = sources;
        this.transactions = new TransactionTemplate(transactions);
        this.marks = marks;
        this.settings = settings;
        this.rule = new CrossCheckRule(settings);
        this.clock = clock;
        this.disagreements = Counter.builder("lending.ingestion.crosscheck.disagreements")
                .description("Gate sightings whose GPS tracker reported a position too far away at about the same time")
                .register(registry);
    }

    /** The devices of cross-checked collateral, reloaded when older than the device refresh interval. */
    private Set<String> crossCheckedDevices(Instant now) {
        var known = devices;
        if (known == null || !now.isBefore(known.loadedAt().plus(settings.deviceRefresh()))) {
            known = new KnownDevices(sources.crossCheckedDevices(), now);
            devices = known;
        }
        return known.ids();
    }

    /** Returns the number of disagreements marked since start. */
    public long disagreementCount() {
        return (long) disagreements.count();
    }

    @Override
    public void readingsStored(List<TelemetryReading> readings) {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.instant();
        Set<String> candidates = crossCheckedDevices(now);
        Set<String> deviceIds = readings.stream()
                .map(TelemetryReading::deviceId)
                .filter(candidates::contains)
                .collect(Collectors.toSet());
        if (deviceIds.isEmpty()) {
            return;
        }
        Map<String, List<CheckedCollateral>> byDevice = sources.byDevice(deviceIds);
        if (byDevice.isEmpty()) {
            return;
        }
        Instant oldest = now.minus(settings.retention());
        var rows = new ArrayList<CrossCheckMarks.SourceReading>();
        var touched = new LinkedHashMap<String, CheckedCollateral>();
        for (var reading : readings) {
            var items = byDevice.getOrDefault(reading.deviceId(), List.of());
            if (items.isEmpty() || reading.timestamp().isBefore(oldest)) {
                continue;
            }
            var row = sourceReading(reading, items.getFirst());
            if (row != null) {
                rows.add(row);
                items.forEach(item -> touched.putIfAbsent(item.collateralId(), item));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            marks.record(rows);
            var byGate = new LinkedHashMap<String, List<CheckedCollateral>>();
            touched.values().forEach(item -> item.gates().keySet()
                    .forEach(gate -> byGate.computeIfAbsent(gate, g -> new ArrayList<>()).add(item)));
            judgeAll(marks.unsettledSightings(byGate.keySet(), oldest), byGate, now);
        });
    }

    /**
     * Judges the sightings whose window ended at least the settle delay ago and that still wait for a verdict (the
     * tracker sent nothing since), then forgets the readings older than the retention.
     */
    @Scheduled(fixedDelayString = "${lending.ingestion.crosscheck.sweep-interval:PT30S}",
            initialDelayString = "${lending.ingestion.crosscheck.sweep-interval:PT30S}")
    public void sweep() {
        if (!settings.enabled()) {
            return;
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(settings.retention());
        var due = marks.dueSightings(oldest, now.minus(settings.window()).minus(settings.settleDelay()), SWEEP_BATCH);
        if (!due.isEmpty()) {
            var gates = due.stream().map(CrossCheckRule.Sighting::gateId).collect(Collectors.toCollection(LinkedHashSet::new));
            var byGate = sources.byDevice(gates);
            transactions.executeWithoutResult(status -> judgeAll(due, byGate, now));
        }
        int pruned = marks.prune(oldest);
        if (pruned > 0) {
            LOG.debug("Cross-check forgot {} readings taken before {}", pruned, oldest);
        }
    }

    /** Judges each sighting against each tracker of its gate's items, reading each tracker's fixes once. */
    private void judgeAll(List<CrossCheckRule.Sighting> sightings, Map<String, List<CheckedCollateral>> byGate,
            Instant now) {
        if (sightings.isEmpty()) {
            return;
        }
        Instant earliest = sightings.stream().map(CrossCheckRule.Sighting::at).min(Instant::compareTo).orElseThrow();
        var fixes = new LinkedHashMap<String, List<CrossCheckRule.Fix>>();
        var settled = new ArrayList<CrossCheckRule.Sighting>();
        for (var sighting : sightings) {
            boolean complete = true;
            for (var item : byGate.getOrDefault(sighting.gateId(), List.of())) {
                for (String tracker : item.trackers()) {
                    var known = fixes.computeIfAbsent(tracker,
                            t -> marks.fixes(t, earliest.minus(settings.onlineWindow())));
                    var verdict = rule.judge(sighting, known, now);
                    if (verdict.isEmpty()) {
                        complete = false;
                    } else if (marks.mark(item, sighting, tracker, verdict.get())
                            && verdict.get().outcome() == CrossCheckOutcome.DISAGREE) {
                        disagreed(item, sighting, tracker, verdict.get());
                    }
                }
            }
            if (complete) {
                // a gate no longer bound to live collateral has nothing left to compare with: settled as well
                settled.add(sighting);
            }
        }
        marks.settle(settled, now);
    }

    private void disagreed(CheckedCollateral item, CrossCheckRule.Sighting sighting, String tracker,
            CrossCheckRule.Verdict verdict) {
        disagreements.increment();
        var fix = verdict.fix();
        LOG.warn("Cross-check of collateral {}: gate {} (seq {}) and tracker {} (seq {}) are {} m apart, more than {} m",
                item.collateralId(), sighting.gateId(), sighting.sequence(), tracker, fix == null ? null : fix.sequence(),
                verdict.distanceMeters() == null ? null : Math.round(verdict.distanceMeters()),
                Math.round(verdict.toleranceMeters()));
    }

    private static CrossCheckMarks.@Nullable SourceReading sourceReading(TelemetryReading reading, CheckedCollateral item) {
        String deviceId = reading.deviceId();
        if (item.isTracker(deviceId)) {
            Double accuracy = reading.metrics().extra().get(ACCURACY);
            return new CrossCheckMarks.SourceReading(deviceId, reading.sequence(), reading.timestamp(),
                    CrossCheckMarks.POSITION, reading.latitude(), reading.longitude(),
                    accuracy == null || !(accuracy >= 0) || accuracy.isInfinite() ? null : accuracy);
        }
        var gate = item.gates().get(deviceId);
        Double seen = reading.metrics().extra().get(TAG_SEEN);
        if (gate == null || seen == null || seen != 1.0) {
            return null;
        }
        return new CrossCheckMarks.SourceReading(deviceId, reading.sequence(), reading.timestamp(),
                CrossCheckMarks.SIGHTING, gate.latitude(), gate.longitude(), null);
    }
}
