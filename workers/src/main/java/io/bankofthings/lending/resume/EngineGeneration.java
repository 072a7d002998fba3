package io.bankofthings.lending.resume;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Names the engine the process instances of this run live in, stored with each instance key (column
 * {@code process_generation} of loans, grants and alerts): every run of the in-process, in-memory engine is a
 * generation of its own ({@code embedded:<uuid>}), since it forgets every instance when the application stops and
 * starts its keys again; a broker or cluster keeps its instances and is one generation ({@value #BROKER}). An open
 * case recorded under another generation has lost its instance.
 */
@Component
public class EngineGeneration {

    public static final String BROKER = "broker";
    static final String EMBEDDED_PREFIX = "embedded:";

    /**
     * The SQL condition, on a table's {@code process_generation} column, of an instance lost with its engine (see
     * {@link #lost}); its parameters are {@link #lostParams()}.
     */
    public static final String LOST_CONDITION = """
            process_generation is distinct from :currentGeneration
            and (:currentEmbedded or process_generation like 'embedded:%')""";

    private final String current;

    @Autowired
    EngineGeneration(ObjectProvider<ZeebeTestEngine> embeddedEngine) {
        this(embeddedEngine.getIfAvailable() != null ? newEmbedded() : BROKER);
    }

    public EngineGeneration(String current) {
        this.current = current;
    }

    /** A fresh generation of the in-memory engine. */
    public static String newEmbedded() {
        return EMBEDDED_PREFIX + UUID.randomUUID();
    }

    static boolean isEmbedded(String generation) {
        return generation != null && generation.startsWith(EMBEDDED_PREFIX);
    }

    public String current() {
        return current;
    }

    /**
     * Whether an instance recorded under {@code recorded} is gone: with an in-memory engine, one of any other
     * generation (null included: recorded before generations were); against a broker, one an in-memory engine ran.
     */
    public boolean lost(String recorded) {
        if (current.equals(recorded)) {
            return false;
        }
        return isEmbedded(current) || isEmbedded(recorded);
    }

    /** The parameters of {@link #LOST_CONDITION} for this generation. */
    public Map<String, Object> lostParams() {
        return Map.of("currentGeneration", current, "currentEmbedded", isEmbedded(current));
    }

    @Override
    public String toString() {
        return current;
    }
}
